"""# Hanabi

| Import | `from parlour.envs import hanabi_v0` |
|---|---|
| Actions | Discrete |
| Parallel API | No |
| Manual control | No |
| Agents | `agents = ['player_0', 'player_1']` (standard board) |
| Agents | 2 (rules: 2 to 5) |
| Action shape | Discrete(20) on the standard board |
| Action values | [0, 19] |
| Observation shape | dict: `observation` (398,) float32 in [0, 1], `action_mask` (20,) int8 |
| Rules | `hanabi_v0.HanabiRules`: `players`, `colors`, `ranks`, `hand_size`, `max_information_tokens`, `max_life_tokens` (OpenSpiel's names); one board, "standard" |

Hanabi (Antoine Bauza, 2010) as the Hanabi Learning Environment plays it (OpenSpiel's `hanabi`,
VS-Bench's game): 2 players, 5 colours x 5 ranks (three 1s, two 2s, 3s and 4s, one 5 per colour),
5 cards a hand, 8 information and 3 life tokens. Players see every hand but their own. On a turn
a player plays a card, discards one (regaining an information token; not while all are in), or
spends a token on a hint: one colour or one rank, and the other player learns which of its cards
have it. A wrong play costs a life token. The game ends at the last life token (score 0), with
every firework complete (25), or one turn each after the deck runs out.

The deck is shuffled by a numpy Generator seeded by `reset(seed=...)` (no global RNG), or given
with `reset(options={"deck": [...]})` (cards `colour * ranks + rank`, top first).
`env.unwrapped.engine` is the `HanabiEngine`: `clone()`, `state_key()`, typed events.

### Observation space

`observation` (`env.unwrapped.observation_layout` names the slices) is seat-relative: the other
hands' cards (one-hot per slot), every hand's hint knowledge (own first: a card in the slot, the
hinted colour and rank, the colours and ranks it may still be), the fireworks (thermometers),
information and life tokens (thermometers), the deck left (fraction), the discard pile (copies
per card), and whether this seat is to move. A seat's own cards are never in it.
`env.unwrapped.observe_image(agent)` is that seat's picture (its own cards face down, showing only
hints); `render()` with `render_mode="rgb_array"` or `"ansi"` is the moderator's view, every card
face up: never give it to a player.

### Action mask

`action_mask` marks the legal moves of the seat to move (no discard with every information token
in, no hint without one, a hint must touch a card); all zeros for the others and after the end.

### Actions

The Hanabi Learning Environment's move ids, as OpenSpiel numbers them; on the standard board:

| Id | Meaning |
|---|---|
| 0-4 | discard the card in slot 0-4 |
| 5-9 | play the card in slot 0-4 |
| 10-14 | tell the next player its Red, Yellow, Green, White or Blue cards |
| 15-19 | tell the next player its 1s, 2s, 3s, 4s or 5s |

With more players, colour hints come per other player (the next one first), then rank hints.
An id the rules forbid now raises `IllegalActionError` or, with `illegal_action="penalty"`, costs
`illegal_reward` and plays the fallback (a hint if a token allows, else discarding slot 0); an int
outside the space raises `ActionOutOfRangeError`, a non-int `ActionTypeError`.

### Rewards

Every seat gets the change of the shared score at each step (+1 for a card that fits; minus the
whole score when the last life token goes), so a game's rewards add up to its final score, as
OpenSpiel's returns do. Nothing is truncated.

### Version history

* v0: first release.
"""

from __future__ import annotations

from .aec import OrderEnforcing
from .hanabi.env import ObservationLayout, observation_layout, raw_env
from .hanabi.rules import BOARDS, HanabiRules

__all__ = ["BOARDS", "HanabiRules", "ObservationLayout", "env", "observation_layout", "raw_env"]


def env(rules: HanabiRules | dict | str | None = None, **kwargs):
    """The AEC env wrapped in PettingZoo's order checks; kwargs go to ``raw_env``."""
    return OrderEnforcing(raw_env(rules, **kwargs))
