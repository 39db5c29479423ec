"""A Gymnasium single-agent view of any registered game: "play these seats against these agents".

``parlour.envs.single_agent(env_id, seats=[...], opponents=SPEC)`` returns a :class:`SingleAgentEnv`,
a ``gymnasium.Env`` that libraries such as Stable-Baselines3 and sb3-contrib's ``MaskablePPO``
train on unchanged:

=================  ==============================================================================
observation        the learner seat's numpy features (the game's ``observation`` Box)
action             the game's flat ``Discrete`` action; ``action_masks()`` is the legal ones (bool)
reward             the learner's reward since its previous step (the game's return, at the end)
terminated         the game ended; ``truncated`` when the game's day limit (or ``max_cycles``) cut it
info               ``seat`` (the seat to act), ``game_seed``, ``action_mask``; at the end ``episode_return``, ``won``,
                   ``game_steps`` (every seat's decisions in the game, the opponents' played inside ``step()``
                   included, a finished seat's no-op steps not: the game's length in player actions)
=================  ==============================================================================

Seats. ``seats`` is a list of seat numbers, or the name of a group the game names after the deal
(Werewolf: ``"village"``, ``"wolves"``, a role such as ``"seer"``; Kuhn Poker: ``"first"``,
``"second"``), resolved anew at each reset. With several learner seats (a Werewolf side) **one
policy controls all of them in turn**: each decision of any learner seat is one step, the
observation is that seat's own view (its seat one-hot tells it who it is now, and it sees nothing
another seat of the side would not share), and ``info["seat"]`` names it. The reward is the mean over
the learner seats of what each received since the previous step: for a side that shares the
team reward (Werewolf's +1/-1) that is the team reward, for one seat its own reward.

Opponents. Every other seat is played inside ``step()`` by an agent: ``opponents`` is an agent spec
(``"random"``, ``"scripted"``, ``"equilibrium"``, ``"python:module:factory"``, as on the command
line), an agent object (when there is only one opponent seat), a factory ``f(env, seat, seed)``
returning an agent, or a mapping seat -> any of those.

Seeding. ``reset(seed=s)`` seeds the env's own Generator; every game draws its game seed from it, so
a sequence of resets after one seeded reset is reproducible (what a vector env's auto-reset does).
The game with game seed ``g`` is the one ``parlour.play_game(..., seed=g)`` plays with the same
agents: the env and the opponents are seeded the way the runner seeds them.
``reset(options={"game_seed": g})`` plays that game directly (an evaluation over fixed seeds).
A game that ends before a learner seat has a decision (a learner killed on the first night) is
skipped: reset starts the next one, so a reset always returns a decision.

Illegal actions get ``illegal_action="penalty"`` by default: the game's penalty reward (-1) and its
no-op, as the PettingZoo env's option does, so unmasked libraries and ``check_env`` can step it; a
masked policy never takes one. ``illegal_action="raise"`` raises instead.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from typing import Any

import gymnasium
import numpy as np
from gymnasium import spaces

from ..agentspec import build_agent
from ..game import seat_name
from ..registry import resolve

Opponent = Any  # an agent spec (str), an agent object, or a factory (env, seat, seed) -> agent
SEED_SPACE = 2**31  # game seeds are drawn below this


class NoLearnerSeatError(ValueError):
    pass


class SingleAgentEnv(gymnasium.Env):
    """One learner (one seat, or several played in turn by one policy) against agents; see the module doc."""

    metadata: dict[str, Any] = {"render_modes": ["ansi"]}

    def __init__(self, env_id: str, seats: Sequence[int] | str = (0,), opponents: Opponent | Mapping[int, Opponent] = "random",
                 *, illegal_action: str = "penalty", render_mode: str | None = None, **env_kwargs):
        self.env_id = env_id
        self.game, self.rules = resolve(env_id)
        self.env = self.game.raw_env(self.rules, illegal_action=illegal_action, **env_kwargs)
        self.n = len(self.env.possible_agents)
        if isinstance(seats, str):
            self._group: str | None = seats
            self._fixed: list[int] = []
        else:
            self._group = None
            self._fixed = sorted({int(s) for s in seats})
            bad = [s for s in self._fixed if not 0 <= s < self.n]
            if not self._fixed or bad:
                raise NoLearnerSeatError(f"seats {list(seats)}: expected seats in 0..{self.n - 1} of {env_id!r}")
        if render_mode not in (None, *self.metadata["render_modes"]):
            raise ValueError(f"render_mode must be 'ansi' or None, not {render_mode!r}")
        self.render_mode = render_mode
        self.opponents = opponents
        self._agents: dict[int, Any] = {}  # seat -> its opponent agent, built on first use
        first = self.env.possible_agents[0]
        inner_obs = self.env.observation_space(first)["observation"]
        self.observation_space = spaces.Box(inner_obs.low, inner_obs.high, inner_obs.shape, inner_obs.dtype)
        self.action_space = spaces.Discrete(int(self.env.action_space(first).n))
        self._mask = np.zeros(self.action_space.n, bool)
        self.learner_seats: list[int] = []
        self.game_seed: int | None = None
        self._done = True
        self._seat = -1
        self._game_steps = 0  # every seat's decisions in this game (the learner's and the opponents')

    # ------------------------------------------------------------------ opponents
    def _opponent(self, seat: int):
        agent = self._agents.get(seat)
        if agent is None:
            spec = self.opponents[seat] if isinstance(self.opponents, Mapping) else self.opponents
            if isinstance(spec, str):
                agent = build_agent(spec, self.env, seat, None)
            elif callable(spec) and not hasattr(spec, "act") and not hasattr(spec, "act_sync"):
                agent = spec(self.env, seat, None)
            else:
                if any(a is spec for s, a in self._agents.items() if s != seat):
                    raise ValueError("one agent object cannot play several opponent seats (it keeps one seat's "
                                     "state): pass a spec, a factory f(env, seat, seed), or a mapping seat -> agent")
                agent = spec
            self._agents[seat] = agent
        return agent

    def _act(self, agent, obs, info):
        if getattr(agent, "is_async", False) or not hasattr(agent, "act_sync"):
            return asyncio.run(agent.act(obs, info))
        return agent.act_sync(obs, info)

    # ------------------------------------------------------------------ gymnasium API
    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None):
        super().reset(seed=seed)
        game_seed = (options or {}).get("game_seed")
        while True:
            if game_seed is None:
                game_seed = int(self.np_random.integers(SEED_SPACE))
            self._start(int(game_seed))
            if not self._done:
                return self._obs(), self._info()
            game_seed = None  # the game ended with no learner decision: play the next one

    def _start(self, game_seed: int) -> None:
        env = self.env
        self.game_seed = game_seed
        env.reset(seed=game_seed)
        if self._group is not None:
            groups = self.game.seat_groups(self.game.engine_of(env))
            if self._group not in groups:
                raise NoLearnerSeatError(f"seats {self._group!r}: {self.env_id!r} names the groups {', '.join(groups) or 'none'}")
            self.learner_seats = list(groups[self._group])
        else:
            self.learner_seats = self._fixed
        self._learner_names = {seat_name(s) for s in self.learner_seats}
        for seat in range(self.n):
            if seat not in self.learner_seats:
                self._opponent(seat).reset(seat, game_seed * 1009 + seat)  # as parlour's runner seeds seats
        self._done = False
        self._seat = -1
        self._reward = 0.0
        self._game_steps = 0
        self._advance()

    def _collect(self) -> None:
        rewards = self.env.rewards
        if any(rewards.values()):  # most steps pay no seat anything: skip the sum over the learner seats
            self._reward += sum(rewards.get(name, 0.0) for name in self._learner_names) / len(self._learner_names)

    def _advance(self) -> None:
        """Play the opponents (and finished seats' dead steps) until a learner seat must decide."""
        env = self.env
        while env.agents:
            agent_id = env.agent_selection
            if env.terminations[agent_id] or env.truncations[agent_id]:
                env.step(None)
                self._collect()
                continue
            seat = env.agent_name_mapping[agent_id]
            obs = env.observe(agent_id)
            if agent_id in self._learner_names:
                self._seat, self._obs_dict = seat, obs
                np.not_equal(obs["action_mask"], 0, out=self._mask)
                return
            env.step(self._act(self._opponent(seat), obs, env.infos[agent_id]))
            self._game_steps += 1
            self._collect()
        self._done = True
        self._mask[:] = False
        if self._seat >= 0:
            self._obs_dict = env.observe(seat_name(self._seat))

    def step(self, action):
        if self._done:
            raise RuntimeError("step() after the game ended: call reset()")
        self._reward = 0.0
        self.env.step(int(action))
        self._game_steps += 1
        self._collect()
        self._advance()
        reward = self._reward
        terminated = truncated = False
        info = self._info()
        if self._done:
            outcome = self.game.outcome(self.game.engine_of(self.env))
            truncated = bool(outcome.truncated)
            terminated = not truncated
            info["episode_return"] = float(np.mean([outcome.returns[s] for s in self.learner_seats]))
            info["won"] = any(s in outcome.winners for s in self.learner_seats)
            info["game_steps"] = self._game_steps
        return self._obs(), reward, terminated, truncated, info

    def _obs(self) -> np.ndarray:
        return self._obs_dict["observation"]

    def _info(self) -> dict[str, Any]:
        return {"seat": self._seat, "game_seed": self.game_seed, "action_mask": self._mask.copy()}

    @property
    def seat(self) -> int:
        """The learner seat to act now (its last one once the game is over)."""
        return self._seat

    def action_masks(self) -> np.ndarray:
        """The legal actions of the learner seat to act, as bools (all False once the game is over)."""
        return self._mask.copy()

    def render(self):
        if self.render_mode != "ansi":
            return None
        lines = self.game.narrate(self.game.engine_of(self.env))
        return "\n".join(line.text for line in lines)

    def close(self) -> None:
        self.env.close()


def single_agent(env_id: str, seats: Sequence[int] | str = (0,), opponents: Opponent | Mapping[int, Opponent] = "random",
                 **kwargs) -> SingleAgentEnv:
    """A ``gymnasium.Env`` that plays ``seats`` of ``env_id`` ('GAME' or 'GAME/BOARD') against
    ``opponents``; see :mod:`parlour.envs.single_agent_env`."""
    return SingleAgentEnv(env_id, seats, opponents, **kwargs)

