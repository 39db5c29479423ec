"""Many games stepping in one call: Gymnasium's own vector envs over :class:`SingleAgentEnv`.

``parlour.envs.vector_env(env_id, num_envs, seats=..., opponents=..., mode="sync"|"async")`` is a
``gymnasium.vector.SyncVectorEnv`` (every game in this process) or ``AsyncVectorEnv`` (subprocess
workers, shared-memory observations): observations stacked as ``(num_envs, OBS_SIZE)``, actions a
``MultiDiscrete``, rewards/terminations/truncations arrays. Every slot's mask comes stacked with
each ``reset``/``step`` in ``info["action_mask"]`` as ``(num_envs, ACTION_SIZE)`` bools (no extra
round trip to the workers); :func:`action_masks` asks the slots for it again.

Auto-reset is Gymnasium's ``AutoresetMode.SAME_STEP``: a slot whose game ends is reset inside the
same ``step()``, its returned observation (and mask) is the new game's first decision, and the
finished game's last observation and info are in ``info["final_obs"]`` / ``info["final_info"]``
(with ``episode_return`` and ``won``). So every slot always holds a live decision and its mask
always has a legal action, which is what masked policies need. ``reset(seed=s)`` seeds slot i with
``s + i``; each slot's later games draw their seeds from that slot's own Generator, so a run is
reproducible from the one seed whatever order the slots finish in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial

import numpy as np
from gymnasium.vector import AsyncVectorEnv, AutoresetMode, SyncVectorEnv

from .single_agent_env import Opponent, SingleAgentEnv


def make_vector_env(env_id: str, num_envs: int, seats: Sequence[int] | str = (0,),
                    opponents: Opponent | Mapping[int, Opponent] = "random", *, mode: str = "sync",
                    context: str | None = None, **env_kwargs) -> SyncVectorEnv | AsyncVectorEnv:
    """``num_envs`` single-agent envs of ``env_id`` in a Gymnasium vector env (``mode`` 'sync' or
    'async'; ``context`` is the multiprocessing start method of the async workers)."""
    if num_envs < 1:
        raise ValueError(f"num_envs must be at least 1, not {num_envs}")
    make = partial(SingleAgentEnv, env_id, seats, opponents, **env_kwargs)
    fns = [make] * num_envs
    if mode == "sync":
        return SyncVectorEnv(fns, autoreset_mode=AutoresetMode.SAME_STEP)
    if mode == "async":
        return AsyncVectorEnv(fns, autoreset_mode=AutoresetMode.SAME_STEP, context=context)
    raise ValueError(f"mode must be 'sync' or 'async', not {mode!r}")


def action_masks(vector_env: SyncVectorEnv | AsyncVectorEnv) -> np.ndarray:
    """Every slot's legal actions, stacked ``(num_envs, ACTION_SIZE)`` bools."""
    return np.stack(vector_env.call("action_masks"))


def seats_to_act(vector_env: SyncVectorEnv | AsyncVectorEnv) -> np.ndarray:
    """The seat each slot's learner decides for now (several learner seats play in turn)."""
    return np.array(vector_env.get_attr("seat"))


__all__ = ["action_masks", "make_vector_env", "seats_to_act"]
