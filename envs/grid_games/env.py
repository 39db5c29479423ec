"""The PettingZoo envs over a grid engine: a parallel env (both players move at once, as the games
are played) and an AEC env (the same moves one seat after the other; the joint move is applied when
the second seat has chosen, so the first seat's choice is never visible to the second). The turn
and reward plumbing is the one every simultaneous-move game shares (``parlour.envs.simultaneous``).

Both envs build a seat's observation the same way (:class:`ObservationLayout`): egocentric grid
channels (own player, other player, then the game's objects, the coloured ones as "own colour" and
"other colour"), then the share of steps left and the seat's colour. Every move is always legal, so
the action mask is all ones for a seat to move and all zeros for a seat that has chosen (AEC) or
after the game.
"""

from __future__ import annotations

from typing import Any, ClassVar, NamedTuple

import numpy as np
from gymnasium import spaces

from ..simultaneous import OneSpaceFeatures, SimultaneousAECEnv, SimultaneousParallelEnv, check_max_cycles
from .battle_of_the_colors import BattleOfTheColorsEngine
from .coin_dilemma import CoinDilemmaEngine
from .engine import COLOURS, NUM_ACTIONS, GridEngine, GridError
from .monster_hunt import MonsterHuntEngine
from .render import board_image, board_text
from .rules import BattleOfTheColorsRules, CoinDilemmaRules, GridRules, MonsterHuntRules, get_rules

AGENTS = ("player_0", "player_1")
N_CHANNELS = 4


class ObservationLayout(NamedTuple):
    """Named parts of the ``observation`` vector of a board of ``size`` cells a side (all in [0, 1]).

    Channel ``c`` holds cell ``(x, y)`` at ``c * size * size + y * size + x``."""

    size: int
    channel_names: tuple[str, ...]

    @property
    def cells(self) -> int:
        return self.size * self.size

    @property
    def grid(self) -> slice:
        return slice(0, N_CHANNELS * self.cells)

    @property
    def steps_left(self) -> int:  # index: steps left / max_steps
        return N_CHANNELS * self.cells

    @property
    def colour(self) -> slice:  # one-hot: red, blue
        return slice(self.steps_left + 1, self.steps_left + 3)

    @property
    def length(self) -> int:
        return self.steps_left + 3

    def channel(self, x: np.ndarray, name: str) -> np.ndarray:
        """One channel as a (y, x) array."""
        c = self.channel_names.index(name)
        return np.asarray(x)[c * self.cells:(c + 1) * self.cells].reshape(self.size, self.size)

    def cells_of(self, x: np.ndarray, name: str) -> list[tuple[int, int]]:
        """The (x, y) cells marked in one channel."""
        return [(int(cx), int(cy)) for cy, cx in np.argwhere(self.channel(x, name) > 0)]


def channel_names(engine_type: type[GridEngine]) -> tuple[str, ...]:
    """own player, other player, then the objects: coloured ones as own/other colour."""
    names: list[str] = ["own player", "other player"]
    for obj in engine_type.object_names:
        colour, _, kind = obj.partition(" ")
        if colour in COLOURS:
            names += [f"own {kind}", f"other {kind}"]
        else:
            names.append(obj + "s" if engine_type.object_names.count(obj) > 1 else obj)
    unique = tuple(dict.fromkeys(names))
    assert len(unique) == N_CHANNELS, unique
    return unique


def _object_channels(engine_type: type[GridEngine], seat: int) -> list[int]:
    names = channel_names(engine_type)
    out = []
    for obj in engine_type.object_names:
        colour, _, kind = obj.partition(" ")
        if colour in COLOURS:
            out.append(names.index(f"{'own' if COLOURS.index(colour) == seat else 'other'} {kind}"))
        else:
            out.append(names.index(obj + "s" if engine_type.object_names.count(obj) > 1 else obj))
    return out


class _GridEnvBase(OneSpaceFeatures):
    """What both envs share: the engine, spaces, features and pictures."""

    engine_type: ClassVar[type[GridEngine]]
    rules_model: ClassVar[type[GridRules]]
    metadata: ClassVar[dict]

    def _setup(self, rules, render_mode: str | None, max_cycles: int | None) -> None:
        self.max_cycles = check_max_cycles(max_cycles)  # an env-side cut (truncation) before the game's own end
        if render_mode not in (None, *self.metadata["render_modes"]):
            raise ValueError(f"render_mode must be one of {self.metadata['render_modes']} or None, not {render_mode!r}")
        self.rules = get_rules(self.rules_model, rules)
        self.render_mode = render_mode
        self.engine = self.engine_type(self.rules)
        self.observation_layout = ObservationLayout(self.rules.grid_size, channel_names(self.engine_type))
        self._channels = [_object_channels(self.engine_type, s) for s in range(2)]
        self.possible_agents = list(AGENTS)
        self.agent_name_mapping = {a: i for i, a in enumerate(AGENTS)}
        self._observation_space = spaces.Dict({
            "observation": spaces.Box(0.0, 1.0, (self.observation_layout.length,), np.float32),
            "action_mask": spaces.Box(0, 1, (NUM_ACTIONS,), np.int8),
        })
        self._action_space = spaces.Discrete(NUM_ACTIONS)

    def _features(self, seat: int) -> np.ndarray:
        engine, layout = self.engine, self.observation_layout
        size, cells = layout.size, layout.cells
        x = np.zeros(layout.length, np.float32)
        for c, (px, py) in ((0, engine.players[seat]), (1, engine.players[1 - seat])):
            x[c * cells + py * size + px] = 1.0
        for c, (ox, oy) in zip(self._channels[seat], engine.objects):
            x[c * cells + oy * size + ox] = 1.0
        x[layout.steps_left] = engine.steps_left / engine.rules.max_steps
        x[layout.steps_left + 1 + seat] = 1.0
        return x

    def state(self) -> np.ndarray:
        """The whole board (full information): the red seat's features."""
        return self._features(0)

    def _end_info(self) -> dict[str, Any]:
        """VS-Bench's episode info: the returns and the event counts."""
        return {"returns": self.engine.returns(), **self.engine.count_dict()}

    def render(self):
        if self.render_mode == "ansi":
            e = self.engine
            return (board_text(e) + f"\nStep {e.t}/{e.rules.max_steps}. "
                    f"Scores: red {e.scores[0]}, blue {e.scores[1]}.")
        if self.render_mode == "rgb_array":
            return board_image(self.engine)
        return None

    def observe_image(self, agent: str) -> np.ndarray:
        """One seat's picture (a vision model's input): the board, its own player framed in gold."""
        return board_image(self.engine, self.agent_name_mapping[agent])


class WrongAgentError(GridError):
    pass


class GridAECEnv(_GridEnvBase, SimultaneousAECEnv):
    """A grid game as an AEC env: player_0 chooses, then player_1, then the joint move applies."""

    wrong_agent_error = WrongAgentError
    illegal_moves: list[dict]  # every move is always legal: a penalty never fires, the list stays empty

    def _on_reset(self) -> None:
        self.illegal_moves = []


class GridParallelEnv(_GridEnvBase, SimultaneousParallelEnv):
    """A grid game as a parallel env: both players' moves in one ``step``."""

    wrong_agent_error, game_over_error = WrongAgentError, GridError


def _meta(name: str) -> dict:
    return {"name": name, "render_modes": ["ansi", "rgb_array"], "is_parallelizable": True}


class CoinDilemmaAECEnv(GridAECEnv):
    engine_type, rules_model, metadata = CoinDilemmaEngine, CoinDilemmaRules, _meta("coin_dilemma_v0")


class CoinDilemmaParallelEnv(GridParallelEnv):
    engine_type, rules_model, metadata = CoinDilemmaEngine, CoinDilemmaRules, _meta("coin_dilemma_v0")


class MonsterHuntAECEnv(GridAECEnv):
    engine_type, rules_model, metadata = MonsterHuntEngine, MonsterHuntRules, _meta("monster_hunt_v0")


class MonsterHuntParallelEnv(GridParallelEnv):
    engine_type, rules_model, metadata = MonsterHuntEngine, MonsterHuntRules, _meta("monster_hunt_v0")


class BattleOfTheColorsAECEnv(GridAECEnv):
    engine_type, rules_model = BattleOfTheColorsEngine, BattleOfTheColorsRules
    metadata = _meta("battle_of_the_colors_v0")


class BattleOfTheColorsParallelEnv(GridParallelEnv):
    engine_type, rules_model = BattleOfTheColorsEngine, BattleOfTheColorsRules
    metadata = _meta("battle_of_the_colors_v0")
