"""The text interface for LLM seats at Kuhn Poker (ALIGN-style; the same methods as Werewolf's).

Prompt sections follow VS-Bench's Kuhn Poker prompt (game rules, player information, game
history, legal actions, instructions). The system message, the same for both seats, holds the
rules generated from :class:`KuhnRules` field by field and the answer format; the user message
holds the seat's own view. That view is built from ``narrate(engine, seat)``, the events the seat
may see, and the seat's own card: the other card never reaches a seat's prompt.

Actions keep VS-Bench's names, PASS and BET, with their poker meaning for the moment: PASS is a
check, or a fold when facing a bet; BET is a bet, or a call when facing one. ``parse`` takes the
id, or a name that fits the moment ("check", "call", "<BET>", ...), and raises :class:`ParseError`
naming what was wrong and the legal actions: that message is the feedback for a retry.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from parlour.agents.llm.text_interface import ActionIdInterface, ParseError

from .engine import Move, Phase
from .narrate import card_text, chips_text, narrate
from .rules import KuhnRules

__all__ = ["KuhnTextInterface", "ParseError", "rules_text"]

# One sentence per KuhnRules field: a new option must add one here (a test checks it).
_RULE_SENTENCES: dict[str, Callable[[Any, KuhnRules], str | None]] = {
    "name": lambda v, r: None,
    "num_cards": lambda v, r: ("Kuhn poker is a two-player card game. The deck has only three cards: "
                               "King (K) > Queen (Q) > Jack (J)."),
    "ante": lambda v, r: (f"At the start of the game both player 0 and player 1 put {chips_text(v)} into the pot (the ante). "
                          "Each player is then dealt one private card; the third card is set aside unseen."),
    "bet": lambda v, r: (
        "The players take turns, starting with player 0. A player may PASS (put no more chips in) or "
        f"BET (add {chips_text(v)} to the pot). After a BET, the other player either BETs too (calls, "
        f"adding {chips_text(v)}) or PASSes (folds): the betting player then wins the pot without a showdown. "
        "If both players PASS, or a BET is called, the cards are shown and the higher card wins the pot. "
        f"So each player risks at most {chips_text(r.ante + v)}."),
}


def rules_text(rules: KuhnRules) -> str:
    """The rules in plain language, one sentence per KuhnRules field that matters."""
    lines: list[str] = []
    for field in KuhnRules.model_fields:
        render = _RULE_SENTENCES.get(field)
        sentence = render(getattr(rules, field), rules) if render else f"{field.replace('_', ' ')}: {getattr(rules, field)}."
        if sentence:
            lines.append(f"{len(lines) + 1}. {sentence}")
    return "\n".join(lines)


# Names a model may answer with, by the moment they fit; PASS / BET always work.
_NAMES = {
    Phase.OPEN: {"pass": Move.PASS, "check": Move.PASS, "bet": Move.BET},
    Phase.FACING_BET: {"pass": Move.PASS, "fold": Move.PASS, "bet": Move.BET, "call": Move.BET},
}


class KuhnTextInterface(ActionIdInterface):
    """Prompts, schema and parsing for one Kuhn Poker env (pass ``seat`` to each call).

    ``reasoning=True`` lets the answer carry a private "reasoning" string (recorded, never shown
    to the other seat). The interface reads ``env.unwrapped.engine``: the seat's own card and the
    events visible to the seat.
    """

    def legal_actions(self, seat: int) -> dict[int, str]:
        """Legal action id -> readable text (VS-Bench's legal-action list); empty when not to move."""
        engine = self.engine
        if not engine.legal_actions(seat):
            return {}
        bet = chips_text(engine.rules.bet)
        if engine.phase is Phase.FACING_BET:
            return {Move.PASS.value: f"<PASS>: fold (give up the pot of {chips_text(engine.pot)})",
                    Move.BET.value: f"<BET>: call (put {bet} in to match the bet; then the cards are shown)"}
        return {Move.PASS.value: "<PASS>: check (put no chips in)", Move.BET.value: f"<BET>: bet (put {bet} into the pot)"}

    # ------------------------------------------------------------------ prompts
    def system_prompt(self) -> str:
        """The rules and the answer format: the same text for both seats."""
        fmt = self._format()
        return ("You are an AI agent that makes optimal decisions in the game of Kuhn poker. "
                "Play to win as many chips as you can.\n\n"
                "## Game rules\n" + rules_text(self.engine.rules) + "\n\n"
                "## How to answer\n"
                f"Each turn lists the legal actions as `id: meaning`. Answer with the JSON object {fmt} only.")

    def player_text(self, seat: int) -> str:
        order = "first" if seat == 0 else "second"
        return f"You are player {seat} (you act {order}). Your opponent is player {1 - seat}."

    def state_text(self, seat: int) -> str:
        engine = self.engine
        own, other = engine.contributions[seat], engine.contributions[1 - seat]
        lines = [f"{i}. {t}" for i, t in enumerate(narrate(engine, seat), 1)]
        lines.append(f"Your card: {card_text(engine.cards[seat])}. "
                     f"Pot: {chips_text(engine.pot)} (you put in {own}, your opponent {other}).")
        return "\n".join(lines)

    def user_prompt(self, seat: int) -> str:
        return ("## Player information\n" + self.player_text(seat) + "\n\n"
                "## Game history\n" + self.state_text(seat) + "\n\n"
                "## Legal actions\n" + self.legal_text(seat) + "\n\n"
                f"## Instructions\nIt is your turn. Choose one legal action and answer with the JSON object "
                f"{self._format()} only.")

    # ------------------------------------------------------------------ answers
    def _named(self, name: str, value, seat: int) -> int:
        """Action names mean what fits the moment ('check' before a bet, 'call' after one); the
        fallback is the engine's no-op: PASS (check, or fold when facing a bet)."""
        names = _NAMES[self.engine.phase]
        if name not in names:
            raise ParseError(f"action {value!r} is not an action now; legal actions: {self._legal_list(seat)}")
        return names[name].value
