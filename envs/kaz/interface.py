"""The text interface for LLM seats at Knights-Archers-Zombies, and the field drawn in text.

Sections as in VS-Bench's prompts (game rules, player information, game state, legal actions,
instructions). The state is read from PettingZoo's own game objects: every player's position
(pixels of the 1280x720 field, y downward), heading (compass degrees: 0 up, 90 right) and whether
it lives, every zombie's position and the arrows in flight, with the field drawn in characters.
:meth:`KazTextInterface.image` is PettingZoo's own frame. Answers are ``{"action": <id>}`` or the
action's name (``"<ATTACK>"``); the fallback is the no-op.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from parlour.agents.llm.text_interface import NamedActionIds

from .engine import Action, KazEngine
from .narrate import narrate, pending_text
from .rules import KazRules

__all__ = ["KazTextInterface", "board_text", "rules_text"]

CELL = 40  # field pixels per character
RECENT_EVENTS = 5

RULE_SENTENCES: dict[str, Callable[[Any, KazRules], str | None]] = {
    "name": lambda v, r: None,
    "num_archers": lambda v, r: (f"Knights-Archers-Zombies is a cooperative game: {v} archer{'s' if v != 1 else ''} "
                                 f"and {r.num_knights} knight{'s' if r.num_knights != 1 else ''} defend the bottom "
                                 "of a 1280x720 field (y grows downward) against zombies walking down from the top. "
                                 "All players act at the same time."),
    "num_knights": lambda v, r: ("Each player can move forward or backward along its heading, turn left or right, or "
                                 "attack: an archer shoots an arrow straight along its heading; a knight swings its mace "
                                 "in an arc in front of it, which takes a few steps. Each zombie killed: +1 to its killer."),
    "spawn_delay": lambda v, r: f"A new zombie appears at a random place along the top every {v} steps.",
    "max_zombies": lambda v, r: f"At most {v} zombies are on the field at once.",
    "max_arrows": lambda v, r: f"At most {v} arrows fly at once; an archer cannot shoot more.",
    "killable_knights": lambda v, r: ("A zombie touching a knight kills it." if v else "Zombies cannot kill knights."),
    "killable_archers": lambda v, r: ("A zombie touching an archer kills it." if v else "Zombies cannot kill archers."),
    "line_death": lambda v, r: ("A player touching the top or bottom border dies." if v
                                else "Players stop at the top and bottom borders."),
    "max_cycles": lambda v, r: (f"The game is lost as soon as a zombie reaches the bottom of the field or every player "
                                f"is dead; otherwise it ends after {v} steps."),
}

ACTION_TEXT = {Action.FORWARD: "move forward along your heading", Action.BACKWARD: "move backward",
               Action.TURN_LEFT: "turn left (counter-clockwise)", Action.TURN_RIGHT: "turn right (clockwise)",
               Action.ATTACK: "attack", Action.NOTHING: "do nothing"}


def rules_text(rules: KazRules) -> str:
    lines: list[str] = []
    for field in type(rules).model_fields:
        render = RULE_SENTENCES.get(field)
        sentence = render(getattr(rules, field), rules) if render else f"{field.replace('_', ' ')}: {getattr(rules, field)}."
        if sentence:
            lines.append(f"{len(lines) + 1}. {sentence}")
    return "\n".join(lines)


def role(engine: KazEngine, seat: int) -> str:
    return engine.names[seat].split("_")[0]


def heading(direction) -> int:
    """Compass degrees of a heading vector in screen coordinates (y downward): 0 up, 90 right."""
    return int(round(math.degrees(math.atan2(direction[0], -direction[1])))) % 360


def players(engine: KazEngine) -> list[tuple[int, str, Any]]:
    """(seat, role, sprite or None once dead) for every seat."""
    agent_map = engine.unwrapped.agent_map
    dead = set(engine.unwrapped.dead_agents)
    return [(s, role(engine, s), None if name in dead else agent_map[name]) for s, name in enumerate(engine.names)]


def zombies(engine: KazEngine) -> list[tuple[int, int]]:
    return sorted((int(z.rect.centerx), int(z.rect.centery)) for z in engine.unwrapped.zombie_list)


def arrows(engine: KazEngine) -> list[tuple[int, int]]:
    out = []
    for _, kind, sprite in players(engine):
        if sprite is not None and kind == "archer":
            out += [(int(a.rect.centerx), int(a.rect.centery)) for a in sprite.weapons]
    return sorted(out)


def board_text(engine: KazEngine) -> str:
    """The field in characters (one per 40x40 pixels): ``A`` an archer, ``K`` a knight, ``Z`` a zombie,
    ``'`` an arrow; the bottom row is the line the zombies must not reach."""
    width, height = engine.unwrapped.screen_dims
    cols, rows = width // CELL, height // CELL
    grid = [["."] * cols for _ in range(rows)]

    def put(x: int, y: int, mark: str) -> None:
        grid[min(max(y // CELL, 0), rows - 1)][min(max(x // CELL, 0), cols - 1)] = mark

    for x, y in arrows(engine):
        put(x, y, "'")
    for x, y in zombies(engine):
        put(x, y, "Z")
    for _, kind, sprite in players(engine):
        if sprite is not None:
            put(sprite.rect.centerx, sprite.rect.centery, kind[0].upper())
    return "\n".join("".join(row) for row in grid) + f"\nStep {engine.t}/{engine.rules.max_cycles}. Kills: {engine.kills()}."


class KazTextInterface(NamedActionIds):
    """Prompts, schema and parsing for one Knights-Archers-Zombies env (pass ``seat`` to each call)."""

    action_ids = {a.name.lower(): a.value for a in Action}

    def legal_actions(self, seat: int) -> dict[int, str]:
        engine = self.engine
        legal = engine.legal_actions(seat)
        if legal == [engine.noop] and engine.gone[seat]:
            return {engine.noop: f"<{Action.NOTHING.name}>: do nothing (your {role(engine, seat)} is dead)"}
        attack = "shoot an arrow along your heading" if role(engine, seat) == "archer" else "swing your mace in front of you"
        return {a: f"<{Action(a).name}>: {attack if a == Action.ATTACK else ACTION_TEXT[Action(a)]}" for a in legal}

    def system_prompt(self) -> str:
        return ("You are an AI agent that maximizes the team's score in the game of Knights-Archers-Zombies.\n\n"
                "## Game rules\n" + rules_text(self.engine.rules) + "\n\n"
                "## How to answer\n"
                f"Each step lists the legal actions as `id: meaning`. Answer with the JSON object {self._format()} only.")

    def player_text(self, seat: int) -> str:
        lines = []
        for s, kind, sprite in players(self.engine):
            who = f"You are the {kind} (player {s})" if s == seat else f"Player {s} is the {kind}"
            if sprite is None:
                lines.append(f"{who}: dead.")
            else:
                lines.append(f"{who}: at ({sprite.rect.centerx}, {sprite.rect.centery}), heading "
                             f"{heading(sprite.direction)} degrees.")
        return "\n".join(f"{i}. {t}" for i, t in enumerate(lines, 1))

    def state_text(self, seat: int) -> str:
        e = self.engine
        zs = zombies(e)
        z_text = ", ".join(f"({x}, {y})" for x, y in zs) if zs else "none"
        events = narrate(e)[-RECENT_EVENTS:]
        recent = "\n".join(f"- {t}" for _, t in events) if events else "- nothing yet"
        return (f"Step {e.round} of {e.rules.max_cycles}. Zombies killed: {sum(e.kills())}.\n"
                f"Zombies ({len(zs)}): {z_text}. The bottom of the field is y = {e.unwrapped.screen_dims[1]}.\n"
                f"Arrows in flight: {len(arrows(e))}.\nThe field (A archer, K knight, Z zombie, ' arrow; one character "
                f"is {CELL}x{CELL} pixels):\n{board_text(e)}\nLatest events:\n{recent}")

    def legal_text(self, seat: int) -> str:
        pending = self.engine.pending[seat]
        if pending >= 0:
            return f"None: {pending_text(pending)}; the other players have not chosen yet."
        return super().legal_text(seat)

    def user_prompt(self, seat: int) -> str:
        return ("## Player information\n" + self.player_text(seat) + "\n\n"
                "## Game state\n" + self.state_text(seat) + "\n\n"
                "## Legal actions\n" + self.legal_text(seat) + "\n\n"
                "## Instructions\nChoose your action for this step (the other players choose at the same time) "
                f"and answer with the JSON object {self._format()} only.")

    def image(self, seat: int) -> np.ndarray:
        return np.ascontiguousarray(self.engine.env.render())
