"""The Silence Elder (禁言长老, WereBench Season 1 episodes 1-9): each night silences one player,
who may not speak the next day.

The board's prose: "禁言长老每晚可以禁言一名玩家，被禁言的玩家白天不能说话，只能比手势" (each night
silences a player, who cannot talk by day, only gesture); the host names the silenced seat at
dawn ("被禁言的是 5 号玩家"). Readings where the prose is silent:

- the Elder may silence anyone alive, itself included, and the same player on consecutive nights
  (in Season 1 game 1 the Elder silences itself on night 3);
- a silenced player passes every speech turn of that day (the sheriff campaign, the day and PK
  speeches, last words); it still votes, and a silenced wolf may still self-explode (an act, not
  a speech); the silence ends at nightfall.
"""

from __future__ import annotations

from ..events import EventKind
from ..phases import Phase
from .base import FeatureBlock, Night, Role, RoleSpec, Side, register


def silence(engine, night: Night):
    elder = engine.alive_with(Role.SILENCE_ELDER)
    if elder >= 0:
        c = (yield from engine.ask(Phase.SILENCE, (elder,), lambda s: engine.targets()))[elder]
        night.silenced = engine.target_of(c)
        engine.emit(EventKind.SILENCE, elder, night.silenced, None, elder)


def _silenced(view, ev, seats) -> None:
    view[:] = 0
    if ev.target >= 0:
        view[ev.target] = 1


def _nightfall(view, ev, seats) -> None:
    view[:] = 0


SPEC = register(RoleSpec(
    Role.SILENCE_ELDER, Side.VILLAGE,
    ability="Each night, silence one player (yourself allowed): the next day they may not speak, only vote.",
    night=silence, night_order=60,
    phases={Phase.SILENCE: "Night: as the Silence Elder, choose a player who may not speak tomorrow (or pass)."},
    features=(FeatureBlock("silenced", lambda n: (n,), public=True,
                           on={EventKind.SILENCED: _silenced, EventKind.NIGHT: _nightfall}),),
))
