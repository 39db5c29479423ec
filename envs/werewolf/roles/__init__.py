"""Werewolf roles, one module each, registered under their stable ids.

A role module (``roles/<role>.py``) holds everything that is the role's own: its side, its card
text (the LLM prompt's role cards and rules), its night step if it has one, and the abilities the
day script asks about. Adding a role is its id in :class:`Role`, its module, its line below, its
tests (and its scripted behaviour in parlour.agents.scripted).

The names below are what the rest of parlour imports (``from parlour.envs.werewolf.roles import
Role, Side, WOLF_ROLES, ROLE_ABILITIES``); they are derived from the registered specs.
"""

from __future__ import annotations

from collections.abc import Iterable

from . import (  # noqa: F401
    cupid,
    demon,
    doctor,
    ghost_bride,
    guard,
    hunter,
    idiot,
    knight,
    magician,
    nine_tailed_fox,
    seer,
    silence_elder,
    stalker,
    thief,
    villager,
    werewolf,
    white_wolf_king,
    witch,
    wolf_beauty,
    wolf_king,
)
from .base import ROLES, FeatureBlock, Night, NightStep, Role, RoleSpec, Side, register

_missing = [r.name for r in Role if r not in ROLES]
if _missing:  # an id without a module would fail deep inside a game; fail at import instead
    raise ImportError(f"roles without a module: {', '.join(_missing)}")

NUM_ROLES = len(Role)
WOLF_ROLES = frozenset(r for r, spec in ROLES.items() if spec.side is Side.WOLVES)
ROLE_ABILITIES: dict[Role, str] = {r: ROLES[r].ability for r in Role}
SHOOTS_ON_DEATH = frozenset(r for r, spec in ROLES.items() if spec.shoots_on_death)
SURVIVES_EXILE = frozenset(r for r, spec in ROLES.items() if spec.survives_exile)
DUELS = frozenset(r for r, spec in ROLES.items() if spec.duels)
TAKES_ON_EXPLODE = frozenset(r for r, spec in ROLES.items() if spec.takes_on_explode)
MAY_EXPLODE = frozenset(r for r, spec in ROLES.items() if spec.side is Side.WOLVES and spec.may_explode)
IMMUNE_AT_NIGHT = frozenset(r for r, spec in ROLES.items() if spec.immune_at_night)
# What each role's own decisions ask (the LLM prompt's phase texts): Phase -> text.
ROLE_PHASE_TEXT = {phase: text for spec in ROLES.values() for phase, text in spec.phases.items()}


def night_schedule(roles: Iterable[Role]) -> tuple[NightStep, ...]:
    """The night steps of a board with these roles, in night order, each once (all the wolf
    roles share the wolves' kill). Ties in ``night_order`` keep stable-id order."""
    steps: dict[NightStep, int] = {}
    for role in sorted(set(roles)):
        spec = ROLES[role]
        own = ((spec.night, spec.night_order),) if spec.night is not None else ()
        for step, order in own + spec.more_nights:
            steps.setdefault(step, order)
    return tuple(sorted(steps, key=steps.__getitem__))


__all__ = ["DUELS", "IMMUNE_AT_NIGHT", "MAY_EXPLODE", "NUM_ROLES", "ROLES", "ROLE_ABILITIES", "ROLE_PHASE_TEXT",
           "SHOOTS_ON_DEATH", "SURVIVES_EXILE", "TAKES_ON_EXPLODE", "WOLF_ROLES", "FeatureBlock", "Night", "NightStep",
           "Role", "RoleSpec", "Side", "night_schedule", "register"]
