"""The rules of the three grid games, one frozen pydantic model each, with VS-Bench's values as
defaults (a 5x5 grid, 50 steps; its rewards). Every field is an honest option: the engine, the
rewards and the rules text all follow it.

A wrong value fails with :class:`GridRulesError`, whose message names the field and the reason.
"""

from __future__ import annotations

from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ...validation import field_errors

BOARDS = ("standard", "quick")  # "quick": the same game cut to 10 steps (fast tests, short demos)


class GridRulesError(ValueError):
    """Rules that cannot be played; the message names the field and why."""


class GridRules(BaseModel):
    """What every grid game shares: the board and the episode length."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Literal["standard", "quick"] = Field(default="standard", description="The board's name.")
    grid_size: int = Field(default=5, ge=3, le=12, strict=True, description="Cells per side of the square grid.")
    max_steps: int = Field(default=50, ge=1, le=10_000, strict=True,
                           description="Simultaneous moves per episode; the game ends after the last.")


class CoinDilemmaRules(GridRules):
    own_coin_reward: int = Field(default=1, strict=True, description="A player collects a coin of its own colour.")
    other_coin_reward: int = Field(default=1, strict=True,
                                   description="A player collects the other player's coin: to the collector.")
    coin_taken_penalty: int = Field(default=-2, strict=True,
                                    description="A player collects the other player's coin: to the coin's owner.")


class MonsterHuntRules(GridRules):
    apple_reward: int = Field(default=2, strict=True, description="A player eats an apple.")
    alone_penalty: int = Field(default=-2, strict=True, description="A player meets the monster alone.")
    joint_reward: int = Field(default=5, strict=True, description="Both players are on the monster: to each.")


class BattleOfTheColorsRules(GridRules):
    owner_reward: int = Field(default=2, strict=True,
                              description="Both players on one block: to the player of the block's colour.")
    partner_reward: int = Field(default=1, strict=True,
                                description="Both players on one block: to the other player.")
    apart_reward: int = Field(default=0, strict=True, description="Each player on a different block: to each.")


R = TypeVar("R", bound=GridRules)


def get_rules(model: type[R], rules: R | dict[str, Any] | str | None = None) -> R:
    """``model`` rules from None (the standard board), a board name, a dict of fields, or a model."""
    title = model.__name__.removesuffix("Rules")
    if rules is None:
        return model()
    if isinstance(rules, model):
        return rules
    if isinstance(rules, str):
        if rules not in BOARDS:
            raise GridRulesError(f"unknown {title} board {rules!r}; boards: {', '.join(BOARDS)}")
        return model() if rules == "standard" else model(name="quick", max_steps=10)
    if not isinstance(rules, dict):
        raise GridRulesError(f"rules must be {model.__name__}, a dict of fields, a board name or None, "
                             f"not {type(rules).__name__}")
    try:
        return model.model_validate(rules)
    except ValidationError as e:
        raise GridRulesError(f"{title} rules: {field_errors(e)}") from None
