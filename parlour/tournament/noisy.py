"""Agents of known strength for testing ratings: a base agent that plays a uniformly random legal
action with probability ``p``.

``python:parlour.tournament.noisy:noisy`` with options ``{p = 0.3, base = "scripted"}``; the base
agent still sees every observation (it is always asked), so agents that track the game stay right.
"""

from __future__ import annotations

import numpy as np

from ..agentspec import build_agent


class NoisyAgent:
    is_async = False

    def __init__(self, base, p: float, seed: int | None = None):
        if not 0 <= p <= 1:
            raise ValueError(f"p must be a probability, not {p}")
        if base.is_async:
            raise ValueError("NoisyAgent wraps sync agents only")
        self.base, self.p = base, p
        self.name = f"noisy({getattr(base, 'name', type(base).__name__)}, {p})"
        self.rng = np.random.default_rng(seed)

    def reset(self, seat: int, seed: int | None = None) -> None:
        self.base.reset(seat, seed)
        self.rng = np.random.default_rng(None if seed is None else [seed, 7919])

    def act_sync(self, observation, info):
        action = self.base.act_sync(observation, info)
        if self.p and self.rng.random() < self.p:
            return int(self.rng.choice(np.flatnonzero(observation["action_mask"])))
        return action

    async def act(self, observation, info):
        return self.act_sync(observation, info)


def noisy(env, seat: int, seed: int | None, p: float = 0.0, base: str = "scripted") -> NoisyAgent:
    return NoisyAgent(build_agent(base, env, seat, seed), float(p), seed)
