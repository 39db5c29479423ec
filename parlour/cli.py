"""The ``parlour`` command line: one verb per job, each a thin layer over a Python call."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table


def cmd_variants(args, console: Console) -> int:
    from .envs.werewolf.rules import get_variant, variant_names

    table = Table(title="Werewolf variants")
    for col in ("variant", "players", "roles", "win rule", "sheriff", "speech order", "vote / tie"):
        table.add_column(col)
    for name in variant_names():
        r = get_variant(name)
        roles = ", ".join(f"{n} {role.label}" if n > 1 else role.label for role, n in sorted(r.role_counts.items()))
        table.add_row(name, str(r.num_players), roles, r.win_rule, "yes" if r.sheriff else "no",
                      r.speech_order, f"{r.vote} / {r.tie}")
    console.print(table)
    return 0


def cmd_play(args, console: Console) -> int:
    from .agentspec import SpecError
    from .batch import run_games
    from .envs.werewolf.rules import get_variant
    from .replays.resim import resimulate
    from .transcript import print_transcript

    if args.game != "werewolf":
        console.print(f"[red]unknown game {args.game!r}; parlour play knows: werewolf[/red]")
        return 2
    agents = [a.strip() for a in args.agents.split(",") if a.strip()]
    if args.vllm_args:
        import json

        from . import agentspec

        try:
            agentspec.VLLM_ENGINE_ARGS.update(json.loads(args.vllm_args))
        except (json.JSONDecodeError, TypeError, ValueError) as e:
            console.print(f"[red]--vllm-args must be a JSON object of vLLM engine arguments: {escape(str(e))}[/red]")
            return 2
    out = Path(args.out) if args.out else None
    if out is not None and (args.out.endswith("/") or out.is_dir()):
        out = out / f"{get_variant(args.variant).name}.jsonl"
    try:
        records = run_games(args.variant, agents, args.seats, games=args.games, seed=args.seed,
                            concurrency=args.concurrency, out=out, console=console,
                            progress=args.games > 1, resume=args.resume)
    except SpecError as e:
        console.print(f"[red]{escape(str(e))}[/red]")
        return 2
    for record in records:
        if record.outcome.error:
            console.print(f"[red]game {record.header.game_id} stopped: {escape(record.outcome.error)}[/red]")
    if len(records) == 1 and not args.quiet:
        print_transcript(resimulate(records[0]), console)
    wins = {"village": 0, "wolves": 0, None: 0}
    for record in records:
        wins[record.outcome.winner] += 1
    if len(records) > 1 or args.quiet:
        console.print(f"{len(records)} game(s) on {args.variant}: village {wins['village']}, wolves {wins['wolves']}, "
                      f"no winner {wins[None]}")
    if out:
        console.print(f"[dim]records appended to {out}[/dim]")
    return 1 if any(r.outcome.error for r in records) else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="parlour", description="Multi-agent game simulation: Werewolf and more.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("variants", help="list the Werewolf variants")
    play = sub.add_parser("play", help="play games with any mix of agents and write their records")
    play.add_argument("game", choices=["werewolf"], help="the game to play")
    play.add_argument("--variant", default="werewolf-arena-8", help="a shipped variant name or a path to a TOML file")
    play.add_argument("--agents", default="scripted",
                      help="comma-separated agent specs: random, scripted, llm:MODEL, openai:URL/v1/MODEL")
    play.add_argument("--seats", action="append", default=[], metavar="KIND=SEATS",
                      help="place an agent kind on seats ('0-3,5') or a side ('wolves', 'village'); repeatable")
    play.add_argument("--seed", type=int, default=0, help="seed of the first game (game k uses seed + k)")
    play.add_argument("--games", type=int, default=1, help="how many games to play")
    play.add_argument("--out", help="append the game records (JSON Lines) to this file (a folder: FOLDER/VARIANT.jsonl)")
    play.add_argument("--concurrency", type=int, default=16, help="games played at once (LLM requests batch across them)")
    play.add_argument("--vllm-args", metavar="JSON",
                      help='engine arguments for llm: seats, e.g. \'{"max_model_len": 8192, "dtype": "float32"}\'')
    play.add_argument("--resume", action="store_true", help="skip games whose records are already complete in --out")
    play.add_argument("--quiet", action="store_true", help="no transcript")
    from .replays.cli import add_replay_parser

    add_replay_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    console = Console()
    from .envs.werewolf.rules import VariantError

    try:
        from .replays.cli import cmd_replay

        return {"variants": cmd_variants, "play": cmd_play, "replay": cmd_replay}[args.command](args, console)
    except VariantError as e:
        console.print(f"[red]{escape(str(e))}[/red]")
        return 2


if __name__ == "__main__":
    sys.exit(main())
