"""Win rates of the scripted Werewolf agents against random play, board by board.

Four matchups per board, each over the same seeded games (env seeds 0..N-1; the agent on seat s
of game g is reset with seed g*1009 + s, as parlour's runner does):

==========================  ==========================  ===================================
matchup                     village seats               wolf seats
==========================  ==========================  ===================================
random-vs-random            RandomAgent                 RandomAgent     (baseline)
scripted-village            ScriptedWerewolfAgent       RandomAgent
scripted-wolves             RandomAgent                 ScriptedWerewolfAgent
scripted-vs-scripted        ScriptedWerewolfAgent       ScriptedWerewolfAgent
==========================  ==========================  ===================================

The table gives each side's win rate and, for the two mixed matchups, the scripted side's margin
over the same side's win rate in random-vs-random, with a 95% interval for the difference.
Games are played with the plain AEC loop over ``werewolf_v0.env(variant=...)`` (illegal actions
raise), split over ``--workers`` processes; the numbers do not depend on how the games are split.

    python benchmarks/winrates.py [--games N] [--variants a,b] [--workers W] [--out PATH]

``--games`` defaults to 1000 per matchup and board; ``--variants`` to every shipped board. The
JSON result goes to ``benchmarks/results/winrates.json``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from rich import box
from rich.console import Console
from rich.table import Table

# Piped output (a log file, CI) would otherwise get rich's 80-column default and squeeze the table.
console = Console(width=None if sys.stdout.isatty() else 120)

# matchup -> (agent kind on village seats, agent kind on wolf seats)
MATCHUPS: dict[str, tuple[str, str]] = {
    "random-vs-random": ("random", "random"),
    "scripted-village": ("scripted", "random"),
    "scripted-wolves": ("random", "scripted"),
    "scripted-vs-scripted": ("scripted", "scripted"),
}
CHUNK = 250  # games per worker task


def play_games(variant: str, matchup: str, seeds: range) -> dict:
    """Play one game per seed; count the winners. Runs in a worker process."""
    from parlour.agents import RandomAgent
    from parlour.agents.scripted import ScriptedWerewolfAgent
    from parlour.envs import werewolf_v0

    env = werewolf_v0.env(variant=variant)  # illegal_action="raise": a bad action stops the run
    engine = env.unwrapped.engine
    n = engine.n
    build = {"random": lambda: RandomAgent(), "scripted": lambda: ScriptedWerewolfAgent.for_env(env)}
    village_kind, wolf_kind = MATCHUPS[matchup]
    village = [build[village_kind]() for _ in range(n)]
    wolves = [build[wolf_kind]() for _ in range(n)]
    counts = {"village": 0, "wolves": 0, "none": 0, "days": 0, "decisions": 0}
    start = time.perf_counter()
    for seed in seeds:
        env.reset(seed=seed)
        # Seating by side is the harness's job (like --seats in the CLI); agents never see the deal.
        agents = {}
        for seat, name in enumerate(env.possible_agents):
            agent = (wolves if engine.is_wolf[seat] else village)[seat]
            agent.reset(seat, seed * 1009 + seat)
            agents[name] = agent
        for name in env.agent_iter():
            obs, _, terminated, truncated, info = env.last()
            action = None if terminated or truncated else agents[name].act_sync(obs, info)
            env.step(action)
        winner = engine.winner
        counts["none" if winner is None else ("wolves" if int(winner) == 1 else "village")] += 1
        counts["days"] += engine.day
        counts["decisions"] += len(engine.history)
    counts["seconds"] = time.perf_counter() - start
    counts["fallbacks"] = sum(getattr(a, "fallbacks", 0) for a in village + wolves)
    return counts


def _merge(parts: list[dict]) -> dict:
    out: dict = {}
    for part in parts:
        for k, v in part.items():
            out[k] = out.get(k, 0) + v
    return out


def _summary(counts: dict) -> dict:
    games = counts["village"] + counts["wolves"] + counts["none"]
    return {
        "games": games,
        "village_wins": counts["village"], "wolves_wins": counts["wolves"], "no_winner": counts["none"],
        "village_rate": counts["village"] / games, "wolves_rate": counts["wolves"] / games,
        "mean_days": counts["days"] / games, "decisions_per_game": counts["decisions"] / games,
        "cpu_seconds": round(counts["seconds"], 2), "fallbacks": counts["fallbacks"],
    }


def _margin(p: float, q: float, n: int, m: int) -> dict:
    """p - q with a 95% normal interval for the difference of two independent rates."""
    half = 1.96 * math.sqrt(p * (1 - p) / n + q * (1 - q) / m)
    return {"margin": p - q, "ci95": [p - q - half, p - q + half]}


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def run(variants: list[str], games: int, workers: int) -> dict[str, dict]:
    tasks = [(v, m, range(lo, min(lo + CHUNK, games))) for v in variants for m in MATCHUPS
             for lo in range(0, games, CHUNK)]
    if workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            parts = list(pool.map(play_games, *zip(*tasks)))
    else:
        parts = [play_games(*t) for t in tasks]
    grouped: dict[tuple[str, str], list[dict]] = {}
    for (v, m, _), part in zip(tasks, parts):
        grouped.setdefault((v, m), []).append(part)
    boards: dict[str, dict] = {}
    for v in variants:
        board = {m: _summary(_merge(grouped[(v, m)])) for m in MATCHUPS}
        rr, sv, sw = board["random-vs-random"], board["scripted-village"], board["scripted-wolves"]
        board["margins"] = {
            "scripted-village": _margin(sv["village_rate"], rr["village_rate"], sv["games"], rr["games"]),
            "scripted-wolves": _margin(sw["wolves_rate"], rr["wolves_rate"], sw["games"], rr["games"]),
        }
        boards[v] = board
    return boards


def _pct(p: float) -> str:
    return f"{100 * p:.1f}"


def _delta(m: dict) -> str:
    lo, hi = m["ci95"]
    colour = "green" if lo > 0 else "red"
    return f"[{colour}]{100 * m['margin']:+.1f}[/{colour}]±{100 * (hi - lo) / 2:.1f}"


def print_table(boards: dict[str, dict], games: int) -> None:
    table = Table(title=f"Werewolf win rates (%), {games} seeded games per matchup and board",
                  caption="S scripted, R random. Δ: the scripted side's win rate minus the same side's in "
                          "R v R, in points ± its 95% interval. Games without a winner (day limit) count as lost "
                          "for both sides.", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("board", no_wrap=True)
    for header in ("R v R\nvillage", "S village\nv R wolves\nvillage", "Δ village",
                   "R village\nv S wolves\nwolves", "Δ wolves", "S v S\nvillage"):
        table.add_column(header, justify="right", no_wrap=True)
    for v, b in boards.items():
        table.add_row(
            v, _pct(b["random-vs-random"]["village_rate"]),
            _pct(b["scripted-village"]["village_rate"]), _delta(b["margins"]["scripted-village"]),
            _pct(b["scripted-wolves"]["wolves_rate"]), _delta(b["margins"]["scripted-wolves"]),
            _pct(b["scripted-vs-scripted"]["village_rate"]),
        )
    console.print(table)


def main(argv: list[str] | None = None) -> dict:
    from parlour.envs import werewolf_v0

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=1000, help="games per matchup and board (default 1000)")
    parser.add_argument("--variants", default=",".join(werewolf_v0.VARIANTS),
                        help="comma-separated boards (default: every shipped variant)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="worker processes (default: all cores)")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "results" / "winrates.json")
    args = parser.parse_args(argv)
    variants = [v.strip() for v in args.variants.split(",") if v.strip()]
    unknown = [v for v in variants if v not in werewolf_v0.VARIANTS]
    if unknown:
        parser.error(f"unknown variant(s) {unknown}; shipped: {', '.join(werewolf_v0.VARIANTS)}")
    if args.games < 1:
        parser.error("--games must be at least 1")

    started, t0 = datetime.now(UTC), time.perf_counter()
    with console.status(f"playing {len(variants) * len(MATCHUPS) * args.games:,} games on {args.workers} worker(s)"):
        boards = run(variants, args.games, args.workers)
    print_table(boards, args.games)
    clear = all(b["margins"][m]["ci95"][0] > 0 for b in boards.values() for m in b["margins"])
    fallbacks = sum(b[m]["fallbacks"] for b in boards.values() for m in MATCHUPS)
    console.print(f"scripted side ahead of random on every board (95% interval above 0): "
                  f"{'[green]yes[/green]' if clear else '[red]no[/red]'}; policy fallbacks: {fallbacks}")
    result = {
        "started_at": started.isoformat(timespec="seconds"),
        "wall_seconds": round(time.perf_counter() - t0, 2),
        "args": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
        "seeding": "env.reset(seed=g) for g in 0..games-1; agent on seat s reset with seed g*1009+s",
        "machine": {"python": platform.python_version(), "platform": platform.platform(),
                    "processor": platform.processor() or platform.machine(), "cpus": os.cpu_count()},
        "versions": {p: _version(p) for p in ("numpy", "pettingzoo", "parlour")},
        "matchups": {m: {"village": a, "wolves": b} for m, (a, b) in MATCHUPS.items()},
        "all_margins_clear": clear,
        "boards": boards,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    console.print(f"wrote {args.out} ({result['wall_seconds']} s)")
    return result


if __name__ == "__main__":
    main()
