"""Pong's rules: one frozen pydantic model with VS-Bench's match (first to 3 points, at most 1,000
steps) and the court's geometry as fields. Every field is an honest option: the engine, the
pictures and the rules text all follow it.

Boards: "standard" (VS-Bench's match) and "quick" (first to 1 point within 200 steps: tests, demos).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..boards import RulesError, rules_from

BOARDS: dict[str, dict[str, Any]] = {"standard": {}, "quick": {"points_to_win": 1, "max_steps": 200}}


class PongRules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Literal["standard", "quick"] = Field(default="standard", description="The board's name.")
    points_to_win: int = Field(default=3, ge=1, le=21, strict=True, description="The first player to this many points wins.")
    max_steps: int = Field(default=1000, ge=1, le=100_000, strict=True,
                           description="Simultaneous moves at most; the match is cut (a draw unless a score leads) after the last.")
    width: int = Field(default=80, ge=20, le=400, strict=True, description="Court width in units (x grows to the right).")
    height: int = Field(default=48, ge=12, le=300, strict=True, description="Court height in units (y grows downward).")
    paddle_height: int = Field(default=10, ge=2, le=100, strict=True, description="Paddle length in units.")
    paddle_speed: int = Field(default=3, ge=1, le=20, strict=True, description="Units a paddle moves per UP or DOWN step.")
    ball_speed: int = Field(default=2, ge=1, le=10, strict=True, description="Horizontal units the ball moves per step.")
    max_spin: int = Field(default=3, ge=0, le=10, strict=True,
                          description="Largest vertical speed of the ball; a paddle's edge sends it off at this speed.")

    @model_validator(mode="after")
    def _fits(self) -> PongRules:
        if self.paddle_height >= self.height:
            raise ValueError(f"paddle_height {self.paddle_height} must be smaller than height {self.height}")
        return self


def get_rules(rules: PongRules | dict | str | None = None) -> PongRules:
    return rules_from(PongRules, BOARDS, rules)


__all__ = ["BOARDS", "PongRules", "RulesError", "get_rules"]
