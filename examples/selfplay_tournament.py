"""A self-play tournament from a script: one ``parlour.Tournament(...).run()`` call, then read its ratings.

    python examples/selfplay_tournament.py                # Kuhn Poker: equilibrium, noisy equilibrium, random
    python examples/selfplay_tournament.py --quick        # CI: the same run, asserting the known order
    python examples/selfplay_tournament.py --game werewolf/werewolf-arena-8 --games-per-pairing 40

The entrants have a known order of strength: the game's scripted agent, the same agent with 30% of
its moves replaced by random legal ones (``parlour.tournament.noisy``), and random play. In Kuhn
Poker the scripted agent plays the equilibrium, which wins little from a near copy of itself, so the
noisy copy is noisy half the time and the run plays 800 hands per pairing (scored by chips). The script
runs the tournament into a folder (records, ratings as CSV and JSON), prints the rating table and
checks that every rating method orders the three entrants as expected. The same tournament as a
file: ``parlour tournament examples/tournaments/kuhn-poker.toml``.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import parlour

EXPECTED_ORDER = ["scripted", "noisy50", "random"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--game", default="kuhn-poker", help="a game id or GAME/BOARD (default kuhn-poker)")
    parser.add_argument("--games-per-pairing", type=int, default=800)
    parser.add_argument("--out", type=Path, help="the tournament's folder (default: a temporary one)")
    parser.add_argument("--quick", action="store_true", help="CI: no live display; assert the order")
    args = parser.parse_args(argv)

    tournament = parlour.Tournament(
        name="selfplay",
        game=args.game,
        entrants=[
            {"name": "scripted", "agent": "scripted"},
            {"name": "noisy50", "agent": "python:parlour.tournament.noisy:noisy", "options": {"p": 0.5}},
            {"name": "random", "agent": "random"},
        ],
        games_per_pairing=args.games_per_pairing,
        ratings=["openskill", "bradley-terry"],
        seed=0,
    )
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp) / "selfplay"
        result = tournament.run(out, progress=not args.quick)  # prints the rating table
        for method, rated in result.ratings.items():
            order = rated.order()
            print(f"{method}: {' > '.join(order)}; neighbours' intervals apart: {rated.separated()}")
            if args.quick:
                assert order == EXPECTED_ORDER, f"{method} ordered the entrants {order}, expected {EXPECTED_ORDER}"
        print(f"{len(result.results)} games written to {out}")
        if args.quick:
            print("known order recovered: ok")


if __name__ == "__main__":
    main()
