"""Reading record files that may be damaged, without hiding a good game.

The file is read in binary and each line decoded on its own, so a cut UTF-8 character, a line of
garbage, an unknown format version or a game without its outcome costs only the lines it spoils:
the reader reports them (line number and why) and picks up again at the next header. Every whole
game before and after the damage comes back.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from pydantic import ValidationError

from .record import (
    DECISION_ADAPTER,
    READABLE_VERSIONS,
    DecisionLine,
    GameRecord,
    Header,
    Outcome,
    RecordWarning,
)


class Problem(NamedTuple):
    """Lines of a record file that were skipped, and why."""

    line: int                    # the first skipped line (numbered from 1)
    reason: str
    last_line: int | None = None  # the last one, when a span of lines was skipped together

    def __str__(self) -> str:
        span = f"{self.line}" if self.last_line in (None, self.line) else f"{self.line}-{self.last_line}"
        return f"{span}: {self.reason}"


class ReadResult(NamedTuple):
    records: list[GameRecord]
    problems: list[Problem]


def read_records(path: str | Path) -> ReadResult:
    """Every whole game of the file, and every skipped line or span with its reason.

    Raises only OSError (FileNotFoundError for a missing file): damage inside the file is a
    :class:`Problem`, never an exception.
    """
    records: list[GameRecord] = []
    problems: list[Problem] = []
    for item in scan(path):
        if isinstance(item, Problem):
            problems.append(item)
        else:
            records.append(item)
    return ReadResult(records, problems)


def load(path: str | Path) -> Iterator[GameRecord]:
    """Stream the whole games of a record file; each skipped line is a :class:`RecordWarning`
    naming the file, the line and why. (Use :func:`read_records` to get the problems as data.)"""
    import warnings

    for item in scan(path):
        if isinstance(item, Problem):
            warnings.warn(f"{path}:{item}", RecordWarning, stacklevel=2)
        else:
            yield item


def latest_by_game_id(records: Iterable[GameRecord]) -> list[GameRecord]:
    """One record per game id: the last one in the file wins (a game that stopped with an
    error and was played again on resume is superseded by the replay); kept in file order."""
    latest: dict[str, tuple[int, GameRecord]] = {}
    for position, record in enumerate(records):
        latest[record.header.game_id] = (position, record)
    return [record for _, record in sorted(latest.values(), key=lambda entry: entry[0])]


class _Game:
    __slots__ = ("decisions", "header", "lines")

    def __init__(self, header: Header, line: int):
        self.header = header
        self.decisions: list[DecisionLine] = []
        self.lines = [line]


def scan(path: str | Path) -> Iterator[GameRecord | Problem]:
    """Games and problems in file order (a problem is yielded as soon as it is known)."""
    game: _Game | None = None
    skip: list | None = None  # [first line, last line, reason] of lines skipped until the next header
    last = 0

    def bad(lineno: int, reason: str) -> Iterator[Problem]:
        # The line is reported; the rest of its game (before and after it) is skipped as a span.
        nonlocal game, skip
        if game is None and skip is not None:
            if skip[1] >= skip[0]:  # the span before this line ends here, so reports stay in line order
                yield Problem(skip[0], skip[2], skip[1])
            skip = None
        yield Problem(lineno, reason)
        if game is not None:
            skip = [game.lines[0], lineno, f"the rest of game {game.header.game_id!r} (line {lineno} is bad)"]
            game = None
        else:
            skip = [lineno + 1, lineno, f"lines after bad line {lineno}, up to the next header"]

    def close(why: str) -> Iterator[Problem]:
        # A header or the end of the file ends the game in progress and any skipped span.
        nonlocal game, skip
        if game is not None:
            yield Problem(game.lines[0], f"game {game.header.game_id!r} has no outcome line ({why})", last)
            game = None
        if skip is not None:
            if skip[1] >= skip[0]:
                yield Problem(skip[0], skip[2], skip[1])
            skip = None

    with Path(path).open("rb") as f:
        for lineno, raw in enumerate(f, 1):
            if not raw.strip():
                continue
            try:
                data = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError as e:
                yield from bad(lineno, _cut_or(raw, f"not UTF-8 text (byte {e.start + 1} of the line: {e.reason})"))
                last = lineno
                continue
            except json.JSONDecodeError as e:
                yield from bad(lineno, _cut_or(raw, f"not JSON ({e.msg}; column {e.colno})"))
                last = lineno
                continue
            kind = data.get("type") if isinstance(data, dict) else None
            if kind == "header":
                yield from close(f"a new header follows at line {lineno}")
                last = lineno
                version = data.get("format_version")
                if version not in READABLE_VERSIONS:
                    yield Problem(lineno, f"record format version {version!r}, but this parlour reads "
                                  f"version{'s' if len(READABLE_VERSIONS) > 1 else ''} "
                                  + " and ".join(map(str, READABLE_VERSIONS)))
                    skip = [lineno + 1, lineno, f"the rest of game {data.get('game_id')!r} (its header is unreadable)"]
                    continue
                try:
                    game = _Game(Header.model_validate(data), lineno)
                except ValidationError as e:
                    yield from bad(lineno, _invalid("header", e))
                continue
            last = lineno
            if kind not in ("decision", "outcome"):
                what = f"field 'type' is {kind!r}" if isinstance(data, dict) else f"a JSON {type(data).__name__}"
                yield from bad(lineno, f"{what}; expected a header, decision or outcome line")
                continue
            if skip is not None:
                skip[1] = lineno
                continue
            if game is None:
                skip = [lineno, lineno, "lines of no game: no header before them"]
                continue
            try:
                if kind == "decision":
                    line: DecisionLine | Outcome = DECISION_ADAPTER.validate_python(data)
                else:
                    line = Outcome.model_validate(data)
            except ValidationError as e:
                yield from bad(lineno, _invalid(kind, e))
                continue
            game.lines.append(lineno)
            if isinstance(line, DecisionLine):  # kind == "decision"
                game.decisions.append(line)
            else:
                # Every line was validated above; don't validate the decisions a second time.
                record = GameRecord.model_construct(header=game.header, decisions=game.decisions, outcome=line)
                record._file_lines = game.lines
                game = None
                yield record
    yield from close("the file ends mid-game")


def _cut_or(raw: bytes, reason: str) -> str:
    if not raw.endswith(b"\n"):
        return f"the file ends mid-line ({len(raw)} byte(s) with no newline: a write cut off); {reason}"
    return reason


def _invalid(kind: str, error: ValidationError) -> str:
    err = error.errors()[0]
    field = ".".join(map(str, err["loc"])) or "(the line)"
    return f"{kind} line, field {field!r}: {err['msg']}"
