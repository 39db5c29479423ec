"""Knights-Archers-Zombies (VS-Bench v2, cooperative): PettingZoo's butterfly env wrapped as a
parlour game (settings, engine, envs, text interface, narration, a scripted defender)."""

from .engine import Action, KazEngine
from .rules import KazRules, get_rules

__all__ = ["Action", "KazEngine", "KazRules", "get_rules"]
