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


def resolve(spec, game: str | None = None):
    """(game, rules) from what a user gave: 'GAME' or 'GAME/BOARD', a board name of any game, a
    rules model, or a path to a board file (``game`` names the game when that is ambiguous)."""
    from pydantic import BaseModel

    from .envs import UnknownGameError

    if game is not None:
        chosen = get_game(game)
        return chosen, chosen.rules(spec)
    if isinstance(spec, BaseModel):
        for game_id in game_ids():
            if isinstance(spec, get_game(game_id).rules_model):
                return get_game(game_id), spec
        raise UnknownGameError(f"no registered game plays rules of type {type(spec).__name__}")
    if not isinstance(spec, str) or not spec.strip():
        raise UnknownGameError(f"expected a game id such as {game_ids()[0]!r}, a board or a board file, not {spec!r}")
    head, _, board = spec.partition("/")
    if head in game_ids():
        chosen = get_game(head)
        return chosen, chosen.rules(board or None)
    for game_id in game_ids():
        if spec in get_game(game_id).boards():
            return get_game(game_id), get_game(game_id).rules(spec)
    if spec.endswith(".toml") or "/" in spec:  # a board file: the first game whose rules accept it
        errors = []
        for game_id in game_ids():
            try:
                return get_game(game_id), get_game(game_id).rules(spec)
            except (ValueError, OSError) as e:
                errors.append(e)
        raise errors[0]
    known = ", ".join(f"{g}/{b}" for g in game_ids() for b in get_game(g).boards())
    raise UnknownGameError(f"unknown game or board {spec!r}; known: {known}")
