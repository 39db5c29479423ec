"""The AdvGameBench auto-battler's own tests: the simulator, the budget, revision rounds, whole
JSON plans through the text interface and the records, the metrics, and the scripted agent."""

from __future__ import annotations

import json

import jsonschema
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parlour import play_game
from parlour.agents.base import SyncAgent
from parlour.agents.llm.text_interface import ParseError
from parlour.agentspec import build_agent
from parlour.envs import get_game
from parlour.envs.advgame.battle import DRAW, boosted, simulate
from parlour.envs.advgame.engine import AdvGameEngine, AdvGameError, Plan
from parlour.envs.advgame.rules import catalogue, get_rules
from parlour.evaluators.advgame import Side, SideRound, compute, metrics_by_agent, side_of
from parlour.record import GameRecord
from parlour.replays import resimulate

GAME = get_game("advgame-battle")
CAT = catalogue()
U = {u.name: i for i, u in enumerate(CAT.units)}


def ids(*names: str) -> tuple[int, ...]:
    return tuple(U[n] for n in names)


# ---------------------------------------------------------------------- the simulator
def test_catalogue_is_package_data_with_unique_names():
    assert len(CAT.units) == 8 and len({u.name for u in CAT.units}) == 8
    assert CAT.index("knight") == U["Knight"]
    with pytest.raises(KeyError, match="unknown unit 'Dragon'"):
        CAT.index("Dragon")


def test_mirror_footmen_the_tiebreak_decides_who_strikes_first():
    # 10 hp, attack 3 vs armor 1: 2 damage a hit, 5 hits to kill; the first striker lands its 5th first
    for first in (0, 1):
        r = simulate(CAT, (ids("Footman"), ids("Footman")), 30, first)
        assert r.winner == first and r.ticks == 5
        assert r.hp_left[first] == 2 and r.hp_left[1 - first] == 0


def test_empty_lineups_lose_or_draw():
    assert simulate(CAT, ((), ids("Archer")), 30, 0).winner == 1
    assert simulate(CAT, (ids("Archer"), ()), 30, 1).winner == 0
    assert simulate(CAT, ((), ()), 30, 0).winner == DRAW


def test_synergies_apply_at_their_count():
    one = boosted(CAT, ids("Footman"))
    two = boosted(CAT, ids("Footman", "Knight"))
    assert one[0][3] == 1 and two[0][3] == 2 and two[1][3] == 3  # warriors x2: +1 armor
    casters = boosted(CAT, ids("Mage", "Cleric"))
    assert casters[0][:2] == [9, 9]  # casters x2: +3 hp


def test_a_melee_unit_behind_the_front_does_not_strike_but_a_ranged_one_does():
    # one tick: the Guardian in front takes hits from the Archer behind the other Guardian only
    melee = simulate(CAT, (ids("Guardian", "Berserker"), ids("Guardian")), 1, 0)
    ranged = simulate(CAT, (ids("Guardian", "Archer"), ids("Guardian")), 1, 0)
    assert melee.hp_left[1] > ranged.hp_left[1]


def test_timeout_compares_hit_points_left():
    # 1 damage a hit each way (attack 2 vs armor 2, attack 4 vs armor 3): more hit points left wins
    r = simulate(CAT, (ids("Guardian"), ids("Knight")), 2, 1)
    assert r.ticks == 2 and r.winner == 0 and r.hp_left == (20, 14)
    assert simulate(CAT, (ids("Guardian"), ids("Guardian")), 3, 0) == (DRAW, 3, (19, 19), (1, 1))


lineups = st.lists(st.integers(0, len(CAT.units) - 1), max_size=5).map(tuple)


@settings(max_examples=60, deadline=None)
@given(lineups, lineups, st.integers(0, 1))
def test_battles_are_symmetric_and_deterministic(a, b, first):
    r = simulate(CAT, (a, b), 30, first)
    assert r == simulate(CAT, (a, b), 30, first)
    mirrored = simulate(CAT, (b, a), 30, 1 - first)
    assert mirrored.winner == (DRAW if r.winner == DRAW else 1 - r.winner)
    assert mirrored.hp_left == r.hp_left[::-1] and mirrored.ticks == r.ticks


# ---------------------------------------------------------------------- budget and rounds
def test_masks_keep_the_draft_within_budget_and_slots():
    rules = get_rules("standard")
    e = AdvGameEngine(rules, seed=0)
    for u in ids("Guardian", "Guardian", "Knight"):  # 17 gold: 3 left
        e.step(0, u)
    legal = e.legal_actions(0)
    assert legal == sorted([U["Footman"], U["Archer"], e.SUBMIT])
    with pytest.raises(AdvGameError, match="not legal"):
        e.step(0, U["Knight"])
    e.step(0, U["Archer"])
    e.step(0, U["Footman"] if U["Footman"] in e.legal_actions(0) else e.SUBMIT)
    assert e.builder == 1 and e.legal_actions(0) == []


def test_an_over_budget_plan_loses_its_round_and_two_draw():
    e = AdvGameEngine(get_rules("standard"), seed=0)
    e.step(0, Plan(units=("Guardian",) * 4))  # 24 gold > 20
    e.step(1, Plan(units=("Archer",)))
    first = e.results[0]
    assert first.plans[0].over_budget and first.winner == 1  # the Guardians would have won the battle
    assert first.battle.winner == 0
    e.step(0, Plan(units=("Mage",) * 4))
    e.step(1, Plan(units=("Knight",) * 5))
    assert e.results[1].winner == DRAW
    assert e.details()["rounds"][1]["over_budget"] == [True, True]


def test_a_bad_plan_raises_and_changes_nothing():
    e = AdvGameEngine(get_rules("standard"), seed=0)
    before = e.state_parts()
    for plan in (Plan(units=("Dragon",)), Plan(units=("Archer",) * 6)):
        with pytest.raises(AdvGameError):
            e.step(0, plan)
    assert e.state_parts() == before and e.history == []
    e.step(0, U["Archer"])
    with pytest.raises(AdvGameError, match="before any unit"):
        e.step(0, Plan(units=("Archer",)))


def test_revision_rounds_reveal_plans_only_after_the_battle():
    other = GAME.raw_env(get_rules("standard"))
    other.reset(seed=3)
    other.step(other.engine.SUBMIT)
    env = GAME.raw_env(get_rules("standard"))
    env.reset(seed=3)
    e = env.engine
    env.step(U["Knight"])
    env.step(e.SUBMIT)
    seen = env.observe("player_1")
    assert np.array_equal(seen["observation"], other.observe("player_1")["observation"])  # seat 0's plan is hidden
    assert np.array_equal(seen["action_mask"], other.observe("player_1")["action_mask"])
    env.step(e.SUBMIT)  # seat 1 submits nothing: the battle
    assert e.round == 2 and e.results[0].winner == 0
    assert "Player 0 fields 1 Knight" in "\n".join(line.text for line in GAME.narrate(e, 1))
    for _ in range(2):  # rounds 2 and 3
        env.step(e.SUBMIT)
        env.step(e.SUBMIT)
    assert e.done and e.wins() == [1, 0] and env.rewards == {"player_0": 1.0, "player_1": -1.0}
    assert env.render() is None and GAME.env(get_rules(), render_mode="rgb_array").unwrapped.render().ndim == 3


# ---------------------------------------------------------------------- the text interface
def test_a_whole_json_plan_is_parsed_and_an_over_budget_one_is_reported():
    env = GAME.raw_env(get_rules("standard"))
    env.reset(seed=0)
    iface = GAME.text_interface(env)
    assert "Guardian: cost 6" in iface.messages(0)[0]["content"]
    plan = iface.parse(json.dumps({"reasoning": "tank", "plan": ["Guardian"] * 4}), 0)
    assert plan == Plan(units=("Guardian",) * 4)
    jsonschema.validate({"plan": ["Guardian"] * 4}, iface.schema(0))
    env.step(plan)
    env.step(iface.parse('{"plan": ["Archer", "Archer"]}', 1))
    text = "\n".join(m["content"] for m in iface.messages(0))
    assert "(24 gold, OVER THE BUDGET of 20)" in text and "player 1 wins the round (over budget" in text
    with pytest.raises(ParseError, match="unknown unit 'Dragon'") as caught:
        iface.parse('{"plan": ["Dragon"]}', 0)
    assert "<SUBMIT>" in iface.feedback(str(caught.value), 0)


class PlanAgent(SyncAgent):
    """Answers whole plans, as an LLM seat does: the given lineups, one a round."""

    def __init__(self, plans):
        self.plans = plans
        self.k = 0

    def act_sync(self, observation, info):
        self.k += 1
        return Plan(units=self.plans[self.k - 1])


def test_records_of_whole_plans_replay_and_verify():
    rules = get_rules("standard")
    seat0 = PlanAgent([("Mage",) * 4, ("Knight", "Knight", "Archer", "Footman"), ("Knight",)])

    def agents(env):
        return [seat0, build_agent("scripted", env, 1, 0)]

    record = play_game(GAME.env(rules), agents, seed=5, specs=["llm-like", "scripted"], game_id="plans")
    again = GameRecord.model_validate_json(record.model_dump_json())
    engine = resimulate(again, verify=True)
    assert engine.details() == record.outcome.details
    assert record.decisions[0].speech == {"units": ["Mage"] * 4}
    assert record.outcome.details["rounds"][0]["over_budget"] == [True, False]
    m = metrics_by_agent([record])
    assert m["llm-like"].over_budget_rate == pytest.approx(1 / 3)


# ---------------------------------------------------------------------- metrics
def test_metrics_on_constructed_histories():
    a = Side([SideRound(("Knight",), False, 0.0), SideRound(("Mage",), False, 1.0), SideRound(("Mage",), True, 0.0)], True)
    b = Side([SideRound(("Archer",), False, 0.5), SideRound(("Footman",), False, 0.0)], False)
    m = compute([a, b])
    assert m.matches == 2 and m.win_rate == 0.5
    assert m.over_budget_rate == pytest.approx(1 / 5)
    assert m.revision_rate == pytest.approx(2 / 3)            # a: 1 of 2 later rounds revised; b: 1 of 1
    assert m.correction_success_rate == pytest.approx(1 / 2)  # a's revision improved (0 -> 1), b's did not
    xs, ys = [1, 2, 3, 1, 2], [0, 1, 0, 0.5, 0]
    assert m.improvement_slope == pytest.approx(np.polyfit(xs, ys, 1)[0])
    empty = compute([Side([SideRound((), False, 1.0)], True)])
    assert empty.revision_rate is None and empty.correction_success_rate is None and empty.improvement_slope is None


def test_side_of_reads_details_and_names_a_broken_round():
    details = {"rounds": [{"plans": [["Knight"], []], "over_budget": [False, False], "winner": -1}], "winner": -1}
    assert side_of(details, 1) == Side([SideRound((), False, 0.5)], False)
    with pytest.raises(KeyError, match="round 1"):
        side_of({"rounds": [{"plans": [["Knight"]]}]}, 0)


# ---------------------------------------------------------------------- the reference agent
def test_scripted_beats_random_in_both_seat_orders():
    rules = get_rules("standard")
    records = []
    for seed in range(12):
        specs = ["scripted", "random"] if seed % 2 == 0 else ["random", "scripted"]
        records.append(play_game(GAME.env(rules), lambda env, s=specs, k=seed: [build_agent(x, env, i, k) for i, x in enumerate(s)],
                                 seed=seed, specs=specs, game_id=f"g{seed}"))
    m = metrics_by_agent(records)
    assert m["scripted"].win_rate >= 0.9 and m["random"].win_rate <= 0.1
    assert m["scripted"].over_budget_rate == 0.0 and m["random"].over_budget_rate == 0.0
