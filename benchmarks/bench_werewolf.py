"""Throughput of random legal play: steps/s and games/s, one table row per workload.

Baselines: PettingZoo connect_four_v3 and TextArena SecretMafia-v0 at 12 players.
parlour's Werewolf workloads are appended to WORKLOADS, so every row is measured
in the same process and compared against the same baseline row. The vector-env rows
(parlour.envs.vector) step Gymnasium's SyncVectorEnv in this process; the AsyncVectorEnv
rows start subprocess workers and run only with --vector-async.

    python benchmarks/bench_werewolf.py [--games N] [--repeats R] [--quick] [--only TEXT] [--vector-async] [--out PATH]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from parlour.tables import print_table

# A workload plays `n_games` complete games drawing all its choices from `rng`
# and returns the number of steps (player actions) it took.
Workload = Callable[[int, np.random.Generator], int]

console = Console()


class SkipWorkload(Exception):
    """Raised by a workload whose optional dependency is not installed."""


def _seed(rng: np.random.Generator) -> int:
    return int(rng.integers(2**31 - 1))


def connect_four(n_games: int, rng: np.random.Generator) -> int:
    """PettingZoo connect_four_v3, uniform over the legal columns in action_mask."""
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # keep pygame's banner out of the table
    try:  # the module imports pygame (for render only), which plain `pettingzoo` does not install
        from pettingzoo.classic import connect_four_v3
    except ImportError as exc:
        raise SkipWorkload(f"{exc} (pip install 'pettingzoo[classic]' or pygame)") from exc

    env = connect_four_v3.env()
    env.reset(seed=_seed(rng))  # the game itself is deterministic; seeded only for form
    steps = 0
    for _ in range(n_games):
        env.reset()
        for _agent in env.agent_iter():
            obs, _, terminated, truncated, _ = env.last()
            if terminated or truncated:
                action = None  # AEC protocol: finished agents are stepped with None; not a move
            else:
                legal = np.flatnonzero(obs["action_mask"])
                action = int(legal[rng.integers(legal.size)])
                steps += 1
            env.step(action)
    env.close()
    return steps


def secret_mafia(n_games: int, rng: np.random.Generator, *, env_id: str = "SecretMafia-v0",
                 num_players: int = 12) -> int:
    """TextArena SecretMafia, every player picking uniformly among the moves legal in the phase.

    Legal moves are the options the env announces each phase: discussion is free text;
    the day vote is "[X]" for any living X; Mafia at night target a living non-Mafia;
    the Doctor and Detective target anyone living but themselves.
    """
    try:
        import textarena as ta
        from textarena.envs.SecretMafia.env import Phase
    except ImportError as exc:
        raise SkipWorkload("textarena not installed (pip install -e '.[bench]')") from exc

    def random_legal_move(game, pid: int) -> str:
        alive = game.state.game_state["alive_players"]
        if game.phase is Phase.DAY_DISCUSSION:
            return f"I suspect Player {alive[rng.integers(len(alive))]}."
        if game.phase is Phase.DAY_VOTING:
            options = alive
        elif game.phase is Phase.NIGHT_MAFIA:
            options = [p for p in alive if game.player_roles[p] != "Mafia"]
        else:  # NIGHT_DOCTOR, NIGHT_DETECTIVE
            options = [p for p in alive if p != pid]
        return f"[{options[rng.integers(len(options))]}]"

    steps = 0
    for _ in range(n_games):
        # A fresh env per game: the default LLMObservationWrapper keeps its history across reset().
        env = ta.make(env_id)
        game = env
        while isinstance(game, ta.Wrapper):  # the random player reads the phase off the bare env
            game = game.env
        # textarena draws roles, speaking order and vote tie-breaks from Python's global
        # `random`; reset(seed=) calls random.seed() on it. That is textarena's RNG, not ours.
        env.reset(num_players=num_players, seed=_seed(rng))
        done, game_steps = False, 0
        while not done:
            pid, _observation = env.get_observation()  # the standard agent loop reads its turn's view
            done, _ = env.step(random_legal_move(game, pid))
            game_steps += 1
        # state.turn only advances on valid moves, so this proves every move was legal.
        assert game.state.turn == game_steps, f"{env_id}: random player made an illegal move"
        env.close()
        steps += game_steps
    return steps


def werewolf_engine(n_games: int, rng: np.random.Generator, *, variant: str) -> int:
    """The engine alone: legal-action lists straight from the engine, no observations."""
    from parlour.envs.werewolf import WerewolfEngine, get_variant

    engine = WerewolfEngine(get_variant(variant))
    steps = 0
    for _ in range(n_games):
        engine.reset(_seed(rng))
        while not engine.done:
            seat = engine.next_actor()
            legal = engine.decision.legal[seat]
            engine.apply(seat, legal[int(rng.integers(len(legal)))])
            steps += 1
    return steps


def werewolf_env(n_games: int, rng: np.random.Generator, *, variant: str) -> int:
    """Through werewolf_v0.env() (wrappers included): the acting agent's numpy observation and
    mask are built at every step and the action is drawn from the mask."""
    from parlour.envs import werewolf_v0

    env = werewolf_v0.env(variant=variant)
    steps = 0
    for _ in range(n_games):
        env.reset(seed=_seed(rng))
        for _agent in env.agent_iter():
            obs, _, terminated, truncated, _ = env.last()
            if terminated or truncated:
                env.step(None)
                continue
            legal = np.flatnonzero(obs["action_mask"])
            env.step(int(legal[rng.integers(len(legal))]))
            steps += 1
    return steps


def werewolf_runner(n_games: int, rng: np.random.Generator, *, variant: str, record: bool) -> int:
    """parlour.play_game with RandomAgents, with and without building the GameRecord
    (state hash and decision line per step) and writing it to a file."""
    import tempfile

    from parlour import play_game
    from parlour.agents import RandomAgent
    from parlour.envs import werewolf_v0

    env = werewolf_v0.raw_env(variant)
    agents = [RandomAgent() for _ in range(env.engine.n)]
    steps = 0
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "games.jsonl"
        for _ in range(n_games):
            seed = _seed(rng)
            for seat, agent in enumerate(agents):
                agent.rng = np.random.default_rng([seed, seat])
            rec = play_game(env, agents, seed=seed, record=record)
            if rec is not None:
                rec.append_to(out)
            steps += len(env.engine.history)
    return steps


class VectorWorkload:
    """parlour's vector env (``make_vector_env``: Gymnasium's SyncVectorEnv or AsyncVectorEnv of
    single-agent envs, SAME_STEP auto-reset) with every seat a learner, so that every step of every
    slot is one player's decision, drawn uniformly from that slot's mask in ``info["action_mask"]``,
    and the steps counted are all players' actions as in the engine and env() rows.

    A call plays exactly ``n_games`` complete games: the first ``n_games`` games started (the slots'
    games at reset, then the game each auto-reset starts, in the order the slots finish) are counted,
    each with its ``final_info["game_steps"]``. A game started after those (a slot finishing once
    ``n_games`` have started) is stepped with the rest until the last counted game ends, but not
    counted: that tail is part of the row's time, small when ``n_games`` is large against
    ``num_envs``. main() skips a row with more slots than ``--games`` (so --quick runs only the
    1-game rows). The vector env is built on the first call (measure_all's untimed warm-up, so the
    async workers' start is not timed), reused by the repeats, and ended by ``close()``.
    """

    def __init__(self, variant: str, num_envs: int, mode: str):
        self.variant, self.num_envs, self.mode = variant, num_envs, mode
        self._vec: Any = None  # gymnasium's SyncVectorEnv or AsyncVectorEnv, built on the first call

    def _env(self):
        if self._vec is None:
            from parlour.envs.vector import make_vector_env
            from parlour.envs.werewolf import WerewolfEngine, get_variant

            seats = list(range(WerewolfEngine(get_variant(self.variant)).n))  # every seat learner-driven
            self._vec = make_vector_env(f"werewolf/{self.variant}", self.num_envs, seats=seats, mode=self.mode)
        return self._vec

    def __call__(self, n_games: int, rng: np.random.Generator) -> int:
        vec = self._env()
        _, info = vec.reset(seed=_seed(rng))
        started = min(n_games, self.num_envs)
        counted = np.arange(self.num_envs) < started  # does the slot's current game count
        finished = steps = 0
        while finished < n_games:
            masks = info["action_mask"]
            _, _, terminated, truncated, info = vec.step((rng.random(masks.shape) * masks).argmax(axis=1))
            done = terminated | truncated
            if done.any():
                ended = done & counted
                steps += int(info["final_info"]["game_steps"][ended].sum())
                finished += int(ended.sum())
                # A finished slot's next game (auto-reset started it) counts while fewer than n_games have started.
                for slot in np.flatnonzero(done):
                    counted[slot] = started < n_games
                    started += int(counted[slot])
        return steps

    def close(self) -> None:
        if self._vec is not None:
            self._vec.close()
            self._vec = None


BASELINE = "textarena SecretMafia-v0 12p"

# (name, workload) rows of the table, all measured in one process so the ratios compare like with like.
WORKLOADS: list[tuple[str, Workload]] = [
    ("pettingzoo connect_four_v3", connect_four),
    (BASELINE, secret_mafia),
    # Same game without textarena's default wrappers (no per-turn prompt string), for scale.
    ("textarena SecretMafia-v0-raw 12p", partial(secret_mafia, env_id="SecretMafia-v0-raw")),
]
for _variant, _label in (("werewolf-arena-8", "8p"), ("standard-12-guard", "12p")):
    WORKLOADS += [
        (f"parlour engine {_variant}", partial(werewolf_engine, variant=_variant)),
        (f"parlour env() {_variant}", partial(werewolf_env, variant=_variant)),
        (f"parlour play_game, no record {_variant}", partial(werewolf_runner, variant=_variant, record=False)),
        (f"parlour play_game + record {_variant}", partial(werewolf_runner, variant=_variant, record=True)),
    ]
    WORKLOADS += [(f"parlour vector sync {n} game{'s' * (n > 1)}, all seats random {_variant}",
                   VectorWorkload(_variant, n, "sync")) for n in (1, 16, 64)]

# AsyncVectorEnv rows: one subprocess worker per game (2 games: one worker per core on a 2-core
# machine). They start processes, so they run only with --vector-async (never in a plain --quick run).
ASYNC_WORKLOADS: list[tuple[str, Workload]] = [
    (f"parlour vector async {n} games ({n} workers), all seats random {_variant}", VectorWorkload(_variant, n, "async"))
    for _variant in ("werewolf-arena-8", "standard-12-guard") for n in (2, 16)]


def measure_all(workloads: list[tuple[str, Workload]], games: int, repeats: int = 5, seed: int = 0) -> list[dict]:
    """One row per workload that runs: median steps/s and games/s over `repeats` timed runs of
    `games` games each. The repeats go round the workloads (row 1, row 2, ..., row 1, row 2, ...),
    so a change in the machine's load while the benchmark runs reaches every row alike and the
    ratios between rows stay fair."""
    ready = []
    try:
        for name, fn in workloads:
            try:
                fn(1, np.random.default_rng(seed))  # untimed warm-up: imports, first-call caches
            except SkipWorkload as exc:
                console.print(f"[yellow]skipping {escape(name)}: {escape(str(exc))}[/yellow]")
                continue
            ready.append((name, fn, []))
        for _ in range(repeats):
            for _name, fn, runs in ready:
                rng = np.random.default_rng(seed)  # identical games each repeat, so the spread is timing noise
                start = time.perf_counter()
                steps = fn(games, rng)
                runs.append({"steps": steps, "seconds": time.perf_counter() - start})
    finally:
        for _name, fn in workloads:  # a workload that keeps resources between calls (a vector env's workers)
            close = getattr(fn, "close", None)
            if close is not None:
                close()
    return [{
        "name": name,
        "games": games,
        "steps_per_game": statistics.median(r["steps"] for r in runs) / games,
        "steps_per_s": statistics.median(r["steps"] / r["seconds"] for r in runs),
        "games_per_s": statistics.median(games / r["seconds"] for r in runs),
        "runs": runs,
    } for name, _fn, runs in ready]


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=500, help="games per timed run (default 500)")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs per workload; median reported")
    parser.add_argument("--quick", action="store_true", help="smoke run: 10 games, 2 repeats")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", action="append", metavar="TEXT",
                        help="measure only the rows whose name contains TEXT (repeatable); the baseline row always runs")
    parser.add_argument("--vector-async", action="store_true",
                        help="also measure the AsyncVectorEnv rows (subprocess workers; off by default)")
    parser.add_argument("--baseline", default=BASELINE, help=f"row the ratio is taken against ({BASELINE!r})")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "results" / "bench_werewolf.json")
    args = parser.parse_args(argv)
    if args.quick:
        args.games, args.repeats = 10, 2

    started, t0 = datetime.now(UTC), time.perf_counter()
    workloads = WORKLOADS + (ASYNC_WORKLOADS if args.vector_async else [])
    chosen = [(name, fn) for name, fn in workloads
              if not args.only or name == args.baseline or any(text in name for text in args.only)]
    if len(chosen) == (args.baseline in dict(workloads)) and args.only:
        parser.error(f"--only {args.only}: no row's name contains it (rows: {', '.join(dict(workloads))})")
    for name, fn in list(chosen):  # more slots than games: the row would time mostly games it does not count
        if getattr(fn, "num_envs", 0) > args.games:
            console.print(f"[yellow]skipping {escape(name)}: {fn.num_envs} slots for {args.games} games[/yellow]")
            chosen.remove((name, fn))
    rows = measure_all(chosen, args.games, args.repeats, args.seed)
    base = next((r for r in rows if r["name"] == args.baseline), None)
    if base is None:
        console.print(f"[yellow]baseline {escape(args.baseline)!r} was not measured; no ratios[/yellow]")
    for r in rows:  # ratio of steps/s: >1 means faster than the baseline row
        r["ratio"] = r["steps_per_s"] / base["steps_per_s"] if base else None

    table = Table(title=f"random legal play: {args.games} games x {args.repeats} repeats, medians",
                  caption=f"ratio = steps/s / steps/s of {args.baseline!r}")
    table.add_column("workload", no_wrap=True)
    for col in ("steps/game", "steps/s", "games/s", "ratio"):
        table.add_column(col, justify="right")
    for r in rows:
        ratio = "-" if r["ratio"] is None else f"{r['ratio']:.2f}x"
        table.add_row(r["name"], f"{r['steps_per_game']:.1f}", f"{r['steps_per_s']:,.0f}",
                      f"{r['games_per_s']:,.1f}", ratio)
    print_table(console, table)

    result = {
        "started_at": started.isoformat(timespec="seconds"),
        "wall_seconds": round(time.perf_counter() - t0, 2),
        "args": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
        "machine": {"python": platform.python_version(), "platform": platform.platform(),
                    "processor": platform.processor() or platform.machine()},
        "versions": {p: _version(p) for p in ("numpy", "pettingzoo", "pygame", "textarena", "parlour")},
        "baseline": args.baseline if base else None,
        "rows": rows,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    console.print(f"wrote {args.out} ({result['wall_seconds']} s)")
    return result


if __name__ == "__main__":
    main()
