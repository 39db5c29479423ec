"""# MPE predator and prey (wrapped)

| Import | `from parlour.envs import mpe_v0` |
|---|---|
| Actions | Discrete |
| Parallel API | Yes |
| Manual control | No |
| Agents | `agents = ['player_0', 'player_1']` (predator = mpe2's adversary_0, prey = agent_0) |
| Action shape | Discrete(5) |
| Observation shape | dict: `observation` (12,) for the predator and (10,) for the prey with 2 obstacles, float32, `action_mask` (5,) int8 |
| Rules | `mpe_v0.MpeRules`; boards "standard" (25 steps, mpe2's default) and "quick" (10) |

mpe2's `simple_tag_v3`, unchanged, with one predator and one prey and discrete actions, as a
parlour game: VS-Bench v2's competitive MPE. Both act at once; each step the predator touches the
prey is +10 to it and -10 to the prey, which also pays for straying beyond 0.9 from the centre;
the game lasts `max_cycles` steps (a truncation, as mpe2 ends it). parlour adds seats, records,
replays, a text interface for LLM seats and mpe2's own frame as the image
(`render("rgb_array")`, `observe_image(agent)`); `render("ansi")` draws the plane in characters.
Needs `mpe2` (the `vsbench` extra).

### Observation space

mpe2's vector for the seat's player: own velocity and position, the obstacles' and the other
player's positions relative to it, and (for the predator) the prey's velocity.

### Action mask

All five actions for the seat to move; all zeros for a seat that has chosen (AEC) and after the
game.

### Actions

mpe2's: 0 no push, 1 left, 2 right, 3 down, 4 up.

### Version history

* v0: first release.
"""

from __future__ import annotations

from .aec import OrderEnforcing
from .mpe.env import MpeAECEnv as raw_env
from .mpe.env import MpeParallelEnv
from .mpe.rules import MpeRules

__all__ = ["MpeRules", "env", "parallel_env", "raw_env"]


def env(rules: MpeRules | dict | str | None = None, **kwargs):
    """The AEC env wrapped in PettingZoo's order checks; kwargs go to ``raw_env``."""
    return OrderEnforcing(raw_env(rules, **kwargs))


def parallel_env(rules: MpeRules | dict | str | None = None, **kwargs) -> MpeParallelEnv:
    kwargs.pop("illegal_action", None)
    kwargs.pop("illegal_reward", None)
    return MpeParallelEnv(rules, **kwargs)
