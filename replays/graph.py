"""``parlour.replays.vote_graph``: one round's interactions as a networkx graph, drawn by the game."""

from __future__ import annotations

from ..record import GameRecord
from .resim import game_of_record


def vote_graph(record: GameRecord, day: int, engine=None):
    """The game's graph of round ``day`` (Werewolf: votes, accusations, defences; see its
    ``Game.graph``); ``engine`` from :func:`resimulate` saves replaying the game again."""
    return game_of_record(record).graph(record, day, engine=engine)
