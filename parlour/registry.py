"""``parlour.games()`` and ``parlour.make(id)``: every registered game's env by id."""

from __future__ import annotations

from .envs import game_ids, get_game


def games() -> list[str]:
    """The registered game ids ('werewolf', 'kuhn-poker', ...)."""
    return game_ids()


def list_envs() -> list[str]:
    """Every env id ``make`` accepts: each game, and each of its named boards as 'GAME/BOARD'."""
    ids = []
    for game_id in game_ids():
        game = get_game(game_id)
        boards = game.boards()
        ids.append(game_id)
        if boards != ("standard",):
            ids.extend(f"{game_id}/{board}" for board in boards)
    return ids


def make(env_id: str, *, parallel: bool = False, **kwargs):
    """The wrapped AEC env of ``'GAME'`` or ``'GAME/BOARD'`` (the parallel env with ``parallel=True``,
    where the game has one); other keyword arguments go to the env."""
    game_id, _, board = env_id.partition("/")
    game = get_game(game_id)
    rules = game.rules(board or kwargs.pop("variant", None) or kwargs.pop("rules", None))
    return game.parallel_env(rules, **kwargs) if parallel else game.env(rules, **kwargs)
