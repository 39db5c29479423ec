"""Which registered games VS-Bench's evaluation covers, found through the game contract.

A game takes part when it has two seats and names a reference player (``Game.reference()``);
Werewolf and any game without a reference are left out. A game added to the registry later
joins with no change here.
"""

from __future__ import annotations

from typing import NamedTuple

from parlour.envs import game_ids, get_game
from parlour.game import Game, NotSupported, Reference


class VSBenchGame(NamedTuple):
    id: str
    game: Game
    reference: Reference


def _entry(game_id: str) -> VSBenchGame | None:
    game = get_game(game_id)
    try:
        reference = game.reference()
    except NotSupported:
        return None
    if game.num_seats(game.rules()) != 2:
        return None
    return VSBenchGame(game.id, game, reference)


def vsbench_games(ids: list[str] | None = None) -> list[VSBenchGame]:
    """The games of the evaluation, in registry order; ``ids`` picks some (a ValueError names
    an id that is unknown or has no reference player)."""
    if ids is None:
        return [entry for game_id in game_ids() if (entry := _entry(game_id)) is not None]
    chosen = []
    for game_id in ids:
        entry = _entry(game_id)  # an unknown id raises UnknownGameError, naming the registered games
        if entry is None:
            known = ", ".join(g.id for g in vsbench_games())
            raise ValueError(f"{game_id} is not a two-player game with a reference player; VS-Bench games: {known}")
        chosen.append(entry)
    return chosen
