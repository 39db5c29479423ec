"""The match as sentences: every finished round (both plans, revealed at the battle, and its result)
for everyone; a plan submitted this round only for its own side (and the moderator)."""

from __future__ import annotations

from .battle import DRAW
from .engine import AdvGameEngine, Submitted


def plan_text(engine: AdvGameEngine, units) -> str:
    """A lineup front first: '1 Knight, 2 Archer', or '(no units)'."""
    return ", ".join(f"{i} {name}" for i, name in enumerate(engine.names(units), 1)) or "(no units)"


def submitted_text(engine: AdvGameEngine, seat: int, p: Submitted) -> str:
    over = f", OVER THE BUDGET of {engine.rules.budget}" if p.over_budget else ""
    return f"Player {seat} fields {plan_text(engine, p.units)} ({p.cost} gold{over})."


def own_pending_text(engine: AdvGameEngine, p: Submitted) -> str:
    """How a side's own prompt states its submitted, not yet revealed plan (hidden from the other)."""
    return f"You submitted for round {engine.round}: {plan_text(engine, p.units)}"


def narrate(engine: AdvGameEngine, seat: int | None = None) -> list[tuple[int, str]]:
    lines: list[tuple[int, str]] = []
    for r, result in enumerate(engine.results, 1):
        for s, p in enumerate(result.plans):
            lines.append((r, f"Round {r}: " + submitted_text(engine, s, p)))
        b = result.battle
        if result.winner == DRAW:
            verdict = "the round is a draw"
        else:
            verdict = f"player {result.winner} wins the round"
        over = [s for s, p in enumerate(result.plans) if p.over_budget]
        why = (f"over budget: player {' and player '.join(map(str, over))} forfeits"
               if over else f"after {b.ticks} ticks, hit points left {b.hp_left[0]} to {b.hp_left[1]}")
        lines.append((r, f"Round {r} battle: {verdict} ({why})."))
    for s, pending in enumerate(engine.pending):
        if pending is not None and seat in (None, s):
            text = own_pending_text(engine, pending) if seat == s else f"Player {s} has submitted its plan for round {engine.round}."
            lines.append((engine.round, text))
    if engine.done:
        w = engine.wins()
        winners = engine.winners()
        end = f"player {winners[0]} wins the match" if winners else "the match is a draw"
        lines.append((engine.round, f"Match over: {end}, {w[0]} rounds to {w[1]}."))
    return lines
