"""WereBench (Song et al. 2025): human Pandakill Werewolf games and strategy items.

- :mod:`.boards`: a game's board as a playable parlour RuleSet (``ruleset_for``).
- :mod:`.schema`: the reference schema human and logged games share (``ReferenceGame``, ``StrategyItem``).
- :mod:`.loader`: ``load(path)``, the release's games and items; :mod:`.convert`: parlour records as references.
- :mod:`.fetch`: downloading the release into the dataset cache.
"""

from .boards import (
    ROLE_NAMES,
    Board,
    UnsupportedRoles,
    board_for,
    load_game,
    ruleset_for,
    seat_roles,
    shipped_variant,
    witch_self_save,
)
from .convert import convert, convert_file
from .loader import WereBench, WereBenchFormatError, load
from .schema import ReferenceGame, StrategyItem

__all__ = ["ROLE_NAMES", "Board", "UnsupportedRoles", "board_for", "load_game", "ruleset_for", "seat_roles",
           "shipped_variant", "witch_self_save", "ReferenceGame", "StrategyItem", "WereBench", "WereBenchFormatError",
           "convert", "convert_file", "load"]
