"""Breakthrough through parlour's game contract (parlour.game.Game)."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from ...game import Game, GameOutcome, NarrationLine, Reference
from .engine import COLOURS, BreakthroughEngine, BreakthroughError
from .narrate import narrate
from .rules import BOARDS, BreakthroughRules, get_rules


class BreakthroughGame(Game):
    id = "breakthrough"
    env_name = "breakthrough_v0"
    title = "Breakthrough: 8x8, Black first, reach the far row (VS-Bench, competitive)"
    rules_model = BreakthroughRules
    engine_type = BreakthroughEngine
    action_errors = (BreakthroughError, ValueError, TypeError)
    full_information = True

    def boards(self) -> tuple[str, ...]:
        return BOARDS

    def rules(self, board: str | Path | BaseModel | dict | None = None) -> BreakthroughRules:
        if isinstance(board, Path):
            board = str(board)
        return get_rules(board)  # type: ignore[arg-type]

    def num_seats(self, rules: BaseModel) -> int:
        return 2

    def board_summary(self, rules: BreakthroughRules) -> dict[str, str]:  # type: ignore[override]
        return {"players": "2 (Black, White)", "board": f"{rules.rows}x{rules.columns}"}

    def raw_env(self, rules: BaseModel, **kwargs):
        from .env import raw_env

        return raw_env(rules, **kwargs)  # type: ignore[arg-type]

    def env(self, rules: BaseModel, **kwargs):
        from .. import breakthrough_v0

        return breakthrough_v0.env(rules, **kwargs)  # type: ignore[arg-type]

    def new_engine(self, rules: BaseModel, seed: int | None) -> BreakthroughEngine:
        return BreakthroughEngine(rules, seed=seed)  # type: ignore[arg-type]

    def outcome(self, engine: BreakthroughEngine) -> GameOutcome:  # type: ignore[override]
        winners = engine.winners()
        return GameOutcome(returns=engine.returns(), winners=winners,
                           winner=COLOURS[winners[0]] if winners else None, truncated=False,
                           details=engine.details())

    def agent_kinds(self):
        def mcts(env, seat, seed, arg):
            from .agents import MCTSAgent

            return MCTSAgent(env.unwrapped.rules, simulations=int(arg) if arg else 100, seed=seed)

        def openspiel_mcts(env, seat, seed, arg):
            from .agents import OpenSpielMCTSAgent

            return OpenSpielMCTSAgent(env.unwrapped.rules, simulations=int(arg) if arg else 100, seed=seed)

        return {"scripted": mcts, "mcts": mcts, "openspiel-mcts": openspiel_mcts}

    def reference(self) -> Reference:
        """VS-Bench's opponent: MCTS (UCT c = 2, 100 simulations, random rollouts), in both seat orders."""
        return Reference("mcts", self_play=False)

    def seat_groups(self, engine: BreakthroughEngine) -> dict[str, list[int]]:  # type: ignore[override]
        return {"black": [0], "white": [1]}

    def text_interface(self, env, **kwargs):
        from .interface import BreakthroughTextInterface

        return BreakthroughTextInterface(env, **kwargs)

    def hidden_from(self, engine: BreakthroughEngine, seat: int) -> list[str]:  # type: ignore[override]
        """Nothing: Breakthrough is a game of full information."""
        return []

    def narrate(self, engine: BreakthroughEngine, seat: int | None = None) -> list[NarrationLine]:  # type: ignore[override]
        return [NarrationLine(k, text) for k, text in narrate(engine)]
