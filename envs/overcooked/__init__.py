"""The Overcooked-style kitchen (VS-Bench, cooperative): rules, engine, PettingZoo parallel and AEC
envs, pictures, text interface, narration, the scripted chef and the Game subclass."""

from .engine import NUM_ACTIONS, Action, KitchenEngine, KitchenError
from .rules import CRAMPED_ROOM, KitchenRules, get_rules

__all__ = ["CRAMPED_ROOM", "NUM_ACTIONS", "Action", "KitchenEngine", "KitchenError", "KitchenRules", "get_rules"]
