"""# Breakthrough

| Import | `from parlour.envs import breakthrough_v0` |
|---|---|
| Actions | Discrete |
| Parallel API | No |
| Manual control | No |
| Agents | `agents = ['player_0', 'player_1']` (Black, White) |
| Agents | 2 |
| Action shape | Discrete(768) on the standard 8x8 board (rows x columns x 6 directions x 2) |
| Action values | [0, 767] |
| Observation shape | dict: `observation` (195,) float32 in {0, 1}, `action_mask` (768,) int8 |
| Rules | `breakthrough_v0.BreakthroughRules`: `rows` (3..9), `columns` (2..8), default 8 x 8; one board, "standard" |

Breakthrough (Dan Troyka, 2000), as in OpenSpiel's `breakthrough` and VS-Bench: Black (player 0)
starts on the two top rows and moves first, down the board; White (player 1) starts on the two
bottom rows and moves up. A piece steps one square straight or diagonally forward into an empty
square, or captures an opposing piece diagonally forward. Moving a piece onto the far row, or
capturing every opposing piece, wins. There is no chance and there are no draws.

`env.unwrapped.engine` is the `BreakthroughEngine`: `clone()`, `state_key()`, `returns()`,
`legal_actions(seat)`.

### Observation space

`observation` (`env.unwrapped.observation_layout` names its slices) is OpenSpiel's observation
tensor, three planes of one entry per square, row-major from Black's back row (a8, b8, ...): a
Black piece, a White piece, empty; then the seat one-hot (Black, White) and whether this seat is
to move. Both seats see the whole board (full information).
`env.unwrapped.observe_image(agent)` and `render()` with `render_mode="rgb_array"` draw the board
as an RGB image with the square labels, seen from White's side (row 1 at the bottom), the last
move's squares tinted; `"ansi"` gives OpenSpiel's text board and the latest moves.

### Action mask

`action_mask` marks the legal moves of the seat to move; all zeros for the waiting seat and after
the game.

### Actions

OpenSpiel's ids: `((row * columns + column) * 6 + direction) * 2 + capture`, where row 0 is Black's
back row (8), column 0 is a, directions 0-2 are Black's (down-left, down, down-right) and 3-5
White's (up-left, up, up-right), and `capture` is 1 when the move takes a piece. So id 98 is
`a7a6`. An id the rules forbid now raises `IllegalActionError`, or with `illegal_action="penalty"`
costs `illegal_reward` and plays the first legal move instead; an int outside the space raises
`ActionOutOfRangeError`, a non-int `ActionTypeError`.

### Rewards

+1 to the winner and -1 to the loser at the end of the game; 0 before. Nothing is truncated.

### Version history

* v0: first release.
"""

from __future__ import annotations

from .aec import OrderEnforcing
from .breakthrough.env import ObservationLayout, observation_layout, raw_env
from .breakthrough.rules import BOARDS, BreakthroughRules

__all__ = ["BOARDS", "BreakthroughRules", "ObservationLayout", "env", "observation_layout", "raw_env"]


def env(rules: BreakthroughRules | dict | str | None = None, **kwargs):
    """The AEC env wrapped in PettingZoo's order checks; kwargs go to ``raw_env``."""
    return OrderEnforcing(raw_env(rules, **kwargs))
