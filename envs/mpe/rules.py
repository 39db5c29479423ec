"""MPE's settings: the arguments of ``mpe2``'s ``simple_tag_v3`` (predator and prey) as a frozen
pydantic model. parlour seats one predator against one prey (VS-Bench's two-player competitive
MPE); mpe2's defaults for the rest, with discrete actions.

Boards: "standard" (25 cycles, mpe2's default) and "quick" (10 cycles: tests, demos).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..boards import RulesError, rules_from

BOARDS: dict[str, dict[str, Any]] = {"standard": {}, "quick": {"max_cycles": 10}}


class MpeRules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Literal["standard", "quick"] = Field(default="standard", description="The board's name.")
    num_obstacles: int = Field(default=2, ge=0, le=6, strict=True, description="Large obstacles that block the way.")
    max_cycles: int = Field(default=25, ge=1, le=10_000, strict=True, description="Steps until the game ends.")


def get_rules(rules: MpeRules | dict | str | None = None) -> MpeRules:
    return rules_from(MpeRules, BOARDS, rules)


__all__ = ["BOARDS", "MpeRules", "RulesError", "get_rules"]
