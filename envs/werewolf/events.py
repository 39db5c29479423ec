"""Typed game events, each carrying who may see it (after Kaggle's Werewolf environment).

The engine appends events as plain named tuples; text is made from them only when a transcript,
a viewer or an LLM prompt asks. Visibility is an int: a seat number, or one of the constants
``PUBLIC`` and ``WOLVES``.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any, NamedTuple

PUBLIC = -1
WOLVES = -2


class EventKind(IntEnum):
    DEAL = 0            # target=seat, value=Role (private)
    TEAMMATES = 1       # target=seat, value=tuple of wolf seats (private to each wolf)
    NIGHT = 2           # a night begins (public)
    DAY = 3             # a day begins (public)
    GUARD = 4           # actor guards target (private)
    DOCTOR = 5          # actor protects target (private)
    WOLF_CHAT = 6       # actor speaks on the wolf channel, value=Speech
    WOLF_VOTE = 7       # actor proposes target as the kill (wolves)
    WOLF_KILL = 8       # the wolves' chosen victim, target=-1 for none (wolves)
    WITCH_SEES = 9      # target is tonight's victim (private to the witch)
    WITCH_SAVE = 10     # actor saves target (private)
    WITCH_POISON = 11   # actor poisons target (private)
    SEER_CHECK = 12     # actor checks target, value=Side or Role (private)
    DEATH = 13          # target died, value=public cause string (public)
    REVEAL = 14         # target's side or role is shown, value=Side or Role (public)
    SPEECH = 15         # actor speaks, value=Speech (public)
    SHERIFF_RUN = 16    # actor runs for sheriff (public)
    WITHDRAW = 17       # actor withdraws from the election (public)
    SHERIFF_VOTE = 18   # actor votes target for sheriff (public)
    SHERIFF = 19        # target holds the badge (-1: no sheriff / torn) (public)
    DIRECTION = 20      # the sheriff's direction, value=+1 or -1 (public)
    BID = 21            # actor bids value (private)
    VOTE = 22           # actor votes to exile target, -1 abstains (public)
    EXILE = 23          # target is exiled, -1: nobody (public)
    PK = 24             # tie between value=tuple of seats (public)
    SHOOT = 25          # actor shoots target, -1 holds fire (public)
    EXPLODE = 26        # actor self-explodes (public)
    TAKE = 27           # actor (a White Wolf King) takes target (public)
    DUEL = 28           # actor duels target, value=True if the target was a wolf (public)
    IDIOT = 29          # target is revealed as the Idiot and survives the exile (public)
    GAME_OVER = 30      # value=winning Side, or None when the day limit ran out (public)
    BADGE = 31          # actor hands the badge to target, -1 tears it (public)
    SILENCE = 32        # actor (Silence Elder) silences target tonight (private)
    SILENCED = 33       # target may not speak today (public, at dawn)
    STALK = 34          # actor (Stalker) assassinates target tonight (private)
    DEMON_CHECK = 35    # actor (Demon) checks target, value=True if a god (private)
    CHARM = 36          # actor (Wolf Beauty) charms target tonight, -1 nobody (private)
    FOX_TAILS = 37      # target (the Nine-tailed Fox) has value tails left (private)
    SWAP = 38           # actor (Magician) picks target, value=1 for the first seat, 2 for the second (private)
    LINK = 39           # actor (Cupid) picks target as a lover, value=1 first, 2 second (private)
    LOVERS = 40         # target learns its lover is seat value (private to target)
    SPARE = 41          # target (the Thief) is shown the spare cards, value=tuple of Roles (private)
    WITNESS = 42        # target is the Ghost Bride's witness, value=(bride, groom) (private to target)


class Speech(NamedTuple):
    """A speech act: stances any agent can produce, and free text a language agent attaches."""

    claim: int = -1                       # Role claimed, -1 none
    reports: tuple = ()                   # ((seat, Side), ...) claimed check results
    accuse: tuple = ()
    defend: tuple = ()
    vote_intent: int = -1
    text: str = ""
    phase: int = 0                        # the Phase it was given in (campaign, day, pk, last words, wolf chat)


class Event(NamedTuple):
    kind: EventKind
    day: int
    actor: int
    target: int
    value: Any
    visible: int                          # PUBLIC, WOLVES or a seat


def visible_to(event: Event, seat: int, is_wolf: bool) -> bool:
    v = event.visible
    return v == PUBLIC or v == seat or (v == WOLVES and is_wolf)
