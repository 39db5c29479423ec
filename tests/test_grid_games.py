"""The grid games' own rules (Coin Dilemma, Monster Hunt, Battle of the Colors), as VS-Bench plays
them: scores per event, respawns, the monster's chase, the end at max_steps, event counts, the
scripted agents, the prompts; and hypothesis properties over seeds (positions on the board, objects
on distinct cells, every reward explained by the step's events)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import parlour
from parlour.agents import RandomAgent
from parlour.envs import coin_dilemma_v0, get_game
from parlour.envs.grid_games.engine import BOTH, EventKind, GridEngine, Move
from parlour.envs.grid_games.interface import RULE_SENTENCES, rules_text
from parlour.envs.grid_games.rules import GridRulesError

S, R, L, U, D = (int(m) for m in (Move.STAY, Move.RIGHT, Move.LEFT, Move.UP, Move.DOWN))
GAMES = ("coin-dilemma", "monster-hunt", "battle-of-the-colors")


def engine(game_id: str, seed: int = 0, board: str | None = None) -> GridEngine:
    game = get_game(game_id)
    return game.new_engine(game.rules(board), seed)


def scene(game_id: str, players, objects, **rules) -> GridEngine:
    """An engine with the players and objects where the test says."""
    game = get_game(game_id)
    e = game.new_engine(game.rules(rules or None), 0)
    e.players, e.objects = [tuple(p) for p in players], [tuple(o) for o in objects]
    return e


def move(e: GridEngine, red: int, blue: int) -> list[int]:
    e.step(0, red)
    e.step(1, blue)
    return e.last_rewards


# ====================================================================== Coin Dilemma
def test_own_coin_is_plus_one_and_respawns_off_the_players():
    e = scene("coin-dilemma", [(0, 0), (4, 4)], [(1, 0), (3, 3)])
    assert move(e, R, S) == [1, 0]
    assert e.counts == [1, 0, 0, 0] and e.events[-1].kind == EventKind.COIN_OWN
    assert e.objects[0] not in (*e.players, e.objects[1]) and e.objects[1] == (3, 3)


def test_the_other_players_coin_is_plus_one_to_you_and_minus_two_to_it():
    e = scene("coin-dilemma", [(0, 0), (4, 4)], [(3, 3), (1, 0)])
    assert move(e, R, S) == [1, -2]
    assert e.count_dict()["red_player_collect_blue_coin"] == 1
    e = scene("coin-dilemma", [(0, 0), (4, 4)], [(4, 3), (1, 1)])
    assert move(e, S, D) == [-2, 1]
    assert e.count_dict()["blue_player_collect_red_coin"] == 1


def test_both_on_one_coin_both_collect_it():
    e = scene("coin-dilemma", [(0, 1), (2, 1)], [(1, 1), (4, 4)])
    assert move(e, R, L) == [1 - 2, 1]  # red: own coin +1, taken -2; blue: +1


def test_a_move_into_the_wall_stays_put():
    e = scene("coin-dilemma", [(0, 0), (4, 4)], [(2, 2), (3, 2)])
    move(e, L, U)
    assert e.players == [(0, 0), (4, 4)]


# ====================================================================== Monster Hunt
def test_an_apple_is_plus_two_and_respawns():
    e = scene("monster-hunt", [(0, 0), (4, 0)], [(4, 4), (1, 0), (2, 2)])
    assert move(e, R, S)[0] == 2
    assert e.objects[1] not in (e.players[0], e.players[1], e.objects[0], e.objects[2])
    assert e.count_dict()["red_player_eat_apple"] == 1


def test_the_monster_chases_the_nearest_player():
    e = scene("monster-hunt", [(0, 0), (4, 4)], [(0, 3), (2, 0), (2, 1)])
    move(e, S, S)
    assert e.objects[0] == (0, 2)  # toward red (distance 3) rather than blue (4)
    e = scene("monster-hunt", [(4, 0), (0, 4)], [(4, 4), (2, 0), (2, 1)])
    move(e, S, S)
    assert e.objects[0] == (3, 4)  # blue is nearer now


def test_the_monster_breaks_ties_with_the_seeded_generator():
    cells = set()
    for seed in range(20):
        e = engine("monster-hunt", seed)
        e.players, e.objects = [(0, 0), (4, 4)], [(2, 2), (0, 4), (4, 0)]
        move(e, S, S)
        cells.add(e.objects[0])
    assert cells == {(1, 2), (2, 1), (3, 2), (2, 3)}  # equal distance, a diagonal target


def test_meeting_the_monster_alone_is_minus_two_and_the_player_respawns():
    e = scene("monster-hunt", [(0, 0), (4, 4)], [(1, 0), (0, 4), (3, 0)])
    assert move(e, R, S) == [-2, 0]
    assert e.players[0] not in (e.objects[0], e.players[1], e.objects[1], e.objects[2])
    assert e.count_dict()["red_player_meet_monster"] == 1 and e.count_dict()["coop_defeat_monster"] == 0


def test_both_on_the_monster_is_plus_five_each_and_it_respawns():
    e = scene("monster-hunt", [(0, 0), (2, 0)], [(1, 0), (0, 4), (4, 4)])
    assert move(e, R, L) == [5, 5]
    assert e.objects[0] not in (*e.players, e.objects[1], e.objects[2])
    assert e.count_dict() == {"red_player_eat_apple": 0, "blue_player_eat_apple": 0, "red_player_meet_monster": 0,
                              "blue_player_meet_monster": 0, "coop_defeat_monster": 1}
    assert e.events[-1].kind == EventKind.MONSTER_JOINT and e.events[-1].seat == BOTH


# ====================================================================== Battle of the Colors
@pytest.mark.parametrize(("block", "rewards", "key"), [(0, [2, 1], "both_on_red"), (1, [1, 2], "both_on_blue")])
def test_both_on_a_block_pays_its_colour_two_and_the_other_one(block, rewards, key):
    objects = [(1, 1), (3, 3)]
    e = scene("battle-of-the-colors", [(objects[block][0] - 1, objects[block][1]),
                                       (objects[block][0] + 1, objects[block][1])], objects)
    assert move(e, R, L) == rewards
    assert e.count_dict()[key] == 1
    assert e.objects[block] != objects[block] and e.objects[1 - block] == objects[1 - block]


def test_different_blocks_pay_nothing_and_refresh_both():
    e = scene("battle-of-the-colors", [(0, 0), (4, 4)], [(1, 0), (4, 3)])
    assert move(e, R, D) == [0, 0]
    assert e.count_dict()["different_blocks"] == 1
    assert e.objects[0] != (1, 0) and e.objects[1] != (4, 3) and e.objects[0] != e.objects[1]


def test_one_player_alone_on_a_block_changes_nothing():
    e = scene("battle-of-the-colors", [(0, 0), (4, 4)], [(1, 0), (2, 2)])
    assert move(e, R, S) == [0, 0] and e.objects == [(1, 0), (2, 2)] and not e.events


# ====================================================================== episodes
@pytest.mark.parametrize("game_id", GAMES)
def test_the_game_ends_after_max_steps_with_event_counts_in_the_info(game_id):
    env = get_game(game_id).parallel_env(get_game(game_id).rules(None))
    env.reset(seed=3)
    rng, steps, total = np.random.default_rng(0), 0, np.zeros(2)
    while env.agents:
        _, rewards, terms, truncs, infos = env.step({a: int(rng.integers(5)) for a in env.agents})
        total += [rewards["player_0"], rewards["player_1"]]
        steps += 1
    assert steps == 50 and all(terms.values()) and not any(truncs.values())
    engine = env.unwrapped.engine
    assert infos["player_0"]["returns"] == list(total) == engine.returns()
    assert set(engine.count_names) <= set(infos["player_0"])


def test_the_aec_env_takes_red_then_blue_and_pays_after_the_joint_move():
    env = coin_dilemma_v0.env()
    env.reset(seed=1)
    assert env.agent_selection == "player_0"
    env.step(S)
    assert env.agent_selection == "player_1"
    assert not env.observe("player_0")["action_mask"].any() and env.observe("player_1")["action_mask"].all()
    env.step(S)
    assert env.agent_selection == "player_0" and env.unwrapped.engine.t == 1


def test_max_cycles_truncates():
    env = coin_dilemma_v0.parallel_env(max_cycles=5)
    env.reset(seed=0)
    for _ in range(5):
        out = env.step({a: S for a in env.agents})
    assert all(out[3].values()) and not any(out[2].values()) and not env.agents


def test_rules_name_the_field():
    with pytest.raises(GridRulesError, match="grid_size"):
        get_game("coin-dilemma").rules({"grid_size": 1})
    with pytest.raises(GridRulesError, match="unknown option"):
        get_game("monster-hunt").rules({"monster_speed": 2})


# ====================================================================== properties over seeds
def _explained(e: GridEngine, before: int) -> list[int]:
    """The rewards the events of the last step add up to, by the rules."""
    r, out = e.rules, [0, 0]
    for ev in e.events[before:]:
        k, s = ev.kind, ev.seat
        if k == EventKind.COIN_OWN:
            out[s] += r.own_coin_reward
        elif k == EventKind.COIN_OTHER:
            out[s] += r.other_coin_reward
            out[1 - s] += r.coin_taken_penalty
        elif k == EventKind.APPLE:
            out[s] += r.apple_reward
        elif k == EventKind.MONSTER_ALONE:
            out[s] += r.alone_penalty
        elif k == EventKind.MONSTER_JOINT:
            out = [out[0] + r.joint_reward, out[1] + r.joint_reward]
        elif k in (EventKind.BOTH_ON_RED, EventKind.BOTH_ON_BLUE):
            block = 0 if k == EventKind.BOTH_ON_RED else 1
            out[block] += r.owner_reward
            out[1 - block] += r.partner_reward
        elif k == EventKind.APART:
            out = [out[0] + r.apart_reward, out[1] + r.apart_reward]
    return out


@pytest.mark.parametrize("game_id", GAMES)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), action_seed=st.integers(0, 2**32 - 1))
def test_invariants_over_seeds(game_id, seed, action_seed):
    e = engine(game_id, seed)
    rng = np.random.default_rng(action_seed)
    size = e.rules.grid_size
    while not e.done:
        before = len(e.events)
        rewards = move(e, int(rng.integers(5)), int(rng.integers(5)))
        assert all(0 <= v < size for cell in (*e.players, *e.objects) for v in cell)
        assert len(set(e.objects)) == len(e.objects), "two objects on one cell"
        assert rewards == _explained(e, before), e.events[before:]
        if game_id == "monster-hunt":
            assert e.players[0] != e.objects[0] and e.players[1] != e.objects[0]  # a meeting always resolves
    assert e.t == e.rules.max_steps and sum(e.counts) >= 0
    assert e.scores == _explained(e, 0)  # the episode's returns are its events' rewards


# ====================================================================== agents and prompts
def _mean_returns(game_id: str, kinds: tuple[str, str], games: int = 6) -> np.ndarray:
    total = np.zeros(2)
    for seed in range(games):
        record = parlour.play_game(game_id, kinds_to_agents(game_id, kinds), seed=seed)
        total += [record.outcome.rewards["player_0"], record.outcome.rewards["player_1"]]
    return total / games


def kinds_to_agents(game_id, kinds):
    def make(env):
        game = get_game(game_id)
        return [RandomAgent() if k == "random" else game.agent_kinds()[k](env, s, s, "")
                for s, k in enumerate(kinds)]
    return make


@pytest.mark.parametrize("game_id", GAMES)
def test_scripted_agents_in_self_play_beat_random_play(game_id):
    scripted = _mean_returns(game_id, ("scripted", "scripted"))
    random = _mean_returns(game_id, ("random", "random"))
    assert scripted.sum() > random.sum() + 5, (scripted, random)


def test_the_cooperative_hunters_hunt_together():
    record = parlour.play_game("monster-hunt", kinds_to_agents("monster-hunt", ("scripted", "scripted")), seed=1)
    assert record.outcome.details["coop_defeat_monster"] >= 3
    assert record.outcome.details["red_player_meet_monster"] + record.outcome.details["blue_player_meet_monster"] == 0


@pytest.mark.parametrize("game_id", GAMES)
def test_every_rules_field_has_a_sentence_and_the_prompt_has_vs_benchs_sections(game_id):
    game = get_game(game_id)
    rules = game.rules(None)
    assert set(type(rules).model_fields) <= set(RULE_SENTENCES[type(rules)])
    assert rules_text(rules)
    env = game.raw_env(rules)
    env.reset(seed=0)
    text = "\n".join(m["content"] for m in game.text_interface(env).messages(0))
    for section in ("## Game rules", "## Player information", "## Game state", "## Legal actions", "## Instructions"):
        assert section in text
    iface = game.text_interface(env)
    assert iface.parse('```json\n{"action": "<UP>"}\n```', 0) == U
    assert iface.parse("I will go <LEFT> now", 0) == L
    assert iface.image(0).dtype == np.uint8 and iface.image(0).ndim == 3


def test_images_and_text_render():
    env = coin_dilemma_v0.parallel_env(render_mode="rgb_array")
    env.reset(seed=0)
    img = env.render()
    assert img.dtype == np.uint8 and img.shape == (121, 121, 3)
    own = env.observe_image("player_0")
    assert (own != img).any()  # the seat's own player is framed
    text_env = coin_dilemma_v0.env(render_mode="ansi")
    text_env.reset(seed=0)
    assert "R = red player" in text_env.render()
