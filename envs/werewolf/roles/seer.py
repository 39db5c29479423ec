"""The Seer: each night checks one player and learns their side (or role, as the board says)."""

from __future__ import annotations

from ..events import EventKind
from ..phases import Phase
from .base import Night, Role, RoleSpec, Side, register


def check(engine, night: Night):
    seer = engine.alive_with(Role.SEER)
    if seer >= 0:
        c = (yield from engine.ask(Phase.SEER, (seer,), lambda s: engine.targets(exclude=s)))[seer]
        checked = engine.target_of(c)
        if checked >= 0:
            role = engine.roles[night.seat(checked)]  # a Magician's swap shows the other seat's card
            engine.emit(EventKind.SEER_CHECK, seer, checked,
                        role if engine.rules.seer_reveals == "role" else role.side, seer)


SPEC = register(RoleSpec(
    Role.SEER, Side.VILLAGE,
    ability="Each night, check one player and learn what they are.",
    night=check, night_order=50,
))
