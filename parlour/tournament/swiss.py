"""The Swiss format: every round, entrants meet their neighbours in the current standing.

The standing is the Bradley-Terry order of the games so far (the first round: the entrants in a
seed-shuffled order). Round r pairs places 1-2, 3-4, ... when r is even and 2-3, 4-5, ... when r is
odd, so every neighbouring pair can meet within two rounds and an entrant that is placed too low
climbs one place per round it wins (as in an odd-even transposition sort); with an odd count the
one left over sits the round out. Each match is its pairing's next seed block (the same paired
seeds a round robin gives it). Like Varco Arena's matches, the games go where the order is still
being decided: strong entrants stop meeting weak ones once they are apart in the standing.

After ``min_rounds`` rounds the tournament stops when every neighbouring pair in the order is
ordered with at least ``target`` probability (the adaptive format's rule), or at ``max_games``.
Each round is scheduled, then played to the end before the next pairing, so a resumed run pairs
the same way as an uninterrupted one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from ..evaluators.ratings import order_confidence
from .schedule import Lineup, Scheduler

if TYPE_CHECKING:
    from .core import Tournament, _Folder


def pairs_of(standing: Sequence[str], round_no: int) -> list[tuple[str, str]]:
    """The round's matches: neighbours from place 1 on even rounds, from place 2 on odd ones."""
    start = round_no % 2 if len(standing) > 2 else 0
    return [(standing[i], standing[i + 1]) for i in range(start, len(standing) - 1, 2)]


def rounds_played(blocks: int, n: int) -> int:
    """How many rounds ``blocks`` scheduled matches make (rounds alternate n//2 and (n-1)//2 matches)."""
    rounds = played = 0
    while played < blocks:
        played += len(pairs_of([str(i) for i in range(n)], rounds))
        rounds += 1
    return rounds


def next_round(scheduler: Scheduler, results, schedule: dict[str, Lineup], first_seed: int, target: float,
               min_rounds: int, names: Sequence[str], score: str = "auto") -> list[Lineup]:
    """The games of the next round, or [] when the order is certain enough."""
    if scheduler.lineup != "sides" or any(len(scheduler.side_names(b)) != 2 for b in scheduler.boards):
        raise ValueError("the swiss format pairs two entrants per match: it needs lineup = 'sides' on two-sided boards")
    boards = list(scheduler.boards)
    blocks: dict[tuple[str, ...], set[str]] = {}
    for lineup in schedule.values():
        blocks.setdefault(tuple(sorted(set(lineup.entrants))), set()).add(lineup.block)
    round_no = rounds_played(sum(len(b) for b in blocks.values()), len(names))
    if round_no == 0:
        standing = [names[i] for i in np.random.default_rng(first_seed).permutation(len(names))]
    else:
        standing, probs = order_confidence(results, names, score=score)
        if round_no >= min_rounds and all(p >= target for p in probs):
            return []
    pairings = {tuple(sorted(p)): p for b in boards[:1] for p in scheduler.pairings(b)}
    games = []
    for a, b in pairs_of(standing, round_no):
        pairing = pairings[tuple(sorted((a, b)))]
        k = len(blocks.get(tuple(sorted(pairing)), ()))
        games.extend(scheduler.block(boards[k % len(boards)], first_seed + k // len(boards), pairing, k))
    return games


def run_swiss(tournament: Tournament, scheduler: Scheduler, files: _Folder, schedule: dict[str, Lineup],
              done: set[str], play: Callable[[list[Lineup]], None]) -> None:
    config = tournament.config
    settings = config.swiss
    names = [e.name for e in config.entrants]
    while True:
        todo = [lineup for lineup in schedule.values() if lineup.game_id not in done]
        if todo:
            play(todo)
        if len(schedule) >= settings.max_games:
            return
        lineups = next_round(scheduler, files.results(schedule), schedule, config.seed, settings.target,
                             settings.min_rounds, names, config.score)
        lineups = lineups[:settings.max_games - len(schedule)]
        if not lineups:
            return
        files.append_schedule(lineups, schedule)
