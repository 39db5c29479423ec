"""MPE's PettingZoo envs in parlour: the shared wrapped-game envs (``parlour.envs.wrapped``) over
:class:`MpeEngine`. A seat's observation is mpe2's own vector for its player."""

from __future__ import annotations

from typing import ClassVar

from ..wrapped import WrappedAECEnv, WrappedParallelEnv
from .engine import MpeEngine
from .interface import board_text
from .rules import get_rules

METADATA = {"name": "mpe_v0", "render_modes": ["ansi", "rgb_array"], "is_parallelizable": True}


class MpeAECEnv(WrappedAECEnv):
    engine_type = MpeEngine
    metadata: ClassVar[dict] = METADATA
    get_rules = staticmethod(get_rules)
    board_text = staticmethod(board_text)


class MpeParallelEnv(WrappedParallelEnv):
    engine_type = MpeEngine
    metadata: ClassVar[dict] = METADATA
    get_rules = staticmethod(get_rules)
    board_text = staticmethod(board_text)
