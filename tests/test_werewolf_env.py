"""The PettingZoo envs: PettingZoo's own tests, determinism, error policy, observations and masks."""

from __future__ import annotations

import functools
import types

import numpy as np
import pytest
from pettingzoo.test import api_test, max_cycles_test, parallel_api_test, seed_test
from pettingzoo.test.seed_test import parallel_seed_test
from scenes import Scene, board

from parlour.agents import RandomAgent
from parlour.envs import werewolf_v0
from parlour.envs.werewolf import (
    Action,
    ActionOutOfRangeError,
    IllegalActionError,
    Kind,
    Phase,
    Role,
    Side,
    WerewolfError,
)
from parlour.envs.werewolf.env import WrongAgentError

VARIANTS = werewolf_v0.VARIANTS

# api_test warns about any Dict observation space, yet {"observation", "action_mask"} is the layout
# PettingZoo's own classic envs use for action masks.
pytestmark = [
    pytest.mark.filterwarnings("ignore:Observation space for each agent probably should be:UserWarning"),
    pytest.mark.filterwarnings("ignore:Observation is not a NumPy array:UserWarning"),
]


# ====================================================================== PettingZoo's own tests
@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("turns", ["active", "all"])
def test_pettingzoo_api_test(variant, turns):
    api_test(werewolf_v0.env(variant, turns=turns), num_cycles=1000)


@pytest.mark.parametrize("variant", VARIANTS)
def test_pettingzoo_parallel_api_test(variant):
    parallel_api_test(werewolf_v0.parallel_env(variant), num_cycles=1000)


@pytest.mark.parametrize("variant", VARIANTS)
def test_pettingzoo_seed_test(variant):
    seed_test(functools.partial(werewolf_v0.env, variant), num_cycles=500)


@pytest.mark.parametrize("variant", VARIANTS)
def test_pettingzoo_parallel_seed_test(variant):
    # parallel_seed_test samples actions without the mask, hence the penalty mode; note that it
    # stops after the first step (it breaks on any(terminations), a dict of agent names), so the
    # multi-step determinism tests below do the real work.
    parallel_seed_test(functools.partial(werewolf_v0.parallel_env, variant, illegal_action="penalty"))


def test_pettingzoo_max_cycles_test():
    # max_cycles_test samples actions from the whole space, ignoring the masks, so both envs use the
    # penalty mode (an illegal action is a -1 and the no-op, and the game goes on). It also counts
    # each agent's turns in the AEC env and expects every agent to get one per cycle: that is the
    # parallel env seen through parallel_to_aec, i.e. env(turns="all"); the default
    # turns="active" selects only the seats that owe a decision.
    module = types.SimpleNamespace(
        env=functools.partial(werewolf_v0.env, turns="all", illegal_action="penalty"),
        parallel_env=functools.partial(werewolf_v0.parallel_env, illegal_action="penalty"),
    )
    max_cycles_test(module)


@pytest.mark.parametrize("max_cycles", [1, 5, 30])
def test_max_cycles_truncates_the_active_turns_env_after_that_many_decisions(max_cycles):
    env = werewolf_v0.env("classic-9", max_cycles=max_cycles)
    env.reset(seed=0)
    agent = RandomAgent(0)
    decisions, last = 0, env.unwrapped.engine.decision
    for _name in env.agent_iter():
        obs, _, term, trunc, _ = env.last()
        if term or trunc:
            env.step(None)
            continue
        env.step(agent.act_sync(obs, {}))
        if env.unwrapped.engine.decision is not last:
            decisions, last = decisions + 1, env.unwrapped.engine.decision
    assert decisions == max_cycles and not env.unwrapped.engine.done


# ====================================================================== determinism, step by step
def aec_trace(variant: str, seed: int, action_seed: int = 0):
    """Everything an AEC game shows, step by step: agent, obs bytes, rewards, flags, events, hash."""
    env = werewolf_v0.env(variant)
    env.reset(seed=seed)
    agent, engine, trace = RandomAgent(action_seed), env.unwrapped.engine, []
    for name in env.agent_iter():
        obs, reward, term, trunc, info = env.last()
        trace.append((name, obs["observation"].tobytes(), obs["action_mask"].tobytes(), reward, term, trunc,
                      dict(env.rewards), dict(env.terminations), dict(env.truncations),
                      tuple(engine.events), engine.state_hash()))
        env.step(None if term or trunc else agent.act_sync(obs, info))
    return trace


def parallel_trace(variant: str, seed: int, action_seed: int = 0):
    env = werewolf_v0.parallel_env(variant)
    observations, infos = env.reset(seed=seed)
    rng, engine, trace = np.random.default_rng(action_seed), env.unwrapped.engine, []
    while env.agents:
        actions = {}
        for a in env.agents:
            legal = np.flatnonzero(observations[a]["action_mask"])
            actions[a] = int(legal[rng.integers(len(legal))])
        observations, rewards, terms, truncs, infos = env.step(actions)
        trace.append(({a: (o["observation"].tobytes(), o["action_mask"].tobytes()) for a, o in observations.items()},
                      rewards, terms, truncs, tuple(engine.events), engine.state_hash()))
    return trace


@pytest.mark.parametrize("variant", VARIANTS)
def test_aec_same_seed_same_actions_same_game_to_the_byte(variant):
    a, b = aec_trace(variant, seed=3), aec_trace(variant, seed=3)
    assert len(a) == len(b)
    for k, (x, y) in enumerate(zip(a, b)):
        assert x == y, f"step {k} differs"
    assert aec_trace(variant, seed=4) != a


@pytest.mark.parametrize("variant", VARIANTS)
def test_parallel_same_seed_same_actions_same_game_to_the_byte(variant):
    a, b = parallel_trace(variant, seed=3), parallel_trace(variant, seed=3)
    assert len(a) == len(b)
    for k, (x, y) in enumerate(zip(a, b)):
        assert x == y, f"step {k} differs"
    assert parallel_trace(variant, seed=4) != a


def test_reset_with_a_seed_replays_the_same_game_in_one_env():
    env = werewolf_v0.parallel_env("standard-12-guard")
    runs = []
    for _ in range(2):
        obs, _ = env.reset(seed=9)
        rng, hashes = np.random.default_rng(1), []
        while env.agents:
            actions = {a: int(rng.choice(np.flatnonzero(o["action_mask"]))) for a, o in obs.items()}
            obs, *_ = env.step(actions)
            hashes.append(env.unwrapped.engine.state_hash())
        runs.append(hashes)
    assert runs[0] == runs[1]


# ====================================================================== error policy
def env_at_speech(illegal_action="raise", variant="classic-9", seed=0):
    env = werewolf_v0.env(variant, illegal_action=illegal_action)
    env.reset(seed=seed)
    while env.unwrapped.engine.decision.phase is not Phase.SPEECH:
        env.step(env.unwrapped.engine.default_action(env.unwrapped.agent_name_mapping[env.agent_selection]))
    return env


def test_raise_mode_raises_and_changes_nothing():
    env = env_at_speech()
    engine, agent = env.unwrapped.engine, env.agent_selection
    before = engine.state_hash()
    with pytest.raises(IllegalActionError, match="legal: 9=pass"):
        env.step(0)
    assert engine.state_hash() == before and env.agent_selection == agent


def test_penalty_mode_turns_an_illegal_action_into_minus_one_and_a_logged_no_op():
    env = env_at_speech("penalty")
    u = env.unwrapped
    engine, agent = u.engine, env.agent_selection
    seat, n_events = u.agent_name_mapping[agent], len(engine.events)
    env.step(0)  # choose seat 0: illegal in a speech
    assert engine.history[-1] == (seat, engine.PASS)  # the decision's no-op was applied
    assert env.agent_selection != agent and len(engine.events) > n_events  # the game moved on
    assert env.rewards[agent] == -1.0 and all(r == 0 for a, r in env.rewards.items() if a != agent)
    assert env._cumulative_rewards[agent] == -1.0
    (logged,) = u.illegal_moves
    assert logged["seat"] == seat and logged["phase"] == "SPEECH" and logged["day"] == 1 and logged["action"] == 0
    assert "legal: 9=pass" in logged["error"]
    env.step(engine.default_action(u.agent_name_mapping[env.agent_selection]))
    assert env.rewards[agent] == 0.0 and len(u.illegal_moves) == 1  # a penalty is paid once


@pytest.mark.parametrize("reward", [-1.0, -0.25])
def test_penalty_reward_is_configurable(reward):
    env = werewolf_v0.env("classic-9", illegal_action="penalty", illegal_reward=reward)
    env.reset(seed=0)
    agent = env.agent_selection
    env.step(env.unwrapped.layout.index(Kind.DUEL, 1))
    assert env.rewards[agent] == reward


@pytest.mark.parametrize("mode", ["raise", "penalty"])
def test_type_and_range_errors_are_never_penalised(mode):
    env = env_at_speech(mode)
    size = env.unwrapped.layout.size
    with pytest.raises(TypeError):
        env.step("pass")
    with pytest.raises(ActionOutOfRangeError):
        env.step(size)
    assert env.unwrapped.illegal_moves == []


def test_step_after_last_checks_against_this_seats_current_mask():
    """step() answers a plain int from the mask that last() built: that shortcut must still refuse
    negative and out-of-range indices, and a mask made for another seat or an earlier decision."""
    env = werewolf_v0.env("standard-12-guard")
    env.reset(seed=3)
    u = env.unwrapped
    size = u.layout.size
    obs = env.last()[0]
    illegal = int(np.flatnonzero(obs["action_mask"] == 0)[0])
    with pytest.raises(ActionOutOfRangeError):
        env.step(-1)  # would index the mask from its end
    with pytest.raises(ActionOutOfRangeError):
        env.step(size)
    with pytest.raises(IllegalActionError):
        env.step(illegal)
    # Seat A's mask, then a move by A: the next seat's illegal index must not pass on A's mask.
    while True:
        seat_a = u.agent_name_mapping[env.agent_selection]
        mask_a = env.last()[0]["action_mask"]
        env.step(int(np.flatnonzero(mask_a)[0]))
        seat_b = u.agent_name_mapping[env.agent_selection]
        legal_b = set(u.engine.legal_actions(seat_b))
        only_a = [int(i) for i in np.flatnonzero(mask_a) if i not in legal_b]
        if seat_b != seat_a and only_a:
            break
    before = u.engine.state_hash()
    with pytest.raises(IllegalActionError):
        env.step(only_a[0])  # no last() for seat B: the shortcut must not use A's mask
    assert u.engine.state_hash() == before


def test_structured_actions_through_the_env():
    env = env_at_speech()
    u = env.unwrapped
    seat = u.agent_name_mapping[env.agent_selection]
    other = (seat + 1) % 9
    env.step(Action(claim=Role.SEER, accuse=(other,), vote_intent=other, text="seat other is a wolf"))
    obs = u.observe(env.agent_selection)["observation"]
    view = functools.partial(u.observation_layout.view, obs)
    assert view("claims")[seat, u.observation_layout.column(Role.SEER)] == 1 and view("accused")[seat, other] == 1
    assert view("vote_intent")[seat, other] == 1
    with pytest.raises(IllegalActionError):
        env.step(Action(accuse=(u.agent_name_mapping[env.agent_selection],)))
    penalised = env_at_speech("penalty")
    agent = penalised.agent_selection
    penalised.step(Action(claim=Role.KNIGHT))  # not on this board
    assert penalised.rewards[agent] == -1.0 and "Action(" in penalised.unwrapped.illegal_moves[0]["action"]


def test_parallel_env_errors():
    env = werewolf_v0.parallel_env("classic-9")
    obs, _ = env.reset(seed=0)
    movers = env.unwrapped.engine.to_move()
    waiting = next(a for i, a in enumerate(env.agents) if i not in movers)
    pas = env.unwrapped.layout.index(Kind.PASS)
    with pytest.raises(WrongAgentError, match="player_99"):
        env.step({a: pas for a in env.agents} | {"player_99": pas})
    with pytest.raises(WrongAgentError, match="must act in the WOLF_CHAT decision"):
        env.step({})
    with pytest.raises(IllegalActionError, match=f"{waiting} is not to move"):
        env.step({a: (0 if a == waiting else pas) for a in env.agents})
    assert env.unwrapped.engine.history == []  # nothing was applied
    env.step({a: pas for a in env.agents})  # waiting seats may also be left out or send the no-op
    env.step({env.possible_agents[s]: pas for s in env.unwrapped.engine.to_move()})


def test_parallel_env_penalty_for_a_waiting_seat_that_acts():
    env = werewolf_v0.parallel_env("classic-9", illegal_action="penalty")
    env.reset(seed=0)
    movers = env.unwrapped.engine.to_move()
    waiting = next(a for i, a in enumerate(env.agents) if i not in movers)
    pas = env.unwrapped.layout.index(Kind.PASS)
    _, rewards, *_ = env.step({a: (3 if a == waiting else pas) for a in env.agents})
    assert rewards[waiting] == -1.0 and sum(rewards.values()) == -1.0
    assert env.unwrapped.illegal_moves[0]["seat"] == env.unwrapped.agent_name_mapping[waiting]
    assert len(env.unwrapped.engine.history) == len(movers)


def test_parallel_env_refuses_to_step_a_finished_game():
    env = werewolf_v0.parallel_env("xu-7")
    obs, _ = env.reset(seed=0)
    while env.agents:
        obs, *_ = env.step({a: int(np.flatnonzero(o["action_mask"])[-1]) for a, o in obs.items()})
    with pytest.raises(WerewolfError, match="reset"):
        env.step({})


# ====================================================================== rewards
def finish(env, seed=0):
    """Play an AEC env to its end with random legal moves; return the final rewards by agent."""
    env.reset(seed=seed)
    agent, total = RandomAgent(seed), dict.fromkeys(env.possible_agents, 0.0)
    for name in env.agent_iter():
        obs, reward, term, trunc, info = env.last()
        total[name] += reward
        env.step(None if term or trunc else agent.act_sync(obs, info))
    return total


@pytest.mark.parametrize("seed", range(4))
def test_final_rewards_follow_the_winning_side(seed):
    env = werewolf_v0.env("classic-9")
    total = finish(env, seed)
    engine = env.unwrapped.engine
    assert engine.done and engine.winner is not None
    for i, a in enumerate(env.possible_agents):
        won = (Side.WOLVES if engine.is_wolf[i] else Side.VILLAGE) == engine.winner
        assert total[a] == (1.0 if won else -1.0)


def test_day_limit_truncation_gives_zero_and_truncates():
    env = werewolf_v0.env(board(day_limit=1))
    env.reset(seed=0)
    seen = {}
    for name in env.agent_iter():
        obs, reward, term, trunc, _ = env.last()
        seen[name] = (reward, term, trunc)
        env.step(None if term or trunc else env.unwrapped.engine.default_action(env.unwrapped.agent_name_mapping[name]))
    assert env.unwrapped.engine.truncated
    assert set(seen) == set(env.possible_agents) and all(v == (0.0, False, True) for v in seen.values())


# ====================================================================== masks and observations
def test_the_mask_is_the_engines_legal_actions():
    env = werewolf_v0.env("standard-12-guard")
    env.reset(seed=5)
    u, agent = env.unwrapped, RandomAgent(5)
    for name in env.agent_iter():
        obs, _, term, trunc, info = env.last()
        if term or trunc:
            assert not obs["action_mask"].any()
            env.step(None)
            continue
        seat = u.agent_name_mapping[name]
        assert list(np.flatnonzero(obs["action_mask"])) == sorted(u.engine.legal_actions(seat))
        assert obs["action_mask"].dtype == np.int8
        waiting = [a for a in env.possible_agents if u.agent_name_mapping[a] not in u.engine.to_move()]
        for other in waiting[:2]:
            assert list(np.flatnonzero(u.observe(other)["action_mask"])) == [u.engine.PASS]
        env.step(agent.act_sync(obs, info))


class Views:
    """Every seat's observation of an env, decoded by block name."""

    def __init__(self, env):
        self.env = env.unwrapped

    def __call__(self, seat: int, block: str) -> np.ndarray:
        obs = self.env.observe(self.env.possible_agents[seat])["observation"]
        return self.env.observation_layout.view(obs, block)

    def obs(self, seat: int) -> np.ndarray:
        return self.env.observe(self.env.possible_agents[seat])["observation"]


def scene_env(variant="classic-9", seed=0, **options):
    env = werewolf_v0.raw_env(board(variant, **options))
    env.reset(seed=seed)
    return env, Scene.of(env.engine), Views(env)


def test_a_villager_sees_no_roles():
    env, s, view = scene_env()
    layout = env.observation_layout
    private = [name for name in layout.slices if layout.slices[name][0] >= layout.public_size]
    assert layout.slices["role"][1] - layout.slices["role"][0] == len(layout.roles)  # one role: its own
    assert layout.size == layout.public_size + sum(layout.slices[b][1] - layout.slices[b][0] for b in private)
    v1, v2 = s.seats(Role.VILLAGER)[:2]
    assert layout.roles == tuple(sorted(env.rules.role_counts))  # the board's roles, in stable-id order
    assert list(view(v1, "role")) == [1.0 if r is Role.VILLAGER else 0.0 for r in layout.roles]
    for block in ("teammates", "checks", "check_role", "potions", "night_victim", "wolf_votes", "revealed_role"):
        assert not view(v1, block).any(), block
    s.night(kill=s.seat(Role.SEER), check=s.wolves[0])
    s.to_vote()
    for block in ("teammates", "checks", "night_victim", "wolf_votes", "revealed_role", "revealed_side"):
        assert not view(v1, block).any(), block
    # two villagers see exactly the same, except their own seat
    differ = view.obs(v1) != view.obs(v2)
    seat_slice = layout.slices["seat"]
    assert differ.any() and not differ[: seat_slice[0]].any() and not differ[seat_slice[1]:].any()


def test_a_villagers_vector_does_not_depend_on_the_other_seats_roles():
    rules = board()
    seeds = {}
    for seed in range(400):
        env = werewolf_v0.raw_env(rules)
        env.reset(seed=seed)
        if env.engine.roles[0] is Role.VILLAGER:
            seeds.setdefault(tuple(env.engine.roles), env)
        if len(seeds) == 3:
            break
    observations = [e.observe("player_0")["observation"].tobytes() for e in seeds.values()]
    assert len(seeds) == 3 and len(set(observations)) == 1


def test_wolves_see_their_teammates():
    env, s, view = scene_env("standard-12-guard")
    wolves = s.wolves
    for seat in range(12):
        expected = [1.0 if (seat in wolves and w in wolves) else 0.0 for w in range(12)]
        assert list(view(seat, "teammates")) == expected


def test_only_the_seer_gets_check_results():
    for reveals in ("side", "role"):
        env, s, view = scene_env(seer_reveals=reveals)
        seer, wolf = s.seat(Role.SEER), s.seat(Role.WEREWOLF)
        s.night(kill=None, check=wolf)
        assert view(seer, "checks")[wolf, Side.WOLVES] == 1 and view(seer, "checks").sum() == 1
        assert bool(view(seer, "check_role")[wolf, env.observation_layout.column(Role.WEREWOLF)]) is (reveals == "role")
        for seat in set(range(9)) - {seer}:
            assert not view(seat, "checks").any() and not view(seat, "check_role").any()


def test_only_the_witch_and_the_wolves_see_the_victim():
    env, s, view = scene_env()
    witch, victim = s.seat(Role.WITCH), s.seat(Role.VILLAGER)
    s.until(Phase.WOLF_KILL)
    s.run(lambda sc, p, seat: sc.idx(Kind.TARGET, victim), while_=lambda sc: sc.phase is Phase.WOLF_KILL)
    assert s.phase is Phase.WITCH_SAVE
    for seat in range(9):
        expected = seat == witch or seat in s.wolves
        assert bool(view(seat, "night_victim")[victim]) is expected, seat
        assert view(seat, "night_victim").sum() == expected
    assert list(view(witch, "potions")) == [1.0, 1.0]
    s.act(witch, s.idx(Kind.YES))
    assert list(view(witch, "potions")) == [0.0, 1.0]
    assert not any(view(seat, "potions").any() for seat in range(9) if seat != witch)


def test_wolves_see_each_others_kill_proposals_and_nobody_else_does():
    env, s, view = scene_env()
    w1, w2, w3 = s.wolves
    seer = s.seat(Role.SEER)
    s.until(Phase.WOLF_CHAT)
    s.act(w1, s.idx(Kind.VOTE_INTENT, seer))
    for w in (w1, w2, w3):
        assert view(w, "wolf_votes")[w1, seer] == 1
    assert all(not view(seat, "wolf_votes").any() for seat in s.good)
    assert all(not view(seat, "vote_intent").any() for seat in range(9))  # not a public announcement


@pytest.mark.parametrize("reveals", ["nothing", "side", "role"])
def test_death_reveals_in_every_seats_observation(reveals):
    env, s, view = scene_env(death_reveals=reveals)
    hunter = s.seat(Role.HUNTER)
    s.night(kill=hunter)
    for seat in range(9):
        assert view(seat, "alive")[hunter] == 0
        assert bool(view(seat, "revealed_role")[hunter, env.observation_layout.column(Role.HUNTER)]) is (reveals == "role")
        assert bool(view(seat, "revealed_side")[hunter, Side.VILLAGE]) is (reveals != "nothing")


def test_vote_block_shows_only_the_latest_round_after_a_tied_sheriff_election():
    # The sheriff election's tie used to stay in the `pk` block through the day's vote, so a PK
    # revote was taken for the same round and its votes were mixed with the first round's.
    env, s, view = scene_env(sheriff=True, seed=11)
    s.night(kill=None)
    a, b, c = s.seats(Role.VILLAGER)
    s.run(lambda sc, p, seat: sc.idx(Kind.YES) if p is Phase.SHERIFF_RUN and seat in (a, b) else None,
          until=Phase.SHERIFF_VOTE)
    v0, v1 = sorted(s.actors)[:2]
    s.run(lambda sc, p, seat: sc.pick({v0: a, v1: b}.get(seat)) if p is Phase.SHERIFF_VOTE else None, until=Phase.VOTE)
    assert s.engine.sheriff == -1  # tied twice: nobody holds the badge
    assert not view(0, "pk").any()
    x, y = s.wolves[:2]
    s.vote({x: a, y: b})
    s.until(Phase.PK_VOTE)
    assert {i for i in range(9) if view(0, "pk")[i]} == {a, b}
    s.vote({c: a}, phase=Phase.PK_VOTE)
    votes = view(0, "votes")
    assert {(int(i), int(j)) for i, j in zip(*np.nonzero(votes))} == {(c, a)}


def test_render_ansi_tells_the_story_including_the_wolf_channel():
    env = werewolf_v0.env("classic-9", render_mode="ansi")
    env.reset(seed=0)
    for _ in range(4):
        env.step(env.unwrapped.engine.default_action(env.unwrapped.agent_name_mapping[env.agent_selection]))
    text = env.render()
    assert "Night 1 falls." in text and "(to the wolves)" in text
    assert env.render() == ""  # only what is new since the last call


def test_env_rejects_bad_settings():
    for kwargs, msg in [(dict(illegal_action="ignore"), "illegal_action"), (dict(render_mode="rgb"), "render_mode"),
                        (dict(max_cycles=0), "max_cycles")]:
        with pytest.raises(ValueError, match=msg):
            werewolf_v0.env("classic-9", **kwargs)
    with pytest.raises(ValueError, match="turns"):
        werewolf_v0.env("classic-9", turns="some")
