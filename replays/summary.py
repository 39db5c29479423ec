"""Win rates, game lengths and deaths across many records, read from their outcome lines."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from statistics import mean, median

from rich.console import Console
from rich.table import Table

from ..record import GameRecord
from ..tables import print_table


def summarize(records: Iterable[GameRecord]) -> dict:
    """Plain numbers (for scripts and JSON); :func:`print_summary` shows them as tables.

    Wins are counted by each outcome's winner label ('village', 'wolves', 'player 0', ...);
    'None' counts games nobody won. Deaths by cause come from outcomes whose details hold them.
    """
    records = list(records)
    by_variant: dict[str, list[GameRecord]] = defaultdict(list)
    for rec in records:
        by_variant[f"{rec.header.env_id.removesuffix('_v0')}/{rec.header.variant}"
                   if len({r.header.env_id for r in records}) > 1 else rec.header.variant].append(rec)
    labels = sorted({r.outcome.winner for r in records if r.outcome.winner is not None}) + [None]

    def stats(rs: list[GameRecord]) -> dict:
        wins = Counter(r.outcome.winner for r in rs)
        days = [r.outcome.days for r in rs]
        decisions = [r.outcome.decisions for r in rs]
        return {
            "games": len(rs),
            "wins": {str(label): wins[label] for label in labels},
            "win_rate": {str(label): wins[label] / len(rs) if rs else 0.0 for label in labels},
            "days": {"mean": mean(days), "median": median(days)} if rs else None,
            "decisions": {"mean": mean(decisions), "median": median(decisions)} if rs else None,
            "errors": sum(r.outcome.error is not None for r in rs),
            "errored_games": [r.header.game_id for r in rs if r.outcome.error is not None],
        }

    deaths = Counter(cause for r in records for cause in r.outcome.details.get("deaths", {}).values())
    return {"all": stats(records), "by_variant": {v: stats(rs) for v, rs in sorted(by_variant.items())},
            "winners": [str(label) for label in labels], "deaths": dict(deaths.most_common())}


def print_summary(summary: dict, console: Console) -> None:
    labels = summary["winners"]
    table = Table(title=f"{summary['all']['games']} game(s)")
    columns = ["variant", "games", *(f"{label} wins" if label != "None" else "no winner" for label in labels),
               "days mean / median", "decisions mean / median", "errors"]
    for col in columns:
        table.add_column(col, justify="left" if col == "variant" else "right")
    rows = [*summary["by_variant"].items(), ("all", summary["all"])] if len(summary["by_variant"]) > 1 \
        else list(summary["by_variant"].items())
    for name, s in rows:
        if not s["games"]:
            continue
        rate = s["win_rate"]
        table.add_row(
            name, str(s["games"]), *(f"{rate[label]:.0%}" for label in labels),
            f"{s['days']['mean']:.1f} / {s['days']['median']:g}",
            f"{s['decisions']['mean']:.1f} / {s['decisions']['median']:g}", str(s["errors"]),
            style="bold" if name == "all" else "",
        )
    print_table(console, table)
    if summary["all"]["errored_games"]:
        console.print(f"[red]stopped on an error: {', '.join(summary['all']['errored_games'])}[/red]")
    if summary["deaths"]:
        deaths = Table(title="Deaths by cause")
        deaths.add_column("cause")
        deaths.add_column("deaths", justify="right")
        deaths.add_column("per game", justify="right")
        for cause, n in summary["deaths"].items():
            deaths.add_row(cause, str(n), f"{n / summary['all']['games']:.2f}")
        print_table(console, deaths)
