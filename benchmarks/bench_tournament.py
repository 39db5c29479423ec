"""Scripted tournament games per second with 1 process and with all cores.

    python benchmarks/bench_tournament.py [--game werewolf/werewolf-arena-8] [--games 240]
    python benchmarks/bench_tournament.py --formats --game kuhn-poker [--seeds 5]

Plays the same round robin twice into fresh folders (records written, ratings skipped) and
prints games/s for each and their ratio; ``--json`` appends the numbers to a results file.

``--formats``: games each format needed to order three entrants of known strength (the scripted
agent, a 50%-noisy copy, random) with Bradley-Terry: the round robin's smallest games per pairing
(doubling) whose order is right with neighbouring 95% bootstrap intervals apart, and the games
the adaptive and Swiss formats played before they stopped at their 0.95 target, with whether
their order was right.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from parlour.tournament import Tournament
from parlour.tournament.backends import cores


def games_per_second(game: str, games: int, workers: int) -> float:
    t = Tournament(game=game, games=games, workers=workers, bootstrap=0,
                   entrants=[("scripted", "scripted"), ("random", "random"),
                             ("noisy", "python:parlour.tournament.noisy:noisy", {"p": 0.3})])
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        result = t.run(folder, progress=False, write_outputs=False)
        elapsed = time.perf_counter() - start
    return len(result.results) / elapsed


ENTRANTS = [("scripted", "scripted"), ("noisy", "python:parlour.tournament.noisy:noisy", {"p": 0.5}),
            ("random", "random")]
TRUE_ORDER = ["scripted", "noisy", "random"]


def round_robin_needed(game: str, seed: int, start: int, limit: int) -> int | None:
    per_pairing = start
    while per_pairing <= limit:
        t = Tournament(game=game, games_per_pairing=per_pairing, seed=seed, bootstrap=200,
                       ratings=["bradley-terry"], entrants=ENTRANTS)
        with tempfile.TemporaryDirectory() as folder:
            result = t.run(folder, progress=False, write_outputs=False)
        bt = result.ratings["bradley-terry"]
        if bt.order() == TRUE_ORDER and bt.separated():
            return len(result.results)
        per_pairing *= 2
    return None


def adaptive_needed(game: str, seed: int, limit: int) -> tuple[int, bool]:
    t = Tournament(game=game, format="adaptive", seed=seed, bootstrap=0, ratings=["bradley-terry"],
                   adaptive={"target": 0.95, "batch": 2, "min_blocks": 2, "max_games": limit}, entrants=ENTRANTS)
    with tempfile.TemporaryDirectory() as folder:
        result = t.run(folder, progress=False, write_outputs=False)
    return len(result.results), result.order("bradley-terry") == TRUE_ORDER


def swiss_needed(game: str, seed: int, limit: int) -> tuple[int, bool]:
    t = Tournament(game=game, format="swiss", seed=seed, bootstrap=0, ratings=["bradley-terry"],
                   swiss={"target": 0.95, "min_rounds": 2, "max_games": limit}, entrants=ENTRANTS)
    with tempfile.TemporaryDirectory() as folder:
        result = t.run(folder, progress=False, write_outputs=False)
    return len(result.results), result.order("bradley-terry") == TRUE_ORDER


def formats(game: str, seeds: int, start: int, limit: int) -> None:
    for seed in range(seeds):
        rr = round_robin_needed(game, 1000 * seed, start, limit)
        ad, right = adaptive_needed(game, 1000 * seed, limit)
        sw, sw_right = swiss_needed(game, 1000 * seed, limit)
        print(json.dumps({"game": game, "seed": 1000 * seed, "round_robin_games": rr, "adaptive_games": ad,
                          "adaptive_order_right": right, "swiss_games": sw, "swiss_order_right": sw_right}))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--game", default="werewolf/werewolf-arena-8")
    parser.add_argument("--games", type=int, default=240)
    parser.add_argument("--json", help="append the result to this JSON Lines file")
    parser.add_argument("--formats", action="store_true", help="games needed per format (see the docstring)")
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--start", type=int, default=10, help="--formats: the first games per pairing tried")
    parser.add_argument("--limit", type=int, default=6000, help="--formats: games per pairing (round robin) or "
                        "in total (adaptive) at most")
    args = parser.parse_args()
    if args.formats:
        return formats(args.game, args.seeds, args.start, args.limit)
    n = cores()
    one = games_per_second(args.game, args.games, 1)
    many = games_per_second(args.game, args.games, n)
    row = {"game": args.game, "games": args.games, "cores": n, "games_per_s_1": round(one, 1),
           f"games_per_s_{n}": round(many, 1), "ratio": round(many / one, 2)}
    print(json.dumps(row))
    if args.json:
        with Path(args.json).open("a") as f:
            f.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    main()
