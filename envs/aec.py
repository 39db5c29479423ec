"""What every game's PettingZoo env shares: the order-checking wrapper, seed checks and the AEC
bookkeeping a reset starts from. One copy here instead of one per game."""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
from pettingzoo.utils import wrappers


class OrderEnforcing(wrappers.OrderEnforcingWrapper):
    """PettingZoo's order checks, with ``last()`` answered by the inner env in one call.

    The stock wrapper runs ``AECEnv.last`` on itself, so each of its seven attribute reads goes
    through ``__getattr__``; that alone cost a third of a Werewolf step.
    """

    def last(self, observe: bool = True):
        if not self._has_reset:
            raise AttributeError("last() cannot be called before reset()")
        return self.env.last(observe)

    def __copy__(self):
        return copy.deepcopy(self)  # a shallow copy would wrap the very same env


def check_seed(seed: Any) -> None:
    """A game seed is a non-negative int or None (numpy's Generator refuses the rest less clearly)."""
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0):
        raise ValueError(f"seed must be a non-negative int or None, not {seed!r}")


def reset_aec_state(env, first_agent: str) -> None:
    """The per-agent dicts of a freshly reset AEC env: every agent live, nothing earned yet."""
    env.agents = env.possible_agents[:]
    env.rewards = dict.fromkeys(env.agents, 0.0)
    env._cumulative_rewards = dict.fromkeys(env.agents, 0.0)
    env.terminations = dict.fromkeys(env.agents, False)
    env.truncations = dict.fromkeys(env.agents, False)
    env.infos = {a: {} for a in env.agents}
    env.agent_selection = first_agent
