"""The Breakthrough rules engine: pure Python, no chance, no PettingZoo.

The rules (OpenSpiel's ``breakthrough``, VS-Bench's): two players on an 8x8 board, Black (player 0)
on the two top rows (8 and 7), White (player 1) on the two bottom rows (1 and 2); Black moves
first, down the board, White up. A piece moves one square straight or diagonally forward into an
empty square, or captures an opposing piece one square diagonally forward (never straight). A
player wins by moving a piece onto the far row, or by capturing every opposing piece. There are
no draws: the most advanced piece of a side always has a square diagonally ahead that is empty
or holds an opposing piece.

Squares are indexed row-major from the top-left: ``cell = row * columns + column``, row 0 is
Black's back row (label 8 on the standard board), column 0 is ``a``. Action ids are OpenSpiel's:
``((cell * 6 + direction) * 2 + capture)``, directions 0..2 Black's (down-left, down,
down-right) and 3..5 White's (up-left, up, up-right), ``capture`` 1 when the move takes a
piece. The legal ids come out in increasing order, as OpenSpiel lists them.

A game is its rules and its action history; :meth:`BreakthroughEngine.state_key` is both, in
the position they lead to. No chance: the seed is kept for records only.
"""

from __future__ import annotations

from enum import IntEnum
from typing import NamedTuple

import numpy as np

from .rules import BreakthroughRules

NUM_PLAYERS = 2
NUM_DIRECTIONS = 6
BLACK, WHITE = 0, 1
COLOURS = ("Black", "White")
OFF_BOARD = -1  # the target of a step off the edge
EMPTY = -1  # a square with no piece; a piece is its owner's seat (BLACK or WHITE)
ROW_STEP = (1, 1, 1, -1, -1, -1)  # per direction: Black moves down the rows, White up
COL_STEP = (-1, 0, 1, -1, 0, 1)


class Phase(IntEnum):
    MOVE = 0
    GAME_OVER = 1


class Move(NamedTuple):
    """What an action id means on a board of ``columns`` columns."""

    source: int  # cell
    target: int  # cell, or OFF_BOARD for an id whose step leaves the board (never legal)
    direction: int  # 0..5
    capture: bool


def decode(action: int, rows: int, columns: int) -> Move:
    """The move an action id stands for (the id's own fields; legality is not checked)."""
    cell, rest = divmod(action, NUM_DIRECTIONS * 2)
    direction, capture = divmod(rest, 2)
    r, c = divmod(cell, columns)
    r2, c2 = r + ROW_STEP[direction], c + COL_STEP[direction]
    target = r2 * columns + c2 if 0 <= r2 < rows and 0 <= c2 < columns else OFF_BOARD
    return Move(cell, target, direction, bool(capture))


def encode(source: int, direction: int, capture: bool) -> int:
    return (source * NUM_DIRECTIONS + direction) * 2 + int(capture)


def square_name(cell: int, rules: BreakthroughRules) -> str:
    """'a8' for cell 0 of the standard board: column letter, then row number counted from White's side."""
    r, c = divmod(cell, rules.columns)
    return f"{'abcdefgh'[c]}{rules.rows - r}"


def move_name(action: int, rules: BreakthroughRules) -> str:
    """OpenSpiel's text for an action: 'a7a6', with '*' after a capture ('b2c3*')."""
    m = decode(action, rules.rows, rules.columns)
    if m.target == OFF_BOARD:
        return f"{square_name(m.source, rules)} off the board"
    return square_name(m.source, rules) + square_name(m.target, rules) + ("*" if m.capture else "")


def _neighbours(rules: BreakthroughRules) -> tuple[tuple[tuple[tuple[int, int, bool], ...], ...], ...]:
    """Per seat, per cell: (target cell, action id without capture, diagonal?) of each forward step on the board."""
    out = []
    for seat in (BLACK, WHITE):
        per_cell = []
        for cell in range(rules.num_cells):
            r, c = divmod(cell, rules.columns)
            steps = []
            for o in range(3):
                d = 3 * seat + o
                r2, c2 = r + ROW_STEP[d], c + COL_STEP[d]
                if 0 <= r2 < rules.rows and 0 <= c2 < rules.columns:
                    steps.append((r2 * rules.columns + c2, encode(cell, d, False), o != 1))
            per_cell.append(tuple(steps))
        out.append(tuple(per_cell))
    return tuple(out)


_NEIGHBOURS: dict[tuple[int, int], tuple] = {}


class BreakthroughError(Exception):
    """Base class of the errors a caller causes by stepping the engine wrongly."""


class GameOverError(BreakthroughError):
    pass


class WrongTurnError(BreakthroughError):
    pass


class IllegalActionError(BreakthroughError):
    """An action id of the action space that the rules forbid now (an env may penalise it)."""


class ActionOutOfRangeError(BreakthroughError, IndexError):
    """An int that is no action id at all: a bug in the caller, never penalised."""


class ActionTypeError(BreakthroughError, TypeError):
    """Not an int at all."""


class BreakthroughEngine:
    n = NUM_PLAYERS
    truncated = False  # every game ends: each move takes a piece one row forward

    def __init__(self, rules: BreakthroughRules | None = None, seed: int | None = None):
        self.rules = rules if rules is not None else BreakthroughRules()
        key = (self.rules.rows, self.rules.columns)
        if key not in _NEIGHBOURS:
            _NEIGHBOURS[key] = _neighbours(self.rules)
        self._steps = _NEIGHBOURS[key]
        self.num_actions = self.rules.num_cells * NUM_DIRECTIONS * 2
        self.reset(seed)

    def reset(self, seed: int | None = None) -> None:
        """The starting position: Black on the top rows, White on the bottom rows, Black to move."""
        rules = self.rules
        self.seed = seed
        k = rules.start_rows * rules.columns
        self.board: list[int] = [BLACK] * k + [EMPTY] * (rules.num_cells - 2 * k) + [WHITE] * k
        self.pieces = [k, k]
        self.current = BLACK
        self.winner = -1
        self.done = False  # a winner is known
        self.history: list[tuple[int, int]] = []
        self._legal: list[int] | None = None  # the mover's legal ids, listed once per position

    @classmethod
    def from_position(cls, rules: BreakthroughRules, board: list[int], to_move: int) -> BreakthroughEngine:
        """An engine at a given position (search agents rebuild one from an observation); its
        history is empty, so it is for looking ahead, not for records."""
        engine = cls(rules)
        if len(board) != rules.num_cells or any(p not in (EMPTY, BLACK, WHITE) for p in board):
            raise BreakthroughError(f"a board of {rules.num_cells} squares of -1 (empty), 0 (Black) or 1 (White) "
                                    f"is needed, not {board!r}")
        engine.board = list(board)
        engine.pieces = [engine.board.count(BLACK), engine.board.count(WHITE)]
        engine.current = to_move
        engine._legal = None
        far = (rules.rows - 1) * rules.columns
        if BLACK in engine.board[far:] or engine.pieces[WHITE] == 0:
            engine.winner = BLACK
        elif WHITE in engine.board[:rules.columns] or engine.pieces[BLACK] == 0:
            engine.winner = WHITE
        engine.done = engine.winner >= 0
        return engine

    # ------------------------------------------------------------------ queries
    @property
    def round(self) -> int:
        """The move number: 0 for Black's and White's first moves, 1 for their second, ..."""
        return len(self.history) // 2

    @property
    def phase(self) -> Phase:
        return Phase.GAME_OVER if self.done else Phase.MOVE

    @property
    def phase_name(self) -> str:
        return self.phase.name

    def to_move(self) -> list[int]:
        return [] if self.done else [self.current]

    def legal_actions(self, seat: int) -> list[int]:
        """Legal action ids of ``seat`` in increasing order; [] when it is not to move."""
        if self.done or seat != self.current:
            return []
        if self._legal is None:
            self._legal = self._generate(seat)
        return self._legal[:]  # a copy: callers may change theirs

    def _generate(self, seat: int) -> list[int]:
        board, other, out = self.board, 1 - seat, []
        for cell, steps in enumerate(self._steps[seat]):
            if board[cell] == seat:
                for target, action, diagonal in steps:
                    there = board[target]
                    if there == EMPTY:
                        out.append(action)
                    elif diagonal and there == other:
                        out.append(action + 1)
        return out

    def default_action(self, seat: int) -> int:
        """The fallback move: the first legal one (a forward step of the first piece that can move)."""
        return self.legal_actions(seat)[0]

    def returns(self) -> list[float]:
        """+1 to the winner, -1 to the loser; zeros until the game ends."""
        if not self.done:
            return [0.0, 0.0]
        return [1.0, -1.0] if self.winner == BLACK else [-1.0, 1.0]

    def winners(self) -> list[int]:
        return [self.winner] if self.done else []

    def details(self) -> dict:
        """The outcome beyond returns: the moves in OpenSpiel's notation, pieces left, how it ended."""
        far = (self.rules.rows - 1) * self.rules.columns
        reached = self.done and (BLACK in self.board[far:] or WHITE in self.board[:self.rules.columns])
        return {"moves": [move_name(a, self.rules) for _, a in self.history], "pieces": self.pieces[:],
                "winner": self.winner, "ended_by": ("far row" if reached else "captures") if self.done else None}

    def state_key(self) -> tuple:
        return (self.rules.rows, self.rules.columns, self.current, self.winner, tuple(self.board), tuple(self.history))

    def state_parts(self) -> tuple[bytes, tuple[int, ...]]:
        """The position for a record's hash chain: sizes, mover, winner, moves so far, then the squares."""
        rules = self.rules
        return b"", (rules.rows, rules.columns, self.current, self.winner, len(self.history), *self.board)

    def clone(self) -> BreakthroughEngine:
        other = object.__new__(BreakthroughEngine)
        other.__dict__.update(self.__dict__)
        other.board = self.board[:]
        other.pieces = self.pieces[:]
        other.history = self.history[:]
        return other

    def __copy__(self) -> BreakthroughEngine:
        return self.clone()  # a shallow copy would share the board with this engine

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        del state["_steps"]  # a table rebuilt from the rules
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        key = (self.rules.rows, self.rules.columns)
        if key not in _NEIGHBOURS:
            _NEIGHBOURS[key] = _neighbours(self.rules)
        self._steps = _NEIGHBOURS[key]

    # ------------------------------------------------------------------ actions
    def check(self, seat: int, action) -> int:
        """``action`` as an int if ``seat`` may play it now; otherwise a clear error."""
        if self.done:
            raise GameOverError(f"seat {seat}: the game is over ({COLOURS[self.winner]} won); call reset() to play again")
        if isinstance(action, (bool, np.bool_)) or not isinstance(action, (int, np.integer)):
            raise ActionTypeError(f"seat {seat}: an action must be an int id, not {type(action).__name__} {action!r}")
        action = int(action)
        if seat != self.current:
            raise WrongTurnError(f"seat {seat} may not act now (action {action}): seat {self.current} "
                                 f"({COLOURS[self.current]}) is to move")
        if not 0 <= action < self.num_actions:
            raise ActionOutOfRangeError(f"seat {seat}: action {action} is out of range 0..{self.num_actions - 1}")
        legal = self.legal_actions(seat)
        if action not in legal:
            raise IllegalActionError(f"seat {seat} ({COLOURS[seat]}): action {action} "
                                     f"({move_name(action, self.rules)}) is not legal now; "
                                     f"legal: {', '.join(f'{a} ({move_name(a, self.rules)})' for a in legal)}")
        return action

    def step(self, seat: int, action) -> None:
        """Validate, then apply one move."""
        self.apply(seat, self.check(seat, action))

    def apply(self, seat: int, action: int) -> None:
        """Apply a move already known to be legal (the trusted fast path search agents use)."""
        columns = self.rules.columns
        cell, rest = divmod(action, NUM_DIRECTIONS * 2)
        direction = rest >> 1
        target = cell + ROW_STEP[direction] * columns + COL_STEP[direction]
        board = self.board
        if board[target] != EMPTY:
            self.pieces[board[target]] -= 1
        board[target] = seat
        board[cell] = EMPTY
        self.history.append((seat, action))
        self._legal = None
        row = target // columns
        if (seat == BLACK and row == self.rules.rows - 1) or (seat == WHITE and row == 0) or self.pieces[1 - seat] == 0:
            self.winner = seat
            self.done = True
        self.current = 1 - seat

    def random_playout(self, rng: np.random.Generator) -> int:
        """Play uniformly random legal moves to the end (MCTS's rollout) and return the winner.
        Changes this engine's position (not its history): call it on a clone.

        The hot loop of search: it keeps each side's squares in a list instead of scanning the
        board, so moves are listed in another order than :meth:`legal_actions`, still uniformly."""
        board, steps, columns = self.board, self._steps, self.rules.columns
        last_row = (self.rules.rows - 1, 0)
        squares = [[c for c, p in enumerate(board) if p == BLACK], [c for c, p in enumerate(board) if p == WHITE]]
        random, seat, winner = rng.random, self.current, self.winner
        while winner < 0:
            other = 1 - seat
            moves = []
            for cell in squares[seat]:
                for target, _, diagonal in steps[seat][cell]:
                    there = board[target]
                    if there == EMPTY or (diagonal and there == other):
                        moves.append((cell, target))
            cell, target = moves[int(random() * len(moves))]
            if board[target] == other:
                squares[other].remove(target)
                if not squares[other]:
                    winner = seat
            board[target], board[cell] = seat, EMPTY
            squares[seat][squares[seat].index(cell)] = target
            if target // columns == last_row[seat]:
                winner = seat
            seat = other
        self.winner, self.current, self._legal, self.done = winner, seat, None, True
        self.pieces = [len(squares[0]), len(squares[1])]
        return winner
