"""``parlour datasets list|fetch``: the reference datasets parlour knows, and their local caches."""

from __future__ import annotations

import argparse
from importlib import import_module

# dataset modules: each has add_parser(subparsers) registering subcommands with set_defaults(datasets_run=...)
DATASET_MODULES: list[str] = ["parlour.datasets.werebench.cli"]


def add_datasets_parser(sub) -> None:
    formatter = argparse.ArgumentDefaultsHelpFormatter
    ds = sub.add_parser("datasets", help="list or fetch reference datasets", formatter_class=formatter)
    actions = ds.add_subparsers(dest="datasets_action", required=True)
    for module in DATASET_MODULES:
        import_module(module).add_parser(actions)


def cmd_datasets(args, console) -> int:
    return args.datasets_run(args, console)
