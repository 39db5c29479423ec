"""What every Werewolf role module fills in: the role's stable id, its side, its card text, its
night step and the abilities the day script asks about.

Roles are small ints (an IntEnum) so the engine can keep them in plain lists and numpy arrays
without string handling on the hot path. A role's value is its **stable id**: records, features
and action layouts name roles by it, so an id is never reused or renumbered, and a new role takes
the next free one. Everything else about a role lives in its own module (``roles/<role>.py``),
which registers a :class:`RoleSpec` under that id.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from ..events import EventKind

if TYPE_CHECKING:
    from ..engine import WerewolfEngine


class Side(IntEnum):
    VILLAGE = 0
    WOLVES = 1
    LOVERS = 2  # a third side: Cupid and lovers one of whom is a wolf, or the Ghost Bride's wedding party


class Role(IntEnum):
    """Every role's stable id (the one line a new role adds outside its own module)."""

    VILLAGER = 0
    WEREWOLF = 1
    SEER = 2
    WITCH = 3
    HUNTER = 4
    GUARD = 5
    IDIOT = 6
    WHITE_WOLF_KING = 7
    WOLF_KING = 8
    KNIGHT = 9
    DOCTOR = 10
    STALKER = 11
    SILENCE_ELDER = 12
    NINE_TAILED_FOX = 13
    DEMON = 14
    WOLF_BEAUTY = 15
    MAGICIAN = 16
    CUPID = 17
    THIEF = 18
    GHOST_BRIDE = 19

    @property
    def side(self) -> Side:
        return _SIDE[self]

    @property
    def is_god(self) -> bool:
        """Gods are the good side's special roles; side-kill wins count them apart from villagers."""
        return _SIDE[self] is Side.VILLAGE and self is not Role.VILLAGER

    @property
    def label(self) -> str:
        return self.name.replace("_", " ").title()

    @property
    def spec(self) -> RoleSpec:
        return ROLES[self]

    @classmethod
    def parse(cls, name: str) -> Role:
        """Accept 'seer', 'Seer', 'white-wolf-king', 'White Wolf King', 'WHITE_WOLF_KING'."""
        key = name.strip().upper().replace("-", "_").replace(" ", "_")
        try:
            return cls[key]
        except KeyError:
            known = ", ".join(r.name.lower().replace("_", "-") for r in cls)
            raise ValueError(f"unknown role {name!r} (known roles: {known})") from None


class Night:
    """What one night's steps decide, read at dawn to find who dies (-1: nobody)."""

    __slots__ = ("guarded", "poisoned", "protected", "saved", "silenced", "stalked", "swap", "victim")

    def __init__(self) -> None:
        self.guarded = self.protected = self.victim = self.poisoned = self.silenced = self.stalked = -1
        self.saved = False
        self.swap: tuple[int, int] | None = None  # the Magician's two seats tonight

    def seat(self, number: int) -> int:
        """The seat a night action aimed at ``number`` reaches (the Magician swaps two numbers)."""
        swap = self.swap
        if swap is None or number < 0:
            return number
        return swap[1] if number == swap[0] else swap[0] if number == swap[1] else number


# A night step is a piece of the engine's game script: a generator that asks the role's seats
# for their choice (``yield from engine.ask(...)``), emits its events and writes what it decided
# into the Night. It runs once a night when the board has the role, in the order of ``night_order``.
NightStep = Callable[["WerewolfEngine", Night], Generator[Any, Any, None]]


@dataclass(frozen=True)
class FeatureBlock:
    """An observation block a role brings to the boards that have it (so a role added to parlour
    never changes the observation of a board without it). ``shape(n)`` gives its shape on ``n``
    seats; ``public`` blocks are shared by every seat, private ones are per seat. ``on`` maps the
    event kinds that write the block to a writer ``(view, event, seats)``: ``view`` is the block
    (public) or the stack of every seat's block (private), ``seats`` the seats that see the event."""

    name: str
    shape: Callable[[int], tuple[int, ...]]
    public: bool
    on: dict[EventKind, Callable[[Any, Any, tuple[int, ...]], None]] = field(default_factory=dict)


@dataclass(frozen=True)
class RoleSpec:
    """One role as the engine, the features and the LLM prompt see it.

    ``night`` and ``night_order``: the role's night step and when it runs (roles sharing a step,
    as all wolves share the kill, name the same function; it runs once). The ability flags are the
    questions the day script asks about a seat's role; their rules live in the engine's day script,
    where they interleave with deaths, the badge and the vote.
    """

    role: Role
    side: Side
    ability: str  # the role card: one or two sentences for the LLM prompt and the rules text
    night: NightStep | None = None
    night_order: int = 0
    shoots_on_death: bool = False  # when killed (not poisoned, not self-exploded) it takes one player along
    survives_exile: bool = False  # the first exile reveals it instead, and it loses its vote
    duels: bool = False  # once a game, on its speaking turn, it may duel a player
    takes_on_explode: bool = False  # a self-exploding wolf that takes one player with it
    may_explode: bool = True  # on boards with self-explosion, may this wolf role explode?
    immune_at_night: bool = False  # the wolves' kill and the poison do not kill it
    more_nights: tuple[tuple[NightStep, int], ...] = ()  # further night steps (step, night order)
    phases: dict[Any, str] = field(default_factory=dict)  # the decisions it adds -> what each asks (LLM text)
    features: tuple[FeatureBlock, ...] = ()  # observation blocks of its own


ROLES: dict[Role, RoleSpec] = {}
_SIDE: dict[Role, Side] = {}


def register(spec: RoleSpec) -> RoleSpec:
    """Add a role module's spec under its stable id (once)."""
    if spec.role in ROLES:
        raise ValueError(f"role {spec.role.name} (id {int(spec.role)}) is registered twice")
    ROLES[spec.role] = spec
    _SIDE[spec.role] = spec.side
    return spec
