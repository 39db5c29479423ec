"""Cupid (丘比特, WereBench Season 1 episodes 25-27): on the first night makes two players lovers;
when one dies the other dies for love, and lovers with a wolf among them form a third side.

The board's prose: "丘比特第一晚可以向两名玩家射箭，使其成为情侣，如情侣中有一人死亡，则另一人也会
殉情而死，当情侣中有一人或两人身份为狼人时，情侣与丘比特形成第三方阵营" and the win rules "狼人杀死
所有普通村民或所有神明，且场上不存在第三方阵营，则狼人阵营胜利；好人公投出所有狼人，且场上不存在第三
方阵营，则好人阵营胜利。情侣和丘比特杀死场上其他所有玩家，则第三方阵营胜利", and of the Hunter "在被
毒死或殉情时不可以开枪". Readings where the prose is silent (Pandakill's usual ones):

- Cupid may link any two living players, itself included, or nobody; each lover learns the
  other's seat (not its role), and Cupid learns nothing more than whom it linked;
- as the prose says, a third side forms whenever a lover is a wolf (one or both); its members
  (the lovers and Cupid) win together when everybody else is dead, and while any of them lives
  neither the village nor the wolves win; otherwise Cupid and the lovers play for their sides;
- a love death is announced with the night's deaths when the first lover died at night, and
  at once by day; it fires no shot.
"""

from __future__ import annotations

from ..events import EventKind
from ..phases import Phase
from .base import FeatureBlock, Night, Role, RoleSpec, Side, register


def link(engine, night: Night):
    cupid = engine.alive_with(Role.CUPID)
    if cupid < 0 or engine.day != 1:
        return
    c = (yield from engine.ask(Phase.LINK_FIRST, (cupid,), lambda s: engine.targets()))[cupid]
    first = engine.target_of(c)
    if first < 0:
        return
    engine.emit(EventKind.LINK, cupid, first, 1, cupid)
    c = (yield from engine.ask(Phase.LINK_SECOND, (cupid,), lambda s: engine.targets(exclude=first)))[cupid]
    second = engine.target_of(c)
    if second >= 0:
        engine.emit(EventKind.LINK, cupid, second, 2, cupid)
        wolf_among = engine.is_wolf[first] or engine.is_wolf[second]
        engine.make_lovers(first, second, cupid, frozenset({first, second, cupid}) if wolf_among else frozenset())


def _picked(view, ev, seats) -> None:
    view[ev.actor, ev.target] = 1


def _lover(view, ev, seats) -> None:
    view[ev.target, ev.value] = 1


SPEC = register(RoleSpec(
    Role.CUPID, Side.VILLAGE,
    ability=("On the first night, make two players lovers (yourself allowed): when one dies, the other dies too. "
             "If a lover is a wolf, you and the lovers become a third side that wins when everybody else is dead."),
    night=link, night_order=2,
    phases={Phase.LINK_FIRST: "Night 1: as Cupid, choose the first lover (or pass).",
            Phase.LINK_SECOND: "Night 1: as Cupid, choose the second lover (or pass)."},
    features=(FeatureBlock("linked", lambda n: (n,), public=False, on={EventKind.LINK: _picked}),
              FeatureBlock("lover", lambda n: (n,), public=False, on={EventKind.LOVERS: _lover})),
))
