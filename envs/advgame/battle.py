"""The deterministic battle simulator: two lineups (unit ids, front slot first) fight to the end.

Each side's units get their class synergies (``count`` or more of a class: the bonus to each of
them). Every tick, the living units act in initiative order: higher speed first; among equal
speeds, the side named by ``first`` (the round's seeded tiebreak), then the front slot first. A
melee unit strikes only from the front of its own living line; a ranged unit from anywhere. The
target is the enemy's front living unit; damage is attack minus armor, at least 1. ``splash``
also hits the next living enemy for half the damage (rounded down); ``heal`` restores its heal to
the most wounded ally instead of attacking, when an ally is wounded. A side with no living unit
loses; after ``max_ticks`` the side with more hit points left wins, equal is a draw. An empty
lineup loses to any other; two empty lineups draw.
"""

from __future__ import annotations

from typing import NamedTuple

from .rules import Catalogue

DRAW = -1


class BattleResult(NamedTuple):
    winner: int          # 0, 1 or DRAW
    ticks: int           # ticks fought
    hp_left: tuple[int, int]
    survivors: tuple[int, int]


def boosted(cat: Catalogue, lineup: tuple[int, ...]) -> list[list[int]]:
    """Each unit's [hp, max hp, attack, armor] in ``lineup`` with the lineup's synergies applied."""
    counts: dict[str, int] = {}
    for u in lineup:
        counts[cat.units[u].klass] = counts.get(cat.units[u].klass, 0) + 1
    out = []
    for u in lineup:
        unit = cat.units[u]
        hp, attack, armor = unit.hp, unit.attack, unit.armor
        for syn in cat.synergies:
            if syn.klass == unit.klass and counts[unit.klass] >= syn.count:
                hp, attack, armor = hp + syn.hp, attack + syn.attack, armor + syn.armor
        out.append([hp, hp, attack, armor])
    return out


def simulate(cat: Catalogue, lineups: tuple[tuple[int, ...], tuple[int, ...]], max_ticks: int, first: int) -> BattleResult:
    stats = (boosted(cat, lineups[0]), boosted(cat, lineups[1]))
    if not lineups[0] or not lineups[1]:
        winner = DRAW if not lineups[0] and not lineups[1] else (0 if lineups[0] else 1)
        hp = (sum(s[0] for s in stats[0]), sum(s[0] for s in stats[1]))
        return BattleResult(winner, 0, hp, (len(lineups[0]), len(lineups[1])))
    order = sorted(((side, slot) for side in (0, 1) for slot in range(len(lineups[side]))),
                   key=lambda t: (-cat.units[lineups[t[0]][t[1]]].speed, t[0] != first, t[1]))
    ticks = 0
    while ticks < max_ticks and _alive(stats[0]) and _alive(stats[1]):
        ticks += 1
        for side, slot in order:
            own, enemy = stats[side], stats[1 - side]
            if own[slot][0] <= 0:
                continue
            living = [i for i, s in enumerate(enemy) if s[0] > 0]
            if not living:
                break
            unit = cat.units[lineups[side][slot]]
            if unit.ability == "heal":
                wounded = [i for i, s in enumerate(own) if 0 < s[0] < s[1]]
                if wounded:
                    i = min(wounded, key=lambda k: (own[k][0] / own[k][1], k))
                    own[i][0] = min(own[i][1], own[i][0] + unit.heal)
                    continue
            if unit.range == "melee" and slot != next(i for i, s in enumerate(own) if s[0] > 0):
                continue
            attack = own[slot][2]
            front = enemy[living[0]]
            front[0] -= max(1, attack - front[3])
            if unit.ability == "splash" and len(living) > 1:
                second = enemy[living[1]]
                second[0] -= max(0, attack // 2 - second[3])
    hp = (sum(max(s[0], 0) for s in stats[0]), sum(max(s[0], 0) for s in stats[1]))
    alive = (_alive(stats[0]), _alive(stats[1]))
    if alive[0] != alive[1]:
        winner = 0 if alive[0] else 1
    else:
        winner = DRAW if hp[0] == hp[1] else (0 if hp[0] > hp[1] else 1)
    return BattleResult(winner, ticks, hp, (sum(s[0] > 0 for s in stats[0]), sum(s[0] > 0 for s in stats[1])))


def _alive(stats: list[list[int]]) -> bool:
    return any(s[0] > 0 for s in stats)
