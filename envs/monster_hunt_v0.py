"""# Monster Hunt

| Import | `from parlour.envs import monster_hunt_v0` |
|---|---|
| Actions | Discrete |
| Parallel API | Yes |
| Manual control | No |
| Agents | `agents = ['player_0', 'player_1']` (red, blue) |
| Agents | 2 |
| Action shape | Discrete(5) |
| Action values | [0, 4] |
| Observation shape | dict: `observation` (4*25+3,) for the standard 5x5 grid float32 in [0, 1], `action_mask` (5,) int8 |
| Rules | `monster_hunt_v0.MonsterHuntRules`; boards "standard" (VS-Bench's: 5x5, 50 steps) and "quick" (10 steps) |

Monster Hunt (VS-Bench; a stag hunt on a grid): a red and a blue player, a monster and two apples
on a 5x5 grid, 50 simultaneous moves. After the players move, the monster steps toward the nearest
player (ties and diagonal targets broken by the seeded Generator). An apple is +2 to whoever eats
it and respawns (the monster spoils an apple it steps on); meeting the monster alone is -2 and the
player respawns; both players on the monster is +5 each and the monster respawns.

Both players move at once: `parallel_env()` takes both moves in one `step`; the AEC `env()` takes
player_0's move, then player_1's, and applies them together (player_1 never sees player_0's
choice). Starting cells, respawns and tie-breaks come from a numpy Generator seeded by
`reset(seed=...)`. The game ends after `max_steps` joint moves: every agent is terminated (the
length is part of the game and the observation holds the steps left, so nothing is truncated).

### Observation space

`observation` is a float32 vector (`env.unwrapped.observation_layout` names its parts): four
egocentric channels of the grid (own player, other player, monster, apples), cell `(x, y)` of channel `c` at `c*N*N + y*N + x`,
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
| a player eats an apple | that player `apple_reward` (+2) |
| a player meets the monster alone | that player `alone_penalty` (-2), and it respawns |
| both players on the monster | each `joint_reward` (+5), and the monster respawns |

Episode info (VS-Bench's keys): `red_player_eat_apple`, `blue_player_eat_apple`,
`red_player_meet_monster`, `blue_player_meet_monster` (meetings alone), `coop_defeat_monster`, and `returns`.

### Version history

* v0: first release.
"""

from __future__ import annotations

from .aec import OrderEnforcing
from .grid_games.env import MonsterHuntAECEnv as raw_env
from .grid_games.env import MonsterHuntParallelEnv, ObservationLayout
from .grid_games.rules import MonsterHuntRules

__all__ = ["MonsterHuntRules", "ObservationLayout", "env", "parallel_env", "raw_env"]


def env(rules: MonsterHuntRules | dict | str | None = None, **kwargs):
    """The AEC env wrapped in PettingZoo's order checks; kwargs go to ``raw_env``."""
    return OrderEnforcing(raw_env(rules, **kwargs))


def parallel_env(rules: MonsterHuntRules | dict | str | None = None, **kwargs) -> MonsterHuntParallelEnv:
    """Both players' moves in one step; ``render_mode`` is the one keyword."""
    kwargs.pop("illegal_action", None)  # every move is legal: nothing to penalise
    kwargs.pop("illegal_reward", None)
    return MonsterHuntParallelEnv(rules, **kwargs)
