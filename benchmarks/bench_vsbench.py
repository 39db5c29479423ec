"""Steps per second of every VS-Bench game in the registry with random legal play, with and without
an rgb_array image drawn after every step, next to OpenSpiel's and PettingZoo's implementations of
the same games measured in the same process.

    python benchmarks/bench_vsbench.py [--seconds 0.25] [--repeats 5] [--only TEXT] [--out PATH]

parlour rows go through the public envs: ``game.env()`` (AEC: one seat's move a step) and, for
simultaneous games, ``game.parallel_env()`` (one joint move a step); every move is drawn from the
action mask of the observation the env just returned (so each step builds the seat's numpy
observation and mask). "+ render" rows also call ``env.render()`` (``render_mode="rgb_array"``)
after every step. Baselines: OpenSpiel's ``kuhn_poker``, ``breakthrough`` and ``hanabi`` stepped
raw (``legal_actions`` and ``apply_action``, chance outcomes sampled) and with
``observation_tensor`` of the player to move converted to numpy each step (the work our env()
does); PettingZoo's ``knights_archers_zombies_v11`` and mpe2's ``simple_tag_v3`` with the very
settings parlour wraps, their own AEC ``env()`` and ``parallel_env()``.

Each row makes its env once, untimed (a KAZ env takes 45 ms to build), then each run resets it and
plays a fixed number of moves (calibrated once so that a run takes about ``--seconds``), resetting
with the next seed when an episode ends (parlour's wrapped games build a new PettingZoo env there); the repeats go round the rows, so a change in
the machine's load reaches every row alike; the table shows medians and each parlour row's ratio to
its baseline row (above 1: faster than the baseline).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from importlib import metadata
from pathlib import Path
from typing import NamedTuple

import numpy as np
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from parlour.envs import REGISTRY, get_game
from parlour.game import Game
from parlour.tables import print_table

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

NOT_VSBENCH = ("werewolf", "advgame-battle")  # registry games that are not VS-Bench's
Workload = Callable[[int, int], None]  # plays `steps` moves from seed `seed`
console = Console()


class Row(NamedTuple):
    name: str
    unit: str  # what one step is
    build: Callable[[], Workload]  # makes the env (untimed) and returns the workload that plays it
    baselines: tuple[str, ...] = ()  # rows this row is compared with (first: the like-for-like one)


def pick(legal, r: Callable[[], float]):
    """A uniform choice among ``legal`` from Python's cheap float generator (the same picker for
    every row, so the agent costs every row alike)."""
    return legal[int(r() * len(legal))]


# ====================================================================== parlour
def parlour_aec(game_id: str, render: bool) -> Workload:
    game = get_game(game_id)
    rules = game.rules(None)

    env = game.env(rules, render_mode="rgb_array" if render else None)

    def run(steps: int, seed: int) -> None:
        r = random.Random(seed).random
        episode = seed * 100_000
        env.reset(seed=episode)
        n = 0
        while n < steps:
            if not env.agents:
                episode += 1
                env.reset(seed=episode)
            obs, _, term, trunc, _ = env.last()
            if term or trunc:
                env.step(None)  # AEC protocol for a finished seat; not a move
                continue
            env.step(int(pick(np.flatnonzero(obs["action_mask"]), r)))
            n += 1
            if render:
                env.render()

    return run


def parlour_parallel(game_id: str, render: bool) -> Workload:
    game = get_game(game_id)
    rules = game.rules(None)
    env = game.parallel_env(rules, render_mode="rgb_array" if render else None)

    def run(steps: int, seed: int) -> None:
        r = random.Random(seed).random
        episode = seed * 100_000
        obs, _ = env.reset(seed=episode)
        for _ in range(steps):
            if not env.agents:
                episode += 1
                obs, _ = env.reset(seed=episode)
            actions = {a: int(pick(np.flatnonzero(obs[a]["action_mask"]), r)) for a in env.agents}
            obs, *_ = env.step(actions)
            if render:
                env.render()

    return run


# ====================================================================== OpenSpiel
def openspiel(name: str, tensor: bool) -> Workload:
    import pyspiel

    game = pyspiel.load_game(name)

    def run(steps: int, seed: int) -> None:
        r = random.Random(seed).random
        n = 0
        while n < steps:
            state = game.new_initial_state()
            while n < steps and not state.is_terminal():
                if state.is_chance_node():  # deals and draws: sampled by their probabilities
                    x, acc = r(), 0.0
                    outcomes = state.chance_outcomes()
                    action = outcomes[-1][0]
                    for a, p in outcomes:
                        acc += p
                        if x < acc:
                            action = a
                            break
                    state.apply_action(action)
                    continue
                player = state.current_player()
                if tensor:
                    np.asarray(state.observation_tensor(player), np.float32)
                state.apply_action(pick(state.legal_actions(player), r))
                n += 1

    return run


# ====================================================================== PettingZoo (KAZ, mpe2)
def _kaz(aec: bool, render: bool):
    from pettingzoo.butterfly import knights_archers_zombies_v11

    r = get_game("kaz").rules(None)
    make = knights_archers_zombies_v11.env if aec else knights_archers_zombies_v11.parallel_env
    # rgb_array in every row, as in the env parlour wraps (KAZ only draws when render() is called)
    return make(spawn_delay=r.spawn_delay, num_archers=r.num_archers, num_knights=r.num_knights,
                max_zombies=r.max_zombies, max_arrows=r.max_arrows, killable_knights=r.killable_knights,
                killable_archers=r.killable_archers, line_death=r.line_death, max_cycles=r.max_cycles,
                obs_method="vector", render_mode="rgb_array")


def _mpe(aec: bool, render: bool):
    from mpe2 import simple_tag_v3

    r = get_game("mpe").rules(None)
    make = simple_tag_v3.env if aec else simple_tag_v3.parallel_env
    return make(num_good=1, num_adversaries=1, num_obstacles=r.num_obstacles, max_cycles=r.max_cycles,
                continuous_actions=False, render_mode="rgb_array")


def pettingzoo_aec(make, render: bool) -> Workload:
    env = make(True, render)

    def run(steps: int, seed: int) -> None:
        r = random.Random(seed).random
        episode = seed * 100_000
        env.reset(seed=episode)
        n = 0
        while n < steps:
            if not env.agents:
                episode += 1
                env.reset(seed=episode)
            _, _, term, trunc, _ = env.last()
            if term or trunc:
                env.step(None)
                continue
            env.step(int(r() * env.action_space(env.agent_selection).n))  # every action is legal
            n += 1
            if render:
                env.render()

    return run


def pettingzoo_parallel(make, render: bool) -> Workload:
    env = make(False, render)

    def run(steps: int, seed: int) -> None:
        r = random.Random(seed).random
        episode = seed * 100_000
        env.reset(seed=episode)
        for _ in range(steps):
            if not env.agents:
                episode += 1
                env.reset(seed=episode)
            env.step({a: int(r() * env.action_space(a).n) for a in env.agents})
            if render:
                env.render()

    return run


# ====================================================================== the rows
OPENSPIEL = {"kuhn-poker": "kuhn_poker", "breakthrough": "breakthrough", "hanabi": "hanabi"}
PETTINGZOO = {"kaz": ("pettingzoo knights_archers_zombies_v11", _kaz), "mpe": ("mpe2 simple_tag_v3", _mpe)}


def rows() -> list[Row]:
    out: list[Row] = []
    for game_id in REGISTRY:
        if game_id in NOT_VSBENCH:
            continue
        aec_base: tuple[str, ...] = ()
        aec_render_base: tuple[str, ...] = ()
        par_base: dict[bool, tuple[str, ...]] = {False: (), True: ()}
        if game_id in OPENSPIEL:
            os_name = OPENSPIEL[game_id]
            raw, obs = f"openspiel {os_name} (raw)", f"openspiel {os_name} + observation_tensor"
            out += [Row(raw, "move", partial(openspiel, os_name, False)), Row(obs, "move", partial(openspiel, os_name, True))]
            aec_base = aec_render_base = (obs, raw)  # OpenSpiel draws no images
        if game_id in PETTINGZOO:
            label, make = PETTINGZOO[game_id]
            for render in (False, True):
                tag = " + render" if render else ""
                out += [Row(f"{label} env(){tag}", "move", partial(pettingzoo_aec, make, render)),
                        Row(f"{label} parallel_env(){tag}", "joint move", partial(pettingzoo_parallel, make, render))]
                par_base[render] = (f"{label} parallel_env(){tag}",)
            aec_base, aec_render_base = (f"{label} env()",), (f"{label} env() + render",)
        out += [Row(f"parlour {game_id} env()", "move", partial(parlour_aec, game_id, False), aec_base),
                Row(f"parlour {game_id} env() + render", "move", partial(parlour_aec, game_id, True), aec_render_base)]
        if type(get_game(game_id)).parallel_env is not Game.parallel_env:  # simultaneous moves
            for render in (False, True):
                tag = " + render" if render else ""
                out.append(Row(f"parlour {game_id} parallel_env(){tag}", "joint move",
                               partial(parlour_parallel, game_id, render), par_base[render]))
    return out


def measure(chosen: list[Row], seconds: float, repeats: int) -> dict[str, dict]:
    """Median steps/s per row. Each row's move count is calibrated once (untimed warm-up, then a
    short timed run) so that one run takes about ``seconds``; every repeat replays the same seeds."""
    plan = []
    for row in chosen:
        try:
            workload = row.build()
            workload(20, 0)  # warm-up: imports, first-call caches
        except Exception as exc:  # a missing optional package or a game that does not build: the rest still run
            console.print(f"[yellow]skipping {escape(row.name)}: {escape(f'{type(exc).__name__}: {exc}')}[/yellow]")
            continue
        start = time.perf_counter()
        workload(50, 0)
        rate = 50 / max(time.perf_counter() - start, 1e-9)
        plan.append((row, workload, max(50, int(rate * seconds)), []))
    for _ in range(repeats):
        for _row, workload, steps, runs in plan:
            start = time.perf_counter()
            workload(steps, 1)
            runs.append(steps / (time.perf_counter() - start))
    return {row.name: {"unit": row.unit, "steps": steps, "steps_per_s": statistics.median(runs), "runs": runs}
            for row, _workload, steps, runs in plan}


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=0.25, help="about how long one timed run of a row takes")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs per row; the median is reported")
    parser.add_argument("--only", action="append", metavar="TEXT",
                        help="only rows whose name contains TEXT (repeatable), plus their baselines")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "results" / "bench_vsbench.json")
    args = parser.parse_args(argv)
    if args.seconds <= 0 or args.repeats < 1:
        parser.error("--seconds must be above 0 and --repeats at least 1")

    started, t0 = datetime.now(UTC), time.perf_counter()
    every = rows()
    wanted = {r.name for r in every if not args.only or any(text in r.name for text in args.only)}
    if not wanted:
        parser.error(f"--only {args.only}: no row's name contains it (rows: {', '.join(r.name for r in every)})")
    wanted |= {b for r in every if r.name in wanted for b in r.baselines}
    chosen = [r for r in every if r.name in wanted]
    results = measure(chosen, args.seconds, args.repeats)

    table = Table(title=f"VS-Bench games, random legal play: medians of {args.repeats} runs of about {args.seconds} s",
                  caption="ratio = steps/s / the baseline row's steps/s in this run (above 1: faster)")
    table.add_column("row", no_wrap=True)
    for col in ("step", "steps/s", "ratio", "baseline"):
        table.add_column(col, justify="right" if col in ("steps/s", "ratio") else "left")
    for row in chosen:
        if row.name not in results:
            continue
        res = results[row.name]
        res["ratios"] = {b: res["steps_per_s"] / results[b]["steps_per_s"] for b in row.baselines if b in results}
        ratios = "\n".join(f"{v:.2f}" for v in res["ratios"].values()) or "-"
        table.add_row(row.name, row.unit, f"{res['steps_per_s']:,.0f}", ratios, "\n".join(res["ratios"]) or "-")
    print_table(console, table)

    result = {
        "started_at": started.isoformat(timespec="seconds"),
        "wall_seconds": round(time.perf_counter() - t0, 2),
        "args": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
        "machine": {"python": platform.python_version(), "platform": platform.platform(),
                    "load_average": os.getloadavg()},
        "versions": {p: _version(p) for p in ("numpy", "pettingzoo", "mpe2", "open-spiel", "pygame", "parlour")},
        "rows": results,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    console.print(f"wrote {args.out} ({result['wall_seconds']} s)")
    return result


if __name__ == "__main__":
    main()
