"""The kitchen's PettingZoo envs: a parallel env (both chefs move at once, as the game is played)
and an AEC env over the same engine and plumbing (``parlour.envs.simultaneous``).

A seat's observation (:class:`ObservationLayout` names its parts) is grid channels, own chef
first, then the kitchen's tiles and what lies on them, then both chefs' facings and what they
hold, the seat's chef index and the share of steps left; all in [0, 1]. Every action is always
legal: the mask is all ones for a seat to move, all zeros for a seat that has chosen (AEC) and
after the episode.
"""

from __future__ import annotations

from typing import Any, ClassVar, NamedTuple

import numpy as np
from gymnasium import spaces

from ..simultaneous import OneSpaceFeatures, SimultaneousAECEnv, SimultaneousParallelEnv, check_max_cycles
from .engine import NUM_ACTIONS, Item, KitchenEngine, KitchenError
from .render import kitchen_image, kitchen_text
from .rules import get_rules

AGENTS = ("player_0", "player_1")
CHANNELS = ("own chef", "other chef", "counter", "pot", "onion dispenser", "dish dispenser", "serving",
            "onions in pot", "cooking", "soup ready", "onion on counter", "dish on counter", "soup on counter")
TILE_CHANNEL = {"X": "counter", "P": "pot", "O": "onion dispenser", "D": "dish dispenser", "S": "serving"}
ON_COUNTER = {Item.ONION: "onion on counter", Item.DISH: "dish on counter", Item.SOUP: "soup on counter"}
N_FACINGS, N_ITEMS = 4, len(Item)


class ObservationLayout(NamedTuple):
    """Named parts of the ``observation`` vector of a kitchen ``width`` x ``height`` tiles.

    Channel ``c`` holds tile ``(x, y)`` at ``c * width * height + y * width + x``."""

    width: int
    height: int

    @property
    def cells(self) -> int:
        return self.width * self.height

    def channel_index(self, name: str) -> int:
        return CHANNELS.index(name) * self.cells

    def facing(self, own: bool) -> slice:  # one-hot: up, down, right, left
        start = len(CHANNELS) * self.cells + (0 if own else N_FACINGS)
        return slice(start, start + N_FACINGS)

    def holding(self, own: bool) -> slice:  # one-hot: nothing, onion, dish, soup
        start = len(CHANNELS) * self.cells + 2 * N_FACINGS + (0 if own else N_ITEMS)
        return slice(start, start + N_ITEMS)

    @property
    def chef_index(self) -> int:  # 0 for chef 0, 1 for chef 1
        return len(CHANNELS) * self.cells + 2 * N_FACINGS + 2 * N_ITEMS

    @property
    def steps_left(self) -> int:
        return self.chef_index + 1

    @property
    def length(self) -> int:
        return self.steps_left + 1

    def channel(self, x: np.ndarray, name: str) -> np.ndarray:
        """One channel as a (y, x) array."""
        c = self.channel_index(name)
        return np.asarray(x)[c:c + self.cells].reshape(self.height, self.width)

    def cells_of(self, x: np.ndarray, name: str) -> list[tuple[int, int]]:
        return [(int(cx), int(cy)) for cy, cx in np.argwhere(self.channel(x, name) > 0)]


class WrongAgentError(KitchenError):
    pass


class _KitchenEnvBase(OneSpaceFeatures):
    metadata: ClassVar[dict] = {"name": "overcooked_v0", "render_modes": ["ansi", "rgb_array"],
                                "is_parallelizable": True}

    def _setup(self, rules, render_mode: str | None, max_cycles: int | None) -> None:
        self.max_cycles = check_max_cycles(max_cycles)
        if render_mode not in (None, *self.metadata["render_modes"]):
            raise ValueError(f"render_mode must be one of {self.metadata['render_modes']} or None, not {render_mode!r}")
        self.rules = get_rules(rules)
        self.render_mode = render_mode
        self.engine = KitchenEngine(self.rules)
        self.observation_layout = layout = ObservationLayout(*self.engine.size)
        self._static = np.zeros(layout.length, np.float32)  # the tiles never change
        for (x, y), tile in self.engine.tiles.items():
            if tile in TILE_CHANNEL:
                self._static[layout.channel_index(TILE_CHANNEL[tile]) + y * layout.width + x] = 1.0
        self.possible_agents = list(AGENTS)
        self.agent_name_mapping = {a: i for i, a in enumerate(AGENTS)}
        self._observation_space = spaces.Dict({
            "observation": spaces.Box(0.0, 1.0, (layout.length,), np.float32),
            "action_mask": spaces.Box(0, 1, (NUM_ACTIONS,), np.int8),
        })
        self._action_space = spaces.Discrete(NUM_ACTIONS)

    def _features(self, seat: int) -> np.ndarray:
        e, layout = self.engine, self.observation_layout
        x = self._static.copy()
        w = layout.width

        def mark(name: str, cell: tuple[int, int], value: float = 1.0) -> None:
            x[layout.channel_index(name) + cell[1] * w + cell[0]] = value

        mark("own chef", e.positions[seat])
        mark("other chef", e.positions[1 - seat])
        for cell, pot in e.pots.items():
            mark("onions in pot", cell, pot.onions / e.rules.soup_onions)
            if e.pot_cooking(pot):
                mark("cooking", cell, (pot.tick + 1) / (e.rules.cook_time + 1))
            if e.pot_ready(pot):
                mark("soup ready", cell)
        for cell, held in e.counters.items():
            mark(ON_COUNTER[held.item], cell)
        for own, s in ((True, seat), (False, 1 - seat)):
            x[layout.facing(own).start + e.facings[s]] = 1.0
            x[layout.holding(own).start + e.held[s].item] = 1.0
        x[layout.chef_index] = float(seat)
        x[layout.steps_left] = e.steps_left / e.rules.max_steps
        return x

    def state(self) -> np.ndarray:
        return self._features(0)

    def _end_info(self) -> dict[str, Any]:
        return {"returns": self.engine.returns(), **self.engine.details()}

    def render(self):
        if self.render_mode == "ansi":
            e = self.engine
            return kitchen_text(e) + f"\nStep {e.t}/{e.rules.max_steps}. Score: {e.score}."
        if self.render_mode == "rgb_array":
            return kitchen_image(self.engine)
        return None

    def observe_image(self, agent: str) -> np.ndarray:
        """One seat's picture (a vision model's input): the kitchen, its chef framed in gold."""
        return kitchen_image(self.engine, self.agent_name_mapping[agent])


class KitchenAECEnv(_KitchenEnvBase, SimultaneousAECEnv):
    """The kitchen as an AEC env: player_0 (chef 0) chooses, then player_1, then both act."""

    wrong_agent_error = WrongAgentError


class KitchenParallelEnv(_KitchenEnvBase, SimultaneousParallelEnv):
    """The kitchen as a parallel env: both chefs' actions in one ``step``."""

    wrong_agent_error, game_over_error = WrongAgentError, KitchenError
