"""Werewolf roles: their sides, whether they count as gods, and their names.

Roles are small ints (an IntEnum) so the engine can keep them in plain lists and numpy arrays
without string handling on the hot path.
"""

from __future__ import annotations

from enum import IntEnum


class Side(IntEnum):
    VILLAGE = 0
    WOLVES = 1


class Role(IntEnum):
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

    @property
    def side(self) -> Side:
        return Side.WOLVES if self in WOLF_ROLES else Side.VILLAGE

    @property
    def is_god(self) -> bool:
        """Gods are the good side's special roles; side-kill wins count them apart from villagers."""
        return self not in WOLF_ROLES and self is not Role.VILLAGER

    @property
    def label(self) -> str:
        return self.name.replace("_", " ").title()

    @classmethod
    def parse(cls, name: str) -> Role:
        """Accept 'seer', 'Seer', 'white-wolf-king', 'White Wolf King', 'WHITE_WOLF_KING'."""
        key = name.strip().upper().replace("-", "_").replace(" ", "_")
        try:
            return cls[key]
        except KeyError:
            known = ", ".join(r.name.lower().replace("_", "-") for r in cls)
            raise ValueError(f"unknown role {name!r} (known roles: {known})") from None


NUM_ROLES = len(Role)
WOLF_ROLES = frozenset({Role.WEREWOLF, Role.WHITE_WOLF_KING, Role.WOLF_KING})

ROLE_ABILITIES: dict[Role, str] = {
    Role.VILLAGER: "No night action. Find the wolves by talking and voting.",
    Role.WEREWOLF: "Each night the wolves choose one player to kill together. Wolves know each other.",
    Role.SEER: "Each night, check one player and learn what they are.",
    Role.WITCH: "One antidote (save the wolves' victim) and one poison (kill a player), each usable once per game.",
    Role.HUNTER: "When killed (but not when poisoned), shoot one player, who dies too.",
    Role.GUARD: "Each night, protect one player from the wolves; never the same player two nights running.",
    Role.IDIOT: "When exiled by vote, reveal yourself and survive once, but lose your vote.",
    Role.WHITE_WOLF_KING: "A wolf. By day, may reveal yourself (self-explode) and take one player with you.",
    Role.WOLF_KING: "A wolf. When killed (but not when poisoned), shoot one player, who dies too.",
    Role.KNIGHT: "Once per game, on your speaking turn, duel a player: a wolf dies; otherwise you die.",
    Role.DOCTOR: "Each night, protect one player from the wolves.",
}
