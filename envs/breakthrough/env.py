"""The PettingZoo AEC env over :class:`BreakthroughEngine`.

Seats are ``player_0`` (Black, first to move) and ``player_1`` (White). Breakthrough has full
information, so both seats' features show the whole board; they are OpenSpiel's observation
tensor (Black, White and empty planes, row-major from Black's back row) followed by the seat and
whether it is to move (:func:`observation_layout`). The winner gets +1 and the loser -1 when the
game ends.
"""

from __future__ import annotations

from typing import ClassVar, NamedTuple

import numpy as np

from ..turn_based import TurnBasedEnv
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


class raw_env(TurnBasedEnv):
    """Breakthrough as an AEC env; see ``parlour.envs.breakthrough_v0`` for the documentation."""

    metadata: ClassVar[dict] = {"name": "breakthrough_v0", "render_modes": ["ansi", "rgb_array"], "is_parallelizable": False}
    illegal_action_error = IllegalActionError
    engine: BreakthroughEngine

    def __init__(self, rules: BreakthroughRules | dict | str | None = None, illegal_action: str = "raise",
                 illegal_reward: float = -1.0, render_mode: str | None = None):
        super().__init__(illegal_action, illegal_reward, render_mode)
        self.rules = get_rules(rules)
        self.engine = BreakthroughEngine(self.rules)
        self.observation_layout = observation_layout(self.rules)
        self.num_actions = self.engine.num_actions
        self._set_seats(2, self.observation_layout.size, self.num_actions)

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

    def state(self) -> np.ndarray:
        """The whole position (both seats see it all): the board planes and the mover."""
        x = self._features(self.engine.current)
        return x[: self.observation_layout.seat.start]

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
