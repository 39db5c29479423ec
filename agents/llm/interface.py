"""Text interfaces between a Werewolf env and a language model (ALIGN-style, and a pass-through).

An interface turns one seat's decision into chat messages and a JSON schema, and the model's
answer back into an action the env accepts. :class:`WerewolfTextInterface` reads the engine
through ``env.unwrapped.engine`` and, of its event log, **only the events visible to its seat**
(``events.visible_to``): nothing hidden from a seat can reach that seat's prompt.

Prompt layout (VS-Bench's fixed sections), ordered so that the prefix shared by every seat comes
first and vLLM's prefix cache serves it across seats and turns:

* system message, identical for every seat of a game: the rules in plain language, generated from
  the RuleSet's fields (never written by hand per variant), the roles on the board, the players,
  and the answer grammar;
* user message: ``## Game history`` (public events since the start, identical for all seats at the
  same point of the game), then the private part: ``## Your private information`` (role card,
  private and wolf-channel events), ``## Current decision``, ``## Legal actions``.

The schema is built from the legal actions of the decision: ``{"action": <legal id>}`` for a
target/vote/yes-no decision, and a speech act (text plus claim, reports, accuse, defend,
vote_intent) for a speech turn, mapping onto :class:`parlour.envs.werewolf.Action`.
:meth:`WerewolfTextInterface.parse` raises :class:`ParseError` whose message names what was wrong
and lists the legal actions: that message is the feedback an agent sends back before a retry.

:meth:`WerewolfTextInterface.fit_messages` builds the same prompt within a size, condensing
earlier days (:mod:`.condense`); the fixed texts (rules, role cards, phases) are in
:mod:`.prompt_text`.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from parlour.envs.werewolf.actions import Action, CheckReport, Kind
from parlour.envs.werewolf.phases import SPEECH_PHASES
from parlour.envs.werewolf.roles import ROLE_ABILITIES, Role, Side

from .condense import HistoryCondenser, Level, condense_steps
from .prompt_text import (
    PHASE_TEXT,
    RULE_SENTENCES,
    SPEECH_GRAMMAR,
    role_cards,
    rules_text,
)
from .text_interface import ParseError, TextInterface, extract_json

# The names tests and older callers import from here.
_RULE_SENTENCES, _role_cards, _PHASE_TEXT, _SPEECH_GRAMMAR = RULE_SENTENCES, role_cards, PHASE_TEXT, SPEECH_GRAMMAR

__all__ = [
    "INTERFACES",
    "ParseError",
    "PassThroughInterface",
    "WerewolfTextInterface",
    "extract_json",
    "make_interface",
    "rules_text",
]

# Longest speech text / reasoning the schema allows; keeps weak models from filling max_tokens.
MAX_TEXT_CHARS = 400
MAX_LIST_ITEMS = 3


# A fit aims this far below its limit, so the next few decisions of the day fit without
# condensing again (each re-condensing changes the prompt's prefix).
FIT_SLACK = 0.85


def _chars(messages: list[dict]) -> int:
    return sum(len(m["content"]) for m in messages)


def _as_int(value, what: str) -> int:
    if isinstance(value, bool):
        raise ParseError(f"{what} must be a number, not {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
        return int(value)
    raise ParseError(f"{what} must be a number, not {value!r}")


# --------------------------------------------------------------------------------------------
# The ALIGN-style interface
# --------------------------------------------------------------------------------------------


class WerewolfTextInterface(TextInterface):
    """Prompts, schemas and parsing for one Werewolf env (any seat; pass ``seat`` to each call).

    ``reasoning=True`` adds a private "reasoning" string to non-speech answers (recorded, never
    shown to other seats). The interface reads ``env.unwrapped.engine`` and only the events
    ``visible_to`` the seat it is asked about.
    """

    def __init__(self, env, *, reasoning: bool = True, max_text_chars: int = MAX_TEXT_CHARS):
        super().__init__(env, reasoning=reasoning, max_text_chars=max_text_chars)
        self._system_cache: tuple[int, str] | None = None

    # ------------------------------------------------------------------ state access
    def is_speech(self, seat: int) -> bool:
        engine = self.engine
        return engine.decision.phase in SPEECH_PHASES and seat in engine.decision.actors

    def legal_actions(self, seat: int) -> dict[int, str]:
        """Legal action id -> readable text (VS-Bench's legal-action list)."""
        layout = self.engine.layout
        return {i: layout.describe(i) for i in self.engine.legal_actions(seat)}

    # ------------------------------------------------------------------ prompts
    def system_prompt(self) -> str:
        """Rules, role cards, players and answer grammar: the same text for every seat of the game."""
        engine = self.engine
        key = id(engine.rules)
        if self._system_cache and self._system_cache[0] == key:
            return self._system_cache[1]
        n = engine.n
        text = (
            "You are a player in a game of Werewolf (social deduction). Play to make your side win.\n\n"
            "## Rules\n"
            f"{rules_text(engine.rules)}\n\n"
            "## Roles on this board\n"
            f"{role_cards(engine.rules)}\n\n"
            "## Players\n"
            f"Seats 0 to {n - 1} ({n} players), named by seat number. The game alternates night and day, starting with night 1.\n\n"
            "## How to answer\n"
            "Each turn lists the legal actions as `id: meaning`. For a non-speech decision answer with a JSON "
            "object {\"action\": <id>}" + (", optionally with a short private \"reasoning\" string" if self.reasoning else "")
            + ". " + SPEECH_GRAMMAR + " Answer with the JSON object only."
        )
        self._system_cache = (key, text)
        return text

    def _condenser_now(self) -> HistoryCondenser:
        return HistoryCondenser.of(self.engine)

    def history_text(self, seat: int, plan: dict[int, Level] | None = None) -> str:
        """Public events since the start, the same for every seat at this point of the game.

        ``plan`` (round -> :class:`Level`) condenses rounds; by default every round is whole."""
        c = self._condenser_now()
        plan = plan or {}
        day = self.engine.day
        blocks = [t for r in c.rounds() if (t := c.public(r, plan.get(r, Level.FULL), current=r == day))]
        return "\n".join(blocks) if blocks else "(nothing yet)"

    def private_text(self, seat: int, plan: dict[int, Level] | None = None) -> str:
        engine = self.engine
        role = engine.roles[seat]
        side = role.side
        goal = ("eliminate the good players" if side is Side.WOLVES else "find and exile every wolf")
        lines = [
            (f"You are seat {seat}. Your role: {role.label} ({'wolves' if side is Side.WOLVES else 'village'} side). "
             f"{ROLE_ABILITIES[role]} Your goal: {goal}."),
            f"You are {'alive' if engine.alive[seat] else 'dead'}.",
        ]
        c = self._condenser_now()
        plan = plan or {}
        is_wolf = bool(engine.is_wolf[seat])
        day = engine.day
        private = [t for r in c.rounds()
                   for t in c.private(seat, is_wolf, r, plan.get(r, Level.FULL), current=r == day)]
        if private:
            lines.append("What only you (or your team) know:")
            lines.extend(f"- {t}" for t in private)
        return "\n".join(lines)

    def decision_text(self, seat: int) -> str:
        engine = self.engine
        phase = engine.decision.phase
        alive = ", ".join(map(str, engine.alive_seats()))
        sheriff = f" Sheriff: seat {engine.sheriff}." if engine.sheriff >= 0 else ""
        return f"Day {engine.day}, phase {phase.name}. {PHASE_TEXT.get(phase, '')}\nAlive: seats {alive}.{sheriff}"

    def legal_text(self, seat: int) -> str:
        return "\n".join(f"{i}: {text}" for i, text in self.legal_actions(seat).items())

    def user_prompt(self, seat: int, plan: dict[int, Level] | None = None) -> str:
        return (
            "## Game history\n" + self.history_text(seat, plan) + "\n\n"
            "## Your private information\n" + self.private_text(seat, plan) + "\n\n"
            "## Current decision\n" + self.decision_text(seat) + "\n\n"
            "## Legal actions\n" + self.legal_text(seat) + "\n\n"
            + ("Answer with the speech JSON object." if self.is_speech(seat)
               else "Answer with the JSON object {\"action\": <id>}.")
        )

    def messages(self, seat: int, observation=None, plan: dict[int, Level] | None = None) -> list[dict]:
        return [{"role": "system", "content": self.system_prompt()},
                {"role": "user", "content": self.user_prompt(seat, plan)}]

    def fit_messages(self, seat: int, max_chars: int | None, observation=None) -> tuple[list[dict], dict | None]:
        """The messages for ``seat``, condensed (see :mod:`.condense`) to at most ``max_chars``
        characters where the history allows, and what was condensed (None: nothing).

        Condensing is sticky per seat: a round once condensed stays so, and a fit aims below the
        limit (:data:`FIT_SLACK`), so a seat's history prefix changes once in a while rather
        than at every decision (vLLM's prefix cache keeps serving it). ``max_chars=None`` keeps
        the seat's current condensation. The rules, the role card, the current round and the
        decision stay whole; the current round's older speeches are shortened only when
        nothing else is left to condense (the info then has ``"current_day": true``).
        """
        c = self._condenser_now()
        plan = c.plans.setdefault(seat, {})
        messages = self.messages(seat, observation, plan)
        chars = _chars(messages)
        if max_chars is not None and chars > max_chars:
            day = self.engine.day
            closed = [r for r in c.rounds() if 0 < r < day]
            target = int(max_chars * FIT_SLACK)
            trial, fitting = dict(plan), None
            for r, level in condense_steps(closed) + [(day, Level.SHORT)]:
                if trial.get(r, Level.FULL) >= level:
                    continue
                trial[r] = level
                messages = self.messages(seat, observation, trial)
                chars = _chars(messages)
                if chars <= max_chars and fitting is None:
                    fitting = (dict(trial), messages, chars)
                if chars <= target:
                    break
            else:
                if fitting is not None:  # the slack was out of reach: condense no more than needed
                    trial, messages, chars = fitting
            plan = c.plans[seat] = trial
        condensed = sorted(r for r, level in plan.items() if level > Level.FULL)
        if not condensed:
            return messages, None
        info: dict[str, Any] = {
            "days": condensed,
            "levels": [plan[r].name.lower() for r in condensed],
            "chars_before": _chars(self.messages(seat, observation)),
            "chars_after": chars,
        }
        if plan.get(self.engine.day, Level.FULL) > Level.FULL:
            info["current_day"] = True
        return messages, info

    # ------------------------------------------------------------------ schema
    def _kinds(self, seat: int) -> dict[Kind, list[int]]:
        layout = self.engine.layout
        out: dict[Kind, list[int]] = {}
        for i in self._legal(seat):
            kind, arg = layout.decode(i)
            out.setdefault(kind, []).append(arg)
        return out

    def schema(self, seat: int) -> dict:
        """The JSON schema of a legal answer for ``seat`` now."""
        legal = self._legal(seat)
        if not self.is_speech(seat):
            props: dict[str, Any] = {}
            if self.reasoning:
                props["reasoning"] = {"type": "string", "maxLength": self.max_text_chars}
            props["action"] = {"type": "integer", "enum": list(legal)}
            return {"type": "object", "properties": props, "required": ["action"], "additionalProperties": False}
        kinds = self._kinds(seat)
        props = {"text": {"type": "string", "maxLength": self.max_text_chars}}
        if Kind.CLAIM in kinds:
            props["claim"] = {"enum": [Role(a).name.lower() for a in kinds[Kind.CLAIM]] + [None]}
        wolf, good = kinds.get(Kind.REPORT_WOLF, []), kinds.get(Kind.REPORT_GOOD, [])
        if wolf or good:
            items = []
            for side, seats in (("wolves", wolf), ("village", good)):
                if seats:
                    items.append({"type": "object", "properties": {"seat": {"type": "integer", "enum": seats},
                                                                   "side": {"type": "string", "enum": [side]}},
                                  "required": ["seat", "side"], "additionalProperties": False})
            if len(items) == 2 and wolf == good:
                items = [{"type": "object", "properties": {"seat": {"type": "integer", "enum": wolf},
                                                           "side": {"type": "string", "enum": ["wolves", "village"]}},
                          "required": ["seat", "side"], "additionalProperties": False}]
            props["reports"] = {"type": "array", "items": items[0] if len(items) == 1 else {"anyOf": items},
                                "maxItems": MAX_LIST_ITEMS}
        for kind, field in ((Kind.ACCUSE, "accuse"), (Kind.DEFEND, "defend")):
            if kind in kinds:
                props[field] = {"type": "array", "items": {"type": "integer", "enum": kinds[kind]},
                                "maxItems": MAX_LIST_ITEMS}
        if Kind.VOTE_INTENT in kinds:
            props["vote_intent"] = {"enum": kinds[Kind.VOTE_INTENT] + [None]}
        special = [i for i in legal if self.engine.layout.decode(i)[0] in (Kind.EXPLODE, Kind.DUEL)]
        if special:
            props["action"] = {"enum": special + [None]}
        return {"type": "object", "properties": props, "required": ["text"], "additionalProperties": False}

    # ------------------------------------------------------------------ parsing
    def _illegal(self, seat: int, index: int, what: str) -> ParseError:
        engine = self.engine
        layout = engine.layout
        if not 0 <= index < layout.size:
            return ParseError(f"{what} {index} is not an action id")
        kind, arg = layout.decode(index)
        legal_kinds = {layout.decode(i)[0] for i in engine.legal_actions(seat)}
        if kind not in legal_kinds:
            why = f"'{layout.describe(index)}' is not an action of the {engine.decision.phase.name} decision"
        elif kind not in (Kind.CLAIM, Kind.BID, Kind.PASS, Kind.YES) and not engine.alive[arg]:
            why = f"seat {arg} is dead"
        elif arg == seat:
            why = f"'{layout.describe(index)}' may not name yourself (seat {seat}) now"
        else:
            why = f"'{layout.describe(index)}' is not allowed now"
        return ParseError(f"{what} {index} is illegal: {why}")

    def parse(self, text: str, seat: int) -> int | Action:
        """The action in ``text`` for ``seat``'s current decision; ParseError says what was wrong."""
        legal = self._legal(seat)
        answer = extract_json(text)
        if not isinstance(answer, dict):
            if isinstance(answer, int) and not isinstance(answer, bool):
                answer = {"action": answer}
            else:
                raise ParseError(f"the answer must be a JSON object, not {type(answer).__name__}")
        if not self.is_speech(seat):
            if "action" not in answer:
                raise ParseError(f"the answer has no \"action\" field (got fields: {sorted(answer)})")
            index = _as_int(answer["action"], "\"action\"")
            if index not in legal:
                raise self._illegal(seat, index, "action")
            return index
        return self._parse_speech(answer, seat, legal)

    def _parse_speech(self, answer: dict, seat: int, legal: list[int]) -> Action:
        layout = self.engine.layout
        text = answer.get("text") or ""
        if not isinstance(text, str):
            raise ParseError("\"text\" must be a string")
        text = text[: self.max_text_chars]
        index = answer.get("action")
        if index is not None:
            index = _as_int(index, "\"action\"")
            if index not in legal:
                raise self._illegal(seat, index, "action")
            if layout.decode(index)[0] in (Kind.EXPLODE, Kind.DUEL) or len(answer.keys() - {"text", "action"}) == 0:
                return Action(index=index, text=text)
        try:
            claim = answer.get("claim")
            claim = Role.parse(claim) if isinstance(claim, str) and claim.strip().lower() not in ("", "none", "null") else None
            reports = tuple(CheckReport(seat=_as_int(r.get("seat"), "a report's \"seat\""), side=r.get("side"))
                            for r in (answer.get("reports") or []) if isinstance(r, dict))
            accuse = tuple(dict.fromkeys(_as_int(s, "an \"accuse\" seat") for s in (answer.get("accuse") or [])))
            defend = tuple(dict.fromkeys(_as_int(s, "a \"defend\" seat") for s in (answer.get("defend") or [])))
            vote = answer.get("vote_intent")
            vote = None if vote is None or vote == "" else _as_int(vote, "\"vote_intent\"")
            action = Action(claim=claim, reports=reports, accuse=accuse, defend=defend, vote_intent=vote, text=text)
        except ParseError:
            raise
        except (ValueError, TypeError, AttributeError) as e:
            raise ParseError(f"the speech fields are malformed: {e}") from None
        bad = [s for s in action.seats() if not 0 <= s < self.engine.n]
        if bad:
            raise ParseError(f"seat(s) {bad} do not exist (seats are 0..{self.engine.n - 1})")
        for i in action.indices(layout):
            if i not in legal:
                raise self._illegal(seat, i, "stance")
        return action

    def feedback(self, error: str, seat: int) -> str:
        """ALIGN's correction message: what was wrong, and the legal actions again."""
        return (f"Your answer could not be used: {error}.\nThe legal actions are:\n{self.legal_text(seat)}\n"
                + ("Answer again with the speech JSON object only." if self.is_speech(seat)
                   else "Answer again with the JSON object {\"action\": <id>} only, using one of these ids."))

    def fallback(self, seat: int) -> int:
        """The decision's no-op: PASS if legal, else the first legal action."""
        return self.engine.default_action(seat)


# --------------------------------------------------------------------------------------------
# The pass-through interface (baseline: raw observation, no enrichment, no feedback)
# --------------------------------------------------------------------------------------------


class PassThroughInterface:
    """The raw observation as text: the feature vector and the legal ids, nothing explained.

    A baseline for measuring what the ALIGN interface adds. It needs no engine access: it reads
    only the observation dict. A bad answer gets no feedback (the agent retries the same prompt).
    """

    name = "passthrough"
    gives_feedback = False

    def __init__(self, env=None):
        self.env = env
        self._mask: np.ndarray | None = None

    def messages(self, seat: int, observation) -> list[dict]:
        self._mask = np.asarray(observation["action_mask"])
        features = np.asarray(observation["observation"])
        legal = np.flatnonzero(self._mask).tolist()
        return [
            {"role": "system", "content": "You are an agent in a multi-agent game. Answer with JSON {\"action\": <id>}."},
            {"role": "user", "content": f"Agent: {seat}\nObservation: {np.array2string(features, precision=3, threshold=10**6, separator=',')}\n"
                                        f"Legal action ids: {legal}"},
        ]

    def _legal(self) -> list[int]:
        if self._mask is None:
            raise ParseError("no observation seen yet")
        return np.flatnonzero(self._mask).tolist()

    def schema(self, seat: int) -> dict:
        return {"type": "object", "properties": {"action": {"type": "integer", "enum": self._legal()}},
                "required": ["action"], "additionalProperties": False}

    def parse(self, text: str, seat: int) -> int:
        answer = extract_json(text)
        if isinstance(answer, dict) and "action" in answer:
            index = _as_int(answer["action"], "\"action\"")
        elif isinstance(answer, int) and not isinstance(answer, bool):
            index = answer
        else:
            raise ParseError("no \"action\" in the answer")
        if index not in self._legal():
            raise ParseError(f"action {index} is not legal")
        return index

    def feedback(self, error: str, seat: int) -> None:
        return None

    def fallback(self, seat: int) -> int:
        legal = self._legal()
        if self.env is not None:
            pass_id = getattr(self.env, "unwrapped", self.env).layout.index(Kind.PASS)
            if pass_id in legal:
                return pass_id
        return legal[0]


INTERFACES: dict[str, type] = {"align": WerewolfTextInterface, "passthrough": PassThroughInterface}


def make_interface(name: str, env, **kwargs):
    """An interface by name: 'align' (the env's game's own text interface, through the game
    contract: Werewolf's is WerewolfTextInterface) or 'passthrough'."""
    if name == "align" and env is not None:
        from ...runner import game_of

        return game_of(env).text_interface(env, **kwargs)
    try:
        cls = INTERFACES[name]
    except KeyError:
        raise ValueError(f"unknown interface {name!r}; known: {', '.join(INTERFACES)}") from None
    return cls(env, **kwargs)
