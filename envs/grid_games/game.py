"""The three grid games through parlour's game contract (parlour.game.Game): one base, three ids."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from pydantic import BaseModel

from ...game import Game, GameOutcome, NarrationLine, Reference
from .battle_of_the_colors import BattleOfTheColorsEngine
from .coin_dilemma import CoinDilemmaEngine
from .engine import COLOURS, NO_MOVE, GridEngine, GridError
from .monster_hunt import MonsterHuntEngine
from .narrate import narrate, pending_text
from .rules import BOARDS, BattleOfTheColorsRules, CoinDilemmaRules, GridRules, MonsterHuntRules, get_rules


class GridGame(Game):
    """What the three share; a subclass names its rules, engine, env module and agents."""

    action_errors = (GridError, ValueError, TypeError)
    rules_model: ClassVar[type[GridRules]]
    engine_type: ClassVar[type[GridEngine]]

    def boards(self) -> tuple[str, ...]:
        return BOARDS

    def rules(self, board: str | Path | BaseModel | dict | None = None) -> GridRules:
        if isinstance(board, Path):
            board = str(board)
        return get_rules(self.rules_model, board)  # type: ignore[arg-type]

    def num_seats(self, rules: BaseModel) -> int:
        return 2

    def board_summary(self, rules: GridRules) -> dict[str, str]:  # type: ignore[override]
        return {"players": "2 (red, blue)", "grid": f"{rules.grid_size}x{rules.grid_size}", "steps": str(rules.max_steps)}

    def _module(self):
        from importlib import import_module

        return import_module(f"parlour.envs.{self.env_name}")

    def raw_env(self, rules: BaseModel, **kwargs):
        return self._module().raw_env(rules, **kwargs)

    def env(self, rules: BaseModel, **kwargs):
        return self._module().env(rules, **kwargs)

    def parallel_env(self, rules: BaseModel, **kwargs):
        return self._module().parallel_env(rules, **kwargs)

    def new_engine(self, rules: BaseModel, seed: int | None) -> GridEngine:
        return self.engine_type(rules, seed=seed)  # type: ignore[arg-type]

    def outcome(self, engine: GridEngine) -> GameOutcome:  # type: ignore[override]
        winners = engine.winners()
        return GameOutcome(returns=engine.returns(), winners=winners,
                           winner=COLOURS[winners[0]] if winners else None, truncated=False,
                           details=engine.details())

    def seat_groups(self, engine: GridEngine) -> dict[str, list[int]]:  # type: ignore[override]
        return {"red": [0], "blue": [1]}

    def text_interface(self, env, **kwargs):
        from .interface import GridTextInterface

        return GridTextInterface(env, **kwargs)

    def hidden_from(self, engine: GridEngine, seat: int) -> list[str]:  # type: ignore[override]
        """The board is full information; the one secret is the move the other seat has chosen
        but not yet played (the AEC env takes player_0's move before player_1's), as that seat's
        own prompt states it. Narration tells applied joint moves only."""
        other = engine.pending[1 - seat]
        return [] if other == NO_MOVE else [pending_text(other)]

    def narrate(self, engine: GridEngine, seat: int | None = None) -> list[NarrationLine]:  # type: ignore[override]
        return [NarrationLine(step, text) for step, text in narrate(engine)]

    def reference(self) -> Reference:
        """VS-Bench plays the mixed-motive games in self-play; both seats' scripted agent is the reference."""
        return Reference("scripted", self_play=True)

    def _agent(self, make) -> dict[str, Any]:
        def factory(env, seat, seed, arg):
            return make(env.unwrapped.observation_layout, arg)

        return {"scripted": factory}


class CoinDilemmaGame(GridGame):
    id = "coin-dilemma"
    env_name = "coin_dilemma_v0"
    title = "Coin Dilemma: 5x5 grid, own coin +1, the other's +1 / -2 to its owner (VS-Bench, mixed-motive)"
    rules_model = CoinDilemmaRules
    engine_type = CoinDilemmaEngine

    def agent_kinds(self):
        from .agents import CoinCollectorAgent

        kinds = self._agent(lambda layout, arg: CoinCollectorAgent(layout, greedy=arg == "greedy"))
        kinds["collector"] = kinds["scripted"]
        return kinds


class MonsterHuntGame(GridGame):
    id = "monster-hunt"
    env_name = "monster_hunt_v0"
    title = "Monster Hunt: apples +2, the monster alone -2, together +5 each (VS-Bench, mixed-motive)"
    rules_model = MonsterHuntRules
    engine_type = MonsterHuntEngine

    def agent_kinds(self):
        from .agents import HunterAgent

        kinds = self._agent(lambda layout, arg: HunterAgent(layout))
        kinds["hunter"] = kinds["scripted"]
        return kinds


class BattleOfTheColorsGame(GridGame):
    id = "battle-of-the-colors"
    env_name = "battle_of_the_colors_v0"
    title = "Battle of the Colors: meet on a block, its colour's player +2, the other +1 (VS-Bench, mixed-motive)"
    rules_model = BattleOfTheColorsRules
    engine_type = BattleOfTheColorsEngine

    def agent_kinds(self):
        from .agents import ColourCoordinatorAgent

        kinds = self._agent(lambda layout, arg: ColourCoordinatorAgent(layout))
        kinds["coordinator"] = kinds["scripted"]
        return kinds
