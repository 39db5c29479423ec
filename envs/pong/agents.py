"""Pong's reference agent: the tracking paddle (VS-Bench's opponent is Atari's built-in paddle,
which follows the ball). It reads only its own observation.

While the ball comes toward its goal, it keeps the paddle's centre on the ball's height; while
the ball goes away, it returns to the middle of the court. ``tolerance`` units of slack keep it
from jittering around the target.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from parlour.agents.base import SyncAgent

from .engine import Move
from .env import FEATURE
from .rules import PongRules


class TrackingAgent(SyncAgent):
    name = "tracking"

    def __init__(self, rules: PongRules, tolerance: int = 1):
        self.rules = rules
        self.tolerance = tolerance

    def act_sync(self, observation: Any, info: dict) -> int:
        if not np.asarray(observation["action_mask"]).any():
            raise ValueError(f"seat {getattr(self, 'seat', '?')}: the action mask has no legal action")
        x = np.asarray(observation["observation"])
        r = self.rules
        centre = x[FEATURE["own paddle"]] * (r.height - r.paddle_height) + (r.paddle_height - 1) / 2
        if x[FEATURE["ball approach"]] > 0:
            target = x[FEATURE["ball height"]] * (r.height - 1)
        else:
            target = (r.height - 1) / 2
        if centre > target + self.tolerance:
            return int(Move.UP)
        if centre < target - self.tolerance:
            return int(Move.DOWN)
        return int(Move.STAY)
