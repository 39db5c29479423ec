"""The PettingZoo plumbing of games whose seats move one at a time (Kuhn Poker, Breakthrough,
Hanabi, AdvGameBench's battle): an AEC env in which the engine says whose turn it is.

An env subclass builds its engine, names its seats and spaces (``_set_seats``) and gives the
features (``_features``); small hooks say what its game does differently: whose turn the engine
says it is, how a move is checked and played, what the end pays, how the engine is reset.
Everything else lives here once: the constructor's checks, the spaces, ``observe``, reset's
bookkeeping and ``step`` with its illegal-action policy: ``'raise'``, or ``'penalty'``, which logs
the move in ``illegal_moves``, charges the seat ``illegal_reward`` and plays the engine's default
action instead.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
from gymnasium import spaces
from pettingzoo import AECEnv

from .aec import SharedSpaces, check_seed, reset_aec_state


class TurnBasedEnv(SharedSpaces, AECEnv):
    """A turn-based game as an AEC env. Subclasses set ``metadata``, ``illegal_action_error``,
    ``rules`` and ``engine``, call ``_set_seats`` and give ``_features(seat)``."""

    metadata: ClassVar[dict]
    illegal_action_error: ClassVar[type[Exception]]  # what 'penalty' turns into a fine and the default action
    engine: Any  # each game's env narrows it to its own engine type

    def __init__(self, illegal_action: str = "raise", illegal_reward: float = -1.0, render_mode: str | None = None):
        super().__init__()
        if illegal_action not in ("raise", "penalty"):
            raise ValueError(f"illegal_action must be 'raise' or 'penalty', not {illegal_action!r}")
        if render_mode not in (None, *self.metadata["render_modes"]):
            raise ValueError(f"render_mode must be one of {self.metadata['render_modes']} or None, not {render_mode!r}")
        self.illegal_action = illegal_action
        self.illegal_reward = float(illegal_reward)
        self.render_mode = render_mode
        self.illegal_moves: list[dict] = []

    def _set_seats(self, seats: int, observation_size: int, num_actions: int) -> None:
        """Seats ``player_0`` .. ``player_{seats-1}``, and the spaces they all share."""
        self.possible_agents = [f"player_{i}" for i in range(seats)]
        self.agent_name_mapping = {a: i for i, a in enumerate(self.possible_agents)}
        self._observation_space = spaces.Dict({
            "observation": spaces.Box(0.0, 1.0, (observation_size,), np.float32),
            "action_mask": spaces.Box(0, 1, (num_actions,), np.int8),
        })
        self._action_space = spaces.Discrete(num_actions)

    def __copy__(self):
        return copy.deepcopy(self)  # a shallow copy would step the same engine as this env

    if TYPE_CHECKING:  # every concrete env defines its features

        def _features(self, seat: int) -> np.ndarray: ...

    def _observe(self, seat: int) -> dict[str, np.ndarray]:
        mask = np.zeros(self._action_space.n, np.int8)
        mask[self.engine.legal_actions(seat)] = 1  # a waiting seat or a finished game: none
        return {"observation": self._features(seat), "action_mask": mask}

    def observe(self, agent):
        return self._observe(self.agent_name_mapping[agent])

    # ------------------------------------------------------------------ hooks
    def _seat_to_move(self) -> int:
        """The seat whose turn the engine says it is."""
        return self.engine.current

    def _reset_engine(self, seed: int | None, options: dict[str, Any] | None) -> None:
        self.engine.reset(seed)

    def _move(self, seat: int, action) -> None:
        """Check and play ``seat``'s move; an illegal one raises ``illegal_action_error`` and
        changes nothing. A game that pays as it goes adds to ``rewards`` here."""
        engine = self.engine
        engine.apply(seat, engine.check(seat, action))

    def _game_over(self) -> None:
        """The engine says the game is over: pay every seat its return and end every agent."""
        for a, r in zip(self.possible_agents, self.engine.returns()):
            self.rewards[a] += r
        self.terminations = dict.fromkeys(self.agents, True)

    # ------------------------------------------------------------------ AEC
    def reset(self, seed: int | None = None, options: dict[str, Any] | None = None):
        check_seed(seed)
        self._reset_engine(seed, options)
        self.illegal_moves = []
        reset_aec_state(self, self.possible_agents[self._seat_to_move()])

    def step(self, action):
        agent = self.agent_selection
        if self.terminations[agent] or self.truncations[agent]:
            return self._was_dead_step(action)
        seat = self.agent_name_mapping[agent]
        for a in self.rewards:
            self.rewards[a] = 0.0
        self._cumulative_rewards[agent] = 0.0
        try:
            self._move(seat, action)
        except self.illegal_action_error as err:
            if self.illegal_action == "raise":
                raise
            self.illegal_moves.append({"seat": seat, "action": repr(action), "error": str(err)})
            self.rewards[agent] = self.illegal_reward
            self._move(seat, self.engine.default_action(seat))
        if self.engine.done:
            self._game_over()
        else:
            self.agent_selection = self.possible_agents[self._seat_to_move()]
        self._accumulate_rewards()
