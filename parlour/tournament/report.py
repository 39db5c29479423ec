"""A tournament's ratings as a rich table, CSV, JSON and (with matplotlib) a plot."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path
from typing import TYPE_CHECKING

from rich.table import Table

if TYPE_CHECKING:
    from .core import TournamentResult


def _fmt(x: float | None, digits: int = 0) -> str:
    return "-" if x is None or not math.isfinite(x) else f"{x:.{digits}f}"


def _main_method(result: TournamentResult) -> str:
    for method in ("bradley-terry", "openskill", "elo", "polarix"):
        if method in result.ratings:
            return method
    return next(iter(result.ratings))


def metric_columns(result: TournamentResult) -> dict[str, tuple[str, dict[str, float | None]]]:
    """Per-entrant metric columns from the record evaluators, when they are installed and read
    the game (Werewolf): ``{row key: (header, {entrant: value})}``; none otherwise."""
    try:
        from ..evaluators.records.tournament import entrant_columns
    except ImportError:
        return {}
    return entrant_columns(result)


def rows(result: TournamentResult) -> list[dict]:
    """One flat row per entrant, best first by the first of Bradley-Terry, openskill, Elo."""
    main = result.ratings[_main_method(result)]
    extra = metric_columns(result)
    sides = sorted({s for r in result.win_rates.values() for s in r["sides"]})
    roles = sorted({s for r in result.win_rates.values() for s in r["roles"]})
    out = []
    for name in main.order():
        wr = result.win_rates.get(name, {"games": 0, "errors": 0, "win_rate": None, "mean_return": None, "sides": {},
                                         "roles": {}})
        row = {"entrant": name, "games": wr["games"], "errors": wr["errors"], "win_rate": wr["win_rate"],
               "mean_return": wr.get("mean_return")}
        for method, r in result.ratings.items():
            row[f"{method}"] = r.rating.get(name)
            row[f"{method}_low"] = r.low.get(name)
            row[f"{method}_high"] = r.high.get(name)
        for s in sides:
            cell = wr["sides"].get(s)
            row[f"win_rate_{s}"] = cell["win_rate"] if cell else None
            row[f"games_{s}"] = cell["games"] if cell else 0
        for s in roles:
            cell = wr["roles"].get(s)
            row[f"win_rate_role_{s}"] = cell["win_rate"] if cell else None
        for key, (_, values) in extra.items():
            row[key] = values.get(name)
        out.append(row)
    return out


def table(result: TournamentResult) -> Table:
    digits = {"openskill": 1, "elo": 0, "bradley-terry": 0, "polarix": 3}
    sides = sorted({s for r in result.win_rates.values() for s in r["sides"]})
    by_returns = result.units != len(result.results)
    rated = f"rated on net returns over {result.units} seed blocks, " if by_returns else ""
    t = Table(title=f"{result.config.name}: {len(result.results)} games, {result.errors} errored "
                    f"({rated}{int(result.config.confidence * 100)}% intervals)")
    t.add_column("entrant")
    t.add_column("games", justify="right")
    t.add_column("win", justify="right")
    if by_returns:
        t.add_column("return", justify="right")
    for s in sides:
        t.add_column(f"win {s}", justify="right")
    for method in result.ratings:
        t.add_column(method, justify="right")
    extra = metric_columns(result)
    for header, _ in extra.values():
        t.add_column(header, justify="right")
    t.add_column("errors", justify="right")
    for row in rows(result):
        cells = [row["entrant"], str(row["games"]), _fmt(row["win_rate"], 3)]
        if by_returns:
            cells.append(_fmt(row["mean_return"], 3))
        cells += [f"{_fmt(row[f'win_rate_{s}'], 3)} ({row[f'games_{s}']})" for s in sides]
        for method in result.ratings:
            d = digits.get(method, 1)
            value, lo, hi = row[method], row[f"{method}_low"], row[f"{method}_high"]
            interval = "" if lo == hi else f" [{_fmt(lo, d)}, {_fmt(hi, d)}]"
            cells.append(_fmt(value, d) + interval)
        cells += [_fmt(row[key], 3) for key in extra]
        cells.append(str(row["errors"]))
        t.add_row(*cells)
    handicaps = {m: r.handicap for m, r in result.ratings.items() if r.handicap}
    if handicaps:
        t.caption = "side terms: " + "; ".join(
            f"{m} " + ", ".join(f"{s} {v:+.1f}" for s, v in sorted(h.items())) for m, h in handicaps.items())
    return t


def write_outputs(result: TournamentResult) -> list[Path]:
    folder = result.folder
    data = rows(result)
    written = []
    json_path = folder / "ratings.json"
    json_path.write_text(json.dumps({
        "games": len(result.results), "errors": result.errors, "confidence": result.config.confidence,
        "score": "returns" if result.units != len(result.results) else "wins", "rated_units": result.units,
        "methods": {m: {"rating": r.rating, "low": r.low, "high": r.high, "side_terms": r.handicap}
                    for m, r in result.ratings.items()},
        "win_rates": result.win_rates, "rows": data,
    }, indent=2, default=float))
    written.append(json_path)
    csv_path = folder / "ratings.csv"
    with csv_path.open("w", newline="") as f:
        fields = list(data[0]) if data else ["entrant"]
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(data)
    written.append(csv_path)
    plot = plot_ratings(result, folder / "ratings.png")
    if plot is not None:
        written.append(plot)
    return written


def plot_ratings(result: TournamentResult, path: Path) -> Path | None:
    """Each method's ratings with their intervals, one panel per method (needs matplotlib)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ModuleNotFoundError:
        return None
    methods = list(result.ratings)
    fig, axes = plt.subplots(1, len(methods), figsize=(4 * len(methods), 0.5 * len(rows(result)) + 1.5), squeeze=False)
    for ax, method in zip(axes[0], methods):
        r = result.ratings[method]
        order = r.order()[::-1]
        values = [r.rating[e] for e in order]
        lo = [max(0.0, r.rating[e] - r.low[e]) for e in order]
        hi = [max(0.0, r.high[e] - r.rating[e]) for e in order]
        ax.errorbar(values, range(len(order)), xerr=[lo, hi], fmt="o", capsize=3)
        ax.set_yticks(range(len(order)), order)
        ax.set_title(method)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path
