"""Steps per second of VS-Bench's grid games with random agents: the parallel env (one joint move a
step), the AEC env (one seat's move a step), the bare engine, and the parallel env drawing the
board's RGB image and both seats' images after every step (what a vision model would get).

    python benchmarks/bench_vsbench.py [--steps 20000]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from parlour.envs import get_game

GAMES = ("coin-dilemma", "monster-hunt", "battle-of-the-colors")


def bench_parallel(game_id: str, steps: int, images: bool) -> float:
    game = get_game(game_id)
    env = game.parallel_env(game.rules(None), render_mode="rgb_array" if images else None)
    rng = np.random.default_rng(0)
    moves = rng.integers(5, size=(steps, 2))
    env.reset(seed=0)
    start, seed = time.perf_counter(), 0
    for k in range(steps):
        if not env.agents:
            seed += 1
            env.reset(seed=seed)
        env.step({"player_0": int(moves[k, 0]), "player_1": int(moves[k, 1])})
        if images:
            env.render()
            env.observe_image("player_0")
            env.observe_image("player_1")
    return steps / (time.perf_counter() - start)


def bench_aec(game_id: str, steps: int) -> float:
    game = get_game(game_id)
    env = game.env(game.rules(None))
    moves = np.random.default_rng(0).integers(5, size=steps)
    env.reset(seed=0)
    start, seed, k = time.perf_counter(), 0, 0
    while k < steps:
        if not env.agents:
            seed += 1
            env.reset(seed=seed)
        _, _, term, trunc, _ = env.last()
        env.step(None if term or trunc else int(moves[k]))
        k += 1
    return steps / (time.perf_counter() - start)


def bench_engine(game_id: str, steps: int) -> float:
    game = get_game(game_id)
    rules = game.rules(None)
    moves = np.random.default_rng(0).integers(5, size=(steps, 2))
    engine, seed = game.new_engine(rules, 0), 0
    start = time.perf_counter()
    for k in range(steps):
        if engine.done:
            seed += 1
            engine = game.new_engine(rules, seed)
        engine.step_joint(int(moves[k, 0]), int(moves[k, 1]))
    return steps / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=20_000)
    args = parser.parse_args()
    print(f"{'game':<22}{'engine joint/s':>16}{'parallel joint/s':>18}{'AEC moves/s':>14}{'parallel+images/s':>19}")
    for game_id in GAMES:
        row = (bench_engine(game_id, args.steps), bench_parallel(game_id, args.steps, False),
               bench_aec(game_id, args.steps), bench_parallel(game_id, max(args.steps // 10, 100), True))
        print(f"{game_id:<22}" + "".join(f"{v:>{w},.0f}" for v, w in zip(row, (16, 18, 14, 19))))


if __name__ == "__main__":
    main()
