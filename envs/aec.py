"""What every game's PettingZoo env shares: the order-checking wrapper, seed checks and the AEC
bookkeeping a reset starts from. One copy here instead of one per game."""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
from pettingzoo.utils import wrappers
from pettingzoo.utils.env_logger import EnvLogger
from pettingzoo.utils.wrappers.order_enforcing import AECOrderEnforcingIterable, AECOrderEnforcingIterator


class OrderEnforcing(wrappers.OrderEnforcingWrapper):
    """PettingZoo's order checks, with the per-step calls answered by the inner env directly.

    The stock wrapper reads the inner env's attributes through ``__getattr__`` (two Python
    frames and a set lookup each): ``AECEnv.last`` runs on the wrapper (seven reads), ``step``
    reads ``agents`` and the ``agent_iter`` iterator reads ``agents`` and ``agent_selection`` on
    every turn. Together they cost about a third of a Werewolf step. Here ``last``, ``step`` and
    the iterator read ``self.env`` once and make the same checks in the same order.
    """

    def last(self, observe: bool = True):
        if not self._has_reset:
            raise AttributeError("last() cannot be called before reset()")
        return self.env.last(observe)

    def step(self, action) -> None:
        if not self._has_reset:
            EnvLogger.error_step_before_reset()
        self._has_updated = True
        if self.env.agents:
            self.env.step(action)
        else:
            EnvLogger.warn_step_after_terminated_truncated()

    def agent_iter(self, max_iter: int = 2**63):
        if not self._has_reset:
            EnvLogger.error_agent_iter_before_reset()
        return _Iterable(self, max_iter)

    def __copy__(self):
        return copy.deepcopy(self)  # a shallow copy would wrap the very same env


class _Iterable(AECOrderEnforcingIterable):
    def __iter__(self):
        return _Iterator(self.env, self.max_iter)


class _Iterator(AECOrderEnforcingIterator):
    """The stock iterator's checks (agents left, the budget, a step since the last turn), reading
    the inner env's ``agents`` and ``agent_selection`` without the wrapper's ``__getattr__``."""

    def __next__(self):
        wrapper = self.env
        inner = wrapper.env
        if not inner.agents or self.iters_til_term <= 0:
            raise StopIteration
        self.iters_til_term -= 1
        assert wrapper._has_updated, "need to call step() or reset() in a loop over `agent_iter`"
        wrapper._has_updated = False
        return inner.agent_selection


class SharedSpaces:
    """``observation_space`` / ``action_space`` for a game whose seats all share one space of each:
    PettingZoo wants the very same space object on every call. (Not an lru_cache on the methods:
    its class-wide cache would keep every env and every copy of one alive.)"""

    _observation_space: Any
    _action_space: Any

    def observation_space(self, agent):
        return self._observation_space

    def action_space(self, agent):
        return self._action_space


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
