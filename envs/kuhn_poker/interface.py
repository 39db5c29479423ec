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

import re
from collections.abc import Callable
from typing import Any

from parlour.agents.llm.interface import ParseError, extract_json

from .engine import Move, Phase
from .narrate import card_text, chips_text, narrate
from .rules import KuhnRules

__all__ = ["KuhnTextInterface", "ParseError", "rules_text"]

MAX_REASONING_CHARS = 400

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


def _as_id(value: Any) -> int | str:
    """An int id where the value is one, else the cleaned-up name ("<BET>" -> "bet")."""
    if isinstance(value, bool):
        raise ParseError(f"\"action\" must be an action id or name, not {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"-?\d+", text):
            return int(text)
        return text.strip("<>").strip().lower()
    raise ParseError(f"\"action\" must be an action id or name, not {value!r}")


class KuhnTextInterface:
    """Prompts, schema and parsing for one Kuhn Poker env (pass ``seat`` to each call).

    ``reasoning=True`` lets the answer carry a private "reasoning" string (recorded, never shown
    to the other seat). The interface reads ``env.unwrapped.engine``: the seat's own card and the
    events visible to the seat.
    """

    name = "align"
    gives_feedback = True

    def __init__(self, env, *, reasoning: bool = True, max_text_chars: int = MAX_REASONING_CHARS):
        self.env = env
        self.reasoning = reasoning
        self.max_text_chars = max_text_chars

    @property
    def engine(self):
        return getattr(self.env, "unwrapped", self.env).engine

    def _legal(self, seat: int) -> list[int]:
        legal = self.engine.legal_actions(seat)
        if not legal:
            raise ParseError(f"seat {seat} has no decision to make now")
        return legal

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

    def legal_text(self, seat: int) -> str:
        return "\n".join(f"{i}: {text}" for i, text in self.legal_actions(seat).items())

    def _format(self) -> str:
        return '{"reasoning": "<short>", "action": <id>}' if self.reasoning else '{"action": <id>}'

    def user_prompt(self, seat: int) -> str:
        return ("## Player information\n" + self.player_text(seat) + "\n\n"
                "## Game history\n" + self.state_text(seat) + "\n\n"
                "## Legal actions\n" + self.legal_text(seat) + "\n\n"
                f"## Instructions\nIt is your turn. Choose one legal action and answer with the JSON object "
                f"{self._format()} only.")

    def messages(self, seat: int, observation=None) -> list[dict]:
        return [{"role": "system", "content": self.system_prompt()},
                {"role": "user", "content": self.user_prompt(seat)}]

    # ------------------------------------------------------------------ answers
    def schema(self, seat: int) -> dict:
        """The JSON schema of a legal answer for ``seat`` now."""
        props: dict[str, Any] = {}
        if self.reasoning:
            props["reasoning"] = {"type": "string", "maxLength": self.max_text_chars}
        props["action"] = {"type": "integer", "enum": self._legal(seat)}
        return {"type": "object", "properties": props, "required": ["action"], "additionalProperties": False}

    def parse(self, text: str, seat: int) -> int:
        """The action in ``text`` for ``seat``; ParseError says what was wrong and what is legal."""
        legal = self._legal(seat)
        answer = extract_json(text)
        if isinstance(answer, dict):
            if "action" not in answer:
                raise ParseError(f"the answer has no \"action\" field (got fields: {sorted(answer)}); "
                                 f"legal actions: {self._legal_list(seat)}")
            value = answer["action"]
        elif isinstance(answer, (int, str)) and not isinstance(answer, bool):
            value = answer
        else:
            raise ParseError(f"the answer must be a JSON object, not {type(answer).__name__}")
        action = _as_id(value)
        if isinstance(action, str):
            names = _NAMES[self.engine.phase]
            if action not in names:
                raise ParseError(f"action {value!r} is not an action now; legal actions: {self._legal_list(seat)}")
            return names[action].value
        if action not in legal:
            raise ParseError(f"action {action} is not a legal action id; legal actions: {self._legal_list(seat)}")
        return action

    def _legal_list(self, seat: int) -> str:
        return "; ".join(f"{i} ({text})" for i, text in self.legal_actions(seat).items())

    def feedback(self, error: str, seat: int) -> str:
        """ALIGN's correction message: what was wrong, and the legal actions again."""
        return (f"Your answer could not be used: {error}.\nThe legal actions are:\n{self.legal_text(seat)}\n"
                f"Answer again with the JSON object {self._format()} only, using one of these ids.")

    def fallback(self, seat: int) -> int:
        """The no-op: PASS (check, or fold when facing a bet)."""
        return self.engine.default_action(seat)
