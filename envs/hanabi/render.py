"""Pictures of a Hanabi table: as text (``render("ansi")`` and prompts) and as an RGB numpy image
(``render("rgb_array")`` and a vision model's input), with numpy only: no display, font file or
Pillow. Built only when someone looks.

``viewer`` is the seat whose view is drawn: its own cards are face down, showing only what hints
told (a band of the hinted colour, the hinted rank), and the card itself is never read; the
other hands are face up. ``viewer=None`` is the moderator, who sees every card.

The picture, top to bottom: the fireworks (one pile per colour, its height written on it), the
information tokens (blue dots, hollow when spent), the life tokens (red dots), the deck (its
count), then one row per hand from seat 0 (the viewer's own row framed in gold, the seat to move
marked at the left), then the discard pile as a colours x ranks grid of counts.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from .engine import HanabiEngine
from .narrate import hand_lines
from .rules import COLOUR_NAMES

CARD_W, CARD_H, GAP = 36, 50, 6
COLOURS_RGB = ((215, 50, 50), (230, 195, 30), (50, 160, 70), (235, 235, 235), (55, 105, 215))
_TABLE, _INK, _BACK, _GOLD, _EMPTY = (24, 60, 48), (15, 15, 15), (95, 95, 110), (255, 200, 0), (60, 90, 80)
_INFO, _LIFE, _PALE = (80, 140, 255), (230, 60, 60), (200, 200, 200)

# 5x7 glyphs: digits and the letters the picture writes.
_GLYPHS = {ch: np.array([[c == "#" for c in row] for row in rows.split()], bool) for ch, rows in {
    "0": ".###. #...# #..## #.#.# ##..# #...# .###.",
    "1": "..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###.",
    "2": ".###. #...# ....# ...#. ..#.. .#... #####",
    "3": "##### ...#. ..#.. ...#. ....# #...# .###.",
    "4": "...#. ..##. .#.#. #..#. ##### ...#. ...#.",
    "5": "##### #.... ####. ....# ....# #...# .###.",
    "6": "..##. .#... #.... ####. #...# #...# .###.",
    "7": "##### ....# ...#. ..#.. .#... .#... .#...",
    "8": ".###. #...# #...# .###. #...# #...# .###.",
    "9": ".###. #...# #...# .#### ....# ...#. .##..",
    "?": ".###. #...# ....# ...#. ..#.. ..... ..#..",
}.items()}


@cache
def _glyph(ch: str, scale: int) -> np.ndarray:
    """``ch``'s glyph enlarged ``scale`` times (made once: an image writes dozens of them)."""
    return np.kron(_GLYPHS[ch], np.ones((scale, scale), bool))


def _text(img: np.ndarray, text: str, y: int, x: int, colour, scale: int = 1) -> None:
    for ch in text:
        g = _glyph(ch, scale)
        img[y:y + g.shape[0], x:x + g.shape[1]][g] = colour
        x += 6 * scale


def _dot_masks() -> tuple[np.ndarray, np.ndarray]:
    yy, xx = np.mgrid[0:10, 0:10]
    d2 = (yy - 4.5) ** 2 + (xx - 4.5) ** 2
    return d2 <= 20, (d2 <= 20) & (d2 >= 9)


_FILLED_DOT, _HOLLOW_DOT = _dot_masks()


def _dot(img: np.ndarray, y: int, x: int, colour, filled: bool) -> None:
    img[y:y + 10, x:x + 10][_FILLED_DOT if filled else _HOLLOW_DOT] = colour


def _card(img: np.ndarray, y: int, x: int, colour: int | None, rank: int | None, face_up: bool) -> None:
    """A card: face up, its colour with the rank in ink; face down, the back with a band of the
    hinted colour (if any) and the hinted rank (if any, else '?')."""
    view = img[y:y + CARD_H, x:x + CARD_W]
    if face_up:
        view[:] = COLOURS_RGB[colour]  # type: ignore[index]
        _text(img, str(rank + 1), y + 11, x + 11, _INK, 2)  # type: ignore[operator]
        return
    view[:] = _BACK
    if colour is not None:
        view[:10] = COLOURS_RGB[colour]
    _text(img, str(rank + 1) if rank is not None else "?", y + 18, x + 11, _PALE, 2)


def image_shape(engine: HanabiEngine) -> tuple[int, int, int]:
    rules = engine.rules
    width = max(24 + rules.hand_size * (CARD_W + GAP), rules.colors * (CARD_W + GAP) + 200) + GAP
    height = 2 * GAP + CARD_H + rules.players * (CARD_H + 2 * GAP) + rules.colors * 14 + 3 * GAP
    return height, width, 3


def table_image(engine: HanabiEngine, viewer: int | None) -> np.ndarray:
    """The table as ``viewer`` sees it (``None``: every card face up), as RGB uint8."""
    rules = engine.rules
    img = np.empty(image_shape(engine), np.uint8)
    img[:] = _TABLE
    y = GAP
    for colour, height in enumerate(engine.fireworks):  # the fireworks: a pile per colour, empty when 0
        x = GAP + colour * (CARD_W + GAP)
        if height:
            _card(img, y, x, colour, height - 1, True)
        else:
            img[y:y + CARD_H, x:x + CARD_W] = _EMPTY
            img[y:y + 6, x:x + CARD_W] = COLOURS_RGB[colour]
    x0 = GAP + rules.colors * (CARD_W + GAP) + GAP
    for i in range(rules.max_information_tokens):
        _dot(img, y + 4, x0 + i * 13, _INFO, i < engine.information)
    for i in range(rules.max_life_tokens):
        _dot(img, y + 20, x0 + i * 13, _LIFE, i < engine.lives)
    img[y + 34:y + 50, x0:x0 + 12] = _BACK
    _text(img, str(engine.deck_left), y + 38, x0 + 18, _PALE)
    y += CARD_H + 2 * GAP
    for seat in range(engine.n):
        if viewer == seat:
            img[y - 3:y + CARD_H + 3, 21:24 + rules.hand_size * (CARD_W + GAP)] = _GOLD
        if not engine.done and engine.current == seat:
            img[y + CARD_H // 2 - 5:y + CARD_H // 2 + 5, GAP:GAP + 10] = _GOLD
        for i, (card, (hc, hr, _, _)) in enumerate(zip(engine.hands[seat], engine.knowledge[seat])):
            x = 24 + GAP // 2 + i * (CARD_W + GAP)
            if seat == viewer:  # never read the viewer's own card: only the hints
                _card(img, y, x, hc if hc >= 0 else None, hr if hr >= 0 else None, False)
            else:
                _card(img, y, x, card // rules.ranks, card % rules.ranks, True)
        y += CARD_H + 2 * GAP
    counts = np.zeros((rules.colors, rules.ranks), int)
    for card in engine.discards:
        counts[divmod(card, rules.ranks)] += 1
    for colour in range(rules.colors):  # the discards: a row per colour, a count per rank
        for rank in range(rules.ranks):
            x = GAP + rank * 16
            img[y:y + 12, x:x + 14] = COLOURS_RGB[colour] if counts[colour, rank] else _EMPTY
            if counts[colour, rank]:
                _text(img, str(counts[colour, rank]), y + 2, x + 4, _INK)
        y += 14
    return img


def table_text(engine: HanabiEngine, viewer: int | None) -> str:
    """The table in words as ``viewer`` sees it (``None``: the moderator, every card shown)."""
    rules = engine.rules
    fireworks = ", ".join(f"{COLOUR_NAMES[c]} {h}" for c, h in enumerate(engine.fireworks))
    discards = ", ".join(f"{COLOUR_NAMES[c // rules.ranks]} {c % rules.ranks + 1}" for c in sorted(engine.discards))
    lines = [f"Fireworks (highest card played per colour): {fireworks}. Score: {engine.score()}.",
             f"Information tokens: {engine.information} of {rules.max_information_tokens}. "
             f"Life tokens: {engine.lives} of {rules.max_life_tokens}. Cards left in the deck: {engine.deck_left}.",
             f"Discard pile: {discards or 'empty'}."]
    for seat in range(engine.n):
        whose = "Your hand" if seat == viewer else f"Player {seat}'s hand"
        lines.append(f"{whose} (slot 0 is the oldest card):")
        lines += hand_lines(engine, seat, viewer)
    return "\n".join(lines)
