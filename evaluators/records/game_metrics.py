"""Game metrics after Kaggle's Werewolf harness: who found the wolves, and how the game was won.

Per seat (grouped by role, side or agent):

- ``win``: the seat's side won (a game cut at the day limit counts as not won);
- ``survival``: the seat was alive at the end (for the gods, the key-role survival);
- ``id_precision``: of a good seat's day votes (run-offs included), the share cast at a wolf;
- ``voting_success``: in the vote rounds that exiled a wolf, the share of good voters' votes cast for it.

Per game (the groups ``all games``, ``village wins``, ``wolves wins``):

- ``village_win``: the village won;
- ``wolf_exiles``: the share of exiles that removed a wolf;
- ``key_role_survival``: the share of good special roles (gods) alive at the end;
- ``margin``: the share of the winning side's seats alive at the end;
- ``days_to_win``: days played in a won game (the speed of the win).

The cost per turn is the compute family's ``tokens_per_decision`` and ``seconds_per_decision``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...envs.werewolf.events import EventKind
from ...envs.werewolf.roles import Side
from .load import ReplayedGame
from .tally import Obs

ALL_GAMES = "all games"

METRICS: dict[str, tuple[str, str]] = {
    "win": ("win", "share of the seat's games its side won"),
    "survival": ("survival", "share of the seat's games it was alive at the end"),
    "id_precision": ("identification precision", "share of a good seat's day votes cast at a wolf"),
    "voting_success": ("voting success", "share of good voters' votes on the wolf in rounds that exiled a wolf"),
    "village_win": ("village win", "share of games the village won"),
    "wolf_exiles": ("wolf exiles", "share of exiles that removed a wolf"),
    "key_role_survival": ("key-role survival", "share of good special roles alive at the end"),
    "margin": ("win margin", "share of the winning side's seats alive at the end"),
    "days_to_win": ("days to win", "days played in a won game"),
}


def winner_group(winner: Side | None) -> str:
    return "no winner" if winner is None else f"{'village' if winner is Side.VILLAGE else 'wolves'} wins"


def game_observations(game: ReplayedGame) -> Iterator[Obs]:
    engine = game.engine
    is_wolf, roles, alive = engine.is_wolf, engine.roles, engine.alive
    winner = engine.winner
    for seat in range(engine.n):
        yield Obs("win", float(game.won(seat) is True), 1.0, seat)
        yield Obs("survival", float(alive[seat]), 1.0, seat)
    round_votes: dict[int, int] = {}
    last_round: dict[int, int] = {}
    events = engine.events
    for k, ev in enumerate(events):
        if ev.kind == EventKind.VOTE:
            round_votes[ev.actor] = ev.target
            if ev.target >= 0 and not is_wolf[ev.actor]:
                yield Obs("id_precision", float(is_wolf[ev.target]), 1.0, ev.actor)
            if k + 1 == len(events) or events[k + 1].kind != EventKind.VOTE:
                last_round, round_votes = round_votes, {}
        elif ev.kind == EventKind.EXILE and ev.target >= 0:
            exiled = ev.target
            yield Obs("wolf_exiles", float(is_wolf[exiled]), 1.0, group=ALL_GAMES)
            if is_wolf[exiled]:
                for voter, target in last_round.items():
                    if not is_wolf[voter] and target >= 0:
                        yield Obs("voting_success", float(target == exiled), 1.0, voter)
    groups = (ALL_GAMES, winner_group(winner))
    gods = [s for s in range(engine.n) if roles[s].is_god]
    for group in groups:
        yield Obs("village_win", float(winner is Side.VILLAGE), 1.0, group=group)
        if gods:
            yield Obs("key_role_survival", float(sum(alive[s] for s in gods)), float(len(gods)), group=group)
        if winner is not None:
            side = [s for s in range(engine.n) if game.side(s) == winner]
            yield Obs("margin", float(sum(alive[s] for s in side)), float(len(side)), group=group)
            yield Obs("days_to_win", float(engine.day), 1.0, group=group)
