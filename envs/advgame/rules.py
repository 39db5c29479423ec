"""The budgeted plan-and-revise auto-battler's rules (AdvGameBench, Yuan et al. 2025): one frozen
pydantic model, and the unit catalogue read from the package's ``units.json``.

Boards: "standard" (budget 20 gold, 5 slots, 3 rounds of plan, battle and revision) and "quick"
(budget 12, 3 slots, 2 rounds: tests, demos).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..boards import RulesError, rules_from

BOARDS: dict[str, dict[str, Any]] = {"standard": {}, "quick": {"budget": 12, "slots": 3, "rounds": 2}}


class Unit(BaseModel):
    """One unit of the catalogue; ``heal`` is what a unit with the ``heal`` ability restores."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    name: str
    cost: int = Field(ge=1)
    hp: int = Field(ge=1)
    attack: int = Field(ge=0)
    armor: int = Field(ge=0)
    speed: int = Field(ge=0)
    klass: str = Field(alias="class")
    range: Literal["melee", "ranged"]
    ability: Literal["none", "heal", "splash"]
    heal: int = Field(default=0, ge=0)


class Synergy(BaseModel):
    """``count`` or more units of ``class`` in a lineup: each of them gains these stats."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    klass: str = Field(alias="class")
    count: int = Field(ge=2)
    armor: int = Field(ge=0)
    attack: int = Field(ge=0)
    hp: int = Field(ge=0)


class Catalogue(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    note: str
    units: tuple[Unit, ...]
    synergies: tuple[Synergy, ...]

    def index(self, name: str) -> int:
        """The id of the unit called ``name`` (case-insensitive); KeyError names the units."""
        wanted = name.strip().lower()
        for i, unit in enumerate(self.units):
            if unit.name.lower() == wanted:
                return i
        raise KeyError(f"unknown unit {name!r}; units: {', '.join(u.name for u in self.units)}")


@cache
def catalogue() -> Catalogue:
    """The unit catalogue shipped as package data (``units.json``)."""
    text = resources.files(__package__).joinpath("units.json").read_text(encoding="utf-8")
    return Catalogue.model_validate(json.loads(text))


class AdvGameRules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Literal["standard", "quick"] = Field(default="standard", description="The board's name.")
    budget: int = Field(default=20, ge=3, le=200, strict=True, description="Gold a side may spend on one round's plan.")
    slots: int = Field(default=5, ge=1, le=8, strict=True, description="Lineup slots, front (1) to back.")
    rounds: int = Field(default=3, ge=1, le=10, strict=True,
                        description="Rounds of plan, battle and revision; the side winning more battles wins.")
    max_ticks: int = Field(default=30, ge=1, le=500, strict=True,
                           description="Ticks a battle lasts at most; then the side with more hit points left wins.")


def get_rules(rules: AdvGameRules | dict | str | None = None) -> AdvGameRules:
    return rules_from(AdvGameRules, BOARDS, rules)


__all__ = ["BOARDS", "AdvGameRules", "Catalogue", "RulesError", "Unit", "catalogue", "get_rules"]
