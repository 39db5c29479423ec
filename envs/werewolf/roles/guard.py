"""The Guard: each night protects one player from the wolves, never the same one two nights running."""

from __future__ import annotations

from ..events import EventKind
from ..phases import Phase
from .base import Night, Role, RoleSpec, Side, register


def protect(engine, night: Night):
    guard = engine.alive_with(Role.GUARD)
    if guard >= 0:
        last = engine.guard_last
        c = (yield from engine.ask(Phase.GUARD, (guard,), lambda s: engine.targets(exclude=last)))[guard]
        night.guarded = engine.guard_last = engine.target_of(c)
        engine.emit(EventKind.GUARD, guard, night.guarded, None, guard)


SPEC = register(RoleSpec(
    Role.GUARD, Side.VILLAGE,
    ability="Each night, protect one player from the wolves; never the same player two nights running.",
    night=protect, night_order=10,
))
