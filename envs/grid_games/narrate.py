"""Grid-game events as sentences, for transcripts, replays and prompts; built only when read.

Every event is public (full information), so every seat's narration is the moderator's. The first
line says where everything starts, the last (once the game is over) gives the final scores.
"""

from __future__ import annotations

from .engine import BOTH, COLOURS, Cell, Event, EventKind, GridEngine, Move


def cell_text(cell: Cell) -> str:
    return f"[{cell[0]}, {cell[1]}]"


def points(n: int) -> str:
    return f"{n:+d} point{'s' if abs(n) != 1 else ''}"


def describe(event: Event, engine: GridEngine) -> str:
    """One sentence for an event, with the rewards the engine's rules gave."""
    r: dict = engine.rules.model_dump()
    step, kind, seat, cell = event
    who = f"the {COLOURS[seat]} player" if seat != BOTH else "both players"
    at = cell_text(cell)
    if kind == EventKind.COIN_OWN:
        return f"Step {step}: {who} collects its own coin at {at} ({points(r['own_coin_reward'])})."
    if kind == EventKind.COIN_OTHER:
        other = COLOURS[1 - seat]
        return (f"Step {step}: {who} collects the {other} coin at {at} ({points(r['other_coin_reward'])}; "
                f"the {other} player {points(r['coin_taken_penalty'])}).")
    if kind == EventKind.APPLE:
        return f"Step {step}: {who} eats an apple at {at} ({points(r['apple_reward'])})."
    if kind == EventKind.MONSTER_ALONE:
        return f"Step {step}: {who} meets the monster alone at {at} ({points(r['alone_penalty'])}) and respawns."
    if kind == EventKind.MONSTER_JOINT:
        return f"Step {step}: both players defeat the monster together at {at} ({points(r['joint_reward'])} each)."
    if kind in (EventKind.BOTH_ON_RED, EventKind.BOTH_ON_BLUE):
        block = 0 if kind == EventKind.BOTH_ON_RED else 1
        return (f"Step {step}: both players are on the {COLOURS[block]} block at {at} "
                f"(the {COLOURS[block]} player {points(r['owner_reward'])}, "
                f"the {COLOURS[1 - block]} player {points(r['partner_reward'])}); the block moves.")
    if kind == EventKind.APART:
        return (f"Step {step}: the players are on different blocks ({points(r['apart_reward'])} each); "
                "both blocks move.")
    raise ValueError(f"unknown event kind {kind!r}")


def pending_text(move: int) -> str:
    """How a seat's own prompt states its move chosen but not yet applied (AEC play); never
    narrated, and never shown to the other seat (``Game.hidden_from``)."""
    return f"You chose <{Move(move).name}> this turn"


def start_text(engine: GridEngine) -> str:
    players, objects = engine.start
    things = [f"the {COLOURS[s]} player at {cell_text(c)}" for s, c in enumerate(players)]
    things += [f"the {name} at {cell_text(c)}" for name, c in zip(engine.object_names, objects)]
    return "Start: " + ", ".join(things) + "."


def end_text(engine: GridEngine) -> str:
    return (f"Game over after {engine.t} steps: the red player scores {engine.scores[0]}, "
            f"the blue player {engine.scores[1]}.")


def narrate(engine: GridEngine) -> list[tuple[int, str]]:
    """(step, sentence) for the start, every event so far, and the end once it comes."""
    lines = [(0, start_text(engine))]
    lines += [(e.step, describe(e, engine)) for e in engine.events]
    if engine.done:
        lines.append((engine.t, end_text(engine)))
    return lines
