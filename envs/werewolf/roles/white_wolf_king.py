"""The White Wolf King: a wolf that may self-explode by day and take one player with it.

The explosion itself (``WerewolfEngine._explode``) stays in the day script: it ends the day's
speeches and chains into the taken player's death, so it reads best beside them.
"""

from .base import Role, RoleSpec, Side, register
from .werewolf import WOLVES_NIGHT_ORDER, kill

SPEC = register(RoleSpec(
    Role.WHITE_WOLF_KING, Side.WOLVES,
    ability="A wolf. By day, may reveal yourself (self-explode) and take one player with you.",
    night=kill, night_order=WOLVES_NIGHT_ORDER, takes_on_explode=True,
))
