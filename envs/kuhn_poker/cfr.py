"""Kuhn Poker's Nash equilibrium computed by counterfactual regret minimization (OpenSpiel's CFR+).

:func:`solve` runs OpenSpiel's C++ ``CFRPlusSolver`` on its own ``kuhn_poker`` (the same game:
ante 1, bet 1, J < Q < K, PASS = 0 and BET = 1 in both) and reads the average policy at every
information state, which OpenSpiel writes as the seat's card (0 = J, 1 = Q, 2 = K) followed by
the betting so far ("p" / "b" per action): "0", "1pb", ... :class:`KuhnCFRAgent` plays that
policy from its own observation. The analytic family in :mod:`.agents` is the cross-check: the
solved policy must be in it, and both give player 0 the game's value, -1/18 (tests).

OpenSpiel is an optional dependency (``pip install parlour[vsbench]``); it is imported only when
a policy is solved, once per process and iteration count.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np

from parlour.agents.base import SyncAgent

from .agents import read_observation
from .engine import Move

DEFAULT_ITERATIONS = 2000  # CFR+ on Kuhn: exploitability about 1e-4 (tests hold it under 1e-3)
INFO_STATES = tuple(f"{card}{betting}" for card in range(3) for betting in ("", "pb", "p", "b"))


def _pyspiel():
    try:
        import pyspiel
    except ModuleNotFoundError:
        raise ModuleNotFoundError(
            "Kuhn Poker's CFR equilibrium needs OpenSpiel: pip install 'parlour[vsbench]' (the open-spiel wheel)",
            name="pyspiel") from None
    return pyspiel


@cache
def solve(iterations: int = DEFAULT_ITERATIONS) -> dict[str, tuple[float, float]]:
    """Information state -> (P(PASS), P(BET)) of CFR+'s average policy after ``iterations``."""
    if iterations < 1:
        raise ValueError(f"CFR needs at least 1 iteration, not {iterations}")
    pyspiel = _pyspiel()
    game = pyspiel.load_game("kuhn_poker")
    solver = pyspiel.CFRPlusSolver(game)
    for _ in range(iterations):
        solver.evaluate_and_update_policy()
    policy = solver.average_policy()
    table: dict[str, tuple[float, float]] = {}
    stack = [game.new_initial_state()]
    while stack:
        state = stack.pop()
        if state.is_terminal():
            continue
        if not state.is_chance_node():
            key = state.information_state_string()
            probs = dict(policy.action_probabilities(state))
            table[key] = (float(probs.get(Move.PASS.value, 0.0)), float(probs.get(Move.BET.value, 0.0)))
        stack.extend(state.child(a) for a in state.legal_actions())
    if set(table) != set(INFO_STATES):
        raise RuntimeError(f"OpenSpiel's kuhn_poker has information states {sorted(table)}, not {sorted(INFO_STATES)}")
    return table


def exploitability(iterations: int = DEFAULT_ITERATIONS) -> float:
    """OpenSpiel's exploitability (NashConv / 2) of the solved policy: 0 at an exact equilibrium."""
    pyspiel = _pyspiel()
    game = pyspiel.load_game("kuhn_poker")
    table = solve(iterations)
    policy = pyspiel.TabularPolicy({key: list(enumerate(probs)) for key, probs in table.items()})
    return float(pyspiel.exploitability(game, policy))


class KuhnCFRAgent(SyncAgent):
    """Plays CFR+'s equilibrium policy for either seat, sampling from its own seeded Generator."""

    name = "kuhn-cfr"

    def __init__(self, iterations: int = DEFAULT_ITERATIONS, seed: int | None = None):
        self.policy = solve(iterations)
        self.rng = np.random.default_rng(seed)

    def reset(self, seat: int, seed: int | None = None) -> None:
        super().reset(seat, seed)
        if seed is not None:
            self.rng = np.random.default_rng(seed)

    def action_probabilities(self, observation: dict) -> np.ndarray:
        """(P(PASS), P(BET)) for this observation."""
        _, card, betting = read_observation(observation)
        return np.array(self.policy[f"{card}{betting}"])

    def act_sync(self, observation: Any, info: dict) -> int:
        if not np.asarray(observation["action_mask"]).any():
            raise ValueError(f"seat {getattr(self, 'seat', '?')}: the action mask has no legal action")
        p_bet = self.action_probabilities(observation)[Move.BET]
        return int(Move.BET if self.rng.random() < p_bet else Move.PASS)
