"""The text interface for LLM seats at Hanabi (the same methods as Kuhn Poker's).

Sections follow VS-Bench's prompts (game rules, player information, game state, legal actions,
instructions). The rules are generated from :class:`HanabiRules` field by field (a test checks
every field is covered). A seat's view is built from what it may see: the table with every
other hand's cards, its own hand as hints describe it (never its cards), and the events as it
heard them (its own draws without the card). :meth:`HanabiTextInterface.image` is the seat's
picture for a vision model, its own cards face down.

Actions keep OpenSpiel's names (``(Play 0)``, ``(Discard 2)``, ``(Reveal player +1 color R)``,
``(Reveal player +1 rank 3)``); ``parse`` takes the id, or such a name, or the short forms
``play 0``, ``discard 2``, ``hint red``, ``hint 3`` (to the next player). A wrong answer raises
:class:`ParseError` naming what was wrong and the legal actions.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy as np

from parlour.agents.llm.text_interface import ActionIdInterface, ParseError

from .engine import Move, MoveKind, decode, encode
from .narrate import narrate, slots_text
from .render import table_image, table_text
from .rules import COLOUR_LETTERS, COLOUR_NAMES, HanabiRules

__all__ = ["HanabiTextInterface", "ParseError", "action_name", "rules_text"]

RECENT_EVENTS = 10


def _deck_sentence(v: int, r: HanabiRules) -> str:
    counts = ", ".join(f"{r.copies(k)} of rank {k + 1}" for k in range(v))
    return (f"Each colour has cards of ranks 1 to {v}: {counts}, so the deck has {r.deck_size} cards. The "
            f"players build one firework per colour by playing its cards in order 1, 2, ..., {v}. The score is "
            f"the sum of the fireworks' heights (at most {r.max_score}).")


# One sentence per HanabiRules field: a new option must add one here (a test checks it).
_RULE_SENTENCES: dict[str, Callable[[Any, HanabiRules], str | None]] = {
    "name": lambda v, r: None,
    "players": lambda v, r: (f"Hanabi is a cooperative card game for {v} players, who all share one score. Each player "
                             "holds its cards facing away: it sees every other player's cards but never its own. "
                             "Players take turns, starting with player 0."),
    "colors": lambda v, r: f"The cards have {v} colours: {', '.join(COLOUR_NAMES[:v])}.",
    "ranks": _deck_sentence,
    "hand_size": lambda v, r: (f"Each player holds {v} cards, in slots 0 (the oldest) to {v - 1}. A played or "
                               "discarded card is replaced from the deck: the new card goes to the last slot and "
                               "the others move up."),
    "max_information_tokens": lambda v, r: (
        f"There are {v} information tokens, all available at the start. On a turn a player does exactly one "
        "thing: (a) play a card: if its rank is the next one of its colour's firework it is added there, "
        "otherwise it is discarded and a life token is lost; (b) discard a card, which regains an information "
        f"token (not allowed while all {v} are available); (c) spend an information token to give another "
        "player a hint: name one colour or one rank, and that player learns which of its cards have it (at "
        "least one card must). Completing a firework (playing its last rank) also regains a token."),
    "max_life_tokens": lambda v, r: (
        f"There are {v} life tokens. Losing the last one ends the game with a score of 0. The game also ends "
        "when every firework is complete, or when each player has had one more turn after the deck ran out."),
}


def rules_text(rules: HanabiRules) -> str:
    lines: list[str] = []
    for field in HanabiRules.model_fields:
        render = _RULE_SENTENCES.get(field)
        sentence = render(getattr(rules, field), rules) if render else f"{field.replace('_', ' ')}: {getattr(rules, field)}."
        if sentence:
            lines.append(f"{len(lines) + 1}. {sentence}")
    return "\n".join(lines)


def action_name(action: int, rules: HanabiRules) -> str:
    """OpenSpiel's name of an action: '(Play 0)', '(Reveal player +1 color R)', ..."""
    m = decode(action, rules)
    if m.kind is MoveKind.DISCARD:
        return f"(Discard {m.slot})"
    if m.kind is MoveKind.PLAY:
        return f"(Play {m.slot})"
    if m.kind is MoveKind.HINT_COLOUR:
        return f"(Reveal player +{m.offset} color {COLOUR_LETTERS[m.value]})"
    return f"(Reveal player +{m.offset} rank {m.value + 1})"


_SHORT = re.compile(r"^(play|discard)\s*(?:slot\s*)?(\d)$|^(?:hint|reveal|tell)\s*(?:player\s*\+?(\d)\s*)?"
                    r"(?:(?:color|colour)\s*)?(?:rank\s*)?([a-z]+|\d)$")


class HanabiTextInterface(ActionIdInterface):
    """Prompts, schema and parsing for one Hanabi env (pass ``seat`` to each call)."""

    def legal_actions(self, seat: int) -> dict[int, str]:
        engine = self.engine
        rules = engine.rules
        out = {}
        for a in engine.legal_actions(seat):
            m = decode(a, rules)
            if m.kind is MoveKind.DISCARD:
                what = f"discard your card in slot {m.slot} (regain an information token)"
            elif m.kind is MoveKind.PLAY:
                what = f"play your card in slot {m.slot}"
            else:
                target = (seat + m.offset) % engine.n
                hand = engine.hands[target]
                if m.kind is MoveKind.HINT_COLOUR:
                    told = COLOUR_NAMES[m.value]
                    slots = [i for i, c in enumerate(hand) if c // rules.ranks == m.value]
                else:
                    told = f"rank {m.value + 1}"
                    slots = [i for i, c in enumerate(hand) if c % rules.ranks == m.value]
                what = f"tell player {target} which cards are {told} ({slots_text(sum(1 << i for i in slots))})"
            out[a] = f"{action_name(a, rules)}: {what}"
        return out

    # ------------------------------------------------------------------ prompts
    def system_prompt(self) -> str:
        return ("You are an AI agent playing the cooperative card game Hanabi with other players. Play so that the "
                "team's final score is as high as possible.\n\n"
                "## Game rules\n" + rules_text(self.engine.rules) + "\n\n"
                "## How to answer\n"
                f"Each turn lists the legal actions as `id: action`. Answer with the JSON object {self._format()} only.")

    def player_text(self, seat: int) -> str:
        others = ", ".join(f"player {(seat + k) % self.engine.n}" for k in range(1, self.engine.n))
        return (f"You are player {seat}. Your partners: {others} (in turn order after you). You cannot see your "
                "own cards; hints tell you about them.")

    def state_text(self, seat: int) -> str:
        engine = self.engine
        events = narrate(engine, seat)[-RECENT_EVENTS:]
        recent = "\n".join(f"- {t}" for _, t in events) if events else "- nothing yet"
        return f"{table_text(engine, seat)}\nLatest events:\n{recent}"

    def user_prompt(self, seat: int) -> str:
        return ("## Player information\n" + self.player_text(seat) + "\n\n"
                "## Game state\n" + self.state_text(seat) + "\n\n"
                "## Legal actions\n" + self.legal_text(seat) + "\n\n"
                f"## Instructions\nIt is your turn. Choose one legal action and answer with the JSON object "
                f"{self._format()} only.")

    def image(self, seat: int) -> np.ndarray:
        """The seat's picture for a vision model (RGB, uint8): its own cards face down."""
        return table_image(self.engine, seat)

    # ------------------------------------------------------------------ answers
    def _named(self, name: str, value, seat: int) -> int:
        rules, legal = self.engine.rules, self.engine.legal_actions(seat)
        for a in legal:
            if action_name(a, rules).strip("()").lower() == name.strip("()").lower():
                return a
        move = self._short_move(" ".join(name.strip("()").split()))
        if move is None:
            return super()._named(name, value, seat)
        action = encode(move, rules)
        if action not in legal:
            raise ParseError(f"action {value!r} is not legal now; legal actions: {self._legal_list(seat)}")
        return action

    def _short_move(self, name: str) -> Move | None:
        """The move a short form names ('play 0', 'discard 2', 'hint red', 'hint player +1 rank 3'),
        or None when ``name`` is not one (or names a slot, player, colour or rank that does not exist)."""
        rules = self.engine.rules
        m = _SHORT.match(name)
        if not m:
            return None
        if m.group(1):
            slot = int(m.group(2))
            kind = MoveKind.PLAY if m.group(1) == "play" else MoveKind.DISCARD
            return Move(kind, slot, 0, -1) if slot < rules.hand_size else None
        offset, word = int(m.group(3) or 1), m.group(4)
        if not 1 <= offset < self.engine.n:
            return None
        names = [c.lower() for c in COLOUR_NAMES[:rules.colors]]
        letters = COLOUR_LETTERS[:rules.colors].lower()
        if word in names:
            return Move(MoveKind.HINT_COLOUR, -1, offset, names.index(word))
        if len(word) == 1 and word in letters:
            return Move(MoveKind.HINT_COLOUR, -1, offset, letters.index(word))
        if word.isdigit() and 1 <= int(word) <= rules.ranks:
            return Move(MoveKind.HINT_RANK, -1, offset, int(word) - 1)
        return None
