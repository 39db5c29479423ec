"""Adaptive match-making: play the pairings whose order is least certain, stop when it is certain.

Every pairing first plays ``min_blocks`` seed blocks. Then, round after round, the entrants are
ordered by a Bradley-Terry fit, and for each neighbouring pair in that order the probability that
it is the right way round comes from the fit's Laplace approximation. If every neighbour pair
is ordered with at least ``target`` probability the tournament stops; otherwise the ``batch``
least certain neighbour pairs each play their pairing's next seed block (the same paired seeds
as a round robin would give them). Each round's games are scheduled, then played to the end
before the next choice, so a resumed run makes the same choices as an uninterrupted one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from ..evaluators.ratings import order_confidence
from .schedule import Lineup, Scheduler

if TYPE_CHECKING:
    from .core import Tournament, _Folder


def next_blocks(scheduler: Scheduler, results, schedule: dict[str, Lineup], first_seed: int, target: float,
                batch: int, min_blocks: int, names: Sequence[str], score: str = "auto") -> list[Lineup]:
    """The games of the next round, or [] when the order is certain enough."""
    boards = list(scheduler.boards)
    blocks: dict[tuple[str, ...], set[str]] = {}
    for lineup in schedule.values():
        pairing = tuple(sorted(set(lineup.entrants)))
        blocks.setdefault(pairing, set()).add(lineup.block)
    all_pairings = [p for b in boards[:1] for p in scheduler.pairings(b)]

    def block_of(pairing: tuple[str, ...]) -> list[Lineup]:
        k = len(blocks.get(tuple(sorted(set(pairing))), ()))
        return scheduler.block(boards[k % len(boards)], first_seed + k // len(boards), pairing, k)

    young = [p for p in all_pairings if len(blocks.get(tuple(sorted(set(p))), ())) < min_blocks]
    if young:
        return [g for p in young for g in block_of(p)]
    order, probs = order_confidence(results, names, score=score)
    if all(p >= target for p in probs):
        return []
    uncertain = sorted(range(len(probs)), key=lambda i: probs[i])[:batch]
    chosen = []
    for i in uncertain:
        a, b = order[i], order[i + 1]
        pairing = next(p for p in all_pairings if a in p and b in p)
        chosen.extend(block_of(pairing))
    return chosen


def run_adaptive(tournament: Tournament, scheduler: Scheduler, files: _Folder, schedule: dict[str, Lineup],
                 done: set[str], play: Callable[[list[Lineup]], None]) -> None:
    config = tournament.config
    settings = config.adaptive
    names = [e.name for e in config.entrants]
    while True:
        todo = [lineup for lineup in schedule.values() if lineup.game_id not in done]
        if todo:
            play(todo)
        if len(schedule) >= settings.max_games:
            return
        lineups = next_blocks(scheduler, files.results(schedule), schedule, config.seed, settings.target,
                              settings.batch, settings.min_blocks, names, config.score)
        lineups = lineups[:settings.max_games - len(schedule)]
        if not lineups:
            return
        files.append_schedule(lineups, schedule)
