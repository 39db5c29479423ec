"""Pictures of a Breakthrough position: the board as text (OpenSpiel's layout, for ``render("ansi")``
and prompts) and as an RGB numpy image (``render("rgb_array")`` and a vision model's input), with
numpy only: no display, font file or Pillow. Built only when someone looks.

The picture is drawn from White's side as the text is: row 1 at the bottom, Black's pieces (dark
discs) at the top, with the column letters under the board and the row numbers at its left, so a
model can name squares from the image alone. The last move is marked by tinting its two squares.
"""

from __future__ import annotations

import numpy as np

from .engine import BLACK, EMPTY, WHITE, BreakthroughEngine, decode

CELL = 32  # pixels per square
MARGIN = 16  # room for the labels at the left and the bottom
_LIGHT, _DARK = (238, 220, 180), (180, 135, 95)
_LAST = (120, 170, 90)  # tint of the last move's squares
_BLACK_PIECE, _WHITE_PIECE, _RIM, _INK, _PAPER = (35, 35, 35), (250, 250, 250), (90, 90, 90), (20, 20, 20), (255, 255, 255)

# 5x7 glyphs for the square labels: enough for a..h and 1..9 with no font file.
_GLYPHS = {ch: np.array([[c == "#" for c in row] for row in rows.split()], bool) for ch, rows in {
    "a": "..... ..... .###. ....# .#### #...# .####",
    "b": "#.... #.... ####. #...# #...# #...# ####.",
    "c": "..... ..... .###. #.... #.... #...# .###.",
    "d": "....# ....# .#### #...# #...# #...# .####",
    "e": "..... ..... .###. #...# ##### #.... .###.",
    "f": "..##. .#..# .#... ###.. .#... .#... .#...",
    "g": "..... .#### #...# #...# .#### ....# .###.",
    "h": "#.... #.... #.##. ##..# #...# #...# #...#",
    "1": "..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###.",
    "2": ".###. #...# ....# ...#. ..#.. .#... #####",
    "3": "##### ...#. ..#.. ...#. ....# #...# .###.",
    "4": "...#. ..##. .#.#. #..#. ##### ...#. ...#.",
    "5": "##### #.... ####. ....# ....# #...# .###.",
    "6": "..##. .#... #.... ####. #...# #...# .###.",
    "7": "##### ....# ...#. ..#.. .#... .#... .#...",
    "8": ".###. #...# #...# .###. #...# #...# .###.",
    "9": ".###. #...# #...# .#### ....# ...#. .##..",
}.items()}


def _disc_masks() -> tuple[np.ndarray, np.ndarray]:
    c = (CELL - 1) / 2
    yy, xx = np.mgrid[0:CELL, 0:CELL]
    d2 = (yy - c) ** 2 + (xx - c) ** 2
    return d2 <= (CELL * 0.36) ** 2, d2 <= (CELL * 0.30) ** 2


_RIM_MASK, _FACE_MASK = _disc_masks()


def _square_tiles() -> np.ndarray:
    """Every square's picture, drawn once: ``[background][piece + 1]`` with backgrounds light,
    dark, last move and pieces EMPTY (-1), BLACK (0), WHITE (1). Drawing the masks on every square
    of every image cost milliseconds an image; copying a tile costs a microsecond."""
    tiles = np.empty((3, 3, CELL, CELL, 3), np.uint8)
    for b, background in enumerate((_LIGHT, _DARK, _LAST)):
        for piece in (EMPTY, BLACK, WHITE):
            tile = tiles[b, piece + 1]
            tile[:] = background
            if piece != EMPTY:
                tile[_RIM_MASK] = _RIM
                tile[_FACE_MASK] = _BLACK_PIECE if piece == BLACK else _WHITE_PIECE
    return tiles


_TILES = _square_tiles()


def _glyph(img: np.ndarray, ch: str, y: int, x: int) -> None:
    g = _GLYPHS[ch]
    img[y:y + g.shape[0], x:x + g.shape[1]][g] = _INK


def board_image(engine: BreakthroughEngine) -> np.ndarray:
    """The position as an RGB image of ``(rows * 32 + 16, columns * 32 + 16, 3)`` uint8."""
    rules = engine.rules
    rows, cols = rules.rows, rules.columns
    img = np.empty((rows * CELL + MARGIN, cols * CELL + MARGIN, 3), np.uint8)
    img[:] = _PAPER
    last = decode(engine.history[-1][1], rows, cols) if engine.history else None
    marked = {last.source, last.target} if last else set()
    for r in range(rows):
        _glyph(img, str(rows - r), r * CELL + (CELL - 7) // 2, 5)
        for c in range(cols):
            cell = r * cols + c
            background = 2 if cell in marked else (r + c) % 2
            img[r * CELL:(r + 1) * CELL, MARGIN + c * CELL:MARGIN + (c + 1) * CELL] = _TILES[background, engine.board[cell] + 1]
    for c in range(cols):
        _glyph(img, "abcdefgh"[c], rows * CELL + 5, MARGIN + c * CELL + (CELL - 5) // 2)
    return img


def board_text(engine: BreakthroughEngine) -> str:
    """OpenSpiel's text of a position: one line per row from row ``rows`` (Black's back row) down,
    'b' Black, 'w' White, '.' empty, then the column letters."""
    rules = engine.rules
    symbol = {BLACK: "b", WHITE: "w", EMPTY: "."}
    lines = [str(rules.rows - r) + "".join(symbol[p] for p in engine.board[r * rules.columns:(r + 1) * rules.columns])
             for r in range(rules.rows)]
    return "\n".join(lines) + "\n " + "abcdefgh"[:rules.columns]
