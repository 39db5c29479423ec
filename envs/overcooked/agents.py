"""The kitchen's scripted partner (VS-Bench's reference for the cooperative games is a scripted or
self-play partner): a chef that reads only its own observation and follows the recipe.

Each step it picks the tiles that serve the next useful task, in this order: deliver a soup it
holds; with a dish, plate a cooked soup (waiting beside a cooking pot); with an onion, fill a pot
that needs one (else put it on a counter); with empty hands, start a full pot, fetch a dish for a
cooking or nearly full pot when no dish is out, or fetch an onion a pot still needs (counting the
one the partner carries); with nothing to do it waits on a tile far from the pots, out of the
way. It walks a shortest path over the floor around its partner and
interacts once it stands beside the tile and faces it. Two chefs that bump into each other would
bump forever, as both are deterministic: after a blocked move, chef 1 waits one step.
"""

from __future__ import annotations

from collections import deque
from typing import Any

import numpy as np

from parlour.agents.base import SyncAgent

from .engine import DIRECTIONS, Action, Item
from .env import ObservationLayout
from .rules import KitchenRules

Cell = tuple[int, int]


class ScriptedChef(SyncAgent):
    name = "scripted-chef"

    def __init__(self, layout: ObservationLayout, rules: KitchenRules):
        self.layout = layout
        self.rules = rules
        self._last: tuple[Cell, int] | None = None  # where it was and the move it tried

    def reset(self, seat: int, seed: int | None = None) -> None:
        super().reset(seat, seed)
        self._last = None

    def act_sync(self, observation: Any, info: dict) -> int:
        if not np.asarray(observation["action_mask"]).any():
            raise ValueError(f"seat {getattr(self, 'seat', '?')}: the action mask has no legal action")
        x = np.asarray(observation["observation"])
        action = self.choose(x)
        here = self.layout.cells_of(x, "own chef")[0]
        blocked = self._last is not None and self._last[0] == here and self._last[1] < len(DIRECTIONS)
        if blocked and x[self.layout.chef_index] > 0 and action < len(DIRECTIONS):
            action = int(Action.STAY)  # chef 1 yields after a bump, so the two cannot bump forever
        self._last = (here, action)
        return action

    # ------------------------------------------------------------------ the recipe
    def choose(self, x: np.ndarray) -> int:
        layout, need = self.layout, self.rules.soup_onions
        own = Item(int(np.argmax(x[layout.holding(True)])))
        partner = Item(int(np.argmax(x[layout.holding(False)])))
        pots = layout.cells_of(x, "pot")
        onions = {p: int(round(layout.channel(x, "onions in pot")[p[1], p[0]] * need)) for p in pots}
        ready = [p for p in pots if layout.channel(x, "soup ready")[p[1], p[0]] > 0]
        cooking = [p for p in pots if layout.channel(x, "cooking")[p[1], p[0]] > 0]
        idle = [p for p in pots if p not in ready and p not in cooking]
        dish_out = partner == Item.DISH or bool(layout.cells_of(x, "dish on counter"))
        if own == Item.SOUP:
            return self._go(x, layout.cells_of(x, "serving"))
        if own == Item.DISH:
            return self._go(x, ready or cooking, interact=bool(ready)) if ready or cooking else self._park(x)
        if own == Item.ONION:
            open_pots = [p for p in idle if onions[p] < need]
            if open_pots:
                return self._go(x, open_pots)
            free = [c for c in layout.cells_of(x, "counter") if not self._on_counter(x, c)]
            return self._go(x, free)
        full = [p for p in idle if onions[p] >= need]
        if full:
            return self._go(x, full)
        if (ready or cooking) and not dish_out:
            return self._go(x, layout.cells_of(x, "dish dispenser"))
        carried = 1 if partner == Item.ONION else 0
        if any(onions[p] + carried < need for p in idle):
            return self._go(x, layout.cells_of(x, "onion dispenser"))
        if any(onions[p] for p in idle) and not dish_out:
            return self._go(x, layout.cells_of(x, "dish dispenser"))
        return self._park(x)

    def _on_counter(self, x: np.ndarray, cell: Cell) -> bool:
        return any(self.layout.channel(x, name)[cell[1], cell[0]] > 0
                   for name in ("onion on counter", "dish on counter", "soup on counter"))

    # ------------------------------------------------------------------ walking
    def _go(self, x: np.ndarray, targets: list[Cell], interact: bool = True) -> int:
        """Toward the nearest floor tile beside a target; there, face it and interact (or wait)."""
        layout = self.layout
        here = layout.cells_of(x, "own chef")[0]
        partner = layout.cells_of(x, "other chef")[0]
        facing = int(np.argmax(x[layout.facing(True)]))
        for d, (dx, dy) in enumerate(DIRECTIONS):
            if (here[0] + dx, here[1] + dy) in targets:
                if d == facing:
                    return int(Action.INTERACT) if interact else int(Action.STAY)
                return d  # the target is not floor: the move only turns the chef
        floor = self._floor(x)
        goals = {(t[0] + dx, t[1] + dy) for t in targets for dx, dy in DIRECTIONS} & floor
        step = _first_step(here, goals, floor - {partner}) or _first_step(here, goals, floor)
        if step is None or _moved(here, step) == partner:
            return int(Action.STAY)
        return step

    def _park(self, x: np.ndarray) -> int:
        """Nothing to do now: wait on a floor tile as far as any from the pots, out of the way of
        a partner who needs a pot."""
        layout = self.layout
        here = layout.cells_of(x, "own chef")[0]
        partner = layout.cells_of(x, "other chef")[0]
        floor = self._floor(x)
        access = {(p[0] + dx, p[1] + dy) for p in layout.cells_of(x, "pot") for dx, dy in DIRECTIONS} & floor
        far = _distances(access, floor)
        best = max(far.values(), default=0)
        spots = {c for c, d in far.items() if d == best}
        if here in spots:
            return int(Action.STAY)
        step = _first_step(here, spots - {partner}, floor - {partner})
        return int(Action.STAY) if step is None else step

    def _floor(self, x: np.ndarray) -> set[Cell]:
        layout = self.layout
        solid = np.zeros((layout.height, layout.width), bool)
        for name in ("counter", "pot", "onion dispenser", "dish dispenser", "serving"):
            solid |= layout.channel(x, name) > 0
        return {(int(cx), int(cy)) for cy, cx in np.argwhere(~solid)}


def _moved(cell: Cell, d: int) -> Cell:
    return cell[0] + DIRECTIONS[d][0], cell[1] + DIRECTIONS[d][1]


def _distances(sources: set[Cell], floor: set[Cell]) -> dict[Cell, int]:
    """Steps over ``floor`` from the nearest of ``sources`` to every reachable floor tile."""
    dist = dict.fromkeys(sources, 0)
    queue = deque(sources)
    while queue:
        cell = queue.popleft()
        for d in range(len(DIRECTIONS)):
            nxt = _moved(cell, d)
            if nxt in floor and nxt not in dist:
                dist[nxt] = dist[cell] + 1
                queue.append(nxt)
    return dist


def _first_step(start: Cell, goals: set[Cell], floor: set[Cell]) -> int | None:
    """The first move of a shortest path from ``start`` to any of ``goals`` over ``floor`` (moves
    tried in action order, so ties break the same way every time); None if none is reachable."""
    if not goals:
        return None
    seen = {start}
    queue: deque[tuple[Cell, int | None]] = deque([(start, None)])
    while queue:
        cell, first = queue.popleft()
        if cell in goals and first is not None:
            return first
        for d in range(len(DIRECTIONS)):
            nxt = _moved(cell, d)
            if nxt in floor and nxt not in seen:
                seen.add(nxt)
                queue.append((nxt, d if first is None else first))
    return None
