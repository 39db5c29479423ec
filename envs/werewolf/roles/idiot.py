"""The Idiot: the first exile reveals it instead of killing it, and it loses its vote."""

from .base import Role, RoleSpec, Side, register

SPEC = register(RoleSpec(
    Role.IDIOT, Side.VILLAGE,
    ability="When exiled by vote, reveal yourself and survive once, but lose your vote.",
    survives_exile=True,
))
