"""Step parlour envs by hand: the PettingZoo AEC loop, the parallel loop, and the single-agent Gymnasium view.

    python examples/step_by_hand.py            # a few games of each
    python examples/step_by_hand.py --quick    # CI: one game of each, with its checks
"""

from __future__ import annotations

import argparse

import numpy as np

import parlour
from parlour.envs import single_agent


def aec_game(env_id: str, seed: int) -> dict[str, float]:
    """One game with random legal actions through the AEC API; returns each seat's total reward."""
    env = parlour.make(env_id)
    env.reset(seed=seed)
    rng = np.random.default_rng(seed)
    totals = dict.fromkeys(env.possible_agents, 0.0)
    for agent in env.agent_iter():
        obs, reward, terminated, truncated, info = env.last()
        totals[agent] += reward
        if terminated or truncated:
            action = None  # a finished seat steps with None
        else:
            legal = np.flatnonzero(obs["action_mask"])
            assert len(legal) > 0, "a seat to act always has a legal action"
            action = int(rng.choice(legal))
        env.step(action)
    return totals


def parallel_game(env_id: str, seed: int) -> tuple[int, dict[str, float]]:
    """One game through the parallel API: every seat answers each round (waiting seats: the no-op)."""
    env = parlour.make(env_id, parallel=True)
    observations, infos = env.reset(seed=seed)
    rng = np.random.default_rng(seed)
    totals = dict.fromkeys(env.possible_agents, 0.0)
    rounds = 0
    while env.agents:
        actions = {a: int(rng.choice(np.flatnonzero(observations[a]["action_mask"]))) for a in env.agents}
        observations, rewards, terminations, truncations, infos = env.step(actions)
        for agent, r in rewards.items():
            totals[agent] += r
        rounds += 1
    return rounds, totals


def gymnasium_game(seed: int) -> float:
    """The village of kaggle-8 against scripted wolves as one Gymnasium env (one policy, every village seat)."""
    env = single_agent("werewolf/kaggle-8", seats="village", opponents="scripted")
    obs, info = env.reset(seed=seed)
    rng = np.random.default_rng(seed)
    done, steps = False, 0
    while not done:
        action = int(rng.choice(np.flatnonzero(env.action_masks())))
        obs, reward, terminated, truncated, info = env.step(action)
        done, steps = terminated or truncated, steps + 1
    print(f"  gymnasium: {steps} village decisions over seats {env.learner_seats}; return {info['episode_return']:+.0f}")
    return info["episode_return"]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    games = 1 if args.quick else 3
    for seed in range(games):
        for env_id in ["werewolf/kaggle-8", "kuhn-poker"]:
            totals = aec_game(env_id, seed)
            print(f"AEC {env_id} seed {seed}: rewards {totals}")
            if env_id == "kuhn-poker":
                assert sum(totals.values()) == 0, "Kuhn Poker is zero-sum"
            else:
                assert len(set(np.sign(list(totals.values())))) > 1 or not any(totals.values()), "one side wins"
        rounds, totals = parallel_game("werewolf/kaggle-8", seed)
        print(f"parallel werewolf/kaggle-8 seed {seed}: {rounds} rounds, rewards {totals}")
        assert rounds > 0
        assert gymnasium_game(seed) in (-1.0, 0.0, 1.0)
    print("ok")


if __name__ == "__main__":
    main()
