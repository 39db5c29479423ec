"""AdvGameBench's process metrics for the auto-battler (``advgame-battle``), from game records.

Each record's outcome ``details`` holds every round's plans, over-budget flags and battle winner
(``AdvGameEngine.details``); a seat's side of a match is the list of its rounds. Over an agent's
sides (every seat whose header agent spec is that agent):

* win rate: matches won / matches (a drawn match counts as not won);
* over-budget rate: plans over the budget / plans submitted;
* revision rate: rounds after the first whose plan differs from the side's plan of the round
  before / rounds after the first;
* correction success rate: revisions whose round scored better than the round before (score 1 a
  won round, 0.5 a draw, 0 a lost one) / revisions;
* improvement slope: the least-squares slope of the round score over the round number (from 1),
  pooled over the matches: positive when the agent does better as it revises.

A rate with nothing to count (no revisions, one round) is None, not 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

import numpy as np
from pydantic import BaseModel

ENV_ID = "advgame_v0"


class SideRound(NamedTuple):
    plan: tuple[str, ...]
    over_budget: bool
    score: float  # 1 won, 0.5 drawn, 0 lost


class Side(NamedTuple):
    rounds: list[SideRound]
    won: bool


class AdvGameMetrics(BaseModel):
    matches: int
    win_rate: float | None
    over_budget_rate: float | None
    revision_rate: float | None
    correction_success_rate: float | None
    improvement_slope: float | None


def side_of(details: dict[str, Any], seat: int) -> Side:
    """One seat's side of a match from the outcome details; KeyError names a missing field."""
    rounds = []
    for k, r in enumerate(details["rounds"]):
        try:
            winner = r["winner"]
            score = 0.5 if winner == -1 else float(winner == seat)
            rounds.append(SideRound(tuple(r["plans"][seat]), bool(r["over_budget"][seat]), score))
        except (KeyError, IndexError, TypeError) as e:
            raise KeyError(f"advgame details round {k + 1}: missing or bad field ({e})") from None
    return Side(rounds, details.get("winner") == seat)


def _rate(hits: int, total: int) -> float | None:
    return hits / total if total else None


def compute(sides: Sequence[Side]) -> AdvGameMetrics:
    plans = over = later = revised = improved = 0
    xs: list[float] = []
    ys: list[float] = []
    for side in sides:
        for k, r in enumerate(side.rounds):
            plans += 1
            over += r.over_budget
            xs.append(k + 1)
            ys.append(r.score)
            if k == 0:
                continue
            later += 1
            before = side.rounds[k - 1]
            if r.plan != before.plan:
                revised += 1
                improved += r.score > before.score
    slope = float(np.polyfit(xs, ys, 1)[0]) if len(set(xs)) > 1 else None
    return AdvGameMetrics(matches=len(sides), win_rate=_rate(sum(s.won for s in sides), len(sides)),
                          over_budget_rate=_rate(over, plans), revision_rate=_rate(revised, later),
                          correction_success_rate=_rate(improved, revised), improvement_slope=slope)


def metrics_by_agent(records: Iterable[Any]) -> dict[str, AdvGameMetrics]:
    """Agent spec -> its metrics over the auto-battler records (other games' records are skipped)."""
    sides: dict[str, list[Side]] = {}
    for record in records:
        if record.header.env_id != ENV_ID:
            continue
        for seat, agent in enumerate(record.header.agents):
            sides.setdefault(agent, []).append(side_of(record.outcome.details, seat))
    return {agent: compute(s) for agent, s in sides.items()}
