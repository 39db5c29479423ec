"""The Witch: one antidote (save the wolves' victim) and one poison (kill a player), each once a
game; the board says when she may save herself and whether she may use both in one night."""

from __future__ import annotations

from ..events import EventKind
from ..phases import Phase
from .base import Night, Role, RoleSpec, Side, register


def potions(engine, night: Night):
    witch = engine.alive_with(Role.WITCH)
    if witch < 0:
        return
    rules = engine.rules
    victim = night.victim
    if engine.antidote and victim >= 0:
        engine.emit(EventKind.WITCH_SEES, -1, victim, None, witch)
        may_self = rules.witch_self_save == "always" or (rules.witch_self_save == "first_night" and engine.day == 1)
        if victim != witch or may_self:
            c = (yield from engine.ask(Phase.WITCH_SAVE, (witch,), engine.yes_no))[witch]
            if engine.index_of(c) == engine.YES:
                night.saved, engine.antidote = True, False
                engine.emit(EventKind.WITCH_SAVE, witch, victim, None, witch)
    if engine.poison and (not night.saved or rules.witch_both_potions):
        c = (yield from engine.ask(Phase.WITCH_POISON, (witch,), lambda s: engine.targets(exclude=s)))[witch]
        poisoned = engine.target_of(c)
        if poisoned >= 0:
            night.poisoned = poisoned
            engine.poison = False
            engine.emit(EventKind.WITCH_POISON, witch, poisoned, None, witch)


SPEC = register(RoleSpec(
    Role.WITCH, Side.VILLAGE,
    ability="One antidote (save the wolves' victim) and one poison (kill a player), each usable once per game.",
    night=potions, night_order=40,
))
