"""Pong's PettingZoo envs: a parallel env (both paddles move at once, as the game is played) and an
AEC env over the same engine and plumbing (``parlour.envs.simultaneous``).

A seat's observation is egocentric (:data:`FEATURES`): its own paddle first, the ball's distance
from its own goal line and its speed toward it, so one policy plays either side. Every move is
always legal: the mask is all ones for a seat to move, all zeros for a seat that has chosen (AEC)
and after the match.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
from gymnasium import spaces

from ..simultaneous import OneSpaceFeatures, SimultaneousAECEnv, SimultaneousParallelEnv, check_max_cycles
from .engine import NUM_ACTIONS, RIGHT, SIDES, PongEngine, PongError
from .render import board_image, board_text
from .rules import get_rules

AGENTS = ("player_0", "player_1")
# the observation vector, in order; all in [-1, 1]
FEATURES = (
    "own paddle",        # top of the own paddle: 0 at the top wall, 1 as low as it goes
    "other paddle",      # the same for the other paddle
    "ball distance",     # the ball's distance from the own goal line over the court's width
    "ball height",       # 0 at the top wall, 1 at the bottom wall
    "ball approach",     # +1 moving toward the own goal, -1 away
    "ball vertical",     # vertical speed over max_spin (down is positive)
    "own score",         # over points_to_win
    "other score",
    "steps left",        # over max_steps
)
FEATURE = {name: i for i, name in enumerate(FEATURES)}


class WrongAgentError(PongError):
    pass


class _PongEnvBase(OneSpaceFeatures):
    metadata: ClassVar[dict] = {"name": "pong_v0", "render_modes": ["ansi", "rgb_array"], "is_parallelizable": True}

    def _setup(self, rules, render_mode: str | None, max_cycles: int | None) -> None:
        self.max_cycles = check_max_cycles(max_cycles)
        if render_mode not in (None, *self.metadata["render_modes"]):
            raise ValueError(f"render_mode must be one of {self.metadata['render_modes']} or None, not {render_mode!r}")
        self.rules = get_rules(rules)
        self.render_mode = render_mode
        self.engine = PongEngine(self.rules)
        self.possible_agents = list(AGENTS)
        self.agent_name_mapping = {a: i for i, a in enumerate(AGENTS)}
        self._observation_space = spaces.Dict({
            "observation": spaces.Box(-1.0, 1.0, (len(FEATURES),), np.float32),
            "action_mask": spaces.Box(0, 1, (NUM_ACTIONS,), np.int8),
        })
        self._action_space = spaces.Discrete(NUM_ACTIONS)

    def _features(self, seat: int) -> np.ndarray:
        e, r = self.engine, self.rules
        x, y, vx, vy = e.ball
        span = r.height - r.paddle_height
        toward_own = vx > 0 if seat == RIGHT else vx < 0
        distance = (r.width - 1 - x) if seat == RIGHT else x
        return np.array([
            e.paddles[seat] / span, e.paddles[1 - seat] / span,
            min(max(distance / (r.width - 1), 0.0), 1.0), y / (r.height - 1),
            1.0 if toward_own else -1.0, vy / max(r.max_spin, 1),
            e.scores[seat] / r.points_to_win, e.scores[1 - seat] / r.points_to_win,
            e.steps_left / r.max_steps,
        ], np.float32)

    def state(self) -> np.ndarray:
        return self._features(RIGHT)

    def _end_info(self) -> dict[str, Any]:
        return {"returns": self.engine.returns(), "scores": list(self.engine.scores),
                "winner": SIDES[w[0]] if (w := self.engine.winners()) else None}

    def render(self):
        if self.render_mode == "ansi":
            e = self.engine
            return (board_text(e) + f"\nStep {e.t}/{e.rules.max_steps}. "
                    f"Score: right {e.scores[0]}, left {e.scores[1]}.")
        if self.render_mode == "rgb_array":
            return board_image(self.engine)
        return None

    def observe_image(self, agent: str) -> np.ndarray:
        """One seat's picture (a vision model's input): the court, its paddle outlined in gold."""
        return board_image(self.engine, self.agent_name_mapping[agent])


class PongAECEnv(_PongEnvBase, SimultaneousAECEnv):
    """Pong as an AEC env: player_0 (right) chooses, then player_1 (left), then both move."""

    wrong_agent_error = WrongAgentError


class PongParallelEnv(_PongEnvBase, SimultaneousParallelEnv):
    """Pong as a parallel env: both paddles' moves in one ``step``."""

    wrong_agent_error, game_over_error = WrongAgentError, PongError
