"""The Agent protocol every parlour agent follows, and the mask-respecting RandomAgent.

One async ``act`` is what the runner calls, so LLM agents from many concurrent games reach vLLM
together. Agents whose decisions are pure computation also expose ``act_sync`` and set
``is_async = False``: the runner then calls them directly and pays no event-loop cost per step.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, Protocol, runtime_checkable

import numpy as np


@runtime_checkable
class Agent(Protocol):
    """Something that picks an action from an observation.

    ``observation`` is the env's observation for this agent (``{"observation", "action_mask"}``
    for Werewolf); ``info`` is the env's info dict. The result is an action index or a structured
    action the env accepts (``parlour.envs.werewolf.Action``).
    """

    is_async: bool

    async def act(self, observation: Any, info: dict) -> Any: ...

    def reset(self, seat: int, seed: int | None = None) -> None: ...


class SyncAgent(ABC):
    """Base for agents that compute their action at once: ``act`` just wraps ``act_sync``."""

    is_async = False

    def reset(self, seat: int, seed: int | None = None) -> None:
        self.seat = seat

    @abstractmethod
    def act_sync(self, observation: Any, info: dict) -> Any:
        """The action for this observation, computed at once."""

    async def act(self, observation: Any, info: dict) -> Any:
        return self.act_sync(observation, info)


class RandomAgent(SyncAgent):
    """Uniform over the legal actions of the mask, from its own seeded Generator."""

    name = "random"

    def __init__(self, seed: int | None = None):
        self.rng = np.random.default_rng(seed)

    def reset(self, seat: int, seed: int | None = None) -> None:
        super().reset(seat, seed)
        if seed is not None:
            self.rng = np.random.default_rng(seed)

    def act_sync(self, observation: Any, info: dict) -> int:
        legal = np.flatnonzero(observation["action_mask"])
        if len(legal) == 0:
            raise ValueError(f"seat {getattr(self, 'seat', '?')}: the action mask has no legal action")
        return int(legal[self.rng.integers(len(legal))])
