"""Kuhn Poker events as sentences, for transcripts, ``render("ansi")``, replays and prompts.

Only called when someone reads text; the engine keeps typed events and formats nothing.
``narrate(engine, seat)`` keeps the events ``seat`` may see: ``None`` is the moderator (both
cards), ``PUBLIC`` (-1) a spectator, 0 or 1 a player (its own card, the public betting, and the
cards shown at a showdown, which is public by the rules of poker).
"""

from __future__ import annotations

from .engine import CARD_LETTERS, CARD_NAMES, Event, EventKind, Play, visible_to


def card_text(card: int) -> str:
    return f"{CARD_NAMES[card]} ({CARD_LETTERS[card]})"


def chips_text(n: int) -> str:
    return f"{n} chip{'s' if n != 1 else ''}"


def describe(event: Event, bet: int = 1) -> str:
    """One sentence for an event; ``bet`` is the rules' bet size."""
    kind, seat, value, _ = event
    if kind == EventKind.ANTE:
        return f"Both players ante {chips_text(value)} into the pot."
    if kind == EventKind.DEAL:
        return f"Player {seat} is dealt the {card_text(value)}."
    if kind == EventKind.ACTION:
        return {
            Play.CHECK: f"Player {seat} passes (checks).",
            Play.BET: f"Player {seat} bets {chips_text(bet)}.",
            Play.CALL: f"Player {seat} calls the bet ({chips_text(bet)}).",
            Play.FOLD: f"Player {seat} passes after the bet (folds).",
        }[Play(value)]
    if kind == EventKind.SHOWDOWN:
        return f"Showdown: player {seat} shows the {card_text(value)}."
    if kind == EventKind.RESULT:
        return f"Player {seat} wins the pot: {chips_text(value)} from the other player."
    raise ValueError(f"unknown event kind {kind!r}")


def narrate(engine, seat: int | None = None) -> list[str]:
    """The sentences of every event ``seat`` may see so far, in order."""
    bet = engine.rules.bet
    return [describe(e, bet) for e in engine.events if visible_to(e, seat)]
