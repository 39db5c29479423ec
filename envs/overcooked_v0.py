"""# Overcooked (kitchen)

| Import | `from parlour.envs import overcooked_v0` |
|---|---|
| Actions | Discrete |
| Parallel API | Yes |
| Manual control | No |
| Agents | `agents = ['player_0', 'player_1']` (chef 0, chef 1) |
| Agents | 2 |
| Action shape | Discrete(6) |
| Action values | [0, 5] |
| Observation shape | dict: `observation` (13*20+17,) for the cramped room, float32 in [0, 1], `action_mask` (6,) int8 |
| Rules | `overcooked_v0.KitchenRules`; boards "standard" (VS-Bench's: cramped room, 50 steps) and "quick" (20 steps) |

The Overcooked kitchen as VS-Bench plays it (cooperative; overcooked-ai's rules): two chefs in the
cramped room put three onions into the pot, start it, let it cook 5 steps, plate the soup with a
dish and deliver it (+10 to the team). Both chefs act at once: `parallel_env()` takes both actions
in one `step`; the AEC `env()` takes player_0's action, then player_1's, and applies them together.
There is no chance (the seed changes nothing). `parlour.envs.overcooked.engine` states the exact
order of a step (interactions, chef 0's first; movement with collisions; cooking).

### Observation space

`observation` is a float32 vector (`env.unwrapped.observation_layout` names its parts): 13 grid
channels (own chef, other chef, counters, pots, onion and dish dispensers, serving location, onions
in a pot, cooking progress, soup ready, an onion / a dish / a soup on a counter), tile `(x, y)` of
channel `c` at `c*W*H + y*W + x` with y downward; then both chefs' facings (up, down, right, left)
and what they hold (nothing, onion, dish, soup) one-hot, own chef first; the chef's index; the
share of steps left. `render()` gives the kitchen as text (`"ansi"`, VS-Bench's tile letters) or an
RGB image (`"rgb_array"`); `env.unwrapped.observe_image(agent)` is one chef's picture.

### Action mask

All ones for a chef to act; all zeros for a chef that has chosen this step (AEC) and after the
episode.

### Actions

overcooked-ai's (and VS-Bench's) ids: 0 UP, 1 DOWN, 2 RIGHT, 3 LEFT, 4 STAY, 5 INTERACT.

### Rewards

Shared: both chefs get the team's reward of each step: `delivery_reward` (+10) per delivered soup
of three onions, plus overcooked-ai's shaped rewards that VS-Bench counts into its returns: +3 per
onion potted, +3 per useful dish taken, +5 per soup plated. Episode info: `returns`, `score`,
`soups_delivered`, `wrong_soups`, `onions_potted`, `steps`.

### Version history

* v0: first release.
"""

from __future__ import annotations

from .aec import OrderEnforcing
from .overcooked.env import KitchenAECEnv as raw_env
from .overcooked.env import KitchenParallelEnv, ObservationLayout
from .overcooked.rules import KitchenRules

__all__ = ["KitchenRules", "ObservationLayout", "env", "parallel_env", "raw_env"]


def env(rules: KitchenRules | dict | str | None = None, **kwargs):
    """The AEC env wrapped in PettingZoo's order checks; kwargs go to ``raw_env``."""
    return OrderEnforcing(raw_env(rules, **kwargs))


def parallel_env(rules: KitchenRules | dict | str | None = None, **kwargs) -> KitchenParallelEnv:
    """Both chefs' actions in one step; ``render_mode`` is the one keyword."""
    kwargs.pop("illegal_action", None)  # every action is legal: nothing to penalise
    kwargs.pop("illegal_reward", None)
    return KitchenParallelEnv(rules, **kwargs)
