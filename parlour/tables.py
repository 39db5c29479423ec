"""Printing rich tables so that no name or number is ever cut.

rich fits a table to the console by shrinking columns and ending cut cells with "…", which turned
variant names into "standa…" at 80 columns. Here every cell that is a name or a number keeps its
whole width; only prose columns (a list of roles, say) wrap. When stdout is not a terminal (CI, a
pipe, a file) the table prints at its natural width, since nobody's screen limits it.
"""

from __future__ import annotations

from rich.console import Console
from rich.measure import Measurement
from rich.table import Table


def print_table(console: Console, table: Table, *, wrap: tuple[str, ...] = ()) -> None:
    """Print ``table`` whole. Columns whose header is in ``wrap`` may wrap between words; every
    other column keeps its widest cell on one line (headers may wrap between words). A table wider than the terminal then runs past
    its edge rather than cutting a cell."""
    for column in table.columns:
        cells = [_plain(console, cell) for cell in column.cells]
        if str(column.header) in wrap:
            longest_word = max((len(word) for text in cells for word in text.split()), default=1)
            column.min_width = max(column.min_width or 0, longest_word)
            column.overflow = "fold"
        else:  # a cell no narrower than itself never breaks; the header may wrap between its words
            header_word = max((len(word) for word in str(column.header).split()), default=0)
            column.min_width = max(column.min_width or 0, header_word, max(map(len, cells), default=0))
    if console.is_terminal:
        console.print(table, crop=False)
    else:
        # Console.print never prints wider than the console, so widen it for this one table.
        natural = Measurement.get(console, console.options.update(width=1_000_000), table).maximum
        width = console.width
        console.width = max(width, natural)
        try:
            console.print(table, crop=False)
        finally:
            console.width = width


def _plain(console: Console, cell) -> str:
    """A cell's text without markup (cells may be str with rich markup, or Text)."""
    return console.render_str(cell).plain if isinstance(cell, str) else getattr(cell, "plain", str(cell))
