"""``parlour datasets list`` and ``parlour datasets fetch werebench``."""

from __future__ import annotations

import argparse

from rich.markup import escape
from rich.table import Table

from ...tables import print_table
from . import fetch as fetching

KNOWN = {fetching.NAME: f"WereBench (Song et al. 2025): human Pandakill games and strategy items, "
                        f"github.com/{fetching.REPOSITORY}"}


def add_parser(actions) -> None:
    formatter = argparse.ArgumentDefaultsHelpFormatter
    ls = actions.add_parser("list", help="the datasets parlour knows and whether each is cached",
                            formatter_class=formatter)
    ls.set_defaults(datasets_run=cmd_list)
    fetch = actions.add_parser("fetch", help="download a dataset into the cache", formatter_class=formatter)
    fetch.add_argument("name", choices=sorted(KNOWN))
    fetch.add_argument("--url", default=fetching.DEFAULT_URL, help="where to download the release's .tar.gz from")
    fetch.set_defaults(datasets_run=cmd_fetch)


def cmd_list(args, console) -> int:
    table = Table(title="datasets")
    for column in ("name", "cached", "where", "about"):
        table.add_column(column)
    where = fetching.cache_dir()
    table.add_row(fetching.NAME, "yes" if fetching.is_cached() else "no", str(where), KNOWN[fetching.NAME])
    print_table(console, table, wrap=("about",))
    return 0


def cmd_fetch(args, console) -> int:
    try:
        path = fetching.fetch(args.url)
    except fetching.FetchError as e:
        console.print(f"[red]parlour datasets fetch {args.name}: {escape(str(e))}[/red]")
        return 1
    from .loader import WereBenchFormatError, load

    try:
        data = load(path)
    except WereBenchFormatError as e:
        console.print(f"[red]parlour datasets fetch {args.name}: downloaded to {escape(str(path))}, but it does not "
                      f"read: {escape(str(e))}[/red]")
        return 1
    console.print(f"{args.name}: {len(data.games)} games and {len(data.items)} items in {escape(str(path))}")
    return 0
