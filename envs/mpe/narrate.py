"""MPE events as sentences (all public), built only when read."""

from __future__ import annotations

from .engine import Action, MpeEngine


def pending_text(action: int) -> str:
    """How a seat's own prompt states its action chosen but not yet applied (AEC play)."""
    return f"You chose <{Action(action).name}> this step"


def narrate(engine: MpeEngine) -> list[tuple[int, str]]:
    lines = [(e.step, f"Step {e.step}: the predator catches the prey (predator +{e.reward:g}, prey -{e.reward:g}).")
             for e in engine.events]
    if engine.done:
        lines.append((engine.t, f"Step {engine.t}: the game is over: {engine.catches()} catch"
                                f"{'es' if engine.catches() != 1 else ''}; returns: predator {engine.scores[0]:.2f}, "
                                f"prey {engine.scores[1]:.2f}."))
    return lines
