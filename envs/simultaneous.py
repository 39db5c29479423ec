"""The PettingZoo plumbing of two-seat games whose players move at the same time (the grid games,
Pong, the kitchen): a parallel env (both moves in one ``step``, as the games are played) and an AEC
env (the same moves one seat after the other; the joint move applies when the second seat has
chosen, so the first seat's choice is never visible to the second).

The engine keeps the pending choices: ``pending[seat]`` is :data:`NO_MOVE` until the seat chooses,
``apply`` stores a choice and plays the joint move once every seat has one, ``last_rewards`` holds
what that joint move paid. An env subclass gives the features (``_observe``), the engine reset and
the episode info; everything about whose turn it is, rewards, ends and cuts lives here once.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from enum import IntEnum
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

import numpy as np
from pettingzoo import AECEnv, ParallelEnv

from .aec import SharedSpaces, check_seed, reset_aec_state

NO_MOVE = -1  # a seat's pending move before it chooses


class SimultaneousEngine(Protocol):
    """What the envs below need of an engine."""

    t: int  # joint moves applied
    pending: list[int]
    last_rewards: list[float] | list[int]
    done: bool
    truncated: bool

    def reset(self, seed: int | None = None) -> None: ...

    def to_move(self) -> list[int]: ...

    def check(self, seat: int, action: Any) -> int: ...

    def apply(self, seat: int, action: int) -> None: ...


class SimultaneousMoves:
    """An engine's seat-by-seat entry to its joint move: ``check`` (a clear error for every wrong
    call, of the game's own error classes), ``step`` and the trusted ``apply``, which plays the
    joint move (``step_joint`` with every seat's choice in seat order) once all seats have chosen.
    The grid games, Pong and the kitchen share it; each names its moves, the word for its episode
    and its errors. ``check`` is for two seats with the same moves; the wrapped PettingZoo games
    (any number of seats, each with its own actions) bring their own."""

    moves: ClassVar[type[IntEnum]]  # the action ids and their names, for the out-of-range message
    episode_word: ClassVar[str] = "game"  # "the game is over", "the match is over", ...
    game_over_error: ClassVar[type[Exception]]
    wrong_turn_error: ClassVar[type[Exception]]
    out_of_range_error: ClassVar[type[Exception]]
    type_error: ClassVar[type[Exception]]

    pending: list[int]
    history: list[tuple[int, int]]
    t: int
    done: bool

    if TYPE_CHECKING:  # each engine's own

        def to_move(self) -> list[int]: ...

        step_joint: Callable[..., None]  # (a0, a1) for two seats, (*actions) for any number

    def check(self, seat: int, action) -> int:
        """Validate ``action`` for ``seat``; return it as an int or raise a clear error."""
        if self.done:
            raise self.game_over_error(f"seat {seat}: the {self.episode_word} is over after {self.t} steps; "
                                       "call reset() to play again")
        last = len(self.moves) - 1
        if isinstance(action, (bool, np.bool_)) or not isinstance(action, (int, np.integer)):
            raise self.type_error(f"seat {seat}: an action must be an int id 0-{last}, not "
                                  f"{type(action).__name__} {action!r}")
        if seat not in (0, 1) or self.pending[seat] != NO_MOVE:
            raise self.wrong_turn_error(f"seat {seat} may not act now (action {int(action)}): "
                                        f"seats to move: {self.to_move()}")
        if not 0 <= action <= last:
            names = ", ".join(f"{m.value} {m.name}" for m in self.moves)
            raise self.out_of_range_error(f"seat {seat}: action {int(action)} is out of range; legal actions: {names}")
        return int(action)

    def step(self, seat: int, action) -> None:
        """Validate, then apply one seat's choice (the joint move once both have chosen)."""
        self.apply(seat, self.check(seat, action))

    def apply(self, seat: int, action: int) -> None:
        """Apply a choice already known to be legal (the trusted fast path)."""
        self.history.append((seat, action))
        self.pending[seat] = action
        if NO_MOVE not in self.pending:
            self.step_joint(*self.pending)


def check_max_cycles(max_cycles: Any) -> int | None:
    """An env-side cut: a positive number of joint moves, or None (the game's own end only)."""
    if max_cycles is not None and (isinstance(max_cycles, bool) or not isinstance(max_cycles, int) or max_cycles < 1):
        raise ValueError(f"max_cycles must be a positive int or None, not {max_cycles!r}")
    return max_cycles


class _Shared:
    """What both envs share: the env-side cut and the (empty) episode info a game extends."""

    engine: Any  # a SimultaneousEngine (each game's env narrows it to its own engine type)
    max_cycles: int | None = None  # set with check_max_cycles: an env-side cut before the game's own end

    def _cut(self) -> bool:
        """Is the episode cut short by ``max_cycles`` now (the game itself not over)?"""
        return self.max_cycles is not None and not self.engine.done and self.engine.t >= self.max_cycles

    def _end_info(self) -> dict[str, Any]:
        return {}

    if TYPE_CHECKING:  # every concrete env defines its features and builds itself

        def _observe(self, seat: int) -> dict: ...

        def _setup(self, rules: Any, render_mode: str | None, max_cycles: int | None) -> None: ...


class OneSpaceFeatures(SharedSpaces):
    """The spaces and observation of a two-seat game whose seats share one observation space and one
    action space and whose every move is always legal (the grid games, Pong, the kitchen): the mask
    is all ones for a seat to move, all zeros otherwise. A game gives ``_features(seat)``."""

    engine: Any

    def _observe(self, seat: int) -> dict[str, np.ndarray]:
        mask = np.zeros(int(self._action_space.n), np.int8)
        if self.engine.legal_actions(seat):
            mask[:] = 1
        return {"observation": self._features(seat), "action_mask": mask}

    if TYPE_CHECKING:

        def _features(self, seat: int) -> np.ndarray: ...


class SimultaneousAECEnv(_Shared, AECEnv):
    """A simultaneous-move game as an AEC env: player_0 chooses, then player_1, then the joint move
    applies. Subclasses set ``engine``, ``possible_agents``, ``agent_name_mapping`` and give
    ``_observe(seat)``; an engine's own step limit (``engine.truncated``) and an env-side cut
    (``max_cycles``) end the episode as truncations, the game's natural end as terminations."""

    wrong_agent_error: ClassVar[type[Exception]] = KeyError
    agent_name_mapping: dict[str, int]

    def __init__(self, rules=None, illegal_action: str = "raise", illegal_reward: float = -1.0,
                 render_mode: str | None = None, max_cycles: int | None = None):
        AECEnv.__init__(self)
        if illegal_action not in ("raise", "penalty"):
            raise ValueError(f"illegal_action must be 'raise' or 'penalty', not {illegal_action!r}")
        self.illegal_action = illegal_action  # a game whose moves are all always legal never pays the penalty
        self.illegal_reward = float(illegal_reward)
        self._on_reset()  # the env state a subclass keeps per episode (grid games: illegal_moves) starts empty
        self._setup(rules, render_mode, max_cycles)

    def __copy__(self):
        return copy.deepcopy(self)  # a shallow copy would step the same engine as this env

    def observe(self, agent):
        return self._observe(self.agent_name_mapping[agent])

    def reset(self, seed: int | None = None, options: dict[str, Any] | None = None):
        check_seed(seed)
        self.engine.reset(seed)
        self._on_reset()
        reset_aec_state(self, self.possible_agents[0])

    def _on_reset(self) -> None:
        """Env state a subclass clears at reset (besides the engine and the AEC bookkeeping)."""

    def step(self, action):
        agent = self.agent_selection
        if self.terminations[agent] or self.truncations[agent]:
            return self._was_dead_step(action)
        if agent not in self.agent_name_mapping:
            raise self.wrong_agent_error(f"unknown agent {agent!r}")
        seat = self.agent_name_mapping[agent]
        engine = self.engine
        for a in self.rewards:
            self.rewards[a] = 0.0
        self._cumulative_rewards[agent] = 0.0
        engine.apply(seat, engine.check(seat, action))
        if all(p == NO_MOVE for p in engine.pending):  # the joint move was applied
            for a, r in zip(self.possible_agents, engine.last_rewards):
                self.rewards[a] = float(r)
        truncated = engine.truncated or self._cut()
        if engine.done or truncated:
            flags = dict.fromkeys(self.agents, True)
            if truncated:
                self.truncations = flags
            else:
                self.terminations = flags
            info = self._end_info()
            self.infos = {a: dict(info) for a in self.agents}
        else:
            self.agent_selection = self.possible_agents[engine.to_move()[0]]
        self._accumulate_rewards()


class SimultaneousParallelEnv(_Shared, ParallelEnv):
    """A simultaneous-move game as a parallel env: every seat's move in one ``step``."""

    wrong_agent_error: ClassVar[type[Exception]] = KeyError
    game_over_error: ClassVar[type[Exception]] = RuntimeError

    def __init__(self, rules=None, render_mode: str | None = None, max_cycles: int | None = None):
        self._setup(rules, render_mode, max_cycles)
        self.agents: list[str] = []

    def __copy__(self):
        return copy.deepcopy(self)

    def reset(self, seed: int | None = None, options: dict[str, Any] | None = None):
        check_seed(seed)
        self.engine.reset(seed)
        self.agents = self.possible_agents[:]
        return {a: self._observe(i) for i, a in enumerate(self.agents)}, {a: {} for a in self.agents}

    def step(self, actions: dict[str, int]):
        if not self.agents:
            raise self.game_over_error("the game is over; call reset() to play again")
        missing = [a for a in self.agents if a not in actions]
        if missing:
            raise self.wrong_agent_error(f"no action for {missing}: both players move every step")
        engine, agents = self.engine, self.possible_agents
        moves = [engine.check(seat, actions[a]) for seat, a in enumerate(agents)]
        for seat, move in enumerate(moves):
            engine.apply(seat, move)
        observations = {a: self._observe(i) for i, a in enumerate(agents)}
        rewards = {a: float(r) for a, r in zip(agents, engine.last_rewards)}
        truncated = engine.truncated or self._cut()
        over = engine.done or truncated
        terminations = dict.fromkeys(agents, engine.done and not truncated)
        truncations = dict.fromkeys(agents, truncated)
        infos: dict[str, dict] = {a: self._end_info() if over else {} for a in agents}
        if over:
            self.agents = []
        return observations, rewards, terminations, truncations, infos
