"""A scripted Knights-Archers-Zombies player that reads only its own observation (PettingZoo's
vector rows): it turns toward the zombie nearest to the bottom of the field; an archer shoots once
it faces it, a knight walks up to it and swings. With no zombie in sight it faces up and waits.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from parlour.agents.base import SyncAgent

from .engine import Action
from .rules import KazRules

AIM = math.radians(6)  # close enough to shoot (PettingZoo turns 10 degrees a step)
REACH = 0.09  # a knight's mace reaches about this far (in field widths)
ASPECT = 720 / 1280  # the observation's y is in field heights


class ScriptedDefender(SyncAgent):
    name = "defender"

    def __init__(self, rules: KazRules, archer: bool):
        self.rules = rules
        self.archer = archer

    def act_sync(self, observation: Any, info: dict) -> int:
        mask = np.asarray(observation["action_mask"])
        if not mask.any():
            raise ValueError(f"seat {getattr(self, 'seat', '?')}: the action mask has no legal action")
        if mask.sum() == 1:
            return int(np.flatnonzero(mask)[0])
        rows = np.asarray(observation["observation"], np.float64).reshape(-1, 5)
        heading = rows[0, 3:5]
        zombies = rows[-self.rules.max_zombies:]
        seen = zombies[zombies[:, 0] > 0]
        if len(seen) == 0:
            return self._turn_to(heading, np.array([0.0, -1.0])) or int(Action.NOTHING)
        target = seen[np.argmax(seen[:, 2])]  # the one furthest down (relative y)
        towards = np.array([target[1], target[2] * ASPECT])
        turn = self._turn_to(heading, towards)
        if turn is not None:
            return turn
        if self.archer or np.hypot(*towards) <= REACH:
            return int(Action.ATTACK)
        return int(Action.FORWARD)

    @staticmethod
    def _turn_to(heading: np.ndarray, towards: np.ndarray) -> int | None:
        """The turn that brings ``heading`` toward ``towards`` (screen coordinates), or None when aimed."""
        angle = math.atan2(heading[0] * towards[1] - heading[1] * towards[0], float(heading @ towards))
        if abs(angle) <= AIM:
            return None
        return int(Action.TURN_RIGHT) if angle > 0 else int(Action.TURN_LEFT)
