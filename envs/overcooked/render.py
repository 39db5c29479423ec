"""Pictures of the kitchen: as text (``render("ansi")``, VS-Bench's tile letters) and as an RGB
numpy image (``render("rgb_array")``, and one seat's picture for a vision model), numpy only.

Text: ``X`` counter, ``P`` pot, ``O`` onion dispenser, ``D`` dish dispenser, ``S`` serving location,
``.`` floor; a chef is its index and an arrow for its facing (``0↑``); ``o`` an onion, ``d`` a dish,
``{øøø`` a soup of three onions (on a pot, then its cooking steps, ``✓`` when ready).
Picture: chef 0 in a blue hat and chef 1 in a green one (VS-Bench's colours), a notch toward
where each faces, what it holds drawn on it; pots show their onions and a cooking bar; the top
bar shows the step and the score. A seat's own picture frames its chef in gold.
"""

from __future__ import annotations

import numpy as np

from ..pixels import disc, draw_number
from .engine import DIRECTIONS, Held, Item, KitchenEngine

TILE = 32
BAR = 28
_COLOURS = {".": (236, 226, 200), "X": (150, 110, 70), "P": (70, 70, 70), "O": (200, 170, 60),
            "D": (200, 200, 210), "S": (90, 160, 90)}
_HAT = ((60, 110, 220), (60, 170, 80))
_ONION, _DISH, _SOUP, _GOLD, _TEXT, _BAR_BG = (230, 190, 40), (250, 250, 250), (210, 120, 40), (255, 200, 0), \
    (240, 240, 240), (40, 40, 40)
_BIG, _SMALL = disc(TILE, TILE * 0.36), disc(TILE, TILE * 0.18)
ARROWS = "↑↓→←"


def _tile(img: np.ndarray, cell: tuple[int, int]) -> np.ndarray:
    x, y = cell
    return img[BAR + y * TILE:BAR + (y + 1) * TILE, x * TILE:(x + 1) * TILE]


def _draw_held(view: np.ndarray, held: Held) -> None:
    if held.item == Item.ONION:
        view[_SMALL] = _ONION
    elif held.item == Item.DISH:
        view[_SMALL] = _DISH
    elif held.item == Item.SOUP:
        view[_SMALL] = _DISH
        view[disc(TILE, TILE * 0.11)] = _SOUP


def kitchen_image(engine: KitchenEngine, seat: int | None = None) -> np.ndarray:
    """The kitchen as an RGB image, 32 pixels a tile under a 28-pixel bar (step, score); with
    ``seat``, a gold frame marks that seat's chef."""
    width, height = engine.size
    img = np.empty((BAR + height * TILE, width * TILE, 3), np.uint8)
    img[:BAR] = _BAR_BG
    draw_number(img, engine.t, 4, 4, _TEXT)
    draw_number(img, engine.score, width * TILE - 4 - 16 * len(str(engine.score)), 4, _ONION)
    for cell, tile in engine.tiles.items():
        view = _tile(img, cell)
        view[:] = _COLOURS[tile]
        view[0, :] = view[:, 0] = (120, 120, 120)
        if tile == "O":
            view[_SMALL] = _ONION
        elif tile == "D":
            view[_SMALL] = _DISH
    for cell, held in engine.counters.items():
        _draw_held(_tile(img, cell), held)
    for cell, pot in engine.pots.items():
        view = _tile(img, cell)
        for i in range(pot.onions):
            view[4:10, 4 + 9 * i:10 + 9 * i] = _ONION
        if pot.tick >= 0:
            done = min(pot.tick, engine.rules.cook_time) / engine.rules.cook_time
            view[TILE - 8:TILE - 4, 4:TILE - 4] = (30, 30, 30)
            view[TILE - 8:TILE - 4, 4:4 + int(round(done * (TILE - 8)))] = (90, 200, 90) if done >= 1 else _SOUP
    for s, cell in enumerate(engine.positions):
        view = _tile(img, cell)
        view[_BIG] = _HAT[s]
        dx, dy = DIRECTIONS[engine.facings[s]]
        c = TILE // 2
        nx, ny = c + dx * (TILE // 2 - 5), c + dy * (TILE // 2 - 5)
        view[ny - 3:ny + 3, nx - 3:nx + 3] = (20, 20, 20)
        _draw_held(view, engine.held[s])
        if s == seat:
            view[:2, :] = view[-2:, :] = _GOLD
            view[:, :2] = view[:, -2:] = _GOLD
    return img


def held_text(held: Held) -> str:
    if held.item == Item.ONION:
        return "o"
    if held.item == Item.DISH:
        return "d"
    if held.item == Item.SOUP:
        return "{" + "ø" * held.onions
    return ""


def tile_text(engine: KitchenEngine, cell: tuple[int, int]) -> str:
    tile = engine.tiles[cell]
    for s, pos in enumerate(engine.positions):
        if pos == cell:
            return f"{s}{ARROWS[engine.facings[s]]}{held_text(engine.held[s])}"
    if tile == "P":
        pot = engine.pots[cell]
        if not pot.onions:
            return "P"
        state = "" if pot.tick < 0 else ("✓" if engine.pot_ready(pot) else str(pot.tick))
        return "P{" + "ø" * pot.onions + state
    if tile == "X" and cell in engine.counters:
        return "X" + held_text(engine.counters[cell])
    return tile


def kitchen_text(engine: KitchenEngine) -> str:
    """The kitchen as rows of tiles, the top row (y = 0) first, x and y labelled."""
    width, height = engine.size
    cells = {cell: tile_text(engine, cell) for cell in engine.tiles}
    col = max(4, *(len(v) + 1 for v in cells.values()))
    rows = ["  " + "".join(str(x).ljust(col) for x in range(width)).rstrip()]
    for y in range(height):
        rows.append(f"{y} " + "".join(cells[(x, y)].ljust(col) for x in range(width)).rstrip())
    return "\n".join(rows)
