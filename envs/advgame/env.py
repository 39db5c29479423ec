"""The PettingZoo AEC env over :class:`AdvGameEngine`.

A seat's ``observation`` (all in [0, 1]): its own draft (slot x unit one-hot), its own and the
other side's last revealed plans (the same layout), the gold left over the budget, the round over
the rounds, both sides' round wins over the rounds, a 1 when it is to move, and its last round's
result (won, drew, lost; zeros before the first battle). The other side's plan of the current
round is never in it. ``action_mask`` marks the units that fit the gold and a free slot, and SUBMIT.
"""

from __future__ import annotations

import copy
from typing import Any, ClassVar

import numpy as np
from gymnasium import spaces
from pettingzoo import AECEnv

from ..aec import check_seed, reset_aec_state
from .battle import DRAW
from .engine import AdvGameEngine, AdvGameError
from .narrate import narrate
from .render import lineups_image
from .rules import AdvGameRules, get_rules


class raw_env(AECEnv):
    metadata: ClassVar[dict] = {"name": "advgame_v0", "render_modes": ["ansi", "rgb_array"], "is_parallelizable": False}

    def __copy__(self):
        return copy.deepcopy(self)

    def __init__(self, rules: AdvGameRules | dict | str | None = None, illegal_action: str = "raise",
                 illegal_reward: float = -1.0, render_mode: str | None = None):
        super().__init__()
        if illegal_action not in ("raise", "penalty"):
            raise ValueError(f"illegal_action must be 'raise' or 'penalty', not {illegal_action!r}")
        if render_mode not in (None, *self.metadata["render_modes"]):
            raise ValueError(f"render_mode must be one of {self.metadata['render_modes']} or None, not {render_mode!r}")
        self.rules = get_rules(rules)
        self.illegal_action = illegal_action
        self.illegal_reward = float(illegal_reward)
        self.render_mode = render_mode
        self.engine = AdvGameEngine(self.rules)
        self.possible_agents = ["player_0", "player_1"]
        self.agent_name_mapping = {a: i for i, a in enumerate(self.possible_agents)}
        e = self.engine
        self._plan_size = self.rules.slots * e.num_units
        self.obs_size = 3 * self._plan_size + 8
        self._observation_space = spaces.Dict({
            "observation": spaces.Box(0.0, 1.0, (self.obs_size,), np.float32),
            "action_mask": spaces.Box(0, 1, (e.num_actions,), np.int8),
        })
        self._action_space = spaces.Discrete(e.num_actions)
        self.illegal_moves: list[dict] = []

    def observation_space(self, agent):
        return self._observation_space

    def action_space(self, agent):
        return self._action_space

    def _plan(self, x: np.ndarray, start: int, units) -> None:
        for k, u in enumerate(units):
            x[start + k * self.engine.num_units + u] = 1.0

    def _features(self, seat: int) -> np.ndarray:
        e, r = self.engine, self.rules
        x = np.zeros(self.obs_size, np.float32)
        if e.builder == seat:
            self._plan(x, 0, e.draft)
        if e.results:
            last = e.results[-1]
            self._plan(x, self._plan_size, last.plans[seat].units)
            self._plan(x, 2 * self._plan_size, last.plans[1 - seat].units)
        base = 3 * self._plan_size
        x[base] = max(r.budget - (e.draft_cost() if e.builder == seat else 0), 0) / r.budget
        x[base + 1] = e.round / r.rounds
        wins = e.wins()
        x[base + 2], x[base + 3] = wins[seat] / r.rounds, wins[1 - seat] / r.rounds
        x[base + 4] = float(e.builder == seat)
        if e.results:
            w = e.results[-1].winner
            x[base + 5 + (0 if w == seat else 1 if w == DRAW else 2)] = 1.0
        return x

    def _observe(self, seat: int) -> dict[str, np.ndarray]:
        mask = np.zeros(self.engine.num_actions, np.int8)
        mask[self.engine.legal_actions(seat)] = 1
        return {"observation": self._features(seat), "action_mask": mask}

    def observe(self, agent):
        return self._observe(self.agent_name_mapping[agent])

    def state(self) -> np.ndarray:
        return np.concatenate((self._features(0), self._features(1)))

    def reset(self, seed: int | None = None, options: dict[str, Any] | None = None):
        check_seed(seed)
        self.engine.reset(seed)
        self.illegal_moves = []
        reset_aec_state(self, self.possible_agents[self.engine.builder])

    def step(self, action):
        agent = self.agent_selection
        if self.terminations[agent] or self.truncations[agent]:
            return self._was_dead_step(action)
        seat = self.agent_name_mapping[agent]
        engine = self.engine
        for a in self.rewards:
            self.rewards[a] = 0.0
        self._cumulative_rewards[agent] = 0.0
        try:
            engine.step(seat, action)
        except AdvGameError as err:
            if self.illegal_action == "raise":
                raise
            self.illegal_moves.append({"seat": seat, "action": repr(action), "error": str(err)})
            self.rewards[agent] = self.illegal_reward
            engine.step(seat, engine.default_action(seat))
        if engine.done:
            for a, r in zip(self.possible_agents, engine.returns()):
                self.rewards[a] += r
            self.terminations = dict.fromkeys(self.agents, True)
            self.infos = {a: {"returns": engine.returns(), "round_wins": engine.wins()} for a in self.agents}
        else:
            self.agent_selection = self.possible_agents[engine.builder]
        self._accumulate_rewards()

    def render(self):
        if self.render_mode == "ansi":
            return "\n".join(text for _, text in narrate(self.engine)) or "Round 1: the sides are planning."
        if self.render_mode == "rgb_array":
            return lineups_image(self.engine)
        return None

    def observe_image(self, agent: str) -> np.ndarray:
        """One seat's picture: its own draft or plan, and the other side's last revealed plan."""
        return lineups_image(self.engine, self.agent_name_mapping[agent])

    def close(self):
        pass
