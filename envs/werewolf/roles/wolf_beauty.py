"""The Wolf Beauty (狼美人, WereBench Season 1 episodes 10-15): a wolf that charms a good player
each night; when she dies, the player she charmed last dies with her.

The board's prose: "狼美人每晚参与杀人后可单独魅惑一名好人阵营的玩家，狼美人死亡时，当晚被魅惑的
玩家随之殉情" (after the kill, she alone charms a good player each night; when she dies, the
player charmed that night dies for love), and only ordinary wolves ("普通狼人") may self-explode.
Readings where the prose is silent (Pandakill's usual ones):

- she charms a living player outside the wolf team, or nobody; each night's charm replaces the
  last, and the player charmed on the night before her death (or that same night) dies with her;
- a player who dies for love may not shoot (as Season 1's Cupid board says of the Hunter:
  "在被毒死或殉情时不可以开枪"); the love death is announced with the night's deaths when she
  died at night, and at once when she dies by day.
"""

from __future__ import annotations

from ..events import EventKind
from ..phases import Phase
from .base import FeatureBlock, Night, Role, RoleSpec, Side, register
from .werewolf import WOLVES_NIGHT_ORDER, kill


def charm(engine, night: Night):
    beauty = engine.alive_with(Role.WOLF_BEAUTY)
    if beauty >= 0:
        is_wolf = engine.is_wolf
        c = (yield from engine.ask(Phase.CHARM, (beauty,), lambda s: [
            *(t for t in engine.targets(allow_pass=False) if not is_wolf[t]), engine.PASS]))[beauty]
        engine.charmed = engine.target_of(c)
        engine.emit(EventKind.CHARM, beauty, engine.charmed, None, beauty)


def _charmed(view, ev, seats) -> None:
    view[ev.actor] = 0
    if ev.target >= 0:
        view[ev.actor, ev.target] = 1


SPEC = register(RoleSpec(
    Role.WOLF_BEAUTY, Side.WOLVES,
    ability=("A wolf that may not self-explode. Each night after the kill, charm one good player; when you "
             "die, the player you charmed last dies with you (and may not shoot)."),
    night=kill, night_order=WOLVES_NIGHT_ORDER, may_explode=False, more_nights=((charm, WOLVES_NIGHT_ORDER + 1),),
    phases={Phase.CHARM: "Night: as the Wolf Beauty, charm a good player, who dies with you when you die (or pass)."},
    features=(FeatureBlock("charmed", lambda n: (n,), public=False, on={EventKind.CHARM: _charmed}),),
))
