"""Scripted reference agents for the grid games; each reads only its own observation.

* :class:`CoinCollectorAgent` (Coin Dilemma): walks to the coin of its own colour and leaves the
  other player's alone (the cooperative policy); ``greedy=True`` walks to the nearest coin instead.
* :class:`HunterAgent` (Monster Hunt): a cooperative hunter. Apart from its partner it walks to the
  partner (red waits once they are two steps apart, so they meet instead of swapping cells) and
  never steps where the monster could reach it; together, both take the same step toward the
  monster, so they meet it on one cell and share +5.
* :class:`ColourCoordinatorAgent` (Battle of the Colors): both seats pick the same block by one
  convention (the block nearer to the farther player; a tie goes to the block nearer in total,
  then to red), walk to it without stepping on the other block, and wait there.
"""

from __future__ import annotations

from abc import abstractmethod
from typing import Any

import numpy as np

from parlour.agents.base import SyncAgent

from .engine import Cell, Move
from .env import ObservationLayout


def distance(a: Cell, b: Cell) -> int:
    return abs(a[0] - b[0]) + abs(a[1] - b[1])


def step_toward(here: Cell, target: Cell, size: int, avoid: frozenset[Cell] = frozenset()) -> int:
    """A move that brings ``here`` one step closer to ``target`` (the longer axis first, x on a tie),
    avoiding ``avoid`` where the other axis also gets closer; STAY when there."""
    dx, dy = target[0] - here[0], target[1] - here[1]
    options = []
    x_move = Move.RIGHT if dx > 0 else Move.LEFT
    y_move = Move.UP if dy > 0 else Move.DOWN
    if abs(dx) >= abs(dy):
        options = [m for m, d in ((x_move, dx), (y_move, dy)) if d]
    else:
        options = [m for m, d in ((y_move, dy), (x_move, dx)) if d]
    for m in options:
        if _moved(here, m, size) not in avoid:
            return int(m)
    return int(options[0]) if options else int(Move.STAY)


def _moved(cell: Cell, move: int, size: int) -> Cell:
    dx, dy = ((0, 0), (1, 0), (-1, 0), (0, 1), (0, -1))[move]
    return min(max(cell[0] + dx, 0), size - 1), min(max(cell[1] + dy, 0), size - 1)


class GridAgent(SyncAgent):
    """Reads its cells from its own observation through the env's ObservationLayout."""

    def __init__(self, layout: ObservationLayout):
        self.layout = layout

    def cells(self, observation: dict, name: str) -> list[Cell]:
        return self.layout.cells_of(observation["observation"], name)

    def is_red(self, observation: dict) -> bool:
        return bool(np.asarray(observation["observation"])[self.layout.colour][0] > 0)

    def act_sync(self, observation: Any, info: dict) -> int:
        if not np.asarray(observation["action_mask"]).any():
            raise ValueError(f"seat {getattr(self, 'seat', '?')}: the action mask has no legal action")
        return self.choose(observation)

    @abstractmethod
    def choose(self, observation: dict) -> int:
        """The move for this observation (the heuristic of the game's reference agent)."""


class CoinCollectorAgent(GridAgent):
    name = "coin-collector"

    def __init__(self, layout: ObservationLayout, greedy: bool = False):
        super().__init__(layout)
        self.greedy = greedy

    def choose(self, observation: dict) -> int:
        (here,) = self.cells(observation, "own player")
        own = self.cells(observation, "own coin")[0]
        target = own
        if self.greedy:
            other = self.cells(observation, "other coin")[0]
            target = min((own, other), key=lambda c: distance(here, c))
        avoid = frozenset() if self.greedy else frozenset(self.cells(observation, "other coin"))
        return step_toward(here, target, self.layout.size, avoid)


class HunterAgent(GridAgent):
    name = "hunter"

    def choose(self, observation: dict) -> int:
        size = self.layout.size
        (here,) = self.cells(observation, "own player")
        (partner,) = self.cells(observation, "other player")
        (monster,) = self.cells(observation, "monster")
        if here == partner:
            return step_toward(here, monster, size)  # the partner takes the very same step
        if self.is_red(observation) and distance(here, partner) <= 2:
            wanted = int(Move.STAY)  # blue comes to red
        else:
            wanted = step_toward(here, partner, size)
        if distance(_moved(here, wanted, size), monster) >= 2:
            return wanted
        safe = [m for m in Move if distance(_moved(here, m, size), monster) >= 2]
        if not safe:
            return int(Move.STAY)
        return int(min(safe, key=lambda m: (distance(_moved(here, m, size), partner), m)))


class ColourCoordinatorAgent(GridAgent):
    name = "colour-coordinator"

    def choose(self, observation: dict) -> int:
        (here,) = self.cells(observation, "own player")
        (partner,) = self.cells(observation, "other player")
        own, other = self.cells(observation, "own block")[0], self.cells(observation, "other block")[0]
        red, blue = (own, other) if self.is_red(observation) else (other, own)

        def cost(block: Cell) -> tuple[int, int]:
            d = (distance(here, block), distance(partner, block))
            return max(d), sum(d)

        target = red if cost(red) <= cost(blue) else blue
        off = blue if target == red else red
        return step_toward(here, target, self.layout.size, frozenset([off]))
