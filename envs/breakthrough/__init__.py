"""Breakthrough: the rules engine, its rules model, its PettingZoo env, text interface and MCTS agents."""

from .engine import (
    BLACK,
    COLOURS,
    EMPTY,
    WHITE,
    ActionOutOfRangeError,
    ActionTypeError,
    BreakthroughEngine,
    BreakthroughError,
    GameOverError,
    IllegalActionError,
    Move,
    Phase,
    WrongTurnError,
    decode,
    encode,
    move_name,
    square_name,
)
from .rules import BOARDS, BreakthroughRules, BreakthroughRulesError, get_rules

__all__ = [
    "BLACK", "BOARDS", "COLOURS", "EMPTY", "WHITE", "ActionOutOfRangeError", "ActionTypeError", "BreakthroughEngine",
    "BreakthroughError", "BreakthroughRules", "BreakthroughRulesError", "GameOverError", "IllegalActionError", "Move",
    "Phase", "WrongTurnError", "decode", "encode", "get_rules", "move_name", "square_name",
]
