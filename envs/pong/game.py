"""Pong through parlour's game contract (parlour.game.Game)."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from ...game import Game, GameOutcome, NarrationLine, Reference
from ..simultaneous import NO_MOVE
from .engine import SIDES, PongEngine, PongError
from .narrate import narrate, pending_text
from .rules import BOARDS, PongRules, get_rules


class PongGame(Game):
    id = "pong"
    env_name = "pong_v0"
    title = "Pong: two paddles, first to 3 points within 1,000 steps, stay/up/down at once (VS-Bench, competitive)"
    rules_model = PongRules
    engine_type = PongEngine
    action_errors = (PongError, ValueError, TypeError)

    def boards(self) -> tuple[str, ...]:
        return tuple(BOARDS)

    def rules(self, board: str | Path | BaseModel | dict | None = None) -> PongRules:
        if isinstance(board, Path):
            board = str(board)
        return get_rules(board)  # type: ignore[arg-type]

    def num_seats(self, rules: BaseModel) -> int:
        return 2

    def board_summary(self, rules: PongRules) -> dict[str, str]:  # type: ignore[override]
        return {"players": "2 (right, left)", "to win": str(rules.points_to_win), "steps": str(rules.max_steps)}

    def raw_env(self, rules: BaseModel, **kwargs):
        from .. import pong_v0

        return pong_v0.raw_env(rules, **kwargs)

    def env(self, rules: PongRules, **kwargs):  # type: ignore[override]
        from .. import pong_v0

        return pong_v0.env(rules, **kwargs)

    def parallel_env(self, rules: PongRules, **kwargs):  # type: ignore[override]
        from .. import pong_v0

        return pong_v0.parallel_env(rules, **kwargs)

    def new_engine(self, rules: BaseModel, seed: int | None) -> PongEngine:
        return PongEngine(rules, seed=seed)  # type: ignore[arg-type]

    def outcome(self, engine: PongEngine) -> GameOutcome:  # type: ignore[override]
        winners = engine.winners()
        return GameOutcome(returns=engine.returns(), winners=winners, winner=SIDES[winners[0]] if winners else None,
                           truncated=engine.truncated, details=engine.details())

    def seat_groups(self, engine: PongEngine) -> dict[str, list[int]]:  # type: ignore[override]
        return {"right": [0], "left": [1]}

    def agent_kinds(self):
        from .agents import TrackingAgent

        def tracking(env, seat, seed, arg):
            return TrackingAgent(env.unwrapped.rules)

        return {"scripted": tracking, "tracking": tracking}

    def reference(self) -> Reference:
        """VS-Bench's opponent is a scripted paddle: the tracking paddle, in both seat orders."""
        return Reference("tracking", self_play=False)

    def text_interface(self, env, **kwargs):
        from .interface import PongTextInterface

        return PongTextInterface(env, **kwargs)

    def hidden_from(self, engine: PongEngine, seat: int) -> list[str]:  # type: ignore[override]
        """Full information; the one secret is the other seat's chosen but unplayed move (AEC play),
        as that seat's own prompt states it."""
        other = engine.pending[1 - seat]
        return [] if other == NO_MOVE else [pending_text(other)]

    def narrate(self, engine: PongEngine, seat: int | None = None) -> list[NarrationLine]:  # type: ignore[override]
        return [NarrationLine(step, text, "bold" if "scores" in text else "") for step, text in narrate(engine)]
