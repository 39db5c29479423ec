"""The Knight: once a game, on its speaking turn, duels a player; a wolf dies, otherwise the knight."""

from .base import Role, RoleSpec, Side, register

SPEC = register(RoleSpec(
    Role.KNIGHT, Side.VILLAGE,
    ability="Once per game, on your speaking turn, duel a player: a wolf dies; otherwise you die.",
    duels=True,
))
