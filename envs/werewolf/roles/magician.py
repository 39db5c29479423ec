"""The Magician (魔术师, WereBench Season 3 episodes 1-3): first thing each night, swaps the
numbers of two players; every night action aimed at one of them reaches the other.

Season 3's files carry no rule prose; the rules here are the host's and the games': the host
wakes the Magician before everyone else ("魔术师请睁眼，请交换号码 确定要交换他和她的号码吗"),
and the swap redirects that night's actions: the wolves who knifed the Magician after it swapped
itself with seat 1 killed seat 1 ("2 号当晚交换了村民1 号和自己的号码牌，死的是1 号"); the Witch
who poisoned 4 after a swap of 1 and 4 killed 1 ("魔术师5 号交换了狼人1 号和狼人 4 号 的号码，女巫
3 号...向 4 号 开毒，却阴差阳错毒死了悍跳狼1 号"). Readings where the games are silent:

- the swap touches every night action (the wolves' kill, the Witch's antidote and poison, the
  Guard, a Seer's or Demon's check), and nothing by day; the Witch is shown the number the
  wolves chose;
- the Magician picks two different living players, itself allowed, or passes (the first pick or
  the second); it may swap any players on any night (in game 1 it swaps itself on nights 1 and 3).
"""

from __future__ import annotations

from ..events import EventKind
from ..phases import Phase
from .base import FeatureBlock, Night, Role, RoleSpec, Side, register


def swap(engine, night: Night):
    magician = engine.alive_with(Role.MAGICIAN)
    if magician < 0:
        return
    c = (yield from engine.ask(Phase.SWAP_FIRST, (magician,), lambda s: engine.targets()))[magician]
    first = engine.target_of(c)
    if first < 0:
        return
    engine.emit(EventKind.SWAP, magician, first, 1, magician)
    c = (yield from engine.ask(Phase.SWAP_SECOND, (magician,), lambda s: engine.targets(exclude=first)))[magician]
    second = engine.target_of(c)
    if second >= 0:
        night.swap = (first, second)
        engine.emit(EventKind.SWAP, magician, second, 2, magician)


def _picked(view, ev, seats) -> None:
    view[ev.actor, ev.target] = 1


def _nightfall(view, ev, seats) -> None:
    view[:] = 0


SPEC = register(RoleSpec(
    Role.MAGICIAN, Side.VILLAGE,
    ability=("First thing each night, you may swap the numbers of two players (yourself allowed): that night "
             "every action aimed at one of them reaches the other."),
    night=swap, night_order=1,
    phases={Phase.SWAP_FIRST: "Night: as the Magician, choose the first of two players to swap tonight (or pass).",
            Phase.SWAP_SECOND: "Night: as the Magician, choose the player to swap with your first choice (or pass)."},
    features=(FeatureBlock("swap_picks", lambda n: (n,), public=False,
                           on={EventKind.SWAP: _picked, EventKind.NIGHT: _nightfall}),),
))
