"""Where a tournament's games run: in this process, over a process pool, on one event loop
(LLM entrants, whose requests batch on vLLM), or as Ray tasks.

Every backend plays :class:`GameTask` s and hands each finished game to ``on_done`` in the main
process as it ends, so the caller appends and flushes it at once. Ctrl-C: no new game starts,
the games already running finish (scripted games take milliseconds) or are written as
interrupted (async games), and KeyboardInterrupt goes on up.
"""

from __future__ import annotations

import asyncio
import importlib
import itertools
import math
import multiprocessing
import os
import signal
import traceback
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from typing import Any, NamedTuple

from pydantic import BaseModel

from ..agentspec import SpecError, build_agent
from ..envs import get_game
from ..record import GameRecord
from ..runner import play_game, play_game_async

LLM_KINDS = ("llm", "openai")
LLM_OPTIONS = ("temperature", "max_tokens", "max_retries", "constrained")


class GameTask(NamedTuple):
    game_id: str
    seed: int
    game: str  # the game's id
    rules: BaseModel
    specs: tuple[str, ...]  # per seat
    options: tuple[dict[str, Any], ...]  # per seat


class Finished(NamedTuple):
    """A finished game as the main process needs it: the record's file text (built in the worker,
    so the main process only appends bytes) and what the ratings read."""

    game_id: str
    text: str  # the record as JSON Lines
    winners: tuple[int, ...]
    returns: tuple[float, ...]  # per seat
    decisions: int
    error: str | None
    traceback: str | None  # of the agent error that stopped the game, if one did

    @classmethod
    def of(cls, record: GameRecord, sink: list[str]) -> Finished:
        error = record.outcome.error
        return cls(record.header.game_id, record.to_jsonl(), tuple(record.outcome.winners),
                   seat_returns(record), record.outcome.decisions, error, sink[0] if sink and error else None)


def seat_returns(record: GameRecord) -> tuple[float, ...]:
    """Each seat's return (the outcome keys them by agent name, player_SEAT)."""
    rewards = record.outcome.rewards
    return tuple(float(rewards.get(f"player_{s}", 0.0)) for s in range(len(record.header.agents)))


OnDone = Callable[[Finished], None]


class _Guarded:
    """An agent whose exceptions keep their traceback: the runner records only 'Type: message',
    the tournament writes the traceback beside the records."""

    def __init__(self, agent, sink: list[str]):
        self._agent, self._sink = agent, sink
        self.is_async = agent.is_async

    def __getattr__(self, name):
        return getattr(self._agent, name)

    def reset(self, seat, seed=None):
        self._agent.reset(seat, seed)

    def act_sync(self, observation, info):
        try:
            return self._agent.act_sync(observation, info)
        except Exception:
            self._sink.append(traceback.format_exc())
            raise

    async def act(self, observation, info):
        try:
            return await self._agent.act(observation, info)
        except Exception:
            self._sink.append(traceback.format_exc())
            raise


def make_agent(spec: str, options: dict[str, Any], env, seat: int, seed: int | None):
    """An entrant's agent for one seat: ``build_agent`` with the entrant's options applied."""
    kind, _, arg = spec.partition(":")
    if not options:
        return build_agent(spec, env, seat, seed)
    if kind == "python":
        module_name, _, attr = arg.rpartition(":")
        try:
            factory = getattr(importlib.import_module(module_name), attr)
        except (ImportError, AttributeError, ValueError) as e:
            raise SpecError(f"{spec}: cannot load the factory: {e}") from None
        agent = factory(env, seat, seed, **options)
        if not hasattr(agent, "is_async"):
            agent.is_async = not hasattr(agent, "act_sync")
        return agent
    agent = build_agent(spec, env, seat, seed)
    for key, value in options.items():
        if kind not in LLM_KINDS or key not in LLM_OPTIONS:
            raise SpecError(f"{spec}: unknown option {key!r} (LLM entrants take {', '.join(LLM_OPTIONS)})")
        setattr(agent, key, value)
    return agent


def _agents(task: GameTask, sink: list[str]):
    return lambda env: [_Guarded(make_agent(spec, opts, env, s, task.seed), sink)
                        for s, (spec, opts) in enumerate(zip(task.specs, task.options))]


def play_task(task: GameTask) -> Finished:
    """One game with sync agents, in whatever process this runs."""
    game = get_game(task.game)
    sink: list[str] = []
    record = play_game(game.raw_env(task.rules), _agents(task, sink), seed=task.seed, specs=list(task.specs),
                       game_id=task.game_id)
    assert record is not None
    return Finished.of(record, sink)


def play_tasks(tasks: Sequence[GameTask]) -> list[Finished]:
    """A chunk of games in one worker: short games cost less than their pickling round trip."""
    return [play_task(t) for t in tasks]


async def _play_async(task: GameTask) -> Finished:
    game = get_game(task.game)
    sink: list[str] = []
    record = await play_game_async(game.raw_env(task.rules), _agents(task, sink), seed=task.seed,
                                   specs=list(task.specs), game_id=task.game_id)
    return Finished.of(record, sink)


def play_tasks_async(tasks: Sequence[GameTask], concurrency: int) -> list[Finished]:
    """A chunk of games with async (LLM) seats on one event loop, ``concurrency`` at once (a Ray task)."""
    from ..agentspec import close_backends

    async def main() -> list[Finished]:
        slots = asyncio.Semaphore(concurrency)

        async def one(task: GameTask) -> Finished:
            async with slots:
                return await _play_async(task)

        try:
            return list(await asyncio.gather(*(one(t) for t in tasks)))
        finally:
            await close_backends()

    return asyncio.run(main())


def _ignore_sigint() -> None:
    # The main process decides what Ctrl-C means; a worker interrupted mid-game would break the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


class Backend(ABC):
    """Plays batches of games for one tournament run; opened once per run and closed at its end,
    so the adaptive format's rounds share one process pool (or one Ray connection)."""

    @abstractmethod
    def play(self, tasks: Sequence[GameTask], on_done: OnDone) -> None:
        """Play ``tasks`` and call ``on_done`` with each finished game."""

    def close(self) -> None:
        """Release what the backend started (a pool's processes, a Ray it started itself);
        backends that start nothing keep this default."""
        return None

    def __enter__(self) -> Backend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class InProcess(Backend):
    def play(self, tasks: Sequence[GameTask], on_done: OnDone) -> None:
        for task in tasks:
            on_done(play_task(task))


class ProcessPool(Backend):
    """Chunks of games over ``workers`` processes, at most two chunks queued per worker so that
    Ctrl-C leaves little to wait for. The pool starts with the first batch big enough to need it
    and lives until :meth:`close`: a forkserver pool costs about a second to start."""

    def __init__(self, workers: int):
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # forkserver: a fork of a process with threads (jax, a running loop) can deadlock
            method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
            self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context(method),
                                             initializer=_ignore_sigint)
        return self._pool

    def play(self, tasks: Sequence[GameTask], on_done: OnDone) -> None:
        if self.workers <= 1 or (len(tasks) <= 1 and self._pool is None):
            return InProcess().play(tasks, on_done)
        pool = self._executor()
        size = max(1, min(32, len(tasks) // (self.workers * 8)))
        pending = (tasks[i:i + size] for i in range(0, len(tasks), size))
        running = set()
        try:
            for chunk in itertools.islice(pending, 2 * self.workers):
                running.add(pool.submit(play_tasks, chunk))
            while running:
                done, running = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    for finished in future.result():
                        on_done(finished)
                    nxt = next(pending, None)
                    if nxt is not None:
                        running.add(pool.submit(play_tasks, nxt))
        except KeyboardInterrupt:
            for future in running:
                future.cancel()
            for future in running:  # chunks already started finish and are written
                if not future.cancelled():
                    try:
                        for finished in future.result():
                            on_done(finished)
                    except Exception:  # noqa: BLE001, S110 - stopping anyway; the games are replayed on resume
                        pass
            raise

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None


class EventLoop(Backend):
    """Games on one event loop, ``concurrency`` at once: LLM seats of all of them batch on the backend."""

    def __init__(self, concurrency: int):
        self.concurrency = concurrency

    def play(self, tasks: Sequence[GameTask], on_done: OnDone) -> None:
        from ..agentspec import close_backends

        async def main() -> None:
            slots = asyncio.Semaphore(self.concurrency)

            async def one(task: GameTask) -> None:
                async with slots:
                    finished = await _play_async(task)
                on_done(finished)

            try:
                await asyncio.gather(*(one(t) for t in tasks))
            finally:
                await close_backends()

        asyncio.run(main())


class RayBackend(Backend):
    """Every chunk of games a Ray task. ``address`` None starts a local Ray (all cores) unless one
    is already running in this process; 'auto' or ``ray://HOST:PORT`` joins a cluster, whose
    nodes need parlour installed (or a ``runtime_env``). Entrants with async (LLM) agents play each
    chunk on an event loop in the task, ``concurrency`` games at once, and reach the server their
    spec names (``openai:URL/v1/MODEL``: a vLLM server or a Ray Serve deployment). A Ray started
    here is shut down by :meth:`close`; one the caller started is left running."""

    def __init__(self, address: str | None, async_agents: bool = False, concurrency: int = 16):
        try:
            import ray
        except ModuleNotFoundError:
            raise RuntimeError("--backend ray needs the ray package: pip install -e '.[ray]'") from None
        self.ray = ray
        self.started = not ray.is_initialized()
        if self.started:
            ray.init(address=address, log_to_driver=False, include_dashboard=False, configure_logging=False)
        self.async_agents, self.concurrency = async_agents, concurrency
        self._remote: Any  # a Ray remote function of play_tasks_async or play_tasks
        if async_agents:
            self._remote = ray.remote(num_cpus=1)(play_tasks_async)
        else:
            self._remote = ray.remote(num_cpus=1)(play_tasks)

    def play(self, tasks: Sequence[GameTask], on_done: OnDone) -> None:
        ray = self.ray
        cpus = max(1, int(ray.cluster_resources().get("CPU", 1)))
        if self.async_agents:  # big chunks: a task's games batch their requests
            size = max(1, math.ceil(len(tasks) / cpus))
            refs = [self._remote.remote(list(tasks[i:i + size]), self.concurrency) for i in range(0, len(tasks), size)]
        else:
            size = max(1, min(32, len(tasks) // (cpus * 8)))
            refs = [self._remote.remote(list(tasks[i:i + size])) for i in range(0, len(tasks), size)]
        try:
            while refs:
                done, refs = ray.wait(refs, num_returns=1)
                for finished in ray.get(done[0]):
                    on_done(finished)
        except KeyboardInterrupt:
            for ref in refs:
                ray.cancel(ref)
            raise

    def close(self) -> None:
        if self.started and self.ray.is_initialized():
            self.ray.shutdown()
            self.started = False
