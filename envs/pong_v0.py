"""# Pong

| Import | `from parlour.envs import pong_v0` |
|---|---|
| Actions | Discrete |
| Parallel API | Yes |
| Manual control | No |
| Agents | `agents = ['player_0', 'player_1']` (right paddle, left paddle) |
| Agents | 2 |
| Action shape | Discrete(3) |
| Action values | [0, 2] |
| Observation shape | dict: `observation` (9,) float32 in [-1, 1], `action_mask` (3,) int8 |
| Rules | `pong_v0.PongRules`; boards "standard" (VS-Bench's: first to 3 points, at most 1,000 steps) and "quick" (first to 1 within 200) |

Pong as VS-Bench plays it (competitive): two paddles and a ball; a ball past a paddle is a point
for the other player; the first to 3 points wins, and the match is cut after 1,000 steps (then the
higher score wins). Both players move at once: `parallel_env()` takes both moves in one `step`;
the AEC `env()` takes player_0's move, then player_1's, and applies them together. The serve's
height and angle come from a numpy Generator seeded by `reset(seed=...)`; everything else is
integer arithmetic (see `parlour.envs.pong.engine` for the exact physics).

VS-Bench plays Atari Pong (ALE) against Atari's built-in paddle; parlour's court is its own
integer model of those rules, two-player and deterministic, with a tracking paddle as the
reference opponent (`--agents tracking`).

### Observation space

`observation` is egocentric (`pong_v0.FEATURES` names the entries): own paddle, other paddle, the
ball's distance from the own goal line, its height, +1/-1 as it comes toward the own goal or goes
away, its vertical speed, both scores and the share of steps left. `render()` gives the court as
text (`"ansi"`) or an RGB image (`"rgb_array"`); `env.unwrapped.observe_image(agent)` is one
seat's picture (its paddle outlined in gold).

### Action mask

All ones for a seat to move; all zeros for a seat that has chosen this step (AEC) and after the
match.

### Actions

0 STAY, 1 UP, 2 DOWN (Atari's 0 NOOP, 2 UP, 3 DOWN). An int outside 0..2 raises
`ActionOutOfRangeError`, a non-int `ActionTypeError`.

### Rewards

+1 to the player who scores a point, -1 to the other (Atari's reward). Episode info: `returns`,
`scores` (points per seat, VS-Bench's returns) and `winner` ("right", "left" or None). Reaching
`points_to_win` terminates; the step limit truncates.

### Version history

* v0: first release.
"""

from __future__ import annotations

from .aec import OrderEnforcing
from .pong.env import FEATURES, PongParallelEnv
from .pong.env import PongAECEnv as raw_env
from .pong.rules import PongRules

__all__ = ["FEATURES", "PongRules", "env", "parallel_env", "raw_env"]


def env(rules: PongRules | dict | str | None = None, **kwargs):
    """The AEC env wrapped in PettingZoo's order checks; kwargs go to ``raw_env``."""
    return OrderEnforcing(raw_env(rules, **kwargs))


def parallel_env(rules: PongRules | dict | str | None = None, **kwargs) -> PongParallelEnv:
    """Both paddles' moves in one step; ``render_mode`` is the one keyword."""
    kwargs.pop("illegal_action", None)  # every move is legal: nothing to penalise
    kwargs.pop("illegal_reward", None)
    return PongParallelEnv(rules, **kwargs)
