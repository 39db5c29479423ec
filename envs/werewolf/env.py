"""PettingZoo adapters over the Werewolf engine: an AEC env and a parallel env.

The adapters own nothing of the game: they translate agent names to seats, build observations with
:class:`FeatureBuilder`, turn engine errors into the env's error policy, and hand out rewards.
"""

from __future__ import annotations

import copy
from typing import Any, ClassVar

import numpy as np
from gymnasium import spaces
from pettingzoo import AECEnv, ParallelEnv

from ..aec import SharedSpaces, check_seed, reset_aec_state
from .actions import Action, Kind
from .engine import WerewolfEngine
from .errors import IllegalActionError, WerewolfError
from .features import FeatureBuilder
from .narrate import describe
from .rules import RuleSet, get_variant

DEFAULT_VARIANT = "werewolf-arena-8"


class WrongAgentError(WerewolfError):
    pass


class _WerewolfBase(SharedSpaces):
    """What the AEC and parallel envs share: rules, engine, spaces, masks, rewards."""

    metadata: ClassVar[dict] = {"name": "werewolf_v0", "render_modes": ["human", "ansi"], "is_parallelizable": True}

    def _setup(self, variant, illegal_action, illegal_reward, max_cycles, render_mode, action_layout=None):
        if illegal_action not in ("raise", "penalty"):
            raise ValueError(f"illegal_action must be 'raise' or 'penalty', not {illegal_action!r}")
        if render_mode not in (None, *self.metadata["render_modes"]):
            raise ValueError(f"render_mode must be one of {self.metadata['render_modes']} or None, not {render_mode!r}")
        if max_cycles is not None and max_cycles < 1:
            raise ValueError(f"max_cycles must be a positive int or None, not {max_cycles!r}")
        self.rules: RuleSet = variant if isinstance(variant, RuleSet) else get_variant(variant)
        self.illegal_action = illegal_action
        self.illegal_reward = float(illegal_reward)
        self.max_cycles = max_cycles
        self.render_mode = render_mode
        self._rendered = 0
        # action_layout: None for the current version; a replay passes its record's (see actions.py)
        self._build(WerewolfEngine(self.rules, seed=None, action_layout=action_layout))

    def _build(self, engine: WerewolfEngine) -> None:
        """What follows from the rules and the engine: features, layouts, names, spaces."""
        self.engine = engine
        self.features = FeatureBuilder(engine)
        self.layout = self.engine.layout
        self.observation_layout = self.features.layout
        n = self.engine.n
        self.possible_agents = [f"player_{i}" for i in range(n)]
        self.agent_name_mapping = {a: i for i, a in enumerate(self.possible_agents)}
        self._observation_space = spaces.Dict({
            "observation": spaces.Box(0.0, 1.0, (self.observation_layout.size,), np.float32),
            "action_mask": spaces.Box(0, 1, (self.layout.size,), np.int8),
        })
        self._action_space = spaces.Discrete(self.layout.size)
        self._pass = self.layout.index(Kind.PASS)
        self._mask_size = self.layout.size
        # (seat, decision, mask bytes) of the last observation made; see step()
        self._shown_mask: tuple[int, object, bytearray] = (-1, None, bytearray())

    # A copy or pickle holds the constructor's arguments, the engine (which pickles as its rules,
    # seed and action history) and the per-step bookkeeping (agents, rewards, flags, cycles, the
    # illegal-move log); `_build` makes the rest again, so the spaces' arrays are not stored.
    _BUILT = frozenset({"features", "layout", "observation_layout", "possible_agents", "agent_name_mapping",
                        "_observation_space", "_action_space", "_pass", "_mask_size", "_shown_mask"})

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k not in self._BUILT}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._build(state["engine"])

    def __copy__(self):
        # A shallow copy would step the same engine as this env: copies are always independent.
        return copy.deepcopy(self)

    def _start(self, seed):
        check_seed(seed)
        self.engine.reset(seed)
        self.features.reset()
        self._cycles = 0
        self._rendered = 0
        self._shown_mask = (-1, None, bytearray())
        self.illegal_moves: list[dict] = []  # the log of penalised illegal actions

    def _observe(self, seat: int) -> dict[str, np.ndarray]:
        legal = self.engine.legal_actions(seat)
        # A fresh mask per call, its bytes set from Python and then viewed as int8: a dozen
        # bytearray stores cost a quarter of numpy's index assignment from a list (which first
        # converts the list to an index array), and the array owns its bytes as np.zeros' would.
        mask = bytearray(self._mask_size)
        if legal:
            for i in legal:
                mask[i] = 1
        elif not self.engine.done:
            mask[self._pass] = 1  # not this seat's turn: only the no-op
        # The AEC step() after last() checks a plain int against these bytes (one index) instead
        # of scanning the legal list again; they are the seat's legal set until the engine moves.
        self._shown_mask = (seat, self.engine.decision, mask)
        return {"observation": self.features.observe(seat, bool(legal)), "action_mask": np.frombuffer(mask, np.int8)}

    def _validate(self, seat: int, action) -> tuple[int | Action, bool]:
        """The action to apply and whether it was a penalised illegal one."""
        try:
            return self.engine.check(seat, action), False
        except IllegalActionError as err:
            if self.illegal_action == "raise":
                raise
            self.illegal_moves.append({"seat": seat, "day": self.engine.day, "phase": self.engine.decision.phase.name,
                                       "action": action if isinstance(action, (int, np.integer)) else repr(action),
                                       "error": str(err)})
            return self.engine.default_action(seat), True

    def _final_rewards(self) -> dict[str, float]:
        return dict(zip(self.possible_agents, self.engine.final_rewards()))

    def _cycle_done(self) -> bool:
        """Count one decision round; True when max_cycles truncates the game."""
        self._cycles += 1
        return self.max_cycles is not None and self._cycles >= self.max_cycles and not self.engine.done

    def render(self):
        if self.render_mode is None:
            return None
        events = self.engine.events
        lines = [t for ev in events[self._rendered:] if (t := describe(ev))]
        self._rendered = len(events)
        text = "\n".join(lines)
        if self.render_mode == "human":
            print(text)
            return None
        return text

    def state(self) -> np.ndarray:
        """The moderator's view: every seat's role one-hot (over the board's roles, as the
        observation's role blocks) plus the public features."""
        layout = self.observation_layout
        roles = np.zeros((self.engine.n, len(layout.roles)), np.float32)
        roles[np.arange(self.engine.n), [layout.column(r) for r in self.engine.roles]] = 1
        return np.concatenate((roles.ravel(), self.features.public))


class raw_env(_WerewolfBase, AECEnv):
    """The AEC env: only the seats that owe a decision are selected, one at a time."""

    def __init__(self, variant: str | RuleSet = DEFAULT_VARIANT, illegal_action: str = "raise",
                 illegal_reward: float = -1.0, max_cycles: int | None = None, render_mode: str | None = None,
                 action_layout: int | None = None):
        super().__init__()
        self._setup(variant, illegal_action, illegal_reward, max_cycles, render_mode, action_layout)

    def observe(self, agent):
        return self._observe(self.agent_name_mapping[agent])

    def last(self, observe: bool = True):
        # AECEnv.last, minus its call to the public observe() and its assert: one lookup per field.
        agent = self.agent_selection
        return (self._observe(self.agent_name_mapping[agent]) if observe else None,
                self._cumulative_rewards[agent], self.terminations[agent], self.truncations[agent], self.infos[agent])

    def reset(self, seed: int | None = None, options: dict[str, Any] | None = None):
        self._start(seed)
        reset_aec_state(self, self.possible_agents[self.engine.next_actor()])
        self._rewards_dirty = False

    def _accumulate_rewards(self) -> None:
        if self._rewards_dirty:
            super()._accumulate_rewards()

    def step(self, action):
        agent = self.agent_selection
        if self.terminations[agent] or self.truncations[agent]:
            return self._was_dead_step(action)
        seat = self.agent_name_mapping[agent]
        engine = self.engine
        round_before = engine.decision
        # The common case, a plain int among this seat's legal indices, needs none of check()'s
        # type and range tests; anything else (an Action, a numpy int, an illegal index) goes
        # through them and gets their error or penalty. After last() the seat's mask bytes answer
        # in one lookup (the engine has not moved since: same decision, and this seat has not
        # acted in it, or it would not be selected).
        shown_seat, shown_decision, mask = self._shown_mask
        if type(action) is int and (
            mask[action] == 1 if shown_seat == seat and shown_decision is round_before and 0 <= action < self._mask_size
            else action in engine.legal_actions(seat)
        ):
            act, penalised = action, False
        else:
            act, penalised = self._validate(seat, action)
        self._cumulative_rewards[agent] = 0.0
        # Rewards are rare (a penalty, the game's end): zero the dict only after a step that set them.
        rewards = self.rewards
        if self._rewards_dirty:
            for a in rewards:
                rewards[a] = 0.0
            self._rewards_dirty = False
        if penalised:
            rewards[agent] = self.illegal_reward
            self._rewards_dirty = True
        engine.apply(seat, act)
        if self.max_cycles is not None and engine.decision is not round_before and self._cycle_done():
            self.truncations = dict.fromkeys(self.agents, True)
            self.agent_selection = self.agents[0]
        elif engine.done:
            for a, r in self._final_rewards().items():
                rewards[a] += r
            self._rewards_dirty = True
            if engine.truncated:
                self.truncations = dict.fromkeys(self.agents, True)
            else:
                self.terminations = dict.fromkeys(self.agents, True)
            self.agent_selection = self.agents[0]
        else:
            self.agent_selection = self.possible_agents[engine.next_actor()]
        if self._rewards_dirty:
            self._accumulate_rewards()
        if self.render_mode == "human":
            self.render()


class parallel_env(_WerewolfBase, ParallelEnv):
    """The parallel env: every step is one decision round; waiting seats send the no-op (PASS).

    A round is one seat for turn-based phases (speeches, night roles) and several for
    simultaneous ones (wolves' kill vote, day vote, bids); their choices stay hidden until all
    are in. Dead seats stay in ``agents`` until the game ends, so the team reward reaches them.
    """

    def __init__(self, variant: str | RuleSet = DEFAULT_VARIANT, illegal_action: str = "raise",
                 illegal_reward: float = -1.0, max_cycles: int | None = None, render_mode: str | None = None,
                 action_layout: int | None = None):
        self._setup(variant, illegal_action, illegal_reward, max_cycles, render_mode, action_layout)

    def reset(self, seed: int | None = None, options: dict[str, Any] | None = None):
        self._start(seed)
        self.agents = self.possible_agents[:]
        return {a: self._observe(i) for i, a in enumerate(self.agents)}, {a: {} for a in self.agents}

    def step(self, actions: dict):
        engine = self.engine
        if engine.done or not self.agents:
            raise WerewolfError("the game is over; call reset() to play again")
        unknown = set(actions) - set(self.agents)
        if unknown:
            raise WrongAgentError(f"actions for agents not in the game: {sorted(unknown)}")
        rewards = dict.fromkeys(self.agents, 0.0)
        movers = engine.to_move()
        for agent in self.agents:
            seat = self.agent_name_mapping[agent]
            if seat in movers:
                continue
            action = actions.get(agent, self._pass)
            if action is not None and action != self._pass:
                self._waiting_action(agent, action, rewards)
        chosen = {}
        for seat in movers:
            agent = self.possible_agents[seat]
            if agent not in actions:
                raise WrongAgentError(
                    f"{agent} must act in the {engine.decision.phase.name} decision, but the actions dict has no entry for it"
                )
            chosen[seat], penalised = self._validate(seat, actions[agent])
            if penalised:
                rewards[agent] += self.illegal_reward
        for seat, act in chosen.items():
            engine.apply(seat, act)
        truncate = self._cycle_done()
        if engine.done:
            for a, r in self._final_rewards().items():
                rewards[a] += r
        over = engine.done or truncate
        terminations = dict.fromkeys(self.agents, engine.done and not engine.truncated)
        truncations = dict.fromkeys(self.agents, truncate or engine.truncated)
        observations = {a: self._observe(self.agent_name_mapping[a]) for a in self.agents}
        infos: dict[str, dict[str, Any]] = {a: {} for a in self.agents}
        if over:
            self.agents = []
        if self.render_mode == "human":
            self.render()
        return observations, rewards, terminations, truncations, infos

    def _waiting_action(self, agent: str, action, rewards: dict) -> None:
        """A seat that is not to move sent something other than the no-op."""
        message = (f"{agent} is not to move in the {self.engine.decision.phase.name} decision; "
                   f"its only legal action is {self._pass} (pass), got {action!r}")
        if self.illegal_action == "raise":
            raise IllegalActionError(message)
        self.illegal_moves.append({"seat": self.agent_name_mapping[agent], "day": self.engine.day,
                                   "phase": self.engine.decision.phase.name, "action": repr(action), "error": message})
        rewards[agent] += self.illegal_reward
