"""Running a tournament: the schedule, the games, the files, resume, and the ratings at the end.

A tournament's folder holds ``tournament.json`` (the config), ``schedule.jsonl`` (one line per
scheduled game, written before it is played), ``records.jsonl`` (each game appended and flushed
as it ends, its game id the schedule key), ``errors.jsonl`` (the traceback of every game an agent
stopped), and the ratings as ``ratings.json``, ``ratings.csv`` and ``ratings.png``.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from statistics import NormalDist
from typing import TYPE_CHECKING, Any

from rich.console import Console

from ..evaluators.ratings import GameResult, MethodRatings, rate, rated_units, win_rates
from ..record import GameRecord
from ..runner import INTERRUPTED
from .backends import (
    Backend,
    EventLoop,
    Finished,
    GameTask,
    ProcessPool,
    RayBackend,
    cores,
    make_agent,
    seat_returns,
)
from .config import Entrant, TournamentConfig, TournamentConfigError
from .schedule import Board, Lineup, Scheduler

if TYPE_CHECKING:
    from rich.progress import Progress

CONFIG_FILE, SCHEDULE_FILE, RECORDS_FILE, ERRORS_FILE = "tournament.json", "schedule.jsonl", "records.jsonl", "errors.jsonl"


class TournamentInterrupted(Exception):
    """Ctrl-C: every finished game is in the folder; ``--resume`` goes on from there."""

    def __init__(self, folder: Path, written: int):
        super().__init__(f"interrupted: {written} game(s) written to {folder}; go on with --resume {folder}")
        self.folder, self.written = folder, written


@dataclass
class TournamentResult:
    folder: Path
    config: TournamentConfig
    results: list[GameResult]
    ratings: dict[str, MethodRatings]
    win_rates: dict[str, dict[str, Any]]
    units: int = 0  # what the ratings counted: games, or seed blocks when scored by returns
    played: int = 0  # games played by this call
    skipped: int = 0  # games found done in the folder
    files: list[Path] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(r.error is not None for r in self.results)

    def order(self, method: str | None = None) -> list[str]:
        return self.ratings[method or next(iter(self.ratings))].order()


def _entrant(item: Any) -> Entrant:
    if isinstance(item, Entrant):
        return item
    if isinstance(item, str):
        return Entrant(name=item.replace(":", "_").replace("/", "_").replace("-", "_"), agent=item)
    if isinstance(item, tuple):
        return Entrant(name=item[0], agent=item[1], options=item[2] if len(item) > 2 else {})
    return Entrant.model_validate(item)


class Tournament:
    """A self-play tournament: ``Tournament(game="kuhn-poker", entrants=["scripted", "random"],
    games_per_pairing=100).run()`` or ``Tournament.from_toml(path).run()``.

    Entrants are :class:`Entrant` s, dicts (``{"name", "agent", "options"}``), ``(name, spec)``
    tuples or bare specs (named after the spec). ``games`` is the total; every other field of
    :class:`TournamentConfig` is a keyword too.
    """

    def __init__(self, config: TournamentConfig | None = None, /, **fields: Any):
        if config is None:
            if "entrants" in fields:
                fields["entrants"] = [_entrant(e).model_dump() for e in fields["entrants"]]
            config = TournamentConfig.from_data(fields)
        else:
            config.check()
        self.config = config

    @classmethod
    def from_toml(cls, path: str | Path) -> Tournament:
        return cls(TournamentConfig.from_toml(path))

    # ------------------------------------------------------------------ pieces
    def boards(self) -> list[Board]:
        from ..envs import get_game

        game = get_game(self.config.game_id)
        boards = []
        for spec in self.config.board_specs():
            rules = game.rules(spec)
            boards.append(Board(game, rules, game.board_name(rules)))
        return boards

    def scheduler(self) -> Scheduler:
        return Scheduler(self.boards(), [e.name for e in self.config.entrants], self.config.lineup)

    def planned(self) -> list[Lineup]:
        """The round robin's games, in playing order."""
        scheduler = self.scheduler()
        board = next(iter(scheduler.boards))
        blocks = self.config.blocks(scheduler.block_games(board), len(scheduler.pairings(board)))
        return scheduler.round_robin(blocks, self.config.seed)

    def task(self, lineup: Lineup, boards: dict[str, Board]) -> GameTask:
        by_name = {e.name: e for e in self.config.entrants}
        board = boards[lineup.board]
        return GameTask(lineup.game_id, lineup.seed, board.game.id, board.rules,
                        tuple(by_name[e].agent for e in lineup.entrants),
                        tuple(by_name[e].options for e in lineup.entrants))

    # ------------------------------------------------------------------ running
    def run(self, out: str | Path | None = None, *, resume: bool = False, backend: str = "local",
            address: str | None = None, console: Console | None = None, progress: bool = True,
            write_outputs: bool = True) -> TournamentResult:
        """Play every game not yet in the folder and rate the entrants.

        Without ``resume`` the folder must not hold another tournament's games; with it, games
        already complete are skipped (each game is played at most once to the end), games cut
        short by Ctrl-C are played again. Ctrl-C raises :class:`TournamentInterrupted`.
        """
        config = self.config
        console = console or Console()
        folder = Path(out or config.out or f"runs/{config.name}")
        files = _Folder(folder)
        files.prepare(config, resume)
        scheduler = self.scheduler()
        boards = scheduler.boards
        done = files.done_ids()
        schedule = files.schedule()
        runner = self._backend(backend, address, boards)
        writer = _TextWriter(files.records, lambda r: console.print(f"[yellow]{r}[/yellow]"))
        counter = _Progress(console, progress, [e.name for e in config.entrants], config.score)
        skipped = 0

        def on_done(finished: Finished) -> None:
            writer.write(finished.text)
            if finished.traceback:
                files.append_error(finished)
            if finished.error != INTERRUPTED:
                done.add(finished.game_id)
                lineup = schedule[finished.game_id]
                counter.add(GameResult(lineup.game_id, lineup.entrants, lineup.sides, lineup.roles,
                                       frozenset(finished.winners), finished.error, finished.returns, lineup.block),
                            finished.decisions)

        def play(lineups: Sequence[Lineup]) -> None:
            runner.play([self.task(lineup, boards) for lineup in lineups], on_done)

        try:
            if config.format == "round-robin":
                planned = self.planned()
                _check_schedule(schedule, planned, folder)
                files.append_schedule([lineup for lineup in planned if lineup.game_id not in schedule], schedule)
                todo = [lineup for lineup in planned if lineup.game_id not in done]
                skipped = len(planned) - len(todo)
                counter.start(len(planned), skipped, files.results(schedule))
                play(todo)
            else:
                from .adaptive import run_adaptive
                from .swiss import run_swiss

                skipped = len(done)
                counter.start(None, skipped, files.results(schedule))
                (run_swiss if config.format == "swiss" else run_adaptive)(self, scheduler, files, schedule, done, play)
        except KeyboardInterrupt:
            raise TournamentInterrupted(folder, counter.played) from None
        finally:
            runner.close()
            writer.close()
            counter.stop()
        result = rate_folder(folder, config=config)
        result.played, result.skipped = counter.played, skipped
        if write_outputs:
            from .report import write_outputs as write

            result.files = write(result)
        return result

    def _backend(self, backend: str, address: str | None, boards: dict[str, Board]) -> Backend:
        """The run's backend, kept for the whole run (one pool for every adaptive round)."""
        config = self.config
        if backend not in ("local", "ray"):
            raise TournamentConfigError(f"backend: unknown backend {backend!r}; use local or ray")
        # Build each entrant once now: a bad spec or a model that cannot load fails before any game.
        board = next(iter(boards.values()))
        env = board.game.raw_env(board.rules)
        env.reset(seed=config.seed)
        any_async = False
        for i, entrant in enumerate(config.entrants):
            try:
                agent = make_agent(entrant.agent, entrant.options, env, 0, config.seed)
            except (ValueError, TypeError) as e:
                raise TournamentConfigError(f"entrants[{i}]: {e}") from None
            any_async |= bool(getattr(agent, "is_async", False))
        if backend == "ray":
            return RayBackend(address, any_async, config.concurrency)
        if any_async:
            return EventLoop(config.concurrency)
        return ProcessPool(config.workers or cores())


def _check_schedule(schedule: dict[str, Lineup], planned: Sequence[Lineup], folder: Path) -> None:
    for lineup in planned:
        old = schedule.get(lineup.game_id)
        if old is not None and old.entrants != lineup.entrants:
            raise TournamentConfigError(f"{folder}/{SCHEDULE_FILE}: game {lineup.game_id} was scheduled with other "
                                        "seats; resume with the same config, or write to another --out")


def _result(lineup: Lineup, record: GameRecord) -> GameResult:
    return GameResult(lineup.game_id, lineup.entrants, lineup.sides, lineup.roles,
                      frozenset(record.outcome.winners), record.outcome.error, seat_returns(record), lineup.block)


class _TextWriter:
    """Appends records already formatted as JSON Lines, flushed per game, after the same repair
    of a cut-off last line that RecordWriter makes."""

    def __init__(self, path: Path, on_repair: Callable[[Any], None]):
        from ..record_repair import repair_tail

        path.parent.mkdir(parents=True, exist_ok=True)
        repair = repair_tail(path)
        if repair is not None:
            on_repair(repair)
        self._file = path.open("ab")

    def write(self, text: str) -> None:
        self._file.write(text.encode())
        self._file.flush()

    def close(self) -> None:
        self._file.close()


class _Folder:
    def __init__(self, folder: Path):
        self.folder = folder
        self.config = folder / CONFIG_FILE
        self.schedule_path = folder / SCHEDULE_FILE
        self.records = folder / RECORDS_FILE
        self.errors = folder / ERRORS_FILE

    def prepare(self, config: TournamentConfig, resume: bool) -> None:
        if self.config.exists():
            old = json.loads(self.config.read_text())
            if not resume:
                raise TournamentConfigError(f"out: {self.folder} already holds a tournament; pass --resume "
                                            f"{self.folder} to go on with it, or another --out")
            old_fields = TournamentConfig.model_validate(old["config"]).schedule_fields()
            changed = sorted(k for k, v in config.schedule_fields().items() if old_fields.get(k) != v)
            if changed:
                raise TournamentConfigError(f"--resume: {self.folder} was played with other {', '.join(changed)}; "
                                            "resume with the same config, or write to another --out")
        self.folder.mkdir(parents=True, exist_ok=True)
        self.config.write_text(json.dumps({"version": 1, "config": config.model_dump(mode="json")}, indent=2))

    def schedule(self) -> dict[str, Lineup]:
        if not self.schedule_path.exists():
            return {}
        out = {}
        for line in self.schedule_path.read_text().splitlines():
            try:
                lineup = Lineup.from_json(json.loads(line))
            except (ValueError, KeyError, TypeError):  # a line cut by a kill: rewritten below
                continue
            out[lineup.game_id] = lineup
        return out

    def append_schedule(self, lineups: Sequence[Lineup], schedule: dict[str, Lineup]) -> None:
        if not lineups:
            return
        text = "".join(json.dumps(lineup.to_json()) + "\n" for lineup in lineups)
        with self.schedule_path.open("a+b") as f:
            f.seek(0, 2)
            if f.tell():  # a line cut by a kill gets its end, so the next one starts clean
                f.seek(-1, 2)
                if f.read(1) != b"\n":
                    f.write(b"\n")
            f.write(text.encode())
            f.flush()
        for lineup in lineups:
            schedule[lineup.game_id] = lineup

    def append_error(self, finished: Finished) -> None:
        with self.errors.open("a") as f:
            f.write(json.dumps({"game_id": finished.game_id, "error": finished.error,
                                "traceback": finished.traceback}) + "\n")

    def latest(self) -> dict[str, GameRecord]:
        from ..record_reader import latest_by_game_id, read_records

        if not self.records.exists():
            return {}
        records, _ = read_records(self.records)
        return {r.header.game_id: r for r in latest_by_game_id(records)}

    def done_ids(self) -> set[str]:
        return {gid for gid, r in self.latest().items() if r.outcome.error != INTERRUPTED}

    def results(self, schedule: dict[str, Lineup]) -> list[GameResult]:
        """Finished games in schedule order."""
        latest = self.latest()
        return [_result(lineup, latest[gid]) for gid, lineup in schedule.items()
                if gid in latest and latest[gid].outcome.error != INTERRUPTED]


def load_folder(folder: str | Path) -> tuple[TournamentConfig, list[GameResult]]:
    """A tournament folder's config and finished games (in schedule order)."""
    folder = Path(folder)
    files = _Folder(folder)
    if not files.config.exists():
        raise TournamentConfigError(f"{folder}: no {CONFIG_FILE}; not a tournament folder")
    config = TournamentConfig.model_validate(json.loads(files.config.read_text())["config"])
    return config, files.results(files.schedule())


def rate_folder(folder: str | Path, *, config: TournamentConfig | None = None, bootstrap: int | None = None,
                methods: Sequence[str] | None = None) -> TournamentResult:
    """Ratings of a tournament folder's games, as ``parlour ratings DIR`` prints them."""
    stored, results = load_folder(folder)
    config = config or stored
    ratings = rate(results, methods or config.ratings, confidence=config.confidence, seed=config.seed,
                   bootstrap=config.bootstrap if bootstrap is None else bootstrap, score=config.score)
    return TournamentResult(Path(folder), config, results, ratings, win_rates(results),
                            len(rated_units(results, config.score)))


class _Progress:
    """Games done, games and decisions per second, errors, and the running openskill ratings."""

    def __init__(self, console: Console, enabled: bool, names: list[str], score: str = "auto"):
        self.console, self.enabled, self.names, self.score = console, enabled, names, score
        self.results: list[GameResult] = []
        self.played = self.errors = self.decisions = 0
        self.bar: Progress | None = None
        self.last = 0.0

    def start(self, total: int | None, skipped: int, results: list[GameResult]) -> None:
        self.results = list(results)
        self.t0 = self.last = time.perf_counter()
        if skipped:
            self.console.print(f"[dim]{skipped} game(s) already done: skipped[/dim]")
        if not self.enabled:
            return
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self.bar = Progress(TextColumn("games"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                            TextColumn("{task.fields[stats]}"), console=self.console,
                            disable=not self.console.is_terminal)
        self.bar.start()
        self.task = self.bar.add_task("games", total=total, completed=skipped, stats="")

    def add(self, result: GameResult, decisions: int = 0) -> None:
        self.played += 1
        self.decisions += decisions
        self.errors += result.error is not None
        self.results.append(result)
        now = time.perf_counter()
        if self.bar is not None:
            terminal = self.console.is_terminal
            stats = None
            if now - self.last > (1.0 if terminal else 10.0):  # not a terminal: a plain line every 10 s
                self.last = now
                stats = self.stats(now)
                if not terminal:
                    self.console.print(f"games {len(self.results)}  {stats}")
            fields: dict[str, Any] = {"stats": stats} if stats else {}  # the task's own fields, not update()'s
            self.bar.update(self.task, advance=1, **fields)

    def stats(self, now: float) -> str:
        elapsed = max(now - self.t0, 1e-9)
        return (f"{self.played / elapsed:,.1f} games/s  {self.decisions / elapsed:,.0f} decisions/s  "
                f"errors {self.errors}  {self._leaders()}")

    def _leaders(self) -> str:
        if len(self.results) > 20000:
            return ""
        from ..evaluators.ratings import openskill_ratings, rated_units

        table = openskill_ratings(rated_units(self.results, self.score))
        z = NormalDist().inv_cdf(0.975)
        order = sorted(table.skills, key=lambda e: -table.skills[e])[:4]
        return "  ".join(f"{e} {table.skills[e]:.1f}±{z * table.sigma[e]:.1f}" for e in order
                         if math.isfinite(table.skills[e]))

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None
