"""Stable action layouts: the version a record names decides what its indices mean.

Version 1 is frozen (every record written before headers named a layout is one); version 2
claims only the board's own roles, so a role added to parlour moves no existing board's index.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import parlour
from parlour.agents import RandomAgent
from parlour.agents.scripted import ScriptedWerewolfAgent
from parlour.envs import werewolf_v0
from parlour.envs.werewolf import Action, ActionLayout, IllegalActionError, Kind, Role, WerewolfEngine
from parlour.envs.werewolf.actions import CURRENT_VERSION, size_formula
from parlour.envs.werewolf.features import ObservationLayout
from parlour.envs.werewolf.roles import base
from parlour.envs.werewolf.rules import get_variant, variant_names
from parlour.envs.werewolf.table_fields import decision_fields
from parlour.record import iter_records
from parlour.replays import ReplayMismatch, iter_steps, resimulate

DATA = Path(__file__).parent / "data"

# Version 1 as records of it have it, written out by hand: these numbers may never change.
V1_OFFSETS_8 = {Kind.TARGET: 0, Kind.PASS: 8, Kind.YES: 9, Kind.CLOCKWISE: 10, Kind.ANTICLOCKWISE: 11,
                Kind.BID: 12, Kind.CLAIM: 17, Kind.REPORT_WOLF: 28, Kind.REPORT_GOOD: 36, Kind.ACCUSE: 44,
                Kind.DEFEND: 52, Kind.VOTE_INTENT: 60, Kind.EXPLODE: 68, Kind.DUEL: 69}


def test_version_1_is_frozen_whatever_the_board():
    for roles in ([Role.WEREWOLF, Role.VILLAGER], list(Role)):
        layout = ActionLayout.for_board(8, roles, 1)
        assert layout.offset == V1_OFFSETS_8
        assert layout.size == 77 == 7 * 8 + 21
        assert [layout.decode(17 + k) for k in range(11)] == [(Kind.CLAIM, k) for k in range(11)]


@pytest.mark.parametrize("variant", variant_names())
def test_version_2_claims_only_the_boards_roles_in_stable_id_order(variant):
    rules = get_variant(variant)
    n, roles = rules.num_players, sorted(rules.role_counts)
    layout = ActionLayout.for_board(n, reversed(roles))
    assert layout.version == CURRENT_VERSION == 2
    claims = [layout.decode(i) for i in range(layout.size) if layout.decode(i)[0] is Kind.CLAIM]
    assert claims == [(Kind.CLAIM, int(r)) for r in roles]
    assert layout.offset[Kind.REPORT_WOLF] == n + 9 + len(roles)  # only the board's roles come before
    for role in Role:  # a CLAIM's argument is the role's stable id; a role off the board has no index
        index = layout.index(Kind.CLAIM, role)
        assert (index >= 0) is (role in roles)
        if index >= 0:
            assert layout.decode(index) == (Kind.CLAIM, int(role))


@pytest.mark.parametrize("variant", variant_names())
def test_the_documented_action_space_size_is_the_envs(variant):
    rules = get_variant(variant)
    env = werewolf_v0.raw_env(variant)
    formula = werewolf_v0.ACTION_SIZE
    assert f"Discrete({formula})" in werewolf_v0.__doc__ and f"[0, {formula})" in werewolf_v0.__doc__
    documented = eval(formula.replace("N", "*n").replace("R", "r"), {"n": rules.num_players,
                                                                     "r": len(rules.role_counts)})
    assert env.action_space(env.possible_agents[0]).n == documented
    assert size_formula(1) == "7N + 21"


def test_an_unknown_layout_version_is_refused_by_name():
    with pytest.raises(ValueError, match="unknown Werewolf action layout version 3"):
        WerewolfEngine(get_variant("xu-7"), seed=1, action_layout=3)


def test_claiming_a_role_that_is_not_on_the_board_is_illegal_and_says_so():
    engine = WerewolfEngine(get_variant("werewolf-arena-8"), seed=3)
    while engine.decision.phase.name != "SPEECH":
        seat = engine.next_actor()
        engine.step(seat, engine.legal_actions(seat)[0])
    seat = engine.next_actor()
    with pytest.raises(IllegalActionError, match="nobody may claim the Knight on this board"):
        engine.check(seat, Action(claim=Role.KNIGHT, text="I am the knight"))
    engine.check(seat, Action(claim=Role.SEER))


def _scripted(env) -> list:
    return [ScriptedWerewolfAgent.for_env(env) for _ in range(env.engine.n)]


def test_new_records_name_their_layout_and_verify(tmp_path):
    env = werewolf_v0.raw_env("standard-12-guard")
    record = parlour.play_game(env, _scripted(env), seed=5, game_id="v2")
    assert record.header.action_layout == 2
    path = tmp_path / "v2.jsonl"
    path.write_text(record.to_jsonl(), encoding="utf-8")
    (loaded,) = iter_records(path)
    assert loaded.header.action_layout == 2
    assert resimulate(loaded).layout.version == 2
    header = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
    header["action_layout"] = 1  # the digest covers it: the header was edited
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[0] = json.dumps(header) + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(ReplayMismatch, match="header: digest"):
        resimulate(next(iter_records(path)))


def test_a_game_played_in_layout_1_records_it_and_replays_in_it():
    env = werewolf_v0.raw_env("classic-9", action_layout=1)
    record = parlour.play_game(env, _scripted(env), seed=2, game_id="old-layout")
    assert record.header.action_layout == 1
    assert resimulate(record).layout.size == 7 * 9 + 21
    assert sum(1 for _ in iter_steps(record)) == len(record.decisions)


def test_format_1_records_replay_in_layout_1_and_would_not_in_layout_2():
    records = list(iter_records(DATA / "records-v1.jsonl"))
    claims = 0
    for record in records:
        assert record.header.action_layout is None
        engine = resimulate(record)
        assert engine.layout.version == 1
        for d in record.decisions:
            row = decision_fields(record, d)
            if row["action_kind"] == "claim":
                claims += 1
                assert Role.parse(row["claim"]) in get_variant(record.header.variant).role_counts
        assert sum(1 for _ in iter_steps(record)) == len(record.decisions)
    assert claims
    forced = records[0].model_copy(update={"header": records[0].header.model_copy(update={"action_layout": 2})})
    with pytest.raises(ReplayMismatch):
        resimulate(forced)


def test_a_record_of_an_unknown_layout_names_the_header_field():
    env = werewolf_v0.raw_env("xu-7")
    record = parlour.play_game(env, [RandomAgent() for _ in range(7)], seed=1, game_id="x")
    future = record.model_copy(update={"header": record.header.model_copy(update={"action_layout": 9})})
    with pytest.raises(ReplayMismatch, match="header.action_layout: action layout 9 is unknown"):
        resimulate(future, verify=False)


# ====================================================================== the observation's layout
def _documented_size(formula: str, n: int, r: int) -> int:
    """Evaluate a size formula such as "7N^2 + 3NR + 17N + R + 26"."""
    expr = re.sub(r"(\d)([NR])", r"\1*\2", formula.replace("N^2", "N*N").replace("NR", "N*R"))
    return eval(expr, {"N": n, "R": r})


@pytest.mark.parametrize("variant", variant_names())
def test_the_observation_spans_the_boards_roles_and_its_documented_size(variant):
    rules = get_variant(variant)
    env = werewolf_v0.raw_env(variant)
    layout = env.observation_layout
    roles = tuple(sorted(rules.role_counts))
    assert layout.roles == roles == tuple(r for r in env.layout.claimable)  # the CLAIM block's order
    for block in ("role", "claims", "revealed_role", "check_role"):
        assert layout.slices[block][2][-1] == len(roles), block
    assert [layout.column(r) for r in roles] == list(range(len(roles)))
    assert all(layout.column(r) == -1 for r in Role if r not in roles)
    formula = werewolf_v0.OBS_SIZE
    assert f"({formula},)" in werewolf_v0.__doc__
    size = _documented_size(formula, rules.num_players, len(roles))
    size += layout.role_size  # the blocks and decisions of the WereBench roles, on their boards only
    assert env.observation_space(env.possible_agents[0])["observation"].shape == (size,) == (layout.size,)
    assert _documented_size("7N^2 + 50N + 37", rules.num_players, 11) == ObservationLayout(
        rules.num_players, tuple(Role(i) for i in range(11))).size  # the old layout over the 11 roles of then


def test_a_role_added_to_the_registry_leaves_every_boards_observation_unchanged(monkeypatch):
    """A new role (simulated: an id one past the last, registered) moves no block of a board without it."""
    before = {v: werewolf_v0.raw_env(v).observation_layout for v in variant_names()}
    extra = _ExtraRole(max(Role) + 1)
    monkeypatch.setitem(base.ROLES, extra, base.RoleSpec(extra, base.Side.VILLAGE, ability="a test role"))
    for variant, layout in before.items():
        after = werewolf_v0.raw_env(variant).observation_layout
        assert after == layout and after.slices == layout.slices and after.size == layout.size, variant
        # and a layout built with the extra role on the board grows only its role-sized blocks
        bigger = ObservationLayout.for_board(layout.n, (*layout.roles, extra))
        grown = {name for name in layout.slices if bigger.slices[name][2] != layout.slices[name][2]}
        assert grown == {"role", "claims", "revealed_role", "check_role"}
        assert bigger.size - layout.size == 3 * layout.n + 1


class _ExtraRole(int):
    """Stands in for a Role member added after these boards were written (sorts after every id)."""

    name = "EXTRA"
