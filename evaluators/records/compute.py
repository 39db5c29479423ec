"""Compute resources of LLM seats: tokens, calls, retries, fallbacks and seconds, against a budget.

An LLM decision's record line carries what the agent reported (``llm``: see parlour.agents.llm's
``LLMAgent``): ``tokens_in`` and ``tokens_out`` summed over every try, ``tries`` (one per call to
the model, rejected answers included), ``retries``, ``fallback`` and ``latency_s``. Decisions of
scripted and random seats carry none and are not counted. Per decision and per seat and game
(one agent's spend in one game), the :class:`ComputeBudget` limits that are set decide whether
it went over budget. ``tokens_per_decision`` and ``seconds_per_decision`` are the cost per turn
of Kaggle's Werewolf harness.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .load import ReplayedGame
from .tally import Obs

METRICS: dict[str, tuple[str, str]] = {
    "tokens_per_decision": ("tokens / decision", "prompt and answer tokens per LLM decision, every try included"),
    "tokens_in_per_decision": ("tokens in / decision", "prompt tokens per LLM decision"),
    "tokens_out_per_decision": ("tokens out / decision", "answer tokens per LLM decision"),
    "calls_per_decision": ("calls / decision", "model calls per LLM decision"),
    "retry_rate": ("retried", "share of LLM decisions that needed an answer retry"),
    "fallback_rate": ("fallback", "share of LLM decisions that fell back to the no-op"),
    "seconds_per_decision": ("s / decision", "model seconds per LLM decision"),
    "tokens_per_game": ("tokens / game", "tokens one LLM seat spent in a game"),
    "seconds_per_game": ("s / game", "model seconds one LLM seat spent in a game"),
    "over_budget_decision": ("decisions over budget", "share of LLM decisions over a per-decision limit"),
    "over_budget_game": ("games over budget", "share of LLM seats' games over a per-game limit"),
}


class ComputeBudget(BaseModel):
    """Limits per LLM decision and per LLM seat's game; unset limits are not checked."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    decision_tokens: float | None = Field(None, gt=0, description="tokens (in + out) per decision")
    decision_calls: float | None = Field(None, gt=0, description="model calls per decision")
    decision_seconds: float | None = Field(None, gt=0, description="model seconds per decision")
    game_tokens: float | None = Field(None, gt=0, description="tokens per seat and game")
    game_calls: float | None = Field(None, gt=0, description="model calls per seat and game")
    game_seconds: float | None = Field(None, gt=0, description="model seconds per seat and game")

    @classmethod
    def parse(cls, text: str) -> ComputeBudget:
        """``"decision_tokens=2000,game_seconds=600"`` (the CLI's ``--budget``)."""
        fields: dict[str, Any] = {}
        for part in filter(None, (p.strip() for p in text.split(","))):
            key, eq, value = part.partition("=")
            if not eq:
                raise ValueError(f"budget {part!r}: expected KEY=NUMBER (keys: {', '.join(cls.model_fields)})")
            fields[key.strip()] = value.strip()
        try:
            return cls.model_validate(fields)
        except ValidationError as e:
            err = e.errors()[0]
            key = ".".join(map(str, err["loc"])) or "(budget)"
            raise ValueError(f"budget {key}: {err['msg']} (keys: {', '.join(cls.model_fields)})") from None

    def limits(self, per: str) -> bool:
        """Whether any limit ``per`` decision or game is set."""
        return any(getattr(self, f"{per}_{what}") is not None for what in ("tokens", "calls", "seconds"))

    def over(self, tokens: float, calls: float, seconds: float, per: str) -> bool:
        limits = (getattr(self, f"{per}_tokens"), getattr(self, f"{per}_calls"), getattr(self, f"{per}_seconds"))
        return any(limit is not None and used > limit for used, limit in zip((tokens, calls, seconds), limits))


def compute_observations(game: ReplayedGame, budget: ComputeBudget | None = None) -> Iterator[Obs]:
    spent: dict[int, list[float]] = {}  # seat -> [tokens, calls, seconds]
    for d in game.record.decisions:
        info = d.llm
        if not info:
            continue
        seat = d.seat
        tokens_in, tokens_out = float(info.get("tokens_in") or 0), float(info.get("tokens_out") or 0)
        tokens = tokens_in + tokens_out
        tries = info.get("tries")
        calls = float(len(tries)) if isinstance(tries, list) else 1.0 + float(info.get("retries") or 0)
        seconds = float(info.get("latency_s") or 0.0)
        yield Obs("tokens_per_decision", tokens, 1.0, seat)
        yield Obs("tokens_in_per_decision", tokens_in, 1.0, seat)
        yield Obs("tokens_out_per_decision", tokens_out, 1.0, seat)
        yield Obs("calls_per_decision", calls, 1.0, seat)
        yield Obs("retry_rate", float((info.get("retries") or 0) > 0), 1.0, seat)
        yield Obs("fallback_rate", float(bool(info.get("fallback"))), 1.0, seat)
        yield Obs("seconds_per_decision", seconds, 1.0, seat)
        if budget is not None and budget.limits("decision"):
            yield Obs("over_budget_decision", float(budget.over(tokens, calls, seconds, "decision")), 1.0, seat)
        total = spent.setdefault(seat, [0.0, 0.0, 0.0])
        total[0] += tokens
        total[1] += calls
        total[2] += seconds
    for seat, (tokens, calls, seconds) in spent.items():
        yield Obs("tokens_per_game", tokens, 1.0, seat)
        yield Obs("seconds_per_game", seconds, 1.0, seat)
        if budget is not None and budget.limits("game"):
            yield Obs("over_budget_game", float(budget.over(tokens, calls, seconds, "game")), 1.0, seat)
