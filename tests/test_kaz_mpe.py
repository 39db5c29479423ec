"""VS-Bench v2's wrapped games: Knights-Archers-Zombies (PettingZoo butterfly) and MPE predator and
prey (mpe2 ``simple_tag``). parlour must not change their rules: the same seed and actions give
the very states and rewards of the wrapped package stepped directly. Then what parlour adds: the
no-op seat of a dead player, copies and pickles that replay, the scripted players against random
play, the prompts and pictures."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

pytest.importorskip("pettingzoo.butterfly.knights_archers_zombies", reason="needs pettingzoo[butterfly] (vsbench extra)")
pytest.importorskip("mpe2", reason="needs mpe2 (vsbench extra)")

from mpe2 import simple_tag_v3  # noqa: E402
from pettingzoo.butterfly import knights_archers_zombies_v11  # noqa: E402

from parlour.agents import RandomAgent  # noqa: E402
from parlour.envs import get_game, kaz_v0, mpe_v0  # noqa: E402
from parlour.envs.kaz.agents import ScriptedDefender  # noqa: E402
from parlour.envs.kaz.engine import Action as KazAction  # noqa: E402
from parlour.envs.kaz.engine import Event, EventKind, KazEngine  # noqa: E402
from parlour.envs.kaz.rules import KazRules  # noqa: E402
from parlour.envs.mpe.agents import ChaserAgent, EvaderAgent  # noqa: E402
from parlour.envs.mpe.engine import MpeEngine  # noqa: E402
from parlour.envs.mpe.rules import MpeRules  # noqa: E402
from parlour.envs.wrapped import IllegalActionError  # noqa: E402


def _same_as_the_wrapped_package(engine, direct, seed: int, steps: int) -> int:
    """Step the parlour engine and the package's own parallel env with the same random actions;
    their global states and rewards must agree at every step. Returns the steps played."""
    direct.reset(seed=seed)
    rng = np.random.default_rng(seed)
    for t in range(steps):
        if engine.done:
            break
        actions = [int(rng.choice(engine.legal_actions(s))) for s in range(engine.n)]
        live = {name: actions[s] for s, name in enumerate(engine.names) if name in direct.agents}
        _, rewards, _, _, _ = direct.step(live)
        for s, a in enumerate(actions):
            engine.step(s, a)
        assert np.array_equal(np.asarray(engine.env.state()), np.asarray(direct.state())), f"step {t}"
        assert engine.last_rewards == [float(rewards.get(n, 0.0)) for n in engine.names], f"step {t}"
        assert engine.done == (not direct.agents)
    return engine.t


# ====================================================================== Knights-Archers-Zombies
def test_kaz_plays_exactly_as_pettingzoo_with_the_same_seed_and_actions():
    direct = knights_archers_zombies_v11.parallel_env(num_archers=1, num_knights=1)
    assert _same_as_the_wrapped_package(KazEngine(KazRules(), 5), direct, 5, 200) > 50


def test_a_dead_players_seat_keeps_only_the_no_op_and_a_penalty_env_plays_it_for_a_wrong_action():
    env = kaz_v0.raw_env(illegal_action="penalty")
    env.reset(seed=0)
    e = env.engine
    knight = e.names.index("knight_0")
    assert knight == 1 and e.legal_actions(knight) == list(range(6))
    e.gone[knight] = True  # as the engine marks a player the zombies killed
    assert e.legal_actions(knight) == [KazAction.NOTHING]
    with pytest.raises(IllegalActionError, match="not legal"):
        e.step(knight, int(KazAction.ATTACK))
    env.step(int(KazAction.NOTHING))  # player_0, the archer
    env.step(int(KazAction.ATTACK))  # player_1, the dead knight: penalised, the no-op is played
    assert env.illegal_moves == [{"step": 0, "agent": "player_1", "action": int(KazAction.ATTACK)}]
    assert env.rewards["player_1"] == -1.0 and e.history[-1] == (knight, int(KazAction.NOTHING))


def test_a_reset_env_replays_like_a_fresh_one_so_copies_and_pickles_agree():
    env = kaz_v0.parallel_env()
    for seed in (3, 3):  # the second reset reuses the env: PettingZoo's spawn timer must not carry over
        observations, _ = env.reset(seed=seed)
        rng = np.random.default_rng(seed)
        for _ in range(80):
            if not env.agents:
                break
            observations = env.step({a: int(rng.choice(np.flatnonzero(observations[a]["action_mask"])))
                                     for a in env.possible_agents})[0]
        e = env.engine
        assert e.clone().state_parts() == e.state_parts() == pickle.loads(pickle.dumps(e)).state_parts()


def _kaz_episode(scripted: bool, seed: int, rules: KazRules) -> tuple[int, int, bool]:
    env = kaz_v0.parallel_env(rules)
    observations, _ = env.reset(seed=seed)
    agents = [ScriptedDefender(rules, archer=name.startswith("archer")) if scripted else RandomAgent(seed + s)
              for s, name in enumerate(env.engine.names)]
    for s, a in enumerate(agents):
        a.reset(s, seed)
    while env.agents:
        observations = env.step({a: agents[s].act_sync(observations[a], {}) for s, a in enumerate(env.possible_agents)})[0]
    e = env.engine
    return sum(e.kills()), e.t, e.truncated


def test_scripted_defenders_hold_longer_and_kill_more_than_random_players():
    rules = KazRules(max_cycles=300)
    for seed in (0, 1):
        kills, steps, survived = _kaz_episode(True, seed, rules)
        r_kills, r_steps, r_survived = _kaz_episode(False, seed, rules)
        assert survived and steps == 300 and kills >= 8, (kills, steps)
        assert not r_survived and r_kills < kills


def test_kaz_prompt_pictures_and_events():
    env = kaz_v0.env(render_mode="ansi")
    env.reset(seed=1)
    ui = get_game("kaz").text_interface(env)
    system, user = (m["content"] for m in ui.messages(0))
    assert "cooperative game" in system and "zombies" in system
    for section in ("## Player information", "## Game state", "## Legal actions", "## Instructions"):
        assert section in user
    assert "You are the archer (player 0)" in user and ui.parse("<ATTACK>", 0) == KazAction.ATTACK
    assert "A" in env.render()
    image = kaz_v0.raw_env(render_mode="rgb_array")
    image.reset(seed=1)
    assert image.render().shape == (720, 1280, 3) and image.render().dtype == np.uint8
    e = KazEngine(KazRules(), 0)
    e.events.append(Event(1, EventKind.KILL, 0, 1))
    assert e.kills() == [1, 0]


# ====================================================================== MPE
def test_mpe_plays_exactly_as_mpe2_with_the_same_seed_and_actions():
    direct = simple_tag_v3.parallel_env(num_good=1, num_adversaries=1, num_obstacles=2, max_cycles=25,
                                        continuous_actions=False)
    assert _same_as_the_wrapped_package(MpeEngine(MpeRules(), 9), direct, 9, 30) == 25


def _mpe_returns(kinds: str, seeds) -> np.ndarray:
    env = mpe_v0.parallel_env()
    totals = []
    for seed in seeds:
        observations, _ = env.reset(seed=seed)
        agents = [(ChaserAgent(env.rules) if s == 0 else EvaderAgent(env.rules)) if k == "s" else RandomAgent(seed + s)
                  for s, k in enumerate(kinds)]
        while env.agents:
            observations = env.step({a: agents[s].act_sync(observations[a], {}) for s, a in enumerate(env.possible_agents)})[0]
        totals.append(env.engine.scores)
    return np.array(totals)


def test_the_chaser_catches_a_random_prey_and_the_evader_loses_less_than_a_random_prey():
    seeds = range(12)
    random_pair = _mpe_returns("rr", seeds)
    chaser = _mpe_returns("sr", seeds)
    evader = _mpe_returns("rs", seeds)
    assert chaser[:, 0].mean() >= random_pair[:, 0].mean() + 10
    assert evader[:, 1].mean() > random_pair[:, 1].mean()


def test_mpe_prompt_and_pictures():
    env = mpe_v0.env(render_mode="ansi")
    env.reset(seed=2)
    ui = get_game("mpe").text_interface(env)
    system, user = (m["content"] for m in ui.messages(1))
    assert "predator +10, prey -10" in system and "You are the prey (player 1)" in user
    assert ui.parse('{"action": "<UP>"}', 1) == 4 and "P" in env.render() and "Y" in env.render()
    image = mpe_v0.raw_env(render_mode="rgb_array")
    image.reset(seed=2)
    assert image.render().shape == (700, 700, 3)
