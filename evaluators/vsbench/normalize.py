"""VS-Bench's normalized return, 100 * (R - R_random) / (R_reference - R_random), with bootstrap intervals.

R is the mean block value of the evaluated agent (see :mod:`.play`); R_random and R_reference
are the same protocol's values for the random agent and the game's reference player, measured
once over fixed seeds and stored (:mod:`.baselines`). So random play scores 0 and the reference
100; above 100 beats the reference (exploits an equilibrium's opponent, say). The intervals
resample the agent's blocks (percentile bootstrap) and hold the stored baselines fixed; the
overall score is the mean over games, its interval from resampling every game's blocks at once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

import numpy as np


class Scale(NamedTuple):
    random: float  # R_random
    reference: float  # R_reference

    def normalize(self, value: float | np.ndarray) -> float | np.ndarray:
        span = self.reference - self.random
        if span == 0:
            raise ValueError(f"the reference and random returns are equal ({self.reference:g}): no scale to normalize on")
        return 100.0 * (value - self.random) / span


class Score(NamedTuple):
    mean_return: float
    normalized: float
    low: float  # the interval of the normalized return
    high: float
    blocks: int


def _interval(draws: np.ndarray, confidence: float) -> tuple[float, float]:
    tail = (1 - confidence) / 2 * 100
    return float(np.percentile(draws, tail)), float(np.percentile(draws, 100 - tail))


def _check(confidence: float, resamples: int) -> None:
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, not {confidence}")
    if resamples < 1:
        raise ValueError(f"resamples must be at least 1, not {resamples}")


def score(values: Sequence[float], scale: Scale, *, resamples: int = 2000, confidence: float = 0.95,
          rng: np.random.Generator | None = None) -> Score:
    """The normalized mean of ``values`` (block values) and its percentile bootstrap interval."""
    _check(confidence, resamples)
    x = np.asarray(values, float)
    if x.size == 0:
        raise ValueError("no blocks to score")
    rng = rng if rng is not None else np.random.default_rng(0)
    means = x[rng.integers(0, x.size, (resamples, x.size))].mean(axis=1)
    low, high = _interval(np.asarray(scale.normalize(means)), confidence)
    return Score(float(x.mean()), float(scale.normalize(x.mean())), low, high, int(x.size))


def overall(values: Mapping[str, Sequence[float]], scales: Mapping[str, Scale], *, resamples: int = 2000,
            confidence: float = 0.95, rng: np.random.Generator | None = None) -> Score:
    """The mean normalized return over games, each game's blocks resampled in every draw."""
    _check(confidence, resamples)
    if not values:
        raise ValueError("no games to score")
    rng = rng if rng is not None else np.random.default_rng(0)
    point, draws = [], np.zeros(resamples)
    for game, game_values in values.items():
        x = np.asarray(game_values, float)
        if x.size == 0:
            raise ValueError(f"{game}: no blocks to score")
        point.append(float(scales[game].normalize(x.mean())))
        draws += np.asarray(scales[game].normalize(x[rng.integers(0, x.size, (resamples, x.size))].mean(axis=1)))
    draws /= len(values)
    low, high = _interval(draws, confidence)
    blocks = sum(len(v) for v in values.values())
    return Score(float("nan"), float(np.mean(point)), low, high, blocks)
