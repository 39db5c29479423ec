"""parlour games over PettingZoo parallel envs that other packages implement (Knights-Archers-
Zombies from ``pettingzoo.butterfly``, MPE from ``mpe2``): the game is theirs, unchanged; parlour
adds the game contract around it (seats, the record's hash chain, clone and pickle), the envs the
runner steps, and a text and image interface.

:class:`WrappedEngine` owns one wrapped parallel env. Seat ``i`` is the wrapped env's ``i``-th
agent. Moves are simultaneous (``parlour.envs.simultaneous``): the engine keeps the first seats'
choices until every seat has one, then steps the wrapped env once with all of them. A seat whose
agent has left the wrapped env (a knight killed by a zombie) stays seated with one legal action,
the wrapped game's no-op, which is not sent on; so every game keeps all its seats to the end.

The wrapped envs hold pygame surfaces, which neither copy nor pickle. ``clone()`` copies the
wrapped env's state around them (:func:`copy_wrapped_env`); a pickle is the engine's seed plus its
action history (OpenSpiel's view of a state), and unpickling builds a fresh wrapped env with the
same seed and replays the history.
"""

from __future__ import annotations

import copy
import gc
import json
import types
from abc import ABC, abstractmethod
from typing import Any, ClassVar

import numpy as np
from gymnasium import spaces

from .simultaneous import NO_MOVE, SimultaneousAECEnv, SimultaneousMoves, SimultaneousParallelEnv, check_max_cycles


class WrappedError(Exception):
    """Base class of the errors a caller causes by stepping a wrapped game wrongly."""


class GameOverError(WrappedError):
    pass


class WrongTurnError(WrappedError):
    pass


class IllegalActionError(WrappedError, IndexError):
    """An int that is not a legal action of the seat now."""


class ActionTypeError(WrappedError, TypeError):
    pass


class WrongAgentError(WrappedError):
    pass


class WrappedEngine(SimultaneousMoves, ABC):
    """One wrapped PettingZoo parallel env as a parlour engine (see the module's docstring)."""

    noop: ClassVar[int]  # the wrapped game's do-nothing action: the one legal action of a departed seat

    def __init__(self, rules: Any, seed: int | None = None):
        self.rules = rules
        self.env = self._make()
        self._used = False  # has the wrapped env been reset once?
        self.names: list[str] = list(self.env.possible_agents)
        self.n = len(self.names)
        self.reset(seed)

    @abstractmethod
    def _make(self) -> Any:
        """A new wrapped parallel env for ``self.rules``, rendering to ``rgb_array``."""

    def _state_bytes(self) -> bytes:
        """The wrapped game's global state as bytes, for the record's hash chain."""
        return np.asarray(self.env.state()).tobytes()

    @abstractmethod
    def _note(self, rewards: dict[str, float], left: list[int]) -> None:
        """Record the game's events of the step just played (``left``: seats whose agent left the
        wrapped env in it; ``done`` and ``truncated`` already say whether the game ended)."""

    # ------------------------------------------------------------------ episodes
    def reset(self, seed: int | None = None) -> None:
        """A new episode. Without a seed the wrapped env still gets a concrete one (drawn here), so
        copies replay it; only ``seed`` goes into records."""
        env_seed = seed if seed is not None else int(np.random.SeedSequence().generate_state(1)[0])
        self._start(seed, env_seed)

    def _start(self, seed: int | None, env_seed: int) -> None:
        """Play from the start on a fresh wrapped env: a reused one may keep state across its
        resets (Knights-Archers-Zombies' spawn timer does), which a copy would not have."""
        self.seed, self.env_seed = seed, env_seed
        if self._used:  # not env.close(): KAZ's close quits pygame for every env in the process
            self.env = self._make()
        self._used = True
        self.observations, _ = self.env.reset(seed=env_seed)
        self.t = 0
        self.pending = [NO_MOVE] * self.n
        self.scores = [0.0] * self.n
        self.last_rewards = [0.0] * self.n
        self.gone = [False] * self.n
        self.history: list[tuple[int, int]] = []
        self.events: list[Any] = []
        self.done = False
        self.truncated = False

    def clone(self) -> WrappedEngine:
        """An independent copy with the same future: the wrapped env's state copied object by
        object (:func:`copy_wrapped_env`), the rest deep-copied."""
        other = object.__new__(type(self))
        other.__dict__.update(copy.deepcopy({k: v for k, v in self.__dict__.items() if k != "env"}))
        other.env = copy_wrapped_env(self.env)
        return other

    def __copy__(self) -> WrappedEngine:
        return self.clone()

    def __deepcopy__(self, memo: dict) -> WrappedEngine:
        return self.clone()

    def __getstate__(self) -> dict[str, Any]:
        """A pickle is the rules, the seeds and the history; unpickling replays it on a fresh env."""
        return {"rules": self.rules, "seed": self.seed, "env_seed": self.env_seed, "history": list(self.history)}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.rules = state["rules"]
        self.env = self._make()
        self._used = False
        self.names = list(self.env.possible_agents)
        self.n = len(self.names)
        self._start(state["seed"], state["env_seed"])
        for seat, action in state["history"]:
            self.apply(seat, action)

    # ------------------------------------------------------------------ queries
    @property
    def round(self) -> int:
        return self.t + 1 if not self.done else self.t

    @property
    def phase_name(self) -> str:
        return "GAME_OVER" if self.done else "MOVE"

    @property
    def unwrapped(self) -> Any:
        """The wrapped game's own env (its sprites, world and rules), for text and pictures."""
        return self.env.unwrapped

    def num_actions(self, seat: int) -> int:
        return int(self.env.action_space(self.names[seat]).n)

    def to_move(self) -> list[int]:
        return [] if self.done else [s for s in range(self.n) if self.pending[s] == NO_MOVE]

    def legal_actions(self, seat: int) -> list[int]:
        if self.done or not 0 <= seat < self.n or self.pending[seat] != NO_MOVE:
            return []
        return [self.noop] if self.gone[seat] else list(range(self.num_actions(seat)))

    def default_action(self, seat: int) -> int:
        return self.noop

    def returns(self) -> list[float]:
        return list(self.scores)

    def state_parts(self) -> tuple[bytes, tuple[int, ...]]:
        rng = json.dumps(self.unwrapped.np_random.bit_generator.state, sort_keys=True).encode()
        scores = np.asarray(self.scores, np.float64).tobytes()
        return self._state_bytes() + scores + rng, (self.t, *self.pending, *self.gone, self.env_seed)

    # ------------------------------------------------------------------ actions
    def check(self, seat: int, action) -> int:
        """SimultaneousMoves' checks for any number of seats, and against the seat's legal actions
        (a departed seat has only the no-op), not one range of moves."""
        if self.done:
            raise GameOverError(f"seat {seat}: the game is over after {self.t} steps; call reset() to play again")
        if isinstance(action, (bool, np.bool_)) or not isinstance(action, (int, np.integer)):
            raise ActionTypeError(f"seat {seat}: an action must be an int id, not {type(action).__name__} {action!r}")
        if not 0 <= seat < self.n or self.pending[seat] != NO_MOVE:
            raise WrongTurnError(f"seat {seat} may not act now (action {int(action)}): seats to move: {self.to_move()}")
        legal = self.legal_actions(seat)
        if int(action) not in legal:
            raise IllegalActionError(f"seat {seat}: action {int(action)} is not legal now; legal actions: {legal}")
        return int(action)

    def step_joint(self, *actions: int) -> None:
        self.pending = [NO_MOVE] * self.n
        live = {name: actions[s] for s, name in enumerate(self.names) if name in self.env.agents}
        observations, rewards, terminations, truncations, _ = self.env.step(live)
        self.t += 1
        self.observations = observations
        self.last_rewards = [float(rewards.get(name, 0.0)) for name in self.names]
        for s, r in enumerate(self.last_rewards):
            self.scores[s] += r
        left = [s for s, name in enumerate(self.names) if not self.gone[s] and name not in self.env.agents]
        for s in left:
            self.gone[s] = True
        if not self.env.agents:
            self.done = True
            self.truncated = any(truncations.values()) and not any(terminations.values())
        self._note(rewards, left)


def copy_wrapped_env(env: Any) -> Any:
    """A deep copy of a wrapped PettingZoo env's state that the original's future does not touch.

    Two things stop a plain ``copy.deepcopy``: pygame's surfaces and fonts neither copy nor pickle,
    and PettingZoo's raw envs are ``EzPickle``, whose copy is a *new* env built from the
    constructor's arguments, not a copy of the game. So the pygame objects are shared (the games
    only draw on them, and every frame is redrawn whole before it is read; the sprites' images are
    replaced, never changed in place) and the raw env's ``__dict__`` is copied as is. Copying this
    way costs milliseconds where replaying the history cost a second; pickles still replay."""
    import pygame
    import pygame.freetype

    shared = (pygame.Surface, pygame.font.Font, pygame.freetype.Font, pygame.time.Clock)
    leaves = (str, bytes, int, float, bool, type, types.ModuleType, types.FunctionType, types.BuiltinFunctionType,
              types.MethodType, np.ndarray)
    memo: dict[int, Any] = {}
    seen: set[int] = set()
    stack = [env]
    while stack:
        obj = stack.pop()
        if obj is None or id(obj) in seen:
            continue
        seen.add(id(obj))
        if isinstance(obj, shared):
            memo[id(obj)] = obj
        elif not isinstance(obj, leaves):
            stack.extend(gc.get_referents(obj))
    raw = env.unwrapped
    twin = object.__new__(type(raw))
    memo[id(raw)] = twin
    twin.__dict__.update(copy.deepcopy(raw.__dict__, memo))
    return copy.deepcopy(env, memo)


# ====================================================================== the envs
class _WrappedEnvBase:
    """What the AEC and parallel envs of a wrapped game share: spaces, features, pictures."""

    engine_type: ClassVar[type[WrappedEngine]]
    metadata: ClassVar[dict]
    engine: Any

    @staticmethod
    @abstractmethod
    def get_rules(rules: Any) -> Any:
        """The game's rules from a board name, dict, model or None."""

    @staticmethod
    @abstractmethod
    def board_text(engine: Any) -> str:
        """The game drawn in text (``render("ansi")``)."""

    def _setup(self, rules, render_mode: str | None, max_cycles: int | None) -> None:
        if render_mode not in (None, *self.metadata["render_modes"]):
            raise ValueError(f"render_mode must be one of {self.metadata['render_modes']} or None, not {render_mode!r}")
        self.max_cycles = check_max_cycles(max_cycles)
        self.rules = self.get_rules(rules)
        self.render_mode = render_mode
        self.engine = self.engine_type(self.rules)
        e = self.engine
        self.possible_agents = [f"player_{s}" for s in range(e.n)]
        self.agent_name_mapping = {a: s for s, a in enumerate(self.possible_agents)}
        self._spaces = {}
        for s, a in enumerate(self.possible_agents):
            box = e.env.observation_space(e.names[s])
            self._spaces[a] = spaces.Dict({
                "observation": spaces.Box(np.asarray(box.low, np.float32).ravel(), np.asarray(box.high, np.float32).ravel(),
                                          dtype=np.float32),
                "action_mask": spaces.Box(0, 1, (e.num_actions(s),), np.int8),
            })
        self._action_spaces = {a: spaces.Discrete(e.num_actions(s)) for s, a in enumerate(self.possible_agents)}

    def observation_space(self, agent):
        return self._spaces[agent]

    def action_space(self, agent):
        return self._action_spaces[agent]

    def _observe(self, seat: int) -> dict[str, np.ndarray]:
        e = self.engine
        space = self._spaces[self.possible_agents[seat]]["observation"]
        wrapped = e.observations.get(e.names[seat])
        shape: tuple[int, ...] = space.shape or ()
        x = np.zeros(shape, np.float32) if wrapped is None else np.asarray(wrapped, np.float32).ravel()
        mask = np.zeros(e.num_actions(seat), np.int8)
        mask[e.legal_actions(seat)] = 1
        return {"observation": x, "action_mask": mask}

    def _end_info(self) -> dict[str, Any]:
        return {"returns": self.engine.returns()}

    def render(self):
        if self.render_mode == "rgb_array":
            return np.ascontiguousarray(self.engine.env.render())
        if self.render_mode == "ansi":
            return self.board_text(self.engine)
        return None

    def observe_image(self, agent: str) -> np.ndarray:
        """One seat's picture for a vision model: the wrapped game's own frame (full information)."""
        return np.ascontiguousarray(self.engine.env.render())


class WrappedAECEnv(_WrappedEnvBase, SimultaneousAECEnv):
    wrong_agent_error = WrongAgentError
    illegal_moves: list[dict]  # the penalised moves of this episode (cleared by reset)

    def _on_reset(self) -> None:
        self.illegal_moves = []

    def step(self, action):
        """With ``illegal_action='penalty'``, an action id outside the mask (a departed seat moving)
        plays the no-op instead and costs ``illegal_reward``; otherwise it raises."""
        agent = self.agent_selection
        seat = self.agent_name_mapping.get(agent)
        penalised = False
        if (self.illegal_action == "penalty" and seat is not None and self.engine.legal_actions(seat)
                and isinstance(action, (int, np.integer)) and not isinstance(action, (bool, np.bool_))
                and int(action) not in self.engine.legal_actions(seat)):
            self.illegal_moves.append({"step": self.engine.t, "agent": agent, "action": int(action)})
            action, penalised = self.engine.noop, True
        super().step(action)
        if penalised:
            self.rewards[agent] += self.illegal_reward
            self._cumulative_rewards[agent] += self.illegal_reward


class WrappedParallelEnv(_WrappedEnvBase, SimultaneousParallelEnv):
    wrong_agent_error, game_over_error = WrongAgentError, WrappedError
