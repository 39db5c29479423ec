"""Many games at once: ``run_games`` plays N games concurrently on one asyncio loop.

Every LLM seat of every running game waits on the same backend, so vLLM sees their requests
together and batches them. Each record is appended whole as its game ends. A run started again
with ``resume`` skips the games its output file already holds complete, but only when they were
played with the same rules, seat agents and seed; games that stopped on an error are played again
unless ``replay_errored=False``. Ctrl-C (a cancelled run) writes every running game's decisions
so far, its outcome marked interrupted, before :class:`RunInterrupted` is raised.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from rich.console import Console

from .agentspec import build_agent, close_backends, seat_specs
from .game import Game
from .progress import RunProgress, RunStats
from .record import GameRecord, RecordWriter
from .registry import resolve
from .runner import INTERRUPTED, play_game_async


class RunConfigError(ValueError):
    """An argument of the run that cannot work (a negative seed, no concurrency, ...)."""


class ResumeMismatch(RunConfigError):
    """``resume`` asked to continue a file whose games were played with another configuration."""


class RunInterrupted(Exception):
    """The run was stopped (Ctrl-C); every game that had started is in the output file."""

    def __init__(self, report: RunReport):
        super().__init__(f"interrupted: {report.written} game(s) written"
                         + (f", {report.interrupted} of them cut short" if report.interrupted else ""))
        self.report = report


@dataclass
class RunReport:
    """What a run did; filled while it runs, so it is complete even when the run is interrupted."""

    out: Path | None = None
    skipped: list[str] = field(default_factory=list)  # game ids already complete in the file
    replayed: list[str] = field(default_factory=list)  # ids that had stopped on an error and were played again
    written: int = 0
    interrupted: int = 0
    repair: str | None = None  # what was cut from a damaged file end before appending


def _check_args(games: int, seed: int, concurrency: int) -> None:
    for name, value, low in (("games", games, 1), ("seed", seed, 0), ("concurrency", concurrency, 1)):
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise RunConfigError(f"{name} must be an int of at least {low}, not {value!r}")


class _Board(NamedTuple):
    game: Game
    rules: Any

    def game_id(self, seed: int) -> str:
        board = self.game.board_name(self.rules)
        return f"{board}-{seed}" if self.game.boards() != ("standard",) else f"{self.game.id}-{seed}"


def _planned_specs(board: _Board, agents: list[str], seats: list[str], seeds: Sequence[int]) -> dict[int, list[str]]:
    """The agent spec of every seat of every game, resolved now so that a bad --seats fails before
    any game starts (seats given by side depend on each game's deal)."""
    env = board.game.raw_env(board.rules)
    planned = {}
    for s in seeds:
        env.reset(seed=s)
        planned[s] = seat_specs(agents, seats, env)
    return planned


def _differences(record: GameRecord, rules_json: dict, specs: list[str]) -> list[str]:
    h = record.header
    diffs = []
    if h.rules != rules_json:
        changed = sorted(k for k in {*h.rules, *rules_json} if h.rules.get(k) != rules_json.get(k))
        diffs.append(f"board rules (fields {', '.join(changed)})")
    if h.agents != specs:
        diffs.append(f"agents per seat (file: {','.join(h.agents)}; now: {','.join(specs)})")
    return diffs


def _existing_games(path: Path | None, console: Console) -> list[GameRecord]:
    if path is None or not path.is_file():  # not /dev/full and the like, which never end
        return []
    from .record_reader import read_records

    records, problems = read_records(path)
    for problem in problems:  # the games around a damaged line still count
        console.print(f"[yellow]{path}:{problem} (skipped)[/yellow]")
    return records


def _plan(board: _Board, planned: dict[int, list[str]], existing: list[GameRecord], *, resume: bool,
          replay_errored: bool, path: Path | None, report: RunReport, console: Console) -> list[int]:
    """The seeds still to play. Refuses to resume a file played another way, naming the difference."""
    rules_json = board.rules.model_dump(mode="json")
    by_seed = {board.game_id(s): s for s in planned}
    latest: dict[str, GameRecord] = {}
    for record in existing:  # a game played again after an error supersedes the earlier record
        if record.header.game_id in by_seed:
            latest[record.header.game_id] = record
    done = set()
    for game_id, record in latest.items():
        seed = by_seed[game_id]
        diffs = _differences(record, rules_json, planned[seed])
        if diffs and resume:
            raise ResumeMismatch(f"--resume: game {game_id} in {path} was played with other {'; '.join(diffs)}; "
                                 "resume with the same settings, or write to another --out")
        if not resume:
            continue
        if record.outcome.error is not None and replay_errored:
            report.replayed.append(game_id)
        else:
            done.add(game_id)
    if latest and not resume:
        console.print(f"[yellow]{path} already holds {len(latest)} of these game(s) (e.g. {next(iter(latest))}); "
                      "they are played again and appended: pass --resume to skip them[/yellow]")
    report.skipped = sorted(done)
    return [s for s in planned if board.game_id(s) not in done]


async def run_games_async(variant, agents: Sequence[str], seats: Sequence[str] = (), *, games: int = 1,
                          seed: int = 0, concurrency: int = 16, out: str | Path | None = None,
                          console: Console | None = None, progress: bool = True, resume: bool = False,
                          replay_errored: bool = True, close: bool = True, report: RunReport | None = None,
                          progress_every: float = 10.0, game: str | None = None) -> list[GameRecord]:
    """Play ``games`` games (seeds ``seed``..``seed + games - 1``) with at most ``concurrency`` at once.

    ``variant`` is a game id ('kuhn-poker'), 'GAME/BOARD', a board name, a rules model or a board
    file (``game`` names the game of a file). ``agents`` and ``seats`` are agent specs as on the command line ('scripted', 'llm:MODEL',
    'openai:URL/v1/MODEL'; 'llm=0-3'). With ``resume``, games already complete in ``out`` with the
    same rules, seat agents and seed are skipped (a killed run picks up where it stopped); a file
    played another way raises :class:`ResumeMismatch`. Returns the records played now, by seed.
    """
    _check_args(games, seed, concurrency)
    board = _Board(*resolve(variant, game=game))
    console = console or Console()
    report = report if report is not None else RunReport()
    path = report.out = Path(out) if out is not None else None
    planned = _planned_specs(board, list(agents), list(seats), range(seed, seed + games))
    todo = _plan(board, planned, _existing_games(path, console), resume=resume, replay_errored=replay_errored,
                 path=path, report=report, console=console)
    if report.skipped:
        console.print(f"[dim]{len(report.skipped)} game(s) already in {path}: skipped[/dim]")
    if report.replayed:
        console.print(f"[yellow]{len(report.replayed)} game(s) in {path} had stopped on an error and are played "
                      f"again: {', '.join(report.replayed)}[/yellow]")
    writer = None
    if path is not None:
        writer = RecordWriter(path, on_repair=lambda repair: console.print(f"[yellow]{repair}[/yellow]"))
        report.repair = str(writer.repair) if writer.repair else None
    if todo:  # build one game's agents now: a bad spec or a model that cannot load fails before any game
        probe = board.game.raw_env(board.rules)
        probe.reset(seed=todo[0])
        for s, spec in enumerate(planned[todo[0]]):
            build_agent(spec, probe, s, todo[0])
    stats, records = RunStats(total=len(todo)), []
    slots = asyncio.Semaphore(concurrency)

    async def one(game_seed: int, bar: RunProgress | None) -> None:
        async with slots:
            env = board.game.raw_env(board.rules)
            specs = planned[game_seed]
            record = await play_game_async(
                env, lambda env: [build_agent(spec, env, s, game_seed) for s, spec in enumerate(specs)],
                seed=game_seed, specs=specs, game_id=board.game_id(game_seed), on_answer=stats.answered)
        if writer:
            writer.write(record)
        report.written += 1
        report.interrupted += record.outcome.error == INTERRUPTED
        records.append(record)
        stats.add(record)
        if bar is not None:
            bar.advance()

    try:
        if progress and todo:
            async with RunProgress(stats, console, every=progress_every) as bar:
                await asyncio.gather(*(one(s, bar) for s in todo))
        else:
            await asyncio.gather(*(one(s, None) for s in todo))
    finally:
        if writer:
            writer.close()
        if close:
            await close_backends()
    records.sort(key=_seed)
    return records


def _seed(record: GameRecord) -> int:
    seed = record.header.seed
    assert seed is not None  # every game of a batch is played with its seed
    return seed


def run_games(*args, **kwargs) -> list[GameRecord]:
    """Synchronous wrapper of :func:`run_games_async` (scripts must guard it with
    ``if __name__ == "__main__":`` when an in-process vLLM engine is used).

    Ctrl-C raises :class:`RunInterrupted` once every running game's record is written.
    """
    report = kwargs.setdefault("report", RunReport())
    try:
        return asyncio.run(run_games_async(*args, **kwargs))
    except KeyboardInterrupt:
        raise RunInterrupted(report) from None
