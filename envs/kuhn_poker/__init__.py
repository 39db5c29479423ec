"""Kuhn Poker: the rules engine, its rules model, its PettingZoo env, text interface and agents."""

from .engine import (
    CARD_LETTERS,
    CARD_NAMES,
    DEALS,
    PUBLIC,
    ActionOutOfRangeError,
    ActionTypeError,
    Event,
    EventKind,
    GameOverError,
    IllegalActionError,
    KuhnEngine,
    KuhnError,
    Move,
    Phase,
    Play,
    WrongTurnError,
    visible_to,
)
from .rules import BOARDS, KuhnRules, KuhnRulesError, get_rules

__all__ = [
    "BOARDS", "CARD_LETTERS", "CARD_NAMES", "DEALS", "PUBLIC", "ActionOutOfRangeError", "ActionTypeError",
    "Event", "EventKind", "GameOverError", "IllegalActionError", "KuhnEngine", "KuhnError", "KuhnRules",
    "KuhnRulesError", "Move", "Phase", "Play", "WrongTurnError", "get_rules", "visible_to",
]
