"""Counting metrics over many games, and their bootstrap intervals.

Every metric of the record evaluators is a ratio of sums over games: a rate (hits / tries), a
mean (days / wins, tokens / decisions). An evaluator reports, per game, :class:`Obs` lines: a
numerator and a denominator for one metric, either for one seat (grouped later by the seat's
role, side, agent or tournament entrant) or for the game as a whole under a named group. The
:class:`Tally` keeps one numerator and one denominator per game for each (metric, group), so the
bootstrap can resample whole games (the unit that is independent) and recompute every ratio at
once with numpy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple

import numpy as np
from pydantic import BaseModel


class Obs(NamedTuple):
    """One game's contribution to one metric: ``num / den``, for ``seat`` or (seat None) for ``group``."""

    metric: str
    num: float
    den: float = 1.0
    seat: int | None = None
    group: str | None = None  # the group of a game-level observation ("all games", "village wins")


class MetricRow(BaseModel):
    """One metric for one group over all the games: the ratio of sums and its bootstrap interval."""

    metric: str
    group: str
    value: float | None  # None: nothing to count (den 0)
    low: float | None
    high: float | None
    num: float
    den: float
    games: int  # games that contributed (den > 0)


GroupsOf = Callable[[int], Iterable[str]]  # seat -> the group names it counts in


class Tally:
    """Sums of observations per (metric, group) and per game, filled game by game."""

    def __init__(self) -> None:
        self.games = 0
        # (metric, group) -> {game index: [num, den]}
        self._cells: dict[tuple[str, str], dict[int, list[float]]] = {}

    def add_game(self, observations: Iterable[Obs], groups_of: GroupsOf) -> None:
        """Count one game's observations; a seat's observation counts in each of its groups."""
        game = self.games
        self.games += 1
        cache: dict[int, tuple[str, ...]] = {}
        for obs in observations:
            if obs.seat is None:
                if obs.group is None:
                    raise ValueError(f"observation of {obs.metric!r} has neither a seat nor a group")
                groups: tuple[str, ...] = (obs.group,)
            else:
                groups = cache.get(obs.seat) or cache.setdefault(obs.seat, tuple(groups_of(obs.seat)))
            for group in groups:
                cell = self._cells.setdefault((obs.metric, group), {}).setdefault(game, [0.0, 0.0])
                cell[0] += obs.num
                cell[1] += obs.den

    def keys(self) -> list[tuple[str, str]]:
        return list(self._cells)

    def summarise(self, *, bootstrap: int = 1000, confidence: float = 0.95, seed: int = 0) -> list[MetricRow]:
        """Every (metric, group) as a :class:`MetricRow`; intervals are percentiles of the ratio
        over ``bootstrap`` resamples of the games (the same resamples for every metric)."""
        if not 0 < confidence < 1:
            raise ValueError(f"confidence must be between 0 and 1, not {confidence}")
        n = self.games
        picks = None
        if bootstrap > 0 and n > 0:
            rng = np.random.default_rng(seed)
            # counts[b, g]: how often resample b draws game g
            picks = np.stack([np.bincount(rng.integers(0, n, n), minlength=n) for _ in range(bootstrap)])
        tail = (1 - confidence) / 2 * 100
        rows = []
        for (metric, group), cells in self._cells.items():
            num = np.zeros(n)
            den = np.zeros(n)
            for game, (a, b) in cells.items():
                num[game], den[game] = a, b
            total_num, total_den = float(num.sum()), float(den.sum())
            value = total_num / total_den if total_den else None
            low = high = None
            if picks is not None and value is not None:
                with np.errstate(invalid="ignore", divide="ignore"):
                    ratios = (picks @ num) / (picks @ den)
                ratios = ratios[np.isfinite(ratios)]
                if ratios.size:
                    low, high = (float(x) for x in np.percentile(ratios, [tail, 100 - tail]))
            rows.append(MetricRow(metric=metric, group=group, value=value, low=low, high=high, num=total_num,
                                  den=total_den, games=int((den > 0).sum())))
        return rows
