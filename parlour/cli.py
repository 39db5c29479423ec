"""The ``parlour`` command line: one verb per job, each a thin layer over a Python call."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from . import __version__
from .tables import print_table


def cmd_games(args, console: Console) -> int:
    from .envs import get_game
    from .registry import games

    table = Table(title="Games")
    for col in ("game", "env", "boards", "about"):
        table.add_column(col)
    for game_id in games():
        game = get_game(game_id)
        table.add_row(game_id, game.env_name, str(len(game.boards())), game.title)
    print_table(console, table, wrap=("about",))
    return 0


def cmd_variants(args, console: Console) -> int:
    from .envs import get_game

    game = get_game(args.game)
    rows = [(name, game.board_summary(game.rules(name))) for name in game.boards()]
    table = Table(title=f"{game.id} boards")
    columns = ["board", *rows[0][1]] if rows else ["board"]
    for col in columns:
        table.add_column(col)
    for name, summary in rows:
        table.add_row(name, *summary.values())
    print_table(console, table, wrap=tuple(c for c in columns if c not in ("board", "players", "sheriff")))
    return 0


def _llm_options(args, console: Console) -> bool:
    """Apply the --llm-* and --vllm-args flags to the agent specs' settings; False after an error."""
    from . import agentspec

    for flag, text in (("--vllm-args", args.vllm_args), ("--llm-extra-body", args.llm_extra_body)):
        if text is None:
            continue
        try:
            value = json.loads(text)
        except json.JSONDecodeError as e:
            console.print(f"[red]{flag}: not JSON ({escape(e.msg)} at column {e.colno}): {escape(text)}[/red]")
            return False
        if not isinstance(value, dict):
            console.print(f"[red]{flag} must be a JSON object, not {escape(text)}[/red]")
            return False
        if flag == "--vllm-args":
            agentspec.VLLM_ENGINE_ARGS.update(value)
        else:
            agentspec.LLM_OPTIONS.extra_body = value
    options = agentspec.LLM_OPTIONS
    options.timeout_s = args.llm_timeout
    options.retries = args.llm_retries
    options.retry_budget_s = args.llm_retry_budget
    options.context_tokens = args.llm_context
    options.illegal = args.illegal
    options.images = args.images
    return True


def cmd_play(args, console: Console) -> int:
    from .agentspec import SpecError
    from .batch import ResumeMismatch, RunConfigError, RunInterrupted, RunReport, run_games
    from .fallbacks import fallback_counts, print_fallbacks, too_many_fallbacks
    from .replays.resim import resimulate
    from .runner import INTERRUPTED
    from .transcript import print_transcript

    agents = [a.strip() for a in args.agents.split(",") if a.strip()]
    if not _llm_options(args, console):
        return 2
    from .envs import get_game

    game = get_game(args.game)
    variant = args.variant or game.default_board()
    out = Path(args.out) if args.out else None
    if out is not None and (args.out.endswith("/") or out.is_dir()):
        out = out / f"{game.board_name(game.rules(variant))}.jsonl"
    report = RunReport()
    try:
        records = run_games(variant, agents, args.seats, game=args.game, games=args.games, seed=args.seed,
                            concurrency=args.concurrency, out=out, console=console,
                            progress=args.games > 1, resume=args.resume, replay_errored=not args.keep_errored,
                            report=report)
    except (SpecError, ResumeMismatch, RunConfigError) as e:
        console.print(f"[red]{escape(str(e))}[/red]")
        return 2
    except RunInterrupted as e:
        where = f" to {out}" if out else " (no --out: nothing kept)"
        console.print(f"[yellow]{escape(str(e))}{where}; --resume plays the rest[/yellow]")
        return 130
    except OSError as e:  # the record file: read-only, a full disk, a folder in the way
        console.print(f"[red]cannot write the records to {out}: {escape(e.strerror or str(e))}[/red]")
        return 1
    errored = [r for r in records if r.outcome.error and r.outcome.error != INTERRUPTED]
    for record in errored:
        console.print(f"[red]game {record.header.game_id} stopped: {escape(record.outcome.error or '')}[/red]")
    if len(records) == 1 and not args.quiet:
        print_transcript(resimulate(records[0], verify=False), console)
    wins = Counter(record.outcome.winner for record in records)
    if len(records) > 1 or args.quiet:
        tally = ", ".join(f"{label} {n}" for label, n in sorted(wins.items(), key=lambda kv: str(kv[0])) if label)
        console.print(f"{len(records)} game(s) of {game.id} on {variant}: {tally or 'no wins'}, "
                      f"no winner {wins[None]}" + (f", stopped on an error {len(errored)}" if errored else ""))
    if out:
        console.print(f"[dim]records appended to {out}[/dim]")
    counts = fallback_counts(records)
    if counts:
        print_fallbacks(counts, console)
    too_many = too_many_fallbacks(counts, args.max_fallback_rate)
    for message in too_many:
        console.print(f"[red]{escape(message)}[/red]")
    if too_many:
        return 3
    return 1 if errored else 0


def _number(text: str, kind: type, ok, says: str):
    """An argparse type: ``text`` as ``kind`` (int or float) for which ``ok(value)`` holds."""
    try:
        value = kind(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a {'whole number' if kind is int else 'number'}") from None
    if not ok(value):
        raise argparse.ArgumentTypeError(f"{text} {says}")
    return value


def _non_negative_int(text: str) -> int:
    return _number(text, int, lambda v: v >= 0, "is below 0")


def _positive_int(text: str) -> int:
    return _number(text, int, lambda v: v >= 1, "is below 1")


def _positive_float(text: str) -> float:
    return _number(text, float, lambda v: v > 0, "must be above 0")


def _rate(text: str) -> float:
    return _number(text, float, lambda v: 0 <= v <= 1, "is not a rate between 0 and 1")


def add_llm_arguments(parser: argparse.ArgumentParser):
    """The LLM seats' flags (--vllm-args, --llm-*, --illegal, --images) that :func:`_llm_options`
    applies; returns their group."""
    from .agentspec import LLMOptions

    llm = parser.add_argument_group("LLM seats (llm:, openai:)")
    defaults = LLMOptions()
    llm.add_argument("--vllm-args", metavar="JSON",
                     help='engine arguments for llm: seats, e.g. \'{"max_model_len": 8192, "dtype": "float32"}\'')
    llm.add_argument("--llm-timeout", type=_positive_float, default=defaults.timeout_s, metavar="SECONDS",
                     help="total deadline of one request to the model; a game whose request times out stops")
    llm.add_argument("--llm-retries", type=_non_negative_int, default=defaults.retries, metavar="N",
                     help="retries of a failed request (server error, refused, timeout) before the game stops")
    llm.add_argument("--llm-retry-budget", type=_positive_float, default=defaults.retry_budget_s, metavar="SECONDS",
                     help="total time spent retrying one request (long enough to outlast a server restart)")
    llm.add_argument("--llm-context", type=_positive_int, default=defaults.context_tokens, metavar="TOKENS",
                     help="the model's context length, when the backend does not report it (prompts are "
                          "condensed to fit)")
    llm.add_argument("--llm-extra-body", metavar="JSON",
                     help="extra fields sent with every request to an openai: server, e.g. '{\"top_k\": 20}'")
    llm.add_argument("--illegal", choices=("feedback", "random"), default=defaults.illegal,
                     help="a bad answer gets a correction and a retry (feedback), or VS-Bench's silent random legal "
                          "move (random)")
    llm.add_argument("--images", action="store_true",
                     help="send each seat's own picture as a PNG to a vision model (openai: seats, through vLLM's "
                          "multimodal chat input)")
    return llm


def build_parser() -> argparse.ArgumentParser:
    from .fallbacks import DEFAULT_MAX_FALLBACK_RATE

    formatter = argparse.ArgumentDefaultsHelpFormatter
    parser = argparse.ArgumentParser(prog="parlour", description="Multi-agent game simulation: Werewolf and more.",
                                     formatter_class=formatter)
    parser.add_argument("--version", action="version", version=f"parlour {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    from .registry import games

    sub.add_parser("games", help="list the games", formatter_class=formatter)
    variants = sub.add_parser("variants", help="list a game's boards (variants)", formatter_class=formatter)
    variants.add_argument("game", nargs="?", default=games()[0], choices=games(), help="the game")
    play = sub.add_parser("play", help="play games with any mix of agents and write their records",
                          formatter_class=formatter)
    play.add_argument("game", choices=games(), help="the game to play")
    play.add_argument("--variant", help="a board name or a path to a board file (default: the game's default board; "
                                        "werewolf: werewolf-arena-8)")
    play.add_argument("--agents", default="scripted",
                      help="comma-separated agent specs: random, scripted, llm:MODEL, openai:URL/v1/MODEL, "
                           "python:MODULE:FACTORY")
    play.add_argument("--seats", action="append", default=[], metavar="KIND=SEATS",
                      help="place an agent kind on seats ('0-3,5') or a group the game names (werewolf: 'wolves', "
                           "'village', a role); repeatable")
    play.add_argument("--seed", type=_non_negative_int, default=0, help="seed of the first game (game k uses seed + k)")
    play.add_argument("--games", type=_positive_int, default=1, help="how many games to play")
    play.add_argument("--out", help="append the game records (JSON Lines) to this file (a folder: FOLDER/VARIANT.jsonl)")
    play.add_argument("--concurrency", type=_positive_int, default=16,
                      help="games played at once (LLM requests batch across them)")
    play.add_argument("--resume", action="store_true",
                      help="skip games already complete in --out (same rules, agents and seed); replays errored ones")
    play.add_argument("--keep-errored", action="store_true",
                      help="with --resume, count games that stopped on an error as done instead of playing them again")
    play.add_argument("--quiet", action="store_true", help="no transcript")
    llm = add_llm_arguments(play)
    llm.add_argument("--max-fallback-rate", type=_rate, default=DEFAULT_MAX_FALLBACK_RATE, metavar="RATE",
                     help="exit with status 3 when an LLM seat's answers fall back to the no-op more often than this")
    from .replays.cli import add_replay_parser

    add_replay_parser(sub)
    from .tournament.cli import add_tournament_parsers

    add_tournament_parsers(sub)
    from .evaluators.cli import add_eval_parser

    add_eval_parser(sub)
    from .datasets.cli import add_datasets_parser

    add_datasets_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    console = Console()
    # Without a terminal (a log, CI, a pipe) a message stays one line, whatever COLUMNS says.
    console.soft_wrap = not console.is_terminal
    try:
        from .datasets.cli import cmd_datasets
        from .evaluators.cli import cmd_eval
        from .replays.cli import cmd_replay
        from .tournament.cli import cmd_ratings, cmd_tournament

        commands = {"games": cmd_games, "variants": cmd_variants, "play": cmd_play, "replay": cmd_replay,
                    "tournament": cmd_tournament, "ratings": cmd_ratings, "eval": cmd_eval, "datasets": cmd_datasets}
        return commands[args.command](args, console)
    except (ValueError, KeyError, ModuleNotFoundError) as e:  # a board that does not load, an unknown game, a missing extra
        console.print(f"[red]{escape(str(e))}[/red]")
        return 2
    except KeyboardInterrupt:
        console.print("[yellow]interrupted[/yellow]")
        return 130


if __name__ == "__main__":
    sys.exit(main())
