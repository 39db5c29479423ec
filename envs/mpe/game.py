"""MPE's predator and prey (mpe2's ``simple_tag``, wrapped) through parlour's game contract."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from ...game import Game, GameOutcome, NarrationLine
from ..simultaneous import NO_MOVE
from ..wrapped import WrappedError
from .engine import ROLES, MpeEngine
from .narrate import narrate, pending_text
from .rules import BOARDS, MpeRules, get_rules


class MpeGame(Game):
    id = "mpe"
    env_name = "mpe_v0"
    title = "MPE predator and prey: one predator chases one prey among obstacles (mpe2 simple_tag; VS-Bench v2, competitive)"
    rules_model = MpeRules
    engine_type = MpeEngine
    action_errors = (WrappedError, ValueError, TypeError)

    def boards(self) -> tuple[str, ...]:
        return tuple(BOARDS)

    def rules(self, board: str | Path | BaseModel | dict | None = None) -> MpeRules:
        if isinstance(board, Path):
            board = str(board)
        return get_rules(board)  # type: ignore[arg-type]

    def num_seats(self, rules: BaseModel) -> int:
        return 2

    def board_summary(self, rules: MpeRules) -> dict[str, str]:  # type: ignore[override]
        return {"players": "2 (predator, prey)", "obstacles": str(rules.num_obstacles), "steps": str(rules.max_cycles)}

    def raw_env(self, rules: MpeRules, **kwargs):  # type: ignore[override]
        from .env import MpeAECEnv

        return MpeAECEnv(rules, **kwargs)

    def env(self, rules: MpeRules, **kwargs):  # type: ignore[override]
        from ..aec import OrderEnforcing

        return OrderEnforcing(self.raw_env(rules, **kwargs))

    def parallel_env(self, rules: MpeRules, **kwargs):  # type: ignore[override]
        from .env import MpeParallelEnv

        kwargs.pop("illegal_action", None)
        kwargs.pop("illegal_reward", None)
        return MpeParallelEnv(rules, **kwargs)

    def new_engine(self, rules: MpeRules, seed: int | None) -> MpeEngine:  # type: ignore[override]
        return MpeEngine(rules, seed=seed)

    def outcome(self, engine: MpeEngine) -> GameOutcome:  # type: ignore[override]
        winners = engine.winners()
        return GameOutcome(returns=engine.returns(), winners=winners, winner=ROLES[winners[0]] if winners else None,
                           truncated=False, details=engine.details())

    def seat_groups(self, engine: MpeEngine) -> dict[str, list[int]]:  # type: ignore[override]
        return {"predator": [0], "prey": [1]}

    def agent_kinds(self):
        from .agents import ChaserAgent, EvaderAgent

        def scripted(env, seat, seed, arg):
            rules = env.unwrapped.rules
            return ChaserAgent(rules) if seat == 0 else EvaderAgent(rules)

        return {"scripted": scripted}

    def text_interface(self, env, **kwargs):
        from .interface import MpeTextInterface

        return MpeTextInterface(env, **kwargs)

    def hidden_from(self, engine: MpeEngine, seat: int) -> list[str]:  # type: ignore[override]
        """Full information; the secret is the other seat's chosen but unplayed action (AEC)."""
        other = engine.pending[1 - seat]
        return [] if other == NO_MOVE else [pending_text(other)]

    def narrate(self, engine: MpeEngine, seat: int | None = None) -> list[NarrationLine]:  # type: ignore[override]
        return [NarrationLine(step, text) for step, text in narrate(engine)]
