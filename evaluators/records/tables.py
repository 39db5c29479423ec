"""The record evaluators' report as rich tables: one per family, a row per metric, a column per group."""

from __future__ import annotations

from rich.table import Table

from .evaluate import FAMILIES, LOST, SPLIT_FAMILIES, WON, RecordsReport, split
from .game_metrics import ALL_GAMES
from .tally import MetricRow


def fmt(x: float | None) -> str:
    if x is None:
        return "-"
    return f"{x:.3f}" if abs(x) < 10 else f"{x:,.1f}"


def cell(row: MetricRow | None) -> str:
    if row is None or row.value is None:
        return "-"
    interval = "" if row.low is None or row.high is None else f" [{fmt(row.low)}, {fmt(row.high)}]"
    return f"{fmt(row.value)}{interval} n={fmt(row.den) if row.den != int(row.den) else int(row.den)}"


def family_table(report: RecordsReport, family: str) -> Table | None:
    """The family's metrics (rows) for each group (columns); None when none was observed."""
    title, metrics = FAMILIES[family]
    index = {(r.metric, r.group): r for r in report.rows}
    groups = list(report.groups)
    game_groups = sorted({r.group for r in report.rows if r.metric in metrics and r.group not in groups
                          and not r.group.endswith((f"({WON})", f"({LOST})"))},
                         key=lambda g: (g != ALL_GAMES, g))
    columns = [g for g in groups if any((m, g) in index for m in metrics)] + game_groups
    present = [m for m in metrics if any((m, g) in index for g in columns)]
    if not present:
        return None
    intervals = f"{int(report.confidence * 100)}% bootstrap intervals" if report.bootstrap else "no intervals"
    t = Table(title=f"{title} ({report.games} games; {intervals}; n = items counted)")
    t.add_column("metric")
    for g in columns:
        t.add_column(g, justify="right")
    for m in present:
        t.add_row(metrics[m][0], *(cell(index.get((m, g))) for g in columns))
        if family in SPLIT_FAMILIES:
            pair = []
            for g in columns:
                won, lost = index.get((m, split(g, True) or "")), index.get((m, split(g, False) or ""))
                pair.append("-" if won is None and lost is None else
                            f"{fmt(won.value if won else None)} / {fmt(lost.value if lost else None)}")
            t.add_row(f"  {WON} / {LOST}", *pair, style="dim")
    return t


def report_tables(report: RecordsReport, families: tuple[str, ...] = tuple(FAMILIES)) -> list[Table]:
    return [t for f in families if (t := family_table(report, f)) is not None]
