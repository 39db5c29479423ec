"""parlour's own Werewolf games as references: a GameRecord -> :class:`ReferenceGame`.

The record is re-simulated (its recorded actions, LLM text included; no model is asked) and the
engine's typed events give what WereBench has to parse from subtitles: every speech with its
stances, every vote, the night actions, the deaths. Public events other than speech become the
host's lines, in the narration's words. The winning side's day votes become multiple-choice
items (dimension :data:`VOTE_DIMENSION`): the situation up to the vote with the voter's own lines
of that day masked, the seats the voter could name, and the seat it named as the answer.
"""

from __future__ import annotations

import string
from collections.abc import Iterable
from pathlib import Path
from typing import cast

from ...envs.werewolf.engine import WerewolfEngine
from ...envs.werewolf.events import PUBLIC, EventKind, Speech
from ...envs.werewolf.narrate import describe, speech_text
from ...envs.werewolf.phases import Phase
from ...envs.werewolf.roles import Role, Side
from ...record import GameRecord
from ...replays import ReplayMismatch, read_records, resimulate
from ...replays.resim import game_of_record
from .schema import Board, Death, NightAction, Option, Outcome, ReferenceGame, Seat, StrategyItem, Utterance, Vote

VOTE_DIMENSION = "Vote Alignment"
_NIGHT_ACTIONS = {EventKind.GUARD: "guard", EventKind.DOCTOR: "protect", EventKind.WOLF_KILL: "kill",
                  EventKind.WITCH_SAVE: "save", EventKind.WITCH_POISON: "poison", EventKind.SEER_CHECK: "check"}
_ABSTAIN = "abstain"


class NotWerewolf(ValueError):
    pass


def _side(side: Side) -> str:
    return "wolves" if side is Side.WOLVES else "village"


def _stance(speech: Speech) -> dict:
    return {"claim": Role(speech.claim).name.lower() if speech.claim >= 0 else None,
            "reports": [[int(seat), _side(Side(side))] for seat, side in speech.reports],
            "accuse": list(speech.accuse), "defend": list(speech.defend),
            "vote_intent": speech.vote_intent if speech.vote_intent >= 0 else None}


def _result(value) -> str | None:
    if isinstance(value, Role):
        return value.name.lower()
    if isinstance(value, Side):
        return _side(value)
    return None


def is_werewolf(record: GameRecord) -> bool:
    try:
        return game_of_record(record).id == "werewolf"
    except ReplayMismatch:  # a game this parlour does not know
        return False


def convert(record: GameRecord) -> ReferenceGame:
    """One Werewolf record as a reference game (raises :class:`NotWerewolf` for other games)."""
    header = record.header
    if not is_werewolf(record):
        raise NotWerewolf(f"game {header.game_id}: a {header.env_id!r} record, not a Werewolf game")
    engine = cast(WerewolfEngine, resimulate(record, verify=False))
    roles: list[Role] = list(engine.roles)
    seats = [Seat(seat=i, label=f"seat {i}", role=r.name.lower(), role_name=r.name.lower(), side=_side(r.side))
             for i, r in enumerate(roles)]
    counts: dict[str, int] = {}
    for r in roles:
        counts[r.name.lower()] = counts.get(r.name.lower(), 0) + 1
    utterances: list[Utterance] = []
    votes: list[Vote] = []
    night: list[NightAction] = []
    deaths: list[Death] = []
    items: list[StrategyItem] = []
    alive = set(range(len(roles)))
    pk_day = -1  # the day whose exile vote went to a run-off
    round_start = -1  # votes are simultaneous: a round's context ends before its first ballot
    previous: EventKind | None = None
    for k, ev in enumerate(engine.events):
        if ev.kind != previous:
            round_start = k - 1
        previous = ev.kind
        if ev.kind in _NIGHT_ACTIONS:
            night.append(NightAction(night=ev.day, actor=None if ev.kind == EventKind.WOLF_KILL else ev.actor,
                                     action=_NIGHT_ACTIONS[ev.kind], target=ev.target if ev.target >= 0 else None,
                                     result=_result(ev.value)))
        elif ev.kind == EventKind.DEATH:
            deaths.append(Death(day=ev.day, seat=ev.target, cause=str(ev.value)))
            alive.discard(ev.target)
        elif ev.kind == EventKind.PK and any(v.day == ev.day and v.kind == "exile" for v in votes):
            pk_day = ev.day
        elif ev.kind in (EventKind.VOTE, EventKind.SHERIFF_VOTE):
            kind = "sheriff" if ev.kind == EventKind.SHERIFF_VOTE else ("pk" if pk_day == ev.day else "exile")
            votes.append(Vote(day=ev.day, kind=kind, voter=ev.actor, target=ev.target if ev.target >= 0 else None,
                              source="record", context_until=round_start))
            if kind != "sheriff" and ev.actor in record.outcome.winners:
                own = [u.ids[0] for u in utterances if u.speaker == ev.actor and u.day == ev.day]
                item = vote_item(votes[-1], sorted(alive - {ev.actor}), seats, header.game_id, len(items), own)
                if item is not None:
                    items.append(item)
        if ev.kind == EventKind.SPEECH:
            utterances.append(Utterance(index=len(utterances), ids=[k], phase=Phase(ev.value.phase).name, day=ev.day,
                                        speaker=ev.actor, speaker_label=f"seat {ev.actor}",
                                        text=ev.value.text or speech_text(ev.value), stance=_stance(ev.value)))
        elif ev.visible == PUBLIC:
            text = describe(ev)
            if text:
                utterances.append(Utterance(index=len(utterances), ids=[k], phase=ev.kind.name, day=ev.day,
                                            speaker=None, speaker_label="host", is_host=True, text=text))
    out = record.outcome
    return ReferenceGame(
        key=header.game_id, source=f"parlour {header.env_id} {header.variant} seed {header.seed}",
        board=Board(n_seats=len(roles), roles=counts, rules=header.rules), seats=seats, utterances=utterances,
        votes=votes, night_actions=night, deaths=deaths,
        outcome=Outcome(winner=out.winner if out.winner in ("village", "wolves") else None, winners=out.winners),
        items=items,
    )


def vote_item(vote: Vote, candidates: list[int], seats: list[Seat], game_id: str, n: int,
              masked: list[int]) -> StrategyItem | None:
    """A winning-side exile vote as an item: the seats alive then (but the voter) and abstaining are
    the options, the seat voted for is the answer; the voter's own lines of the day are masked
    (their stances announce the vote)."""
    labels = [seats[c].label for c in candidates] + [_ABSTAIN]
    keys = list(string.ascii_uppercase[:len(labels)])
    answer_label = _ABSTAIN if vote.target is None else seats[vote.target].label
    if answer_label not in labels:  # a vote for a seat that is no candidate: not a clean item
        return None
    voter = seats[vote.voter]
    return StrategyItem(
        id=f"{VOTE_DIMENSION}/{game_id}/{n}", dimension=VOTE_DIMENSION, game=game_id,
        utterance_id=vote.context_until, seat=vote.voter,
        question=f"You are {voter.label}, the {voter.role}. Day {vote.day}: whom do you vote to exile?",
        options=[Option(key=k, text=t) for k, t in zip(keys, labels)], answer=keys[labels.index(answer_label)],
        masked=masked)


def convert_records(records: Iterable[GameRecord]) -> list[ReferenceGame]:
    """Every Werewolf game of ``records`` (other games are skipped)."""
    return [convert(r) for r in records if is_werewolf(r)]


def convert_file(path: str | Path) -> list[ReferenceGame]:
    """Every whole Werewolf game of a record file (damaged lines are skipped, as replays skip them)."""
    return convert_records(read_records(path).records)
