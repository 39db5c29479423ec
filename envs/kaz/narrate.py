"""Knights-Archers-Zombies events as sentences (all public), built only when read."""

from __future__ import annotations

from .engine import Action, Event, EventKind, KazEngine


def describe(event: Event, engine: KazEngine) -> str:
    step, kind, seat, kills = event
    who = f"the {engine.names[seat].split('_')[0]} (player {seat})" if seat >= 0 else ""
    if kind == EventKind.KILL:
        return f"Step {step}: {who} kills {kills} zombie{'s' if kills != 1 else ''} (+{kills})."
    if kind == EventKind.FALLEN:
        return f"Step {step}: a zombie kills {who}."
    if kind == EventKind.ESCAPED:
        return f"Step {step}: a zombie reaches the bottom of the field: the game is lost."
    raise ValueError(f"unknown event kind {kind!r}")


def pending_text(action: int) -> str:
    """How a seat's own prompt states its action chosen but not yet applied (AEC play)."""
    return f"You chose <{Action(action).name}> this step"


def end_text(engine: KazEngine) -> str:
    how = "the step limit ends the game" if engine.truncated else "the game is over"
    return f"Step {engine.t}: {how}: {sum(engine.kills())} zombies killed ({engine.kills()} by player)."


def narrate(engine: KazEngine) -> list[tuple[int, str]]:
    lines = [(e.step, describe(e, engine)) for e in engine.events]
    if engine.done:
        lines.append((engine.t, end_text(engine)))
    return lines
