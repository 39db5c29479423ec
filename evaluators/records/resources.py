"""In-game resources: how each role spent what it has once or once a night, and whether it hit.

A use *hits* when it helps the user's own side:

=============  ==========================================================================================
resource       metrics (per seat holding the role; rates over its games or uses)
=============  ==========================================================================================
antidote       ``save_used`` (games the witch used it), ``save_day`` (mean day of use), ``save_hit``
               (the saved seat was good: a wolf's self-kill bluff wastes it)
poison         ``poison_used``, ``poison_day``, ``poison_hit`` (the poisoned seat was on the other side)
guard          ``guard_night`` (nights it protected someone), ``guard_block`` (protected the wolves'
               victim of that night), ``guard_wolf`` (protected a wolf: a wasted night)
doctor         ``doctor_night``, ``doctor_block``, ``doctor_wolf`` as the guard's
seer           ``check_wolf`` (checks that found a wolf)
shot           ``shot_fired`` (of the shots a dying shooter was offered), ``shot_hit`` (the shot seat
               was on the other side); the Hunter, and the Wolf King, whose hit is a good seat
badge          ``badge_passed`` (a dying sheriff handed the badge on rather than tearing it),
               ``badge_own_side`` (to a seat of its own side)
wolves' kill   ``kill_god`` (a wolf's kill vote named a good special role)
=============  ==========================================================================================

"Against the winning side's use": every rate is also reported for seats whose side won and lost,
so ``save_hit`` of witches who won stands beside that of witches who lost.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...envs.werewolf.events import EventKind
from ...envs.werewolf.roles import Role
from .load import ReplayedGame
from .tally import Obs

METRICS: dict[str, tuple[str, str]] = {
    "save_used": ("antidote used", "share of the witch's games in which she used the antidote"),
    "save_day": ("antidote day", "mean day the antidote was used"),
    "save_hit": ("antidote hit", "share of saves on a good seat"),
    "poison_used": ("poison used", "share of the witch's games in which she used the poison"),
    "poison_day": ("poison day", "mean day the poison was used"),
    "poison_hit": ("poison hit", "share of poisons on a seat of the other side"),
    "guard_night": ("guarded nights", "share of the guard's nights with a protection"),
    "guard_block": ("guard blocked kill", "share of protections on that night's wolf victim"),
    "guard_wolf": ("guarded a wolf", "share of protections spent on a wolf"),
    "doctor_night": ("doctor nights", "share of the doctor's nights with a protection"),
    "doctor_block": ("doctor blocked kill", "share of protections on that night's wolf victim"),
    "doctor_wolf": ("doctor saved a wolf", "share of protections spent on a wolf"),
    "check_wolf": ("checks found wolf", "share of seer checks that found a wolf"),
    "shot_fired": ("shots fired", "share of offered death shots that were fired"),
    "shot_hit": ("shot hit", "share of shots at a seat of the other side"),
    "badge_passed": ("badge passed", "share of a dying sheriff's badge decisions that passed it on"),
    "badge_own_side": ("badge to own side", "share of passed badges given to the sheriff's own side"),
    "kill_god": ("kill votes on gods", "share of a wolf's kill votes naming a good special role"),
}


def resource_observations(game: ReplayedGame) -> Iterator[Obs]:
    events = game.engine.events
    is_wolf, roles = game.is_wolf, game.roles
    victim_on = {ev.day: ev.target for ev in events if ev.kind == EventKind.WOLF_KILL}
    exploded: set[int] = set()
    used: dict[EventKind, int] = {}  # WITCH_SAVE / WITCH_POISON -> the witch who used it
    for ev in events:
        kind, actor, target = ev.kind, ev.actor, ev.target
        if kind == EventKind.WITCH_SAVE:
            used[kind] = actor
            yield Obs("save_day", float(ev.day), 1.0, actor)
            yield Obs("save_hit", float(not is_wolf[target]), 1.0, actor)
        elif kind == EventKind.WITCH_POISON:
            used[kind] = actor
            yield Obs("poison_day", float(ev.day), 1.0, actor)
            yield Obs("poison_hit", float(is_wolf[target] != is_wolf[actor]), 1.0, actor)
        elif kind in (EventKind.GUARD, EventKind.DOCTOR):
            name = "guard" if kind == EventKind.GUARD else "doctor"
            yield Obs(f"{name}_night", float(target >= 0), 1.0, actor)
            if target >= 0:
                yield Obs(f"{name}_block", float(victim_on.get(ev.day, -1) == target), 1.0, actor)
                yield Obs(f"{name}_wolf", float(is_wolf[target]), 1.0, actor)
        elif kind == EventKind.SEER_CHECK:
            yield Obs("check_wolf", float(is_wolf[target]), 1.0, actor)
        elif kind == EventKind.SHOOT:
            yield Obs("shot_fired", float(target >= 0), 1.0, actor)
            if target >= 0:
                yield Obs("shot_hit", float(is_wolf[target] != is_wolf[actor]), 1.0, actor)
        elif kind == EventKind.EXPLODE:
            exploded.add(actor)
        elif kind == EventKind.BADGE and actor not in exploded:  # an exploding wolf's badge is torn, not handed
            yield Obs("badge_passed", float(target >= 0), 1.0, actor)
            if target >= 0:
                yield Obs("badge_own_side", float(is_wolf[target] == is_wolf[actor]), 1.0, actor)
        elif kind == EventKind.WOLF_VOTE and target >= 0:
            yield Obs("kill_god", float(roles[target].is_god), 1.0, actor)
    for witch in (s for s, r in enumerate(roles) if r is Role.WITCH):
        yield Obs("save_used", float(used.get(EventKind.WITCH_SAVE) == witch), 1.0, witch)
        yield Obs("poison_used", float(used.get(EventKind.WITCH_POISON) == witch), 1.0, witch)
