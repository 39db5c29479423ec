"""Scripted tournament games per second with 1 process and with all cores.

    python benchmarks/bench_tournament.py [--game werewolf/werewolf-arena-8] [--games 240]

Plays the same round robin twice into fresh folders (records written, ratings skipped) and
prints games/s for each and their ratio; ``--json`` appends the numbers to a results file.
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--game", default="werewolf/werewolf-arena-8")
    parser.add_argument("--games", type=int, default=240)
    parser.add_argument("--json", help="append the result to this JSON Lines file")
    args = parser.parse_args()
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
