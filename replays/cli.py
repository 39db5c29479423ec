"""``parlour replay FILE``: transcripts, one seat's view, verification, summaries and tables."""

from __future__ import annotations

import re

from rich.console import Console
from rich.markup import escape
from rich.rule import Rule

from ..envs.werewolf.rules import VariantError
from ..transcript import print_transcript
from .load import load_complete
from .resim import ReplayMismatch, resimulate
from .summary import print_summary, summarize
from .table import MissingExtraError, write_table


def add_replay_parser(subparsers) -> None:
    p = subparsers.add_parser("replay", help="replay, verify, summarize or tabulate recorded games")
    p.add_argument("file", help="a GameRecord file (JSON Lines)")
    p.add_argument("--as", dest="as_seat", metavar="SEAT",
                   help="show only what one seat could see ('seat-3', '3' or 'player_3')")
    p.add_argument("--game", metavar="GAME_ID", help="only the game with this id")
    p.add_argument("--verify", action="store_true", help="re-simulate every game and check each state hash")
    p.add_argument("--summary", action="store_true", help="win rates, game lengths and deaths across the games")
    p.add_argument("--table", metavar="OUT", help="write one row per decision to OUT (.csv, or .parquet with pyarrow)")
    p.add_argument("--html", metavar="OUT", help="write one self-contained HTML page with every game (timeline, votes)")


def _seat(text: str) -> int | None:
    m = re.fullmatch(r"(?:seat[-_ ]?|player_)?(\d+)", text.strip().lower())
    return int(m.group(1)) if m else None


def cmd_replay(args, console: Console) -> int:
    records, problem = load_complete(args.file)
    if args.game:
        records = [r for r in records if r.header.game_id == args.game]
        if not records and problem is None:
            console.print(f"[red]{args.file}: no game with id {args.game!r}[/red]")
            return 2
    as_seat = None
    if args.as_seat is not None:
        as_seat = _seat(args.as_seat)
        if as_seat is None:
            console.print(f"[red]--as {args.as_seat!r}: expected a seat such as 'seat-3' or '3'[/red]")
            return 2
    status = 0
    if args.verify:
        status |= _verify(records, console)
    if args.summary:
        if records:
            print_summary(summarize(records), console)
        else:
            console.print("no complete games to summarize")
    if args.table:
        try:
            n = write_table(records, args.table)
        except (MissingExtraError, ValueError) as e:
            console.print(f"[red]{escape(str(e))}[/red]")
            return 2
        console.print(f"[dim]{n} decision row(s) written to {args.table}[/dim]")
    if args.html:
        from .html import write_html

        n = write_html(records, args.html)
        console.print(f"[dim]{n} game(s) written to {escape(args.html)}[/dim]")
    if not (args.verify or args.summary or args.table or args.html) or as_seat is not None:
        status |= _transcripts(records, as_seat, console)
    if problem:
        # Every complete game above was used; say where the file stopped being readable.
        console.print(f"[red]{escape(problem)}[/red]")
        console.print(f"[yellow]{len(records)} complete game(s) were read before it[/yellow]")
        status = 1
    return status


def _transcripts(records, as_seat: int | None, console: Console) -> int:
    status = 0
    for rec in records:
        h, out = rec.header, rec.outcome
        if as_seat is not None and not 0 <= as_seat < len(out.roles):
            console.print(f"[red]game {h.game_id}: --as seat {as_seat}, but the board has seats 0..{len(out.roles) - 1}[/red]")
            return 2
        view = "" if as_seat is None else f", as seat {as_seat}"
        console.print(Rule(f"{h.game_id}: {h.variant}, seed {h.seed}{view}"))
        try:
            engine = resimulate(rec, verify=False)
        except (ReplayMismatch, VariantError) as e:
            console.print(f"[red]{escape(str(e))}[/red]")
            status = 1
            continue
        print_transcript(engine, console, as_seat=as_seat)
        if out.error:
            console.print(f"[red]the game stopped early: {out.error}[/red]")
    return status


def _verify(records, console: Console) -> int:
    games = decisions = 0
    failed = []
    for rec in records:
        try:
            resimulate(rec, verify=True)
        except (ReplayMismatch, VariantError) as e:
            failed.append(str(e))
            continue
        games += 1
        decisions += len(rec.decisions)
    for message in failed:
        console.print(f"[red]{message}[/red]")
    style = "red" if failed else "green"
    console.print(f"[{style}]{games} game(s) verified, {decisions} decision(s)"
                  + (f"; {len(failed)} game(s) do not re-simulate" if failed else "") + f"[/{style}]")
    return 1 if failed else 0
