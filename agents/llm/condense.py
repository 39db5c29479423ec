"""Condensed game history, so that a Werewolf prompt fits a model's context.

The history of a game is cut into rounds (night N and day N share round N; round 0 is the deal).
A round that has ended never changes, so its text at each :class:`Level` is built once and cached:
the public text once per game, a seat's private text once per seat. Condensing a prompt is then
picking a level per ended round and joining cached strings; only the current round's text is
built per decision, as it was before condensing existed.

Levels, from whole to shortest:

* ``FULL``: every event as :func:`~parlour.envs.werewolf.narrate.describe` says it;
* ``SHORT``: the same lines, speech texts cut to :data:`SHORT_SPEECH_CHARS`;
* ``SUMMARY``: compact lines: deaths, reveals, the sheriff election, one line per speaker with
  their claim, reported checks, accusations and announced vote (no speech text), the votes as
  ``seat <- voters``, the exile; wolf-channel talk as stances only;
* ``MINIMAL``: deaths, reveals, the sheriff, claims and reported checks, the exile; no votes,
  accusations or wolf-channel talk.

Only events a seat may see reach its text: the public block is made of ``PUBLIC`` events alone,
the private block of the events :func:`~parlour.envs.werewolf.events.visible_to` that seat.
"""

from __future__ import annotations

import weakref
from enum import IntEnum
from typing import Any, ClassVar

from parlour.envs.werewolf.events import PUBLIC, EventKind, Speech, visible_to
from parlour.envs.werewolf.narrate import describe, side_text
from parlour.envs.werewolf.roles import Role, Side

__all__ = ["SHORT_SPEECH_CHARS", "HistoryCondenser", "Level", "condense_steps"]

SHORT_SPEECH_CHARS = 80
# Speeches of the current round kept whole when even the current round has to be shortened.
KEEP_NEWEST_SPEECHES = 3


class Level(IntEnum):
    FULL = 0
    SHORT = 1
    SUMMARY = 2
    MINIMAL = 3


_SPEECHES = (EventKind.SPEECH, EventKind.WOLF_CHAT)
_SPEECH_LABEL: dict[int, str] = {}  # Phase value -> label, filled lazily (engine import kept out of module load)


def _speech_label(speech: Speech) -> str:
    if not _SPEECH_LABEL:
        from parlour.envs.werewolf.phases import Phase

        _SPEECH_LABEL.update({int(Phase.CAMPAIGN): " (campaign)", int(Phase.LAST_WORDS): " (last words)",
                              int(Phase.PK_SPEECH): " (run-off)"})
    return _SPEECH_LABEL.get(speech.phase, "")


def _short(speech: Speech) -> Speech:
    text = speech.text
    if len(text) <= SHORT_SPEECH_CHARS:
        return speech
    return speech._replace(text=text[: SHORT_SPEECH_CHARS - 1].rstrip() + "…")


def _line(ev, level: Level) -> str | None:
    """One event at FULL or SHORT level (speech texts cut at SHORT)."""
    if level >= Level.SHORT and ev.kind in _SPEECHES:
        ev = ev._replace(value=_short(ev.value))
    return describe(ev)


def _seats(seats) -> str:
    return ", ".join(map(str, seats))


def _stance(speech: Speech, level: Level) -> str | None:
    """A speech's stance in a few words (None when it says nothing the level keeps)."""
    parts = []
    if speech.claim >= 0:
        parts.append(f"claims the {Role(speech.claim).label}")
    if speech.reports:
        parts.append("reports " + ", ".join(f"seat {s} {side_text(Side(side))}" for s, side in speech.reports))
    if level < Level.MINIMAL:
        if speech.accuse:
            parts.append(f"accuses {_seats(speech.accuse)}")
        if speech.defend:
            parts.append(f"defends {_seats(speech.defend)}")
        if speech.vote_intent >= 0:
            parts.append(f"will vote {speech.vote_intent}")
    return "; ".join(parts) if parts else None


class _Votes:
    """Consecutive votes of one ballot, as ``seat <- voters`` groups."""

    def __init__(self, label: str):
        self.label = label
        self.by_target: dict[int, list[int]] = {}

    def add(self, actor: int, target: int) -> None:
        self.by_target.setdefault(target, []).append(actor)

    def line(self) -> str | None:
        if not self.by_target:
            return None
        groups = [f"seat {t} <- {_seats(v)}" for t, v in sorted(self.by_target.items()) if t >= 0]
        if -1 in self.by_target:
            groups.append(f"abstain: {_seats(self.by_target[-1])}")
        return f"{self.label}: " + "; ".join(groups) + "."


def summarize_public(events, level: Level) -> list[str]:
    """Compact lines for one round's public events (SUMMARY or MINIMAL)."""
    K = EventKind
    lines: list[str] = []
    speakers: list[str] = []
    passed: list[int] = []
    votes = _Votes("Exile vote")
    sheriff = _Votes("Sheriff vote")
    runners: list[int] = []
    withdrew: list[int] = []

    def flush() -> None:
        nonlocal votes, sheriff
        if runners:
            lines.append(f"Sheriff candidates: {_seats(runners)}"
                         + (f" (withdrew: {_seats(withdrew)})." if withdrew else "."))
            runners.clear()
            withdrew.clear()
        if speakers:
            lines.extend(speakers)
            speakers.clear()
        if passed and level < Level.MINIMAL:
            lines.append(f"No stance from seats {_seats(passed)}.")
        passed.clear()
        for ballot in (sheriff, votes):
            if level < Level.MINIMAL and (text := ballot.line()):
                lines.append(text)
        votes, sheriff = _Votes("Exile vote"), _Votes("Sheriff vote")

    for ev in events:
        kind = ev.kind
        if kind == K.SPEECH:
            stance = _stance(ev.value, level)
            if stance:
                speakers.append(f"Seat {ev.actor}{_speech_label(ev.value)} {stance}.")
            else:
                passed.append(ev.actor)
        elif kind == K.VOTE:
            votes.add(ev.actor, ev.target)
        elif kind == K.SHERIFF_VOTE:
            sheriff.add(ev.actor, ev.target)
        elif kind == K.SHERIFF_RUN:
            runners.append(ev.actor)
        elif kind == K.WITHDRAW:
            withdrew.append(ev.actor)
        elif kind in (K.NIGHT, K.DAY) or (kind == K.DIRECTION and level >= Level.SUMMARY):
            continue
        else:
            flush()
            if text := describe(ev):
                lines.append(text)
    flush()
    return lines


def summarize_private(events, level: Level) -> list[str]:
    """One ended round's private events at ``level`` (SHORT or below): wolf-channel talk shortened,
    then as stances, then left out; the wolves' kill votes grouped, then left out; bids left out."""
    K = EventKind
    lines: list[str] = []
    votes = _Votes("The wolves' kill votes")
    for ev in events:
        if ev.kind == K.WOLF_VOTE and level >= Level.SUMMARY:
            if level < Level.MINIMAL:
                votes.add(ev.actor, ev.target)
            continue
        if (text := votes.line()) is not None:
            lines.append(text)
            votes = _Votes("The wolves' kill votes")
        if ev.kind == K.BID and level >= Level.SUMMARY:
            continue
        if ev.kind == K.WOLF_CHAT and level >= Level.SUMMARY:
            if level < Level.MINIMAL:
                lines.append(f"Seat {ev.actor} (to the wolves) {_stance(ev.value, level) or 'passes'}.")
            continue
        if text := _line(ev, level):
            lines.append(text)
    if (text := votes.line()) is not None:
        lines.append(text)
    return lines


def condense_steps(rounds: list[int]) -> list[tuple[int, Level]]:
    """The order in which ended rounds are condensed: every round one level down, oldest first,
    before any round goes two levels down (the newest ended round stays longest whole)."""
    return [(r, level) for level in (Level.SHORT, Level.SUMMARY, Level.MINIMAL) for r in rounds]


class HistoryCondenser:
    """Per-game caches of round texts at each level, and each seat's current condensation plan.

    The caches follow one engine: a new engine (a new game) or a shorter event log (a reset)
    clears them. :meth:`of` gives the one condenser of an engine, so the public texts are built
    once per game however many LLM seats (each with its own interface) read them.
    """

    _by_engine: ClassVar[weakref.WeakKeyDictionary] = weakref.WeakKeyDictionary()

    @classmethod
    def of(cls, engine) -> HistoryCondenser:
        """The engine's condenser, synced to its events."""
        condenser = cls._by_engine.get(engine)
        if condenser is None:
            condenser = cls._by_engine[engine] = cls()
        condenser.sync(engine)
        return condenser

    def __init__(self) -> None:
        self._clear()

    def _clear(self) -> None:
        """Forget everything: the state of a new condenser."""
        # Weak: the condenser is the value of a weak-keyed map, and must not keep its key alive.
        self._engine: weakref.ref | None = None
        self._log: list = []
        self._seen = 0
        self._bounds: dict[int, list[int]] = {}      # round -> [first event index, end index)
        self._public: dict[tuple[int, Level], str] = {}
        self._private: dict[tuple[int, int, Level], tuple[str, ...]] = {}
        # The current round's texts at the current event count: every seat deciding at one point
        # of the game (a vote) shares them, and a fit tries several plans on them.
        self._current: dict[tuple, Any] = {}
        self.plans: dict[int, dict[int, Level]] = {}  # seat -> round -> level (only grows)

    def sync(self, engine) -> None:
        events = engine.events
        if self._engine is None or self._engine() is not engine or events is not self._log \
                or len(events) < self._seen:
            self._clear()
            self._engine = weakref.ref(engine)
            self._log = events
        if len(events) != self._seen:
            self._current.clear()
        for i in range(self._seen, len(events)):
            day = events[i].day
            span = self._bounds.get(day)
            if span is None:
                self._bounds[day] = [i, i + 1]
            else:
                span[1] = i + 1
        self._seen = len(events)

    def rounds(self) -> list[int]:
        return sorted(self._bounds)

    def _events(self, r: int):
        start, end = self._bounds[r]
        return self._log[start:end]

    # ------------------------------------------------------------------ public
    def public(self, r: int, level: Level, current: bool = False) -> str:
        """Round ``r``'s public text at ``level`` ('' when it has none). Cached unless current."""
        key = (r, level)
        cache = self._current if current else self._public
        if key in cache:
            return cache[key]
        events = [ev for ev in self._events(r) if ev.visible == PUBLIC]
        if current and level > Level.FULL:
            text = "\n".join(self._current_short(events))
        elif level <= Level.SHORT:
            text = "\n".join(t for ev in events if (t := _line(ev, level)))
        else:
            lines = summarize_public(events, level)
            text = (f"Night {r} and day {r}, in short:\n" + "\n".join(lines)) if lines else ""
        cache[key] = text
        return text

    @staticmethod
    def _current_short(events) -> list[str]:
        speeches = [i for i, ev in enumerate(events) if ev.kind in _SPEECHES]
        keep = set(speeches[-KEEP_NEWEST_SPEECHES:])
        return [t for i, ev in enumerate(events) if (t := _line(ev, Level.FULL if i in keep else Level.SHORT))]

    # ------------------------------------------------------------------ private
    def private(self, seat: int, is_wolf: bool, r: int, level: Level, current: bool = False) -> tuple[str, ...]:
        """Round ``r``'s events only ``seat`` (or its team) sees, as lines. Cached unless current."""
        key = (seat, r, level)
        cache = self._current if current else self._private
        if key in cache:
            return cache[key]
        events = [ev for ev in self._events(r)
                  if ev.visible != PUBLIC and ev.kind != EventKind.DEAL and visible_to(ev, seat, is_wolf)]
        if current and level > Level.FULL:
            lines = tuple(self._current_short(events))
        elif level == Level.FULL:
            lines = tuple(t for ev in events if (t := describe(ev)))
        else:
            lines = tuple(summarize_private(events, level))
        cache[key] = lines
        return lines
