"""Kitchen events as sentences, for transcripts, replays and prompts; built only when read.
Every event is public, so every seat's narration is the moderator's."""

from __future__ import annotations

from .engine import Action, Event, EventKind, Held, Item, KitchenEngine


def cell_text(cell: tuple[int, int]) -> str:
    return f"({cell[0]}, {cell[1]})"


def item_text(held: Held) -> str:
    if held.item == Item.SOUP:
        return f"a soup of {held.onions} onion{'s' if held.onions != 1 else ''}"
    return {Item.ONION: "an onion", Item.DISH: "a dish", Item.NOTHING: "nothing"}[held.item]


def _paid(reward: int) -> str:
    return f" (+{reward})" if reward else ""


def describe(event: Event) -> str:
    step, kind, seat, cell, held, reward = event
    who, at = f"chef {seat}", cell_text(cell)
    text = {
        EventKind.TAKE_ONION: f"{who} takes an onion from the dispenser at {at}",
        EventKind.TAKE_DISH: f"{who} takes a dish from the dispenser at {at}",
        EventKind.POT_ONION: f"{who} puts an onion into the pot at {at}",
        EventKind.START_COOKING: f"{who} starts cooking {item_text(held)} in the pot at {at}",
        EventKind.PLATE_SOUP: f"{who} plates {item_text(held)} from the pot at {at}",
        EventKind.DELIVER: f"{who} delivers {item_text(held)} at {at}",
        EventKind.DROP: f"{who} puts {item_text(held)} on the counter at {at}",
        EventKind.PICK_UP: f"{who} picks up {item_text(held)} from the counter at {at}",
    }[kind]
    if kind == EventKind.DELIVER and not reward:
        text += ", which no order asks for"
    return f"Step {step}: {text}{_paid(reward)}."


def pending_text(action: int) -> str:
    """How a seat's own prompt states its action chosen but not yet applied (AEC play); never
    narrated, and never shown to the other seat (``Game.hidden_from``)."""
    return f"You chose <{Action(action).name}> this step"


def end_text(engine: KitchenEngine) -> str:
    d = engine.details()
    return (f"Step {engine.t}: the episode is over: {d['soups_delivered']} soup"
            f"{'s' if d['soups_delivered'] != 1 else ''} delivered, team score {engine.score}.")


def narrate(engine: KitchenEngine) -> list[tuple[int, str]]:
    lines = [(e.step, describe(e)) for e in engine.events]
    if engine.done:
        lines.append((engine.t, end_text(engine)))
    return lines
