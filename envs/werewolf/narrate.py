"""Events as readable sentences: for transcripts, ``render()``, replays and LLM prompts.

Only called when someone reads text; the engine never formats strings on its hot path.
"""

from __future__ import annotations

from .events import PUBLIC, WOLVES, Event, EventKind, Speech
from .roles import Role, Side


def side_text(side: Side) -> str:
    return "a werewolf" if side is Side.WOLVES else "good"


def speech_text(speech: Speech) -> str:
    parts = []
    if speech.claim >= 0:
        parts.append(f"claims to be the {Role(speech.claim).label}")
    for seat, side in speech.reports:
        parts.append(f"reports seat {seat} checked as {side_text(Side(side))}")
    if speech.accuse:
        parts.append("accuses " + ", ".join(f"seat {s}" for s in speech.accuse))
    if speech.defend:
        parts.append("defends " + ", ".join(f"seat {s}" for s in speech.defend))
    if speech.vote_intent >= 0:
        parts.append(f"will vote for seat {speech.vote_intent}")
    stance = "; ".join(parts) if parts else "passes"
    return f'{stance}: "{speech.text}"' if speech.text else stance


def _reveal(value) -> str:
    return f"the {value.label}" if isinstance(value, Role) else side_text(Side(value))


_WINNERS = {Side.WOLVES: "werewolves", Side.VILLAGE: "village", Side.LOVERS: "third side (the lovers and theirs)"}


def describe(event: Event) -> str | None:
    """One sentence for an event (None for bookkeeping events a reader does not need)."""
    kind, day, actor, target, value, visible = event
    K = EventKind
    if kind == K.DEAL:
        return f"Seat {target} is the {Role(value).label}."
    if kind == K.TEAMMATES:
        return f"Seat {target}'s wolf team: seats {', '.join(map(str, value))}."
    if kind == K.NIGHT:
        return f"Night {day} falls."
    if kind == K.DAY:
        return f"Day {day} begins."
    if kind == K.GUARD:
        return f"Seat {actor} (Guard) protects {'nobody' if target < 0 else f'seat {target}'}."
    if kind == K.DOCTOR:
        return f"Seat {actor} (Doctor) protects {'nobody' if target < 0 else f'seat {target}'}."
    if kind == K.WOLF_CHAT:
        return f"Seat {actor} (to the wolves) {speech_text(value)}."
    if kind == K.WOLF_VOTE:
        return f"Seat {actor} votes to kill {'nobody' if target < 0 else f'seat {target}'}."
    if kind == K.WOLF_KILL:
        return f"The wolves {'kill nobody' if target < 0 else f'attack seat {target}'}."
    if kind == K.WITCH_SEES:
        return f"The Witch learns that seat {target} was attacked."
    if kind == K.WITCH_SAVE:
        return f"Seat {actor} (Witch) saves seat {target}."
    if kind == K.WITCH_POISON:
        return f"Seat {actor} (Witch) poisons seat {target}."
    if kind == K.SEER_CHECK:
        return f"Seat {actor} (Seer) checks seat {target}: {_reveal(value)}."
    if kind == K.DEATH:
        how = {"night": "died in the night", "exile": "is exiled and dies", "shot": "is shot",
               "explode": "self-explodes and dies", "taken": "is taken by the White Wolf King",
               "duel": "dies in a duel", "love": "dies for love with the Wolf Beauty"}.get(value, f"dies ({value})")
        return f"Seat {target} {how}."
    if kind == K.REVEAL:
        return f"Seat {target} is revealed as {_reveal(value)}."
    if kind == K.SPEECH:
        return f"Seat {actor} {speech_text(value)}."
    if kind == K.SHERIFF_RUN:
        return f"Seat {actor} runs for sheriff."
    if kind == K.WITHDRAW:
        return f"Seat {actor} withdraws from the election."
    if kind == K.SHERIFF_VOTE:
        return f"Seat {actor} votes for seat {target} as sheriff." if target >= 0 else f"Seat {actor} abstains."
    if kind == K.SHERIFF:
        return "Nobody is sheriff." if target < 0 else f"Seat {target} is elected sheriff."
    if kind == K.BADGE:
        return f"Seat {actor} tears the badge." if target < 0 else f"Seat {actor} hands the badge to seat {target}."
    if kind == K.DIRECTION:
        return f"The sheriff (seat {actor}) has the speeches go {'clockwise' if value > 0 else 'anticlockwise'}."
    if kind == K.BID:
        return f"Seat {actor} bids {value} to speak."
    if kind == K.VOTE:
        return f"Seat {actor} votes to exile seat {target}." if target >= 0 else f"Seat {actor} abstains."
    if kind == K.EXILE:
        return "Nobody is exiled." if target < 0 else f"Seat {target} is voted out."
    if kind == K.PK:
        return f"Tie between seats {', '.join(map(str, value))}: a run-off (PK) between them."
    if kind == K.SHOOT:
        return f"Seat {actor} shoots {'nobody' if target < 0 else f'seat {target}'}."
    if kind == K.EXPLODE:
        return f"Seat {actor} self-explodes, revealing a wolf; the day ends."
    if kind == K.TAKE:
        return f"Seat {actor} takes {'nobody' if target < 0 else f'seat {target}'} along."
    if kind == K.DUEL:
        return f"Seat {actor} (Knight) duels seat {target}: {'a wolf' if value else 'not a wolf'}."
    if kind == K.IDIOT:
        return f"Seat {target} is the Idiot: revealed, survives, and loses the vote."
    if kind == K.SILENCE:
        return f"Seat {actor} (Silence Elder) silences {'nobody' if target < 0 else f'seat {target}'}."
    if kind == K.SILENCED:
        return f"Seat {target} is silenced today and may not speak."
    if kind == K.STALK:
        return f"Seat {actor} (Stalker) assassinates seat {target}."
    if kind == K.DEMON_CHECK:
        return f"Seat {actor} (Demon) checks seat {target}: {'a god' if value else 'not a god'}."
    if kind == K.CHARM:
        return f"Seat {actor} (Wolf Beauty) charms {'nobody' if target < 0 else f'seat {target}'}."
    if kind == K.FOX_TAILS:
        return f"Seat {target} (Nine-tailed Fox) has {value} tail{'s' if value != 1 else ''} left."
    if kind == K.SWAP:
        return f"Seat {actor} (Magician) picks seat {target} {'to swap' if value == 1 else 'as the other of the swap'}."
    if kind == K.LINK:
        return f"Seat {actor} (Cupid) shoots an arrow at seat {target}."
    if kind == K.LOVERS:
        return f"Seat {target} is in love with seat {value}."
    if kind == K.WITNESS:
        return f"Seat {target} witnesses the wedding of seats {value[0]} and {value[1]}."
    if kind == K.SPARE:
        return f"Seat {target} (Thief) sees the spare cards: {', '.join(Role(r).label for r in value)}."
    if kind == K.GAME_OVER:
        return "The game ends at the day limit with no winner." if value is None else (
            f"The {_WINNERS[Side(value)]} win.")
    return None


def audience(event: Event) -> str:
    v = event.visible
    return "public" if v == PUBLIC else "wolves" if v == WOLVES else "moderator" if v < 0 else f"seat {v}"
