"""The Wolf King: a wolf that shoots one player when killed (not when poisoned)."""

from .base import Role, RoleSpec, Side, register
from .werewolf import WOLVES_NIGHT_ORDER, kill

SPEC = register(RoleSpec(
    Role.WOLF_KING, Side.WOLVES,
    ability="A wolf. When killed (but not when poisoned), shoot one player, who dies too.",
    night=kill, night_order=WOLVES_NIGHT_ORDER, shoots_on_death=True,
))
