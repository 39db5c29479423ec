"""# Battle of the Colors

| Import | `from parlour.envs import battle_of_the_colors_v0` |
|---|---|
| Actions | Discrete |
| Parallel API | Yes |
| Manual control | No |
| Agents | `agents = ['player_0', 'player_1']` (red, blue) |
| Agents | 2 |
| Action shape | Discrete(5) |
| Action values | [0, 4] |
| Observation shape | dict: `observation` (4*25+3,) for the standard 5x5 grid float32 in [0, 1], `action_mask` (5,) int8 |
| Rules | `battle_of_the_colors_v0.BattleOfTheColorsRules`; boards "standard" (VS-Bench's: 5x5, 50 steps) and "quick" (10 steps) |

Battle of the Colors (VS-Bench; the battle of the sexes on a grid): a red and a blue player and a
red and a blue block on a 5x5 grid, 50 simultaneous moves. Both players on the red block: red +2,
blue +1, and the red block moves; both on the blue block: red +1, blue +2, and the blue block
moves; each on a different block: 0 each and both blocks move. One player alone on a block does
nothing. (Unlike VS-Bench, a refreshed block never lands on the other block.)

Both players move at once: `parallel_env()` takes both moves in one `step`; the AEC `env()` takes
player_0's move, then player_1's, and applies them together (player_1 never sees player_0's
choice). Starting cells, respawns and tie-breaks come from a numpy Generator seeded by
`reset(seed=...)`. The game ends after `max_steps` joint moves: every agent is terminated (the
length is part of the game and the observation holds the steps left, so nothing is truncated).

### Observation space

`observation` is a float32 vector (`env.unwrapped.observation_layout` names its parts): four
egocentric channels of the grid (own player, other player, own-colour block, other-colour block), cell `(x, y)` of channel `c` at `c*N*N + y*N + x`,
with y upward as in VS-Bench; then the share of steps left, and the seat's colour one-hot (red,
blue). `render()` gives the board as text (`"ansi"`) or an RGB image (`"rgb_array"`);
`env.unwrapped.observe_image(agent)` is one seat's picture (its player framed in gold).

### Action mask

All ones for a seat to move (every move is legal; a move into the edge stays put); all zeros for a
seat that has chosen this step (AEC) and after the game.

### Actions

VS-Bench's ids: 0 STAY, 1 RIGHT, 2 LEFT, 3 UP, 4 DOWN. An int outside 0..4 raises
`ActionOutOfRangeError`, a non-int `ActionTypeError`.

### Rewards

| Event | Rewards |
|---|---|
| both on the red block | red `owner_reward` (+2), blue `partner_reward` (+1) |
| both on the blue block | red `partner_reward` (+1), blue `owner_reward` (+2) |
| on different blocks | each `apart_reward` (0) |

Episode info (VS-Bench's keys): `both_on_red`, `both_on_blue`, `different_blocks`, and `returns`.

### Version history

* v0: first release.
"""

from __future__ import annotations

from .aec import OrderEnforcing
from .grid_games.env import BattleOfTheColorsAECEnv as raw_env
from .grid_games.env import BattleOfTheColorsParallelEnv, ObservationLayout
from .grid_games.rules import BattleOfTheColorsRules

__all__ = ["BattleOfTheColorsRules", "ObservationLayout", "env", "parallel_env", "raw_env"]


def env(rules: BattleOfTheColorsRules | dict | str | None = None, **kwargs):
    """The AEC env wrapped in PettingZoo's order checks; kwargs go to ``raw_env``."""
    return OrderEnforcing(raw_env(rules, **kwargs))


def parallel_env(rules: BattleOfTheColorsRules | dict | str | None = None, **kwargs) -> BattleOfTheColorsParallelEnv:
    """Both players' moves in one step; ``render_mode`` is the one keyword."""
    kwargs.pop("illegal_action", None)  # every move is legal: nothing to penalise
    kwargs.pop("illegal_reward", None)
    return BattleOfTheColorsParallelEnv(rules, **kwargs)
