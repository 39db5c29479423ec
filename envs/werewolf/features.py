"""Fixed-size numpy observations, kept up to date from the engine's events.

Each seat's observation is one float32 vector: a public part every seat shares and a private part
of its own, both made of named blocks (:class:`ObservationLayout`). The builder does not rebuild
them per step: it reads only the events appended since its last call and flips the few entries
they touch, so an observation costs one ``np.concatenate``. Private events reach only the seats
that may see them (the event's visibility), which is what keeps hidden information hidden.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .engine import NUM_PHASES, WerewolfEngine
from .events import PUBLIC, WOLVES, EventKind
from .roles import NUM_ROLES, Role

DEATH_CAUSES = ("night", "exile", "shot", "other")


def _public_blocks(n: int) -> list[tuple[str, tuple[int, ...]]]:
    R = NUM_ROLES
    return [
        ("alive", (n,)), ("sheriff", (n,)), ("candidates", (n,)), ("pk", (n,)), ("no_vote", (n,)),
        ("death_cause", (n, len(DEATH_CAUSES))), ("revealed_role", (n, R)), ("revealed_side", (n, 2)),
        ("claims", (n, R)), ("reports", (n, n, 2)), ("accused", (n, n)), ("defended", (n, n)),
        ("vote_intent", (n, n)), ("votes", (n, n)), ("day", (1,)), ("phase", (NUM_PHASES,)),
    ]


def _private_blocks(n: int) -> list[tuple[str, tuple[int, ...]]]:
    return [
        ("seat", (n,)), ("role", (NUM_ROLES,)), ("to_act", (1,)), ("teammates", (n,)),
        ("checks", (n, 2)), ("check_role", (n, NUM_ROLES)), ("potions", (2,)), ("night_victim", (n,)),
        ("protected_last", (n,)), ("wolf_votes", (n, n)),
    ]


@dataclass(frozen=True)
class ObservationLayout:
    """Where each named block sits in the observation vector; ``view`` decodes without copying."""

    n: int

    def __post_init__(self) -> None:
        slices, pos = {}, 0
        for name, shape in _public_blocks(self.n) + _private_blocks(self.n):
            size = int(np.prod(shape))
            slices[name] = (pos, pos + size, shape)
            pos += size
        object.__setattr__(self, "slices", slices)
        object.__setattr__(self, "public_size", sum(int(np.prod(s)) for _, s in _public_blocks(self.n)))
        object.__setattr__(self, "size", pos)

    def view(self, observation: np.ndarray, name: str) -> np.ndarray:
        start, stop, shape = self.slices[name]
        return observation[..., start:stop].reshape(observation.shape[:-1] + shape)


class FeatureBuilder:
    def __init__(self, engine: WerewolfEngine):
        self.engine = engine
        self.layout = ObservationLayout(engine.n)
        self.public = np.zeros(self.layout.public_size, np.float32)
        self.private = np.zeros((engine.n, self.layout.size - self.layout.public_size), np.float32)
        self.pub = {name: self._view(name, self.public) for name, _ in _public_blocks(engine.n)}
        self.own = {name: self._view(name, self.private) for name, _ in _private_blocks(engine.n)}
        self.reset()

    def _view(self, name: str, buffer: np.ndarray) -> np.ndarray:
        start, stop, shape = self.layout.slices[name]
        if buffer.ndim == 2:
            start -= self.layout.public_size
            stop -= self.layout.public_size
        view = buffer[..., start:stop].reshape(buffer.shape[:-1] + shape)
        assert np.shares_memory(view, buffer)  # a copy here would silently freeze the feature
        return view

    def reset(self) -> None:
        self.public[:] = 0
        self.private[:] = 0
        self.pub["alive"][:] = 1
        self._cursor = 0
        self._vote_round = None
        self._day_limit = self.engine.rules.day_limit

    def observe(self, seat: int) -> np.ndarray:
        engine = self.engine
        if self._cursor != len(engine.events):
            self._sync()
        phase = self.pub["phase"]
        phase[:] = 0
        phase[engine.decision.phase] = 1
        self.pub["day"][0] = engine.day / self._day_limit
        own = self.private[seat]
        self.own["to_act"][seat, 0] = 1.0 if (seat in engine.decision.legal and seat not in engine._submitted) else 0.0
        return np.concatenate((self.public, own))

    def _sync(self) -> None:
        events = self.engine.events
        wolves = [i for i in range(self.engine.n) if self.engine.is_wolf[i]]
        pub, own = self.pub, self.own
        for ev in events[self._cursor:]:
            kind, day, actor, target, value, visible = ev
            seats = wolves if visible == WOLVES else (visible,) if visible >= 0 else ()
            if kind == EventKind.DEAL:
                own["seat"][target, target] = 1
                own["role"][target, value] = 1
                if value == Role.WITCH:
                    own["potions"][target] = 1
            elif kind == EventKind.TEAMMATES:
                own["teammates"][target, list(value)] = 1
            elif kind == EventKind.NIGHT:
                own["night_victim"][:] = 0
                own["wolf_votes"][:] = 0
                pub["pk"][:] = 0
            elif kind == EventKind.DAY:
                pub["vote_intent"][:] = 0
                pub["pk"][:] = 0
            elif kind == EventKind.GUARD or kind == EventKind.DOCTOR:
                own["protected_last"][actor] = 0
                if target >= 0:
                    own["protected_last"][actor, target] = 1
            elif kind == EventKind.WOLF_CHAT:
                if value.vote_intent >= 0:
                    for w in seats:
                        own["wolf_votes"][w, actor, value.vote_intent] = 1
            elif kind == EventKind.WOLF_VOTE:
                if target >= 0:
                    for w in seats:
                        own["wolf_votes"][w, actor] = 0
                        own["wolf_votes"][w, actor, target] = 1
            elif kind == EventKind.WOLF_KILL or kind == EventKind.WITCH_SEES:
                if target >= 0:
                    for s in seats:
                        own["night_victim"][s, target] = 1
            elif kind == EventKind.WITCH_SAVE:
                own["potions"][actor, 0] = 0
            elif kind == EventKind.WITCH_POISON:
                own["potions"][actor, 1] = 0
            elif kind == EventKind.SEER_CHECK:
                role = value if isinstance(value, Role) else None
                side = value.side if role is not None else value
                own["checks"][actor, target, side] = 1
                if role is not None:
                    own["check_role"][actor, target, role] = 1
            elif kind == EventKind.DEATH:
                pub["alive"][target] = 0
                cause = value if value in DEATH_CAUSES else "other"
                pub["death_cause"][target, DEATH_CAUSES.index(cause)] = 1
            elif kind == EventKind.REVEAL:
                if isinstance(value, Role):
                    pub["revealed_role"][target, value] = 1
                    pub["revealed_side"][target, value.side] = 1
                else:
                    pub["revealed_side"][target, value] = 1
            elif kind == EventKind.SPEECH and visible == PUBLIC:
                self._speech(actor, value)
            elif kind == EventKind.SHERIFF_RUN:
                pub["candidates"][actor] = 1
            elif kind == EventKind.WITHDRAW:
                pub["candidates"][actor] = 0
            elif kind == EventKind.SHERIFF or kind == EventKind.BADGE:
                pub["sheriff"][:] = 0
                pub["candidates"][:] = 0
                if target >= 0:
                    pub["sheriff"][target] = 1
            elif kind == EventKind.VOTE or kind == EventKind.SHERIFF_VOTE:
                round_id = (day, kind, self._pk_seen)
                if round_id != self._vote_round:
                    self._vote_round = round_id
                    pub["votes"][:] = 0
                if target >= 0:
                    pub["votes"][actor, target] = 1
            elif kind == EventKind.PK:
                pub["pk"][list(value)] = 1
            elif kind == EventKind.IDIOT:
                pub["no_vote"][target] = 1
        self._cursor = len(events)

    @property
    def _pk_seen(self) -> bool:
        return bool(self.pub["pk"].any())

    def _speech(self, actor: int, speech) -> None:
        pub = self.pub
        if speech.claim >= 0:
            pub["claims"][actor] = 0
            pub["claims"][actor, speech.claim] = 1
        for seat, side in speech.reports:
            pub["reports"][actor, seat] = 0
            pub["reports"][actor, seat, int(side)] = 1
        for seat in speech.accuse:
            pub["accused"][actor, seat] = 1
        for seat in speech.defend:
            pub["defended"][actor, seat] = 1
        if speech.vote_intent >= 0:
            pub["vote_intent"][actor] = 0
            pub["vote_intent"][actor, speech.vote_intent] = 1

