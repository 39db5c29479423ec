"""``parlour eval werebench --agent SPEC``: the speech items, vote alignment and role inference.

Only the parser is built at import: the evaluators, backends and data load when the command runs,
so every other parlour command starts without them.
"""

from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path
from typing import TYPE_CHECKING

from rich.markup import escape
from rich.table import Table

from ...tables import print_table

if TYPE_CHECKING:
    from .report import WereBenchReport
    from .scoring import Score


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be at least 1")
    return value


def add_parser(kinds) -> None:
    p = kinds.add_parser("werebench", help="WereBench: speech items, vote alignment and role inference",
                         formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("--agent", required=True, metavar="SPEC",
                   help="who answers: random (the chance baseline), llm:MODEL or openai:URL/v1/MODEL")
    p.add_argument("--data", metavar="PATH",
                   help="a WereBench folder, or a parlour record file (.jsonl) whose Werewolf games become the "
                        "references (default: the cache `parlour datasets fetch werebench` fills)")
    p.add_argument("--limit", type=_positive_int, metavar="N",
                   help="at most N items per dimension, N votes and N games for role inference")
    p.add_argument("--decodes", type=_positive_int, default=3, help="answers per question, averaged")
    p.add_argument("--seed", type=int, default=0, help="seed of the decodes, the option shuffles and the bootstrap")
    p.add_argument("--role-day", type=_positive_int, default=3, help="role inference after this day")
    p.add_argument("--temperature", type=float, default=0.7, help="sampling temperature of llm:/openai: agents")
    p.add_argument("--context-chars", type=_positive_int, metavar="N",
                   help="keep at most the latest N characters of transcript (default: all that fit the model)")
    p.add_argument("--vllm-args", metavar="JSON", help="engine arguments for llm: agents, as for parlour play")
    p.add_argument("--out", metavar="FILE.json", help="write the report (scores and every answer) here")
    p.set_defaults(eval_run=run)


def _data(path: str | None):
    """(games, items, where) from --data or the cache; a record file's items come with its games."""
    from ...datasets.werebench import fetch, load
    from ...datasets.werebench.convert import convert_file

    if path is None:
        if not fetch.is_cached():
            raise FileNotFoundError(f"no WereBench data in {fetch.cache_dir()}: run `parlour datasets fetch "
                                    "werebench`, or pass --data PATH")
        path = str(fetch.cache_dir())
    if path.endswith(".jsonl"):
        games = convert_file(path)
        if not games:
            raise ValueError(f"{path}: no whole Werewolf game in this record file")
        return games, [i for g in games for i in g.items], path
    data = load(path)
    return data.games, data.items, path


def _scores_table(title: str, scores: list[Score], shuffled: list[Score] | None = None) -> Table:
    table = Table(title=title)
    for column in ("group", "cases", "accuracy", "95% interval") + (("shuffled options",) if shuffled else ()):
        table.add_column(column, justify="left" if column == "group" else "right")
    by_group = {s.group: s for s in shuffled or []}
    for s in scores:
        row = [s.group, str(s.cases), f"{s.accuracy:.3f}", f"{s.low:.3f}-{s.high:.3f}"]
        if shuffled:
            other = by_group.get(s.group)
            row.append(f"{other.accuracy:.3f}" if other else "-")
        table.add_row(*row)
    return table


def print_report(report: WereBenchReport, console) -> None:
    print_table(console, _scores_table(f"speech items ({report.settings.agent})", report.speech.scores,
                                       report.speech.shuffled_scores))
    shares = lambda d: "  ".join(f"{k} {v:.2f}" for k, v in d.items())  # noqa: E731
    console.print(f"keys chosen: {shares(report.speech.chosen_keys)}\nright keys:  {shares(report.speech.answer_keys)}",
                  highlight=False)
    print_table(console, _scores_table("decisions", report.votes.scores + [
        s.model_copy(update={"group": f"role inference, {s.group}"}) for s in report.roles.scores]))
    if report.roles.per_role:
        print_table(console, _scores_table("role inference by true role (exact)", report.roles.per_role))


async def _run(args, console, games, items, where: str) -> WereBenchReport:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from .choosers import chooser_from_spec
    from .report import Settings, evaluate, workload

    chooser = chooser_from_spec(args.agent, temperature=args.temperature, context_chars=args.context_chars)
    settings = Settings(agent=args.agent, data=where, decodes=args.decodes, seed=args.seed, limit=args.limit,
                        role_day=args.role_day, temperature=None if args.agent == "random" else args.temperature,
                        context_chars=args.context_chars)
    total = workload(items, games, decodes=args.decodes, limit=args.limit, role_day=args.role_day)
    columns = (TextColumn("answers"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    try:
        with Progress(*columns, console=console, transient=True, disable=not console.is_terminal) as bar:
            task = bar.add_task("answers", total=total)
            return await evaluate(items, games, chooser, settings, on_answer=lambda: bar.advance(task))
    finally:
        await chooser.aclose()


def run(args, console) -> int:
    from ...agentspec import VLLM_ENGINE_ARGS, SpecError

    if args.vllm_args:
        try:
            VLLM_ENGINE_ARGS.update(json.loads(args.vllm_args))
        except (json.JSONDecodeError, TypeError, ValueError) as e:
            console.print(f"[red]--vllm-args must be a JSON object: {escape(str(e))}[/red]")
            return 2
    try:
        games, items, where = _data(args.data)
    except (OSError, ValueError) as e:
        console.print(f"[red]parlour eval werebench: {escape(str(e))}[/red]")
        return 2  # bad input, as every parlour command reports it
    try:
        report = asyncio.run(_run(args, console, games, items, where))
    except SpecError as e:
        console.print(f"[red]--agent: {escape(str(e))}[/red]")
        return 2
    print_report(report, console)
    if args.out:
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(report.model_dump_json(indent=1), encoding="utf-8")
        console.print(f"report written to {escape(str(out))}")
    return 0
