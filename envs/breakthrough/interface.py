"""The text interface for LLM seats at Breakthrough (the same methods as Kuhn Poker's).

Sections follow VS-Bench's prompts (game rules, player information, game state, legal actions,
instructions). The rules are generated from :class:`BreakthroughRules` field by field (a test
checks every field is covered); the state is the board in OpenSpiel's text layout with the
latest moves in words. Breakthrough has full information: both seats' prompts show the whole
board. :meth:`BreakthroughTextInterface.image` is the picture a vision model gets.

Moves keep OpenSpiel's names (``a7a6``; ``b2c3*`` for a capture). ``parse`` takes the id, or a
move's name with or without the ``*``, angle brackets or a dash (``"<a7a6>"``, ``"a7-a6"``); a
wrong answer raises :class:`ParseError` naming what was wrong and the legal moves.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy as np

from parlour.agents.llm.text_interface import ActionIdInterface, ParseError

from .engine import COLOURS, decode, move_name, square_name
from .narrate import narrate
from .render import board_image, board_text
from .rules import BreakthroughRules

__all__ = ["BreakthroughTextInterface", "ParseError", "rules_text"]

RECENT_MOVES = 6


def _rows_sentence(v: int, r: BreakthroughRules) -> str:
    pieces = "two rows" if r.start_rows == 2 else "one row"
    return (f"The board has {v} rows, numbered 1 (bottom) to {v} (top). Black starts with {pieces} of pieces on the "
            f"top of the board and moves down (towards row 1); White starts with {pieces} of pieces on the bottom "
            f"and moves up (towards row {v}). Black moves first, then the players alternate.")


# One sentence per BreakthroughRules field: a new option must add one here (a test checks it).
_RULE_SENTENCES: dict[str, Callable[[Any, BreakthroughRules], str | None]] = {
    "name": lambda v, r: None,
    "rows": _rows_sentence,
    "columns": lambda v, r: (
        f"The board has {v} columns, lettered a to {'abcdefgh'[v - 1]} from left to right; a square is named by its "
        "column and row (a1 is the bottom-left square). On each turn a player moves one of its pieces one square "
        "forward: straight ahead or diagonally, into an empty square. A piece captures an opposing piece by "
        "moving onto its square diagonally forward (never straight ahead); the captured piece leaves the board. "
        "Captures are never compulsory. A player wins by moving a piece onto the far row (row 1 for Black, "
        f"row {r.rows} for White), or by capturing every opposing piece. There are no draws."),
}


def rules_text(rules: BreakthroughRules) -> str:
    lines: list[str] = []
    for field in BreakthroughRules.model_fields:
        render = _RULE_SENTENCES.get(field)
        sentence = render(getattr(rules, field), rules) if render else f"{field.replace('_', ' ')}: {getattr(rules, field)}."
        if sentence:
            lines.append(f"{len(lines) + 1}. {sentence}")
    return "\n".join(lines)


_MOVE = re.compile(r"^([a-h])([1-9])\s*[-x]?\s*([a-h])([1-9])\*?$")


class BreakthroughTextInterface(ActionIdInterface):
    """Prompts, schema and parsing for one Breakthrough env (pass ``seat`` to each call)."""

    def legal_actions(self, seat: int) -> dict[int, str]:
        """Legal action id -> OpenSpiel's move name and its meaning; empty when not to move."""
        engine = self.engine
        rules = engine.rules
        out = {}
        for a in engine.legal_actions(seat):
            m = decode(a, rules.rows, rules.columns)
            source, target = square_name(m.source, rules), square_name(m.target, rules)
            what = (f"capture the {COLOURS[1 - seat]} piece on {target} with the piece on {source}" if m.capture
                    else f"move the piece on {source} to {target}")
            out[a] = f"<{move_name(a, rules)}>: {what}"
        return out

    # ------------------------------------------------------------------ prompts
    def system_prompt(self) -> str:
        return ("You are an AI agent that makes optimal decisions to win in the game of Breakthrough.\n\n"
                "## Game rules\n" + rules_text(self.engine.rules) + "\n\n"
                "## How to answer\n"
                f"Each turn lists the legal actions as `id: move`. Answer with the JSON object {self._format()} only.")

    def player_text(self, seat: int) -> str:
        rows = self.engine.rules.rows
        direction = "down, towards row 1" if seat == 0 else f"up, towards row {rows}"
        return (f"You are {COLOURS[seat]} (player {seat}; your pieces are '{'bw'[seat]}' on the board) and move "
                f"{direction}. Your opponent is {COLOURS[1 - seat]} (player {1 - seat}).")

    def state_text(self, seat: int) -> str:
        engine = self.engine
        moves = narrate(engine)[-RECENT_MOVES:]
        recent = "\n".join(f"- {t}" for _, t in moves) if moves else "- none yet"
        return (f"Move {engine.round + 1}; pieces left: Black {engine.pieces[0]}, White {engine.pieces[1]}.\n"
                f"The board ('b' Black, 'w' White, '.' empty; row {engine.rules.rows} at the top):\n"
                f"{board_text(engine)}\nLatest moves:\n{recent}")

    def user_prompt(self, seat: int) -> str:
        return ("## Player information\n" + self.player_text(seat) + "\n\n"
                "## Game state\n" + self.state_text(seat) + "\n\n"
                "## Legal actions\n" + self.legal_text(seat) + "\n\n"
                f"## Instructions\nIt is your turn. Choose one legal action and answer with the JSON object "
                f"{self._format()} only.")

    def image(self, seat: int) -> np.ndarray:
        """The seat's picture of the board for a vision model (RGB, uint8): the whole board."""
        return board_image(self.engine)

    # ------------------------------------------------------------------ answers
    def _named(self, name: str, value, seat: int) -> int:
        m = _MOVE.match(name.replace(" ", ""))
        if m:
            wanted = m.group(1) + m.group(2) + m.group(3) + m.group(4)
            for a in self.engine.legal_actions(seat):
                if move_name(a, self.engine.rules).rstrip("*") == wanted:
                    return a
            raise ParseError(f"move {value!r} is not legal now; legal actions: {self._legal_list(seat)}")
        return super()._named(name, value, seat)
