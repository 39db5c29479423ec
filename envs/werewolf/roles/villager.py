"""The Villager: no night action, no ability; finds the wolves by talking and voting."""

from .base import Role, RoleSpec, Side, register

SPEC = register(RoleSpec(
    Role.VILLAGER, Side.VILLAGE,
    ability="No night action. Find the wolves by talking and voting.",
))
