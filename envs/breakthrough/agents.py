"""Breakthrough's reference agent: Monte-Carlo tree search with VS-Bench's settings (UCT with
c = 2, 100 simulations per move, one uniformly random rollout per leaf), as OpenSpiel's
``MCTSBot`` with a ``RandomRolloutEvaluator`` runs it, in two builds:

* :class:`MCTSAgent` is ours, on :class:`BreakthroughEngine`, with no dependency: the same
  search as OpenSpiel's Python ``MCTSBot`` (children expanded all at once in a random order,
  unvisited children first, UCT ``Q/N + c sqrt(ln N_parent / N)``, MCTS-Solver backing up proven
  wins and losses, the move chosen by proven value, then visits, then total reward).
* :class:`OpenSpielMCTSAgent` runs OpenSpiel's own ``MCTSBot`` (``pip install "parlour[vsbench]"``).

Both read only their own observation (the board and whose turn it is): ours rebuilds the position
from it; OpenSpiel's keeps a pyspiel state and finds the opponent's move that leads to the board
it is shown. tests/test_breakthrough.py plays them against each other and against random.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from parlour.agents.base import SyncAgent

from .engine import BreakthroughEngine
from .env import board_from_observation, observation_layout
from .rules import BreakthroughRules, get_rules

UCT_C = 2.0
SIMULATIONS = 100


class _Node:
    __slots__ = ("action", "player", "visits", "reward", "outcome", "children")

    def __init__(self, action: int, player: int):
        self.action = action
        self.player = player  # the seat that chose ``action`` (whose reward this node sums)
        self.visits = 0
        self.reward = 0.0
        self.outcome: list[float] | None = None  # proven returns, when the solver knows them
        self.children: list[_Node] = []

    def uct(self, parent_visits: int, c: float) -> float:
        if self.outcome is not None:
            return self.outcome[self.player]
        if self.visits == 0:
            return math.inf
        return self.reward / self.visits + c * math.sqrt(math.log(parent_visits) / self.visits)

    def sort_key(self) -> tuple[float, int, float]:
        return (0.0 if self.outcome is None else self.outcome[self.player], self.visits, self.reward)


def mcts_search(engine: BreakthroughEngine, rng: np.random.Generator, simulations: int = SIMULATIONS,
                uct_c: float = UCT_C, solve: bool = True) -> int:
    """The move UCT search picks for the seat to move in ``engine`` (which it does not change)."""
    root = _Node(-1, engine.current)
    for _ in range(simulations):
        state, node, path = engine.clone(), root, [root]
        while not state.done and node.visits > 0:
            if not node.children:
                legal = state.legal_actions(state.current)
                order = rng.permutation(len(legal))  # no bias from the move generator's order
                node.children = [_Node(legal[i], state.current) for i in order]
            parent_visits = node.visits
            node = max(node.children, key=lambda child: child.uct(parent_visits, uct_c))
            state.apply(state.current, node.action)
            path.append(node)
        if state.done:
            returns = state.returns()
            node.outcome = returns
            solved = solve
        else:
            returns = [1.0, -1.0] if state.random_playout(rng) == 0 else [-1.0, 1.0]
            solved = False
        for node in reversed(path):
            node.reward += returns[node.player]
            node.visits += 1
            if solved and node.children:
                chooser = node.children[0].player
                best, all_solved = None, True
                for child in node.children:
                    if child.outcome is None:
                        all_solved = False
                    elif best is None or child.outcome[chooser] > best.outcome[chooser]:  # type: ignore[index]
                        best = child
                if best is not None and (all_solved or best.outcome[chooser] == 1.0):  # type: ignore[index]
                    node.outcome = best.outcome
                else:
                    solved = False
        if root.outcome is not None:
            break
    return max(root.children, key=_Node.sort_key).action


def _seat_and_mover(observation: dict, layout) -> tuple[int, bool]:
    x = np.asarray(observation["observation"])
    return int(np.argmax(x[layout.seat])), bool(x[layout.to_move.start] > 0.5)


class MCTSAgent(SyncAgent):
    """Our UCT search with VS-Bench's settings, seeded; reads the board from its observation."""

    name = "breakthrough-mcts"

    def __init__(self, rules: BreakthroughRules | dict | str | None = None, simulations: int = SIMULATIONS,
                 uct_c: float = UCT_C, seed: int | None = None):
        if simulations < 1:
            raise ValueError(f"simulations must be at least 1, not {simulations!r}")
        self.rules = get_rules(rules)
        self.layout = observation_layout(self.rules)
        self.simulations, self.uct_c = simulations, uct_c
        self.rng = np.random.default_rng(seed)

    def reset(self, seat: int, seed: int | None = None) -> None:
        super().reset(seat, seed)
        if seed is not None:
            self.rng = np.random.default_rng(seed)

    def act_sync(self, observation: Any, info: dict) -> int:
        seat, to_move = _seat_and_mover(observation, self.layout)
        if not to_move:
            raise ValueError(f"seat {seat}: the observation says it is not this seat's turn")
        board = board_from_observation(np.asarray(observation["observation"]), self.layout)
        engine = BreakthroughEngine.from_position(self.rules, board, seat)
        return mcts_search(engine, self.rng, self.simulations, self.uct_c)


class OpenSpielMCTSAgent(SyncAgent):
    """OpenSpiel's ``MCTSBot`` (its Python one, as VS-Bench uses) with VS-Bench's settings.

    It keeps a pyspiel state of the game; at each turn it finds the opponent's move that turns
    that state into the board of the observation, so it must see every one of its own turns
    from the start of the game (as it does when it plays a seat through the runner).
    """

    name = "breakthrough-openspiel-mcts"

    def __init__(self, rules: BreakthroughRules | dict | str | None = None, simulations: int = SIMULATIONS,
                 uct_c: float = UCT_C, seed: int | None = None):
        try:
            import pyspiel
            from open_spiel.python.algorithms import mcts
        except ImportError as e:
            raise ImportError("OpenSpiel's MCTS needs the open-spiel package: pip install 'parlour[vsbench]'") from e
        self.rules = get_rules(rules)
        self.layout = observation_layout(self.rules)
        self.game = pyspiel.load_game("breakthrough", {"rows": self.rules.rows, "columns": self.rules.columns})
        self._mcts, self.simulations, self.uct_c = mcts, simulations, uct_c
        self._seed(seed)
        self.state = None

    def _seed(self, seed: int | None) -> None:
        random_state = np.random.RandomState(seed)
        evaluator = self._mcts.RandomRolloutEvaluator(n_rollouts=1, random_state=random_state)
        self.bot = self._mcts.MCTSBot(self.game, uct_c=self.uct_c, max_simulations=self.simulations,
                                      evaluator=evaluator, random_state=random_state)

    def reset(self, seat: int, seed: int | None = None) -> None:
        super().reset(seat, seed)
        if seed is not None:
            self._seed(seed)
        self.state = None

    def _planes(self, x: np.ndarray) -> np.ndarray:
        return x[: self.layout.seat.start]

    def act_sync(self, observation: Any, info: dict) -> int:
        x = np.asarray(observation["observation"], np.float32)
        seat, to_move = _seat_and_mover(observation, self.layout)
        if not to_move:
            raise ValueError(f"seat {seat}: the observation says it is not this seat's turn")
        state = self.state if self.state is not None else self.game.new_initial_state()
        target = self._planes(x)
        if not (state.current_player() == seat and np.array_equal(np.asarray(state.observation_tensor(0)), target)):
            for action in state.legal_actions():
                child = state.child(action)
                if np.array_equal(np.asarray(child.observation_tensor(0)), target):
                    state = child
                    break
            else:
                raise ValueError(f"seat {seat}: no single opponent move leads to the observed board; this agent "
                                 "must see each of its turns from the start of the game")
        action = int(self.bot.step(state))
        self.state = state.child(action)
        return action
