"""``parlour replay FILE``: transcripts, one seat's view, verification, summaries and tables."""

from __future__ import annotations

import re
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.rule import Rule

from ..record_reader import latest_by_game_id, read_records
from ..transcript import print_transcript
from .resim import ReplayMismatch, resimulate
from .summary import print_summary, summarize
from .table import MissingExtraError, write_table


def add_replay_parser(subparsers) -> None:
    p = subparsers.add_parser("replay", help="replay, verify, summarize or tabulate recorded games")
    p.add_argument("file", help="a GameRecord file (JSON Lines)")
    p.add_argument("--as", dest="as_seat", metavar="SEAT",
                   help="show only what one seat could see ('seat-3', '3' or 'player_3')")
    p.add_argument("--game", metavar="GAME_ID", help="only the game with this id")
    p.add_argument("--verify", action="store_true", help="re-simulate every game and check every line's hash; exit 1 if any line differs or was skipped")
    p.add_argument("--summary", action="store_true", help="win rates, game lengths and deaths across the games")
    p.add_argument("--table", metavar="OUT", help="write one row per decision to OUT (.csv, or .parquet with pyarrow)")
    p.add_argument("--html", metavar="OUT", help="write one self-contained HTML page with every game (timeline, votes)")


def _seat(text: str) -> int | None:
    m = re.fullmatch(r"(?:seat[-_ ]?|player_)?(\d+)", text.strip().lower())
    return int(m.group(1)) if m else None


def cmd_replay(args, console: Console) -> int:
    try:
        records, problems = read_records(args.file)
    except FileNotFoundError:
        console.print(f"[red]{escape(args.file)}: no such file[/red]")
        return 2
    except OSError as e:
        console.print(f"[red]{escape(args.file)}: {escape(e.strerror or str(e))}[/red]")
        return 2
    for problem in problems:  # every skipped line, before anything is shown from the rest
        console.print(f"[yellow]{escape(args.file)}:{escape(str(problem))} (skipped)[/yellow]")
    if args.game:
        records = [r for r in records if r.header.game_id == args.game]
        if not records and not problems:
            console.print(f"[red]{args.file}: no game with id {args.game!r}[/red]")
            return 2
    as_seat = None
    if args.as_seat is not None:
        as_seat = _seat(args.as_seat)
        if as_seat is None:
            console.print(f"[red]--as {args.as_seat!r}: expected a seat such as 'seat-3' or '3'[/red]")
            return 2
    # Every view shows only games that verify: a summary, table or page of edited values would
    # pass them on as if they had been played. Verifying costs a re-simulation per game.
    show_transcripts = not (args.verify or args.summary or args.table or args.html) or as_seat is not None
    records, engines, failed = _verified(records, args.file, keep_engines=show_transcripts)
    status = 1 if failed or problems else 0
    for message in failed:
        console.print(f"[red]{escape(message)}[/red]")
    if args.verify:
        style = "red" if status else "green"
        console.print(f"[{style}]{len(records)} game(s) verified, {sum(len(r.decisions) for r in records)} decision(s)"
                      + (f"; {len(failed)} game(s) do not verify" if failed else "")
                      + (f"; {len(problems)} skipped line report(s)" if problems else "") + f"[/{style}]")
    superseded = len(records)
    records = latest_by_game_id(records)
    engines = {id(r): engines[id(r)] for r in records if id(r) in engines}
    if len(records) < superseded:
        console.print(f"[dim]{superseded - len(records)} game(s) played again later in the file: "
                      "the later record of each game id is shown[/dim]")
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
    if show_transcripts:
        status |= _transcripts(records, engines, as_seat, console)
    if problems or failed:
        console.print(f"[yellow]{len(records)} game(s) used; {len(problems)} skipped line report(s) and "
                      f"{len(failed)} game(s) that do not verify are listed above[/yellow]")
    return status


def _verified(records, path: str, keep_engines: bool) -> tuple[list, dict[int, Any], list[str]]:
    """The games that re-simulate and match every line, their final engines by ``id(record)``
    when ``keep_engines`` (transcripts print from them: no second re-simulation), and a message
    for each game that does not verify."""
    good, engines, failed = [], {}, []
    for rec in records:
        try:
            engine = resimulate(rec, verify=True)
        except ReplayMismatch as e:
            failed.append(f"{path}:{e.line}: {e.message}" if e.line else f"{path}: {e.message}")
            continue
        except ValueError as e:
            failed.append(f"{path}:{rec.file_line(0)}: {e}")
            continue
        good.append(rec)
        if keep_engines:
            engines[id(rec)] = engine
    return good, engines, failed


def _transcripts(records, engines: dict[int, Any], as_seat: int | None, console: Console) -> int:
    for rec in records:
        h, out = rec.header, rec.outcome
        if as_seat is not None and not 0 <= as_seat < len(h.agents):
            console.print(f"[red]game {h.game_id}: --as seat {as_seat}, but the board has seats 0..{len(h.agents) - 1}[/red]")
            return 2
        view = "" if as_seat is None else f", as seat {as_seat}"
        console.print(Rule(f"{h.game_id}: {h.variant}, seed {h.seed}{view}"))
        print_transcript(engines[id(rec)], console, as_seat=as_seat)
        if out.error:
            console.print(f"[red]the game stopped early: {out.error}[/red]")
    return 0
