"""The text interface for LLM seats at MPE's predator and prey, and the plane drawn in text.

Sections as in VS-Bench's prompts (game rules, player information, game state, legal actions,
instructions). The state is read from mpe2's own world: positions and velocities of both players
and the obstacles' positions and sizes (x to the right, y upward, the centre at (0, 0)).
:meth:`MpeTextInterface.image` is mpe2's own frame. Answers are ``{"action": <id>}`` or the
action's name (``"<UP>"``); the fallback is the no-op.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from parlour.agents.llm.text_interface import NamedActionIds

from .engine import PREDATOR, PREY, ROLES, Action, MpeEngine
from .narrate import narrate, pending_text
from .rules import MpeRules

__all__ = ["MpeTextInterface", "board_text", "rules_text"]

RECENT_EVENTS = 4
SPAN, COLS, ROWS = 1.5, 31, 15  # the text plane covers -1.5..1.5 on both axes

RULE_SENTENCES: dict[str, Callable[[Any, MpeRules], str | None]] = {
    "name": lambda v, r: None,
    "num_obstacles": lambda v, r: ("MPE predator and prey is a zero-sum chase on a 2D plane (x to the right, y upward, "
                                   "the centre at (0, 0)): a slower predator chases a faster prey; both players act at "
                                   "the same time and keep their momentum. Every step the predator touches the prey: "
                                   "predator +10, prey -10. The prey also loses points for going beyond 0.9 from the "
                                   "centre on either axis, more the further out. "
                                   f"There {'is' if v == 1 else 'are'} {v} large round obstacle{'s' if v != 1 else ''} "
                                   "that block the way."),
    "max_cycles": lambda v, r: f"The game lasts {v} steps.",
}

ACTION_TEXT = {Action.NOTHING: "no push (keep drifting)", Action.LEFT: "push left (-x)", Action.RIGHT: "push right (+x)",
               Action.DOWN: "push down (-y)", Action.UP: "push up (+y)"}


def rules_text(rules: MpeRules) -> str:
    lines: list[str] = []
    for field in type(rules).model_fields:
        render = RULE_SENTENCES.get(field)
        sentence = render(getattr(rules, field), rules) if render else f"{field.replace('_', ' ')}: {getattr(rules, field)}."
        if sentence:
            lines.append(f"{len(lines) + 1}. {sentence}")
    return "\n".join(lines)


def bodies(engine: MpeEngine) -> tuple[list[Any], list[Any]]:
    """mpe2's player bodies in seat order, and its obstacles."""
    world = engine.unwrapped.world
    by_name = {a.name: a for a in world.agents}
    return [by_name[name] for name in engine.names], list(world.landmarks)


def _xy(v) -> str:
    return f"({v[0]:+.2f}, {v[1]:+.2f})"


def board_text(engine: MpeEngine) -> str:
    """The plane in characters (-1.5..1.5 on both axes, the top row y = +1.5): ``P`` the predator,
    ``Y`` the prey, ``O`` an obstacle, ``+`` the centre."""
    grid = [["."] * COLS for _ in range(ROWS)]

    def put(p, mark: str) -> None:
        col = int(round((p[0] + SPAN) / (2 * SPAN) * (COLS - 1)))
        row = int(round((SPAN - p[1]) / (2 * SPAN) * (ROWS - 1)))
        if 0 <= col < COLS and 0 <= row < ROWS:
            grid[row][col] = mark

    put((0.0, 0.0), "+")
    players, obstacles = bodies(engine)
    for o in obstacles:
        put(o.state.p_pos, "O")
    put(players[PREY].state.p_pos, "Y")
    put(players[PREDATOR].state.p_pos, "P")
    return "\n".join("".join(row) for row in grid) + f"\nStep {engine.t}/{engine.rules.max_cycles}. Catches: {engine.catches()}."


class MpeTextInterface(NamedActionIds):
    """Prompts, schema and parsing for one MPE env (pass ``seat`` to each call)."""

    action_ids = {a.name.lower(): a.value for a in Action}

    def legal_actions(self, seat: int) -> dict[int, str]:
        return {a: f"<{Action(a).name}>: {ACTION_TEXT[Action(a)]}" for a in self.engine.legal_actions(seat)}

    def system_prompt(self) -> str:
        return ("You are an AI agent that maximizes your score in MPE's predator and prey game.\n\n"
                "## Game rules\n" + rules_text(self.engine.rules) + "\n\n"
                "## How to answer\n"
                f"Each step lists the legal actions as `id: meaning`. Answer with the JSON object {self._format()} only.")

    def player_text(self, seat: int) -> str:
        players, obstacles = bodies(self.engine)
        lines = []
        for s in (seat, 1 - seat):
            who = f"You are the {ROLES[s]} (player {s})" if s == seat else f"The {ROLES[s]} (player {s}) is"
            verb = ": at" if s == seat else " at"
            body = players[s]
            lines.append(f"{who}{verb} {_xy(body.state.p_pos)}, moving {_xy(body.state.p_vel)} per step, "
                         f"radius {body.size:.3f}.")
        lines += [f"Obstacle {i} at {_xy(o.state.p_pos)}, radius {o.size:.2f}." for i, o in enumerate(obstacles)]
        return "\n".join(f"{i}. {t}" for i, t in enumerate(lines, 1))

    def state_text(self, seat: int) -> str:
        e = self.engine
        events = narrate(e)[-RECENT_EVENTS:]
        recent = "\n".join(f"- {t}" for _, t in events) if events else "- nothing yet"
        return (f"Step {e.round} of {e.rules.max_cycles}. Your return so far: {e.scores[seat]:.2f}.\n"
                f"The plane (P predator, Y prey, O obstacle, + centre; -1.5..1.5 on both axes):\n{board_text(e)}\n"
                f"Latest events:\n{recent}")

    def legal_text(self, seat: int) -> str:
        pending = self.engine.pending[seat]
        if pending >= 0:
            return f"None: {pending_text(pending)}; the other player has not chosen yet."
        return super().legal_text(seat)

    def user_prompt(self, seat: int) -> str:
        return ("## Player information\n" + self.player_text(seat) + "\n\n"
                "## Game state\n" + self.state_text(seat) + "\n\n"
                "## Legal actions\n" + self.legal_text(seat) + "\n\n"
                "## Instructions\nChoose your action for this step (the other player chooses at the same time) "
                f"and answer with the JSON object {self._format()} only.")

    def image(self, seat: int) -> np.ndarray:
        return np.ascontiguousarray(self.engine.env.render())
