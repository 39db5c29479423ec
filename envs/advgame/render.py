"""The lineups as an RGB picture (numpy only): one row per side, a block per slot coloured by the
unit's class with its cost written in, the round's wins as numbers on the right."""

from __future__ import annotations

import numpy as np

from ..pixels import draw_number
from .engine import AdvGameEngine, Submitted

_BG, _EMPTY, _TEXT, _GOLD, _RED = (30, 30, 40), (70, 70, 80), (250, 250, 250), (255, 215, 0), (200, 40, 40)
_CLASS = {"warrior": (170, 90, 40), "ranger": (40, 140, 60), "caster": (70, 80, 190)}
CELL, PAD = 40, 8


def lineups_image(engine: AdvGameEngine, seat: int | None = None) -> np.ndarray:
    """Moderator (``seat`` None): the last revealed plans, or this round's pending ones. A seat:
    its own draft or pending plan on its row, the other side's last revealed plan on the other."""
    slots = engine.rules.slots
    img = np.empty((2 * (CELL + PAD) + PAD, slots * (CELL + PAD) + PAD + 60, 3), np.uint8)
    img[:] = _BG
    last: tuple[Submitted | None, Submitted | None] = engine.results[-1].plans if engine.results else (None, None)
    for side in (0, 1):
        p = engine.pending[side]
        over = False
        if side == engine.builder and seat in (None, side):
            units = tuple(engine.draft)
        elif p is not None and seat in (None, side):
            units, over = p.units, p.over_budget
        elif (shown := last[side]) is not None:
            units, over = shown.units, shown.over_budget
        else:
            units = ()
        y = PAD + side * (CELL + PAD)
        for k in range(slots):
            x = PAD + k * (CELL + PAD)
            if k < len(units):
                unit = engine.cat.units[units[k]]
                img[y:y + CELL, x:x + CELL] = _CLASS.get(unit.klass, _EMPTY)
                draw_number(img, unit.cost, x + 4, y + 4, _TEXT, px=3)
            else:
                img[y:y + CELL, x:x + CELL] = _EMPTY
        if over:
            img[y + CELL - 4:y + CELL, PAD:slots * (CELL + PAD)] = _RED
        if side == seat:
            img[y - 3:y - 1, PAD:slots * (CELL + PAD)] = _GOLD
        draw_number(img, engine.wins()[side], slots * (CELL + PAD) + PAD + 10, y + 8, _GOLD, px=4)
    return img
