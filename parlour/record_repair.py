"""Making a record file safe to append to: a last line cut off mid-write is cut back.

A kill or a full disk can leave the file's last line without its newline. Appending a game after
it would glue the game's header onto the broken line and make both unreadable, so before the
first append the broken tail is removed (or, when it is a whole line that only lacks its newline,
the newline is added). Runs once per writer, never per game or per decision.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import NamedTuple

_CHUNK = 1 << 13


class Repair(NamedTuple):
    """What a record file's tail needed before appending (the report a caller can print)."""

    path: Path
    line: int             # the line number of the file's last line
    dropped_bytes: int    # bytes of a cut-off last line removed (0 if none)
    added_newline: bool   # the last line was whole but lacked its newline
    mid_game: bool        # the last whole line is not an outcome: that game has no outcome line

    def __str__(self) -> str:
        if self.dropped_bytes:
            parts = [(f"{self.path}:{self.line}: the last line was cut off mid-write; dropped its "
                      f"{self.dropped_bytes} byte(s) before appending")]
        elif self.added_newline:
            parts = [f"{self.path}:{self.line}: the last line lacked its newline; added one before appending"]
        else:
            parts = [f"{self.path}:{self.line}: appending after a game with no outcome line"]
        if self.mid_game:
            parts.append("the file ends mid-game: readers skip that game's lines and a resumed run plays it again")
        return "; ".join(parts)


def repair_tail(path: Path) -> Repair | None:
    """Make ``path`` end with a whole line; None when it ends cleanly after a whole game."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return None
    if size == 0:
        return None
    with path.open("rb+") as f:
        f.seek(size - 1)
        if f.read(1) == b"\n":
            last = _line_before(f, size)
            if _line_type(last) in (None, "outcome"):
                return None
            return Repair(path, _count_newlines(f, size), 0, False, True)
        start = _last_newline(f, size) + 1  # where the unfinished line starts
        f.seek(start)
        tail = f.read()
        whole = _is_json_object(tail)
        if whole:
            f.seek(size)
            f.write(b"\n")
            last = tail
        else:
            f.truncate(start)
            last = _line_before(f, start)
        f.flush()
        os.fsync(f.fileno())
        line = _count_newlines(f, start) + 1
    return Repair(path, line, 0 if whole else len(tail), whole, _line_type(last) not in (None, "outcome"))


def _last_newline(f, end: int) -> int:
    """The offset of the last newline before ``end``, or -1."""
    pos = end
    while pos > 0:
        step = min(_CHUNK, pos)
        pos -= step
        f.seek(pos)
        found = f.read(step).rfind(b"\n")
        if found >= 0:
            return pos + found
    return -1


def _line_before(f, start: int) -> bytes:
    """The whole line that ends just before offset ``start`` (which follows a newline)."""
    if start == 0:
        return b""
    begin = _last_newline(f, start - 1) + 1
    f.seek(begin)
    return f.read(start - begin)


def _count_newlines(f, end: int) -> int:
    f.seek(0)
    count, pos = 0, 0
    while pos < end:
        chunk = f.read(min(_CHUNK, end - pos))
        count += chunk.count(b"\n")
        pos += len(chunk)
    return count


def _is_json_object(raw: bytes) -> bool:
    # A proper prefix of a JSON object is never a whole JSON object (its closing brace is
    # missing), so a tail that parses is a line that lost only its newline.
    try:
        return isinstance(json.loads(raw.decode("utf-8")), dict)
    except ValueError:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        return False


def _line_type(raw: bytes) -> str | None:
    try:
        data = json.loads(raw.decode("utf-8"))
    except ValueError:
        return None
    return data.get("type") if isinstance(data, dict) else None
