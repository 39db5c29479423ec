"""Every registered game: engines and envs copy and pickle, and a copy has the same future.

Search agents (MCTS, CFR) clone states, and process pools pickle envs. For every game in the
registry, built only through the game contract: a pickle round trip, ``clone()``, ``copy.copy``
and ``copy.deepcopy`` taken at any point of a game (before reset, mid-game, after the end) step
on exactly as the original does under the same actions: the same observations, masks, rewards,
flags, and engine state after every step. Stepping a copy never changes the original.
"""

from __future__ import annotations

import copy
import pickle
import random

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parlour.envs import game_ids, get_game

SETTINGS = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow], "max_examples": 15}
GAMES = game_ids()
SEEDS = st.one_of(st.none(), st.integers(0, 2**32 - 1))  # None: numpy's own entropy must survive too
CYCLES = st.one_of(st.none(), st.integers(1, 80))


def pickled(x):
    return pickle.loads(pickle.dumps(x))


COPIES = {"pickle": pickled, "deepcopy": copy.deepcopy, "copy": copy.copy}


def boards(game) -> list:
    """The default board and every named one (hypothesis picks among them)."""
    return [None, *game.boards()]


def same(x, y) -> None:
    """Equal observations: dicts of arrays or arrays, compared with their dtypes."""
    if isinstance(x, dict):
        assert x.keys() == y.keys()
        for k in x:
            same(x[k], y[k])
    elif isinstance(x, np.ndarray):
        assert x.dtype == y.dtype and np.array_equal(x, y)
    else:
        assert x == y


# ====================================================================== engines
def engine_step(engine, rnd: random.Random) -> None:
    seat = engine.to_move()[0]
    engine.step(seat, rnd.choice(engine.legal_actions(seat)))


def same_engine(game, a, b) -> None:
    assert a.state_parts() == b.state_parts()
    assert (a.done, a.truncated, a.round, a.phase_name) == (b.done, b.truncated, b.round, b.phase_name)
    assert a.to_move() == b.to_move()
    assert all(a.legal_actions(s) == b.legal_actions(s) for s in range(a.n))
    assert a.history == b.history


def play_engines(game, engines: list, rnd: random.Random) -> None:
    """Step every engine with the same actions to the end, comparing them after each step."""
    first = engines[0]
    while True:
        for other in engines[1:]:
            same_engine(game, first, other)
        if first.done:
            break
        seat = first.to_move()[0]
        action = rnd.choice(first.legal_actions(seat))
        for e in engines:
            e.step(seat, action)
    outcomes = [game.outcome(e) for e in engines]
    assert all(o.returns == outcomes[0].returns and o.winners == outcomes[0].winners for o in outcomes)


def engine_at(game, board, seed, steps: int, rnd: random.Random):
    """An engine ``steps`` actions into a game (or at its end, if that comes first)."""
    engine = game.new_engine(game.rules(board), seed)
    for _ in range(steps):
        if engine.done:
            break
        engine_step(engine, rnd)
    return engine


@pytest.mark.parametrize("game_id", GAMES)
@settings(**SETTINGS)
@given(data=st.data(), seed=SEEDS, steps=st.integers(0, 300), action_seed=st.integers(0, 2**32 - 1))
def test_an_engine_copy_has_the_same_future(game_id, data, seed, steps, action_seed):
    game = get_game(game_id)
    rnd = random.Random(action_seed)
    engine = engine_at(game, data.draw(st.sampled_from(boards(game))), seed, steps, rnd)
    copies = [engine.clone(), pickled(engine), copy.deepcopy(engine), copy.copy(engine)]
    assert all(type(c) is type(engine) and c.seed == engine.seed for c in copies)
    play_engines(game, [engine, *copies], rnd)
    for c in copies:  # a copy of a finished game is finished the same way
        same_engine(game, c, pickled(c))
        same_engine(game, c, c.clone())


@pytest.mark.parametrize("game_id", GAMES)
@settings(**SETTINGS)
@given(data=st.data(), seed=SEEDS, steps=st.integers(0, 300), action_seed=st.integers(0, 2**32 - 1))
def test_stepping_a_copy_leaves_the_original_alone(game_id, data, seed, steps, action_seed):
    game = get_game(game_id)
    rnd = random.Random(action_seed)
    engine = engine_at(game, data.draw(st.sampled_from(boards(game))), seed, steps, rnd)
    before = (engine.state_parts(), list(engine.history), engine.to_move())
    for make in (lambda e: e.clone(), copy.copy, copy.deepcopy, pickled):
        twin = make(engine)
        while not twin.done:
            engine_step(twin, rnd)
        assert (engine.state_parts(), engine.history, engine.to_move()) == before
    # and the other way round: the original steps on, a copy taken earlier stays where it was
    twin = engine.clone()
    kept = (twin.state_parts(), list(twin.history))
    while not engine.done:
        engine_step(engine, rnd)
    assert (twin.state_parts(), twin.history) == kept


# ====================================================================== AEC envs
def same_aec(game, a, b) -> None:
    assert a.agents == b.agents and a.possible_agents == b.possible_agents
    assert (a.rewards, a.terminations, a.truncations, a.infos) == (b.rewards, b.terminations, b.truncations, b.infos)
    if a.agents:
        assert a.agent_selection == b.agent_selection
        la, lb = a.last(), b.last()
        same(la[0], lb[0])
        assert la[1:] == lb[1:]
        for agent in a.agents:
            same(a.observe(agent), b.observe(agent))
    same_engine(game, game.engine_of(a), game.engine_of(b))
    assert getattr(a.unwrapped, "illegal_moves", None) == getattr(b.unwrapped, "illegal_moves", None)


def aec_action(env, rnd: random.Random, penalty: bool):
    obs, _, term, trunc, _ = env.last()
    if term or trunc:
        return None
    mask = obs["action_mask"]
    illegal = np.flatnonzero(mask == 0)
    if penalty and len(illegal) and rnd.random() < 0.3:
        return int(rnd.choice(illegal))  # penalised: a reward of illegal_reward and the no-op
    return int(rnd.choice(np.flatnonzero(mask)))


def play_aec(game, envs: list, rnd: random.Random, penalty: bool) -> None:
    first = envs[0]
    while True:
        for other in envs[1:]:
            same_aec(game, first, other)
        if not first.agents:
            break
        action = aec_action(first, rnd, penalty)
        for e in envs:
            e.step(action)


def env_kwargs(penalty: bool, max_cycles: int | None) -> dict:
    kwargs: dict = {"illegal_action": "penalty"} if penalty else {}
    if max_cycles is not None:  # an option of some games (Werewolf); truncation is bookkeeping too
        kwargs["max_cycles"] = max_cycles
    return kwargs


def aec_env(game, board, wrapped: bool, penalty: bool, max_cycles: int | None = None):
    rules = game.rules(board)
    make = game.env if wrapped else game.raw_env
    try:
        return make(rules, **env_kwargs(penalty, max_cycles))
    except TypeError:
        return make(rules, **env_kwargs(penalty, None))


def aec_steps(env, rnd: random.Random, steps: int, penalty: bool) -> None:
    for _ in range(steps):
        if not env.agents:
            return
        env.step(aec_action(env, rnd, penalty))


@pytest.mark.parametrize("wrapped", [False, True], ids=["raw_env", "env"])
@pytest.mark.parametrize("game_id", GAMES)
@settings(**SETTINGS)
@given(data=st.data(), seed=SEEDS, steps=st.integers(0, 400), penalty=st.booleans(), max_cycles=CYCLES,
       action_seed=st.integers(0, 2**32 - 1))
def test_an_aec_env_copy_has_the_same_future(game_id, wrapped, data, seed, steps, penalty, max_cycles, action_seed):
    game = get_game(game_id)
    rnd = random.Random(action_seed)
    env = aec_env(game, data.draw(st.sampled_from(boards(game))), wrapped, penalty, max_cycles)
    env.reset(seed=seed)
    aec_steps(env, rnd, steps, penalty)
    copies = [make(env) for make in COPIES.values()]
    play_aec(game, [env, *copies], rnd, penalty)
    # a copy of a finished game is as finished, and it plays a new game like the original
    twins = [make(env) for make in COPIES.values()]
    for e in [env, *twins]:
        e.reset(seed=7)
    play_aec(game, [env, *twins], rnd, penalty)


@pytest.mark.parametrize("wrapped", [False, True], ids=["raw_env", "env"])
@pytest.mark.parametrize("game_id", GAMES)
@settings(**SETTINGS)
@given(data=st.data(), seed=st.integers(0, 2**32 - 1), action_seed=st.integers(0, 2**32 - 1))
def test_an_env_copied_before_reset_plays_like_the_original(game_id, wrapped, data, seed, action_seed):
    game = get_game(game_id)
    env = aec_env(game, data.draw(st.sampled_from(boards(game))), wrapped, False)
    copies = [make(env) for make in COPIES.values()]
    for e in [env, *copies]:
        e.reset(seed=seed)
    play_aec(game, [env, *copies], random.Random(action_seed), False)


@pytest.mark.parametrize("game_id", GAMES)
def test_a_wrapped_copy_keeps_the_order_checks(game_id):
    game = get_game(game_id)
    env = game.env(game.rules(None))
    for make in COPIES.values():
        with pytest.raises(AssertionError, match="reset"):  # PettingZoo's OrderEnforcing
            make(env).step(0)
    env.reset(seed=1)
    for make in COPIES.values():
        twin = make(env)
        assert twin.unwrapped is not env.unwrapped and game.engine_of(twin) is not game.engine_of(env)


# ====================================================================== parallel envs
def parallel_env(game, board, max_cycles: int | None):
    try:
        return game.parallel_env(game.rules(board), **env_kwargs(False, max_cycles))
    except NotImplementedError:
        pytest.skip(f"{game.id} has no parallel env")


def parallel_actions(env, observations, rnd: random.Random) -> dict:
    return {a: int(rnd.choice(np.flatnonzero(observations[a]["action_mask"]))) for a in env.agents}


@pytest.mark.parametrize("game_id", GAMES)
@settings(**SETTINGS)
@given(data=st.data(), seed=SEEDS, steps=st.integers(0, 200), max_cycles=CYCLES,
       action_seed=st.integers(0, 2**32 - 1))
def test_a_parallel_env_copy_has_the_same_future(game_id, data, seed, steps, max_cycles, action_seed):
    game = get_game(game_id)
    rnd = random.Random(action_seed)
    env = parallel_env(game, data.draw(st.sampled_from(boards(game))), max_cycles)
    observations, _ = env.reset(seed=seed)
    for _ in range(steps):
        if not env.agents:
            break
        observations = env.step(parallel_actions(env, observations, rnd))[0]
    envs = [env, *(make(env) for make in COPIES.values())]
    while env.agents:
        assert all(other.agents == env.agents for other in envs[1:])
        actions = parallel_actions(env, observations, rnd)
        results = [e.step(actions) for e in envs]
        observations = results[0][0]
        for r in results[1:]:
            same(r[0], results[0][0])
            assert r[1:] == results[0][1:]
        for other in envs[1:]:
            same_engine(game, game.engine_of(env), game.engine_of(other))
    assert all(not e.agents for e in envs)


# ====================================================================== Werewolf: a pickle proves its replay
def test_a_werewolf_pickle_whose_history_replays_elsewhere_is_refused():
    from parlour.envs.werewolf.engine import WerewolfError

    game = get_game("werewolf")
    engine = game.new_engine(game.rules(None), 3)
    rnd = random.Random(3)
    for _ in range(20):
        engine_step(engine, rnd)
    data = pickle.dumps(engine)
    state = engine.__getstate__()
    state["history"] = state["history"][:-1]  # as if the rules had taken another path
    broken = object.__new__(type(engine))
    with pytest.raises(WerewolfError, match="replay to a different state"):
        broken.__setstate__(state)
    assert pickle.loads(data).state_parts() == engine.state_parts()
