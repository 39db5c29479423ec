"""Scripted MPE players that read only their own observation (mpe2's ``simple_tag`` vector:
own velocity, own position, the obstacles' and the other player's positions relative to it).

* the chaser (predator): pushes toward where the prey will be (its position plus a lead of its
  velocity, which the predator's observation carries);
* the evader (prey): pushes away from the predator, turning back inward near the edge (mpe2
  charges the prey for straying beyond 0.9).
"""

from __future__ import annotations

from abc import abstractmethod
from typing import Any

import numpy as np

from parlour.agents.base import SyncAgent

from .engine import Action
from .rules import MpeRules

PUSH = np.array([[0, 0], [-1, 0], [1, 0], [0, -1], [0, 1]], np.float64)  # by action id
LEAD = 0.3  # steps of the prey's velocity the chaser aims ahead
EDGE = 0.8  # beyond this the evader heads back inward


class _MpeAgent(SyncAgent):
    def __init__(self, rules: MpeRules):
        self.other = slice(4 + 2 * rules.num_obstacles, 6 + 2 * rules.num_obstacles)

    def act_sync(self, observation: Any, info: dict) -> int:
        if not np.asarray(observation["action_mask"]).any():
            raise ValueError(f"seat {getattr(self, 'seat', '?')}: the action mask has no legal action")
        return self.choose(np.asarray(observation["observation"], np.float64))

    @abstractmethod
    def choose(self, x: np.ndarray) -> int:
        """The move for observation features ``x`` (the chaser's or the evader's rule)."""


class ChaserAgent(_MpeAgent):
    name = "chaser"

    def choose(self, x: np.ndarray) -> int:
        target = x[self.other] + LEAD * x[self.other.stop:self.other.stop + 2] - 0.3 * x[0:2]
        return int(np.argmax(PUSH @ target)) if np.any(target) else int(Action.NOTHING)


class EvaderAgent(_MpeAgent):
    name = "evader"

    def choose(self, x: np.ndarray) -> int:
        away = -x[self.other]
        away = away / (np.linalg.norm(away) + 1e-9)
        pos = x[2:4]
        inward = np.where(np.abs(pos) > EDGE, -np.sign(pos), 0.0)
        return int(np.argmax(PUSH @ (away + 2 * inward)))
