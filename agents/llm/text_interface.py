"""What games' text interfaces share, so a game writes only its own prompts and action names.

:class:`TextInterface` is the part every interface has (the env it reads, the seat's legal ids);
:class:`ActionIdInterface` adds the whole answer cycle for games whose answer is one action id
(VS-Bench's format: ``{"reasoning": ..., "action": <id>}``): schema, parsing of ids, names and
fenced JSON, ALIGN's feedback and the fallback. A game subclasses it with its rules text, the
seat's view, its legal actions as id -> text, and what its action names mean.
"""

from __future__ import annotations

import json
import re
from abc import ABC, abstractmethod
from functools import cache
from typing import Any, ClassVar

MAX_REASONING_CHARS = 400  # longest private reasoning the schema allows


class ParseError(ValueError):
    """An answer that cannot become a legal action; the message is the feedback for a retry."""


# --------------------------------------------------------------------------------------------
# Finding the answer in a model's text
# --------------------------------------------------------------------------------------------

_BARE_ID = re.compile(r"^\s*(?:action\s*[:=]?\s*)?\"?(-?\d+)\"?\s*\.?\s*$", re.IGNORECASE)


# strict=False: grammar-constrained decoding (xgrammar) lets raw control characters into JSON
# strings, which the strict parser refuses although the answer is otherwise schema-valid.
_DECODER = json.JSONDecoder(strict=False)


def extract_json(text: str) -> Any:
    """The answer object in ``text``: the whole text as JSON, else the first JSON object inside it
    (e.g. after some prose or in a code fence), else a bare action id. Raises ParseError."""
    stripped = text.strip()
    if not stripped:
        raise ParseError("the answer was empty")
    try:
        value = _DECODER.decode(stripped)
    except json.JSONDecodeError:
        pass
    else:
        if isinstance(value, int) and not isinstance(value, bool):  # a bare id
            return {"action": value}
        return value
    decoder = _DECODER
    for m in re.finditer(r"\{", stripped):
        try:
            value, _ = decoder.raw_decode(stripped, m.start())
        except json.JSONDecodeError:
            continue
        if isinstance(value, dict):
            return value
    bare = _BARE_ID.match(stripped)
    if bare:
        return {"action": int(bare.group(1))}
    cut = stripped if len(stripped) <= 80 else stripped[:77] + "..."
    if "{" in stripped:
        raise ParseError(f"the answer is not complete, valid JSON (it may be cut off): {cut!r}")
    raise ParseError(f"no JSON object and no action id found in the answer: {cut!r}")


class TextInterface:
    """An env's text interface for LLM seats (pass ``seat`` to each call)."""

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


class ActionIdInterface(TextInterface, ABC):
    """A game whose answer is one action id. Subclasses give ``system_prompt()``,
    ``user_prompt(seat)``, ``legal_actions(seat)`` (id -> text) and ``_named(name, value, seat)``."""

    @abstractmethod
    def system_prompt(self) -> str:
        """The rules and the answer format, the same for every seat."""

    @abstractmethod
    def user_prompt(self, seat: int) -> str:
        """The seat's view now: player information, state, legal actions, instructions."""

    @abstractmethod
    def legal_actions(self, seat: int) -> dict[int, str]:
        """Legal action id -> readable text for ``seat`` now; empty when it is not to move."""

    def _named(self, name: str, value: Any, seat: int) -> int:
        """The id of the action called ``name`` now (``value`` as the answer wrote it)."""
        raise ParseError(f"action {value!r} is not an action; legal actions: {self._legal_list(seat)}")

    def legal_text(self, seat: int) -> str:
        return "\n".join(f"{i}: {text}" for i, text in self.legal_actions(seat).items())

    def shared_legal_actions(self, seat: int) -> dict[int, str]:
        """``seat``'s legal actions as another seat may read them (a next-action prediction question
        lists them): each action's name, the text before ``": "`` in VS-Bench's ``<NAME>: meaning``.
        The meanings are written for ``seat`` and may tell what others must not know (Hanabi's
        hints name the hinted player's slots); a game whose meanings are all public may override
        this to return :meth:`legal_actions`."""
        return {i: text.split(": ", 1)[0] for i, text in self.legal_actions(seat).items()}

    def view_prompt(self, seat: int) -> str:
        """The seat's view without its own decision: the sections of :meth:`user_prompt` before
        ``## Legal actions`` (VS-Bench's fixed order: player information, state, legal actions,
        instructions). Next-action prediction asks about another seat's move from this view; a
        game whose prompt has other sections overrides it."""
        text = self.user_prompt(seat)
        head, found, _ = text.partition("\n## Legal actions")
        return head.rstrip() if found else text

    def _format(self) -> str:
        return '{"reasoning": "<short>", "action": <id>}' if self.reasoning else '{"action": <id>}'

    def messages(self, seat: int, observation=None) -> list[dict]:
        return [{"role": "system", "content": self.system_prompt()},
                {"role": "user", "content": self.user_prompt(seat)}]

    def schema(self, seat: int) -> dict:
        """The JSON schema of a legal answer for ``seat`` now."""
        props: dict[str, Any] = {}
        if self.reasoning:
            props["reasoning"] = {"type": "string", "maxLength": self.max_text_chars}
        props["action"] = {"type": "integer", "enum": self._legal(seat)}
        return {"type": "object", "properties": props, "required": ["action"], "additionalProperties": False}

    def _answer(self, text: str) -> Any:
        """The answer's JSON (fenced or bare); games that accept other forms extend this."""
        return extract_json(text)

    def parse(self, text: str, seat: int) -> int:
        """The action in ``text`` for ``seat``; ParseError says what was wrong and what is legal."""
        legal = self._legal(seat)
        answer = self._answer(text)
        if isinstance(answer, dict):
            if "action" not in answer:
                raise ParseError(f"the answer has no \"action\" field (got fields: {sorted(answer)}); "
                                 f"legal actions: {self._legal_list(seat)}")
            value = answer["action"]
        elif isinstance(answer, (int, str)) and not isinstance(answer, bool):
            value = answer
        else:
            raise ParseError(f"the answer must be a JSON object, not {type(answer).__name__}")
        action = self._to_id(value, seat)
        if action not in legal:
            raise ParseError(f"action {action} is not a legal action id; legal actions: {self._legal_list(seat)}")
        return action

    def _to_id(self, value: Any, seat: int) -> int:
        """An action id from an answer's "action": an int (or a whole float, or digits) or a name."""
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
            return self._named(text.strip("<>").strip().lower(), value, seat)
        raise ParseError(f"\"action\" must be an action id or name, not {value!r}")

    def _legal_list(self, seat: int) -> str:
        return "; ".join(f"{i} ({text})" for i, text in self.legal_actions(seat).items())

    def feedback(self, error: str, seat: int) -> str:
        """ALIGN's correction message: what was wrong, and the legal actions again."""
        return (f"Your answer could not be used: {error}.\nThe legal actions are:\n{self.legal_text(seat)}\n"
                f"Answer again with the JSON object {self._format()} only, using one of these ids.")

    def fallback(self, seat: int) -> int:
        """The decision's no-op (the engine's default action)."""
        return self.engine.default_action(seat)


@cache
def _tag_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"<\s*({alternatives})\s*>", re.IGNORECASE)


class NamedActionIds(ActionIdInterface):
    """An :class:`ActionIdInterface` whose actions have fixed VS-Bench names (``<UP>``,
    ``<INTERACT>``): ``action_ids`` maps each lower-case name to its id, so an answer may name the
    action in its JSON (``{"action": "<UP>"}``) or, as VS-Bench's prompts ask, write the bare tag
    ``<UP>`` in its text (the last tag counts)."""

    action_ids: ClassVar[dict[str, int]] = {}

    def _answer(self, text: str) -> Any:
        try:
            return extract_json(text)
        except ParseError:
            tags = _tag_pattern(tuple(self.action_ids)).findall(text)
            if not tags:
                raise
            return {"action": tags[-1]}

    def _named(self, name: str, value: Any, seat: int) -> int:
        if name in self.action_ids:
            return self.action_ids[name]
        return super()._named(name, value, seat)
