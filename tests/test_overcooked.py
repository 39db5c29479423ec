"""The kitchen's own rules, as VS-Bench plays Overcooked (overcooked-ai's cramped room, 3-onion
soups, cook time 5, delivery reward 10, 50 steps, six simultaneous actions): onions, the pot and its
cook timer, plating, delivery, counters, the shaped rewards VS-Bench counts, collisions and the
order of interactions; the scripted chef against random play; prompts and pictures."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parlour.agents import RandomAgent
from parlour.envs import get_game, overcooked_v0
from parlour.envs.boards import RulesError
from parlour.envs.overcooked.agents import ScriptedChef
from parlour.envs.overcooked.engine import NOTHING, Action, EventKind, Held, Item, KitchenEngine, Pot
from parlour.envs.overcooked.interface import RULE_SENTENCES, rules_text
from parlour.envs.overcooked.rules import KitchenRules

UP, DOWN, RIGHT, LEFT, STAY, INTERACT = (int(a) for a in Action)
POT = (2, 0)
EMPTY_POT = Pot()
ONION, DISH = Held(Item.ONION), Held(Item.DISH)

# the cramped room:   x: 0 1 2 3 4
#                y=0    X X P X X
#                y=1    O . . . O
#                y=2    X . . . X
#                y=3    X D X S X


def scene(chef0=((1, 2), UP, NOTHING), chef1=((3, 1), UP, NOTHING), pot=EMPTY_POT, **rules) -> KitchenEngine:
    """An engine with the chefs (cell, facing, holding) and the pot as the test says."""
    e = KitchenEngine(KitchenRules(**rules), 0)
    for seat, (cell, facing, held) in enumerate((chef0, chef1)):
        e.positions[seat], e.facings[seat], e.held[seat] = cell, facing, held
    e.pots[POT] = pot
    return e


def act(e: KitchenEngine, a0: int = STAY, a1: int = STAY) -> int:
    e.step(0, a0)
    e.step(1, a1)
    assert e.last_rewards[0] == e.last_rewards[1]  # the team shares every reward
    return e.last_rewards[0]


# ====================================================================== onions, pot, cook timer
def test_an_onion_from_the_dispenser_goes_into_the_pot_for_three_points():
    e = scene(chef0=((1, 1), LEFT, NOTHING))
    assert act(e, INTERACT) == 0 and e.held[0] == ONION
    e = scene(chef0=((2, 1), UP, ONION))
    assert act(e, INTERACT) == 3 and e.pots[POT] == Pot(1, -1) and e.held[0] == NOTHING


def test_a_full_pot_takes_no_fourth_onion_and_a_cooking_pot_none_at_all():
    e = scene(chef0=((2, 1), UP, ONION), pot=Pot(3, -1))
    assert act(e, INTERACT) == 0 and e.held[0] == ONION and e.pots[POT].onions == 3
    e = scene(chef0=((2, 1), UP, ONION), pot=Pot(2, 1))
    assert act(e, INTERACT) == 0 and e.pots[POT] == Pot(2, 2)


def test_the_pot_cooks_only_once_started_and_is_ready_after_exactly_cook_time_steps():
    e = scene(chef0=((2, 1), UP, NOTHING), pot=Pot(3, -1))
    act(e)
    assert e.pots[POT] == Pot(3, -1)  # three onions alone do not start it (overcooked-ai's new dynamics)
    act(e, INTERACT)
    assert e.events[-1].kind == EventKind.START_COOKING and e.pots[POT].tick == 1
    for _ in range(3):
        act(e)
    assert e.pots[POT].tick == 4 and not e.pot_ready(e.pots[POT])
    act(e)
    assert e.pot_ready(e.pots[POT])
    act(e)
    assert e.pots[POT].tick == 5  # a ready pot stops counting


def test_an_empty_pot_does_not_start():
    e = scene(chef0=((2, 1), UP, NOTHING))
    act(e, INTERACT)
    assert e.pots[POT] == Pot() and not e.events


# ====================================================================== plating and delivery
def test_a_dish_plates_only_a_cooked_soup_for_five_points():
    e = scene(chef0=((2, 1), UP, DISH), pot=Pot(3, 4))
    assert act(e, INTERACT) == 0 and e.held[0] == DISH
    assert act(e, INTERACT) == 5 and e.held[0] == Held(Item.SOUP, 3) and e.pots[POT] == Pot()


def test_delivering_a_three_onion_soup_earns_the_delivery_reward_and_a_smaller_soup_nothing():
    e = scene(chef0=((3, 2), DOWN, Held(Item.SOUP, 3)))
    assert act(e, INTERACT) == 10 and e.held[0] == NOTHING and e.score == 10
    assert e.details()["soups_delivered"] == 1
    e = scene(chef0=((3, 2), DOWN, Held(Item.SOUP, 2)))
    assert act(e, INTERACT) == 0 and e.held[0] == NOTHING
    assert e.details() == {**e.details(), "soups_delivered": 0, "wrong_soups": 1}
    e = scene(chef0=((3, 2), DOWN, ONION))
    assert act(e, INTERACT) == 0 and e.held[0] == ONION  # the serving location takes soup only


def test_the_delivery_reward_and_cook_time_follow_the_rules():
    e = scene(chef0=((3, 2), DOWN, Held(Item.SOUP, 3)), delivery_reward=20)
    assert act(e, INTERACT) == 20
    e = scene(chef0=((2, 1), UP, NOTHING), pot=Pot(3, -1), cook_time=2)
    act(e, INTERACT)
    act(e)
    assert e.pot_ready(e.pots[POT])


def test_a_dish_is_worth_three_points_only_while_a_pot_needs_one():
    e = scene(chef0=((1, 2), DOWN, NOTHING))
    assert act(e, INTERACT) == 0 and e.held[0] == DISH  # an empty pot: no use
    e = scene(chef0=((1, 2), DOWN, NOTHING), pot=Pot(3, 2))
    assert act(e, INTERACT) == 3
    e = scene(chef0=((1, 2), DOWN, NOTHING), chef1=((3, 1), UP, DISH), pot=Pot(3, 2))
    assert act(e, INTERACT) == 0  # the partner already carries the pot's dish


# ====================================================================== counters, order, collisions
def test_a_counter_takes_what_a_chef_holds_and_gives_it_back():
    e = scene(chef0=((1, 2), LEFT, ONION))
    act(e, INTERACT)
    assert e.counters == {(0, 2): ONION} and e.held[0] == NOTHING
    act(e, INTERACT)
    assert e.counters == {} and e.held[0] == ONION


def test_chef_zero_interacts_first_so_it_fills_the_last_place_in_a_pot_both_reach():
    e = KitchenEngine(KitchenRules(layout=("XXXXX", "O1P2O", "XDXSX")), 0)  # a pot between the chefs
    e.facings, e.held = [RIGHT, LEFT], [ONION, ONION]
    e.pots[(2, 1)] = Pot(2, -1)
    act(e, INTERACT, INTERACT)
    assert e.pots[(2, 1)] == Pot(3, -1) and e.held == [NOTHING, ONION]
    assert [(ev.kind, ev.seat) for ev in e.events] == [(EventKind.POT_ONION, 0)]


def test_a_move_into_a_counter_only_turns_the_chef():
    e = scene(chef0=((1, 2), UP, NOTHING))
    act(e, LEFT)
    assert e.positions[0] == (1, 2) and e.facings[0] == LEFT


def test_chefs_moving_onto_one_tile_both_stay_but_turn():
    e = scene(chef0=((1, 1), UP, NOTHING), chef1=((3, 1), UP, NOTHING))
    act(e, RIGHT, LEFT)
    assert e.positions == [(1, 1), (3, 1)] and e.facings == [RIGHT, LEFT]


def test_chefs_swapping_tiles_both_stay():
    e = scene(chef0=((1, 1), UP, NOTHING), chef1=((2, 1), UP, NOTHING))
    act(e, RIGHT, LEFT)
    assert e.positions == [(1, 1), (2, 1)]
    act(e, DOWN, STAY)
    assert e.positions == [(1, 2), (2, 1)]  # no collision: chef 0 moves


def test_a_chef_may_follow_another_into_the_tile_it_leaves():
    e = scene(chef0=((1, 1), UP, NOTHING), chef1=((2, 1), UP, NOTHING))
    act(e, RIGHT, RIGHT)
    assert e.positions == [(2, 1), (3, 1)]


# ====================================================================== episodes
def test_the_episode_ends_after_fifty_steps_and_both_chefs_share_the_return():
    env = overcooked_v0.raw_env()
    env.reset(seed=0)
    for _ in range(2 * 50):
        env.step(STAY)
    assert env.engine.done and all(env.terminations.values()) and not any(env.truncations.values())
    assert env.infos["player_0"]["returns"] == [0.0, 0.0]


@settings(max_examples=30, deadline=None)
@given(moves=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5)), min_size=1, max_size=50))
def test_chefs_stay_on_distinct_floor_tiles_and_every_point_comes_from_an_event(moves):
    e = KitchenEngine(KitchenRules(), 0)
    for a, b in moves:
        before = len(e.events)
        reward = act(e, a, b)
        assert e.positions[0] != e.positions[1] and all(p in e.floor for p in e.positions)
        assert reward == sum(ev.reward for ev in e.events[before:])
    assert e.score == sum(ev.reward for ev in e.events)


def _episode(kinds: str, seed: int) -> tuple[int, int]:
    env = overcooked_v0.parallel_env()
    observations, _ = env.reset(seed=seed)
    agents = [ScriptedChef(env.observation_layout, env.rules) if k == "s" else RandomAgent(seed * 2 + i)
              for i, k in enumerate(kinds)]
    for i, a in enumerate(agents):
        a.reset(i, seed)
    trace = []
    while env.agents:
        actions = {name: agents[i].act_sync(observations[name], {}) for i, name in enumerate(env.possible_agents)}
        observations = env.step(actions)[0]
        trace.append(env.engine.state_parts())
    return env.engine.score, env.engine.details()["soups_delivered"]


def test_two_scripted_chefs_deliver_two_soups_and_random_chefs_none():
    assert _episode("ss", 0) == (60, 2)  # 8 onions potted x 3 + 2 dishes x 3 + 2 plated x 5 + 2 delivered x 10
    random_scores = [_episode("rr", s)[0] for s in range(10)]
    assert max(random_scores) < 20
    helped = [_episode("sr", s)[0] for s in range(10)] + [_episode("rs", s)[0] for s in range(10)]
    assert np.mean(helped) > np.mean(random_scores) + 10


def test_same_actions_give_the_same_kitchen():
    rng = np.random.default_rng(1)
    moves = [tuple(int(v) for v in rng.integers(0, 6, 2)) for _ in range(50)]

    def run():
        e = KitchenEngine(KitchenRules(), 3)
        return [(act(e, a, b), e.state_parts()) for a, b in moves]

    assert run() == run()


# ====================================================================== rules, prompts, pictures
def test_every_rules_field_has_a_sentence_and_bad_layouts_name_the_problem():
    assert set(RULE_SENTENCES) == set(KitchenRules.model_fields)
    assert "cooks for 5 timesteps" in rules_text(KitchenRules())
    with pytest.raises(RulesError, match="layout.*exactly one '2'"):
        get_game("overcooked").rules({"layout": ["XXPXX", "O 1 O", "XDXSX"]})
    with pytest.raises(RulesError, match="cook_time"):
        get_game("overcooked").rules({"cook_time": 0})
    rules = get_game("overcooked").rules({"layout": list(KitchenRules().layout)})  # a record header's JSON list
    assert rules == KitchenRules()


def test_the_prompt_says_what_each_action_would_do_and_accepts_vsbench_answers():
    env = overcooked_v0.env()
    env.reset(seed=0)
    ui = get_game("overcooked").text_interface(env)
    system, user = (m["content"] for m in ui.messages(1))
    assert "## Game rules" in system and "cooks for 5 timesteps" in system
    for section in ("## Player information", "## Game state", "## History", "## Legal actions", "## Instructions"):
        assert section in user
    legal = ui.legal_actions(1)  # chef 1 at (3, 1) faces up: a counter; the onion dispenser is to its right
    assert "nothing happens" in legal[INTERACT] and "only turn" in legal[RIGHT]
    assert ui.parse("<INTERACT>", 1) == INTERACT and ui.parse('{"action": "<LEFT>"}', 1) == LEFT


def test_pictures_are_numpy_images_and_a_seats_picture_frames_its_chef():
    env = overcooked_v0.raw_env(render_mode="rgb_array")
    env.reset(seed=0)
    img = env.render()
    assert img.dtype == np.uint8 and img.shape == (4 * 32 + 28, 5 * 32, 3)
    assert (env.observe_image("player_0") != img).any()
    env = overcooked_v0.raw_env(render_mode="ansi")
    env.reset(seed=0)
    assert env.render().splitlines()[1].startswith("0 X")
