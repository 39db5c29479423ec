"""Train a policy with sb3-contrib's MaskablePPO on parlour's single-agent env, and show it beats random play.

    pip install -e ".[rl]"            # sb3-contrib (torch), matplotlib
    python examples/train_maskable_ppo.py --quick                 # Kuhn Poker vs random and vs the equilibrium
    python examples/train_maskable_ppo.py --task village --steps 300000 --plot village.png

Tasks (``--task``, repeatable):
  kuhn-random       seat 0 of Kuhn Poker against a random player
  kuhn-equilibrium  seat 0 of Kuhn Poker against the Nash-equilibrium player
  village           the whole village of werewolf/kaggle-8 (one policy plays every village seat in
                    turn) against scripted wolves

Every evaluation plays the same fixed game seeds with the trained policy (masked, deterministic)
and with random legal play in the learner's seats, so the two differ only in the policy. The score
is the learner's return per game (chips in Kuhn Poker; +1 win / -1 loss in Werewolf) and its win
rate; the margin "trained minus random" gets a 95% paired bootstrap interval. ``--quick`` asserts
that the interval's lower end is above 0 for every task it ran.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from parlour.envs import single_agent

TASKS = {
    "kuhn-random": ("kuhn-poker", [0], "random"),
    "kuhn-equilibrium": ("kuhn-poker", [0], "equilibrium"),
    "village": ("werewolf/kaggle-8", "village", "scripted"),
}


def play(env, policy, game_seeds) -> tuple[np.ndarray, np.ndarray]:
    """(return, won) per game seed; ``policy(obs, mask) -> action``."""
    returns, wins = [], []
    for g in game_seeds:
        obs, info = env.reset(options={"game_seed": int(g)})
        done = False
        while not done:
            obs, _, terminated, truncated, info = env.step(policy(obs, env.action_masks()))
            done = terminated or truncated
        returns.append(info["episode_return"])
        wins.append(info["won"])
    return np.array(returns), np.array(wins, float)


def random_policy(seed: int):
    rng = np.random.default_rng(seed)
    return lambda obs, mask: int(rng.choice(np.flatnonzero(mask)))


def model_policy(model):
    return lambda obs, mask: int(model.predict(obs, action_masks=mask, deterministic=True)[0])


def bootstrap(diff: np.ndarray, n: int = 2000, seed: int = 0) -> tuple[float, float]:
    """95% percentile bootstrap interval of the mean of ``diff``."""
    rng = np.random.default_rng(seed)
    means = diff[rng.integers(len(diff), size=(n, len(diff)))].mean(1)
    return float(np.quantile(means, 0.025)), float(np.quantile(means, 0.975))


def train(task: str, steps: int, eval_games: int, checkpoints: int, seed: int) -> dict:
    from sb3_contrib import MaskablePPO
    from stable_baselines3.common.callbacks import BaseCallback

    env_id, seats, opponents = TASKS[task]
    eval_env = single_agent(env_id, seats=seats, opponents=opponents)
    eval_seeds = np.arange(10_000, 10_000 + eval_games)  # games never drawn in training (seeded below 2**31 at random)
    curve: list[tuple[int, float, float]] = []  # (training steps, mean return, win rate)

    class Evaluate(BaseCallback):
        def __init__(self, every: int):
            super().__init__()
            self.every, self.next = every, every

        def _on_step(self) -> bool:
            if self.num_timesteps >= self.next:
                self.next += self.every
                r, w = play(eval_env, model_policy(self.model), eval_seeds[: max(eval_games // 5, 50)])
                curve.append((self.num_timesteps, float(r.mean()), float(w.mean())))
            return True

    env = single_agent(env_id, seats=seats, opponents=opponents)
    env.reset(seed=seed)
    hidden = [64, 64] if env_id == "kuhn-poker" else [256, 256]
    model = MaskablePPO("MlpPolicy", env, seed=seed, n_steps=1024 if env_id == "kuhn-poker" else 2048,
                        batch_size=256, learning_rate=1e-3 if env_id == "kuhn-poker" else 3e-4,
                        ent_coef=0.01, policy_kwargs={"net_arch": hidden}, verbose=0, device="cpu")
    start = time.perf_counter()
    model.learn(steps, callback=Evaluate(max(steps // checkpoints, 1)))
    seconds = time.perf_counter() - start
    trained_r, trained_w = play(eval_env, model_policy(model), eval_seeds)
    random_r, random_w = play(eval_env, random_policy(seed), eval_seeds)
    low, high = bootstrap(trained_r - random_r)
    return {"task": task, "steps": steps, "seconds": seconds, "curve": curve, "games": eval_games,
            "trained_return": float(trained_r.mean()), "random_return": float(random_r.mean()),
            "trained_win": float(trained_w.mean()), "random_win": float(random_w.mean()),
            "margin": float((trained_r - random_r).mean()), "interval": (low, high),
            "win_interval": bootstrap(trained_w - random_w)}


def plot(results: list[dict], path: str) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("(matplotlib is not installed: no plot)")
        return
    fig, axes = plt.subplots(1, len(results), figsize=(5 * len(results), 3.5), squeeze=False)
    for ax, res in zip(axes[0], results):
        x = [c[0] for c in res["curve"]]
        ax.plot(x, [c[2] for c in res["curve"]], marker="o", label="trained (masked PPO)")
        ax.axhline(res["random_win"], color="grey", linestyle="--", label="random play")
        ax.set(title=res["task"], xlabel="training steps", ylabel="win rate")
        ax.legend()
    fig.tight_layout()
    fig.savefig(path)
    print(f"plot: {path}")


def main(argv=None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--task", action="append", choices=list(TASKS), help="default: both Kuhn Poker tasks")
    parser.add_argument("--steps", type=int, default=None, help="training steps per task")
    parser.add_argument("--eval-games", type=int, default=None)
    parser.add_argument("--checkpoints", type=int, default=None, help="evaluations along training (the plot's points)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--plot", default=None, help="write the learning curves to this PNG")
    parser.add_argument("--quick", action="store_true", help="CI mode: small budget, asserts the claim")
    args = parser.parse_args(argv)
    tasks = args.task or ["kuhn-random", "kuhn-equilibrium"]
    results = []
    for task in tasks:
        default_steps = (10_000 if args.quick else 60_000) if task.startswith("kuhn") else 300_000
        steps = args.steps or default_steps
        eval_games = args.eval_games or (2000 if task.startswith("kuhn") else 500)
        res = train(task, steps, eval_games, args.checkpoints or (4 if args.quick else 10), args.seed)
        low, high = res["interval"]
        wl, wh = res["win_interval"]
        print(f"{task}: {steps} steps in {res['seconds']:.0f} s; over {eval_games} fixed games, "
              f"return {res['trained_return']:+.3f} vs random play {res['random_return']:+.3f} "
              f"(margin {res['margin']:+.3f}, 95% CI [{low:+.3f}, {high:+.3f}]); "
              f"win rate {res['trained_win']:.3f} vs {res['random_win']:.3f} "
              f"(margin 95% CI [{wl:+.3f}, {wh:+.3f}])")
        results.append(res)
    if args.plot:
        plot(results, args.plot)
    if args.quick:
        for res in results:
            assert res["interval"][0] > 0, f"{res['task']}: the trained policy does not beat random play: {res['interval']}"
        print("quick: every trained policy beats random play (95% CI of the margin above 0)")
    return results


if __name__ == "__main__":
    main()
