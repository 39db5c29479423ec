"""The Nine-tailed Fox (九尾妖狐, WereBench Season 3 episodes 16-24): a good role that counts the
dead by its tails and cannot die at night while its nine tails are whole.

Season 3's files carry no rule prose; the rules here are what the players and the host say in
those games: the Fox starts with nine tails; every dead villager costs it one tail and every dead
god two, a dead wolf none, whether the death came by night or by day ("1 号倒在夜里，那么他是一张
村民牌，妖狐是掉一张尾，...如果是他是一张神牌，他是掉两条尾巴"; "7 条尾巴，两狼一神"); the host
tells it the count each night; and "9 个尾巴我就可以一直不死": while no tail is lost, night
deaths (the wolves' kill, the poison) pass it by. Readings where the games are silent: the Fox is
a god for the side-kill win (the boards count it among the four god cards) and plays for the
village (it has no win of its own in these games); nothing happens when the tails run out.
"""

from __future__ import annotations

from ..events import EventKind
from .base import FeatureBlock, Role, RoleSpec, Side, register

FULL_TAILS = 9


def tails_lost(role: Role) -> int:
    """Tails the Fox loses when a player of ``role`` dies."""
    if role.side is Side.WOLVES or role is Role.NINE_TAILED_FOX:
        return 0
    return 2 if role.is_god else 1


def _tails(view, ev, seats) -> None:
    view[ev.target, 0] = ev.value / FULL_TAILS


SPEC = register(RoleSpec(
    Role.NINE_TAILED_FOX, Side.VILLAGE,
    ability=("You start with nine tails and lose one for every dead villager and two for every dead god "
             "(none for a wolf); the host tells you the count each night. While all nine remain, "
             "you cannot die at night."),
    features=(FeatureBlock("tails", lambda n: (1,), public=False, on={EventKind.FOX_TAILS: _tails}),),
))
