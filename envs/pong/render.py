"""Pictures of a Pong match: the court as text (``render("ansi")``) and as an RGB numpy image
(``render("rgb_array")``, and one seat's picture for a vision model), with numpy only: no display,
font file or Pillow. Built only when someone looks.

The picture follows Atari Pong's look: a dark court, a score bar on top, the right paddle green
and the left one orange, the ball a white square. A seat's own picture is the same court (full
information) with a gold outline around its paddle.
"""

from __future__ import annotations

import numpy as np

from ..pixels import draw_number
from .engine import LEFT, RIGHT, PongEngine

SCALE = 4  # pixels per court unit
BAR = 28  # pixels of the score bar
_COURT, _BAR, _LINE = (20, 60, 20), (40, 40, 40), (90, 120, 90)
_PADDLE = {RIGHT: (92, 186, 92), LEFT: (213, 130, 74)}
_BALL, _GOLD, _DIGIT = (236, 236, 236), (255, 200, 0), (236, 236, 236)

def board_image(engine: PongEngine, seat: int | None = None) -> np.ndarray:
    """The court as an RGB image (``height*4 + 28`` by ``width*4`` pixels); with ``seat``, a gold
    outline marks that seat's paddle."""
    r = engine.rules
    h, w = r.height * SCALE, r.width * SCALE
    img = np.empty((BAR + h, w, 3), np.uint8)
    img[:BAR] = _BAR
    img[BAR:] = _COURT
    mid = w // 2
    for y in range(BAR, BAR + h, 4 * SCALE):  # the dashed centre line
        img[y:y + 2 * SCALE, mid - 1:mid + 1] = _LINE
    draw_number(img, engine.scores[LEFT], w // 4, 4, _DIGIT)
    draw_number(img, engine.scores[RIGHT], 3 * w // 4, 4, _DIGIT)
    for s in (RIGHT, LEFT):
        top, bottom = engine.paddle_span(s)
        x0 = engine.face_x(s) * SCALE
        y0, y1 = BAR + top * SCALE, BAR + (bottom + 1) * SCALE
        img[y0:y1, x0:x0 + SCALE] = _PADDLE[s]
        if s == seat:
            img[max(y0 - 2, BAR):y0, x0 - 2:x0 + SCALE + 2] = _GOLD
            img[y1:min(y1 + 2, BAR + h), x0 - 2:x0 + SCALE + 2] = _GOLD
            img[y0:y1, max(x0 - 2, 0):x0] = _GOLD
            img[y0:y1, x0 + SCALE:x0 + SCALE + 2] = _GOLD
    bx, by = engine.ball.x, engine.ball.y
    if 0 <= bx < r.width:
        img[BAR + by * SCALE:BAR + (by + 1) * SCALE, bx * SCALE:(bx + 1) * SCALE] = _BALL
    return img


TEXT_X, TEXT_Y = 2, 4  # court units per character, across and down


def board_text(engine: PongEngine) -> str:
    """The court in characters (one per 2x4 units): ``R`` the right paddle, ``L`` the left one,
    ``o`` the ball, walls as ``-``."""
    r = engine.rules
    cols, rows = -(-r.width // TEXT_X), -(-r.height // TEXT_Y)
    grid = [[" "] * cols for _ in range(rows)]
    for s, mark in ((RIGHT, "R"), (LEFT, "L")):
        top, bottom = engine.paddle_span(s)
        for row in range(top // TEXT_Y, bottom // TEXT_Y + 1):
            grid[row][engine.face_x(s) // TEXT_X] = mark
    if 0 <= engine.ball.x < r.width:
        grid[engine.ball.y // TEXT_Y][engine.ball.x // TEXT_X] = "o"
    wall = "+" + "-" * cols + "+"
    return "\n".join([wall, *("|" + "".join(row) + "|" for row in grid), wall])
