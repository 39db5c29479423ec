"""Steps per second of the single-agent and vector envs (parlour.envs.single_agent / vector_env).

    python benchmarks/bench_vector.py                       # kaggle-8 village vs scripted wolves, Kuhn vs random
    python benchmarks/bench_vector.py --seconds 10 --json out.json

A step is one learner decision (the opponents' decisions in between run inside it), with random
legal actions drawn from the stacked masks in ``info["action_mask"]``. Rows: the plain
single-agent env; SyncVectorEnv with 1, 16 and 64 games; AsyncVectorEnv (one subprocess per
game, as Gymnasium's AsyncVectorEnv works) with 2 games (one worker per core on a 2-core
machine), 16 and 64 games.
"""

from __future__ import annotations

import argparse
import json
import os
import time

import numpy as np

from parlour.envs import single_agent, vector_env

TASKS = {"werewolf/kaggle-8 village vs scripted": ("werewolf/kaggle-8", "village", "scripted"),
         "kuhn-poker seat 0 vs random": ("kuhn-poker", [0], "random")}


def bench_single(env_id, seats, opponents, seconds: float) -> float:
    env = single_agent(env_id, seats=seats, opponents=opponents)
    env.reset(seed=0)
    rng = np.random.default_rng(0)
    steps, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        _, _, terminated, truncated, _ = env.step(int(rng.choice(np.flatnonzero(env.action_masks()))))
        steps += 1
        if terminated or truncated:
            env.reset()
    return steps / (time.perf_counter() - start)


def bench_vector(env_id, seats, opponents, num_envs: int, mode: str, seconds: float) -> float:
    vec = vector_env(env_id, num_envs, seats=seats, opponents=opponents, mode=mode)
    try:
        _, info = vec.reset(seed=0)
        rng = np.random.default_rng(0)
        steps, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds:
            masks = info["action_mask"]
            _, _, _, _, info = vec.step((rng.random(masks.shape) * masks).argmax(axis=1))
            steps += num_envs
        return steps / (time.perf_counter() - start)
    finally:
        vec.close()


def main(argv=None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="time per row")
    parser.add_argument("--json", default=None)
    args = parser.parse_args(argv)
    rows = []
    for name, (env_id, seats, opponents) in TASKS.items():
        rows.append({"task": name, "workload": "single_agent env", "steps_per_s": bench_single(env_id, seats, opponents, args.seconds)})
        for mode, counts in (("sync", (1, 16, 64)), ("async", (2, 16, 64))):
            for n in counts:
                rate = bench_vector(env_id, seats, opponents, n, mode, args.seconds)
                rows.append({"task": name, "workload": f"{mode} vector, {n} games", "steps_per_s": rate})
    print(f"| task | workload | learner steps/s |  ({os.cpu_count()} CPUs)")
    print("| --- | --- | --- |")
    for row in rows:
        print(f"| {row['task']} | {row['workload']} | {row['steps_per_s']:,.0f} |")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=1)
    return rows


if __name__ == "__main__":
    main()
