"""Hanabi's scripted partner: a cautious rule-based player that reads only its own observation.

Each turn, in this order:

1. **Play** a card of its own that hints prove playable (every colour and rank it may still be
   would extend its firework now).
2. **Hint** (with a token left): the hint to another player (the next one first) that makes the
   most of its playable cards provably playable to it, by the same test; rank hints win ties.
3. **Discard** (unless every information token is in): a card hints prove useless (its firework
   is past every rank it may be), else the oldest card no hint has touched, else the oldest.
4. **Hint anyway** (all tokens in, so no discard): the hint that tells another player most
   (touches the most cards whose colour or rank it did not know).

It never plays a card it is not sure of (hints never mislead), so it never loses a life token;
its score comes from what hints prove. It is VS-Bench's "scripted partner" slot: the reference a cooperative agent is
measured against (self-play of this agent scores 100 on the normalized scale).
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from parlour.agents.base import SyncAgent

from .engine import Move, MoveKind, encode
from .env import ObservationLayout, observation_layout
from .rules import HanabiRules, get_rules


class SlotView(NamedTuple):
    card: int          # the card (colour * ranks + rank) when the holder is another player, else -1
    colours: int       # bitmask of colours the holder knows it may be
    ranks: int         # bitmask of ranks the holder knows it may be
    hinted: bool       # a colour or rank hint has touched it


class TableView(NamedTuple):
    """What one observation tells, decoded: hands by offset (0 = own), fireworks and tokens."""

    hands: list[list[SlotView]]
    fireworks: list[int]
    information: int


def read_observation(x: np.ndarray, rules: HanabiRules, layout: ObservationLayout) -> TableView:
    c, r, h, p = rules.colors, rules.ranks, rules.hand_size, rules.players
    cards = c * r
    hands: list[list[SlotView]] = []
    for k in range(p):
        hand = []
        for i in range(h):
            at = layout.knowledge.start + (k * h + i) * layout.slot_size
            if x[at] < 0.5:
                break
            card = -1
            if k > 0:
                base = layout.other_hands.start + ((k - 1) * h + i) * cards
                card = int(np.argmax(x[base:base + cards]))
            colours = sum(1 << j for j in range(c) if x[at + 1 + c + r + j] > 0.5)
            ranks = sum(1 << j for j in range(r) if x[at + 1 + 2 * c + r + j] > 0.5)
            hinted = bool(x[at + 1:at + 1 + c + r].any())
            hand.append(SlotView(card, colours, ranks, hinted))
        hands.append(hand)
    fireworks = [int(x[layout.fireworks.start + i * r: layout.fireworks.start + (i + 1) * r].sum()) for i in range(c)]
    information = int(x[layout.information].sum())
    return TableView(hands, fireworks, information)


def _combos(colours: int, ranks: int, rules: HanabiRules):
    return [(i, j) for i in range(rules.colors) if colours >> i & 1 for j in range(rules.ranks) if ranks >> j & 1]


def surely_playable(slot: SlotView, fireworks: list[int], rules: HanabiRules) -> bool:
    combos = _combos(slot.colours, slot.ranks, rules)
    return bool(combos) and all(fireworks[i] == j for i, j in combos)


def surely_useless(slot: SlotView, fireworks: list[int], rules: HanabiRules) -> bool:
    combos = _combos(slot.colours, slot.ranks, rules)
    return bool(combos) and all(j < fireworks[i] for i, j in combos)


def after_hint(hand: list[SlotView], by_colour: bool, value: int, rules: HanabiRules) -> list[SlotView]:
    """The holder's knowledge of ``hand`` after a hint (colour or rank ``value``)."""
    out = []
    for s in hand:
        colour, rank = divmod(s.card, rules.ranks)
        if by_colour:
            touched = colour == value
            colours = (1 << value) if touched else s.colours & ~(1 << value)
            out.append(SlotView(s.card, colours, s.ranks, s.hinted or touched))
        else:
            touched = rank == value
            ranks = (1 << value) if touched else s.ranks & ~(1 << value)
            out.append(SlotView(s.card, s.colours, ranks, s.hinted or touched))
    return out


class ScriptedHanabiAgent(SyncAgent):
    """The cautious rule-based partner described in this module's docstring (deterministic)."""

    name = "hanabi-scripted"

    def __init__(self, rules: HanabiRules | dict | str | None = None):
        self.rules = get_rules(rules)
        self.layout = observation_layout(self.rules)

    def act_sync(self, observation: Any, info: dict) -> int:
        mask = np.asarray(observation["action_mask"])
        legal = set(np.flatnonzero(mask).tolist())
        if not legal:
            raise ValueError(f"seat {getattr(self, 'seat', '?')}: the action mask has no legal action")
        rules = self.rules
        view = read_observation(np.asarray(observation["observation"]), rules, self.layout)
        own, fireworks = view.hands[0], view.fireworks

        def pick(move: Move) -> int | None:
            action = encode(move, rules)
            return action if action in legal else None

        for i, slot in enumerate(own):
            if surely_playable(slot, fireworks, rules) and (a := pick(Move(MoveKind.PLAY, i, 0, -1))) is not None:
                return a
        hints = self._hints(view, legal)
        if hints:
            gain, action = max(hints)
            if gain[0] > 0:
                return action
        if (a := self._discard(own, fireworks, legal)) is not None:
            return a
        if hints:
            return max(hints, key=lambda item: item[0][1:])[1]
        return min(legal)

    def _hints(self, view: TableView, legal: set[int]) -> list[tuple[tuple[int, int, int, int], int]]:
        """Every legal hint with its score: (cards it makes surely playable, cards it tells
        something new, rank over colour, nearer player first) and its action id."""
        rules, out = self.rules, []
        for offset in range(1, rules.players):
            hand = view.hands[offset]
            before = sum(surely_playable(s, view.fireworks, rules) for s in hand)
            for by_colour, kind, count in ((True, MoveKind.HINT_COLOUR, rules.colors), (False, MoveKind.HINT_RANK, rules.ranks)):
                for value in range(count):
                    action = encode(Move(kind, -1, offset, value), rules)
                    if action not in legal:
                        continue
                    after = after_hint(hand, by_colour, value, rules)
                    playable = sum(surely_playable(s, view.fireworks, rules) for s in after)
                    news = sum(a != b for a, b in zip(after, hand))
                    out.append(((playable - before, news, int(not by_colour), -offset), action))
        return out

    def _discard(self, own: list[SlotView], fireworks: list[int], legal: set[int]) -> int | None:
        rules = self.rules
        order = ([i for i, s in enumerate(own) if surely_useless(s, fireworks, rules)]
                 + [i for i, s in enumerate(own) if not s.hinted] + list(range(len(own))))
        for i in order:
            action = encode(Move(MoveKind.DISCARD, i, 0, -1), rules)
            if action in legal:
                return action
        return None
