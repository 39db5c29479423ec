"""parlour.envs.vector_env: Gymnasium's vector envs over every game, masks in every slot, auto-reset."""

from __future__ import annotations

import numpy as np
import pytest

from parlour.envs import game_ids, vector_env
from parlour.envs.vector import action_masks, seats_to_act

OPPONENTS = {"werewolf": "scripted", "kuhn-poker": "equilibrium"}


def _run(vec, seed, steps):
    """Random legal play for ``steps`` calls; every slot's mask checked on the way. Returns the trace."""
    rng = np.random.default_rng(0)
    obs, info = vec.reset(seed=seed)
    trace, finished = [], 0
    for _ in range(steps):
        masks = info["action_mask"]
        assert masks.shape == (vec.num_envs, vec.single_action_space.n) and masks.any(axis=1).all()
        np.testing.assert_array_equal(masks, action_masks(vec))
        actions = (rng.random(masks.shape) * masks).argmax(axis=1)
        assert masks[np.arange(vec.num_envs), actions].all()
        obs, rewards, terminated, truncated, info = vec.step(actions)
        assert obs.shape == (vec.num_envs, *vec.single_observation_space.shape)
        done = terminated | truncated
        if done.any():
            finished += int(done.sum())
            final = info["final_info"]
            assert final["_episode_return"][done].all() and final["_won"][done].all()
            assert final["_game_steps"][done].all() and (final["game_steps"][done] > 0).all()
        trace.append((obs.tobytes(), rewards.tobytes(), done.tobytes()))
    assert finished > 0, "no game finished: auto-reset was never exercised"
    return trace


@pytest.mark.parametrize("game_id", game_ids())
def test_sync_vector_every_game(game_id):
    vec = vector_env(game_id, 4, seats=[0], opponents=OPPONENTS.get(game_id, "random"))
    steps = 20 if game_id == "kuhn-poker" else 200
    first = _run(vec, seed=3, steps=steps)
    assert first == _run(vec, seed=3, steps=steps), "auto-reset games must repeat from the one seed"
    assert first != _run(vec, seed=4, steps=steps)
    vec.close()


def test_async_matches_sync():
    """Subprocess workers play exactly the games of the in-process vector env."""
    sync = vector_env("werewolf/kaggle-8", 3, seats="village", opponents="scripted")
    run = vector_env("werewolf/kaggle-8", 3, seats="village", opponents="scripted", mode="async")
    try:
        assert _run(sync, seed=11, steps=150) == _run(run, seed=11, steps=150)
        assert set(seats_to_act(run)) <= set(range(8))
    finally:
        sync.close()
        run.close()


def test_bad_arguments():
    with pytest.raises(ValueError, match="num_envs"):
        vector_env("kuhn-poker", 0)
    with pytest.raises(ValueError, match="mode"):
        vector_env("kuhn-poker", 2, mode="threads")
