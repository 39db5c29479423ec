"""# Kuhn Poker

| Import | `from parlour.envs import kuhn_poker_v0` |
|---|---|
| Actions | Discrete |
| Parallel API | No |
| Manual control | No |
| Agents | `agents = ['player_0', 'player_1']` |
| Agents | 2 |
| Action shape | Discrete(2) |
| Action values | [0, 1] |
| Observation shape | dict: `observation` (14,) float32 in [0, 1], `action_mask` (2,) int8 |
| Rules | `kuhn_poker_v0.KuhnRules`: `ante`, `bet` (ints >= 1, default 1); one board, "standard" |

Kuhn Poker (H. W. Kuhn, 1950), as in OpenSpiel's `kuhn_poker` and VS-Bench: a deck of three cards,
Jack < Queen < King. Both players ante, each is dealt one private card and the third is set aside
unseen. Player 0 acts first. With no bet outstanding a player passes (checks) or bets; facing a
bet, a pass folds and a bet calls. Pass-pass and bet-call end in a showdown where the higher card
takes the pot; after a fold the bettor takes it. A hand is two or three actions.

The deal is drawn from a numpy Generator seeded by `reset(seed=...)` (no global RNG), or given
with `reset(options={"cards": (c0, c1)})`, cards 0 = J, 1 = Q, 2 = K.
`env.unwrapped.engine` is the `KuhnEngine`: `clone()`, `state_key()`, `returns()`, typed events.

### Observation space

`observation` is a float32 vector (`env.unwrapped.observation_layout` names its slices): own
seat one-hot (2), own card one-hot J/Q/K (3), the betting so far as pass/bet one-hot per action
(3 x 2), own and opponent's chips in the pot divided by ante + bet (2), and whether this seat is
to act (1). It never holds the opponent's card, not even after a showdown.
`env.unwrapped.observe_image(agent)` is the same seat's view as an RGB image (its own card face
up, the other face down); `render()` with `render_mode="rgb_array"` is a spectator's view (cards
face down until a showdown), and `"ansi"` the spectator's narration.

### Action mask

`action_mask` is `[1, 1]` for the seat to act (both actions are always legal) and `[0, 0]` for
the waiting seat and after the hand.

### Actions

| Id | Meaning |
|---|---|
| 0 | PASS: check, or fold when facing a bet |
| 1 | BET: bet `bet` chips, or call when facing a bet |

An int outside 0..1 raises `ActionOutOfRangeError`, a non-int `ActionTypeError`. No action id is
illegal for the seat to act, so `illegal_action="penalty"` is accepted but never fires.

### Rewards

At the end of the hand each player gets the chips it won or lost: the winner gets the loser's
contribution (ante, plus the bet if the loser bet or called), the loser minus it. The game is
zero-sum; with the default rules rewards are +-1 or +-2. Nothing is truncated.

### Version history

* v0: first release.
"""

from __future__ import annotations

from .aec import OrderEnforcing
from .kuhn_poker.env import OBS, raw_env
from .kuhn_poker.rules import BOARDS, KuhnRules

__all__ = ["BOARDS", "OBS", "KuhnRules", "env", "raw_env"]


def env(rules: KuhnRules | dict | str | None = None, **kwargs):
    """The AEC env wrapped in PettingZoo's order checks; kwargs go to ``raw_env``."""
    return OrderEnforcing(raw_env(rules, **kwargs))
