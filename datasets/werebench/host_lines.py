"""Votes and deaths from the WereBench host's lines, which are subtitles, not structured data.

A vote announcement reads "所有玩家请投票，3213 号、7 号投给 8 号，10 号弃票，其余所有玩家投给 6 号
玩家出局": after "请投票", groups of seats followed by "投给 N号" (voted for N) or "弃票" (abstained).
The host's countdown "3, 2, 1" is transcribed into the first seat ("3213 号" is seat 3 after
"321"). "其余所有玩家" (everyone else) names no voter, so those votes are left out: only votes
whose voter the line names are returned.
"""

from __future__ import annotations

import re

from .schema import Death, Vote, VoteKind

_TOKEN = re.compile(r"(?P<seat>\d+)\s*号|(?P<vote>投给了?)|(?P<abstain>弃票)|(?P<rest>其余(?:所有)?(?:的)?玩家)"
                    r"|(?P<stop>出局|当选|平票|昨天晚上|天黑)")
_COUNTDOWN = ("321", "32", "3")
_NIGHT_DEATHS = re.compile(r"死亡的是((?:\s*\d+\s*号\s*(?:玩家)?[、，和与\s]*)+)")
_EXILED = re.compile(r"(\d+)\s*号\s*(?:玩家)?\s*出局")
_SEATS = re.compile(r"(\d+)\s*号")


def _seat(number: str, seats: set[int], first: bool) -> int | None:
    """A seat number as written; the first one of an announcement may carry the countdown."""
    if int(number) in seats:
        return int(number)
    if first:
        for prefix in _COUNTDOWN:
            rest = number.removeprefix(prefix)
            if rest != number and rest and int(rest) in seats:
                return int(rest)
    return None


def vote_kind(text: str, phase: str) -> VoteKind:
    if phase.startswith(("sheiff", "sheriff")) or "当选警长" in text:
        return "sheriff"
    return "pk" if "以外的玩家请投票" in text else "exile"


def parse_vote_round(text: str, day: int, phase: str, seats: set[int], first_id: int) -> list[Vote]:
    """The votes a host line announces (empty if it announces none); ``first_id`` is the line's
    first utterance id, so each vote's context runs up to the line before it."""
    start = text.rfind("请投票")
    if start < 0:
        return []
    kind = vote_kind(text, phase)
    voters: list[int] = []
    votes: dict[int, int | None] = {}
    pending_vote = False
    first = True
    for m in _TOKEN.finditer(text, start + 3):
        if m.group("stop"):
            break
        if m.group("seat"):
            seat = _seat(m.group("seat"), seats, first)
            first = False
            if pending_vote:
                if seat is not None:  # a target that is no seat of the board: those votes are unreadable
                    for v in voters:
                        votes.setdefault(v, seat)
                voters, pending_vote = [], False
            elif seat is not None:
                voters.append(seat)
        elif m.group("vote"):
            pending_vote = bool(voters)
        elif m.group("abstain"):
            for v in voters:
                votes.setdefault(v, None)
            voters = []
        elif m.group("rest"):
            voters, pending_vote = [], False
    return [Vote(day=day, kind=kind, voter=v, target=t, source="host", context_until=first_id - 1)
            for v, t in votes.items()]


def parse_deaths(text: str, day: int, seats: set[int]) -> list[Death]:
    """Night deaths ("昨天晚上死亡的是10 号玩家") and exiles ("6 号玩家出局") a host line announces."""
    deaths = []
    for m in _NIGHT_DEATHS.finditer(text):
        for s in _SEATS.findall(m.group(1)):
            if int(s) in seats:
                deaths.append(Death(day=day, seat=int(s), cause="night"))
    for s in _EXILED.findall(text):
        if int(s) in seats:
            deaths.append(Death(day=day, seat=int(s), cause="exile"))
    return deaths
