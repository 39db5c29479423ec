"""Knights-Archers-Zombies (PettingZoo's, wrapped) through parlour's game contract."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from ...game import Game, GameOutcome, NarrationLine
from ..simultaneous import NO_MOVE
from ..wrapped import WrappedError
from .engine import KazEngine
from .narrate import narrate, pending_text
from .rules import BOARDS, KazRules, get_rules


class KazGame(Game):
    id = "kaz"
    env_name = "kaz_v0"
    title = "Knights-Archers-Zombies: an archer and a knight hold off zombies (PettingZoo butterfly; VS-Bench v2, cooperative)"
    rules_model = KazRules
    engine_type = KazEngine
    action_errors = (WrappedError, ValueError, TypeError)

    def boards(self) -> tuple[str, ...]:
        return tuple(BOARDS)

    def rules(self, board: str | Path | BaseModel | dict | None = None) -> KazRules:
        if isinstance(board, Path):
            board = str(board)
        return get_rules(board)  # type: ignore[arg-type]

    def num_seats(self, rules: KazRules) -> int:  # type: ignore[override]
        return rules.num_archers + rules.num_knights

    def board_summary(self, rules: KazRules) -> dict[str, str]:  # type: ignore[override]
        return {"players": f"{rules.num_archers} archer(s), {rules.num_knights} knight(s)",
                "cycles": str(rules.max_cycles)}

    def raw_env(self, rules: KazRules, **kwargs):  # type: ignore[override]
        from .env import KazAECEnv

        return KazAECEnv(rules, **kwargs)

    def env(self, rules: KazRules, **kwargs):  # type: ignore[override]
        from ..aec import OrderEnforcing

        return OrderEnforcing(self.raw_env(rules, **kwargs))

    def parallel_env(self, rules: KazRules, **kwargs):  # type: ignore[override]
        from .env import KazParallelEnv

        kwargs.pop("illegal_action", None)
        kwargs.pop("illegal_reward", None)
        return KazParallelEnv(rules, **kwargs)

    def new_engine(self, rules: KazRules, seed: int | None) -> KazEngine:  # type: ignore[override]
        return KazEngine(rules, seed=seed)

    def outcome(self, engine: KazEngine) -> GameOutcome:  # type: ignore[override]
        """Cooperative: every seat is scored by its own kills (PettingZoo's rewards); the team wins
        when no zombie got through before the step limit."""
        won = engine.done and engine.truncated
        return GameOutcome(returns=engine.returns(), winners=list(range(engine.n)) if won else [],
                           winner="team" if won else None, truncated=engine.truncated, details=engine.details())

    def seat_groups(self, engine: KazEngine) -> dict[str, list[int]]:  # type: ignore[override]
        groups: dict[str, list[int]] = {"team": list(range(engine.n))}
        for s, name in enumerate(engine.names):
            groups.setdefault(name.split("_")[0] + "s", []).append(s)
        return groups

    def agent_kinds(self):
        from .agents import ScriptedDefender

        def scripted(env, seat, seed, arg):
            engine = env.unwrapped.engine
            return ScriptedDefender(env.unwrapped.rules, archer=engine.names[seat].startswith("archer"))

        return {"scripted": scripted, "defender": scripted}

    def text_interface(self, env, **kwargs):
        from .interface import KazTextInterface

        return KazTextInterface(env, **kwargs)

    def hidden_from(self, engine: KazEngine, seat: int) -> list[str]:  # type: ignore[override]
        """Full information; the secrets are the other seats' chosen but unplayed actions (AEC)."""
        return [pending_text(a) for s, a in enumerate(engine.pending) if s != seat and a != NO_MOVE]

    def narrate(self, engine: KazEngine, seat: int | None = None) -> list[NarrationLine]:  # type: ignore[override]
        return [NarrationLine(step, text) for step, text in narrate(engine)]
