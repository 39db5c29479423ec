"""Knights-Archers-Zombies' settings: the arguments of PettingZoo's ``knights_archers_zombies_v11``
as a frozen pydantic model. parlour seats one archer and one knight (two players, as VS-Bench
seats its games), and keeps PettingZoo's defaults for the rest.

Boards: "standard" (900 cycles, PettingZoo's default) and "quick" (100 cycles: tests, demos).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..boards import RulesError, rules_from

BOARDS: dict[str, dict[str, Any]] = {"standard": {}, "quick": {"max_cycles": 100}}


class KazRules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Literal["standard", "quick"] = Field(default="standard", description="The board's name.")
    num_archers: int = Field(default=1, ge=0, le=2, strict=True, description="Archers (one seat each).")
    num_knights: int = Field(default=1, ge=0, le=2, strict=True, description="Knights (one seat each).")
    spawn_delay: int = Field(default=20, ge=1, le=1000, strict=True, description="Cycles between two zombies' spawns.")
    max_zombies: int = Field(default=10, ge=1, le=50, strict=True, description="Most zombies on the field at once.")
    max_arrows: int = Field(default=10, ge=1, le=50, strict=True, description="Most arrows in flight at once.")
    killable_knights: bool = Field(default=True, strict=True, description="A zombie touching a knight kills it.")
    killable_archers: bool = Field(default=True, strict=True, description="A zombie touching an archer kills it.")
    line_death: bool = Field(default=False, strict=True,
                             description="A player touching the top or bottom border dies (else it stops there).")
    max_cycles: int = Field(default=900, ge=1, le=100_000, strict=True, description="Cycles until the game is cut.")

    @model_validator(mode="after")
    def _players(self) -> KazRules:
        if self.num_archers + self.num_knights < 1:
            raise ValueError("the game needs at least one archer or knight")
        return self


def get_rules(rules: KazRules | dict | str | None = None) -> KazRules:
    return rules_from(KazRules, BOARDS, rules)


__all__ = ["BOARDS", "KazRules", "RulesError", "get_rules"]
