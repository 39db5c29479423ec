"""MPE predator and prey (VS-Bench v2, competitive): mpe2's ``simple_tag`` wrapped as a parlour
game (settings, engine, envs, text interface, narration, a scripted chaser and evader)."""

from .engine import Action, MpeEngine
from .rules import MpeRules, get_rules

__all__ = ["Action", "MpeEngine", "MpeRules", "get_rules"]
