"""BreakthroughRules: the board size, as one validated pydantic model.

Breakthrough has one named board, "standard": 8x8, two full rows of pieces each, Black first, as
in OpenSpiel's ``breakthrough`` and VS-Bench. ``rows`` and ``columns`` are honest options (the
engine, the action ids, the features, the pictures and the rules text all follow them), bounded
so that every square has a one-character row and column label: rows 1..9, columns a..h.
Boards of fewer than 6 rows start with one row of pieces each, as OpenSpiel's do.

A wrong value fails with :class:`BreakthroughRulesError`, whose message names the field and why.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ...validation import field_errors

BOARDS = ("standard",)
FULL_ROWS_FROM = 6  # boards with at least this many rows start with two rows of pieces per side


class BreakthroughRulesError(ValueError):
    """Rules that cannot be played; the message names the field and why."""


class BreakthroughRules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Literal["standard"] = Field(default="standard", description="The board: Breakthrough has one named board.")
    # strict: a bool or a float is a mistake in a rules file, not a size.
    rows: int = Field(default=8, ge=3, le=9, strict=True, description="Rows of the board (labelled 1.. from White's side).")
    columns: int = Field(default=8, ge=2, le=8, strict=True, description="Columns of the board (labelled a..).")

    @property
    def start_rows(self) -> int:
        """Rows of pieces each side starts with."""
        return 2 if self.rows >= FULL_ROWS_FROM else 1

    @property
    def num_cells(self) -> int:
        return self.rows * self.columns


def get_rules(rules: BreakthroughRules | dict[str, Any] | str | None = None) -> BreakthroughRules:
    """BreakthroughRules from None (the standard board), a board name, a dict of fields, or a model."""
    if rules is None:
        return BreakthroughRules()
    if isinstance(rules, BreakthroughRules):
        return rules
    if isinstance(rules, str):
        if rules not in BOARDS:
            raise BreakthroughRulesError(f"unknown Breakthrough board {rules!r}; boards: {', '.join(BOARDS)}")
        return BreakthroughRules()
    if not isinstance(rules, dict):
        raise BreakthroughRulesError("rules must be BreakthroughRules, a dict of fields, a board name or None, "
                                     f"not {type(rules).__name__}")
    try:
        return BreakthroughRules.model_validate(rules)
    except ValidationError as e:
        raise BreakthroughRulesError(f"Breakthrough rules: {field_errors(e)}") from None
