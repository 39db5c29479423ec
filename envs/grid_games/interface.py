"""The text interface for LLM seats at the grid games (the same methods as Kuhn Poker's).

Sections follow VS-Bench's prompts for these games (game rules, player information, legal
actions, instructions), with its wording of the rules and the moves; parlour adds a game-state
section in words (VS-Bench's text-only prompt lists the positions the same way), since a text
model sees no image: the step, the scores, every position, the board drawn in text and the latest
events. The rules are generated from the rules model, one sentence per field (a test checks that
every field is covered). :meth:`GridTextInterface.image` is the seat's picture for a vision model.

Answers: ``{"action": <id>}`` (the id, or VS-Bench's name such as ``"<UP>"``), in a code fence or
not; VS-Bench's bare ``<UP>`` in the text works too. A wrong answer raises :class:`ParseError`
naming what was wrong and the legal actions: the feedback for a retry. The fallback is STAY.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy as np

from parlour.agents.llm.text_interface import ActionIdInterface, ParseError, extract_json

from .engine import COLOURS, Move
from .narrate import cell_text, narrate, pending_text, points
from .render import board_image, board_text
from .rules import BattleOfTheColorsRules, CoinDilemmaRules, GridRules, MonsterHuntRules

__all__ = ["GridTextInterface", "ParseError", "rules_text"]

RECENT_EVENTS = 6

Sentence = Callable[[Any, Any], "str | None"]

_COMMON: dict[str, Sentence] = {
    "name": lambda v, r: None,
    "grid_size": lambda v, r: (f"The game is played on a {v}x{v} grid board with two players (red and blue). "
                               f"The board is 0-indexed: [0, 0] is the bottom-left corner and [{v - 1}, {v - 1}] "
                               "the top-right corner; x grows to the right and y upward."),
    "max_steps": lambda v, r: (f"Both players move at the same time, one step per turn (or stay); a move into the "
                               f"edge of the board stays put. The game lasts {v} turns."),
}
_COIN: dict[str, Sentence] = {
    "own_coin_reward": lambda v, r: ("There are two coins, a red one and a blue one. "
                                     f"A player collects one coin of its own color: the player {points(v)}."),
    "other_coin_reward": lambda v, r: (f"A player collects one coin of the other player's color: the player {points(v)}, "
                                       f"the other player {points(r.coin_taken_penalty)}."),
    "coin_taken_penalty": lambda v, r: "A collected coin respawns at a random free position.",
}
_MONSTER: dict[str, Sentence] = {
    "apple_reward": lambda v, r: ("There is one monster and there are two apples. The monster moves one step towards "
                                  "the closest player in each turn, after the players move. "
                                  f"One player eats an apple: the player {points(v)} and the apple respawns at a "
                                  "random position."),
    "alone_penalty": lambda v, r: (f"One player encounters the monster alone: the player {points(v)} and respawns at "
                                   "a random position."),
    "joint_reward": lambda v, r: (f"Two players defeat the monster together (both on its cell): both players "
                                  f"{points(v)} and the monster respawns at a random position."),
}
_BATTLE: dict[str, Sentence] = {
    "owner_reward": lambda v, r: ("There is a red block and a blue block. When both players are on the red block: "
                                  f"red player {points(v)}, blue player {points(r.partner_reward)}, and the red "
                                  "block is refreshed to a new random position. When both players are on the blue "
                                  f"block: red player {points(r.partner_reward)}, blue player {points(v)}, and the "
                                  "blue block is refreshed."),
    "partner_reward": lambda v, r: None,  # told with owner_reward
    "apart_reward": lambda v, r: (f"When the players are on different blocks: both players {points(v)}, and both "
                                  "blocks are refreshed to new random positions. One player alone on a block "
                                  "changes nothing."),
}
RULE_SENTENCES: dict[type[GridRules], dict[str, Sentence]] = {
    CoinDilemmaRules: {**_COMMON, **_COIN},
    MonsterHuntRules: {**_COMMON, **_MONSTER},
    BattleOfTheColorsRules: {**_COMMON, **_BATTLE},
}
TITLES: dict[type[GridRules], str] = {CoinDilemmaRules: "the Coin Dilemma", MonsterHuntRules: "the game of Monster Hunt",
          BattleOfTheColorsRules: "the Battle of the Colors"}

MOVE_TEXT = {Move.STAY: "stay in the current position", Move.RIGHT: "move one step right",
             Move.LEFT: "move one step left", Move.UP: "move one step upward", Move.DOWN: "move one step downward"}
_NAMES = {m.name.lower(): m.value for m in Move}
_TAG = re.compile(r"<\s*(STAY|RIGHT|LEFT|UP|DOWN)\s*>", re.IGNORECASE)


def rules_text(rules: GridRules) -> str:
    """The rules in plain language, one sentence per field of the rules model that matters."""
    sentences = RULE_SENTENCES[type(rules)]
    lines: list[str] = []
    for field in type(rules).model_fields:
        render = sentences.get(field)
        sentence = render(getattr(rules, field), rules) if render else f"{field.replace('_', ' ')}: {getattr(rules, field)}."
        if sentence:
            lines.append(f"{len(lines) + 1}. {sentence}")
    return "\n".join(lines)


class GridTextInterface(ActionIdInterface):
    """Prompts, schema and parsing for one grid-game env (pass ``seat`` to each call)."""

    def legal_actions(self, seat: int) -> dict[int, str]:
        """Legal action id -> readable text, with the cell each move leads to; empty when not to move."""
        engine = self.engine
        if not engine.legal_actions(seat):
            return {}
        here = engine.players[seat]
        out = {}
        for m in Move:
            to = engine.moved(here, m.value)
            where = f" (you stay at {cell_text(here)})" if to == here else f" (to {cell_text(to)})"
            if to == here and m is not Move.STAY:
                where = f" (blocked by the edge: you stay at {cell_text(here)})"
            out[m.value] = f"<{m.name}>: {MOVE_TEXT[m]}{where}"
        return out

    # ------------------------------------------------------------------ prompts
    def system_prompt(self) -> str:
        rules = self.engine.rules
        return (f"You are an AI agent that maximizes your score in {TITLES[type(rules)]}.\n\n"
                "## Game rules\n" + rules_text(rules) + "\n\n"
                "## How to answer\n"
                f"Each turn lists the legal actions as `id: meaning`. Answer with the JSON object {self._format()} only.")

    def player_text(self, seat: int) -> str:
        engine = self.engine
        lines = [f"You are the {COLOURS[seat]} player (player {seat}). The other player is the "
                 f"{COLOURS[1 - seat]} player (player {1 - seat}).",
                 f"Your position is {cell_text(engine.players[seat])}. The other player's position is "
                 f"{cell_text(engine.players[1 - seat])}."]
        by_name: dict[str, list[str]] = {}
        for name, cell in zip(engine.object_names, engine.objects):
            by_name.setdefault(name, []).append(cell_text(cell))
        lines += [f"The {name}{'s are' if len(cells) > 1 else ' is'} at {' and '.join(cells)}."
                  for name, cells in by_name.items()]
        return "\n".join(f"{i}. {t}" for i, t in enumerate(lines, 1))

    def state_text(self, seat: int) -> str:
        engine = self.engine
        events = narrate(engine)[1:][-RECENT_EVENTS:]
        recent = "\n".join(f"- {t}" for _, t in events) if events else "- nothing yet"
        return (f"Turn {engine.round} of {engine.rules.max_steps}. Scores: red {engine.scores[0]}, "
                f"blue {engine.scores[1]}.\nThe board (top row is y = {engine.rules.grid_size - 1}):\n"
                f"{board_text(engine)}\nLatest events:\n{recent}")

    def legal_text(self, seat: int) -> str:
        pending = self.engine.pending[seat]
        if pending >= 0:
            return f"None: {pending_text(pending)}; the other player has not chosen yet."
        return "\n".join(f"{i}: {text}" for i, text in self.legal_actions(seat).items())

    def user_prompt(self, seat: int) -> str:
        return ("## Player information\n" + self.player_text(seat) + "\n\n"
                "## Game state\n" + self.state_text(seat) + "\n\n"
                "## Legal actions\n" + self.legal_text(seat) + "\n\n"
                "## Instructions\nChoose your move for this turn (the other player chooses at the same time) "
                f"and answer with the JSON object {self._format()} only.")

    def image(self, seat: int) -> np.ndarray:
        """The seat's picture of the board for a vision model (RGB, uint8)."""
        return board_image(self.engine, seat)

    # ------------------------------------------------------------------ answers
    def _answer(self, text: str):
        """The answer's JSON, or else VS-Bench's form: the last <MOVE> tag in the text."""
        try:
            return extract_json(text)
        except ParseError:
            tags = _TAG.findall(text)
            if not tags:
                raise
            return {"action": tags[-1]}

    def _named(self, name: str, value, seat: int) -> int:
        if name in _NAMES:
            return _NAMES[name]
        return super()._named(name, value, seat)
