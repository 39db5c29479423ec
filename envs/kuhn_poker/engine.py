"""The Kuhn Poker rules engine: pure Python, chance from a seeded numpy Generator, no PettingZoo.

The rules (OpenSpiel's ``kuhn_poker`` and VS-Bench's): three cards J < Q < K, two players, each
antes; one card each, the third unseen. Player 0 acts first. With no bet outstanding a player may
PASS (check) or BET; facing a bet, PASS folds and BET calls. Pass-pass and bet-call go to a
showdown, where the higher card takes the pot; after a fold the bettor takes it. So a game is
two or three actions: pp, bb, bp, pbp, pbb.

Chance is explicit: the deal is the only random event, drawn at :meth:`KuhnEngine.reset` from a
Generator seeded by the game seed (or given outright with ``cards=``, as OpenSpiel's chance
actions are), and the Generator is not kept, so the state is plain data that pickles and clones.
A game is its rules, its deal and its action history; :meth:`state_key` is all of them.
"""

from __future__ import annotations

from enum import IntEnum
from itertools import permutations
from typing import NamedTuple

import numpy as np

from .rules import KuhnRules

NUM_PLAYERS = 2
JACK, QUEEN, KING = 0, 1, 2
CARD_NAMES = ("Jack", "Queen", "King")
CARD_LETTERS = ("J", "Q", "K")
DEALS: tuple[tuple[int, int], ...] = tuple(permutations(range(3), 2))  # each has chance 1/6


class Move(IntEnum):
    """The two action ids: what they mean depends on whether a bet is outstanding."""

    PASS = 0  # check, or fold when facing a bet
    BET = 1   # bet, or call when facing a bet


NUM_ACTIONS = len(Move)
ALL_ACTIONS = [Move.PASS.value, Move.BET.value]


class Play(IntEnum):
    """What an action did, for events and narration."""

    CHECK = 0
    BET = 1
    FOLD = 2
    CALL = 3


class Phase(IntEnum):
    OPEN = 0         # no bet outstanding: check or bet
    FACING_BET = 1   # a bet is outstanding: fold or call
    GAME_OVER = 2


PUBLIC = -1


class EventKind(IntEnum):
    ANTE = 0       # seat=PUBLIC, value=the ante each player puts in (public)
    DEAL = 1       # seat receives card value (private to that seat)
    ACTION = 2     # seat plays value (a Play) (public)
    SHOWDOWN = 3   # seat shows card value (public; only when the hand reaches a showdown)
    RESULT = 4     # seat wins the pot, value=chips won (public)


class Event(NamedTuple):
    kind: EventKind
    seat: int
    value: int
    visible: int   # PUBLIC or the one seat that may see it


def visible_to(event: Event, seat: int | None) -> bool:
    """May ``seat`` see this event? ``None`` is the moderator, who sees everything."""
    return seat is None or event.visible == PUBLIC or event.visible == seat


class KuhnError(Exception):
    """Base class of the errors a caller causes by stepping the engine wrongly."""


class GameOverError(KuhnError):
    pass


class WrongTurnError(KuhnError):
    pass


class IllegalActionError(KuhnError):
    """An action id the rules forbid now. Kuhn has none: both ids are legal for the player to
    move, so an env's ``illegal_action="penalty"`` never fires; the class keeps the contract."""


class ActionOutOfRangeError(KuhnError, IndexError):
    """An int that is not an action id (only 0 and 1 exist): a bug in the caller, never penalised."""


class ActionTypeError(KuhnError, TypeError):
    """Not an int at all."""


class KuhnEngine:
    n = NUM_PLAYERS
    truncated = False  # a hand always ends within three actions
    round = 0          # one betting round; Werewolf counts days here

    def __init__(self, rules: KuhnRules | None = None, seed: int | None = None):
        self.rules = rules if rules is not None else KuhnRules()
        self.reset(seed)

    # ------------------------------------------------------------------ chance
    def reset(self, seed: int | None = None, cards: tuple[int, int] | None = None) -> None:
        """A new hand: ante, then the deal from a Generator seeded by ``seed``, or ``cards``."""
        self.seed = seed
        if cards is None:
            drawn = np.random.default_rng(seed).permutation(self.rules.num_cards)
            cards = (int(drawn[0]), int(drawn[1]))
        elif len(cards) != 2 or not all(0 <= c < 3 for c in cards) or cards[0] == cards[1]:
            raise KuhnError(f"cards must be two different cards out of 0, 1, 2 (J, Q, K), not {cards!r}")
        self.cards: tuple[int, int] = (int(cards[0]), int(cards[1]))
        self.history: list[tuple[int, int]] = []
        self.contributions = [self.rules.ante, self.rules.ante]
        self.done = False
        self.winner = -1
        self.showdown = False
        self._bettor = -1  # the seat whose bet is outstanding or was called
        ante = self.rules.ante
        self.events: list[Event] = [Event(EventKind.ANTE, PUBLIC, ante, PUBLIC)]
        self.events += [Event(EventKind.DEAL, s, c, s) for s, c in enumerate(self.cards)]

    # ------------------------------------------------------------------ queries
    @property
    def current(self) -> int:
        """The seat to act, or -1 when the game is over (players alternate from seat 0)."""
        return -1 if self.done else len(self.history) % 2

    def next_actor(self) -> int:
        return self.current

    def to_move(self) -> list[int]:
        return [] if self.done else [len(self.history) % 2]

    def legal_actions(self, seat: int) -> list[int]:
        return ALL_ACTIONS[:] if not self.done and seat == len(self.history) % 2 else []

    @property
    def phase(self) -> Phase:
        if self.done:
            return Phase.GAME_OVER
        return Phase.FACING_BET if self._bettor >= 0 else Phase.OPEN

    @property
    def phase_name(self) -> str:
        """The kind of the current decision: OPEN, FACING_BET or GAME_OVER."""
        return self.phase.name

    @property
    def pot(self) -> int:
        return self.contributions[0] + self.contributions[1]

    def default_action(self, seat: int) -> int:
        """The no-op: check, or fold when facing a bet."""
        return Move.PASS.value

    def returns(self) -> list[float]:
        """Chips won (+) or lost (-) by each seat; zeros until the game ends."""
        if not self.done:
            return [0.0, 0.0]
        w = self.winner
        out = [-float(self.contributions[0]), -float(self.contributions[1])]
        out[w] = float(self.contributions[1 - w])
        return out

    def winners(self) -> list[int]:
        return [self.winner] if self.done else []

    def details(self) -> dict:
        """The outcome beyond returns: the deal, the betting, and how the hand ended."""
        return {"cards": [CARD_LETTERS[c] for c in self.cards],
                "betting": "".join("pb"[a] for _, a in self.history),
                "pot": self.pot, "showdown": self.showdown, "winner": self.winner}

    def state_key(self) -> tuple:
        """Everything that decides the rest of the game, as ints and nested tuples (stable repr)."""
        return (self.rules.ante, self.rules.bet, self.cards, tuple(self.history))

    def state_parts(self) -> tuple[bytes, tuple[int, ...]]:
        """:meth:`state_key` for a record's hash chain: no text in Kuhn (empty bytes), then ints."""
        return b"", (self.rules.ante, self.rules.bet, *self.cards, len(self.history), *(a for _, a in self.history))

    def state_digest(self) -> int:
        """A 64-bit digest of :meth:`state_key`. Python's hash of a tuple of ints does not depend
        on PYTHONHASHSEED, so it is the same in every process (as Werewolf's)."""
        return hash(self.state_parts()[1]) & 0xFFFF_FFFF_FFFF_FFFF

    def state_hash(self) -> str:
        return format(self.state_digest(), "016x")

    def clone(self) -> KuhnEngine:
        """An independent copy with the same future (no chance is left after the deal)."""
        other = object.__new__(KuhnEngine)
        other.__dict__.update(self.__dict__)
        other.history = self.history[:]
        other.contributions = self.contributions[:]
        other.events = self.events[:]
        return other

    def __copy__(self) -> KuhnEngine:
        return self.clone()  # a shallow copy would share the history and the pot with this engine

    # ------------------------------------------------------------------ actions
    def check(self, seat: int, action) -> int:
        """Validate ``action`` for ``seat``; return it as an int or raise a clear error."""
        if self.done:
            raise GameOverError(f"seat {seat}: the game is over ({self.details()['betting']}); call reset() to play again")
        if isinstance(action, (bool, np.bool_)) or not isinstance(action, (int, np.integer)):
            raise ActionTypeError(f"seat {seat}: an action must be an int id (legal: {ALL_ACTIONS}), "
                                     f"not {type(action).__name__} {action!r}")
        mover = len(self.history) % 2
        if seat != mover:
            raise WrongTurnError(f"seat {seat} may not act now (action {int(action)}): seat {mover} is to move; "
                                 f"seat {seat} has no legal actions")
        if not 0 <= action < NUM_ACTIONS:
            raise ActionOutOfRangeError(f"seat {seat}: action {int(action)} is out of range; legal actions: "
                                        f"{ALL_ACTIONS} (0 = pass/check/fold, 1 = bet/call)")
        return int(action)

    def step(self, seat: int, action) -> None:
        """Validate, then apply one action."""
        self.apply(seat, self.check(seat, action))

    def apply(self, seat: int, action: int) -> None:
        """Apply an action already known to be legal (the trusted fast path)."""
        facing = self._bettor >= 0
        self.history.append((seat, action))
        if action:
            self.contributions[seat] += self.rules.bet
            play = Play.CALL if facing else Play.BET
            if not facing:
                self._bettor = seat
        else:
            play = Play.FOLD if facing else Play.CHECK
        self.events.append(Event(EventKind.ACTION, seat, play, PUBLIC))
        if play is Play.FOLD:
            self._finish(self._bettor, showdown=False)
        elif play is Play.CALL or (play is Play.CHECK and len(self.history) == 2):
            self._finish(0 if self.cards[0] > self.cards[1] else 1, showdown=True)

    def _finish(self, winner: int, showdown: bool) -> None:
        self.done = True
        self.winner = winner
        self.showdown = showdown
        if showdown:
            self.events += [Event(EventKind.SHOWDOWN, s, c, PUBLIC) for s, c in enumerate(self.cards)]
        self.events.append(Event(EventKind.RESULT, winner, self.contributions[1 - winner], PUBLIC))
