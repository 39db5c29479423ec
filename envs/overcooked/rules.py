"""The kitchen's rules: one frozen pydantic model with VS-Bench's Overcooked settings (the
cramped-room layout, 3-onion soups, cook time 5, delivery reward 10, 50 steps) as defaults. The
layout is data: rows of tiles, so another kitchen is another value, not new code.

Tiles: ``X`` counter, ``P`` pot, ``O`` onion dispenser, ``D`` dish dispenser, ``S`` serving
location, a space is floor, ``1`` and ``2`` are floor where chef 0 and chef 1 start.

VS-Bench adds overcooked-ai's shaped rewards to its returns (it sums the cumulative shaped and
sparse rewards of the episode), so the shaped rewards are fields here too, with its values.

Boards: "standard" (VS-Bench's) and "quick" (the same kitchen, 20 steps: tests, demos).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..boards import RulesError, rules_from

CRAMPED_ROOM = ("XXPXX", "O  2O", "X1  X", "XDXSX")
TILES = "XPODS 12"
BOARDS: dict[str, dict[str, Any]] = {"standard": {}, "quick": {"max_steps": 20}}


class KitchenRules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Literal["standard", "quick"] = Field(default="standard", description="The board's name.")
    layout: tuple[str, ...] = Field(default=CRAMPED_ROOM, description="The kitchen's rows of tiles, top row first.")
    max_steps: int = Field(default=50, ge=1, le=10_000, strict=True, description="Simultaneous moves per episode.")
    soup_onions: int = Field(default=3, ge=1, le=3, strict=True,
                             description="Onions in the one soup the orders ask for; a pot holds at most this many.")
    cook_time: int = Field(default=5, ge=1, le=100, strict=True, description="Steps a started pot cooks.")
    delivery_reward: int = Field(default=10, ge=0, strict=True, description="A soup of the order is delivered.")
    placement_reward: int = Field(default=3, ge=0, strict=True, description="Shaped: an onion goes into a pot.")
    dish_pickup_reward: int = Field(default=3, ge=0, strict=True,
                                    description="Shaped: a useful dish is taken from the dispenser.")
    soup_pickup_reward: int = Field(default=5, ge=0, strict=True, description="Shaped: a cooked soup is plated.")

    @field_validator("layout")
    @classmethod
    def _layout(cls, rows: tuple[str, ...]) -> tuple[str, ...]:
        if not rows or len({len(r) for r in rows}) != 1:
            raise ValueError("the layout's rows must be non-empty and of equal length")
        bad = sorted({c for r in rows for c in r} - set(TILES))
        if bad:
            raise ValueError(f"unknown tiles {bad}; tiles: {TILES!r}")
        text = "".join(rows)
        for tile, what in (("1", "chef 0's start"), ("2", "chef 1's start")):
            if text.count(tile) != 1:
                raise ValueError(f"the layout needs exactly one {tile!r} ({what}), not {text.count(tile)}")
        for tile, what in (("P", "pot"), ("O", "onion dispenser"), ("D", "dish dispenser"), ("S", "serving location")):
            if tile not in text:
                raise ValueError(f"the layout has no {tile!r} ({what})")
        return rows


def get_rules(rules: KitchenRules | dict | str | None = None) -> KitchenRules:
    return rules_from(KitchenRules, BOARDS, rules)


__all__ = ["BOARDS", "CRAMPED_ROOM", "KitchenRules", "RulesError", "get_rules"]
