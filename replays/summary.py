"""Win rates, game lengths and deaths across many records, read from their outcome lines."""

from __future__ import annotations

from collections import Counter, defaultdict
from statistics import mean, median
from typing import Iterable

from rich.console import Console
from rich.table import Table

from ..record import GameRecord
from ..tables import print_table

_SIDES = ("village", "wolves", None)


def summarize(records: Iterable[GameRecord]) -> dict:
    """Plain numbers (for scripts and JSON); :func:`print_summary` shows them as tables."""
    by_variant: dict[str, list[GameRecord]] = defaultdict(list)
    for rec in records:
        by_variant[rec.header.variant].append(rec)
    games = [r for rs in by_variant.values() for r in rs]

    def stats(rs: list[GameRecord]) -> dict:
        wins = Counter(r.outcome.winner for r in rs)
        days = [r.outcome.days for r in rs]
        decisions = [r.outcome.decisions for r in rs]
        return {
            "games": len(rs),
            "wins": {str(side): wins[side] for side in _SIDES},
            "win_rate": {str(side): wins[side] / len(rs) if rs else 0.0 for side in _SIDES},
            "days": {"mean": mean(days), "median": median(days)} if rs else None,
            "decisions": {"mean": mean(decisions), "median": median(decisions)} if rs else None,
            "errors": sum(r.outcome.error is not None for r in rs),
        }

    deaths = Counter(cause for r in games for cause in r.outcome.deaths.values())
    return {"all": stats(games), "by_variant": {v: stats(rs) for v, rs in sorted(by_variant.items())},
            "deaths": dict(deaths.most_common())}


def print_summary(summary: dict, console: Console) -> None:
    table = Table(title=f"{summary['all']['games']} game(s)")
    for col in ("variant", "games", "village wins", "wolves wins", "no winner", "days mean / median",
                "decisions mean / median", "errors"):
        table.add_column(col, justify="left" if col == "variant" else "right")
    rows = [*summary["by_variant"].items(), ("all", summary["all"])] if len(summary["by_variant"]) > 1 \
        else list(summary["by_variant"].items())
    for name, s in rows:
        if not s["games"]:
            continue
        rate = s["win_rate"]
        table.add_row(
            name, str(s["games"]), f"{rate['village']:.0%}", f"{rate['wolves']:.0%}", f"{rate['None']:.0%}",
            f"{s['days']['mean']:.1f} / {s['days']['median']:g}",
            f"{s['decisions']['mean']:.1f} / {s['decisions']['median']:g}", str(s["errors"]),
            style="bold" if name == "all" else "",
        )
    print_table(console, table)
    if summary["deaths"]:
        deaths = Table(title="Deaths by cause")
        deaths.add_column("cause")
        deaths.add_column("deaths", justify="right")
        deaths.add_column("per game", justify="right")
        for cause, n in summary["deaths"].items():
            deaths.add_row(cause, str(n), f"{n / summary['all']['games']:.2f}")
        print_table(console, deaths)
