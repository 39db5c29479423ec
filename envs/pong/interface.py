"""The text interface for LLM seats at Pong (the same methods as the grid games').

Sections follow VS-Bench's Pong prompt (game rules, player information, legal actions,
instructions) with its wording of the rules and the moves; parlour adds a game-state section in
words and numbers (positions, the ball's velocity, the score, the court drawn in text), since a
text model sees no image. The rules are generated from the rules model, one sentence per field (a
test checks that every field is covered). :meth:`PongTextInterface.image` is the seat's picture.

Answers: ``{"action": <id>}`` (the id, or VS-Bench's name such as ``"<UP>"``); VS-Bench's bare
``<UP>`` in the text works too. The fallback is STAY.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from parlour.agents.llm.text_interface import NamedActionIds

from .engine import SIDES, Move
from .narrate import narrate, pending_text
from .render import board_image, board_text
from .rules import PongRules

__all__ = ["PongTextInterface", "rules_text"]

RECENT_EVENTS = 4

RULE_SENTENCES: dict[str, Callable[[Any, PongRules], str | None]] = {
    "name": lambda v, r: None,
    "points_to_win": lambda v, r: ("Pong is a zero-sum game played on a 2D court with two players (left and right) "
                                   "and a ball. Each player controls a paddle. If the ball passes your paddle, the "
                                   f"opponent scores 1 point; if it passes the opponent's paddle, you score 1 point. "
                                   f"The first player to score {v} point{'s' if v != 1 else ''} wins."),
    "max_steps": lambda v, r: (f"Both players move at the same time, once per step. The match lasts at most {v} steps; "
                               "then the higher score wins (equal scores: a draw)."),
    "width": lambda v, r: (f"The court is {v} units wide and {r.height} units high: x grows to the right, y grows "
                           "downward (y = 0 is the top wall). The ball bounces off the top and bottom walls."),
    "height": lambda v, r: None,  # told with width
    "paddle_height": lambda v, r: (f"Each paddle is {v} units tall and moves only vertically, within the walls; the "
                                   f"right paddle's face is at x = {r.width - 3}, the left paddle's at x = 2."),
    "paddle_speed": lambda v, r: f"<UP> or <DOWN> moves your paddle {v} units; <STAY> keeps it still.",
    "ball_speed": lambda v, r: (f"The ball moves {v} units horizontally per step. A point is served again from the "
                                "centre, toward the player who lost it."),
    "max_spin": lambda v, r: ("Where the ball hits the paddle sets its new vertical speed: the paddle's centre sends "
                              f"it straight, an edge sends it off at {v} units per step."),
}

MOVE_TEXT = {Move.STAY: "keep your paddle still", Move.UP: "move your paddle upward",
             Move.DOWN: "move your paddle downward"}


def rules_text(rules: PongRules) -> str:
    lines: list[str] = []
    for field in type(rules).model_fields:
        render = RULE_SENTENCES.get(field)
        sentence = render(getattr(rules, field), rules) if render else f"{field.replace('_', ' ')}: {getattr(rules, field)}."
        if sentence:
            lines.append(f"{len(lines) + 1}. {sentence}")
    return "\n".join(lines)


def _direction(vx: int, vy: int) -> str:
    across = "right" if vx > 0 else "left"
    down = "straight" if vy == 0 else ("downward" if vy > 0 else "upward")
    return f"{across} and {down}" if vy else f"{across}, {down}"


class PongTextInterface(NamedActionIds):
    """Prompts, schema and parsing for one Pong env (pass ``seat`` to each call)."""

    action_ids = {a.name.lower(): a.value for a in Move}

    def legal_actions(self, seat: int) -> dict[int, str]:
        engine = self.engine
        if not engine.legal_actions(seat):
            return {}
        r = engine.rules
        top = engine.paddles[seat]
        out = {}
        for m in Move:
            delta = -r.paddle_speed if m == Move.UP else r.paddle_speed if m == Move.DOWN else 0
            to = min(max(top + delta, 0), r.height - r.paddle_height)
            where = f" (your paddle then covers y = {to} to {to + r.paddle_height - 1})"
            if to == top and m is not Move.STAY:
                where = f" (blocked by the wall: your paddle stays at y = {top} to {top + r.paddle_height - 1})"
            out[m.value] = f"<{m.name}>: {MOVE_TEXT[m]}{where}"
        return out

    def system_prompt(self) -> str:
        return ("You are an AI agent that maximizes your score in the game of Pong.\n\n"
                "## Game rules\n" + rules_text(self.engine.rules) + "\n\n"
                "## How to answer\n"
                f"Each step lists the legal actions as `id: meaning`. Answer with the JSON object {self._format()} only.")

    def player_text(self, seat: int) -> str:
        e = self.engine
        own, other = SIDES[seat], SIDES[1 - seat]
        top, bottom = e.paddle_span(seat)
        otop, obottom = e.paddle_span(1 - seat)
        return (f"1. You are controlling the {own} paddle (player {seat}); the other player controls the {other} "
                f"paddle.\n2. Your paddle covers y = {top} to {bottom} at x = {e.face_x(seat)}. The {other} paddle "
                f"covers y = {otop} to {obottom} at x = {e.face_x(1 - seat)}.")

    def state_text(self, seat: int) -> str:
        e = self.engine
        x, y, vx, vy = e.ball
        events = narrate(e)[-RECENT_EVENTS:]
        recent = "\n".join(f"- {t}" for _, t in events) if events else "- nothing yet"
        return (f"Step {e.round} of {e.rules.max_steps}. Score: you {e.scores[seat]}, the {SIDES[1 - seat]} "
                f"player {e.scores[1 - seat]}.\nThe ball is at x = {x}, y = {y}, moving {_direction(vx, vy)} "
                f"({vx:+d} units across and {vy:+d} down per step).\nThe court (R right paddle, L left paddle, "
                f"o ball; one character is 2 units across and 4 down):\n{board_text(e)}\nLatest events:\n{recent}")

    def legal_text(self, seat: int) -> str:
        pending = self.engine.pending[seat]
        if pending >= 0:
            return f"None: {pending_text(pending)}; the other player has not chosen yet."
        return super().legal_text(seat)

    def user_prompt(self, seat: int) -> str:
        return ("## Player information\n" + self.player_text(seat) + "\n\n"
                "## Game state\n" + self.state_text(seat) + "\n\n"
                "## Legal actions\n" + self.legal_text(seat) + "\n\n"
                "## Instructions\nChoose your move for this step (the other player chooses at the same time) "
                f"and answer with the JSON object {self._format()} only.")

    def image(self, seat: int) -> np.ndarray:
        return board_image(self.engine, seat)
