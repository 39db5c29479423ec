"""The PettingZoo AEC env over :class:`AdvGameEngine`.

A seat's ``observation`` (all in [0, 1]): its own draft (slot x unit one-hot), its own and the
other side's last revealed plans (the same layout), the gold left over the budget, the round over
the rounds, both sides' round wins over the rounds, a 1 when it is to move, and its last round's
result (won, drew, lost; zeros before the first battle). The other side's plan of the current
round is never in it. ``action_mask`` marks the units that fit the gold and a free slot, and SUBMIT.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from ..turn_based import TurnBasedEnv
from .battle import DRAW
from .engine import AdvGameEngine, AdvGameError
from .narrate import narrate
from .render import lineups_image
from .rules import AdvGameRules, get_rules


class raw_env(TurnBasedEnv):
    metadata: ClassVar[dict] = {"name": "advgame_v0", "render_modes": ["ansi", "rgb_array"], "is_parallelizable": False}
    illegal_action_error = AdvGameError
    engine: AdvGameEngine

    def __init__(self, rules: AdvGameRules | dict | str | None = None, illegal_action: str = "raise",
                 illegal_reward: float = -1.0, render_mode: str | None = None):
        super().__init__(illegal_action, illegal_reward, render_mode)
        self.rules = get_rules(rules)
        self.engine = AdvGameEngine(self.rules)
        self._plan_size = self.rules.slots * self.engine.num_units
        self.obs_size = 3 * self._plan_size + 8
        self._set_seats(2, self.obs_size, self.engine.num_actions)

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

    def state(self) -> np.ndarray:
        return np.concatenate((self._features(0), self._features(1)))

    def _seat_to_move(self) -> int:
        return self.engine.builder

    def _move(self, seat: int, action) -> None:
        self.engine.step(seat, action)  # an action id or a whole Plan: the engine checks either

    def _game_over(self) -> None:
        super()._game_over()
        engine = self.engine
        self.infos = {a: {"returns": engine.returns(), "round_wins": engine.wins()} for a in self.agents}

    def render(self):
        if self.render_mode == "ansi":
            return "\n".join(text for _, text in narrate(self.engine)) or "Round 1: the sides are planning."
        if self.render_mode == "rgb_array":
            return lineups_image(self.engine)
        return None

    def observe_image(self, agent: str) -> np.ndarray:
        """One seat's picture: its own draft or plan, and the other side's last revealed plan."""
        return lineups_image(self.engine, self.agent_name_mapping[agent])
