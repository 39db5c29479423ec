"""Who voted for, accused and defended whom on one day, as a networkx graph."""

from __future__ import annotations

import networkx as nx

from ...record import GameRecord
from .events import EventKind


def vote_graph(record: GameRecord, day: int, engine=None) -> nx.MultiDiGraph:
    """The day's public pressure between seats, built from the re-simulated game's events.

    A MultiDiGraph (a DiGraph subclass) keyed by ``kind``, because one seat may accuse a seat and
    then vote for it. Kinds: ``vote``, ``pk_vote`` (the run-off), ``sheriff_vote``, ``accuse``,
    ``defend``. ``weight`` is the vote's weight (the sheriff's counts ``sheriff_vote_weight``,
    1.5 on most boards) or, for speech stances, how many times the stance was taken that day.
    Pass ``engine`` (from :func:`resimulate`) to draw several days without replaying again.
    """
    if engine is None:
        from ...replays.resim import resimulate

        engine = resimulate(record)
    if isinstance(day, bool) or not isinstance(day, int) or not 1 <= day <= engine.day:
        raise ValueError(f"game {record.header.game_id} has no day {day!r}: its days are 1..{engine.day}")
    weight = engine.rules.sheriff_vote_weight
    g = nx.MultiDiGraph(game_id=record.header.game_id, day=day)
    for seat, role in enumerate(engine.roles):
        g.add_node(seat, role=role.name.lower(), side=role.side.name.lower())

    def add(u: int, v: int, kind: str, w: float) -> None:
        if g.has_edge(u, v, key=kind):
            g.edges[u, v, kind]["weight"] += w
        else:
            g.add_edge(u, v, key=kind, kind=kind, weight=w)

    sheriff, voted = -1, False  # the badge holder as of each event; a PK after votes is the run-off
    pk = False
    for ev in engine.events:
        if ev.day > day:
            break
        if ev.kind in (EventKind.SHERIFF, EventKind.BADGE):
            sheriff = ev.target
        if ev.day != day:
            continue
        if ev.kind == EventKind.VOTE:
            voted = True
            if ev.target >= 0:
                add(ev.actor, ev.target, "pk_vote" if pk else "vote", weight if ev.actor == sheriff else 1.0)
        elif ev.kind == EventKind.PK and voted:
            pk = True
        elif ev.kind == EventKind.SHERIFF_VOTE and ev.target >= 0:
            add(ev.actor, ev.target, "sheriff_vote", 1.0)
        elif ev.kind == EventKind.SPEECH:
            for target in ev.value.accuse:
                add(ev.actor, target, "accuse", 1.0)
            for target in ev.value.defend:
                add(ev.actor, target, "defend", 1.0)
    g.graph["sheriff"] = sheriff
    return g
