"""Per-entrant columns of the record evaluators for a tournament's ratings table.

``parlour.tournament.report`` asks :func:`entrant_columns` for extra columns when this package is
installed: the tournament's Werewolf games (its ``records.jsonl``) are re-simulated and every
seat's metrics count for the entrant that played it. A tournament of another game, or a folder
whose records cannot be read, gets no columns (the ratings never depend on them).
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

from ...record_reader import latest_by_game_id, read_records
from .evaluate import evaluate
from .load import WEREWOLF_ENV, RecordsInputError, ReplayedGame, game_of

RECORDS_FILE = "records.jsonl"  # parlour.tournament.core.RECORDS_FILE (not imported: the tournament imports us)

# metric -> column header; only those some entrant has values for are shown
COLUMNS: dict[str, str] = {
    "id_precision": "id precision",
    "voting_success": "voting success",
    "deception": "deception",
    "persuasion": "persuasion",
    "winner_agreement": "agrees with winners",
    "tokens_per_decision": "tokens / decision",
    "fallback_rate": "fallback",
}

_CACHE: dict[tuple, dict[str, tuple[str, dict[str, float | None]]]] = {}


def entrant_columns(result: Any) -> dict[str, tuple[str, dict[str, float | None]]]:
    """``{row key: (column header, {entrant: value})}`` for a TournamentResult (empty when not Werewolf)."""
    if getattr(result.config, "game_id", None) != "werewolf":
        return {}
    path = Path(result.folder) / RECORDS_FILE
    if not path.is_file():
        return {}
    seats = {r.game_id: r.entrants for r in result.results if r.error is None}
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size, tuple(sorted(seats)))
    if key not in _CACHE:
        try:
            _CACHE[key] = _columns(path, seats)
        except RecordsInputError as e:
            warnings.warn(f"no evaluator columns: {e}", stacklevel=2)
            _CACHE[key] = {}
    return _CACHE[key]


def _columns(path: Path, seats: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, dict[str, float | None]]]:
    records, _ = read_records(path)  # damaged lines are the ratings' business; whole games still count
    games = [game_of(r, path) for r in latest_by_game_id(records)
             if r.header.game_id in seats and r.header.env_id == WEREWOLF_ENV and r.outcome.error is None]
    if not games:
        return {}

    def groups_of(game: ReplayedGame):
        entrants = seats[game.record.header.game_id]
        return lambda seat: (entrants[seat],)

    report = evaluate(games, groups_of=groups_of, bootstrap=0)
    names = sorted({e for entrants in seats.values() for e in entrants})
    out = {}
    for metric, header in COLUMNS.items():
        values = {name: report.value(metric, name) for name in names}
        if any(v is not None for v in values.values()):
            out[f"eval_{metric}"] = (header, values)
    return out
