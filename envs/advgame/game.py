"""The AdvGameBench auto-battler through parlour's game contract (parlour.game.Game)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ...game import Game, GameOutcome, NarrationLine
from .engine import AdvGameEngine, AdvGameError, Plan
from .narrate import narrate, own_pending_text, plan_text
from .rules import BOARDS, AdvGameRules, get_rules


class AdvGameBattleGame(Game):
    id = "advgame-battle"
    env_name = "advgame_v0"
    title = "AdvGameBench auto-battler: lineups under a budget, simulated battles, revision between rounds"
    rules_model = AdvGameRules
    engine_type = AdvGameEngine
    action_errors = (AdvGameError, ValueError, TypeError)

    def boards(self) -> tuple[str, ...]:
        return tuple(BOARDS)

    def rules(self, board: str | Path | BaseModel | dict | None = None) -> AdvGameRules:
        if isinstance(board, Path):
            board = str(board)
        return get_rules(board)  # type: ignore[arg-type]

    def num_seats(self, rules: BaseModel) -> int:
        return 2

    def board_summary(self, rules: AdvGameRules) -> dict[str, str]:  # type: ignore[override]
        return {"players": "2", "budget": str(rules.budget), "slots": str(rules.slots), "rounds": str(rules.rounds)}

    def raw_env(self, rules: BaseModel, **kwargs):
        from .env import raw_env

        return raw_env(rules, **kwargs)  # type: ignore[arg-type]

    def env(self, rules: AdvGameRules, **kwargs):  # type: ignore[override]
        from .. import advgame_v0

        return advgame_v0.env(rules, **kwargs)

    def new_engine(self, rules: BaseModel, seed: int | None) -> AdvGameEngine:
        return AdvGameEngine(rules, seed=seed)  # type: ignore[arg-type]

    def encode_action(self, engine: AdvGameEngine, applied: Any) -> tuple[int, dict | None]:  # type: ignore[override]
        """A whole plan is kept as SUBMIT plus its unit names."""
        if isinstance(applied, Plan):
            return engine.SUBMIT, applied.model_dump(mode="json")
        return int(applied), None

    def decode_action(self, index: int, structured: dict | None) -> int | Plan:
        return Plan.model_validate(structured) if structured else index

    def outcome(self, engine: AdvGameEngine) -> GameOutcome:  # type: ignore[override]
        winners = engine.winners()
        return GameOutcome(returns=engine.returns(), winners=winners,
                           winner=f"player {winners[0]}" if winners else None, truncated=False,
                           details=engine.details())

    def seat_groups(self, engine: AdvGameEngine) -> dict[str, list[int]]:  # type: ignore[override]
        return {"first": [0], "second": [1]}

    def agent_kinds(self):
        def scripted(env, seat, seed, arg):
            from .agents import CounterAgent

            return CounterAgent(env)

        return {"scripted": scripted, "counter": scripted}

    def text_interface(self, env, **kwargs):
        from .interface import AdvGameTextInterface

        return AdvGameTextInterface(env, **kwargs)

    def hidden_from(self, engine: AdvGameEngine, seat: int) -> list[str]:  # type: ignore[override]
        """The other side's plan of this round before the battle: its submitted plan as that side's
        own prompt states it, and its draft while it builds."""
        other = 1 - seat
        out = []
        if (pending := engine.pending[other]) is not None:
            out.append(own_pending_text(engine, pending))
        if engine.builder == other and engine.draft:
            out.append(f"Your draft: {plan_text(engine, engine.draft)}")
        return out

    def narrate(self, engine: AdvGameEngine, seat: int | None = None) -> list[NarrationLine]:  # type: ignore[override]
        return [NarrationLine(r, text, "bold" if "battle" in text or "Match" in text else "")
                for r, text in narrate(engine, seat)]
