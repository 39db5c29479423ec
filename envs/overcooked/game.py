"""The Overcooked-style kitchen through parlour's game contract (parlour.game.Game)."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from ...game import Game, GameOutcome, NarrationLine, Reference
from ..simultaneous import NO_MOVE
from .engine import KitchenEngine, KitchenError
from .narrate import narrate, pending_text
from .rules import BOARDS, KitchenRules, get_rules


class OvercookedGame(Game):
    id = "overcooked"
    env_name = "overcooked_v0"
    title = "Overcooked kitchen: two chefs cook 3-onion soups in the cramped room, 50 steps (VS-Bench, cooperative)"
    rules_model = KitchenRules
    engine_type = KitchenEngine
    action_errors = (KitchenError, ValueError, TypeError)

    def boards(self) -> tuple[str, ...]:
        return tuple(BOARDS)

    def rules(self, board: str | Path | BaseModel | dict | None = None) -> KitchenRules:
        if isinstance(board, Path):
            board = str(board)
        return get_rules(board)  # type: ignore[arg-type]

    def num_seats(self, rules: BaseModel) -> int:
        return 2

    def board_summary(self, rules: KitchenRules) -> dict[str, str]:  # type: ignore[override]
        return {"players": "2 chefs", "kitchen": f"{len(rules.layout[0])}x{len(rules.layout)}",
                "steps": str(rules.max_steps), "cook time": str(rules.cook_time)}

    def raw_env(self, rules: BaseModel, **kwargs):
        from .. import overcooked_v0

        return overcooked_v0.raw_env(rules, **kwargs)

    def env(self, rules: KitchenRules, **kwargs):  # type: ignore[override]
        from .. import overcooked_v0

        return overcooked_v0.env(rules, **kwargs)

    def parallel_env(self, rules: KitchenRules, **kwargs):  # type: ignore[override]
        from .. import overcooked_v0

        return overcooked_v0.parallel_env(rules, **kwargs)

    def new_engine(self, rules: BaseModel, seed: int | None) -> KitchenEngine:
        return KitchenEngine(rules, seed=seed)  # type: ignore[arg-type]

    def outcome(self, engine: KitchenEngine) -> GameOutcome:  # type: ignore[override]
        """A cooperative game: both chefs share the score; the team 'wins' by delivering a soup."""
        details = engine.details()
        won = engine.done and details["soups_delivered"] > 0
        return GameOutcome(returns=engine.returns(), winners=[0, 1] if won else [], winner="team" if won else None,
                           truncated=False, details=details)

    def seat_groups(self, engine: KitchenEngine) -> dict[str, list[int]]:  # type: ignore[override]
        return {"chef0": [0], "chef1": [1], "team": [0, 1]}

    def agent_kinds(self):
        from .agents import ScriptedChef

        def scripted(env, seat, seed, arg):
            return ScriptedChef(env.unwrapped.observation_layout, env.unwrapped.rules)

        return {"scripted": scripted, "chef": scripted}

    def reference(self) -> Reference:
        """VS-Bench plays the kitchen in self-play; both chefs' scripted agent is the reference."""
        return Reference("scripted", self_play=True)

    def text_interface(self, env, **kwargs):
        from .interface import KitchenTextInterface

        return KitchenTextInterface(env, **kwargs)

    def hidden_from(self, engine: KitchenEngine, seat: int) -> list[str]:  # type: ignore[override]
        """Full information; the one secret is the other chef's chosen but unplayed action (AEC
        play), as that chef's own prompt states it."""
        other = engine.pending[1 - seat]
        return [] if other == NO_MOVE else [pending_text(other)]

    def narrate(self, engine: KitchenEngine, seat: int | None = None) -> list[NarrationLine]:  # type: ignore[override]
        return [NarrationLine(step, text, "bold green" if "delivers" in text else "") for step, text in narrate(engine)]
