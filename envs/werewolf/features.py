"""Fixed-size numpy observations, kept up to date from the engine's events.

Each seat's observation is one float32 vector: a public part every seat shares and a private part
of its own, both made of named blocks (:class:`ObservationLayout`). The builder does not rebuild
them per step: it reads only the events appended since its last call and flips the few entries
they touch, so an observation costs one concatenation of two byte buffers.

**Why bytearrays and memoryviews.** Both parts live in ``bytearray`` buffers, seen by numpy
through views (``public``, ``private``, the named blocks) and by the hot handlers (speech, votes,
the wolves' proposals, the phase, day and to-act entries) through flat ``memoryview`` casts with
precomputed offsets. A memoryview item store is one small C call where numpy's indexing runs its
whole dispatch, and ``bytearray + memoryview`` then ``np.frombuffer`` makes the fresh observation
in about half of ``np.concatenate``'s time; inside the game loop these were most of env()'s cost
beyond the engine (benchmarks/README.md). The observation handed out is still a new array that
owns its bytes: nothing the builder does later changes it. Private events reach only the seats
that may see them (the event's visibility), which is what keeps hidden information hidden.

**Role-sized blocks** (``role``, ``claims``, ``revealed_role``, ``check_role``) span the board's own
roles in stable-id order (:attr:`ObservationLayout.roles`, the order of the action layout's CLAIM
block), so a role added to parlour never changes an existing board's observation. Column ``k`` of
such a block is role ``layout.roles[k]``; ``layout.column(role)`` is the inverse.

The role-specific blocks (potions, night_victim, checks, protected_last) stay here rather than in
the role modules: each is written by a two-line handler keyed by event kind, two of them are
shared by several roles (night_victim: witch and wolves; protected_last: guard and doctor), and
every board has them, so a per-role hook would add indirection without removing a line here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from .engine import WerewolfEngine
from .events import PUBLIC, WOLVES, EventKind
from .phases import BASE_PHASES, Decision, Phase
from .roles import ROLES, FeatureBlock, Role

DEATH_CAUSES = ("night", "exile", "shot", "other")


def _public_blocks(n: int, R: int, P: int = len(BASE_PHASES)) -> list[tuple[str, tuple[int, ...]]]:
    return [
        ("alive", (n,)), ("sheriff", (n,)), ("candidates", (n,)), ("pk", (n,)), ("no_vote", (n,)),
        ("death_cause", (n, len(DEATH_CAUSES))), ("revealed_role", (n, R)), ("revealed_side", (n, 2)),
        ("claims", (n, R)), ("reports", (n, n, 2)), ("accused", (n, n)), ("defended", (n, n)),
        ("vote_intent", (n, n)), ("votes", (n, n)), ("day", (1,)), ("phase", (P,)),
    ]


def _private_blocks(n: int, R: int) -> list[tuple[str, tuple[int, ...]]]:
    return [
        ("seat", (n,)), ("role", (R,)), ("to_act", (1,)), ("teammates", (n,)),
        ("checks", (n, 2)), ("check_role", (n, R)), ("potions", (2,)), ("night_victim", (n,)),
        ("protected_last", (n,)), ("wolf_votes", (n, n)),
    ]


@dataclass(frozen=True)
class ObservationLayout:
    """Where each named block sits in the observation vector; ``view`` decodes without copying.

    ``roles``: the board's distinct roles in stable-id order, the columns of the role-sized blocks.
    ``phases``: the columns of the phase block, every board's phases then its roles' own ones
    (``RoleSpec.phases``); ``role_blocks``: the blocks its roles bring (``RoleSpec.features``),
    public ones after the public part, private ones at the end. A board without such roles keeps
    the layout it had before they existed. Build it with :meth:`for_board`."""

    n: int
    roles: tuple[Role, ...]
    phases: tuple[Phase, ...] = BASE_PHASES
    role_blocks: tuple[FeatureBlock, ...] = ()
    # Derived in __post_init__: not constructor arguments, and left out of repr, ==, and hash.
    slices: dict[str, tuple[int, int, tuple[int, ...]]] = field(init=False, repr=False, compare=False)
    public_size: int = field(init=False, repr=False, compare=False)
    size: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        slices: dict[str, tuple[int, int, tuple[int, ...]]] = {}
        pos = 0
        public, private = self._blocks()
        for name, shape in public + private:
            size = int(np.prod(shape))
            slices[name] = (pos, pos + size, shape)
            pos += size
        object.__setattr__(self, "slices", slices)
        object.__setattr__(self, "public_size", sum(int(np.prod(s)) for _, s in public))
        object.__setattr__(self, "size", pos)

    def _blocks(self) -> tuple[list[tuple[str, tuple[int, ...]]], list[tuple[str, tuple[int, ...]]]]:
        R, n = len(self.roles), self.n
        public = _public_blocks(n, R, len(self.phases)) + [(b.name, b.shape(n)) for b in self.role_blocks if b.public]
        private = _private_blocks(n, R) + [(b.name, b.shape(n)) for b in self.role_blocks if not b.public]
        return public, private

    @classmethod
    def for_board(cls, n: int, roles: Iterable[Role]) -> ObservationLayout:
        """The layout of a board of ``n`` seats with these roles (the same role order as
        :meth:`ActionLayout.for_board <parlour.envs.werewolf.actions.ActionLayout.for_board>`)."""
        board = tuple(sorted(set(roles)))
        own_phases = sorted({p for r in board for p in ROLES[r].phases})
        blocks = tuple(b for r in board for b in ROLES[r].features)
        return cls(n, board, BASE_PHASES + tuple(own_phases), blocks)

    def column(self, role: Role | int) -> int:
        """Role ``role``'s column in the role-sized blocks; -1 for a role not on the board."""
        try:
            return self.roles.index(role)  # type: ignore[arg-type]
        except ValueError:
            return -1

    @property
    def public_names(self) -> list[str]:
        return [name for name, _ in self._blocks()[0]]

    @property
    def private_names(self) -> list[str]:
        return [name for name, _ in self._blocks()[1]]

    @property
    def role_size(self) -> int:
        """Floats the board's roles add beyond :func:`size_formula` (their phases and blocks)."""
        return (len(self.phases) - len(BASE_PHASES)) + sum(int(np.prod(b.shape(self.n))) for b in self.role_blocks)

    def phase_of(self, column: int) -> Phase:
        """The phase a column of the phase block stands for."""
        return self.phases[column]

    def view(self, observation: np.ndarray, name: str) -> np.ndarray:
        start, stop, shape = self.slices[name]
        return observation[..., start:stop].reshape(observation.shape[:-1] + shape)


def size_formula() -> str:
    """The observation's size as a formula in N (seats) and R (the board's distinct roles), worked
    out from :class:`ObservationLayout` itself (the werewolf_v0 docstring prints it)."""
    def size(n: int, r: int) -> int:
        return ObservationLayout(n, tuple(Role(i) for i in range(r))).size

    # size = a N^2 + b NR + c N + d R + e, read off by finite differences
    e = size(0, 0)
    d = size(0, 1) - e
    a2c = size(1, 0) - e  # a + c
    a = (size(2, 0) - 2 * size(1, 0) + e) // 2
    c = a2c - a
    b = size(1, 1) - size(1, 0) - size(0, 1) + e
    terms = [(a, "N^2"), (b, "NR"), (c, "N"), (d, "R"), (e, "")]
    return " + ".join(f"{k}{t}" if k != 1 or not t else t for k, t in terms if k)


class FeatureBuilder:
    def __init__(self, engine: WerewolfEngine):
        self.engine = engine
        self.layout = ObservationLayout.for_board(engine.n, engine.board_roles)
        # _col[role id]: the role's column in the role-sized blocks. A dict of the board's roles
        # only, so a role off the board fails loudly (KeyError) instead of writing a wrong column.
        self._col = {int(r): c for c, r in enumerate(self.layout.roles)}
        n, P = engine.n, self.layout.public_size
        Q = self.layout.size - P  # floats in a seat's private part
        self._public_bytes = bytearray(4 * P)
        self._private_bytes = bytearray(4 * Q * n)
        self.public = np.frombuffer(self._public_bytes, np.float32)
        self.private = np.frombuffer(self._private_bytes, np.float32).reshape(n, Q)
        self.pub = {name: self._view(name, self.public) for name in self.layout.public_names}
        self.own = {name: self._view(name, self.private) for name in self.layout.private_names}
        # Flat float views of the same bytes for the hot handlers, and each seat's private bytes.
        self._pubf = memoryview(self._public_bytes).cast("f")
        self._privf = memoryview(self._private_bytes).cast("f")
        self._row_bytes = [memoryview(self._private_bytes)[4 * Q * s:4 * Q * (s + 1)] for s in range(n)]
        self._Q, self._R = Q, len(self.layout.roles)
        at = {name: start for name, (start, _, _) in self.layout.slices.items()}
        self._at_claims, self._at_reports, self._at_accused = at["claims"], at["reports"], at["accused"]
        self._at_defended, self._at_intent, self._at_votes = at["defended"], at["vote_intent"], at["votes"]
        self._at_phase, self._at_day = at["phase"], at["day"]
        self._at_to_act, self._at_wolf_votes = at["to_act"] - P, at["wolf_votes"] - P  # within a private row
        K = EventKind
        self._handlers = {
            K.DEAL: self._on_deal, K.TEAMMATES: self._on_teammates, K.NIGHT: self._on_night, K.DAY: self._on_day,
            K.GUARD: self._on_protect, K.DOCTOR: self._on_protect, K.WOLF_CHAT: self._on_wolf_chat,
            K.WOLF_VOTE: self._on_wolf_vote, K.WOLF_KILL: self._on_victim, K.WITCH_SEES: self._on_victim,
            K.WITCH_SAVE: self._on_save, K.WITCH_POISON: self._on_poison, K.SEER_CHECK: self._on_check,
            K.DEATH: self._on_death, K.REVEAL: self._on_reveal, K.SPEECH: self._on_speech,
            K.SHERIFF_RUN: self._on_run, K.WITHDRAW: self._on_withdraw, K.SHERIFF: self._on_elected,
            K.BADGE: self._on_sheriff, K.VOTE: self._on_vote, K.SHERIFF_VOTE: self._on_vote, K.PK: self._on_pk,
            K.IDIOT: self._on_idiot,
        }
        self._phase_col = {p: c for c, p in enumerate(self.layout.phases)}
        for block in self.layout.role_blocks:  # the board's roles' own blocks
            view = self.pub[block.name] if block.public else self.own[block.name]
            for kind, write in block.on.items():
                self._handlers[kind] = self._chain(self._handlers.get(kind), write, view)
        self.reset()

    def _chain(self, before, write, view):
        def handler(ev) -> None:
            if before is not None:
                before(ev)
            write(view, ev, self._audience(ev.visible))
        return handler

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
        self._vote_round: tuple[int, EventKind, bool] | None = None  # (day, kind, after a PK?)
        self._day_limit = self.engine.rules.day_limit
        self._shown_decision: Decision | None = None
        # What the phase, day and to_act entries hold now: most decision rounds (a speech after a
        # speech) change none of them, and each numpy write costs as much as the step's own work.
        self._shown_phase = self._shown_day = -1
        self._shown_to_act = [0.0] * self.engine.n
        # The one entry set in each one-hot row the hot handlers keep (-1: none), so a new value
        # clears one entry instead of the row: a seat's claim and vote intent, and the target of
        # each seat's latest proposal in the wolves' kill vote.
        self._claim_col = [-1] * self.engine.n
        self._intent_of = [-1] * self.engine.n
        self._wolf_target = [-1] * self.engine.n
        self._pk_on = False  # whether the pk block marks any seat (read on every vote event)
        self._wolves = [i for i in range(self.engine.n) if self.engine.is_wolf[i]]

    # The buffers' named views and the handlers are tied to this object, and every feature
    # follows from the engine's events (plus the decision, read on each observe), so a copy or a
    # pickle keeps only the engine and reads the events again.
    def __getstate__(self) -> dict:
        return {"engine": self.engine}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["engine"])  # type: ignore[misc]

    def observe(self, seat: int, to_act: bool | None = None) -> np.ndarray:
        """Seat ``seat``'s observation, a new array. ``to_act``: whether the seat owes a decision,
        when the caller already knows (the env has its legal list); read from the engine if not."""
        engine = self.engine
        if self._cursor != len(engine.events):
            self._sync()
        decision = engine.decision
        if decision is not self._shown_decision:  # phase and day change once per decision round
            self._shown_decision = decision
            column = self._phase_col[decision.phase]
            if column != self._shown_phase:
                if self._shown_phase >= 0:
                    self._pubf[self._at_phase + self._shown_phase] = 0.0
                self._pubf[self._at_phase + column] = 1.0
                self._shown_phase = column
            if engine.day != self._shown_day:
                self._pubf[self._at_day] = engine.day / self._day_limit
                self._shown_day = engine.day
        if to_act is None:
            to_act = bool(engine.legal_actions(seat))
        value = 1.0 if to_act else 0.0
        if value != self._shown_to_act[seat]:
            self._privf[seat * self._Q + self._at_to_act] = self._shown_to_act[seat] = value
        return np.frombuffer(self._public_bytes + self._row_bytes[seat], np.float32)

    def _sync(self) -> None:
        events = self.engine.events
        handlers = self._handlers
        for ev in events[self._cursor:]:
            handler = handlers.get(ev[0])
            if handler is not None:
                handler(ev)
        self._cursor = len(events)

    def _audience(self, visible: int):
        return self._wolves if visible == WOLVES else (visible,) if visible >= 0 else ()

    # One handler per event kind that changes a feature; the rest are skipped.
    def _on_deal(self, ev) -> None:
        own, target, role = self.own, ev.target, ev.value
        own["role"][target] = 0  # a Thief's second card replaces its first
        own["seat"][target, target] = 1
        own["role"][target, self._col[role]] = 1
        if role == Role.WITCH:
            own["potions"][target] = 1

    def _on_teammates(self, ev) -> None:
        self.own["teammates"][ev.target, list(ev.value)] = 1
        if ev.target not in self._wolves:  # a Thief who took a wolf card joins the wolves' channel
            self._wolves.append(ev.target)

    def _on_night(self, ev) -> None:
        self.own["night_victim"][:] = 0
        self.own["wolf_votes"][:] = 0
        self._wolf_target = [-1] * self.engine.n
        self.pub["pk"][:] = 0
        self._pk_on = False

    def _on_day(self, ev) -> None:
        self.pub["vote_intent"][:] = 0
        self._intent_of = [-1] * self.engine.n
        self.pub["pk"][:] = 0
        self._pk_on = False

    def _on_protect(self, ev) -> None:
        last = self.own["protected_last"]
        last[ev.actor] = 0
        if ev.target >= 0:
            last[ev.actor, ev.target] = 1

    def _on_wolf_chat(self, ev) -> None:
        if ev.value.vote_intent >= 0:
            self._wolf_proposal(ev.actor, ev.value.vote_intent)

    def _on_wolf_vote(self, ev) -> None:
        if ev.target >= 0:
            self._wolf_proposal(ev.actor, ev.target)

    def _wolf_proposal(self, actor: int, target: int) -> None:
        """Every wolf's wolf_votes[actor] row: one-hot on ``target``, replacing the actor's earlier
        proposal (a wolf who joined later, a Thief, has zeros there, so clearing it is harmless)."""
        f, n, Q = self._privf, self.engine.n, self._Q
        row = self._at_wolf_votes + actor * n
        before = self._wolf_target[actor]
        for w in self._wolves:
            if before >= 0:
                f[w * Q + row + before] = 0.0
            f[w * Q + row + target] = 1.0
        self._wolf_target[actor] = target

    def _on_victim(self, ev) -> None:
        if ev.target >= 0:
            for s in self._audience(ev.visible):
                self.own["night_victim"][s, ev.target] = 1

    def _on_save(self, ev) -> None:
        self.own["potions"][ev.actor, 0] = 0

    def _on_poison(self, ev) -> None:
        self.own["potions"][ev.actor, 1] = 0

    def _on_check(self, ev) -> None:
        value = ev.value
        if isinstance(value, Role):
            self.own["check_role"][ev.actor, ev.target, self._col[value]] = 1
            value = value.side
        self.own["checks"][ev.actor, ev.target, value] = 1

    def _on_death(self, ev) -> None:
        self.pub["alive"][ev.target] = 0
        cause = ev.value if ev.value in DEATH_CAUSES else "other"
        self.pub["death_cause"][ev.target, DEATH_CAUSES.index(cause)] = 1

    def _on_reveal(self, ev) -> None:
        value = ev.value
        if isinstance(value, Role):
            self.pub["revealed_role"][ev.target, self._col[value]] = 1
            value = value.side
        self.pub["revealed_side"][ev.target, value] = 1

    def _on_speech(self, ev) -> None:
        if ev.visible == PUBLIC:
            self._speech(ev.actor, ev.value)

    def _on_run(self, ev) -> None:
        self.pub["candidates"][ev.actor] = 1

    def _on_withdraw(self, ev) -> None:
        self.pub["candidates"][ev.actor] = 0

    def _on_elected(self, ev) -> None:
        # The election is over: a tie in it is no PK of the day's vote (see _on_vote's round id).
        self.pub["pk"][:] = 0
        self._pk_on = False
        self._on_sheriff(ev)

    def _on_sheriff(self, ev) -> None:
        self.pub["sheriff"][:] = 0
        self.pub["candidates"][:] = 0
        if ev.target >= 0:
            self.pub["sheriff"][ev.target] = 1

    def _on_vote(self, ev) -> None:
        # A new vote round (another day, kind, or the PK revote) starts from a clean slate.
        round_id = (ev.day, ev.kind, self._pk_on)
        if round_id != self._vote_round:
            self._vote_round = round_id
            self.pub["votes"][:] = 0
        if ev.target >= 0:
            self._pubf[self._at_votes + ev.actor * self.engine.n + ev.target] = 1.0

    def _on_pk(self, ev) -> None:
        self.pub["pk"][list(ev.value)] = 1
        self._pk_on = self._pk_on or bool(ev.value)

    def _on_idiot(self, ev) -> None:
        self.pub["no_vote"][ev.target] = 1

    def _speech(self, actor: int, speech) -> None:
        f, n = self._pubf, self.engine.n
        if speech.claim >= 0:
            row = self._at_claims + actor * self._R
            if self._claim_col[actor] >= 0:
                f[row + self._claim_col[actor]] = 0.0
            self._claim_col[actor] = column = self._col[speech.claim]
            f[row + column] = 1.0
        for seat, side in speech.reports:  # reports[actor, seat]: one-hot over the two sides
            at = self._at_reports + (actor * n + seat) * 2
            f[at + int(side)] = 1.0
            f[at + 1 - int(side)] = 0.0
        for seat in speech.accuse:
            f[self._at_accused + actor * n + seat] = 1.0
        for seat in speech.defend:
            f[self._at_defended + actor * n + seat] = 1.0
        if speech.vote_intent >= 0:
            row = self._at_intent + actor * n
            if self._intent_of[actor] >= 0:
                f[row + self._intent_of[actor]] = 0.0
            self._intent_of[actor] = speech.vote_intent
            f[row + speech.vote_intent] = 1.0

