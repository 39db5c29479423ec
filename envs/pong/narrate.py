"""Pong's events as sentences, for transcripts, replays and prompts; built only when read.

Every event is public, so every seat's narration is the moderator's: the serves, the returns, the
points, and the final score once the match is over.
"""

from __future__ import annotations

from .engine import SIDES, Event, EventKind, Move, PongEngine


def describe(event: Event, engine: PongEngine) -> str:
    step, kind, seat, y = event
    if kind == EventKind.SERVE:
        return f"Step {step}: the ball is served from the centre at height {y}, toward the {SIDES[seat]} paddle."
    if kind == EventKind.RETURN:
        return f"Step {step}: the {SIDES[seat]} paddle returns the ball at height {y}."
    if kind == EventKind.POINT:
        return f"Step {step}: the ball passes the {SIDES[1 - seat]} paddle: the {SIDES[seat]} player scores a point."
    raise ValueError(f"unknown event kind {kind!r}")


def pending_text(move: int) -> str:
    """How a seat's own prompt states its move chosen but not yet applied (AEC play); never
    narrated, and never shown to the other seat (``Game.hidden_from``)."""
    return f"You chose <{Move(move).name}> this step"


def end_text(engine: PongEngine) -> str:
    how = "the step limit cuts the match" if engine.truncated else "the match is over"
    return (f"Step {engine.t}: {how}: right {engine.scores[0]}, left {engine.scores[1]}"
            + (f"; the {SIDES[engine.winners()[0]]} player wins." if engine.winners() else "; a draw."))


def narrate(engine: PongEngine) -> list[tuple[int, str]]:
    """(step, sentence) for every event so far, and the end once it comes."""
    lines = [(e.step, describe(e, engine)) for e in engine.events]
    if engine.done:
        lines.append((engine.t, end_text(engine)))
    return lines
