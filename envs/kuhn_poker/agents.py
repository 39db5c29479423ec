"""Scripted Kuhn Poker agents that read only their own observation.

:class:`KuhnEquilibriumAgent` plays the known family of Nash equilibria (Kuhn 1950; the table in
OpenSpiel's ``open_spiel/python/games/data.py``, ``kuhn_nash_equilibrium(alpha)``), the
probability of BET at each information set, alpha in [0, 1/3]:

============  ===================  ==================================
player 0      first to act         after pass, bet (call?)
============  ===================  ==================================
Jack          alpha (a bluff)      0
Queen         0                    alpha + 1/3
King          3 alpha              1
============  ===================  ==================================

============  ===================  ==================================
player 1      after a pass (bet?)  after a bet (call?)
============  ===================  ==================================
Jack          1/3 (a bluff)        0
Queen         0                    1/3
King          1                    1
============  ===================  ==================================

Player 1's strategy is the same for every alpha, and against it every one of player 0's gets
the game's value, -1/18 chip a hand for player 0.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from parlour.agents.base import SyncAgent

from .engine import JACK, KING, QUEEN, Move
from .env import OBS

THIRD = 1.0 / 3.0


def bet_probability(seat: int, card: int, betting: str, alpha: float) -> float:
    """The equilibrium's chance of BET for ``seat`` holding ``card`` after ``betting``
    ("" at the start, then "p" / "b" per action, as OpenSpiel writes information states)."""
    table = {
        (0, ""): {JACK: alpha, QUEEN: 0.0, KING: 3 * alpha},
        (0, "pb"): {JACK: 0.0, QUEEN: alpha + THIRD, KING: 1.0},
        (1, "p"): {JACK: THIRD, QUEEN: 0.0, KING: 1.0},
        (1, "b"): {JACK: 0.0, QUEEN: THIRD, KING: 1.0},
    }
    try:
        return table[(seat, betting)][card]
    except KeyError:
        raise ValueError(f"seat {seat} never acts after betting {betting!r}") from None


def read_observation(observation: dict) -> tuple[int, int, str]:
    """(seat, card, betting so far) from a seat's own observation vector."""
    x = np.asarray(observation["observation"])
    seat = int(np.argmax(x[OBS.seat]))
    card = int(np.argmax(x[OBS.card]))
    betting = x[OBS.betting].reshape(-1, 2)
    moves = "".join("pb"[int(np.argmax(row))] for row in betting if row.any())
    return seat, card, moves


class KuhnEquilibriumAgent(SyncAgent):
    """A Nash-equilibrium player for either seat, sampling from its own seeded Generator.

    ``alpha`` (player 0's bluffing rate with the Jack) in [0, 1/3]; ``None`` draws a fresh alpha
    uniformly from that range at each :meth:`reset`, so an opponent cannot learn one fixed rate.
    """

    name = "kuhn-equilibrium"

    def __init__(self, alpha: float | None = None, seed: int | None = None):
        if alpha is not None and not 0.0 <= alpha <= THIRD:
            raise ValueError(f"alpha must be in [0, 1/3] (or None for a random one), not {alpha!r}")
        self.fixed_alpha = alpha
        self.rng = np.random.default_rng(seed)
        self.alpha = alpha if alpha is not None else float(self.rng.uniform(0.0, THIRD))

    def reset(self, seat: int, seed: int | None = None) -> None:
        super().reset(seat, seed)
        if seed is not None:
            self.rng = np.random.default_rng(seed)
        if self.fixed_alpha is None:
            self.alpha = float(self.rng.uniform(0.0, THIRD))

    def action_probabilities(self, observation: dict) -> np.ndarray:
        """(P(PASS), P(BET)) for this observation."""
        seat, card, betting = read_observation(observation)
        p = bet_probability(seat, card, betting, self.alpha)
        return np.array([1.0 - p, p])

    def act_sync(self, observation: Any, info: dict) -> int:
        mask = np.asarray(observation["action_mask"])
        if not mask.any():
            raise ValueError(f"seat {getattr(self, 'seat', '?')}: the action mask has no legal action")
        p_bet = self.action_probabilities(observation)[Move.BET]
        return int(Move.BET if self.rng.random() < p_bet else Move.PASS)
