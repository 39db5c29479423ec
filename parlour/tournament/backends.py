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
import multiprocessing
import os
import signal
import traceback
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
    error: str | None
    traceback: str | None  # of the agent error that stopped the game, if one did

    @classmethod
    def of(cls, record: GameRecord, sink: list[str]) -> Finished:
        error = record.outcome.error
        return cls(record.header.game_id, record.to_jsonl(), tuple(record.outcome.winners), error,
                   sink[0] if sink and error else None)


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


def _ignore_sigint() -> None:
    # The main process decides what Ctrl-C means; a worker interrupted mid-game would break the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def run_in_process(tasks: Sequence[GameTask], on_done: OnDone) -> None:
    for task in tasks:
        on_done(play_task(task))


def run_process_pool(tasks: Sequence[GameTask], on_done: OnDone, workers: int) -> None:
    """Chunks of games over ``workers`` processes, at most two chunks queued per worker so that
    Ctrl-C leaves little to wait for."""
    if workers <= 1 or len(tasks) <= 1:
        return run_in_process(tasks, on_done)
    size = max(1, min(32, len(tasks) // (workers * 8)))
    chunks = [tasks[i:i + size] for i in range(0, len(tasks), size)]
    pending = iter(chunks)
    # forkserver: a fork of a process with threads (jax, a running loop) can deadlock
    context = multiprocessing.get_context("forkserver" if "forkserver" in multiprocessing.get_all_start_methods()
                                          else "spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_ignore_sigint) as pool:
        running = set()
        try:
            for chunk in itertools.islice(pending, 2 * workers):
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


def run_async(tasks: Sequence[GameTask], on_done: OnDone, concurrency: int) -> None:
    """Games on one event loop, ``concurrency`` at once: LLM seats of all of them batch on the backend."""
    from ..agentspec import close_backends

    async def main() -> None:
        slots = asyncio.Semaphore(concurrency)

        async def one(task: GameTask) -> None:
            async with slots:
                game = get_game(task.game)
                sink: list[str] = []
                record = await play_game_async(game.raw_env(task.rules), _agents(task, sink), seed=task.seed,
                                               specs=list(task.specs), game_id=task.game_id)
            on_done(Finished.of(record, sink))

        try:
            await asyncio.gather(*(one(t) for t in tasks))
        finally:
            await close_backends()

    asyncio.run(main())


def run_ray(tasks: Sequence[GameTask], on_done: OnDone, address: str | None) -> None:
    """Every chunk of games a Ray task; LLM entrants then reach the server their spec names
    (``openai:URL/v1/MODEL``: a vLLM server or a Ray Serve deployment)."""
    try:
        import ray
    except ModuleNotFoundError:
        raise RuntimeError("--backend ray needs the ray package: pip install -e '.[ray]'") from None
    if not ray.is_initialized():
        ray.init(address=address, ignore_reinit_error=True, log_to_driver=False,
                 include_dashboard=False, configure_logging=False)
    remote = ray.remote(play_tasks)
    size = max(1, min(32, len(tasks) // max(1, int(ray.cluster_resources().get("CPU", 1)) * 8)))
    refs = [remote.remote(list(tasks[i:i + size])) for i in range(0, len(tasks), size)]
    try:
        while refs:
            done, refs = ray.wait(refs, num_returns=1)
            for finished in ray.get(done[0]):
                on_done(finished)
    except KeyboardInterrupt:
        for ref in refs:
            ray.cancel(ref)
        raise
