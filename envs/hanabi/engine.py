"""The Hanabi rules engine: pure Python, chance from a seeded numpy Generator, no PettingZoo.

The rules are the Hanabi Learning Environment's (OpenSpiel's ``hanabi``, VS-Bench's): players
hold their hands facing away, so each sees every hand but its own. On a turn a player plays a
card (it extends its colour's firework if its rank is the next one; otherwise a life token is
lost and the card is discarded), discards one (regaining an information token; not allowed
while all information tokens are in), or spends an information token on a hint to another
player: every card of one colour, or of one rank, in that player's hand (at least one card).
Completing a firework (its 5) regains an information token. A played or discarded card is
replaced from the deck; the new card goes to the end of the hand and the others move up.

The game ends when the last life token is lost (score 0), when every firework is complete, or
when each player has had one more turn after the deck ran out. The score is the sum of the
fireworks (0 after the last life); every player shares it.

Action ids are the Hanabi Learning Environment's move ids: discard slot 0..H-1, play slot
0..H-1, then for each other player (1, 2, ... seats after the mover) a colour hint per colour,
then for each other player a rank hint per rank. Cards are ``colour * ranks + rank`` (0-based),
the ids of OpenSpiel's chance outcomes. Chance is explicit: the deck's order is drawn at
:meth:`HanabiEngine.reset` from a Generator seeded by the game seed (or given with ``deck=``),
and the Generator is not kept, so the state is plain data that pickles and clones.
"""

from __future__ import annotations

from enum import IntEnum
from typing import NamedTuple

import numpy as np

from .rules import COLOUR_LETTERS, HanabiRules

NOBODY = -1


class MoveKind(IntEnum):
    DISCARD = 0
    PLAY = 1
    HINT_COLOUR = 2
    HINT_RANK = 3


class Move(NamedTuple):
    """What an action id means for the rules it was decoded with."""

    kind: MoveKind
    slot: int    # the card's slot for a play or discard, else -1
    offset: int  # the hinted player's seats after the mover (1..players-1) for a hint, else 0
    value: int   # the hinted colour or rank (0-based) for a hint, else -1


def decode(action: int, rules: HanabiRules) -> Move:
    h, others = rules.hand_size, rules.players - 1
    if action < h:
        return Move(MoveKind.DISCARD, action, 0, -1)
    if action < 2 * h:
        return Move(MoveKind.PLAY, action - h, 0, -1)
    k = action - 2 * h
    if k < others * rules.colors:
        return Move(MoveKind.HINT_COLOUR, -1, k // rules.colors + 1, k % rules.colors)
    k -= others * rules.colors
    return Move(MoveKind.HINT_RANK, -1, k // rules.ranks + 1, k % rules.ranks)


def encode(move: Move, rules: HanabiRules) -> int:
    h, others = rules.hand_size, rules.players - 1
    if move.kind is MoveKind.DISCARD:
        return move.slot
    if move.kind is MoveKind.PLAY:
        return h + move.slot
    if move.kind is MoveKind.HINT_COLOUR:
        return 2 * h + (move.offset - 1) * rules.colors + move.value
    return 2 * h + others * rules.colors + (move.offset - 1) * rules.ranks + move.value


def card_code(card: int, rules: HanabiRules) -> str:
    """'R1' for the red 1 (colour letter, then rank from 1), as OpenSpiel writes cards."""
    colour, rank = divmod(card, rules.ranks)
    return f"{COLOUR_LETTERS[colour]}{rank + 1}"


class EventKind(IntEnum):
    DEAL = 0       # seat draws ``card`` into ``slot``: everyone but ``seat`` sees the card
    PLAY = 1       # seat plays ``card`` from ``slot``; value 1 if it fits the firework, 0 if a life is lost
    DISCARD = 2    # seat discards ``card`` from ``slot``
    HINT = 3       # seat tells ``target``: value is the colour (HINT_COLOUR) or rank, ``mask`` the slots touched
    TOKEN = 4      # seat regains an information token (a discard, or a completed firework)
    GAME_OVER = 5  # value = the final score; slot = the EndReason


class EndReason(IntEnum):
    OUT_OF_LIVES = 0
    ALL_FIREWORKS = 1
    OUT_OF_CARDS = 2


class Event(NamedTuple):
    kind: EventKind
    seat: int
    slot: int = -1
    card: int = -1
    target: int = NOBODY
    value: int = -1
    mask: int = 0  # hint: bit i set when the hint touched slot i
    hint: int = -1  # HINT: MoveKind.HINT_COLOUR or MoveKind.HINT_RANK


class Phase(IntEnum):
    TURN = 0
    GAME_OVER = 1


class HanabiError(Exception):
    """Base class of the errors a caller causes by stepping the engine wrongly."""


class GameOverError(HanabiError):
    pass


class WrongTurnError(HanabiError):
    pass


class IllegalActionError(HanabiError):
    """An action id of the action space that the rules forbid now (an env may penalise it)."""


class ActionOutOfRangeError(HanabiError, IndexError):
    """An int that is no action id at all: a bug in the caller, never penalised."""


class ActionTypeError(HanabiError, TypeError):
    """Not an int at all."""


class HanabiEngine:
    """One game of Hanabi. ``hands[s]`` are seat ``s``'s cards (slot 0 the oldest);
    ``knowledge[s][i]`` is what everyone knows of that card from hints: [hinted colour or -1,
    hinted rank or -1, bitmask of colours it may be, bitmask of ranks it may be]."""

    truncated = False  # the deck runs out: every game ends

    def __init__(self, rules: HanabiRules | None = None, seed: int | None = None):
        self.rules = rules if rules is not None else HanabiRules()
        self.n = self.rules.players
        self.num_actions = self.rules.num_actions
        self.reset(seed)

    # ------------------------------------------------------------------ chance
    def reset(self, seed: int | None = None, deck: list[int] | None = None) -> None:
        """A new game: the deck shuffled by a Generator seeded with ``seed`` (or in the order
        ``deck`` gives, top card first), then the hands dealt, seat 0's first."""
        rules = self.rules
        cards = [c * rules.ranks + r for c in range(rules.colors) for r in range(rules.ranks)
                 for _ in range(rules.copies(r))]
        if deck is None:
            order = np.random.default_rng(seed).permutation(len(cards))
            deck = [cards[i] for i in order]
        elif sorted(deck) != cards:
            raise HanabiError(f"deck must hold each card of the rules' deck once ({len(cards)} cards), not {deck!r}")
        self.seed = seed
        self.deck: list[int] = [int(c) for c in deck]
        self.drawn = 0  # cards taken from the top of the deck so far
        self.hands: list[list[int]] = [[] for _ in range(self.n)]
        self.knowledge: list[list[list[int]]] = [[] for _ in range(self.n)]
        self.fireworks = [0] * rules.colors
        self.discards: list[int] = []
        self.information = rules.max_information_tokens
        self.lives = rules.max_life_tokens
        self.turns_left = self.n  # turns still to play once the deck is empty
        self.current = 0
        self.done = False
        self.end_reason: EndReason | None = None
        self.history: list[tuple[int, int]] = []
        self.events: list[Event] = []
        for seat in range(self.n):
            for _ in range(rules.hand_size):
                self._draw(seat)

    def _draw(self, seat: int) -> None:
        if self.drawn >= len(self.deck):
            return
        card = self.deck[self.drawn]
        self.drawn += 1
        self.hands[seat].append(card)
        self.knowledge[seat].append([-1, -1, (1 << self.rules.colors) - 1, (1 << self.rules.ranks) - 1])
        self.events.append(Event(EventKind.DEAL, seat, len(self.hands[seat]) - 1, card))

    # ------------------------------------------------------------------ queries
    @property
    def deck_left(self) -> int:
        return len(self.deck) - self.drawn

    @property
    def round(self) -> int:
        """The round: every player has had this many turns (the first round is 0)."""
        return len(self.history) // self.n

    @property
    def phase(self) -> Phase:
        return Phase.GAME_OVER if self.done else Phase.TURN

    @property
    def phase_name(self) -> str:
        return self.phase.name

    def score(self) -> int:
        """The fireworks' sum; 0 once the last life token is lost."""
        return 0 if self.lives <= 0 else sum(self.fireworks)

    def to_move(self) -> list[int]:
        return [] if self.done else [self.current]

    def playable(self, card: int) -> bool:
        colour, rank = divmod(card, self.rules.ranks)
        return self.fireworks[colour] == rank

    def legal_actions(self, seat: int) -> list[int]:
        """Legal action ids of ``seat`` in increasing order (the move ids' order); [] when it is not to move."""
        if self.done or seat != self.current:
            return []
        rules, h = self.rules, self.rules.hand_size
        size = len(self.hands[seat])
        out = list(range(size)) if self.information < rules.max_information_tokens else []
        out += range(h, h + size)
        if self.information > 0:
            base = 2 * h
            for offset in range(1, self.n):
                colours = {c // rules.ranks for c in self.hands[(seat + offset) % self.n]}
                out += (base + (offset - 1) * rules.colors + c for c in sorted(colours))
            base += (self.n - 1) * rules.colors
            for offset in range(1, self.n):
                ranks = {c % rules.ranks for c in self.hands[(seat + offset) % self.n]}
                out += (base + (offset - 1) * rules.ranks + r for r in sorted(ranks))
        return out

    def default_action(self, seat: int) -> int:
        """The fallback when an answer never comes: a hint if a token allows one (it loses no
        card and no life), else discarding the oldest card."""
        legal = self.legal_actions(seat)
        hints = [a for a in legal if a >= 2 * self.rules.hand_size]
        return hints[0] if hints else legal[0]

    def returns(self) -> list[float]:
        """The shared score so far (0 after the last life token), the same for every seat."""
        return [float(self.score())] * self.n

    def winners(self) -> list[int]:
        """Every seat when the fireworks are complete (the rules' perfect game); otherwise none."""
        return list(range(self.n)) if self.done and self.score() == self.rules.max_score else []

    def details(self) -> dict:
        return {"score": self.score(), "fireworks": "".join(f"{COLOUR_LETTERS[c]}{v}" for c, v in enumerate(self.fireworks)),
                "lives": self.lives, "information": self.information, "deck_left": self.deck_left,
                "discards": [card_code(c, self.rules) for c in self.discards],
                "end": self.end_reason.name.lower() if self.end_reason is not None else None}

    def state_key(self) -> tuple:
        return (tuple(self.rules.model_dump().values()), tuple(self.deck), self.drawn, tuple(self.history))

    def state_parts(self) -> tuple[bytes, tuple[int, ...]]:
        """Everything that decides the rest of the game, as ints: counters, fireworks, hands with
        their hint knowledge, discards, and the undrawn deck in order."""
        ints = [self.current, self.information, self.lives, self.turns_left, self.drawn, len(self.history),
                int(self.done), *self.fireworks]
        for hand, knows in zip(self.hands, self.knowledge):
            ints.append(len(hand))
            for card, k in zip(hand, knows):
                ints += (card, *k)
        ints.append(len(self.discards))
        ints += self.discards
        ints += self.deck[self.drawn:]
        return b"", tuple(ints)

    def clone(self) -> HanabiEngine:
        other = object.__new__(HanabiEngine)
        other.__dict__.update(self.__dict__)
        other.deck = self.deck[:]
        other.hands = [h[:] for h in self.hands]
        other.knowledge = [[k[:] for k in ks] for ks in self.knowledge]
        other.fireworks = self.fireworks[:]
        other.discards = self.discards[:]
        other.history = self.history[:]
        other.events = self.events[:]
        return other

    def __copy__(self) -> HanabiEngine:
        return self.clone()  # a shallow copy would share the hands with this engine

    # ------------------------------------------------------------------ actions
    def check(self, seat: int, action) -> int:
        if self.done:
            raise GameOverError(f"seat {seat}: the game is over (score {self.score()}); call reset() to play again")
        if isinstance(action, (bool, np.bool_)) or not isinstance(action, (int, np.integer)):
            raise ActionTypeError(f"seat {seat}: an action must be an int id, not {type(action).__name__} {action!r}")
        action = int(action)
        if seat != self.current:
            raise WrongTurnError(f"seat {seat} may not act now (action {action}): seat {self.current} is to move")
        if not 0 <= action < self.num_actions:
            raise ActionOutOfRangeError(f"seat {seat}: action {action} is out of range 0..{self.num_actions - 1}")
        if action not in self.legal_actions(seat):
            raise IllegalActionError(f"seat {seat}: action {action} ({self._why_illegal(seat, action)}) is not legal "
                                     f"now; legal: {self.legal_actions(seat)}")
        return action

    def _why_illegal(self, seat: int, action: int) -> str:
        move = decode(action, self.rules)
        if move.kind is MoveKind.DISCARD and self.information >= self.rules.max_information_tokens:
            return "no discard while every information token is in"
        if move.kind in (MoveKind.DISCARD, MoveKind.PLAY):
            return f"slot {move.slot} is empty"
        if self.information == 0:
            return "a hint needs an information token and none is left"
        return "a hint must touch at least one card of the other hand"

    def step(self, seat: int, action) -> None:
        self.apply(seat, self.check(seat, action))

    def apply(self, seat: int, action: int) -> None:
        """Apply a move already known to be legal."""
        rules = self.rules
        if self.deck_left == 0:
            self.turns_left -= 1
        move = decode(action, rules)
        self.history.append((seat, action))
        if move.kind in (MoveKind.PLAY, MoveKind.DISCARD):
            card = self.hands[seat].pop(move.slot)
            del self.knowledge[seat][move.slot]
            if move.kind is MoveKind.DISCARD:
                self.discards.append(card)
                self.events.append(Event(EventKind.DISCARD, seat, move.slot, card))
                self._gain_token(seat)
            else:
                colour, rank = divmod(card, rules.ranks)
                fits = self.fireworks[colour] == rank
                self.events.append(Event(EventKind.PLAY, seat, move.slot, card, value=int(fits)))
                if fits:
                    self.fireworks[colour] += 1
                    if rank == rules.ranks - 1:
                        self._gain_token(seat)
                else:
                    self.lives -= 1
                    self.discards.append(card)
        else:
            target = (seat + move.offset) % self.n
            self.information -= 1
            by_colour = move.kind is MoveKind.HINT_COLOUR
            mask = 0
            for i, (card, k) in enumerate(zip(self.hands[target], self.knowledge[target])):
                value = card // rules.ranks if by_colour else card % rules.ranks
                if by_colour:
                    if value == move.value:
                        k[0], k[2] = value, 1 << value
                        mask |= 1 << i
                    else:
                        k[2] &= ~(1 << move.value)
                elif value == move.value:
                    k[1], k[3] = value, 1 << value
                    mask |= 1 << i
                else:
                    k[3] &= ~(1 << move.value)
            self.events.append(Event(EventKind.HINT, seat, target=target, value=move.value, mask=mask, hint=move.kind))
        self._check_end()
        if not self.done and move.kind in (MoveKind.PLAY, MoveKind.DISCARD):
            self._draw(seat)
        self.current = (seat + 1) % self.n

    def _gain_token(self, seat: int) -> None:
        if self.information < self.rules.max_information_tokens:
            self.information += 1
            self.events.append(Event(EventKind.TOKEN, seat))

    def _check_end(self) -> None:
        if self.lives < 1:
            reason = EndReason.OUT_OF_LIVES
        elif sum(self.fireworks) == self.rules.max_score:
            reason = EndReason.ALL_FIREWORKS
        elif self.turns_left <= 0:
            reason = EndReason.OUT_OF_CARDS
        else:
            return
        self.done, self.end_reason = True, reason
        self.events.append(Event(EventKind.GAME_OVER, NOBODY, slot=reason, value=self.score()))
