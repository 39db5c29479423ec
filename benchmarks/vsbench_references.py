"""How strong the reference players of Breakthrough and Hanabi are: the numbers docs/vsbench.md quotes.

* ``breakthrough``: MCTS with VS-Bench's settings (UCT c = 2, 100 simulations, one random rollout
  per leaf) against uniform random play (``ours-random``), seats alternating (game g: the first
  player named is Black when g is even); OpenSpiel's own ``MCTSBot`` against random
  (``openspiel-random``), and ours against OpenSpiel's head to head (``ours-openspiel``). Win
  rates of the first player named, with 95% Wilson intervals.
* ``hanabi``: the scripted partner in self-play and uniform random play in self-play, the mean
  final score over seeds 0..N-1 with a 95% interval (normal approximation), and lives lost.

Game g is played with env seed g and agent seeds 2g, 2g + 1 (seat 0, seat 1).

    python benchmarks/vsbench_references.py breakthrough [--games 100] [--matchup ours-random ...]
    python benchmarks/vsbench_references.py hanabi [--games 200]

MCTS in pure Python is slow: 100 Breakthrough games take a few minutes of one core.
"""

from __future__ import annotations

import argparse
import json
import math
import time

import numpy as np

from parlour.agents import RandomAgent
from parlour.envs import breakthrough_v0, hanabi_v0


def wilson(wins: int, n: int, z: float = 1.96) -> tuple[float, float]:
    if n == 0:
        return (0.0, 1.0)
    p = wins / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (centre - half, centre + half)


def play(make_env, agents, seed: int):
    env = make_env()
    env.reset(seed=seed)
    for seat, agent in enumerate(agents):
        agent.reset(seat, seed=2 * seed + seat)
    for name in env.agent_iter():
        obs, _, term, trunc, info = env.last()
        env.step(None if term or trunc else agents[int(name[-1])].act_sync(obs, info))
    return env.unwrapped.engine


def match(first, second, games: int) -> dict:
    """``first`` against ``second`` (factories), ``first`` Black in even games: its wins."""
    wins, plies, start = 0, [], time.perf_counter()
    for g in range(games):
        seat = g % 2
        agents = [first(), second()] if seat == 0 else [second(), first()]
        engine = play(breakthrough_v0.env, agents, g)
        wins += engine.winner == seat
        plies.append(len(engine.history))
    low, high = wilson(wins, games)
    return {"wins": wins, "games": games, "win_rate": wins / games, "ci95": [round(low, 3), round(high, 3)],
            "mean_plies": float(np.mean(plies)), "seconds_per_game": (time.perf_counter() - start) / games}


MATCHUPS = ("ours-random", "openspiel-random", "ours-openspiel")


def breakthrough(games: int, matchups: list[str]) -> dict:
    from parlour.envs.breakthrough.agents import MCTSAgent, OpenSpielMCTSAgent

    players = {"ours": MCTSAgent, "openspiel": OpenSpielMCTSAgent, "random": RandomAgent}
    out = {}
    for name in matchups:
        first, second = name.split("-")
        out[name] = match(players[first], players[second], games)
    return out


def hanabi(games: int) -> dict:
    from parlour.envs.hanabi.agents import ScriptedHanabiAgent

    out = {}
    for name, make in (("scripted_self_play", ScriptedHanabiAgent), ("random_self_play", RandomAgent)):
        engines = [play(hanabi_v0.env, [make(), make()], g) for g in range(games)]
        scores = np.array([e.score() for e in engines], float)
        half = 1.96 * scores.std(ddof=1) / math.sqrt(games) if games > 1 else float("nan")
        out[name] = {"games": games, "mean_score": round(float(scores.mean()), 3), "ci95_half_width": round(half, 3),
                     "min": int(scores.min()), "max": int(scores.max()),
                     "games_losing_a_life": int(sum(e.lives < e.rules.max_life_tokens for e in engines))}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("game", choices=("breakthrough", "hanabi"))
    parser.add_argument("--games", type=int, default=None, help="games per matchup (100 / 200 by default)")
    parser.add_argument("--matchup", action="append", choices=MATCHUPS,
                        help="Breakthrough: which matchups (repeat the flag; default ours-random); the openspiel "
                             "ones need open-spiel")
    args = parser.parse_args()
    if args.game == "breakthrough":
        result = breakthrough(args.games or 100, args.matchup or ["ours-random"])
    else:
        result = hanabi(args.games or 200)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
