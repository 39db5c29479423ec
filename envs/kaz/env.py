"""Knights-Archers-Zombies' PettingZoo envs in parlour: the shared wrapped-game envs
(``parlour.envs.wrapped``) over :class:`KazEngine`. A seat's observation is PettingZoo's vector
observation of its player, flattened (rows of 5: its own row, then every archer, knight, sword,
arrow and zombie), zeros once the player is dead."""

from __future__ import annotations

from typing import ClassVar

from ..wrapped import WrappedAECEnv, WrappedParallelEnv
from .engine import KazEngine
from .interface import board_text
from .rules import get_rules

METADATA = {"name": "kaz_v0", "render_modes": ["ansi", "rgb_array"], "is_parallelizable": True}


class KazAECEnv(WrappedAECEnv):
    engine_type = KazEngine
    metadata: ClassVar[dict] = METADATA
    get_rules = staticmethod(get_rules)
    board_text = staticmethod(board_text)


class KazParallelEnv(WrappedParallelEnv):
    engine_type = KazEngine
    metadata: ClassVar[dict] = METADATA
    get_rules = staticmethod(get_rules)
    board_text = staticmethod(board_text)
