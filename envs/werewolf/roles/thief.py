"""The Thief (盗贼, WereBench Season 1 episodes 25-27 and Season 3 episodes 25-27): the deck has
two cards more than the table has seats; on the first night the Thief takes one of those two
spare cards and plays it for the rest of the game.

The board's prose: "本期游戏共有 3 张狼人牌、 5 张普通村民牌、 5 张神民牌和1张盗贼牌，盗贼第一晚可以
在两张底牌中盗取一张作为自己本局游戏的身份。有狼人时必须盗取狼人" (14 cards for 12 seats; on night 1
the Thief steals one of the two bottom cards as its role; when a wolf is among them it must take
the wolf). Readings where the prose is silent (Pandakill's usual ones): the Thief must take one of
the two cards (in every game of the data it does: "盗贼（选女巫埋村民）"), it acts before everyone
else, and the card it takes works from that night on (a wolf card joins that night's kill; the
Witch's card brings both potions). Nobody else learns what the spare cards were.

The choice is a decision whose legal actions are the CLAIM indices of the spare cards' roles
(the action "claim role r" means "take the card r"), so the flat action space needs no new block.
"""

from __future__ import annotations

from ..events import EventKind
from ..phases import Phase
from .base import Night, Role, RoleSpec, Side, register


def steal(engine, night: Night):
    thief = engine.alive_with(Role.THIEF)
    if thief < 0 or engine.day != 1:
        return
    from ..actions import Kind  # imported late: the action layout imports the role registry
    from . import WOLF_ROLES

    cards = engine.spare
    wolves = [r for r in cards if r in WOLF_ROLES]
    offered = sorted(set(wolves or cards))
    engine.emit(EventKind.SPARE, -1, thief, cards, thief)
    legal = [engine.layout.index(Kind.CLAIM, r) for r in offered]
    c = (yield from engine.ask(Phase.THIEF_PICK, (thief,), lambda s: legal))[thief]
    kind, role = engine.layout.decode(engine.index_of(c))
    engine.become(thief, Role(role))


SPEC = register(RoleSpec(
    Role.THIEF, Side.VILLAGE,
    ability=("On the first night, take one of the two spare cards (a wolf card if there is one) and play it "
             "for the rest of the game."),
    night=steal, night_order=0,
    phases={Phase.THIEF_PICK: "Night 1: as the Thief, take one of the spare cards (the 'claim' actions name them)."},
))
