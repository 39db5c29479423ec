"""The errors a caller can cause by stepping a Werewolf engine wrongly."""

from __future__ import annotations


class WerewolfError(Exception):
    """Base class of the errors a caller can cause by stepping the engine wrongly."""


class GameOverError(WerewolfError):
    pass


class WrongTurnError(WerewolfError):
    pass


class IllegalActionError(WerewolfError):
    """A well-formed action that the rules forbid now (penalised instead when the env says so)."""


class ActionOutOfRangeError(WerewolfError, IndexError):
    """An index outside the Discrete space: a bug in the caller, never penalised."""
