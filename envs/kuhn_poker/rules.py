"""KuhnRules: the few choices a Kuhn Poker table can make, as one validated pydantic model.

Kuhn Poker has one board ("standard": ante 1, bet 1, three cards J < Q < K, as in OpenSpiel's
``kuhn_poker`` and VS-Bench). The chip sizes are honest options: the engine, the rewards, the
features and the rules text all follow them. The deck stays at three cards: the two-player game
with a longer deck is a different game whose equilibrium the shipped agent does not know.

A wrong value fails with :class:`KuhnRulesError`, whose message names the field and the reason.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ...validation import field_errors

BOARDS = ("standard",)


class KuhnRulesError(ValueError):
    """Rules that cannot be played; the message names the field and why."""


class KuhnRules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Literal["standard"] = Field(default="standard", description="The board: Kuhn Poker has one.")
    num_cards: Literal[3] = Field(default=3, description="Cards in the deck, J < Q < K; fixed at 3.")
    # strict: a bool or a float is a mistake in a rules file, not a chip count.
    ante: int = Field(default=1, ge=1, strict=True, description="Chips each player puts in the pot before the deal.")
    bet: int = Field(default=1, ge=1, strict=True, description="Chips a bet (and a call) adds to the pot.")

    @property
    def max_contribution(self) -> int:
        """The most one player can put in the pot: the ante and one bet or call."""
        return self.ante + self.bet


def get_rules(rules: KuhnRules | dict[str, Any] | str | None = None) -> KuhnRules:
    """KuhnRules from None (the standard board), a board name, a dict of fields, or KuhnRules."""
    if rules is None:
        return KuhnRules()
    if isinstance(rules, KuhnRules):
        return rules
    if isinstance(rules, str):
        if rules not in BOARDS:
            raise KuhnRulesError(f"unknown Kuhn Poker board {rules!r}; boards: {', '.join(BOARDS)}")
        return KuhnRules()  # the one board
    if not isinstance(rules, dict):
        raise KuhnRulesError(f"rules must be KuhnRules, a dict of fields, a board name or None, not {type(rules).__name__}")
    try:
        return KuhnRules.model_validate(rules)
    except ValidationError as e:
        raise KuhnRulesError(f"Kuhn Poker rules: {field_errors(e)}") from None
