"""One row per decision, with stable column names, for pandas / spreadsheets / parquet."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..envs import get_game
from ..record import GameRecord

LLM_COLUMNS = ("model", "tokens_in", "tokens_out", "latency_s", "retries", "fallback")
_HEAD = ("game_id", "variant", "seed", "i", "day", "phase", "seat")
_TAIL = ("illegal", *LLM_COLUMNS, "winner")
COLUMNS = (*_HEAD, "action", *_TAIL)  # every game's columns; each game adds its own (table_columns)


class MissingExtraError(RuntimeError):
    """An output format needs an optional package that is not installed."""


def table_columns(env_ids: Iterable[str]) -> tuple[str, ...]:
    """The columns of a table of games of these env ids: the common ones and each game's own."""
    middle: list[str] = ["action"]
    for env_id in dict.fromkeys(env_ids):
        middle += [c for c in get_game(env_id).table_columns() if c not in middle]
    return (*_HEAD, *middle, *_TAIL)


def iter_rows(records: Iterable[GameRecord]) -> Iterator[dict]:
    """Rows built from the records alone (no re-simulation); a game's own columns come from its
    ``Game.decision_fields``."""
    for rec in records:
        h, out = rec.header, rec.outcome
        game = get_game(h.env_id)
        for d in rec.decisions:
            llm = d.llm or {}
            yield {
                "game_id": h.game_id, "variant": h.variant, "seed": h.seed, "i": d.i, "day": d.day, "phase": d.phase,
                "seat": d.seat, "action": d.action, **game.decision_fields(rec, d), "illegal": d.illegal,
                **{k: llm.get(k) for k in LLM_COLUMNS}, "winner": out.winner,
            }


def write_table(records: Iterable[GameRecord], path: str | Path) -> int:
    """Write ``.csv`` (csv module) or ``.parquet`` (pyarrow); returns the number of rows."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:
            raise MissingExtraError(
                f"{path}: writing .parquet needs pyarrow, which is not installed "
                "(pip install pyarrow, or the 'parquet' extra); .csv needs nothing"
            ) from None
        records = list(records)
        rows = list(iter_rows(records))
        columns = table_columns(r.header.env_id for r in records)
        pq.write_table(pa.Table.from_pylist(rows) if rows else pa.table({c: [] for c in columns}), path)
        return len(rows)
    if suffix != ".csv":
        raise ValueError(f"{path}: the table is written as .csv or .parquet, not {suffix or 'a file without suffix'!r}")
    path.parent.mkdir(parents=True, exist_ok=True)
    records = list(records)
    n = 0
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=table_columns(r.header.env_id for r in records), restval="")
        writer.writeheader()
        for row in iter_rows(records):
            writer.writerow(row)
            n += 1
    return n


def to_frame(records: Iterable[GameRecord] | str | Path):
    """The decision table as a pandas DataFrame (records, or a record file streamed from disk)."""
    try:
        import pandas as pd
    except ImportError:
        raise MissingExtraError("to_frame needs pandas: pip install -e '.[pandas]'") from None
    if isinstance(records, (str, Path)):
        from ..record import iter_records

        records = iter_records(records)
    records = list(records)
    return pd.DataFrame.from_records(iter_rows(records), columns=list(table_columns(r.header.env_id for r in records)))
