"""The Demon (恶魔, WereBench Season 3 episodes 7-15): a wolf that checks each night whether a
player is a god, and cannot die at night.

Season 3's files carry no rule prose; from the games (the players: "恶魔，验到神就上警，验到平民
就在警下" — the Demon learns god or villager; the data's summary of the board: checks whether a
player is a god, cannot die at night) and Pandakill's usual card, with these readings:

- the Demon is on the wolves' side: it knows the wolves and they know it, it votes in their kill,
  a Seer sees it as a wolf, and it counts as a wolf for every win rule;
- each night it checks one other player and learns only whether that player is a god (a special
  good role) or not;
- no night death takes it (the wolves' kill, the poison, a Stalker), and it may not self-explode
  (in the games it hands in its card instead: "2 号交牌").
"""

from __future__ import annotations

from ..events import EventKind
from ..phases import Phase
from .base import FeatureBlock, Night, Role, RoleSpec, Side, register
from .werewolf import WOLVES_NIGHT_ORDER, kill


def check(engine, night: Night):
    demon = engine.alive_with(Role.DEMON)
    if demon >= 0:
        c = (yield from engine.ask(Phase.DEMON_CHECK, (demon,), lambda s: engine.targets(exclude=s)))[demon]
        checked = engine.target_of(c)
        if checked >= 0:
            engine.emit(EventKind.DEMON_CHECK, demon, checked, engine.roles[night.seat(checked)].is_god, demon)


def _checked(view, ev, seats) -> None:
    view[ev.actor, ev.target, int(bool(ev.value))] = 1


SPEC = register(RoleSpec(
    Role.DEMON, Side.WOLVES,
    ability=("A wolf that cannot die at night and may not self-explode. Each night, also check one player "
             "and learn whether they are a god (special good role)."),
    night=kill, night_order=WOLVES_NIGHT_ORDER, may_explode=False, immune_at_night=True,
    more_nights=((check, 55),),
    phases={Phase.DEMON_CHECK: "Night: as the Demon, choose a player to learn whether they are a god."},
    features=(FeatureBlock("god_checks", lambda n: (n, 2), public=False, on={EventKind.DEMON_CHECK: _checked}),),
))
