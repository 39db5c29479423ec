"""Many games at once: ``run_games`` plays N games concurrently on one asyncio loop.

Every LLM seat of every running game waits on the same backend, so vLLM sees their requests
together and batches them. Each record is appended whole as its game ends; a run that is killed
and started again with the same output file skips the games it already finished.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Sequence

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from .agentspec import build_agent, close_backends, seat_specs
from .envs.werewolf.rules import RuleSet, get_variant
from .record import GameRecord, RecordWriter
from .runner import play_game_async


def finished_game_ids(path: Path) -> set[str]:
    """Ids of the complete games already in a record file (a cut-off last game is ignored)."""
    if not path.exists():
        return set()
    from .replays.load import load_complete

    records, _problem = load_complete(path)
    return {r.header.game_id for r in records}


class _Stats:
    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.decisions = self.tokens = self.fallbacks = self.errors = 0

    def add(self, record: GameRecord) -> None:
        self.decisions += len(record.decisions)
        self.errors += record.outcome.error is not None
        for d in record.decisions:
            if d.llm:
                self.tokens += (d.llm.get("tokens_in") or 0) + (d.llm.get("tokens_out") or 0)
                self.fallbacks += bool(d.llm.get("fallback"))

    def line(self) -> str:
        dt = max(time.perf_counter() - self.start, 1e-9)
        return (f"{self.decisions / dt:,.0f} decisions/s  {self.tokens / dt:,.0f} tokens/s  "
                f"fallbacks {self.fallbacks}  errors {self.errors}")


async def run_games_async(variant, agents: Sequence[str], seats: Sequence[str] = (), *, games: int = 1,
                          seed: int = 0, concurrency: int = 16, out: str | Path | None = None,
                          console: Console | None = None, progress: bool = True, resume: bool = False,
                          close: bool = True) -> list[GameRecord]:
    """Play ``games`` games (seeds ``seed``..``seed + games - 1``) with at most ``concurrency`` at once.

    ``agents`` and ``seats`` are agent specs as on the command line ('scripted', 'llm:MODEL',
    'openai:URL/v1/MODEL'; 'llm=0-3'). With ``resume``, games whose records are already complete
    in ``out`` are skipped (a killed run picks up where it stopped). Returns the records played now.
    """
    from .envs import werewolf_v0

    if concurrency < 1:
        raise ValueError(f"concurrency must be at least 1, not {concurrency}")
    rules = variant if isinstance(variant, RuleSet) else get_variant(variant)  # a name, a TOML path or a RuleSet
    name = rules.name
    path = Path(out) if out is not None else None
    done = finished_game_ids(path) if path and resume else set()
    todo = [s for s in range(seed, seed + games) if f"{name}-{s}" not in done]
    writer = RecordWriter(path) if path else None
    console = console or Console()
    if path and len(todo) < games:
        console.print(f"[dim]{games - len(todo)} game(s) already in {path}: skipped[/dim]")
    stats, records = _Stats(), []
    slots = asyncio.Semaphore(concurrency)

    async def one(game_seed: int, bar, task) -> None:
        async with slots:
            env = werewolf_v0.raw_env(rules)
            specs: list[str] = []

            def seat_agents(env):
                specs.extend(seat_specs(list(agents), list(seats), env))
                return [build_agent(spec, env, s, game_seed) for s, spec in enumerate(specs)]

            record = await play_game_async(env, seat_agents, seed=game_seed, game_id=f"{name}-{game_seed}")
            record.header.agents = specs
        if writer:
            writer.write(record)
        records.append(record)
        stats.add(record)
        if bar is not None:
            bar.update(task, advance=1, stats=stats.line())

    try:
        if progress:
            columns = (TextColumn("games"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                       TextColumn("{task.fields[stats]}"))
            with Progress(*columns, console=console, transient=False) as bar:
                task = bar.add_task("games", total=len(todo), stats="")
                await asyncio.gather(*(one(s, bar, task) for s in todo))
        else:
            await asyncio.gather(*(one(s, None, None) for s in todo))
    finally:
        if writer:
            writer.close()
        if close:
            await close_backends()
    records.sort(key=lambda r: r.header.seed)
    return records


def run_games(*args, **kwargs) -> list[GameRecord]:
    """Synchronous wrapper of :func:`run_games_async` (scripts must guard it with
    ``if __name__ == "__main__":`` when an in-process vLLM engine is used)."""
    return asyncio.run(run_games_async(*args, **kwargs))
