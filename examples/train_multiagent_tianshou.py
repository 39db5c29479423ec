"""Train on parlour's multi-agent AEC env with Tianshou's multi-agent API, and show the learner beats random play.

    pip install -e ".[rl]"                                   # tianshou (torch), sb3-contrib, matplotlib
    python examples/train_multiagent_tianshou.py --quick     # CI: Kuhn Poker, then Werewolf games through Tianshou
    python examples/train_multiagent_tianshou.py --steps 60000 --seat player_1

Why Tianshou: its ``PettingZooEnv`` takes any PettingZoo AEC env whose observation is the dict
``{"observation": ..., "action_mask": ...}``, which is what every parlour game returns, so
``parlour.make(...)`` goes in unchanged; ``MultiAgentOffPolicyAlgorithm`` gives each seat its own
algorithm (here a DQN learner in one seat and Tianshou's masked random player in the others) and
turn-based games need nothing more. It runs on a CPU in one process and installs small (torch plus
a few pure-Python packages). RLlib would need Ray workers and a custom action-masking module for
the same thing, AgileRL brings jax, wandb and cloud SDKs and pins an older PettingZoo, and PufferLib
builds C extensions.

The learner is a DQN (masked Q-values) in seat ``--seat`` of Kuhn Poker, trained by Tianshou's
off-policy trainer against random legal play. Its n-step return (3, a whole Kuhn hand) carries the
showdown or fold reward back to its own move even when the opponent's move ended the hand.

Evaluation plays the same fixed deal seeds twice, once with the trained policy (greedy over the
mask) and once with random legal play in the learner's seat, against the same seeded random
opponent; the score is the seat's chips per hand, and the margin "trained minus random" gets a 95%
paired bootstrap interval. ``--quick`` asserts that the interval's lower end is above 0, then plays
``--werewolf-games`` whole Werewolf games (werewolf/kaggle-8) through Tianshou's Collector with one
freshly built DQN seat and seven random seats, and checks that each ends with every seat rewarded
+1 or -1 by its side.
"""

from __future__ import annotations

import argparse
import logging
import time

import numpy as np

import parlour


def build(env_id: str, learner_seat: str, seed: int, lr: float = 1e-3):
    """(multi-agent algorithm, the learner's DQN, env factory) for ``env_id`` with a DQN learner in
    ``learner_seat`` and Tianshou's masked random player in every other seat."""
    import torch
    from tianshou.algorithm import DQN, MARLRandomDiscreteMaskedOffPolicyAlgorithm, MultiAgentOffPolicyAlgorithm
    from tianshou.algorithm.modelfree.dqn import DiscreteQLearningPolicy
    from tianshou.algorithm.optim import AdamOptimizerFactory
    from tianshou.env.pettingzoo_env import PettingZooEnv
    from tianshou.utils.net.common import Net

    def make_env() -> PettingZooEnv:
        return PettingZooEnv(parlour.make(env_id))

    torch.manual_seed(seed)
    env = make_env()
    if learner_seat not in env.agents:
        raise SystemExit(f"--seat: {learner_seat!r} is not a seat of {env_id} (its seats: {', '.join(env.agents)})")
    obs_space = env.observation_space["observation"]
    net = Net(state_shape=obs_space.shape, action_shape=int(env.action_space.n), hidden_sizes=[64, 64])
    policy = DiscreteQLearningPolicy(model=net, action_space=env.action_space, eps_training=0.2, eps_inference=0.0)
    learner = DQN(policy=policy, optim=AdamOptimizerFactory(lr=lr), n_step_return_horizon=3, gamma=1.0,
                  target_update_freq=200)
    seats = [learner if agent == learner_seat else MARLRandomDiscreteMaskedOffPolicyAlgorithm(action_space=env.action_space)
             for agent in env.agents]
    return MultiAgentOffPolicyAlgorithm(algorithms=seats, env=env), learner, make_env


def train(env_id: str, learner_seat: str, steps: int, seed: int):
    """Train the learner seat with Tianshou's off-policy trainer; returns (marl algorithm, learner, seconds)."""
    import torch
    from tianshou.data import Collector, CollectStats, VectorReplayBuffer
    from tianshou.env import DummyVectorEnv
    from tianshou.trainer import OffPolicyTrainerParams

    np.random.seed(seed)  # Tianshou's epsilon-greedy and random seats draw from numpy's global RNG
    marl, learner, make_env = build(env_id, learner_seat, seed)
    train_envs = DummyVectorEnv([make_env for _ in range(4)])
    train_envs.seed(seed)
    collector = Collector[CollectStats](marl, train_envs, VectorReplayBuffer(20_000, len(train_envs)),
                                        exploration_noise=True)
    collector.reset()
    collector.collect(n_step=256)
    seat_index = make_env().agent_idx[learner_seat]
    start = time.perf_counter()
    torch.set_num_threads(1)
    marl.run_training(OffPolicyTrainerParams(
        training_collector=collector, test_collector=None, max_epochs=1, epoch_num_steps=steps,
        collection_step_num_env_steps=16, batch_size=64, update_step_num_gradient_steps_per_sample=0.25,
        test_in_training=False, multi_agent_return_reduction=lambda rews: rews[:, seat_index], verbose=False,
        show_progress=False,
    ))
    return marl, learner, time.perf_counter() - start


def greedy(policy, learner_seat: str):
    """The trained DQN as ``act(obs, mask)``: the best Q-value among legal actions."""
    from tianshou.data import Batch

    def act(obs: np.ndarray, mask: np.ndarray) -> int:
        batch = Batch(obs=Batch(obs=obs[None], mask=mask[None].astype(bool), agent_id=np.array([learner_seat])),
                      info=Batch())
        return int(policy(batch).act[0])
    return act


def play(env_id: str, learner_seat: str, act, seeds) -> np.ndarray:
    """The learner seat's return per game: ``act(obs, mask)`` in that seat, random legal play in the others
    (its own Generator per game seed, so both evaluations meet the same opponents)."""
    env = parlour.make(env_id)
    returns = []
    for g in seeds:
        env.reset(seed=int(g))
        rng = np.random.default_rng([int(g), 1])
        total = 0.0
        for agent in env.agent_iter():
            obs, reward, terminated, truncated, _ = env.last()
            if agent == learner_seat:
                total += reward
            if terminated or truncated:
                env.step(None)
            elif agent == learner_seat:
                env.step(act(obs["observation"], obs["action_mask"]))
            else:
                legal = np.flatnonzero(obs["action_mask"])
                env.step(int(legal[rng.integers(len(legal))]))
        returns.append(total)
    return np.array(returns)


def bootstrap(diff: np.ndarray, n: int = 2000, seed: int = 0) -> tuple[float, float]:
    """95% percentile bootstrap interval of the mean of ``diff``."""
    rng = np.random.default_rng(seed)
    means = diff[rng.integers(len(diff), size=(n, len(diff)))].mean(1)
    return float(np.quantile(means, 0.025)), float(np.quantile(means, 0.975))


def werewolf_through_tianshou(games: int, seed: int) -> list[np.ndarray]:
    """Whole Werewolf games collected by Tianshou (one DQN seat, seven random); each episode's rewards."""
    from tianshou.data import Collector, CollectStats
    from tianshou.env import DummyVectorEnv

    np.random.seed(seed)
    marl, _, make_env = build("werewolf/kaggle-8", "player_0", seed)
    envs = DummyVectorEnv([make_env])
    envs.seed(seed)
    stats = Collector[CollectStats](marl, envs, exploration_noise=True).collect(n_episode=games, reset_before_collect=True)
    assert stats.n_collected_episodes == games, f"Tianshou finished {stats.n_collected_episodes} of {games} Werewolf games"
    return list(stats.returns)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--env", default="kuhn-poker", help="a registered AEC env id (default kuhn-poker)")
    parser.add_argument("--seat", default="player_0", help="the learner's seat (default player_0)")
    parser.add_argument("--steps", type=int, default=40_000, help="environment steps of training (default 40000)")
    parser.add_argument("--eval-games", type=int, default=4000, help="fixed deal seeds per evaluation (default 4000)")
    parser.add_argument("--werewolf-games", type=int, default=2, help="Werewolf games played through Tianshou in --quick")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--quick", action="store_true", help="CI: 5000 steps, 2000 eval games; assert the margin")
    args = parser.parse_args(argv)
    if args.quick:
        args.steps, args.eval_games = 5_000, 2_000
    logging.getLogger("tianshou").setLevel(logging.ERROR)  # per-batch notes on 2-D multi-agent returns

    marl, learner, seconds = train(args.env, args.seat, args.steps, args.seed)
    seeds = np.arange(10_000, 10_000 + args.eval_games)  # deals not drawn in training
    trained = play(args.env, args.seat, greedy(learner.policy, args.seat), seeds)
    rng = np.random.default_rng(args.seed)
    random_seat = play(args.env, args.seat, lambda obs, mask: int(rng.choice(np.flatnonzero(mask))), seeds)
    low, high = bootstrap(trained - random_seat)
    print(f"{args.env} {args.seat}: DQN trained {args.steps} steps in {seconds:.0f} s; over {len(seeds)} fixed deals "
          f"against random play, trained {trained.mean():+.3f} vs random {random_seat.mean():+.3f} per game, "
          f"margin {trained.mean() - random_seat.mean():+.3f} [95% CI {low:+.3f}, {high:+.3f}]")
    if args.quick:
        assert low > 0, f"the trained seat does not beat random play: margin interval [{low:+.3f}, {high:+.3f}]"
        returns = werewolf_through_tianshou(args.werewolf_games, args.seed)
        for episode in returns:
            assert set(np.unique(episode)) <= {-1.0, 1.0} and len(set(episode)) == 2, f"werewolf rewards {episode}"
        print(f"werewolf/kaggle-8: {len(returns)} games through Tianshou's Collector, each seat rewarded +1 or -1")
        print("trained seat beats random play: ok")


if __name__ == "__main__":
    main()
