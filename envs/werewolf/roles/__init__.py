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

from . import doctor, guard, hunter, idiot, knight, seer, villager, werewolf, white_wolf_king, witch, wolf_king  # noqa: F401
from .base import ROLES, Night, NightStep, Role, RoleSpec, Side, register

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


def night_schedule(roles: Iterable[Role]) -> tuple[NightStep, ...]:
    """The night steps of a board with these roles, in night order, each once (all the wolf
    roles share the wolves' kill). Ties in ``night_order`` keep stable-id order."""
    steps: dict[NightStep, int] = {}
    for role in sorted(set(roles)):
        spec = ROLES[role]
        if spec.night is not None and spec.night not in steps:
            steps[spec.night] = spec.night_order
    return tuple(sorted(steps, key=steps.__getitem__))


__all__ = ["DUELS", "NUM_ROLES", "ROLES", "ROLE_ABILITIES", "SHOOTS_ON_DEATH", "SURVIVES_EXILE",
           "TAKES_ON_EXPLODE", "WOLF_ROLES", "Night", "NightStep", "Role", "RoleSpec", "Side",
           "night_schedule", "register"]
