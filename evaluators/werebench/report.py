"""One WereBench evaluation run: speech items, vote alignment and role inference, as one report."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel

from ...datasets.werebench.schema import ReferenceGame, StrategyItem
from .choosers import Chooser
from .decisions import RoleResult, VoteResult, evaluate_roles, evaluate_votes
from .speech import SpeechResult, evaluate_speech


class Settings(BaseModel):
    agent: str
    data: str
    decodes: int
    seed: int
    limit: int | None
    role_day: int
    temperature: float | None
    context_chars: int | None


class WereBenchReport(BaseModel):
    settings: Settings
    speech: SpeechResult
    votes: VoteResult
    roles: RoleResult


def limit_items(items: list[StrategyItem], limit: int | None) -> list[StrategyItem]:
    """The first ``limit`` items of every dimension (all of them for None)."""
    if limit is None:
        return list(items)
    seen: dict[str, int] = {}
    kept = []
    for item in items:
        seen[item.dimension] = seen.get(item.dimension, 0) + 1
        if seen[item.dimension] <= limit:
            kept.append(item)
    return kept


def workload(items: list[StrategyItem], games: list[ReferenceGame], *, decodes: int, limit: int | None,
             role_day: int) -> int:
    """How many answers a run asks for (for a progress bar)."""
    from .decisions import inference_day, perspective, vote_cases

    keys = {g.key for g in games}
    n_items = sum(1 for i in limit_items(items, limit) if i.game in keys)
    n_votes = len([v for g in games for v in vote_cases(g)][:limit])
    n_roles = len([g for g in games if inference_day(g, role_day) >= 1 and perspective(g) is not None][:limit])
    return decodes * (2 * n_items + n_votes + n_roles)


async def evaluate(items: list[StrategyItem], games: list[ReferenceGame], chooser: Chooser, settings: Settings,
                   on_answer: Callable[[], None] | None = None) -> WereBenchReport:
    by_key = {g.key: g for g in games}
    decodes, seed, limit = settings.decodes, settings.seed, settings.limit
    speech = await evaluate_speech(limit_items(items, limit), by_key, chooser, decodes=decodes, seed=seed,
                                   on_answer=on_answer)
    votes = await evaluate_votes(games, chooser, decodes=decodes, seed=seed, limit=limit, on_answer=on_answer)
    roles = await evaluate_roles(games, chooser, day=settings.role_day, decodes=decodes, seed=seed, limit=limit,
                                 on_answer=on_answer)
    return WereBenchReport(settings=settings, speech=speech, votes=votes, roles=roles)
