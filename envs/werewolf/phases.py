"""The kinds of decision a Werewolf game asks for, and the Decision the engine yields.

A :class:`Phase` names what a decision is for (the guard's protection, the day vote, ...); its
value is stable, since features one-hot it and records name it. A :class:`Decision` is one
``yield`` of the game script: which seats act now and what each may do.
"""

from __future__ import annotations

from enum import IntEnum
from typing import NamedTuple


class Phase(IntEnum):
    GUARD = 0
    DOCTOR = 1
    WOLF_CHAT = 2
    WOLF_KILL = 3
    WITCH_SAVE = 4
    WITCH_POISON = 5
    SEER = 6
    LAST_WORDS = 7
    SHOOT = 8
    BADGE = 9
    SHERIFF_RUN = 10
    CAMPAIGN = 11
    WITHDRAW = 12
    SHERIFF_VOTE = 13
    DIRECTION = 14
    BID = 15
    SPEECH = 16
    TAKE = 17
    VOTE = 18
    PK_SPEECH = 19
    PK_VOTE = 20
    GAME_OVER = 21
    # Decisions of the roles of the WereBench boards (only boards with the role ask them; the
    # observation's phase block spans the board's own phases, see features.py).
    STALK = 22
    SILENCE = 23
    CHARM = 24
    DEMON_CHECK = 25
    SWAP_FIRST = 26
    SWAP_SECOND = 27
    LINK_FIRST = 28
    LINK_SECOND = 29
    THIEF_PICK = 30
    GROOM = 31
    WITNESS = 32


NIGHT_PHASES = frozenset({Phase.GUARD, Phase.DOCTOR, Phase.WOLF_CHAT, Phase.WOLF_KILL,
                          Phase.WITCH_SAVE, Phase.WITCH_POISON, Phase.SEER, Phase.STALK, Phase.SILENCE,
                          Phase.CHARM, Phase.DEMON_CHECK, Phase.SWAP_FIRST, Phase.SWAP_SECOND,
                          Phase.LINK_FIRST, Phase.LINK_SECOND, Phase.THIEF_PICK,
                          Phase.GROOM, Phase.WITNESS})
# The phases every board may ask; the others belong to a role (RoleSpec.phases).
BASE_PHASES = tuple(p for p in Phase if p <= Phase.GAME_OVER)
SPEECH_PHASES = frozenset({Phase.WOLF_CHAT, Phase.LAST_WORDS, Phase.CAMPAIGN, Phase.SPEECH, Phase.PK_SPEECH})
NUM_PHASES = len(Phase)


class Decision(NamedTuple):
    phase: Phase
    actors: tuple[int, ...]
    legal: dict[int, list[int]]           # seat -> legal flat action indices
