"""The Hunter: shoots one player when killed (not when poisoned).

The shot (``WerewolfEngine._after_death``) stays in the day script: it interleaves with last
words, the badge hand-over and the win check of every death, whoever caused it.
"""

from .base import Role, RoleSpec, Side, register

SPEC = register(RoleSpec(
    Role.HUNTER, Side.VILLAGE,
    ability="When killed (but not when poisoned), shoot one player, who dies too.",
    shoots_on_death=True,
))
