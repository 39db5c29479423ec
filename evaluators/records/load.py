"""Finding and reading the Werewolf records to evaluate, and re-simulating each game.

Paths are record files or folders (searched recursively for ``*.jsonl``). A damaged file (a
truncated last game, a bad line) is an error naming the file, the line and why, unless the
caller asks to skip damaged lines, in which case every whole game around them is kept and each
problem is reported. A game of another game than Werewolf is an error too: the evaluators read
Werewolf's events. Each game is re-simulated from its seed and actions (as ``parlour replay``
does), so the evaluators read the engine's typed events, the ground truth a record implies.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ...envs.werewolf.engine import WerewolfEngine
from ...envs.werewolf.roles import Role, Side
from ...record import GameRecord
from ...record_reader import read_records
from ...replays.resim import ReplayMismatch, resimulate

WEREWOLF_ENV = "werewolf_v0"


class RecordsInputError(ValueError):
    """Input the record evaluators cannot use; the message names the file (and line) and why."""


@dataclass(frozen=True)
class ReplayedGame:
    """One re-simulated Werewolf game and the facts every evaluator reads."""

    path: Path
    record: GameRecord
    engine: WerewolfEngine

    @property
    def n(self) -> int:
        return self.engine.n

    @property
    def roles(self) -> list[Role]:
        return self.engine.roles

    @property
    def is_wolf(self) -> list[bool]:
        return self.engine.is_wolf

    @property
    def winner(self) -> Side | None:
        return self.engine.winner

    def side(self, seat: int) -> Side:
        return Side.WOLVES if self.engine.is_wolf[seat] else Side.VILLAGE

    def won(self, seat: int) -> bool | None:
        """Whether ``seat``'s side won; None when nobody won (a truncated game)."""
        return None if self.engine.winner is None else self.side(seat) == self.engine.winner

    @property
    def where(self) -> str:
        line = self.record.file_line(0)
        return f"{self.path}:{line}" if line is not None else str(self.path)


def record_files(paths: Iterable[str | Path]) -> list[Path]:
    """The record files named by ``paths``: files as given, folders searched for ``*.jsonl``."""
    files: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*.jsonl") if p.is_file())
            if not found:
                raise RecordsInputError(f"{path}: a folder with no .jsonl record files")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise RecordsInputError(f"{path}: no such file or folder")
    return files


def read_games(paths: Iterable[str | Path], *, skip_bad: bool = False, verify: bool = False,
               problems: list[str] | None = None) -> Iterator[ReplayedGame]:
    """Every Werewolf game in ``paths``, re-simulated (checked line by line with ``verify``).

    A damaged line raises :class:`RecordsInputError` naming ``file:line``; with ``skip_bad`` it is
    appended to ``problems`` instead (when given) and the intact games are still read. Games that
    stopped on an agent's error are skipped: they end mid-game, and no side won or lost them.
    """
    for path in record_files(paths):
        try:
            records, found = read_records(path)
        except OSError as e:
            raise RecordsInputError(f"{path}: cannot read: {e.strerror or e}") from None
        for problem in found:
            message = f"{path}:{problem}"
            if not skip_bad:
                raise RecordsInputError(message + " (pass --skip-bad to evaluate the intact games)")
            if problems is not None:
                problems.append(message)
        for record in records:
            line = record.file_line(0)
            where = f"{path}:{line}" if line is not None else str(path)
            if record.header.env_id != WEREWOLF_ENV:
                raise RecordsInputError(f"{where}: game {record.header.game_id} is a {record.header.env_id} game; "
                                        "the record evaluators read Werewolf (werewolf_v0) games")
            if record.outcome.error is not None:
                if problems is not None:
                    problems.append(f"{where}: game {record.header.game_id} stopped on an error and is left out "
                                    f"({record.outcome.error.splitlines()[0][:120]})")
                continue
            yield game_of(record, path, verify=verify)


def game_of(record: GameRecord, path: str | Path = "<memory>", *, verify: bool = False) -> ReplayedGame:
    """A record re-simulated into a :class:`ReplayedGame` (a record that does not replay is an error)."""
    try:
        engine = resimulate(record, verify=verify)
    except ReplayMismatch as e:
        raise RecordsInputError(f"{path}:{e}" if e.line is not None else f"{path}: {e}") from None
    if not isinstance(engine, WerewolfEngine):  # the registry maps werewolf_v0 to another engine
        raise RecordsInputError(f"{path}: game {record.header.game_id} did not re-simulate to a Werewolf engine")
    return ReplayedGame(Path(path), record, engine)
