"""A readable, colour-coded transcript of any game from its narration (rich)."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from .envs import game_for_engine


def print_transcript(engine, console: Console | None = None, as_seat: int | None = None, roles: bool = True,
                     game=None) -> None:
    """Print the game's events; ``as_seat`` limits them to what that seat could see."""
    console = console or Console()
    game = game or game_for_engine(engine)
    if roles and as_seat is None:
        line = game.roles_line(engine)
        if line:
            console.print(Text(line, style="dim"))
    for narration in game.narrate(engine, as_seat):
        console.print(Text(narration.text, style=narration.style))
