"""parlour.envs: the game registry (id -> game) and one folder per game.

Adding a game is its folder (a :class:`parlour.game.Game` subclass and its env) and one line in
:data:`REGISTRY`. Games are imported only when asked for, so listing them stays cheap.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..game import Game

# game id -> "module:class" of its Game
REGISTRY: dict[str, str] = {
    "werewolf": "parlour.envs.werewolf.game:WerewolfGame",
    "kuhn-poker": "parlour.envs.kuhn_poker.game:KuhnPokerGame",
    "coin-dilemma": "parlour.envs.grid_games.game:CoinDilemmaGame",
    "monster-hunt": "parlour.envs.grid_games.game:MonsterHuntGame",
    "battle-of-the-colors": "parlour.envs.grid_games.game:BattleOfTheColorsGame",
    "breakthrough": "parlour.envs.breakthrough.game:BreakthroughGame",
    "hanabi": "parlour.envs.hanabi.game:HanabiGame",
    "pong": "parlour.envs.pong.game:PongGame",
    "overcooked": "parlour.envs.overcooked.game:OvercookedGame",
    "kaz": "parlour.envs.kaz.game:KazGame",
    "mpe": "parlour.envs.mpe.game:MpeGame",
    "advgame-battle": "parlour.envs.advgame.game:AdvGameBattleGame",
}


class UnknownGameError(KeyError):
    def __str__(self) -> str:  # KeyError's str() quotes the message
        return str(self.args[0])


def game_ids() -> list[str]:
    return list(REGISTRY)


@cache
def get_game(game_id: str) -> Game:
    """The registered game ``game_id`` (also accepts its env name, e.g. 'werewolf_v0')."""
    target = REGISTRY.get(game_id)
    if target is None:
        by_env = {_load(t).env_name: t for t in REGISTRY.values()}
        target = by_env.get(game_id)
    if target is None:
        raise UnknownGameError(f"unknown game {game_id!r}; registered games: {', '.join(REGISTRY)}")
    return _load(target)()


@cache
def _load(target: str):
    module, _, name = target.partition(":")
    return getattr(import_module(module), name)


def game_for_engine(engine) -> Game:
    """The registered game whose engine ``engine`` is."""
    for game_id in REGISTRY:
        game = get_game(game_id)
        if isinstance(engine, game.engine_type):
            return game
    raise UnknownGameError(f"no registered game has engines of type {type(engine).__name__}")


def single_agent(env_id: str, seats=(0,), opponents="random", **kwargs):
    """A ``gymnasium.Env``: ``seats`` of ``env_id`` ('GAME' or 'GAME/BOARD') against ``opponents``
    (agent specs such as 'scripted' or agent objects); see :mod:`parlour.envs.single_agent_env`."""
    from .single_agent_env import SingleAgentEnv

    return SingleAgentEnv(env_id, seats, opponents, **kwargs)


def vector_env(env_id: str, num_envs: int, seats=(0,), opponents="random", **kwargs):
    """Gymnasium's vector env over ``num_envs`` single-agent envs; see :mod:`parlour.envs.vector`."""
    from .vector import make_vector_env

    return make_vector_env(env_id, num_envs, seats, opponents, **kwargs)
