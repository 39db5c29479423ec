"""The Pong engine: two paddles, one ball, both players move at once.

Seat 0 plays the right paddle and seat 1 the left one (VS-Bench seats the model on the right, as
Atari's player). Coordinates are units of the court: x grows to the right, y downward, the ball a
point at integer ``(x, y)``; a paddle is ``paddle_height`` units tall from its top ``y``, its face
two units in front of its goal line. Everything is integer arithmetic, so a seed and the moves
replay a match exactly.

One step: both paddles move (UP/DOWN by ``paddle_speed``, clamped to the court; STAY keeps still),
then the ball moves by its velocity and bounces off the top and bottom walls. A ball that crosses a
paddle's face within the paddle's span is returned: its horizontal direction flips and its vertical
speed follows where it hit (the centre sends it straight, an edge off at ``max_spin``), as in
Atari Pong. A ball past a goal line scores a point for the other player (+1 to the scorer, -1 to
the other, as Atari's reward) and is served again from the centre toward the player who lost the
point, at a height and angle drawn from the game's Generator. The first to ``points_to_win`` wins;
after ``max_steps`` the match is cut (truncated) and the higher score wins, if any.

Moves are simultaneous, but the engine steps by seat as the game contract asks: ``pending`` keeps
the first seat's choice until the second arrives (``parlour.envs.simultaneous``).
"""

from __future__ import annotations

from enum import IntEnum
from typing import NamedTuple

import numpy as np

from ..simultaneous import NO_MOVE, SimultaneousMoves
from .rules import PongRules

NUM_PLAYERS = 2
RIGHT, LEFT = 0, 1
SIDES = ("right", "left")
FACE_OFFSET = 2  # a paddle's face is this many units in front of its goal line


class Move(IntEnum):
    """The three moves (Atari's action ids 0, 2 and 3: NOOP, UP, DOWN)."""

    STAY = 0
    UP = 1
    DOWN = 2


NUM_ACTIONS = len(Move)
ALL_ACTIONS = [m.value for m in Move]


class EventKind(IntEnum):
    SERVE = 0   # the ball is served toward ``seat``
    RETURN = 1  # ``seat`` returned the ball
    POINT = 2   # ``seat`` scored a point


class Event(NamedTuple):
    step: int  # the joint move that caused it (0: the first serve)
    kind: EventKind
    seat: int
    y: int     # the ball's height then


class Ball(NamedTuple):
    x: int
    y: int
    vx: int
    vy: int


class PongError(Exception):
    """Base class of the errors a caller causes by stepping the engine wrongly."""


class GameOverError(PongError):
    pass


class WrongTurnError(PongError):
    pass


class ActionOutOfRangeError(PongError, IndexError):
    pass


class ActionTypeError(PongError, TypeError):
    pass


class PongEngine(SimultaneousMoves):
    moves = Move
    episode_word = "match"
    game_over_error, wrong_turn_error = GameOverError, WrongTurnError
    out_of_range_error, type_error = ActionOutOfRangeError, ActionTypeError
    n = NUM_PLAYERS

    def __init__(self, rules: PongRules | None = None, seed: int | None = None):
        self.rules = rules if rules is not None else PongRules()
        self.reset(seed)

    # ------------------------------------------------------------------ set-up and chance
    def reset(self, seed: int | None = None) -> None:
        r = self.rules
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        self.draws = 0
        self.t = 0
        self.pending = [NO_MOVE, NO_MOVE]
        self.scores = [0, 0]
        self.last_rewards = [0, 0]
        self.paddles = [(r.height - r.paddle_height) // 2] * NUM_PLAYERS  # top of each paddle
        self.events: list[Event] = []
        self.history: list[tuple[int, int]] = []
        self.done = False
        self.truncated = False
        self.ball = Ball(0, 0, 0, 0)
        self.draws += 1
        self._serve(int(self.rng.integers(NUM_PLAYERS)))

    def _serve(self, toward: int) -> None:
        """The ball from the centre line toward seat ``toward``, at a drawn height and angle."""
        r = self.rules
        angles = [v for v in (-2, -1, 1, 2) if abs(v) <= r.max_spin] or [0]
        y = int(self.rng.integers(r.height // 4, r.height - r.height // 4))
        vy = angles[int(self.rng.integers(len(angles)))]
        self.draws += 2
        self.ball = Ball(r.width // 2, y, r.ball_speed if toward == RIGHT else -r.ball_speed, vy)
        self.events.append(Event(self.t, EventKind.SERVE, toward, y))

    # ------------------------------------------------------------------ queries
    @property
    def round(self) -> int:
        return min(self.t + 1, self.rules.max_steps)

    @property
    def phase_name(self) -> str:
        return "GAME_OVER" if self.done else "MOVE"

    @property
    def steps_left(self) -> int:
        return self.rules.max_steps - self.t

    def face_x(self, seat: int) -> int:
        return self.rules.width - 1 - FACE_OFFSET if seat == RIGHT else FACE_OFFSET

    def paddle_span(self, seat: int) -> tuple[int, int]:
        """The first and last y the seat's paddle covers."""
        top = self.paddles[seat]
        return top, top + self.rules.paddle_height - 1

    def to_move(self) -> list[int]:
        return [] if self.done else [s for s in range(NUM_PLAYERS) if self.pending[s] == NO_MOVE]

    def legal_actions(self, seat: int) -> list[int]:
        return ALL_ACTIONS[:] if not self.done and 0 <= seat < NUM_PLAYERS and self.pending[seat] == NO_MOVE else []

    def default_action(self, seat: int) -> int:
        return Move.STAY.value

    def returns(self) -> list[float]:
        """Atari's reward summed: own points minus the other's."""
        return [float(self.scores[0] - self.scores[1]), float(self.scores[1] - self.scores[0])]

    def winners(self) -> list[int]:
        if not self.done or self.scores[0] == self.scores[1]:
            return []
        return [RIGHT if self.scores[0] > self.scores[1] else LEFT]

    def details(self) -> dict:
        returned = [sum(1 for e in self.events if e.kind == EventKind.RETURN and e.seat == s) for s in range(2)]
        return {"scores": list(self.scores), "steps": self.t, "returns_hit": returned}

    def state_parts(self) -> tuple[bytes, tuple[int, ...]]:
        return b"", (self.t, *self.pending, *self.paddles, *self.ball, *self.scores, self.draws)

    def clone(self) -> PongEngine:
        other = object.__new__(type(self))
        other.__dict__.update(self.__dict__)
        other.rng = np.random.Generator(type(self.rng.bit_generator)())
        other.rng.bit_generator.state = self.rng.bit_generator.state
        for name in ("pending", "scores", "last_rewards", "paddles", "events", "history"):
            setattr(other, name, getattr(self, name)[:])
        return other

    def __copy__(self) -> PongEngine:
        return self.clone()

    # ------------------------------------------------------------------ actions
    def step_joint(self, right: int, left: int) -> None:
        r = self.rules
        self.pending = [NO_MOVE, NO_MOVE]
        self.t += 1
        for seat, move in ((RIGHT, right), (LEFT, left)):
            delta = -r.paddle_speed if move == Move.UP else r.paddle_speed if move == Move.DOWN else 0
            self.paddles[seat] = min(max(self.paddles[seat] + delta, 0), r.height - r.paddle_height)
        rewards = [0, 0]
        x, y, vx, vy = self.ball
        nx, ny = x + vx, y + vy
        if ny < 0:
            ny, vy = -ny, -vy
        elif ny > r.height - 1:
            ny, vy = 2 * (r.height - 1) - ny, -vy
        seat = RIGHT if vx > 0 else LEFT
        face = self.face_x(seat)
        crossed = x < face <= nx if seat == RIGHT else x > face >= nx
        top, bottom = self.paddle_span(seat)
        if crossed and top <= ny <= bottom:
            vy = _spin(ny - top, r.paddle_height, r.max_spin)
            nx, vx = (face - 1, -vx) if seat == RIGHT else (face + 1, -vx)
            self.events.append(Event(self.t, EventKind.RETURN, seat, ny))
        self.ball = Ball(nx, ny, vx, vy)
        if nx < 0 or nx >= r.width:
            scorer = RIGHT if nx < 0 else LEFT
            self.scores[scorer] += 1
            rewards[scorer], rewards[1 - scorer] = 1, -1
            self.events.append(Event(self.t, EventKind.POINT, scorer, ny))
            if self.scores[scorer] >= r.points_to_win:
                self.done = True
            else:
                self._serve(1 - scorer)
        self.last_rewards = rewards
        if not self.done and self.t >= r.max_steps:
            self.done = self.truncated = True


def _spin(offset: int, paddle_height: int, max_spin: int) -> int:
    """The ball's vertical speed after a hit ``offset`` units below the paddle's top: from
    ``-max_spin`` at the top edge through 0 at the centre to ``max_spin`` at the bottom edge
    (rounded half up, in integers)."""
    num = (2 * offset - (paddle_height - 1)) * max_spin
    den = paddle_height - 1
    return (2 * num + den) // (2 * den)
