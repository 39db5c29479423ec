"""Accuracy with bootstrap intervals: per group, and macro-averaged over groups.

Each case (an item, a vote, a seat to name) has one score per decode, 0 or 1 (or a fraction for
a case that scores several answers). A case's score is the mean over its decodes; a group's
accuracy the mean over its cases; the macro average the mean over groups. Intervals come from
resampling cases with replacement within each group (a percentile bootstrap), so the macro
interval keeps every group's size.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from pydantic import BaseModel

MACRO = "macro average"


class Score(BaseModel):
    group: str
    cases: int
    accuracy: float
    low: float
    high: float


def case_means(decodes: Sequence[Sequence[float]]) -> np.ndarray:
    """Per case: the mean of its decodes' scores."""
    return np.array([float(np.mean(d)) for d in decodes], dtype=float)


def bootstrap_scores(groups: Mapping[str, Sequence[Sequence[float]]], *, resamples: int = 1000,
                     confidence: float = 0.95, seed: int = 0) -> list[Score]:
    """One :class:`Score` per non-empty group, then the macro average over those groups."""
    rng = np.random.default_rng(seed)
    means = {g: case_means(d) for g, d in groups.items() if len(d)}
    if not means:
        return []
    replicates = {g: np.array([m[rng.integers(len(m), size=len(m))].mean() for _ in range(resamples)])
                  for g, m in means.items()}
    lo, hi = (1 - confidence) / 2 * 100, (1 + confidence) / 2 * 100
    scores = [Score(group=g, cases=len(m), accuracy=float(m.mean()), low=float(np.percentile(replicates[g], lo)),
                    high=float(np.percentile(replicates[g], hi))) for g, m in means.items()]
    macro = np.mean(np.stack(list(replicates.values())), axis=0)
    scores.append(Score(group=MACRO, cases=sum(len(m) for m in means.values()),
                        accuracy=float(np.mean([m.mean() for m in means.values()])),
                        low=float(np.percentile(macro, lo)), high=float(np.percentile(macro, hi))))
    return scores
