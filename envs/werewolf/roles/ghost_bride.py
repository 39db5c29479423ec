"""The Ghost Bride (鬼魂新娘, WereBench Season 3 episodes 25-27): on the first night weds a groom
(新郎) and names a witness (证婚人); bride and groom are lovers who die together, and the three
form a third side.

Season 3's files carry no rule prose; the rules here are what the games show: "第一晚鬼魂新娘...
选中...结成情侣，并挑选猎人 JY 为证婚人" (night 1: a groom, then a witness); bride and groom die
together ("十号玩家出局，十二号玩家殉情"); the three are a side of their own ("由于存在第三方阵营";
"对于第三方阵营而言，这一晚全队出局已无缘胜利" when bride, groom and witness all died), whose
members keep their cards' abilities (a wolf witness still self-explodes, a hunter witness shoots);
the witness outlives the couple and plays on alone ("KS 作为证婚人将独自面对剩下的两神四民").
Readings where the games are silent (as for Cupid's third side, whose rule Season 1 states):

- the bride chooses both (the groom, then the witness), any two other living players; the groom
  learns the bride's seat and the bride the groom's, the witness learns both;
- the third side wins when only its members live; while one of them lives neither the village
  nor the wolves win; a wolf in it still wakes and kills with the wolves;
- the Ghost Bride counts as a god for the side-kill rule while it plays for the third side.
"""

from __future__ import annotations

from ..events import EventKind
from ..phases import Phase
from .base import FeatureBlock, Night, Role, RoleSpec, Side, register


def wed(engine, night: Night):
    bride = engine.alive_with(Role.GHOST_BRIDE)
    if bride < 0 or engine.day != 1:
        return
    c = (yield from engine.ask(Phase.GROOM, (bride,), lambda s: engine.targets(exclude=s, allow_pass=False)))[bride]
    groom = engine.target_of(c)
    c = (yield from engine.ask(Phase.WITNESS, (bride,),
                               lambda s: [t for t in engine.targets(allow_pass=False) if t not in (s, groom)]))[bride]
    witness = engine.target_of(c)
    engine.make_lovers(bride, groom, bride, frozenset({bride, groom, witness}))
    engine.emit(EventKind.WITNESS, bride, witness, (bride, groom), witness)


def _lover(view, ev, seats) -> None:
    view[ev.target, ev.value] = 1


def _witness(view, ev, seats) -> None:
    view[ev.target, list(ev.value)] = 1


SPEC = register(RoleSpec(
    Role.GHOST_BRIDE, Side.VILLAGE,
    ability=("On the first night, choose a groom and a witness: you and the groom die together, and the three of "
             "you are a third side that wins when everybody else is dead."),
    night=wed, night_order=3,
    phases={Phase.GROOM: "Night 1: as the Ghost Bride, choose your groom.",
            Phase.WITNESS: "Night 1: as the Ghost Bride, choose the witness of your wedding."},
    features=(FeatureBlock("wedding", lambda n: (n,), public=False,
                           on={EventKind.LOVERS: _lover, EventKind.WITNESS: _witness}),),
))
