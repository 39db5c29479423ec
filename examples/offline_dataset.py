"""Build an offline-RL dataset from game records with ``parlour.replays.iter_steps``.

    python examples/offline_dataset.py --games 500 --out village.npz
    python examples/offline_dataset.py --quick                      # CI

Each record is re-simulated (and verified against its hash chain); every logged decision gives the
acting seat's observation, action mask and action. Transitions are per seat: the next observation
is that seat's next decision (or the end of the game), the reward is the seat's final return on
its last decision and 0 before it. The arrays follow the D4RL / Minari layout (observations,
actions, rewards, terminals, next_observations, plus action_masks and seats), ready for
behaviour cloning or offline Q-learning with masks.
"""

from __future__ import annotations

import argparse

import numpy as np

import parlour
from parlour.agentspec import build_agent
from parlour.replays import iter_steps


def dataset(records) -> dict[str, np.ndarray]:
    columns: dict[str, list] = {k: [] for k in ("observations", "action_masks", "actions", "rewards", "terminals",
                                                  "next_observations", "seats", "games")}
    for g, record in enumerate(records):
        last: dict[str, int] = {}  # seat -> index of its latest transition
        # iter_steps gives the action as the env takes it (a structured speech act, for Werewolf);
        # the decision line beside it holds its flat index, which is what a policy outputs.
        for (agent, observation, _), decision in zip(iter_steps(record), record.decisions):
            index = decision.action
            if agent in last:
                columns["next_observations"][last[agent]] = observation["observation"]
            last[agent] = len(columns["actions"])
            columns["observations"].append(observation["observation"])
            columns["action_masks"].append(observation["action_mask"].astype(bool))
            columns["actions"].append(index)
            columns["rewards"].append(0.0)
            columns["terminals"].append(False)
            columns["next_observations"].append(observation["observation"])
            columns["seats"].append(int(agent.rsplit("_", 1)[1]))
            columns["games"].append(g)
        for agent, i in last.items():  # each seat's last decision carries its return
            columns["rewards"][i] = record.outcome.rewards[agent]
            columns["terminals"][i] = not record.outcome.truncated
    return {k: np.asarray(v) for k, v in columns.items()}


def main(argv=None) -> dict[str, np.ndarray]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=200)
    parser.add_argument("--board", default="werewolf/kaggle-8")
    parser.add_argument("--out", default=None, help="save the arrays to this .npz")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    games = 5 if args.quick else args.games
    records = [parlour.play_game(args.board, lambda env: [build_agent("scripted", env, s, None)
                                                          for s in range(len(env.possible_agents))],
                                 seed=seed, specs=["scripted"] * len(parlour.make(args.board).possible_agents))
               for seed in range(games)]
    data = dataset(records)
    n = len(data["actions"])
    print(f"{games} games -> {n} transitions; observations {data['observations'].shape}, "
          f"masks {data['action_masks'].shape}; mean return on terminal steps {data['rewards'][data['terminals']].mean():+.3f}")
    # What it claims: one transition per logged decision, every logged action legal under its mask,
    # and each seat's returns in the dataset equal to the records' outcomes.
    assert n == sum(len(r.decisions) for r in records)
    assert data["action_masks"][np.arange(n), data["actions"]].all()
    for g, record in enumerate(records):
        mine = data["games"] == g
        by_seat = {f"player_{s}": data["rewards"][mine & (data["seats"] == s)].sum() for s in set(data["seats"][mine])}
        assert all(record.outcome.rewards[a] == r for a, r in by_seat.items())
    if args.out:
        np.savez_compressed(args.out, **data)
        print(f"saved {args.out}")
    print("ok")
    return data


if __name__ == "__main__":
    main()
