"""One row per decision, with stable column names, for pandas / spreadsheets / parquet."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Iterable, Iterator

from ..envs.werewolf.actions import Action, ActionLayout, Kind
from ..envs.werewolf.roles import Role, Side
from ..record import GameRecord

LLM_COLUMNS = ("model", "tokens_in", "tokens_out", "latency_s", "retries", "fallback")
COLUMNS = (
    "game_id", "variant", "seed", "i", "day", "phase", "seat", "role", "side", "action", "action_kind", "target",
    "claim", "accuse", "defend", "vote_intent", "reports", "text", "illegal", *LLM_COLUMNS, "winner",
)
# Kinds whose argument is a seat: the row's ``target``.
_SEAT_KINDS = frozenset({Kind.TARGET, Kind.REPORT_WOLF, Kind.REPORT_GOOD, Kind.ACCUSE, Kind.DEFEND,
                         Kind.VOTE_INTENT, Kind.DUEL})


class MissingExtraError(RuntimeError):
    """An output format needs an optional package that is not installed."""


def _seats(seats) -> str:
    return " ".join(map(str, seats))


def _stances(decision, layout: ActionLayout) -> dict:
    """claim/accuse/defend/vote_intent/reports/text, from the structured speech or the bare index."""
    act = Action.model_validate(decision.speech) if decision.speech else Action(index=decision.action)
    if act.index is not None:  # a single index (text may ride along): its kind says the stance
        kind, arg = layout.decode(act.index)
        act = Action(
            claim=Role(arg) if kind is Kind.CLAIM else None,
            accuse=(arg,) if kind is Kind.ACCUSE else (), defend=(arg,) if kind is Kind.DEFEND else (),
            vote_intent=arg if kind is Kind.VOTE_INTENT else None,
            reports=({"seat": arg, "side": Side.WOLVES if kind is Kind.REPORT_WOLF else Side.VILLAGE},)
            if kind in (Kind.REPORT_WOLF, Kind.REPORT_GOOD) else (),
            text=act.text,
        )
    return {
        "claim": act.claim.name.lower() if act.claim is not None else None,
        "accuse": _seats(act.accuse) or None, "defend": _seats(act.defend) or None,
        "vote_intent": act.vote_intent,
        "reports": " ".join(f"{r.seat}:{r.side.name.lower()}" for r in act.reports) or None,
        "text": act.text or None,
    }


def iter_rows(records: Iterable[GameRecord]) -> Iterator[dict]:
    """Rows built from the records alone (no re-simulation), every column always present."""
    for rec in records:
        h, out = rec.header, rec.outcome
        layout = ActionLayout(len(out.roles))
        for d in rec.decisions:
            kind, arg = layout.decode(d.action)
            role = Role.parse(out.roles[d.seat])
            llm = d.llm or {}
            yield {
                "game_id": h.game_id, "variant": h.variant, "seed": h.seed, "i": d.i, "day": d.day, "phase": d.phase,
                "seat": d.seat, "role": role.name.lower(), "side": role.side.name.lower(),
                "action": d.action, "action_kind": kind.name.lower(), "target": arg if kind in _SEAT_KINDS else None,
                **_stances(d, layout), "illegal": d.illegal,
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
        rows = list(iter_rows(records))
        pq.write_table(pa.Table.from_pylist(rows) if rows else pa.table({c: [] for c in COLUMNS}), path)
        return len(rows)
    if suffix != ".csv":
        raise ValueError(f"{path}: the table is written as .csv or .parquet, not {suffix or 'a file without suffix'!r}")
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
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
    return pd.DataFrame.from_records(iter_rows(records), columns=list(COLUMNS))
