"""The Stalker (潜行者, WereBench Season 1 episodes 1-9): once a game, by night, assassinates a
player it voted for that day who was not exiled.

The board's prose: "潜行者每局可以暗杀一名自己白天投了票但没有出局的玩家，投票仅当天有效" (once a
game, may assassinate a player it voted for by day who was not exiled; the vote counts only that
day), and the host calls the Stalker at night right after the day ("潜行者请睁眼 昨天白天你的票投给
了他对吗 你要暗杀他吗"). Readings where the prose is silent (Pandakill's usual ones):

- the vote that counts is the Stalker's last exile vote of the day (the PK revote when there was
  one); an abstention, or a vote for a player who has died since, gives no target;
- the assassination is no wolf kill: the Guard and the Witch's antidote cannot stop it, and it is
  announced at dawn among the night's deaths; a Hunter it kills may shoot (only poison forbids it).
"""

from __future__ import annotations

from ..events import EventKind
from ..phases import Phase
from .base import FeatureBlock, Night, Role, RoleSpec, Side, register


def stalk(engine, night: Night):
    stalker = engine.alive_with(Role.STALKER)
    if stalker < 0 or engine.stalk_used:
        return
    voted = engine.day_votes.get(stalker, -1)
    if voted < 0 or not engine.alive[voted]:
        return
    c = (yield from engine.ask(Phase.STALK, (stalker,), lambda s: [voted, engine.PASS]))[stalker]
    if engine.target_of(c) >= 0:
        engine.stalk_used = True
        night.stalked = voted
        engine.emit(EventKind.STALK, stalker, voted, None, stalker)


def _used(view, ev, seats) -> None:
    view[ev.actor, 0] = 1


SPEC = register(RoleSpec(
    Role.STALKER, Side.VILLAGE,
    ability=("Once per game, on the night after a day vote, assassinate the player you voted for that day "
             "if they were not exiled; the Guard and the Witch cannot stop it."),
    night=stalk, night_order=5,
    phases={Phase.STALK: "Night: as the Stalker, assassinate the player you voted for today (once per game), or pass."},
    features=(FeatureBlock("stalk_used", lambda n: (1,), public=False, on={EventKind.STALK: _used}),),
))
