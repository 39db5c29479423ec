"""The auto-battler's scripted reference agent: a counter-builder that reads only public facts
(the catalogue, the rules, its own draft and the lineups revealed at earlier battles).

Its plans come from a pool of lineups (a melee front of one unit, the rest one back unit, cut to
the budget). Round 1: the pool's lineup that beats most of a quarter of the pool. Later rounds: it keeps a
plan that won; otherwise it plays the pool's lineup that does best against the other side's last
revealed lineup in the simulator (win first, then the hit-point margin). It then builds the plan
unit by unit and submits.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from parlour.agents.base import SyncAgent

from .battle import simulate
from .engine import AdvGameEngine
from .rules import AdvGameRules, catalogue


@cache
def pool(rules: AdvGameRules) -> tuple[tuple[int, ...], ...]:
    cat = catalogue()
    melee = [i for i, u in enumerate(cat.units) if u.range == "melee"]
    out: set[tuple[int, ...]] = set()
    for front in melee:
        for back in range(len(cat.units)):
            for k in range(1, rules.slots + 1):
                lineup = [front] * k + [back] * (rules.slots - k)
                while sum(cat.units[u].cost for u in lineup) > rules.budget:
                    lineup.pop()
                if lineup:
                    out.add(tuple(lineup))
    return tuple(sorted(out))


def _score(rules: AdvGameRules, mine: tuple[int, ...], theirs: tuple[int, ...]) -> tuple[int, int]:
    cat = catalogue()
    r = simulate(cat, (mine, theirs), rules.max_ticks, 0)
    won = 1 if r.winner == 0 else 0 if r.winner == 1 else 0.5
    return (int(2 * won), r.hp_left[0] - r.hp_left[1])


@cache
def opening(rules: AdvGameRules) -> tuple[int, ...]:
    lineups = pool(rules)
    sparring = lineups[::4]  # a quarter of the pool keeps this near a second, once per rules
    return max(lineups, key=lambda a: (sum(_score(rules, a, b)[0] for b in sparring), -sum(a)))


def counter(rules: AdvGameRules, theirs: tuple[int, ...]) -> tuple[int, ...]:
    return max(pool(rules), key=lambda a: _score(rules, a, theirs))


class CounterAgent(SyncAgent):
    def __init__(self, env: Any) -> None:
        self.env = env
        self.target: tuple[int, ...] = ()

    def _plan(self, engine: AdvGameEngine, seat: int) -> tuple[int, ...]:
        if not engine.results:
            return opening(engine.rules)
        last = engine.results[-1]
        mine = last.plans[seat]
        if last.winner == seat and not mine.over_budget:
            return mine.units
        return counter(engine.rules, last.plans[1 - seat].units)

    def act_sync(self, observation: Any, info: dict) -> int:
        engine: AdvGameEngine = self.env.unwrapped.engine
        seat = engine.builder
        if not engine.draft:
            self.target = self._plan(engine, seat)
        k = len(engine.draft)
        if k < len(self.target) and self.target[k] in engine.legal_actions(seat):
            return self.target[k]
        return engine.SUBMIT
