"""Breakthrough moves as sentences, for transcripts, prompts and ``render("ansi")``.

Breakthrough has full information, so every seat and the moderator read the same story: one
sentence per move, and one for the end. Built from the action history only when someone reads.
"""

from __future__ import annotations

from .engine import COLOURS, BreakthroughEngine, decode, square_name


def move_sentence(engine: BreakthroughEngine, seat: int, action: int) -> str:
    rules = engine.rules
    m = decode(action, rules.rows, rules.columns)
    source, target = square_name(m.source, rules), square_name(m.target, rules)
    if m.capture:
        return f"{COLOURS[seat]} moves {source} to {target} and captures the {COLOURS[1 - seat]} piece there."
    return f"{COLOURS[seat]} moves {source} to {target}."


def end_sentence(engine: BreakthroughEngine) -> str | None:
    if not engine.done:
        return None
    how = engine.details()["ended_by"]
    reason = "reaching the far row" if how == "far row" else "capturing every opposing piece"
    return f"{COLOURS[engine.winner]} (player {engine.winner}) wins by {reason}."


def narrate(engine: BreakthroughEngine) -> list[tuple[int, str]]:
    """(move number, sentence) for every move so far, then the result."""
    lines = [(k // 2, move_sentence(engine, seat, action)) for k, (seat, action) in enumerate(engine.history)]
    end = end_sentence(engine)
    if end:
        lines.append((engine.round, end))
    return lines
