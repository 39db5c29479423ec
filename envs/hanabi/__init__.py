"""Hanabi: the rules engine, its rules model, its PettingZoo env, text interface and scripted partner."""

from .engine import (
    ActionOutOfRangeError,
    ActionTypeError,
    EndReason,
    Event,
    EventKind,
    GameOverError,
    HanabiEngine,
    HanabiError,
    IllegalActionError,
    Move,
    MoveKind,
    Phase,
    WrongTurnError,
    card_code,
    decode,
    encode,
)
from .rules import BOARDS, COLOUR_LETTERS, COLOUR_NAMES, HanabiRules, HanabiRulesError, get_rules

__all__ = [
    "BOARDS", "COLOUR_LETTERS", "COLOUR_NAMES", "ActionOutOfRangeError", "ActionTypeError", "EndReason", "Event",
    "EventKind", "GameOverError", "HanabiEngine", "HanabiError", "HanabiRules", "HanabiRulesError",
    "IllegalActionError", "Move", "MoveKind", "Phase", "WrongTurnError", "card_code", "decode", "encode", "get_rules",
]
