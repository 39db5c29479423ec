"""Play games into a record file, load it into pandas with ``parlour.replays.to_frame``, and plot.

    pip install -e ".[pandas,plot]"
    python examples/records_to_pandas.py --games 200 --plot votes.png
    python examples/records_to_pandas.py --quick            # CI
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import parlour
from parlour.agentspec import build_agent
from parlour.record import RecordWriter
from parlour.replays import to_frame


def write_games(path: Path, games: int, board: str = "werewolf/kaggle-8") -> None:
    """Scripted self-play games appended to ``path`` (JSON Lines, one record per game)."""
    with RecordWriter(path) as writer:
        for seed in range(games):
            record = parlour.play_game(board, lambda env: [build_agent("scripted", env, s, None) for s in range(8)],
                                       seed=seed, specs=["scripted"] * 8)
            writer.write(record)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=100)
    parser.add_argument("--records", default=None, help="record file to read (default: play --games into a temp file)")
    parser.add_argument("--plot", default=None, help="write a bar chart of actions by phase and side to this PNG")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    games = 10 if args.quick else args.games
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.records) if args.records else Path(tmp) / "games.jsonl"
        if not args.records:
            write_games(path, games)
        frame = to_frame(path)  # one row per decision
    print(frame.head())
    per_game = frame.groupby("game_id").agg(decisions=("i", "size"), days=("day", "max"), winner=("winner", "first"))
    print(per_game.describe(include="all"))
    print("win rates:", per_game["winner"].value_counts(normalize=True).round(3).to_dict())
    votes = frame[frame["phase"].str.contains("VOTE") & frame["target"].notna()]
    by_side = votes.groupby("side").size()
    print("vote decisions by the voter's side:", by_side.to_dict())
    if not args.records:
        assert per_game.shape[0] == games and frame["game_id"].nunique() == games
        assert set(per_game["winner"]) <= {"village", "wolves", None}
        assert {"role", "side", "phase", "action"} <= set(frame.columns)
    if args.plot:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        table = frame.groupby(["phase", "side"]).size().unstack(fill_value=0)
        ax = table.plot.bar(figsize=(9, 4), title=f"decisions by phase and side ({per_game.shape[0]} games)")
        ax.set_ylabel("decisions")
        plt.tight_layout()
        plt.savefig(args.plot)
        print(f"plot: {args.plot}")
    print("ok")


if __name__ == "__main__":
    main()
