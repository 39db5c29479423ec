"""The flat action space of a Werewolf board, and the structured Action that LLM agents send.

Every decision of the game (a night target, a vote, a speech act, a bid) is one index into one
``Discrete`` space per board. The layout is a handful of contiguous blocks:

======================  =======  ====================================================
block                   size     meaning
======================  =======  ====================================================
TARGET                  N        choose seat i (kill, check, protect, poison, vote, shoot, badge, ...)
PASS                    1        do nothing / abstain / keep quiet / tear the badge
YES                     1        run for sheriff, use the antidote, withdraw from the election
CLOCKWISE, ANTICLOCK    2        the sheriff's speaking direction
BID                     5        a bid of 0..4 for the next speech turn (bidding boards)
CLAIM                   R        speech: claim role r (R: the roles the layout lets a seat claim)
REPORT_WOLF             N        speech: "my check says seat i is a wolf"
REPORT_GOOD             N        speech: "my check says seat i is good"
ACCUSE                  N        speech: accuse seat i
DEFEND                  N        speech: defend seat i
VOTE_INTENT             N        speech: announce a vote for seat i (wolf channel: propose the kill)
EXPLODE                 1        speech: a wolf reveals itself and ends the day
DUEL                    N        speech: the knight duels seat i
======================  =======  ====================================================

**Layout versions.** A record's indices mean what its action layout says, so a layout never
changes once records use it; a record's header names its version (``action_layout``):

- version 1 (records written before it had a name): CLAIM over all 11 roles there were, in
  stable-id order, whatever the board; ``Discrete(7N + 21)``.
- version 2 (:data:`CURRENT_VERSION`): CLAIM over the board's own roles, in stable-id order, so a
  role added to the registry never moves an existing board's indices; ``Discrete(7N + 10 + R)``
  with R the number of distinct roles on the board.

:meth:`ActionLayout.for_board` builds either from a board's roles. A CLAIM's argument is always
the claimed role's stable id (``index(Kind.CLAIM, Role.SEER)``, ``decode(i) == (Kind.CLAIM, 2)``),
whatever its position in the block.

A speech turn is one index (one stance) for RL and scripted agents, or an :class:`Action` with
several stances and free text for language agents. Both go through the same legality check:
an :class:`Action` is legal when every index it implies is in the mask.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import IntEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .roles import Role, Side

MAX_BID = 4

CURRENT_VERSION = 2
# Version 1's CLAIM block: the roles that existed when records started, in stable-id order.
# Frozen here (never `tuple(Role)`): a role added later must not reach old records' layout.
V1_CLAIMS: tuple[Role, ...] = tuple(Role(i) for i in range(11))
LAYOUT_VERSIONS = (1, 2)


class Kind(IntEnum):
    TARGET = 0
    PASS = 1
    YES = 2
    CLOCKWISE = 3
    ANTICLOCKWISE = 4
    BID = 5
    CLAIM = 6
    REPORT_WOLF = 7
    REPORT_GOOD = 8
    ACCUSE = 9
    DEFEND = 10
    VOTE_INTENT = 11
    EXPLODE = 12
    DUEL = 13


SPEECH_KINDS = frozenset(
    {Kind.PASS, Kind.CLAIM, Kind.REPORT_WOLF, Kind.REPORT_GOOD, Kind.ACCUSE, Kind.DEFEND, Kind.VOTE_INTENT}
)


@dataclass(frozen=True)
class ActionLayout:
    """Index arithmetic for a board of ``n`` seats whose seats may claim ``claimable`` (in that
    order); every method is O(1). Build it with :meth:`for_board` from a board and a version."""

    n: int
    claimable: tuple[Role, ...] = V1_CLAIMS
    version: int = 1
    # Derived in __post_init__: not constructor arguments, and left out of repr, ==, and hash.
    offset: dict[Kind, int] = field(init=False, repr=False, compare=False)
    kind_of: tuple[Kind, ...] = field(init=False, repr=False, compare=False)
    arg_of: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _claim_index: dict[int, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        n = self.n
        sizes = [
            (Kind.TARGET, n), (Kind.PASS, 1), (Kind.YES, 1), (Kind.CLOCKWISE, 1), (Kind.ANTICLOCKWISE, 1),
            (Kind.BID, MAX_BID + 1), (Kind.CLAIM, len(self.claimable)), (Kind.REPORT_WOLF, n),
            (Kind.REPORT_GOOD, n), (Kind.ACCUSE, n), (Kind.DEFEND, n), (Kind.VOTE_INTENT, n), (Kind.EXPLODE, 1),
            (Kind.DUEL, n),
        ]
        offsets: dict[Kind, int] = {}
        kinds: list[Kind] = []
        args: list[int] = []
        for kind, size in sizes:
            offsets[kind] = len(kinds)
            kinds.extend([kind] * size)
            args.extend(map(int, self.claimable) if kind is Kind.CLAIM else range(size))
        claim = offsets[Kind.CLAIM]
        object.__setattr__(self, "offset", offsets)
        object.__setattr__(self, "kind_of", tuple(kinds))
        object.__setattr__(self, "arg_of", tuple(args))
        object.__setattr__(self, "_claim_index", {int(r): claim + k for k, r in enumerate(self.claimable)})

    @classmethod
    def for_board(cls, n: int, roles: Iterable[Role], version: int = CURRENT_VERSION) -> ActionLayout:
        """The layout ``version`` gives a board of ``n`` seats with these roles."""
        if version == 1:
            return cls(n, V1_CLAIMS, 1)
        if version == 2:
            return cls(n, tuple(sorted(set(roles))), 2)
        raise ValueError(f"unknown Werewolf action layout version {version!r} (known: "
                         f"{', '.join(map(str, LAYOUT_VERSIONS))}); a newer parlour wrote this record")

    @property
    def size(self) -> int:
        return len(self.kind_of)

    def index(self, kind: Kind, arg: int = 0) -> int:
        """The flat index of ``kind`` with ``arg`` (a seat, a bid, or for CLAIM a role); -1 for a
        role this layout cannot claim (no index, so never legal)."""
        if kind is Kind.CLAIM:
            return self._claim_index.get(int(arg), -1)
        return self.offset[kind] + arg

    def decode(self, index: int) -> tuple[Kind, int]:
        return self.kind_of[index], self.arg_of[index]

    def describe(self, index: int) -> str:
        """Readable text for an action index (for transcripts and the LLM interface, never the hot path)."""
        kind, arg = self.decode(index)
        seat = f"seat {arg}"
        return {
            Kind.TARGET: f"choose {seat}",
            Kind.PASS: "pass",
            Kind.YES: "yes",
            Kind.CLOCKWISE: "speak clockwise",
            Kind.ANTICLOCKWISE: "speak anticlockwise",
            Kind.BID: f"bid {arg}",
            Kind.CLAIM: f"claim to be the {Role(arg).label}" if kind is Kind.CLAIM else "",
            Kind.REPORT_WOLF: f"report {seat} checked as a wolf",
            Kind.REPORT_GOOD: f"report {seat} checked as good",
            Kind.ACCUSE: f"accuse {seat}",
            Kind.DEFEND: f"defend {seat}",
            Kind.VOTE_INTENT: f"announce a vote for {seat}",
            Kind.EXPLODE: "self-explode (reveal as a wolf and end the day)",
            Kind.DUEL: f"duel {seat}",
        }[kind]


def size_formula(version: int = CURRENT_VERSION) -> str:
    """A layout version's ``Discrete`` size as a formula in N (seats) and R (the board's distinct
    roles), worked out from :class:`ActionLayout` itself: "7N + 10 + R" for version 2."""
    def size(n: int, r: int) -> int:
        return ActionLayout.for_board(n, [Role(i) for i in range(r)], version).size

    per_seat, per_role = size(5, 3) - size(4, 3), size(4, 4) - size(4, 3)
    const = size(4, 3) - 4 * per_seat - 3 * per_role
    roles = {0: "", 1: " + R"}.get(per_role, f" + {per_role}R")
    return f"{per_seat}N + {const}{roles}"


class CheckReport(BaseModel):
    model_config = ConfigDict(frozen=True)
    seat: int
    side: Side

    @field_validator("side", mode="before")
    @classmethod
    def _side_by_name(cls, value):
        """Accept 'wolves' / 'village' (and 'wolf' / 'good') as well as Side values."""
        if isinstance(value, str):
            key = value.strip().lower()
            names = {"wolves": Side.WOLVES, "wolf": Side.WOLVES, "werewolf": Side.WOLVES,
                     "village": Side.VILLAGE, "good": Side.VILLAGE, "villager": Side.VILLAGE}
            if key not in names:
                raise ValueError(f"unknown side {value!r} (use 'wolves' or 'village')")
            return names[key]
        return value


class Action(BaseModel):
    """A structured action: an index with text attached, or a speech act of several stances.

    With ``index`` set, the action is that flat index (``text`` and ``reasoning`` ride along).
    Without it, the stance fields make a speech act; an empty one is a pass with its text.
    ``reasoning`` is private: it goes to the record, never to other seats.
    """

    model_config = ConfigDict(frozen=True)

    index: int | None = None
    claim: Role | None = None
    reports: tuple[CheckReport, ...] = ()
    accuse: tuple[int, ...] = ()
    defend: tuple[int, ...] = ()
    vote_intent: int | None = None
    text: str = ""
    reasoning: str | None = Field(default=None, description="Private reasoning, kept out of other seats' views.")

    @model_validator(mode="after")
    def _index_or_stances(self) -> Action:
        if self.index is not None and (self.claim is not None or self.reports or self.accuse or self.defend
                                       or self.vote_intent is not None):
            raise ValueError("an Action takes either an index or speech stances (claim, reports, accuse, "
                             "defend, vote_intent), not both")
        return self

    @field_validator("claim", mode="before")
    @classmethod
    def _role_by_name(cls, value):
        return Role.parse(value) if isinstance(value, str) else value

    def indices(self, layout: ActionLayout) -> list[int]:
        """Every flat index this action implies; each must be legal for the action to be legal."""
        if self.index is not None:
            return [self.index]
        out = []
        if self.claim is not None:
            out.append(layout.index(Kind.CLAIM, int(self.claim)))
        for r in self.reports:
            out.append(layout.index(Kind.REPORT_WOLF if r.side is Side.WOLVES else Kind.REPORT_GOOD, r.seat))
        out.extend(layout.index(Kind.ACCUSE, s) for s in self.accuse)
        out.extend(layout.index(Kind.DEFEND, s) for s in self.defend)
        if self.vote_intent is not None:
            out.append(layout.index(Kind.VOTE_INTENT, self.vote_intent))
        return out or [layout.index(Kind.PASS)]

    def seats(self) -> list[int]:
        """Seat numbers the action names, for range checks before index arithmetic."""
        seats = [r.seat for r in self.reports] + list(self.accuse) + list(self.defend)
        if self.vote_intent is not None:
            seats.append(self.vote_intent)
        return seats
