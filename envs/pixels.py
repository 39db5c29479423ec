"""Small numpy drawing helpers the games' pictures share (no display, font file or Pillow)."""

from __future__ import annotations

import numpy as np

# a 3x5 pixel font for scores and step counters
_FONT = {
    "0": "111101101101111", "1": "010110010010111", "2": "111001111100111", "3": "111001111001111",
    "4": "101101111001001", "5": "111100111001111", "6": "111100111101111", "7": "111001001001001",
    "8": "111101111101111", "9": "111101111001111", "-": "000000111000000",
}
_GLYPHS = {ch: np.array([int(b) for b in bits], bool).reshape(5, 3) for ch, bits in _FONT.items()}


def draw_number(img: np.ndarray, value: int, x: int, y: int, colour: tuple[int, int, int], px: int = 4) -> None:
    """``value`` in the 3x5 font, each font pixel ``px`` pixels a side, its top-left corner at (x, y)."""
    for i, ch in enumerate(str(value)):
        glyph = np.kron(_GLYPHS[ch], np.ones((px, px), bool))
        x0 = x + i * 4 * px
        img[y:y + glyph.shape[0], x0:x0 + glyph.shape[1]][glyph] = colour


def disc(size: int, radius: float) -> np.ndarray:
    """A boolean disc mask of ``radius`` pixels centred in a ``size`` x ``size`` square."""
    c = (size - 1) / 2
    yy, xx = np.mgrid[0:size, 0:size]
    return (yy - c) ** 2 + (xx - c) ** 2 <= radius ** 2
