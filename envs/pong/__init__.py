"""Pong (VS-Bench, competitive): rules, engine, PettingZoo parallel and AEC envs, pictures, text
interface, narration, the tracking reference paddle and the Game subclass."""

from .engine import NUM_ACTIONS, Move, PongEngine, PongError
from .rules import PongRules, get_rules

__all__ = ["NUM_ACTIONS", "Move", "PongEngine", "PongError", "PongRules", "get_rules"]
