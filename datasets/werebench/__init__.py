"""WereBench (Song et al. 2025): human Pandakill Werewolf games and strategy items.

- :mod:`.boards`: a game's board as a playable parlour RuleSet (``ruleset_for``).
"""

from .boards import ROLE_NAMES, UnsupportedRoles, load_game, ruleset_for, seat_roles, witch_self_save

__all__ = ["ROLE_NAMES", "UnsupportedRoles", "load_game", "ruleset_for", "seat_roles", "witch_self_save"]
