"""Roles as plugins: every role is a module registered under its stable id, and a board's night
is the ordered schedule of its roles' night steps."""

from __future__ import annotations

import importlib

import pytest

from parlour.envs.werewolf import Phase, Role, Side, WerewolfEngine
from parlour.envs.werewolf.phases import NIGHT_PHASES
from parlour.envs.werewolf.roles import ROLE_ABILITIES, ROLES, WOLF_ROLES, RoleSpec, night_schedule, register
from parlour.envs.werewolf.rules import get_variant, variant_names

# Stable ids: records, features and action layouts name roles by them, so they never move.
STABLE_IDS = {"VILLAGER": 0, "WEREWOLF": 1, "SEER": 2, "WITCH": 3, "HUNTER": 4, "GUARD": 5, "IDIOT": 6,
              "WHITE_WOLF_KING": 7, "WOLF_KING": 8, "KNIGHT": 9, "DOCTOR": 10}


def test_stable_ids_never_move():
    assert {r.name: int(r) for r in Role if r.name in STABLE_IDS} == STABLE_IDS


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.name.lower())
def test_every_role_is_one_module_that_registers_its_spec(role):
    module = importlib.import_module(f"parlour.envs.werewolf.roles.{role.name.lower()}")
    assert module.SPEC is ROLES[role] is role.spec
    assert module.SPEC.role is role and ROLE_ABILITIES[role] == module.SPEC.ability
    assert role.side is module.SPEC.side and (role in WOLF_ROLES) is (role.side is Side.WOLVES)


def test_a_role_registers_once():
    with pytest.raises(ValueError, match="registered twice"):
        register(RoleSpec(Role.SEER, Side.VILLAGE, ability="again"))


def test_the_night_runs_guard_doctor_wolves_witch_seer_and_the_wolves_once():
    steps = night_schedule(list(Role))
    assert [s.__module__.rsplit(".", 1)[1] for s in steps] == [
        "thief", "magician", "cupid", "ghost_bride", "stalker", "guard", "doctor", "werewolf", "wolf_beauty", "witch", "seer", "demon", "silence_elder"]
    assert night_schedule([Role.WOLF_KING, Role.WHITE_WOLF_KING, Role.VILLAGER]) == (ROLES[Role.WEREWOLF].night,)


@pytest.mark.parametrize("variant", variant_names())
def test_a_boards_night_asks_only_its_roles_in_schedule_order(variant):
    rules = get_variant(variant)
    order = [Phase.THIEF_PICK, Phase.SWAP_FIRST, Phase.SWAP_SECOND, Phase.LINK_FIRST, Phase.LINK_SECOND, Phase.GROOM,
             Phase.WITNESS, Phase.STALK, Phase.GUARD, Phase.DOCTOR, Phase.WOLF_CHAT, Phase.WOLF_KILL, Phase.CHARM, Phase.WITCH_SAVE,
             Phase.WITCH_POISON, Phase.SEER, Phase.DEMON_CHECK, Phase.SILENCE]
    for seed in range(3):
        engine = WerewolfEngine(rules, seed=seed)
        seen = []
        while engine.decision.phase in NIGHT_PHASES:
            phase = engine.decision.phase
            if not seen or seen[-1] is not phase:
                seen.append(phase)
            for seat in engine.to_move():
                engine.step(seat, engine.legal_actions(seat)[-1])
        assert seen == sorted(seen, key=order.index)
        owner = {Phase.GUARD: Role.GUARD, Phase.DOCTOR: Role.DOCTOR, Phase.WITCH_SAVE: Role.WITCH,
                 Phase.WITCH_POISON: Role.WITCH, Phase.SEER: Role.SEER, Phase.STALK: Role.STALKER,
                 Phase.CHARM: Role.WOLF_BEAUTY, Phase.DEMON_CHECK: Role.DEMON, Phase.SILENCE: Role.SILENCE_ELDER,
                 Phase.SWAP_FIRST: Role.MAGICIAN, Phase.SWAP_SECOND: Role.MAGICIAN, Phase.THIEF_PICK: Role.THIEF,
                 Phase.LINK_FIRST: Role.CUPID, Phase.LINK_SECOND: Role.CUPID, Phase.GROOM: Role.GHOST_BRIDE,
                 Phase.WITNESS: Role.GHOST_BRIDE}
        assert all(owner[p] in rules.role_counts for p in seen if p in owner)
