"""A readable, colour-coded transcript of a game from its events (rich)."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from .envs.werewolf.events import PUBLIC, WOLVES, EventKind
from .envs.werewolf.narrate import audience, describe

_STYLE = {
    EventKind.NIGHT: "bold blue", EventKind.DAY: "bold yellow", EventKind.DEATH: "bold red",
    EventKind.GAME_OVER: "bold magenta", EventKind.SPEECH: "", EventKind.VOTE: "cyan",
    EventKind.SHERIFF: "bold green", EventKind.EXILE: "bold red",
}
_SKIP = {EventKind.BID}  # bids are noise in a transcript; the speaker they choose is shown


def print_transcript(engine, console: Console | None = None, as_seat: int | None = None, roles: bool = True) -> None:
    """Print the game's events; ``as_seat`` limits them to what that seat could see."""
    console = console or Console()
    if roles and as_seat is None:
        console.print(Text("Roles: " + ", ".join(f"{i}={r.label}" for i, r in enumerate(engine.roles)), style="dim"))
    for ev in engine.events:
        if ev.kind in _SKIP or (ev.kind in (EventKind.DEAL, EventKind.TEAMMATES) and as_seat is None):
            continue
        if as_seat is not None and not (
            ev.visible == PUBLIC or ev.visible == as_seat or (ev.visible == WOLVES and engine.is_wolf[as_seat])
        ):
            continue
        text = describe(ev)
        if text is None:
            continue
        private = ev.visible != PUBLIC
        line = Text(("  " if ev.kind not in (EventKind.NIGHT, EventKind.DAY) else "") + text,
                    style="dim italic" if private else _STYLE.get(ev.kind, ""))
        if private and as_seat is None:
            line.append(f"  [{audience(ev)}]", style="dim")
        console.print(line)
