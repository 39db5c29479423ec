"""``parlour eval records PATH...``: the record evaluators over record files or folders."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from ...tables import print_table
from .evaluate import FAMILIES


def _families(text: str) -> tuple[str, ...]:
    names = tuple(n.strip() for n in text.split(",") if n.strip())
    unknown = [n for n in names if n not in FAMILIES]
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"unknown famil{'ies' if len(unknown) > 1 else 'y'} "
                                         f"{', '.join(unknown) or '(none)'}; known: {', '.join(FAMILIES)}")
    return names


def _budget(text: str):
    from .compute import ComputeBudget

    try:
        return ComputeBudget.parse(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def _non_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not an int of at least 0")
    return value


def _confidence(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a confidence between 0 and 1")
    return value


def add_parser(sub) -> None:
    p = sub.add_parser("records", help="score Werewolf records: speech stances, resources, game metrics, compute",
                       formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("paths", nargs="+", metavar="PATH", help="record files (.jsonl) or folders holding them")
    p.add_argument("--by", choices=("role", "side", "agent"), default="role", help="group seats by")
    p.add_argument("--families", type=_families, default=",".join(FAMILIES),
                   help=f"comma-separated tables to print: {', '.join(FAMILIES)}")
    p.add_argument("--budget", type=_budget, metavar="KEY=N,...",
                   help="compute limits of LLM seats: decision_tokens, decision_calls, decision_seconds, "
                        "game_tokens, game_calls, game_seconds")
    p.add_argument("--bootstrap", type=_non_negative, default=1000, help="bootstrap resamples of the games (0: none)")
    p.add_argument("--confidence", type=_confidence, default=0.95, help="interval coverage")
    p.add_argument("--seed", type=_non_negative, default=0, help="seed of the bootstrap")
    p.add_argument("--skip-bad", action="store_true",
                   help="evaluate the intact games of damaged files (each skipped line is reported)")
    p.add_argument("--verify", action="store_true", help="check every record's hash chain while re-simulating it")
    p.add_argument("--out", help="write the report as JSON to this file")
    p.set_defaults(eval_run=run)


def run(args, console: Console) -> int:
    from .evaluate import evaluate
    from .load import read_games
    from .tables import report_tables

    start = time.perf_counter()
    problems: list[str] = []
    games = read_games(args.paths, skip_bad=args.skip_bad, verify=args.verify, problems=problems)
    report = evaluate(games, by=args.by, budget=args.budget, bootstrap=args.bootstrap, confidence=args.confidence,
                      seed=args.seed, problems=problems)
    for problem in problems:
        console.print(f"[yellow]{escape(problem)}[/yellow]")
    if not report.games:
        console.print("[red]no finished Werewolf game in the given records[/red]")
        return 2
    for table in report_tables(report, args.families):
        print_table(console, table)
    if args.out:
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(report.model_dump_json(indent=2))
    console.print(f"[dim]{report.games} game(s) from {len(report.files)} file(s) in "
                  f"{time.perf_counter() - start:.1f} s" + (f"; report written to {args.out}" if args.out else "")
                  + "[/dim]")
    return 0
