"""All the record evaluators over a set of games: group, count, bootstrap, report.

:func:`evaluate` runs each family's evaluator on every game, counts its observations per group
of seats (by role, side or agent spec; each also split by whether the seat's side won or lost)
and summarises every metric with a bootstrap interval over games. The
:class:`RecordsReport` is what ``parlour eval records`` prints and writes as JSON.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Literal

from pydantic import BaseModel

from . import compute, game_metrics, resources, stances
from .compute import ComputeBudget
from .load import ReplayedGame
from .tally import GroupsOf, MetricRow, Obs, Tally

GroupBy = Literal["role", "side", "agent"]
ALL_SEATS = "all seats"
WON, LOST = "won", "lost"

# family -> (title, its metrics: name -> (label, description))
FAMILIES: dict[str, tuple[str, dict[str, tuple[str, str]]]] = {
    "stances": ("Speech stances against the truth, the winners and the votes", {
        k: v for k, v in stances.METRICS.items() if not k.startswith("text_")}),
    "labels": ("Strategy labels of free text (Werewolf Among Us)", {
        k: v for k, v in stances.METRICS.items() if k.startswith("text_")}),
    "resources": ("In-game resources", resources.METRICS),
    "game": ("Game metrics (after Kaggle's Werewolf harness)", game_metrics.METRICS),
    "compute": ("Compute of LLM seats", compute.METRICS),
}
FAMILY_OF = {metric: family for family, (_, metrics) in FAMILIES.items() for metric in metrics}
SPLIT_FAMILIES = ("stances", "labels", "resources")  # shown for winners and losers too


class MetricInfo(BaseModel):
    family: str
    label: str
    description: str


class RecordsReport(BaseModel):
    """What the record evaluators found over a set of games."""

    games: int
    files: list[str]
    by: str
    bootstrap: int
    confidence: float
    budget: ComputeBudget | None
    problems: list[str]
    groups: list[str]  # in display order (without their won / lost splits)
    metrics: dict[str, MetricInfo]
    rows: list[MetricRow]

    def row(self, metric: str, group: str) -> MetricRow | None:
        for row in self.rows:
            if row.metric == metric and row.group == group:
                return row
        return None

    def value(self, metric: str, group: str) -> float | None:
        row = self.row(metric, group)
        return None if row is None else row.value


def split(group: str, won: bool | None) -> str | None:
    """The name of ``group`` restricted to seats whose side won (or lost)."""
    return None if won is None else f"{group} ({WON if won else LOST})"


def seat_groups(by: GroupBy) -> Callable[[ReplayedGame], GroupsOf]:
    """For each game, the groups a seat counts in: its role, side or agent spec, the same split
    by its side's result, and all seats."""
    def key(game: ReplayedGame, seat: int) -> str:
        if by == "role":
            return game.roles[seat].label
        if by == "side":
            return "wolves" if game.is_wolf[seat] else "village"
        return game.record.header.agents[seat]

    def for_game(game: ReplayedGame) -> GroupsOf:
        def groups(seat: int) -> list[str]:
            won = game.won(seat)
            out = []
            for group in (key(game, seat), ALL_SEATS):
                out.append(group)
                named = split(group, won)
                if named is not None:
                    out.append(named)
            return out
        return groups

    return for_game


def observations(game: ReplayedGame, budget: ComputeBudget | None = None) -> Iterable[Obs]:
    """Every family's observations of one game."""
    yield from stances.stance_observations(game)
    yield from resources.resource_observations(game)
    yield from game_metrics.game_observations(game)
    yield from compute.compute_observations(game, budget)


def evaluate(games: Iterable[ReplayedGame], *, by: GroupBy = "role", groups_of: Callable[[ReplayedGame], GroupsOf] | None = None,
             budget: ComputeBudget | None = None, bootstrap: int = 1000, confidence: float = 0.95, seed: int = 0,
             problems: list[str] | None = None) -> RecordsReport:
    """Evaluate ``games`` (from :func:`.load.read_games`). ``groups_of`` overrides ``by`` (a
    tournament groups seats by entrant)."""
    if bootstrap < 0:
        raise ValueError(f"bootstrap must be 0 or more resamples, not {bootstrap}")
    grouping = groups_of or seat_groups(by)
    tally = Tally()
    files: dict[str, None] = {}
    order: dict[str, None] = {}
    for game in games:
        files[str(game.path)] = None
        groups = grouping(game)
        for seat in range(game.n):
            order.setdefault(next(iter(groups(seat))), None)  # its main group (role, side, agent, entrant)
        tally.add_game(observations(game, budget), groups)
    rows = tally.summarise(bootstrap=bootstrap, confidence=confidence, seed=seed)
    main = sorted(order, key=_group_order) + [ALL_SEATS]
    rows.sort(key=lambda r: (list(FAMILY_OF).index(r.metric), r.group))
    metrics = {m: MetricInfo(family=FAMILY_OF[m], label=label, description=text)
               for _, (_, family) in FAMILIES.items() for m, (label, text) in family.items()}
    return RecordsReport(games=tally.games, files=list(files), by=by if groups_of is None else "custom",
                         bootstrap=bootstrap, confidence=confidence, budget=budget, problems=list(problems or ()),
                         groups=main, metrics=metrics, rows=rows)


def _group_order(group: str) -> tuple[int, str]:
    """Roles in the order of the game's role ids (wolves after the village's), others by name."""
    from ...envs.werewolf.roles import Role

    try:
        role = Role.parse(group)
    except ValueError:
        return (1000, group)
    return (int(role.side) * 100 + int(role), group)
