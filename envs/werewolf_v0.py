"""# Werewolf

| Import | `from parlour.envs import werewolf_v0` |
|---|---|
| Actions | Discrete (one flat space per board) |
| Parallel API | Yes |
| Manual control | No |
| Agents | `agents = ['player_0', ..., 'player_{N-1}']` |
| Agents | 7 to 12 on the shipped boards (4 to 20 allowed) |
| Action shape | (1,) |
| Action values | [0, ACTION_SIZE) |
| Observation shape | dict: `observation` (OBS_SIZE,) float32 in [0, 1], `action_mask` (ACTION_SIZE,) int8 |
| Variants | `werewolf_v0.VARIANTS` (`parlour variants` prints them) |

Werewolf (Mafia) in many rule variants. Each board is a data file holding a `RuleSet`: roles,
witch and guard rules, what the seer and deaths reveal, sheriff election and vote weight, last
words, speech order (rotation, sheriff's direction, bidding as in Werewolf Arena), simultaneous
or sequential votes, tie rule (PK speeches and revote), self-explosion, win rule (side-kill,
kill-all, parity) and a day limit. `env(variant=...)` takes a shipped name or a path to a TOML file.

### Observation space

`observation` is a fixed-size float32 vector of named blocks (`env.unwrapped.observation_layout`
decodes them without copying): `Box(0, 1, (OBS_SIZE,))` for N seats and R distinct roles on the
board. The role-sized blocks (own role, claims, revealed roles, the seer's role checks) span the
board's own roles in stable-id order (`observation_layout.roles`; `observation_layout.column(role)`),
so a role added to parlour changes no existing board's observation. The public part, the same for every seat: alive, sheriff,
election candidates, PK seats, seats without a vote, death causes, revealed roles and sides,
each seat's latest role claim, reported check results, accusations, defences, announced votes,
the latest vote round, the day (scaled by the day limit) and the current phase. The private part:
own seat and role, whether it is this seat's turn, wolf teammates, the seer's check results, the
witch's potions and the night's victim (witch and wolves), the guard's or doctor's last protection,
and the wolves' kill proposals. Nothing reaches a seat that the rules keep from it. A board with
roles that bring decisions or blocks of their own (the WereBench roles: Stalker, Silence Elder,
Nine-tailed Fox, Demon, Wolf Beauty, Magician) adds one phase column per such decision and those
blocks (`observation_layout.role_size` floats: the silenced seat, the Demon's god checks, the Fox's
tails, the Wolf Beauty's charm, whether the Stalker has struck, the Magician's picks), so boards without them keep
`OBS_SIZE`.

### Action mask

`action_mask` marks the legal actions of this seat now. A seat that is not to move has only the
no-op (PASS) legal; a finished game has none.

### Actions

One flat `Discrete(ACTION_SIZE)` space for N seats and R distinct roles on the board: TARGET i
(kill, check, protect, poison, vote, shoot, badge), PASS, YES, CLOCKWISE / ANTICLOCKWISE, BID 0..4,
and the speech acts CLAIM role (one of the board's roles), REPORT_WOLF i,
REPORT_GOOD i, ACCUSE i, DEFEND i, VOTE_INTENT i, EXPLODE, DUEL i (`parlour.envs.werewolf.actions`).
`step()` also takes an `Action`: a speech act with several stances and free text, or an index
with text attached; it is legal when every index it implies is in the mask.

Illegal actions raise `IllegalActionError` by default; `illegal_action="penalty"` turns them into
a reward of `illegal_reward` (default -1) and the decision's no-op, logged in `env.unwrapped.illegal_moves`.
A wrong agent, an index out of range and a non-integer action each raise their own error.

### Rewards

At the end of the game every seat gets +1 if its side won and -1 if it lost (dead seats stay in
`agents` until the end, so the team reward reaches them); 0 when the day limit truncates the game.

### Cycles

`max_cycles` truncates the game after that many decision rounds. In the AEC env only the seats
that owe a decision are selected; `env(turns="all")` selects every seat each round (waiting seats
pass), which is the parallel env's step seen through PettingZoo's `parallel_to_aec`.

### Version history

* v0: first release. Its action layout (the indices records store) has versions of its own:
  layout 2 claims only the board's roles; records of layout 1 (`7N + 21` actions) still replay.
  Its observation's role-sized blocks span the board's own roles (`OBS_SIZE` floats), so adding
  a role changes no board's observation; earlier v0 builds spanned all 11 registered roles
  (`7N^2 + 50N + 37` floats), and policies trained on those need retraining once.
"""

from __future__ import annotations

from pettingzoo.utils import parallel_to_aec

from .aec import OrderEnforcing
from .werewolf.actions import size_formula
from .werewolf.env import DEFAULT_VARIANT, parallel_env, raw_env
from .werewolf.features import size_formula as observation_size_formula
from .werewolf.rules import variant_names

VARIANTS: tuple[str, ...] = variant_names()
# The sizes in the docstring come from the action layout itself (tests check them on every board).
ACTION_SIZE = size_formula()
OBS_SIZE = observation_size_formula()
__doc__ = __doc__.replace("ACTION_SIZE", ACTION_SIZE).replace("OBS_SIZE", OBS_SIZE)

__all__ = ["env", "raw_env", "parallel_env", "VARIANTS"]


def env(variant=DEFAULT_VARIANT, turns: str = "active", **kwargs):
    """The wrapped AEC env. ``turns="active"`` selects only the seats that must decide;
    ``turns="all"`` gives every seat a turn each round (the parallel env as an AEC env)."""
    if turns == "active":
        return OrderEnforcing(raw_env(variant, **kwargs))
    if turns == "all":
        return OrderEnforcing(parallel_to_aec(parallel_env(variant, **kwargs)))
    raise ValueError(f"turns must be 'active' or 'all', not {turns!r}")
