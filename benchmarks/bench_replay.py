"""Records written and loaded per second, verify speed, and what recording costs a game.

    python benchmarks/bench_replay.py [--games 200] [--repeats 5] [--variant standard-12-guard]

The recording cost is measured as a ratio in one process: the same seeded games played with
RandomAgents through parlour.play_game with record=False, and with record=True plus appending
the record to a file, interleaved repeat by repeat so machine noise hits both alike.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from parlour import iter_records, play_game
from parlour.agents import RandomAgent
from parlour.agents.scripted import ScriptedWerewolfAgent
from parlour.envs import werewolf_v0
from parlour.record import RecordWriter
from parlour.replays import resimulate


def play(env, agents, games: int, out: Path | None) -> int:
    decisions = 0
    writer = RecordWriter(out) if out is not None else None
    for seed in range(games):
        record = play_game(env, agents, seed=seed, record=writer is not None)
        if writer is not None:
            writer.write(record)
        decisions += len(env.engine.history)
    if writer is not None:
        writer.close()
    return decisions


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--variant", default="standard-12-guard")
    parser.add_argument("--agents", choices=("random", "scripted"), default="random",
                        help="random: the cheapest game, so the hardest test of the recording cost")
    args = parser.parse_args(argv)
    env = werewolf_v0.raw_env(args.variant)
    if args.agents == "random":
        agents = [RandomAgent() for _ in range(env.engine.n)]
    else:
        agents = [ScriptedWerewolfAgent.for_env(env) for _ in range(env.engine.n)]
    off, on, load, verify = [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(args.repeats):
            out = Path(tmp) / f"games-{k}.jsonl"
            t = time.perf_counter()
            play(env, agents, args.games, None)
            off.append(time.perf_counter() - t)
            t = time.perf_counter()
            decisions = play(env, agents, args.games, out)
            on.append(time.perf_counter() - t)
            t = time.perf_counter()
            records = list(iter_records(out))
            load.append(time.perf_counter() - t)
            t = time.perf_counter()
            for record in records:
                resimulate(record, verify=True)
            verify.append(time.perf_counter() - t)
    med = statistics.median
    result = {
        "variant": args.variant, "games": args.games, "repeats": args.repeats, "decisions": decisions,
        "games_per_s_without_record": args.games / med(off),
        "games_per_s_with_record": args.games / med(on),
        "recording_cost": med(on_k / off_k for on_k, off_k in zip(on, off)) - 1.0,
        "records_loaded_per_s": args.games / med(load),
        "verify_decisions_per_s": decisions / med(verify),
    }
    result["agents"] = args.agents
    table = Table(title=f"records on {args.variant}, {args.agents} agents: {args.games} games x {args.repeats} repeats, medians")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_row("games/s, no record", f"{result['games_per_s_without_record']:,.1f}")
    table.add_row("games/s, record built and written", f"{result['games_per_s_with_record']:,.1f}")
    table.add_row("recording cost (median of paired ratios - 1)", f"{result['recording_cost']:+.1%}")
    table.add_row("records loaded/s (validated)", f"{result['records_loaded_per_s']:,.1f}")
    table.add_row("verify: decisions re-simulated/s", f"{result['verify_decisions_per_s']:,.0f}")
    Console().print(table)
    return result


if __name__ == "__main__":
    main()
