"""Progress of a run of many games: a rich bar on a terminal, a plain line every few seconds elsewhere.

Without a terminal (CI, ``nohup``, a notebook) rich's bar prints nothing until the run ends, so a
long LLM run looked dead; there, one line per ``every`` seconds says how far it is.
"""

from __future__ import annotations

import asyncio
import time

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from .record import GameRecord


class RunStats:
    """Running totals of a batch of games, counted from their records as they end."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.start = time.perf_counter()
        self.games = self.decisions = self.tokens = self.llm_decisions = self.fallbacks = self.errors = 0
        self.answers = 0  # async agents' answers so far, games still running included

    def answered(self) -> None:
        self.answers += 1

    def add(self, record: GameRecord) -> None:
        self.games += 1
        self.decisions += len(record.decisions)
        self.errors += record.outcome.error is not None
        for d in record.decisions:
            if d.llm:
                self.llm_decisions += 1
                self.tokens += (d.llm.get("tokens_in") or 0) + (d.llm.get("tokens_out") or 0)
                self.fallbacks += bool(d.llm.get("fallback"))

    def line(self) -> str:
        dt = max(time.perf_counter() - self.start, 1e-9)
        live = f"  {self.answers / dt:,.1f} agent answers/s" if self.answers else ""
        llm = (f"  {self.tokens / dt:,.0f} tokens/s  fallbacks {self.fallbacks}/{self.llm_decisions}"
               if self.llm_decisions else "")
        return f"{self.decisions / dt:,.0f} decisions/s{live}{llm}  errors {self.errors}"


class RunProgress:
    """Async context manager; call :meth:`advance` as each game ends."""

    def __init__(self, stats: RunStats, console: Console, every: float = 10.0) -> None:
        self.stats, self.console, self.every = stats, console, every
        self._bar: Progress | None = None
        self._ticker: asyncio.Task | None = None

    async def __aenter__(self) -> RunProgress:
        if self.console.is_terminal:
            columns = (TextColumn("games"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                       TextColumn("{task.fields[stats]}"))
            self._bar = Progress(*columns, console=self.console, transient=False)
            self._bar.__enter__()
            self._task = self._bar.add_task("games", total=self.stats.total, stats="")
        else:
            self._ticker = asyncio.create_task(self._tick())
        return self

    def advance(self) -> None:
        if self._bar is not None:
            self._bar.update(self._task, advance=1, stats=self.stats.line())

    async def _tick(self) -> None:
        while True:
            await asyncio.sleep(self.every)
            self._plain()

    def _plain(self) -> None:
        elapsed = time.perf_counter() - self.stats.start
        self.console.print(f"games {self.stats.games}/{self.stats.total}  {elapsed:,.0f} s  {self.stats.line()}",
                           highlight=False)

    async def __aexit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)
        if self._ticker is not None:
            self._ticker.cancel()
            self._plain()
