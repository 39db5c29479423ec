"""``parlour eval KIND ...``: every evaluation command, one subcommand per benchmark.

Each benchmark's module adds its own subcommand (``add_parser(sub)``) and runs it (``run(args, console)``);
this module only collects them, so benchmarks do not edit each other's code.
"""

from __future__ import annotations

import argparse
from importlib import import_module

# subcommand modules: each has add_parser(subparsers) -> None, registering subcommands whose
# handler is set with parser.set_defaults(eval_run=FUNCTION(args, console) -> int)
EVAL_MODULES: list[str] = [
    "parlour.evaluators.records.cli",
    "parlour.evaluators.werebench.cli",
    "parlour.evaluators.vsbench.cli",
]


def add_eval_parser(sub) -> None:
    formatter = argparse.ArgumentDefaultsHelpFormatter
    ev = sub.add_parser("eval", help="evaluate agents or records against a benchmark", formatter_class=formatter)
    kinds = ev.add_subparsers(dest="eval_kind", required=True)
    for module in EVAL_MODULES:
        import_module(module).add_parser(kinds)


def cmd_eval(args, console) -> int:
    return args.eval_run(args, console)
