"""HanabiRules: the table's parameters, as one validated pydantic model.

The "standard" board is VS-Bench's game and OpenSpiel's ``hanabi`` default (the Hanabi Learning
Environment's full game): 2 players, 5 colours x 5 ranks (three 1s, two each of 2, 3 and 4, one
5 per colour: 50 cards), 5 cards a hand, 8 information and 3 life tokens. Every field is an
honest option with OpenSpiel's parameter name, so the engine, the action ids, the features and
the rules text follow it and a cross-check can load the same game in OpenSpiel.

A wrong value fails with :class:`HanabiRulesError`, whose message names the field and why.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ...validation import field_errors

BOARDS = ("standard",)
COLOUR_NAMES = ("Red", "Yellow", "Green", "White", "Blue")
COLOUR_LETTERS = "RYGWB"


class HanabiRulesError(ValueError):
    """Rules that cannot be played; the message names the field and why."""


class HanabiRules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Literal["standard"] = Field(default="standard", description="The board: Hanabi has one named board.")
    # strict: a bool or a float is a mistake in a rules file, not a count.
    players: int = Field(default=2, ge=2, le=5, strict=True, description="Players around the table.")
    colors: int = Field(default=5, ge=1, le=5, strict=True, description="Colours (suits) in the deck: R, Y, G, W, B.")
    ranks: int = Field(default=5, ge=1, le=5, strict=True, description="Ranks per colour, 1 to ranks.")
    hand_size: int = Field(default=5, ge=1, le=5, strict=True, description="Cards in each player's hand.")
    max_information_tokens: int = Field(default=8, ge=1, le=20, strict=True,
                                        description="Information tokens at the start and at most.")
    max_life_tokens: int = Field(default=3, ge=1, le=10, strict=True, description="Life tokens at the start.")

    def copies(self, rank: int) -> int:
        """Cards of each colour with ``rank`` (0-based), as the Hanabi Learning Environment deals
        them: three of the lowest rank, one of the highest, two of the others."""
        return 3 if rank == 0 else 1 if rank == self.ranks - 1 else 2

    @property
    def deck_size(self) -> int:
        return self.colors * sum(self.copies(r) for r in range(self.ranks))

    @property
    def max_score(self) -> int:
        return self.colors * self.ranks

    @property
    def num_actions(self) -> int:
        """Discard each slot, play each slot, then a colour and a rank hint to each other player."""
        return 2 * self.hand_size + (self.players - 1) * (self.colors + self.ranks)


def get_rules(rules: HanabiRules | dict[str, Any] | str | None = None) -> HanabiRules:
    """HanabiRules from None (the standard board), a board name, a dict of fields, or a model."""
    if rules is None:
        return HanabiRules()
    if isinstance(rules, HanabiRules):
        return rules
    if isinstance(rules, str):
        if rules not in BOARDS:
            raise HanabiRulesError(f"unknown Hanabi board {rules!r}; boards: {', '.join(BOARDS)}")
        return HanabiRules()
    if not isinstance(rules, dict):
        raise HanabiRulesError(f"rules must be HanabiRules, a dict of fields, a board name or None, not {type(rules).__name__}")
    try:
        out = HanabiRules.model_validate(rules)
    except ValidationError as e:
        raise HanabiRulesError(f"Hanabi rules: {field_errors(e)}") from None
    if out.players * out.hand_size > out.deck_size:
        raise HanabiRulesError(f"Hanabi rules: field 'hand_size': {out.players} hands of {out.hand_size} need more "
                               f"than the deck's {out.deck_size} cards")
    return out
