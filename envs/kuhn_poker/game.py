"""Kuhn Poker through parlour's game contract (parlour.game.Game)."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from ...game import Game, GameOutcome, NarrationLine, Reference
from .engine import CARD_NAMES, KuhnEngine, KuhnError
from .narrate import card_text, narrate
from .rules import BOARDS, KuhnRules, get_rules


class KuhnPokerGame(Game):
    id = "kuhn-poker"
    env_name = "kuhn_poker_v0"
    title = "Kuhn Poker: 3 cards, ante 1, pass or bet (VS-Bench, competitive)"
    rules_model = KuhnRules
    engine_type = KuhnEngine
    action_errors = (KuhnError, ValueError, TypeError)

    def boards(self) -> tuple[str, ...]:
        return BOARDS

    def rules(self, board: str | Path | BaseModel | dict | None = None) -> KuhnRules:
        if isinstance(board, Path):
            board = str(board)
        return get_rules(board)  # type: ignore[arg-type]

    def num_seats(self, rules: KuhnRules) -> int:  # type: ignore[override]
        return 2

    def board_summary(self, rules: KuhnRules) -> dict[str, str]:  # type: ignore[override]
        return {"players": "2", "cards": "J < Q < K", "ante / bet": f"{rules.ante} / {rules.bet}"}

    def raw_env(self, rules: KuhnRules, **kwargs):  # type: ignore[override]
        from .env import raw_env

        return raw_env(rules, **kwargs)

    def env(self, rules: KuhnRules, **kwargs):  # type: ignore[override]
        from .. import kuhn_poker_v0

        return kuhn_poker_v0.env(rules, **kwargs)

    def new_engine(self, rules: KuhnRules, seed: int | None) -> KuhnEngine:  # type: ignore[override]
        return KuhnEngine(rules, seed=seed)

    def outcome(self, engine: KuhnEngine) -> GameOutcome:  # type: ignore[override]
        winners = engine.winners()
        return GameOutcome(returns=engine.returns(), winners=winners,
                           winner=f"player {winners[0]}" if winners else None, truncated=False,
                           details=engine.details())

    def agent_kinds(self):
        def equilibrium(env, seat, seed, arg):
            from .agents import KuhnEquilibriumAgent

            return KuhnEquilibriumAgent(alpha=float(arg) if arg else None, seed=seed)

        def cfr(env, seat, seed, arg):
            from .cfr import DEFAULT_ITERATIONS, KuhnCFRAgent

            if arg and not arg.isdigit():
                raise ValueError(f"cfr:{arg}: the argument is the number of CFR iterations, e.g. cfr:{DEFAULT_ITERATIONS}")
            return KuhnCFRAgent(iterations=int(arg) if arg else DEFAULT_ITERATIONS, seed=seed)

        return {"scripted": equilibrium, "equilibrium": equilibrium, "cfr": cfr}

    def reference(self) -> Reference:
        """VS-Bench's Kuhn Poker opponent: the Nash equilibrium computed by CFR (OpenSpiel's CFR+)."""
        return Reference("cfr", self_play=False)

    def seat_groups(self, engine: KuhnEngine) -> dict[str, list[int]]:  # type: ignore[override]
        return {"first": [0], "second": [1]}

    def text_interface(self, env, **kwargs):
        from .interface import KuhnTextInterface

        return KuhnTextInterface(env, **kwargs)

    def hidden_from(self, engine: KuhnEngine, seat: int) -> list[str]:  # type: ignore[override]
        """The other player's card until a showdown shows it, as its deal sentence, a showdown's
        sentence and the other seat's own prompt ("Your card: ...") would name it."""
        if engine.showdown:
            return []
        other = 1 - seat
        card = card_text(engine.cards[other])
        return [f"Player {other} is dealt the {card}", f"player {other} shows the {card}", f"Your card: {card}"]

    def narrate(self, engine: KuhnEngine, seat: int | None = None) -> list[NarrationLine]:  # type: ignore[override]
        return [NarrationLine(0, text) for text in narrate(engine, seat)]

    def roles_line(self, engine: KuhnEngine) -> str:  # type: ignore[override]
        return "Cards: " + ", ".join(f"player {s}={CARD_NAMES[c]}" for s, c in enumerate(engine.cards))
