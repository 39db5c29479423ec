"""Pictures of a grid game: the board as text (``render("ansi")``) and as an RGB numpy image
(``render("rgb_array")``, and one seat's picture for a vision model), with numpy only: no
display, font file or Pillow. Built only when someone looks.

The picture follows VS-Bench's frame: y grows upward, (0, 0) is the bottom-left cell; the red and
blue players are discs (one disc, half red and half blue, when they share a cell). A seat's own
picture is the same board (the games have full information) with a gold frame around its player.
"""

from __future__ import annotations

import numpy as np

from .engine import COLOURS, GridEngine

CELL = 24  # pixels per cell
_RED, _BLUE = (206, 60, 60), (60, 110, 220)
_LIGHT_RED, _LIGHT_BLUE = (245, 170, 170), (170, 200, 250)
_BACKGROUND, _LINE, _GOLD = (245, 245, 240), (180, 180, 180), (255, 200, 0)
_MONSTER, _APPLE, _STEM = (30, 30, 30), (70, 170, 60), (110, 70, 30)

# object name -> (text symbol, picture: (shape, colour))
OBJECT_STYLE: dict[str, tuple[str, tuple[str, tuple[int, int, int]]]] = {
    "red coin": ("r", ("diamond", _RED)),
    "blue coin": ("b", ("diamond", _BLUE)),
    "red block": ("r", ("fill", _LIGHT_RED)),
    "blue block": ("b", ("fill", _LIGHT_BLUE)),
    "monster": ("M", ("square", _MONSTER)),
    "apple": ("a", ("small_disc", _APPLE)),
}
PLAYER_SYMBOLS = ("R", "B")


def _masks() -> dict[str, np.ndarray]:
    c = (CELL - 1) / 2
    yy, xx = np.mgrid[0:CELL, 0:CELL]
    return {
        "disc": (yy - c) ** 2 + (xx - c) ** 2 <= (CELL * 0.36) ** 2,
        "small_disc": (yy - c) ** 2 + (xx - c) ** 2 <= (CELL * 0.2) ** 2,
        "diamond": np.abs(yy - c) + np.abs(xx - c) <= CELL * 0.22,
        "square": (np.abs(yy - c) <= CELL * 0.3) & (np.abs(xx - c) <= CELL * 0.3),
        "fill": (yy > 0) & (xx > 0),
        "left": xx < c,
        "frame": ((yy <= 2) | (yy >= CELL - 3) | (xx <= 2) | (xx >= CELL - 3)) & (yy > 0) & (xx > 0),
    }


MASKS = _masks()
# the order objects are drawn in: blocks under everything, then coins and apples, the monster last
_DRAW_ORDER = {"fill": 0, "diamond": 1, "small_disc": 1, "square": 2}


def _empty_board(size: int) -> np.ndarray:
    img = np.empty((size * CELL + 1, size * CELL + 1, 3), np.uint8)
    img[:] = _BACKGROUND
    img[::CELL, :] = _LINE
    img[:, ::CELL] = _LINE
    return img


_BOARDS: dict[int, np.ndarray] = {}


def _cell_view(img: np.ndarray, cell: tuple[int, int], size: int) -> np.ndarray:
    row = size - 1 - cell[1]  # y grows upward
    return img[row * CELL:(row + 1) * CELL, cell[0] * CELL:(cell[0] + 1) * CELL]


def board_image(engine: GridEngine, seat: int | None = None) -> np.ndarray:
    """The board as an RGB image, ``grid_size * 24 + 1`` pixels a side; with ``seat``, a gold
    frame marks that seat's player."""
    size = engine.rules.grid_size
    base = _BOARDS.get(size)
    if base is None:
        base = _BOARDS[size] = _empty_board(size)
    img = base.copy()
    styled = sorted(((OBJECT_STYLE[name][1], cell) for name, cell in zip(engine.object_names, engine.objects)),
                    key=lambda item: _DRAW_ORDER[item[0][0]])
    for (shape, colour), cell in styled:
        _cell_view(img, cell, size)[MASKS[shape]] = colour
    red, blue = engine.players
    if red == blue:
        view = _cell_view(img, red, size)
        view[MASKS["disc"] & MASKS["left"]] = _RED
        view[MASKS["disc"] & ~MASKS["left"]] = _BLUE
    else:
        _cell_view(img, red, size)[MASKS["disc"]] = _RED
        _cell_view(img, blue, size)[MASKS["disc"]] = _BLUE
    if seat is not None:
        _cell_view(img, engine.players[seat], size)[MASKS["frame"]] = _GOLD
    return img


def board_text(engine: GridEngine) -> str:
    """The board as rows of text, the top row (largest y) first, with a legend."""
    size = engine.rules.grid_size
    cells: dict[tuple[int, int], str] = {}
    for name, cell in zip(engine.object_names, engine.objects):
        cells[cell] = cells.get(cell, "") + OBJECT_STYLE[name][0]
    for seat, cell in enumerate(engine.players):
        cells[cell] = cells.get(cell, "") + PLAYER_SYMBOLS[seat]
    width = max(3, *(len(v) + 1 for v in cells.values()))
    rows = []
    for y in range(size - 1, -1, -1):
        rows.append(f"{y} " + "".join(cells.get((x, y), ".").ljust(width) for x in range(size)).rstrip())
    rows.append("  " + "".join(str(x).ljust(width) for x in range(size)).rstrip())
    legend = {f"{PLAYER_SYMBOLS[s]} = {COLOURS[s]} player" for s in range(2)}
    legend |= {f"{OBJECT_STYLE[n][0]} = {n}" for n in engine.object_names}
    return "\n".join(rows) + "\n" + ", ".join(sorted(legend))
