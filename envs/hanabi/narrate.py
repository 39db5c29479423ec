"""Hanabi events as sentences, for transcripts, prompts and ``render("ansi")``.

Only called when someone reads text; the engine keeps typed events. Every event is public but
one detail: a player never learns which card it drew, so ``narrate(engine, seat)`` tells ``seat``
its own draws without the card (``None``, the moderator, and the other seats hear the card).
"""

from __future__ import annotations

from .engine import NOBODY, EndReason, Event, EventKind, HanabiEngine, MoveKind, card_code
from .rules import COLOUR_NAMES, HanabiRules


def card_text(card: int, rules: HanabiRules) -> str:
    colour, rank = divmod(card, rules.ranks)
    return f"{COLOUR_NAMES[colour]} {rank + 1} ({card_code(card, rules)})"


def slots_text(mask: int) -> str:
    slots = [str(i) for i in range(8) if mask >> i & 1]
    return ("slot " if len(slots) == 1 else "slots ") + (", ".join(slots[:-1]) + " and " + slots[-1] if len(slots) > 1 else slots[0])


def deal_sentence(seat: int, slot: int, card: int, rules: HanabiRules) -> str:
    """How every seat but ``seat`` hears a draw (the receiver is told no card)."""
    return f"Player {seat} draws {card_text(card, rules)} into slot {slot}."


_ENDS = {EndReason.OUT_OF_LIVES: "the last life token is lost", EndReason.ALL_FIREWORKS: "every firework is complete",
         EndReason.OUT_OF_CARDS: "every player has had a last turn after the deck ran out"}


def describe(event: Event, rules: HanabiRules, viewer: int | None) -> str:
    kind, seat = event.kind, event.seat
    if kind == EventKind.DEAL:
        if viewer == seat:
            return f"Player {seat} draws a card into slot {event.slot} (you cannot see your own cards)."
        return deal_sentence(seat, event.slot, event.card, rules)
    if kind == EventKind.PLAY:
        what = f"Player {seat} plays {card_text(event.card, rules)} from slot {event.slot}"
        colour, rank = divmod(event.card, rules.ranks)
        if event.value:
            return f"{what}: it fits, and the {COLOUR_NAMES[colour]} firework is now at {rank + 1}."
        return f"{what}: it does not fit, so it is discarded and a life token is lost."
    if kind == EventKind.DISCARD:
        return f"Player {seat} discards {card_text(event.card, rules)} from slot {event.slot}."
    if kind == EventKind.HINT:
        one = bin(event.mask).count("1") == 1
        if event.hint == MoveKind.HINT_COLOUR:
            told = COLOUR_NAMES[event.value]
        else:
            told = f"a {event.value + 1}" if one else f"{event.value + 1}s"
        return (f"Player {seat} tells player {event.target}: {slots_text(event.mask)} {'is' if one else 'are'} {told} "
                "(one information token spent).")
    if kind == EventKind.TOKEN:
        return f"Player {seat} regains an information token."
    if kind == EventKind.GAME_OVER:
        return f"The game is over ({_ENDS[EndReason(event.slot)]}): the final score is {event.value}."
    raise ValueError(f"unknown event kind {kind!r}")


def narrate(engine: HanabiEngine, seat: int | None = None) -> list[tuple[int, str]]:
    """(round, sentence) for every event so far as ``seat`` hears it (``None``: the moderator)."""
    rules, out, turn = engine.rules, [], 0
    for event in engine.events:
        if event.kind in (EventKind.PLAY, EventKind.DISCARD, EventKind.HINT):
            turn += 1
        out.append((max(turn - 1, 0) // engine.n, describe(event, rules, seat)))
    return out


def own_card_text(knowledge: list[int], rules: HanabiRules) -> str:
    """What hints say about a card (its holder's view of it)."""
    colour, rank, colours, ranks = knowledge
    if colour >= 0:
        c = f"colour {COLOUR_NAMES[colour]} (hinted)"
    else:
        c = "colour " + "/".join(COLOUR_NAMES[i] for i in range(rules.colors) if colours >> i & 1) + " (not hinted)"
    if rank >= 0:
        r = f"rank {rank + 1} (hinted)"
    else:
        r = "rank " + "/".join(str(i + 1) for i in range(rules.ranks) if ranks >> i & 1) + " (not hinted)"
    return f"{c}, {r}"


def hand_lines(engine: HanabiEngine, holder: int, viewer: int | None) -> list[str]:
    """One line per card of ``holder``'s hand as ``viewer`` sees it: the card (unless it is the
    viewer's own hand) and what the holder knows of it from hints."""
    rules = engine.rules
    lines = []
    for i, (card, knows) in enumerate(zip(engine.hands[holder], engine.knowledge[holder])):
        if holder == viewer:
            lines.append(f"- Your slot {i}: unknown card; hints say {own_card_text(knows, rules)}")
        else:
            lines.append(f"- Player {holder}, slot {i}: {card_text(card, rules)}; player {holder} knows "
                         f"{own_card_text(knows, rules)}")
    return lines


def visible_card_phrases(engine: HanabiEngine, seat: int) -> list[str]:
    """The texts that name ``seat``'s own cards as the other seats read them (for hidden_from)."""
    rules = engine.rules
    out = [f"Player {seat}, slot {i}: {card_text(card, rules)}" for i, card in enumerate(engine.hands[seat])]
    out += [deal_sentence(seat, e.slot, e.card, rules) for e in engine.events
            if e.kind == EventKind.DEAL and e.seat == seat and e.card in engine.hands[seat]]
    return out


__all__ = ["NOBODY", "card_text", "deal_sentence", "describe", "hand_lines", "narrate", "own_card_text",
           "slots_text", "visible_card_phrases"]
