"""Hanabi through parlour's game contract (parlour.game.Game)."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from ...game import Game, GameOutcome, NarrationLine, Reference
from .engine import HanabiEngine, HanabiError, card_code
from .narrate import narrate, visible_card_phrases
from .rules import BOARDS, HanabiRules, get_rules


class HanabiGame(Game):
    id = "hanabi"
    env_name = "hanabi_v0"
    title = "Hanabi: 2 players, 5 colours x 5 ranks, 8 information and 3 life tokens (VS-Bench, cooperative)"
    rules_model = HanabiRules
    engine_type = HanabiEngine
    action_errors = (HanabiError, ValueError, TypeError)

    def boards(self) -> tuple[str, ...]:
        return BOARDS

    def rules(self, board: str | Path | BaseModel | dict | None = None) -> HanabiRules:
        if isinstance(board, Path):
            board = str(board)
        return get_rules(board)  # type: ignore[arg-type]

    def num_seats(self, rules: BaseModel) -> int:
        return rules.players  # type: ignore[attr-defined]

    def board_summary(self, rules: HanabiRules) -> dict[str, str]:  # type: ignore[override]
        return {"players": str(rules.players), "deck": f"{rules.colors} colours x {rules.ranks} ranks",
                "hand": str(rules.hand_size),
                "tokens": f"{rules.max_information_tokens} information, {rules.max_life_tokens} life"}

    def raw_env(self, rules: BaseModel, **kwargs):
        from .env import raw_env

        return raw_env(rules, **kwargs)  # type: ignore[arg-type]

    def env(self, rules: BaseModel, **kwargs):
        from .. import hanabi_v0

        return hanabi_v0.env(rules, **kwargs)  # type: ignore[arg-type]

    def new_engine(self, rules: BaseModel, seed: int | None) -> HanabiEngine:
        return HanabiEngine(rules, seed=seed)  # type: ignore[arg-type]

    def outcome(self, engine: HanabiEngine) -> GameOutcome:  # type: ignore[override]
        winners = engine.winners()
        return GameOutcome(returns=engine.returns(), winners=winners,
                           winner="everyone (perfect score)" if winners else None, truncated=False,
                           details=engine.details())

    def agent_kinds(self):
        def scripted(env, seat, seed, arg):
            from .agents import ScriptedHanabiAgent

            return ScriptedHanabiAgent(env.unwrapped.rules)

        return {"scripted": scripted}

    def reference(self) -> Reference:
        """The scripted partner, in self-play (VS-Bench plays Hanabi as a team of one model)."""
        return Reference("scripted", self_play=True)

    def text_interface(self, env, **kwargs):
        from .interface import HanabiTextInterface

        return HanabiTextInterface(env, **kwargs)

    def hidden_from(self, engine: HanabiEngine, seat: int) -> list[str]:  # type: ignore[override]
        """The seat's own cards, as the other seats' prompts name them: its hand's lines
        ("Player 0, slot 2: Red 1 (R1)") and the sentences of its draws."""
        return visible_card_phrases(engine, seat)

    def narrate(self, engine: HanabiEngine, seat: int | None = None) -> list[NarrationLine]:  # type: ignore[override]
        return [NarrationLine(r, text) for r, text in narrate(engine, seat)]

    def roles_line(self, engine: HanabiEngine) -> str:  # type: ignore[override]
        return "Hands: " + "; ".join(f"player {s}: {' '.join(card_code(c, engine.rules) for c in hand)}"
                                     for s, hand in enumerate(engine.hands))
