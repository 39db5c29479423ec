"""Battle of the Colors (VS-Bench): a red and a blue block. Both players on the red block: red +2,
blue +1, and the red block moves; both on the blue block: red +1, blue +2, and the blue block
moves; each on a different block: 0 each, and both blocks move. One player alone on a block does
nothing.

The facts, from VS-Bench's ``envs/battle_of_the_colors.py``: blocks are matched against the
players' new cells; "different blocks" is either assignment (red on red and blue on blue, or the
other way round); a refreshed block lands on a cell free of both players. One deliberate change:
here it also avoids the other block (VS-Bench's may land on it, after which one cell would be both
colours at once).
"""

from __future__ import annotations

from .engine import BLUE, BOTH, RED, Cell, EventKind, GridEngine
from .rules import BattleOfTheColorsRules

RED_BLOCK, BLUE_BLOCK = 0, 1


class BattleOfTheColorsEngine(GridEngine):
    object_names = ("red block", "blue block")
    count_names = ("both_on_red", "both_on_blue", "different_blocks")  # VS-Bench's episode-info keys
    rules: BattleOfTheColorsRules

    @classmethod
    def default_rules(cls) -> BattleOfTheColorsRules:
        return BattleOfTheColorsRules()

    def _resolve(self, moved: list[Cell], rewards: list[int]) -> None:
        r = self.rules
        blocks = self.objects
        on = [blocks.index(cell) if cell in blocks else -1 for cell in moved]  # block under each player
        self.players = moved
        if on[RED] < 0 or on[BLUE] < 0:
            return
        if on[RED] == on[BLUE]:
            block = on[RED]
            rewards[block] += r.owner_reward  # the player of the block's colour
            rewards[1 - block] += r.partner_reward
            self.counts[block] += 1
            self._event(EventKind.BOTH_ON_RED if block == RED_BLOCK else EventKind.BOTH_ON_BLUE, BOTH, moved[RED])
            blocks[block] = self._spawn([*moved, blocks[1 - block]])
        else:
            rewards[RED] += r.apart_reward
            rewards[BLUE] += r.apart_reward
            self.counts[2] += 1
            self._event(EventKind.APART, BOTH, moved[RED])
            blocks[RED_BLOCK] = self._spawn([*moved, blocks[BLUE_BLOCK]])
            blocks[BLUE_BLOCK] = self._spawn([*moved, blocks[RED_BLOCK]])
