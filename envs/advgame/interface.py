"""The text interface LLM seats play the auto-battler through.

At the start of its turn a seat answers with its whole plan as JSON, the paper's format:
``{"plan": ["Knight", "Archer", ...]}`` (front slot first). The plan is taken as written: one that
costs more than the budget is submitted and loses its round (the paper's over-budget rule, and
its over-budget rate), while an unknown unit or too many units is a :class:`ParseError` with the
catalogue and the legal actions as feedback. A seat may also build unit by unit with action ids
(``{"action": id}``; the flat ids the masks use), as every decision after the first unit must.
"""

from __future__ import annotations

from typing import Any

from parlour.agents.llm.text_interface import ActionIdInterface, ParseError

from .battle import __doc__ as battle_doc
from .engine import AdvGameError, Plan
from .narrate import narrate, plan_text
from .rules import AdvGameRules, Catalogue

__all__ = ["AdvGameTextInterface", "ParseError", "rules_text"]


def catalogue_text(cat: Catalogue) -> str:
    lines = [f"- {u.name}: cost {u.cost}, hp {u.hp}, attack {u.attack}, armor {u.armor}, speed {u.speed}, "
             f"class {u.klass}, {u.range}" + (f", ability {u.ability}" if u.ability != "none" else "")
             + (f" (heals {u.heal})" if u.heal else "") for u in cat.units]
    for s in cat.synergies:
        bonus = ", ".join(f"+{v} {k}" for k, v in (("hp", s.hp), ("attack", s.attack), ("armor", s.armor)) if v)
        lines.append(f"- Synergy: {s.count} or more {s.klass} units in a lineup each get {bonus}.")
    return "\n".join(lines)


def rules_text(rules: AdvGameRules, cat: Catalogue) -> str:
    battle = " ".join((battle_doc or "").split("\n\n", 1)[-1].split())
    return (f"1. Two players each buy a lineup of at most {rules.slots} units (slot 1 is the front) costing at most "
            f"{rules.budget} gold. A plan over the budget loses its round.\n"
            f"2. Both lineups are hidden until the battle; a deterministic simulator then plays them out. {battle}\n"
            f"3. After each battle both players see both lineups and the result, and revise. The match has "
            f"{rules.rounds} rounds; the player winning more rounds wins.\n"
            f"## Units\n{catalogue_text(cat)}")


class AdvGameTextInterface(ActionIdInterface):
    """Prompts, schema and parsing of whole JSON plans and unit-by-unit action ids."""

    def legal_actions(self, seat: int) -> dict[int, str]:
        e = self.engine
        legal = e.legal_actions(seat)
        if not legal:
            return {}
        out = {u: f"<ADD {e.cat.units[u].name}>: put a {e.cat.units[u].name} ({e.costs[u]} gold) in slot "
                  f"{len(e.draft) + 1}" for u in legal if u != e.SUBMIT}
        out[e.SUBMIT] = f"<SUBMIT>: submit the lineup {plan_text(e, e.draft)} ({e.draft_cost()} gold)"
        return out

    def shared_legal_actions(self, seat: int) -> dict[int, str]:
        return {i: t.split(": ", 1)[0] for i, t in self.legal_actions(seat).items()}

    def _whole_plan_open(self, seat: int) -> bool:
        return self.engine.builder == seat and not self.engine.draft

    def _format(self) -> str:
        return '{"reasoning": "<short>", "plan": ["<unit>", ...]}' if self.reasoning else '{"plan": ["<unit>", ...]}'

    def system_prompt(self) -> str:
        e = self.engine
        return ("You are an AI agent playing an auto-battler against another player. Plan a lineup within the "
                "budget, watch the battle, and revise to win the match.\n\n## Game rules\n"
                + rules_text(e.rules, e.cat) + "\n\n## How to answer\n"
                f"At the start of your turn answer with the JSON object {self._format()}, units front slot first. "
                'You may instead build unit by unit with {"action": <id>} using the listed action ids.')

    def state_text(self, seat: int) -> str:
        e = self.engine
        lines = [f"{i}. {t}" for i, (_, t) in enumerate(narrate(e, seat), 1)] or ["No battle yet."]
        if e.builder == seat and e.draft:
            lines.append(f"Your draft: {plan_text(e, e.draft)} ({e.draft_cost()} of {e.rules.budget} gold).")
        return "\n".join(lines)

    def user_prompt(self, seat: int) -> str:
        e = self.engine
        head = (f"## Player information\nYou are player {seat}; your opponent is player {1 - seat}. "
                f"Round {e.round} of {e.rules.rounds}; budget {e.rules.budget} gold, {e.rules.slots} slots.\n\n"
                f"## Game history\n{self.state_text(seat)}")
        if e.builder != seat:
            return head
        how = (f"It is your turn: submit your whole plan as {self._format()}, or add one unit with "
               '{"action": <id>}.' if self._whole_plan_open(seat) else
               'Continue your lineup: answer {"action": <id>} with one of the legal ids.')
        return head + f"\n\n## Legal actions\n{self.legal_text(seat)}\n\n## Instructions\n{how}"

    def schema(self, seat: int) -> dict:
        base = super().schema(seat)
        if not self._whole_plan_open(seat):
            return base
        e = self.engine
        base["properties"]["plan"] = {"type": "array", "maxItems": e.rules.slots,
                                      "items": {"type": "string", "enum": [u.name for u in e.cat.units]}}
        base.pop("required")
        base["anyOf"] = [{"required": ["action"]}, {"required": ["plan"]}]
        return base

    def parse(self, text: str, seat: int) -> Any:
        """A whole plan (``{"plan": [...]}``, a :class:`Plan`) or a flat action id."""
        self._legal(seat)
        answer = self._answer(text)
        if isinstance(answer, dict) and "plan" in answer and "action" not in answer:
            units = answer["plan"]
            if not isinstance(units, list) or not all(isinstance(u, str) for u in units):
                raise ParseError(f"\"plan\" must be a list of unit names, not {units!r}; "
                                 f"units: {', '.join(u.name for u in self.engine.cat.units)}")
            plan = Plan(units=tuple(units))
            try:
                self.engine.plan_units(plan, seat)
            except AdvGameError as e:
                raise ParseError(f"{e}; legal actions: {self._legal_list(seat)}") from None
            return plan
        return super().parse(text, seat)

    def feedback(self, error: str, seat: int) -> str:
        how = (f"the JSON object {self._format()} (units the catalogue names, at most {self.engine.rules.slots}) "
               'or {"action": <id>}' if self._whole_plan_open(seat) else 'the JSON object {"action": <id>}')
        return (f"Your answer could not be used: {error}.\nThe legal actions are:\n{self.legal_text(seat)}\n"
                f"Answer again with {how} only.")

    def _named(self, name: str, value, seat: int) -> int:
        e = self.engine
        if name == "submit":
            return e.SUBMIT
        if name.startswith("add "):
            try:
                return e.cat.index(name[4:])
            except KeyError:
                pass
        return super()._named(name, value, seat)
