"""Loading a record file that may be damaged: keep every complete game, say where reading stopped."""

from __future__ import annotations

from pathlib import Path

from ..record import GameRecord, RecordError, iter_records


def load_complete(path: str | Path) -> tuple[list[GameRecord], str | None]:
    """Every game read before the first problem, and that problem (None if the file is sound).

    ``iter_records`` raises at the first bad line; a killed run or a hand-edited file should still
    give back the games before it, so the caller can replay them and report the rest.
    """
    records: list[GameRecord] = []
    try:
        for record in iter_records(path):
            records.append(record)
    except RecordError as e:
        return records, str(e)
    except OSError as e:
        return records, f"{path}: {e.strerror or e}"
    return records, None
