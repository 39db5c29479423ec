"""``parlour tournament CONFIG.toml`` and ``parlour ratings DIR``."""

from __future__ import annotations

import argparse

from rich.console import Console
from rich.markup import escape

from ..tables import print_table


def add_tournament_parsers(sub) -> None:
    formatter = argparse.ArgumentDefaultsHelpFormatter
    t = sub.add_parser("tournament", help="run a self-play tournament from a TOML config", formatter_class=formatter)
    t.add_argument("config", help="the tournament's TOML file (see examples/tournaments/)")
    t.add_argument("--out", help="the output folder (overrides the config's out; default runs/NAME)")
    t.add_argument("--resume", metavar="DIR", help="go on with the tournament in DIR: finished games are skipped")
    t.add_argument("--backend", choices=("local", "ray"), default="local",
                   help="local: a process pool (scripted) or one event loop (LLM); ray: games as Ray tasks")
    t.add_argument("--address", help="the Ray cluster's address (e.g. 'auto'); none starts a local Ray")
    t.add_argument("--workers", type=int, help="processes for scripted games (default: the config's, or all cores)")
    t.add_argument("--quiet", action="store_true", help="no progress bar")
    r = sub.add_parser("ratings", help="the ratings table of a tournament folder, from its records",
                       formatter_class=formatter)
    r.add_argument("folder", help="a tournament's output folder")
    r.add_argument("--bootstrap", type=int, help="bootstrap resamples (default: the tournament's)")
    r.add_argument("--methods", help="comma-separated: openskill, elo, bradley-terry, polarix")
    r.add_argument("--no-write", action="store_true", help="print only; do not rewrite ratings.json/csv/png")


def cmd_tournament(args, console: Console) -> int:
    from .config import TournamentConfig
    from .core import Tournament, TournamentInterrupted
    from .report import table

    config = TournamentConfig.from_toml(args.config)
    if args.workers is not None:
        config.workers = args.workers
    out = args.resume or args.out
    try:
        result = Tournament(config).run(out, resume=args.resume is not None, backend=args.backend,
                                        address=args.address, console=console, progress=not args.quiet)
    except TournamentInterrupted as e:
        console.print(f"[yellow]{escape(str(e))}[/yellow]")
        return 130
    print_table(console, table(result))
    console.print(f"[dim]{result.played} game(s) played, {result.skipped} already done; "
                  f"{', '.join(str(p) for p in result.files)}[/dim]")
    return 1 if result.errors else 0


def cmd_ratings(args, console: Console) -> int:
    from .core import rate_folder
    from .report import table, write_outputs

    methods = [m.strip() for m in args.methods.split(",")] if args.methods else None
    result = rate_folder(args.folder, bootstrap=args.bootstrap, methods=methods)
    print_table(console, table(result))
    if not args.no_write:
        write_outputs(result)
    return 0
