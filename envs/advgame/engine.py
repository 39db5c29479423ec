"""The plan-and-revise engine: each round both sides build a hidden lineup under the budget, the
battle simulator plays the two lineups out, both see the result and both lineups, and the next
round they revise. After ``rules.rounds`` rounds the side with more battles won wins the match.

A side builds its plan one decision at a time (flat ids: ``add unit u`` to the next free slot,
legal while a slot is free and the unit fits the gold left, then ``SUBMIT``), so action masks
keep a plan within budget. A whole plan can also be submitted at once as a structured
:class:`Plan` (what an LLM answers, the paper's JSON plan) at the start of a side's turn; such a
plan may cost more than the budget: then it is **over budget** and loses that round's battle
(two over-budget plans draw). Seat 0 builds first each round; its plan stays hidden from seat 1
until the battle. Chance: one tiebreak per round (which side acts first among equal speeds),
drawn at reset from a Generator seeded by the game's seed.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from .battle import DRAW, BattleResult, simulate
from .rules import AdvGameRules, catalogue


class Plan(BaseModel):
    """A whole lineup, front slot first, by unit name (the structured action an LLM answers)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    units: tuple[str, ...] = Field(description="Unit names, front slot first.")


class AdvGameError(ValueError):
    """An action the engine refuses; the message names the seat and what was wrong."""


class Submitted(NamedTuple):
    units: tuple[int, ...]
    cost: int
    over_budget: bool
    whole: bool        # submitted as one Plan (an LLM's JSON) rather than unit by unit


class RoundResult(NamedTuple):
    plans: tuple[Submitted, Submitted]
    battle: BattleResult
    winner: int        # 0, 1 or DRAW (over budget decides before the battle)


class AdvGameEngine:
    n = 2
    truncated = False  # a match always ends after its rounds

    def __init__(self, rules: AdvGameRules | None = None, seed: int | None = None):
        self.rules = rules if rules is not None else AdvGameRules()
        self.cat = catalogue()
        self.costs = tuple(u.cost for u in self.cat.units)
        self.num_units = len(self.cat.units)
        self.SUBMIT = self.num_units
        self.num_actions = self.num_units + 1
        self.reset(seed)

    def reset(self, seed: int | None = None) -> None:
        self.seed = seed
        self.tiebreaks = tuple(int(b) for b in np.random.default_rng(seed).integers(0, 2, self.rules.rounds))
        self.history: list[tuple[int, int | Plan]] = []
        self.results: list[RoundResult] = []
        self.pending: list[Submitted | None] = [None, None]
        self.draft: list[int] = []
        self.done = False

    # ------------------------------------------------------------------ queries
    @property
    def round(self) -> int:
        """The round being planned, from 1 (the last one once the match is over)."""
        return min(len(self.results) + 1, self.rules.rounds)

    @property
    def builder(self) -> int:
        """The seat building its plan now, or -1 when the match is over."""
        if self.done:
            return -1
        return 0 if self.pending[0] is None else 1

    @property
    def phase_name(self) -> str:
        return "OVER" if self.done else ("PLAN" if not self.draft else "BUILD")

    def to_move(self) -> list[int]:
        return [] if self.done else [self.builder]

    def draft_cost(self) -> int:
        return sum(self.costs[u] for u in self.draft)

    def legal_actions(self, seat: int) -> list[int]:
        if self.done or seat != self.builder:
            return []
        left = self.rules.budget - self.draft_cost()
        adds = [u for u, c in enumerate(self.costs) if c <= left] if len(self.draft) < self.rules.slots else []
        return [*adds, self.SUBMIT]

    def default_action(self, seat: int) -> int:
        return self.SUBMIT

    def wins(self) -> list[int]:
        return [sum(r.winner == s for r in self.results) for s in (0, 1)]

    def winners(self) -> list[int]:
        if not self.done:
            return []
        w = self.wins()
        return [] if w[0] == w[1] else [0 if w[0] > w[1] else 1]

    def returns(self) -> list[float]:
        w = self.winners()
        if not w:
            return [0.0, 0.0]
        return [1.0, -1.0] if w[0] == 0 else [-1.0, 1.0]

    def names(self, units) -> list[str]:
        return [self.cat.units[u].name for u in units]

    def details(self) -> dict:
        """Every round's plans, costs, over-budget flags and battle, as JSON data (metrics read it)."""
        rounds = [{"plans": [self.names(p.units) for p in r.plans], "costs": [p.cost for p in r.plans],
                   "over_budget": [p.over_budget for p in r.plans], "whole_plan": [p.whole for p in r.plans],
                   "winner": r.winner, "ticks": r.battle.ticks, "hp_left": list(r.battle.hp_left)}
                  for r in self.results]
        w = self.winners()
        return {"budget": self.rules.budget, "rounds": rounds, "round_wins": self.wins(), "winner": w[0] if w else DRAW}

    # ------------------------------------------------------------------ state
    def state_parts(self) -> tuple[bytes, tuple[int, ...]]:
        ints: list[int] = [*self.tiebreaks, len(self.results), len(self.draft), *self.draft]
        for r in self.results:
            for p in r.plans:
                ints += [len(p.units), *p.units, int(p.over_budget)]
        for q in self.pending:
            ints += [-1] if q is None else [len(q.units), *q.units, int(q.over_budget)]
        return b"", tuple(ints)

    def clone(self) -> AdvGameEngine:
        other = object.__new__(AdvGameEngine)
        other.__dict__.update(self.__dict__)
        other.history = self.history[:]
        other.results = self.results[:]
        other.pending = self.pending[:]
        other.draft = self.draft[:]
        return other

    def __copy__(self) -> AdvGameEngine:
        return self.clone()

    # ------------------------------------------------------------------ actions
    def step(self, seat: int, action) -> None:
        """Validate and apply an action id or a whole :class:`Plan`; a wrong one raises
        :class:`AdvGameError` and changes nothing."""
        if self.done:
            raise AdvGameError(f"seat {seat}: the match is over")
        if seat != self.builder:
            raise AdvGameError(f"seat {seat} may not act now: seat {self.builder} is building its plan")
        if isinstance(action, dict):
            action = Plan.model_validate(action)
        if isinstance(action, Plan):
            units = self.plan_units(action, seat)
            self.history.append((seat, action))
            self._submit(seat, units, whole=True)
            return
        if isinstance(action, (bool, np.bool_)) or not isinstance(action, (int, np.integer)):
            raise AdvGameError(f"seat {seat}: an action must be an int id or a Plan, not {type(action).__name__} {action!r}")
        action = int(action)
        if action not in self.legal_actions(seat):
            raise AdvGameError(f"seat {seat}: action {action} is not legal now; legal: {self.legal_actions(seat)}")
        self.history.append((seat, action))
        if action == self.SUBMIT:
            self._submit(seat, tuple(self.draft), whole=False)
        else:
            self.draft.append(action)

    def plan_units(self, plan: Plan, seat: int) -> tuple[int, ...]:
        """The unit ids of a whole plan; raises AdvGameError for an unknown unit, too many units,
        or a plan sent after the seat began building unit by unit. Cost is not checked here: an
        over-budget plan is a legal move that loses its round."""
        if self.draft:
            raise AdvGameError(f"seat {seat}: a whole plan must come before any unit is added; "
                               f"the draft already holds {', '.join(self.names(self.draft))}")
        if len(plan.units) > self.rules.slots:
            raise AdvGameError(f"seat {seat}: the plan has {len(plan.units)} units; at most {self.rules.slots} slots")
        try:
            return tuple(self.cat.index(name) for name in plan.units)
        except KeyError as e:
            raise AdvGameError(f"seat {seat}: {e.args[0]}") from None

    def _submit(self, seat: int, units: tuple[int, ...], whole: bool) -> None:
        cost = sum(self.costs[u] for u in units)
        self.pending[seat] = Submitted(units, cost, cost > self.rules.budget, whole)
        self.draft = []
        if seat == 1:
            self._battle()

    def _battle(self) -> None:
        p0, p1 = self.pending
        assert p0 is not None and p1 is not None
        battle = simulate(self.cat, (p0.units, p1.units), self.rules.max_ticks, self.tiebreaks[len(self.results)])
        if p0.over_budget or p1.over_budget:
            winner = DRAW if p0.over_budget and p1.over_budget else (1 if p0.over_budget else 0)
        else:
            winner = battle.winner
        self.results.append(RoundResult((p0, p1), battle, winner))
        self.pending = [None, None]
        self.done = len(self.results) == self.rules.rounds
