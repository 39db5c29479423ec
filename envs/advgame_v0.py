"""# AdvGameBench auto-battler (budgeted plan and revise)

| Import | `from parlour.envs import advgame_v0` |
|---|---|
| Actions | Discrete (unit by unit), or a whole `Plan` (structured, for LLM seats) |
| Parallel API | No |
| Agents | `agents = ['player_0', 'player_1']` |
| Action shape | Discrete(9): add unit 0..7 to the next free slot, 8 SUBMIT |
| Observation shape | dict: `observation` float32 in [0, 1], `action_mask` (9,) int8 |
| Rules | `advgame_v0.AdvGameRules`; boards "standard" (budget 20, 5 slots, 3 rounds) and "quick" (12, 3, 2) |

The Battle Card Game of AdvGameBench ("Tracing LLM Reasoning Processes with Strategic Games",
Yuan et al. 2025), an auto-battler: each round both sides buy a lineup of units within the
budget, a deterministic simulator plays the two lineups out, both sides see the result and the
other's lineup, and revise for the next round; the side winning more rounds wins the match
(+1 / -1, a draw 0). The unit catalogue is package data (`parlour/envs/advgame/units.json`);
the battle rules are in `parlour.envs.advgame.battle`.

A plan is built one decision at a time: add a unit to the next free slot (legal while a slot is
free and the unit fits the gold left), then SUBMIT; so masks keep plans within budget. At the
start of its turn a side may instead submit a whole `Plan(units=[names])` (an LLM's JSON plan);
such a plan may cost more than the budget, and an over-budget plan loses its round, as in the
paper. Seat 0 builds first; its plan is hidden from seat 1 until the battle.

Episode info at the end: `returns`, `round_wins`. `render()` gives the rounds as text (`"ansi"`)
or the lineups as an RGB image (`"rgb_array"`); `env.unwrapped.observe_image(agent)` is one
seat's picture.

### Version history

* v0: first release.
"""

from __future__ import annotations

from .advgame.engine import Plan
from .advgame.env import raw_env
from .advgame.rules import AdvGameRules
from .aec import OrderEnforcing

__all__ = ["AdvGameRules", "Plan", "env", "raw_env"]


def env(rules: AdvGameRules | dict | str | None = None, **kwargs):
    """The AEC env wrapped in PettingZoo's order checks; kwargs go to ``raw_env``."""
    return OrderEnforcing(raw_env(rules, **kwargs))
