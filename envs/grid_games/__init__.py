"""VS-Bench's three mixed-motive grid games (Coin Dilemma, Monster Hunt, Battle of the Colors) on
one shared grid engine: rules models, engines, PettingZoo parallel and AEC envs, pictures, text
interface, narration, scripted agents and the three Game subclasses."""

from .battle_of_the_colors import BattleOfTheColorsEngine
from .coin_dilemma import CoinDilemmaEngine
from .engine import NUM_ACTIONS, GridEngine, GridError, Move
from .monster_hunt import MonsterHuntEngine
from .rules import (
    BattleOfTheColorsRules,
    CoinDilemmaRules,
    GridRules,
    GridRulesError,
    MonsterHuntRules,
    get_rules,
)

__all__ = [
    "NUM_ACTIONS", "BattleOfTheColorsEngine", "BattleOfTheColorsRules", "CoinDilemmaEngine", "CoinDilemmaRules",
    "GridEngine", "GridError", "GridRules", "GridRulesError", "MonsterHuntEngine", "MonsterHuntRules", "Move",
    "get_rules",
]
