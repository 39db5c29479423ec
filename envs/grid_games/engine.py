"""The shared grid engine: two players move at once on a square grid; a game adds its objects and
what a joint move does to them (:meth:`GridEngine._resolve`).

Coordinates are VS-Bench's: a cell is ``(x, y)``, x to the right and y upward, ``(0, 0)`` the
bottom-left corner. The five moves keep VS-Bench's ids (0 STAY, 1 RIGHT, 2 LEFT, 3 UP, 4 DOWN),
so its offline data's action ids mean the same here; a move into the wall stays put.

Moves are simultaneous, but the engine steps by seat as the game contract asks: each step of the
game the engine waits for both seats (``to_move()`` lists the seats still to choose), keeps each
choice pending, and applies the joint move when the second arrives. The pending choice is part of
``state_parts()``, so a record's hash chain covers every decision line, and it is never shown to
the other seat.

Chance (the starting cells, respawns, the monster's tie-breaks) comes from one numpy Generator
seeded by the game seed and kept in the engine; ``state_parts()`` counts its draws. Engines clone
and pickle with the Generator's state, so a copy has the same future.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from enum import IntEnum
from typing import ClassVar, NamedTuple

import numpy as np

from ..simultaneous import NO_MOVE, SimultaneousMoves
from .rules import GridRules

NUM_PLAYERS = 2
RED, BLUE = 0, 1
COLOURS = ("red", "blue")


class Move(IntEnum):
    """VS-Bench's action ids."""

    STAY = 0
    RIGHT = 1
    LEFT = 2
    UP = 3
    DOWN = 4


NUM_ACTIONS = len(Move)
ALL_ACTIONS = [m.value for m in Move]
DELTAS = ((0, 0), (1, 0), (-1, 0), (0, 1), (0, -1))  # by Move

Cell = tuple[int, int]


class EventKind(IntEnum):
    """What a joint move did; every event is public (the games have full information)."""

    COIN_OWN = 0        # seat collected a coin of its own colour
    COIN_OTHER = 1      # seat collected the other player's coin
    APPLE = 2           # seat ate an apple
    MONSTER_ALONE = 3   # seat met the monster alone (and respawns)
    MONSTER_JOINT = 4   # both players defeated the monster together (seat = -1)
    BOTH_ON_RED = 5     # both players on the red block (seat = -1)
    BOTH_ON_BLUE = 6    # both players on the blue block (seat = -1)
    APART = 7           # each player on a different block (seat = -1)


BOTH = -1


class Event(NamedTuple):
    step: int   # 1-based: the joint move that caused it
    kind: EventKind
    seat: int   # the player it happened to, or BOTH
    cell: Cell  # where


class GridError(Exception):
    """Base class of the errors a caller causes by stepping the engine wrongly."""


class GameOverError(GridError):
    pass


class WrongTurnError(GridError):
    pass


class ActionOutOfRangeError(GridError, IndexError):
    """An int that is not a move id (0-4)."""


class ActionTypeError(GridError, TypeError):
    """Not an int at all."""


class GridEngine(SimultaneousMoves, ABC):
    """Positions, pending moves, scores, events and event counts; subclasses add the objects."""

    moves = Move
    game_over_error, wrong_turn_error = GameOverError, WrongTurnError
    out_of_range_error, type_error = ActionOutOfRangeError, ActionTypeError

    n = NUM_PLAYERS
    truncated = False  # a fixed-length game: the last step is its natural end, not a cut
    # the names of the objects (their cells are in ``objects``) and of the counters, per game
    object_names: ClassVar[tuple[str, ...]] = ()
    count_names: ClassVar[tuple[str, ...]] = ()

    def __init__(self, rules: GridRules | None = None, seed: int | None = None):
        self.rules = rules if rules is not None else self.default_rules()
        self.reset(seed)

    @classmethod
    @abstractmethod
    def default_rules(cls) -> GridRules:
        """The game's standard board (each game's engine names its rules model)."""

    # ------------------------------------------------------------------ chance
    def reset(self, seed: int | None = None) -> None:
        """A new episode: players and objects on distinct cells drawn from a Generator seeded by ``seed``."""
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        self.draws = 0
        size = self.rules.grid_size
        cells = self.rng.choice(size * size, size=NUM_PLAYERS + len(self.object_names), replace=False)
        self.draws += 1
        placed = [(int(c) % size, int(c) // size) for c in cells]
        self.players: list[Cell] = placed[:NUM_PLAYERS]
        self.objects: list[Cell] = placed[NUM_PLAYERS:]
        self.start = (tuple(self.players), tuple(self.objects))
        self.t = 0  # joint moves applied
        self.pending = [NO_MOVE, NO_MOVE]
        self.scores = [0, 0]
        self.last_rewards = [0, 0]
        self.counts = [0] * len(self.count_names)
        self.events: list[Event] = []
        self.history: list[tuple[int, int]] = []
        self.done = False

    def _spawn(self, taken: list[Cell]) -> Cell:
        """A uniformly drawn cell that none of ``taken`` occupies (VS-Bench redraws until free)."""
        size = self.rules.grid_size
        free = [(x, y) for y in range(size) for x in range(size) if (x, y) not in taken]
        self.draws += 1
        return free[int(self.rng.integers(len(free)))]

    def _coin_flip(self) -> int:
        self.draws += 1
        return int(self.rng.integers(2))

    # ------------------------------------------------------------------ queries
    @property
    def round(self) -> int:
        """The step being played (1-based), or the last one after the game."""
        return min(self.t + 1, self.rules.max_steps)

    @property
    def phase_name(self) -> str:
        return "GAME_OVER" if self.done else "MOVE"

    @property
    def steps_left(self) -> int:
        return self.rules.max_steps - self.t

    def to_move(self) -> list[int]:
        return [] if self.done else [s for s in range(NUM_PLAYERS) if self.pending[s] == NO_MOVE]

    def legal_actions(self, seat: int) -> list[int]:
        return ALL_ACTIONS[:] if not self.done and 0 <= seat < NUM_PLAYERS and self.pending[seat] == NO_MOVE else []

    def default_action(self, seat: int) -> int:
        return Move.STAY.value

    def moved(self, cell: Cell, action: int) -> Cell:
        dx, dy = DELTAS[action]
        last = self.rules.grid_size - 1
        return min(max(cell[0] + dx, 0), last), min(max(cell[1] + dy, 0), last)

    def returns(self) -> list[float]:
        return [float(s) for s in self.scores]

    def winners(self) -> list[int]:
        """The seat with the higher score once the game is over (none on a tie)."""
        if not self.done or self.scores[0] == self.scores[1]:
            return []
        return [0 if self.scores[0] > self.scores[1] else 1]

    def count_dict(self) -> dict[str, int]:
        return dict(zip(self.count_names, self.counts))

    def details(self) -> dict:
        return {"scores": list(self.scores), "steps": self.t, **self.count_dict()}

    def state_parts(self) -> tuple[bytes, tuple[int, ...]]:
        """Everything that decides the rest of the game, as ints: the step, pending moves, the
        cells, scores, counters and how many draws the Generator has made (no text)."""
        cells = [v for cell in (*self.players, *self.objects) for v in cell]
        return b"", (self.t, *self.pending, *cells, *self.scores, *self.counts, self.draws)

    def clone(self) -> GridEngine:
        """An independent copy with the same future (its Generator in the same state)."""
        other = object.__new__(type(self))
        other.__dict__.update(self.__dict__)
        other.rng = np.random.Generator(type(self.rng.bit_generator)())
        other.rng.bit_generator.state = self.rng.bit_generator.state
        for name in ("players", "objects", "pending", "scores", "last_rewards", "counts", "events", "history"):
            setattr(other, name, getattr(self, name)[:])
        return other

    def __copy__(self) -> GridEngine:
        return self.clone()  # a shallow copy would share the positions and the Generator

    # ------------------------------------------------------------------ actions
    def step_joint(self, red: int, blue: int) -> None:
        """Both players' moves at once (the parallel env's path): move, score, respawn."""
        self.pending = [NO_MOVE, NO_MOVE]
        self.t += 1
        moved = [self.moved(self.players[0], red), self.moved(self.players[1], blue)]
        rewards = [0, 0]
        self._resolve(moved, rewards)
        self.scores[0] += rewards[0]
        self.scores[1] += rewards[1]
        self.last_rewards = rewards
        if self.t >= self.rules.max_steps:
            self.done = True

    @abstractmethod
    def _resolve(self, moved: list[Cell], rewards: list[int]) -> None:
        """The game's rules for one joint move: set ``self.players`` and ``self.objects``, add to
        ``rewards``, append events and count them."""

    def _event(self, kind: EventKind, seat: int, cell: Cell) -> None:
        self.events.append(Event(self.t, kind, seat, cell))
