"""Loading a record file that may be damaged: every whole game, and what was skipped.

(This module was ``parlour.replays.load``; that name is the :func:`load` function now.)
"""

from __future__ import annotations

from pathlib import Path

from ..record import GameRecord
from ..record_reader import read_records


def load_complete(path: str | Path) -> tuple[list[GameRecord], str | None]:
    """Every whole game of the file, and one message naming the skipped lines (None if none).

    Kept for callers of the first API; :func:`parlour.replays.read_records` gives each skipped
    line as a :class:`~parlour.replays.Problem`.
    """
    try:
        records, problems = read_records(path)
    except OSError as e:
        return [], f"{path}: {e.strerror or e}"
    if not problems:
        return records, None
    return records, "; ".join(f"{path}:{p}" for p in problems)
