"""The PettingZoo AEC env over :class:`BreakthroughEngine`.

Seats are ``player_0`` (Black, first to move) and ``player_1`` (White). Breakthrough has full
information, so both seats' features show the whole board; they are OpenSpiel's observation
tensor (Black, White and empty planes, row-major from Black's back row) followed by the seat and
whether it is to move (:func:`observation_layout`). The winner gets +1 and the loser -1 when the
game ends.
"""

from __future__ import annotations

import copy
from typing import Any, ClassVar, NamedTuple

import numpy as np
from gymnasium import spaces
from pettingzoo import AECEnv

from ..aec import check_seed, reset_aec_state
from .engine import BLACK, EMPTY, WHITE, BreakthroughEngine, IllegalActionError
from .narrate import narrate
from .render import board_image, board_text
from .rules import BreakthroughRules, get_rules


class ObservationLayout(NamedTuple):
    """Named slices of the ``observation`` vector (every entry 0 or 1)."""

    black: slice      # a Black piece on the square, one entry per square (row-major from Black's back row)
    white: slice      # a White piece on the square
    empty: slice      # no piece
    seat: slice       # own seat one-hot: Black, White
    to_move: slice    # 1 when this seat is to move
    size: int


def observation_layout(rules: BreakthroughRules) -> ObservationLayout:
    n = rules.num_cells
    return ObservationLayout(slice(0, n), slice(n, 2 * n), slice(2 * n, 3 * n), slice(3 * n, 3 * n + 2),
                             slice(3 * n + 2, 3 * n + 3), 3 * n + 3)


def board_from_observation(x: np.ndarray, layout: ObservationLayout) -> list[int]:
    """The squares (EMPTY, BLACK or WHITE each) an observation shows."""
    black, white = x[layout.black] > 0.5, x[layout.white] > 0.5
    return [BLACK if b else WHITE if w else EMPTY for b, w in zip(black.tolist(), white.tolist())]


class raw_env(AECEnv):
    """Breakthrough as an AEC env; see ``parlour.envs.breakthrough_v0`` for the documentation."""

    metadata: ClassVar[dict] = {"name": "breakthrough_v0", "render_modes": ["ansi", "rgb_array"], "is_parallelizable": False}

    def __copy__(self):
        return copy.deepcopy(self)  # a shallow copy would step the same engine as this env

    def __init__(self, rules: BreakthroughRules | dict | str | None = None, illegal_action: str = "raise",
                 illegal_reward: float = -1.0, render_mode: str | None = None):
        super().__init__()
        if illegal_action not in ("raise", "penalty"):
            raise ValueError(f"illegal_action must be 'raise' or 'penalty', not {illegal_action!r}")
        if render_mode not in (None, *self.metadata["render_modes"]):
            raise ValueError(f"render_mode must be one of {self.metadata['render_modes']} or None, not {render_mode!r}")
        self.rules = get_rules(rules)
        self.illegal_action = illegal_action
        self.illegal_reward = float(illegal_reward)
        self.render_mode = render_mode
        self.engine = BreakthroughEngine(self.rules)
        self.observation_layout = observation_layout(self.rules)
        self.num_actions = self.engine.num_actions
        self.possible_agents = ["player_0", "player_1"]
        self.agent_name_mapping = {a: i for i, a in enumerate(self.possible_agents)}
        self._observation_space = spaces.Dict({
            "observation": spaces.Box(0.0, 1.0, (self.observation_layout.size,), np.float32),
            "action_mask": spaces.Box(0, 1, (self.num_actions,), np.int8),
        })
        self._action_space = spaces.Discrete(self.num_actions)
        self.illegal_moves: list[dict] = []

    def observation_space(self, agent):
        return self._observation_space

    def action_space(self, agent):
        return self._action_space

    # ------------------------------------------------------------------ features
    def _features(self, seat: int) -> np.ndarray:
        layout, board = self.observation_layout, np.asarray(self.engine.board)
        x = np.zeros(layout.size, np.float32)
        x[layout.black] = board == BLACK
        x[layout.white] = board == WHITE
        x[layout.empty] = board == EMPTY
        x[layout.seat.start + seat] = 1.0
        x[layout.to_move.start] = float(not self.engine.done and self.engine.current == seat)
        return x

    def _observe(self, seat: int) -> dict[str, np.ndarray]:
        mask = np.zeros(self.num_actions, np.int8)
        mask[self.engine.legal_actions(seat)] = 1
        return {"observation": self._features(seat), "action_mask": mask}

    def observe(self, agent):
        return self._observe(self.agent_name_mapping[agent])

    def state(self) -> np.ndarray:
        """The whole position (both seats see it all): the board planes and the mover."""
        x = self._features(self.engine.current)
        return x[: self.observation_layout.seat.start]

    # ------------------------------------------------------------------ AEC
    def reset(self, seed: int | None = None, options: dict[str, Any] | None = None):
        check_seed(seed)
        self.engine.reset(seed)
        self.illegal_moves = []
        reset_aec_state(self, self.possible_agents[self.engine.current])

    def step(self, action):
        agent = self.agent_selection
        if self.terminations[agent] or self.truncations[agent]:
            return self._was_dead_step(action)
        seat = self.agent_name_mapping[agent]
        engine = self.engine
        for a in self.rewards:
            self.rewards[a] = 0.0
        self._cumulative_rewards[agent] = 0.0
        try:
            action = engine.check(seat, action)
        except IllegalActionError as err:
            if self.illegal_action == "raise":
                raise
            self.illegal_moves.append({"seat": seat, "action": repr(action), "error": str(err)})
            self.rewards[agent] = self.illegal_reward
            action = engine.default_action(seat)
        engine.apply(seat, action)
        if engine.done:
            for a, r in zip(self.possible_agents, engine.returns()):
                self.rewards[a] += r
            self.terminations = dict.fromkeys(self.agents, True)
        else:
            self.agent_selection = self.possible_agents[engine.current]
        self._accumulate_rewards()

    # ------------------------------------------------------------------ pictures
    def render(self):
        if self.render_mode == "ansi":
            story = [text for _, text in narrate(self.engine)[-2:]]
            return board_text(self.engine) + ("\n" + "\n".join(story) if story else "")
        if self.render_mode == "rgb_array":
            return board_image(self.engine)
        return None

    def observe_image(self, agent: str) -> np.ndarray:
        """One seat's picture of the board (a vision model's input): the whole board, as every
        seat sees it in a game of full information."""
        if agent not in self.agent_name_mapping:
            raise KeyError(f"unknown agent {agent!r}; agents: {self.possible_agents}")
        return board_image(self.engine)

    def close(self):
        pass
