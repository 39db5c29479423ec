"""The Doctor (Werewolf Arena, Kaggle): each night protects one player from the wolves; the board
says whether it may protect itself and the same player two nights running."""

from __future__ import annotations

from ..events import EventKind
from ..phases import Phase
from .base import Night, Role, RoleSpec, Side, register


def protect(engine, night: Night):
    doctor = engine.alive_with(Role.DOCTOR)
    if doctor >= 0:
        rules = engine.rules
        banned = {-2 if rules.doctor_self_protect else doctor, -2 if rules.doctor_repeat else engine.doctor_last}
        c = (yield from engine.ask(
            Phase.DOCTOR, (doctor,),
            lambda s: [t for t in engine.targets() if t not in banned]))[doctor]
        night.protected = engine.doctor_last = engine.target_of(c)
        engine.emit(EventKind.DOCTOR, doctor, night.protected, None, doctor)


SPEC = register(RoleSpec(
    Role.DOCTOR, Side.VILLAGE,
    ability="Each night, protect one player from the wolves.",
    night=protect, night_order=20,
))
