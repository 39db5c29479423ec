"""``parlour eval vsbench-play``, ``vsbench-predict`` and ``vsbench-baselines``.

* ``vsbench-play --agent SPEC``: each game against its reference player (both seat orders) or in
  self-play, normalized returns per game and overall with bootstrap intervals;
* ``vsbench-predict --agent SPEC``: next-action prediction accuracy on sets generated from the
  reference players' games, or on VS-Bench's parquet files (``--data``);
* ``vsbench-baselines``: measure the random and reference returns again and store them.

Each prints rich tables and, with ``--json PATH`` ('-': stdout), writes the numbers as JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from parlour.agentspec import SpecError, close_backends
from parlour.cli import _llm_options, _non_negative_int, _positive_int, add_llm_arguments
from parlour.tables import print_table

from .answers import AnswerCounts, count_answers
from .baselines import (
    BASELINE_FILE,
    BASELINE_SEED,
    EVAL_SEED,
    Baseline,
    load_baselines,
    measure,
    stale,
    write_baselines,
)
from .games import VSBenchGame, vsbench_games
from .normalize import Score, overall, score

MISSING_BASELINE_BLOCKS = 100  # blocks measured on the fly for a game the baseline file lacks


def _games_arg(text: str) -> list[str]:
    ids = [g.strip() for g in text.split(",") if g.strip()]
    if not ids:
        raise argparse.ArgumentTypeError("no game ids given")
    return ids


def _add_common(p: argparse.ArgumentParser, *, agent: bool = True) -> None:
    if agent:
        p.add_argument("--agent", required=True, metavar="SPEC",
                       help="the evaluated agent: random, scripted, llm:MODEL, openai:URL/v1/MODEL, python:MODULE:FACTORY")
    p.add_argument("--games", type=_games_arg, metavar="ID,ID",
                   help="comma-separated game ids (default: every registered two-player game with a reference player)")
    p.add_argument("--concurrency", type=_positive_int, default=16, help="games (or questions) played at once")
    p.add_argument("--json", metavar="PATH", help="also write the results as JSON to PATH ('-': stdout)")


def add_parser(kinds) -> None:
    formatter = argparse.ArgumentDefaultsHelpFormatter
    play = kinds.add_parser("vsbench-play", formatter_class=formatter,
                            help="VS-Bench online: normalized returns against reference players or in self-play")
    _add_common(play)
    play.add_argument("--episodes", type=_positive_int, default=10,
                      help="seeds per game; against a reference each seed is played in both seat orders")
    play.add_argument("--seed", type=_non_negative_int, default=EVAL_SEED,
                      help="first seed (the stored baselines use other seeds)")
    play.add_argument("--out", metavar="FILE", help="append the game records (JSON Lines) to FILE")
    play.add_argument("--baselines", default=str(BASELINE_FILE), metavar="FILE", help="the stored baselines")
    play.add_argument("--resamples", type=_positive_int, default=2000, help="bootstrap resamples for the intervals")
    add_llm_arguments(play)
    play.set_defaults(eval_run=run_play)

    predict = kinds.add_parser("vsbench-predict", formatter_class=formatter,
                               help="VS-Bench offline: next-action prediction accuracy")
    _add_common(predict)
    predict.add_argument("--items", type=_positive_int, default=50, help="questions generated per game")
    predict.add_argument("--seed", type=_non_negative_int, default=EVAL_SEED,
                         help="first seed of the reference games the questions come from (and of random answers)")
    predict.add_argument("--data", action="append", default=[], metavar="FILE.parquet",
                         help="answer a VS-Bench parquet file instead of generated questions (repeatable)")
    predict.add_argument("--save", metavar="FILE.parquet", help="write the questions in VS-Bench's parquet layout")
    predict.add_argument("--resamples", type=_positive_int, default=2000, help="bootstrap resamples for the intervals")
    add_llm_arguments(predict)
    predict.set_defaults(eval_run=run_predict)

    base = kinds.add_parser("vsbench-baselines", formatter_class=formatter,
                            help="measure the random and reference returns that normalize vsbench-play, and store them")
    _add_common(base, agent=False)
    base.add_argument("--blocks", type=_positive_int, default=1000, help="seeds per game")
    base.add_argument("--seed", type=_non_negative_int, default=BASELINE_SEED, help="first seed")
    base.add_argument("--out", default=str(BASELINE_FILE), metavar="FILE",
                      help="the baseline file to update (other games' entries stay)")
    base.set_defaults(eval_run=run_baselines)


# ---------------------------------------------------------------------------------------------- helpers
def _tables_console(args, console: Console) -> Console:
    """With ``--json -`` stdout is the JSON alone: tables and notes go to stderr."""
    if args.json == "-":
        return Console(stderr=True, soft_wrap=console.soft_wrap)
    return console


def _write_json(path: str | None, data: dict, console: Console) -> None:
    if path is None:
        return
    text = json.dumps(data, indent=2, allow_nan=False)
    if path == "-":
        sys.stdout.write(text + "\n")
    else:
        Path(path).write_text(text + "\n")
        console.print(f"[dim]results written to {escape(path)}[/dim]")


def _clean(x: float) -> float | None:
    return None if math.isnan(x) else round(x, 6)


def _answer_columns(table: Table) -> None:
    for col in ("LLM decisions", "bad answers", "fallbacks", "random moves"):
        table.add_column(col, justify="right")


def _answer_cells(c: AnswerCounts) -> list[str]:
    if not c.decisions:
        return ["-", "-", "-", "-"]
    return [str(c.decisions), f"{c.bad}/{c.answers} ({c.bad_rate:.0%})", f"{c.fallbacks} ({c.fallback_rate:.0%})",
            str(c.random_moves)]


def _run(coro_factory: Callable[[], Any]) -> Any:
    async def main():
        try:
            return await coro_factory()
        finally:
            await close_backends()

    return asyncio.run(main())


def _score_json(s: Score) -> dict:
    return {"mean_return": _clean(s.mean_return), "normalized": _clean(s.normalized), "low": _clean(s.low),
            "high": _clean(s.high), "blocks": s.blocks}


# ---------------------------------------------------------------------------------------------- vsbench-play
def run_play(args, console: Console) -> int:
    from parlour.record import RecordWriter

    from .play import play_blocks

    console = _tables_console(args, console)
    try:
        entries = vsbench_games(args.games)
        baselines = load_baselines(args.baselines)
    except (ValueError, KeyError) as e:
        console.print(f"[red]{escape(str(e))}[/red]")
        return 2
    if not entries:
        console.print("[red]no registered game has a reference player[/red]")
        return 2
    if not _llm_options(args, console):
        return 2
    seeds = range(args.seed, args.seed + args.episodes)
    writer = RecordWriter(args.out) if args.out else None

    async def evaluate():
        results = {}
        for entry in entries:
            baseline = baselines.get(entry.id)
            why = "has no stored baseline" if baseline is None else stale(entry, baseline)
            if why is not None:
                console.print(f"[yellow]{entry.id} {why}: measuring random and {entry.reference.spec} over "
                              f"{MISSING_BASELINE_BLOCKS} seeds first (parlour eval vsbench-baselines stores them)[/yellow]")
                baseline = await measure(entry, MISSING_BASELINE_BLOCKS, concurrency=args.concurrency)
            blocks = await play_blocks(entry, args.agent, seeds, concurrency=args.concurrency, writer=writer)
            results[entry.id] = (entry, baseline, blocks)
        return results

    try:
        results = _run(evaluate)
    except SpecError as e:
        console.print(f"[red]{escape(str(e))}[/red]")
        return 2
    except RuntimeError as e:  # a game stopped on an error
        console.print(f"[red]{escape(str(e))}[/red]")
        return 1
    finally:
        if writer is not None:
            writer.close()
    report = play_report(args.agent, results, resamples=args.resamples)
    print_play(report, console)
    if args.out:
        console.print(f"[dim]records appended to {escape(args.out)}[/dim]")
    _write_json(args.json, report, console)
    return 0


def play_report(agent: str, results: dict[str, tuple[VSBenchGame, Baseline, list]], *, resamples: int = 2000) -> dict:
    """The JSON of a vsbench-play run: per game and overall."""
    games, values, scales = {}, {}, {}
    for i, (game_id, (entry, baseline, blocks)) in enumerate(results.items()):
        values[game_id] = [b.value for b in blocks]
        scales[game_id] = baseline.scale
        s = score(values[game_id], baseline.scale, resamples=resamples, rng=np.random.default_rng([0, i]))
        records = [r for b in blocks for r in b.records]
        games[game_id] = {
            "mode": "self-play" if entry.reference.self_play else f"against {entry.reference.spec}",
            "games": len(records),
            **_score_json(s),
            "random_return": baseline.random, "reference_return": baseline.reference_return,
            "baseline_seeds": [baseline.first_seed, baseline.first_seed + baseline.blocks - 1],
            "llm": count_answers(d.llm for r in records for d in r.decisions).as_json(),
        }
    total = overall(values, scales, resamples=resamples, rng=np.random.default_rng([0, len(results)]))
    every = [d.llm for _, _, blocks in results.values() for b in blocks for r in b.records for d in r.decisions]
    return {"agent": agent, "games": games, "overall": {**_score_json(total), "llm": count_answers(every).as_json()}}


def print_play(report: dict, console: Console) -> None:
    table = Table(title=f"VS-Bench online: {report['agent']} (normalized return: random 0, reference 100)")
    for col in ("game", "mode", "games", "mean return", "random", "reference", "normalized", "95% interval"):
        table.add_column(col, justify="left" if col in ("game", "mode") else "right")
    llm = report["overall"]["llm"]["decisions"] > 0
    if llm:
        _answer_columns(table)

    def row(name: str, g: dict, mode: str, games: str, mean: str, rnd: str, ref: str, style: str = "") -> None:
        cells = [name, mode, games, mean, rnd, ref, f"{g['normalized']:.1f}", f"[{g['low']:.1f}, {g['high']:.1f}]"]
        if llm:
            cells += _answer_cells(AnswerCounts(**{k: g["llm"][k] for k in AnswerCounts._fields}))
        table.add_row(*cells, style=style)

    for game_id, g in report["games"].items():
        row(game_id, g, g["mode"], str(g["games"]), f"{g['mean_return']:.3f}", f"{g['random_return']:.3f}",
            f"{g['reference_return']:.3f}")
    o = report["overall"]
    row("overall", o, "mean of games", str(sum(g["games"] for g in report["games"].values())), "", "", "", style="bold")
    print_table(console, table)


# ---------------------------------------------------------------------------------------------- vsbench-predict
def run_predict(args, console: Console) -> int:
    from .predict import check_answering_spec, generate, predict

    console = _tables_console(args, console)
    try:
        check_answering_spec(args.agent)
        if args.data:
            from .parquet import read_parquet

            if args.games:
                raise ValueError("--games picks generated questions; with --data the files say the games")
            items = [item for path in args.data for item in read_parquet(path)]
        else:
            items = [item for entry in vsbench_games(args.games)
                     for item in generate(entry, args.items, args.seed, images=args.images or bool(args.save))]
        if args.save:
            from .parquet import write_parquet

            write_parquet(items, args.save)
            console.print(f"[dim]{len(items)} questions written to {escape(args.save)}[/dim]")
    except (ValueError, KeyError, ModuleNotFoundError) as e:
        console.print(f"[red]{escape(str(e))}[/red]")
        return 2
    if not _llm_options(args, console):
        return 2
    try:
        predictions = _run(lambda: predict(items, args.agent, seed=args.seed, concurrency=args.concurrency))
    except (SpecError, ValueError) as e:
        console.print(f"[red]{escape(str(e))}[/red]")
        return 2
    report = predict_report(args.agent, items, predictions, resamples=args.resamples)
    print_predict(report, console)
    _write_json(args.json, report, console)
    return 0


def predict_report(agent: str, items, predictions, *, resamples: int = 2000) -> dict:
    from .predict import chance

    games: dict[str, dict] = {}
    for i, game in enumerate(dict.fromkeys(item.game for item in items)):
        picked = [k for k, item in enumerate(items) if item.game == game]
        hits = np.array([predictions[k].correct for k in picked], float)
        rng = np.random.default_rng([1, i])
        draws = hits[rng.integers(0, hits.size, (resamples, hits.size))].mean(axis=1)
        games[game] = {"items": len(picked), "accuracy": float(hits.mean()),
                       "low": float(np.percentile(draws, 2.5)), "high": float(np.percentile(draws, 97.5)),
                       "chance": chance([items[k] for k in picked]),
                       "llm": count_answers(predictions[k].llm for k in picked).as_json()}
    accuracy = float(np.mean([g["accuracy"] for g in games.values()]))
    return {"agent": agent, "games": games,
            "overall": {"items": len(items), "accuracy": accuracy,
                        "chance": float(np.mean([g["chance"] for g in games.values()])),
                        "llm": count_answers(p.llm for p in predictions).as_json()}}


def print_predict(report: dict, console: Console) -> None:
    table = Table(title=f"VS-Bench offline: next-action prediction by {report['agent']}")
    for col in ("game", "questions", "accuracy", "95% interval", "chance"):
        table.add_column(col, justify="left" if col == "game" else "right")
    llm = report["overall"]["llm"]["decisions"] > 0
    if llm:
        _answer_columns(table)
    for game, g in report["games"].items():
        cells = [game, str(g["items"]), f"{g['accuracy']:.1%}", f"[{g['low']:.1%}, {g['high']:.1%}]", f"{g['chance']:.1%}"]
        if llm:
            cells += _answer_cells(AnswerCounts(**{k: g["llm"][k] for k in AnswerCounts._fields}))
        table.add_row(*cells)
    o = report["overall"]
    cells = ["overall (mean of games)", str(o["items"]), f"{o['accuracy']:.1%}", "", f"{o['chance']:.1%}"]
    if llm:
        cells += _answer_cells(AnswerCounts(**{k: o["llm"][k] for k in AnswerCounts._fields}))
    table.add_row(*cells, style="bold")
    print_table(console, table)


# ---------------------------------------------------------------------------------------------- vsbench-baselines
def run_baselines(args, console: Console) -> int:
    console = _tables_console(args, console)
    try:
        entries = vsbench_games(args.games)
    except (ValueError, KeyError) as e:
        console.print(f"[red]{escape(str(e))}[/red]")
        return 2

    async def measure_all():
        return {e.id: await measure(e, args.blocks, args.seed, concurrency=args.concurrency) for e in entries}

    try:
        measured = _run(measure_all)
        write_baselines(measured, args.out)
    except (ValueError, OSError) as e:
        console.print(f"[red]{escape(str(e))}[/red]")
        return 1
    table = Table(title=f"VS-Bench baselines, seeds {args.seed}-{args.seed + args.blocks - 1}")
    for col in ("game", "reference", "mode", "random return", "reference return"):
        table.add_column(col, justify="left" if col in ("game", "reference", "mode") else "right")
    for game_id, b in measured.items():
        table.add_row(game_id, b.reference, "self-play" if b.self_play else "against it",
                      f"{b.random:.4f}", f"{b.reference_return:.4f}")
    print_table(console, table)
    console.print(f"[dim]written to {escape(args.out)}[/dim]")
    _write_json(args.json, {k: v.model_dump() for k, v in measured.items()}, console)
    return 0
