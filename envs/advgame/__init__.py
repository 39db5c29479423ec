"""The AdvGameBench auto-battler: a budgeted plan-and-revise game (see parlour.envs.advgame_v0)."""

from .engine import AdvGameEngine, AdvGameError, Plan
from .rules import AdvGameRules, catalogue, get_rules

__all__ = ["AdvGameEngine", "AdvGameError", "AdvGameRules", "Plan", "catalogue", "get_rules"]
