"""# Knights-Archers-Zombies (wrapped)

| Import | `from parlour.envs import kaz_v0` |
|---|---|
| Actions | Discrete |
| Parallel API | Yes |
| Manual control | No |
| Agents | `agents = ['player_0', 'player_1']` (archer_0, knight_0 by default) |
| Action shape | Discrete(6) |
| Observation shape | dict: `observation` (24*5,) float32 in [-1, 1] for one archer and one knight, `action_mask` (6,) int8 |
| Rules | `kaz_v0.KazRules` (PettingZoo's arguments); boards "standard" (900 cycles) and "quick" (100) |

PettingZoo's `knights_archers_zombies_v11` (butterfly), unchanged, as a parlour game: VS-Bench v2's
cooperative KAZ. One archer and one knight (two seats) act at the same time; zombies walk down
from the top; each kill is +1 to its killer; a zombie at the bottom or every player dead ends the
game, the step limit cuts it. parlour adds seats, records, replays, a text interface for LLM
seats and PettingZoo's own frame as the image (`render("rgb_array")`, `observe_image(agent)`);
`render("ansi")` draws the field in characters. Needs `pettingzoo[butterfly]` (the `vsbench` extra).

### Observation space

PettingZoo's vector observation of the seat's player, flattened; zeros once the player is dead.

### Action mask

All six actions for a living player; only 5 (do nothing) once it is dead: the seat stays seated
with the no-op, which is not sent to PettingZoo. All zeros for a seat that has chosen (AEC) and
after the game.

### Actions

PettingZoo's: 0 forward, 1 backward, 2 turn left, 3 turn right, 4 attack, 5 nothing.

### Version history

* v0: first release.
"""

from __future__ import annotations

from .aec import OrderEnforcing
from .kaz.env import KazAECEnv as raw_env
from .kaz.env import KazParallelEnv
from .kaz.rules import KazRules

__all__ = ["KazRules", "env", "parallel_env", "raw_env"]


def env(rules: KazRules | dict | str | None = None, **kwargs):
    """The AEC env wrapped in PettingZoo's order checks; kwargs go to ``raw_env``."""
    return OrderEnforcing(raw_env(rules, **kwargs))


def parallel_env(rules: KazRules | dict | str | None = None, **kwargs) -> KazParallelEnv:
    kwargs.pop("illegal_action", None)
    kwargs.pop("illegal_reward", None)
    return KazParallelEnv(rules, **kwargs)
