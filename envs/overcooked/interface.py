"""The text interface for LLM seats in the kitchen (the same methods as the grid games').

Sections follow VS-Bench's Overcooked prompt (game rules, player information, history actions,
legal actions, instructions) with its wording of the rules and the actions; the kitchen is drawn
in VS-Bench's tile letters, and each legal action says what it would do now (where a move leads,
what an interaction would do). The rules are generated from the rules model, one sentence per
field (a test checks that every field is covered). :meth:`KitchenTextInterface.image` is the
seat's picture for a vision model.

Answers: ``{"action": <id>}`` (the id, or VS-Bench's name such as ``"<INTERACT>"``); VS-Bench's bare
``<INTERACT>`` in the text works too. The fallback is STAY.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from parlour.agents.llm.text_interface import NamedActionIds

from .engine import DIRECTIONS, FACING_NAMES, Action, Item, KitchenEngine
from .narrate import cell_text, item_text, narrate, pending_text
from .render import kitchen_image, kitchen_text
from .rules import KitchenRules

__all__ = ["KitchenTextInterface", "rules_text"]

RECENT_EVENTS = 5
HATS = ("blue", "green")
TILE_NAMES = {"X": "counter", "P": "pot", "O": "onion dispenser", "D": "dish dispenser", "S": "serving location",
              ".": "floor"}


def _layout_text(rows: tuple[str, ...], r: KitchenRules) -> str:
    shown = " / ".join(row.replace(" ", "M").replace("1", "M").replace("2", "M") for row in rows)
    return (f"The kitchen is a {len(rows[0])}x{len(rows)} grid of tiles (x from left to right, y from top to bottom, "
            f"(0, 0) the top-left tile); row by row from the top: {shown}. X is a counter, P a pot, O an onion "
            "dispenser, D a dish dispenser, S the serving location, M floor where chefs can move. The chefs cannot "
            "move onto counters or other tiles, nor onto each other: two chefs moving onto one tile or swapping "
            "tiles both stay where they were.")


RULE_SENTENCES: dict[str, Callable[[Any, KitchenRules], str | None]] = {
    "name": lambda v, r: None,
    "layout": lambda v, r: _layout_text(v, r),
    "max_steps": lambda v, r: (f"Overcooked is a cooperative game: two chefs cook and serve soups together in {v} "
                               "timesteps, both acting at the same time; both chefs get the team's score."),
    "soup_onions": lambda v, r: (f"A soup is cooked in these steps: a. pick up (interact) an onion from an onion "
                                 f"dispenser and put (interact) it into a pot, {v} onion{'s' if v != 1 else ''} per "
                                 "soup; b. with empty hands, interact with the pot to start cooking; c. when the soup "
                                 "is cooked, take (interact) a dish from the dish dispenser and plate (interact) the "
                                 "soup from the pot; d. deliver (interact) the soup at the serving location. A chef "
                                 "can put what it holds on an empty counter and pick it up again. "
                                 f"A soup of fewer than {v} onions earns nothing."),
    "cook_time": lambda v, r: f"A pot cooks for {v} timesteps; it shows how long the soup has cooked.",
    "delivery_reward": lambda v, r: f"Each delivered soup of {r.soup_onions} onions: +{v} to the team.",
    "placement_reward": lambda v, r: f"Each onion put into a pot: +{v} to the team.",
    "dish_pickup_reward": lambda v, r: (f"A dish taken while a pot is cooking, ready or being filled and no dish is "
                                        f"already out for it: +{v} to the team."),
    "soup_pickup_reward": lambda v, r: f"Each cooked soup plated from a pot: +{v} to the team.",
}

ACTION_TEXT = {Action.UP: "face up and move up one tile if possible",
               Action.DOWN: "face down and move down one tile if possible",
               Action.RIGHT: "face right and move right one tile if possible",
               Action.LEFT: "face left and move left one tile if possible",
               Action.STAY: "stay in the current tile and do nothing",
               Action.INTERACT: "interact with the tile you are facing"}


def rules_text(rules: KitchenRules) -> str:
    lines: list[str] = []
    for field in type(rules).model_fields:
        render = RULE_SENTENCES.get(field)
        sentence = render(getattr(rules, field), rules) if render else f"{field.replace('_', ' ')}: {getattr(rules, field)}."
        if sentence:
            lines.append(f"{len(lines) + 1}. {sentence}")
    return "\n".join(lines)


def interaction_text(engine: KitchenEngine, seat: int) -> str:
    """What INTERACT would do now (alone: the other chef acts at the same time)."""
    r = engine.rules
    cell = engine.facing_cell(seat)
    tile = engine.tiles.get(cell, "")
    held = engine.held[seat]
    where = f"the {TILE_NAMES.get(tile, 'edge')} at {cell_text(cell)}"
    nothing = f"nothing happens at {where}"
    if tile == "X":
        if held.item != Item.NOTHING and cell not in engine.counters:
            return f"put {item_text(held)} on {where}"
        if held.item == Item.NOTHING and cell in engine.counters:
            return f"pick up {item_text(engine.counters[cell])} from {where}"
        return nothing
    if tile in ("O", "D") and held.item == Item.NOTHING:
        return f"take {'an onion' if tile == 'O' else 'a dish'} from {where}"
    if tile == "P":
        pot = engine.pots[cell]
        if held.item == Item.NOTHING and pot.tick < 0 and pot.onions:
            return f"start cooking the {pot.onions} onion{'s' if pot.onions != 1 else ''} in {where}"
        if held.item == Item.DISH and engine.pot_ready(pot):
            return f"plate the cooked soup from {where}"
        if held.item == Item.ONION and pot.tick < 0 and pot.onions < r.soup_onions:
            return f"put your onion into {where}"
        return nothing
    if tile == "S" and held.item == Item.SOUP:
        return f"deliver your soup at {where}"
    return nothing


class KitchenTextInterface(NamedActionIds):
    """Prompts, schema and parsing for one kitchen env (pass ``seat`` to each call)."""

    action_ids = {a.name.lower(): a.value for a in Action}

    def legal_actions(self, seat: int) -> dict[int, str]:
        engine = self.engine
        if not engine.legal_actions(seat):
            return {}
        (x, y) = engine.positions[seat]
        out = {}
        for a in Action:
            text = f"<{a.name}>: {ACTION_TEXT[a]}"
            if a.value < len(DIRECTIONS):
                to = (x + DIRECTIONS[a][0], y + DIRECTIONS[a][1])
                if to in engine.floor:
                    text += f" (to {cell_text(to)}" + (", where the other chef is now)" if to == engine.positions[1 - seat]
                                                       else ")")
                else:
                    text += f" (the {TILE_NAMES.get(engine.tiles.get(to, ''), 'edge')} blocks: you only turn)"
            elif a == Action.INTERACT:
                text += f" (now: {interaction_text(engine, seat)})"
            out[a.value] = text
        return out

    def system_prompt(self) -> str:
        return ("You are an AI agent that makes optimal decisions in the game of Overcooked.\n\n"
                "## Game rules\n" + rules_text(self.engine.rules) + "\n\n"
                "## How to answer\n"
                f"Each timestep lists the legal actions as `id: meaning`. Answer with the JSON object {self._format()} only.")

    def player_text(self, seat: int) -> str:
        e = self.engine
        lines = [f"You are controlling chef {seat} in the {HATS[seat]} hat; your partner is chef {1 - seat} in the "
                 f"{HATS[1 - seat]} hat."]
        for s in (seat, 1 - seat):
            who = "You are" if s == seat else f"Chef {s} is"
            lines.append(f"{who} at {cell_text(e.positions[s])}, facing {FACING_NAMES[e.facings[s]]}, holding "
                         f"{item_text(e.held[s])}.")
        for cell, pot in e.pots.items():
            if pot.tick < 0:
                state = f"{pot.onions} onion{'s' if pot.onions != 1 else ''}, not cooking"
            elif e.pot_ready(pot):
                state = f"a cooked soup of {pot.onions} onions, ready to plate"
            else:
                state = f"{pot.onions} onions, cooked {pot.tick} of {e.rules.cook_time} timesteps"
            lines.append(f"The pot at {cell_text(cell)} holds {state}.")
        for cell, held in sorted(e.counters.items()):
            lines.append(f"The counter at {cell_text(cell)} holds {item_text(held)}.")
        return "\n".join(f"{i}. {t}" for i, t in enumerate(lines, 1))

    def state_text(self, seat: int) -> str:
        e = self.engine
        return (f"Timestep {e.round} of {e.rules.max_steps}. Team score: {e.score}.\n"
                f"The kitchen (0{'↑'} is chef 0 facing up; o onion, d dish, {{øøø a soup of 3 onions, a pot's number "
                f"its cooking time, ✓ ready):\n{kitchen_text(e)}")

    def history_text(self) -> str:
        events = narrate(self.engine)[-RECENT_EVENTS:]
        return "\n".join(f"- {t}" for _, t in events) if events else "- nothing yet"

    def legal_text(self, seat: int) -> str:
        pending = self.engine.pending[seat]
        if pending >= 0:
            return f"None: {pending_text(pending)}; the other chef has not chosen yet."
        return super().legal_text(seat)

    def user_prompt(self, seat: int) -> str:
        return ("## Player information\n" + self.player_text(seat) + "\n\n"
                "## Game state\n" + self.state_text(seat) + "\n\n"
                "## History\n" + self.history_text() + "\n\n"
                "## Legal actions\n" + self.legal_text(seat) + "\n\n"
                "## Instructions\nChoose your action for this timestep (your partner chooses at the same time) "
                f"and answer with the JSON object {self._format()} only.")

    def image(self, seat: int) -> np.ndarray:
        return kitchen_image(self.engine, seat)
