"""The Werewolf engine, its rule variants and its PettingZoo environments."""

from .actions import Action, ActionLayout, CheckReport, Kind
from .engine import WerewolfEngine
from .errors import ActionOutOfRangeError, GameOverError, IllegalActionError, WerewolfError, WrongTurnError
from .phases import Decision, Phase
from .roles import Role, Side
from .rules import RuleSet, VariantError, get_variant, load_ruleset, variant_names

__all__ = [
    "Action", "ActionLayout", "CheckReport", "Kind", "ActionOutOfRangeError", "Decision", "GameOverError",
    "IllegalActionError", "Phase", "WerewolfEngine", "WerewolfError", "WrongTurnError", "Role", "Side",
    "RuleSet", "VariantError", "get_variant", "load_ruleset", "variant_names",
]
