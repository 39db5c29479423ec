"""parlour.envs.single_agent: a gymnasium.Env for every registered game, masks, rewards, seeding."""

from __future__ import annotations

import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env

import parlour
from parlour.agents.base import SyncAgent
from parlour.envs import game_ids, get_game, single_agent
from parlour.envs.kuhn_poker.agents import KuhnEquilibriumAgent
from parlour.envs.single_agent_env import NoLearnerSeatError


class Replay(SyncAgent):
    """Plays the given actions in order."""

    def __init__(self, actions):
        self.moves = iter(actions)

    def act_sync(self, observation, info):
        return next(self.moves)


def _play(env, seed, policy_seed=0, games=3):
    """Every step's (seat, obs, reward, done) over ``games`` games after one seeded reset."""
    rng = np.random.default_rng(policy_seed)
    trace = []
    obs, info = env.reset(seed=seed)
    for _ in range(games):
        done = False
        while not done:
            mask = env.action_masks()
            assert mask.any() and np.array_equal(mask, info["action_mask"])
            obs, reward, terminated, truncated, info = env.step(int(rng.choice(np.flatnonzero(mask))))
            done = terminated or truncated
            trace.append((info["seat"], obs.tobytes(), reward, done))
        assert not env.action_masks().any()
        obs, info = env.reset()
    return trace


@pytest.mark.parametrize("game_id", game_ids())
def test_check_env_every_game(game_id):
    game = get_game(game_id)
    env = single_agent(game_id, seats=[0], opponents="random")
    check_env(env, skip_render_check=True)
    assert env.observation_space.shape == get_game(game_id).raw_env(game.rules()).observation_space("player_0")["observation"].shape


@pytest.mark.parametrize("game_id", game_ids())
def test_seeded_runs_repeat_and_masks_are_legal(game_id):
    env = single_agent(game_id, seats=[1], opponents="random")
    assert _play(env, seed=5) == _play(env, seed=5)
    assert _play(env, seed=5) != _play(env, seed=6)


@pytest.mark.parametrize("game_id", game_ids())
def test_every_board_steps(game_id):
    game = get_game(game_id)
    for board in game.boards():
        env_id = game_id if game.boards() == ("standard",) else f"{game_id}/{board}"
        _play(single_agent(env_id, seats=[0], opponents="random"), seed=1, games=1)


def test_return_matches_the_runners_game():
    """The learner's rewards add up to its return, and game seed g is play_game's game g."""
    env = single_agent("kuhn-poker", seats=[0], opponents="equilibrium")
    rng = np.random.default_rng(0)
    for g in range(40):
        obs, info = env.reset(options={"game_seed": g})
        total, done, actions = 0.0, False, []
        while not done:
            a = int(rng.choice(np.flatnonzero(env.action_masks())))
            actions.append(a)
            obs, r, term, trunc, info = env.step(a)
            total += r
            done = term or trunc
        assert total == info["episode_return"]

        record = parlour.play_game("kuhn-poker", [Replay(actions), KuhnEquilibriumAgent()], seed=g)
        assert record.outcome.rewards["player_0"] == info["episode_return"]


def test_village_side_one_policy_plays_every_seat():
    env = single_agent("werewolf/kaggle-8", seats="village", opponents="scripted")
    obs, info = env.reset(seed=0)
    village = set(env.learner_seats)
    assert village == set(get_game("werewolf").seat_groups(env.game.engine_of(env.env))["village"])
    seen, done, rng = set(), False, np.random.default_rng(0)
    while not done:
        assert info["seat"] in village
        seen.add(info["seat"])
        obs, reward, term, trunc, info = env.step(int(rng.choice(np.flatnonzero(env.action_masks()))))
        done = term or trunc
    assert len(seen) > 1 and seen <= village
    assert reward == info["episode_return"] and info["won"] == (reward > 0)


def test_opponents_as_objects_factories_and_mappings():
    from parlour.agents import RandomAgent

    env = single_agent("kuhn-poker", seats=[1], opponents=RandomAgent(3))
    _play(env, seed=0, games=2)
    env = single_agent("werewolf/kaggle-8", seats=[0], opponents=lambda env, seat, seed: RandomAgent(seat))
    _play(env, seed=0, games=1)
    env = single_agent("kuhn-poker", seats="second", opponents={0: "equilibrium"})
    _play(env, seed=0, games=2)
    with pytest.raises(ValueError, match="several opponent seats"):
        _play(single_agent("werewolf/kaggle-8", seats=[0], opponents=RandomAgent(0)), seed=0, games=1)


def test_bad_seats_name_the_problem():
    with pytest.raises(NoLearnerSeatError, match="0..1"):
        single_agent("kuhn-poker", seats=[2])
    with pytest.raises(NoLearnerSeatError, match="village"):
        single_agent("kuhn-poker", seats="village").reset(seed=0)


def test_illegal_action_is_penalised_by_default_or_raises():
    env = single_agent("werewolf/kaggle-8", seats=[0], opponents="random")
    env.reset(seed=0)
    illegal = int(np.flatnonzero(~env.action_masks())[0])
    _, reward, *_ = env.step(illegal)
    assert reward <= -1.0
    env = single_agent("werewolf/kaggle-8", seats=[0], opponents="random", illegal_action="raise")
    env.reset(seed=0)
    with pytest.raises(get_game("werewolf").action_errors):
        env.step(illegal)


def test_game_steps_counts_every_seats_decisions():
    """info["game_steps"] at the end is the game's length in player actions: the learner's steps
    when every seat is a learner, and the opponents' decisions inside step() on top otherwise."""
    rng = np.random.default_rng(0)
    for seats, opponents in ((range(8), "random"), ("village", "random"), ("wolves", "scripted")):
        env = single_agent("werewolf/kaggle-8", seats=seats, opponents=opponents)
        obs, info = env.reset(seed=2)
        steps, done = 0, False
        while not done:
            assert "game_steps" not in info
            obs, reward, term, trunc, info = env.step(int(rng.choice(np.flatnonzero(env.action_masks()))))
            steps += 1
            done = term or trunc
        assert info["game_steps"] == len(env.game.engine_of(env.env).history)
        assert info["game_steps"] == steps if seats == range(8) else info["game_steps"] > steps
    env = single_agent("kuhn-poker", seats=[0, 1])
    for g in range(5):
        env.reset(options={"game_seed": g})
        steps, done = 0, False
        while not done:
            *_, term, trunc, info = env.step(int(rng.choice(np.flatnonzero(env.action_masks()))))
            steps += 1
            done = term or trunc
        assert info["game_steps"] == steps
