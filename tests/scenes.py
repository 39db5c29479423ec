"""Scripted Werewolf scenes: drive the engine with chosen actions and read what happened.

A scene is a :class:`WerewolfEngine` plus a few verbs. Seats are found by role after the seeded
deal (``scene.seat(Role.WITCH)``), so most scenes work with any seed; when a test needs roles in
particular seats, :func:`find_seed` searches deals. Every seat that a scene does not script takes
the decision's no-op (pass / abstain / don't run / bid 0 / clockwise), so a test spells out only
the choices that matter to it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from parlour.envs.werewolf import Action, Decision, Kind, Phase, Role, RuleSet, WerewolfEngine, get_variant
from parlour.envs.werewolf.engine import NIGHT_PHASES
from parlour.envs.werewolf.events import Event, EventKind
from parlour.envs.werewolf.rules import ruleset_from_dict

# A chooser gets (scene, phase, seat) and returns an action (int index or Action), or None for the no-op.
Chooser = Callable[["Scene", Phase, int], "int | Action | None"]


def board(base: str | RuleSet = "classic-9", **options) -> RuleSet:
    """A variant with some options changed, validated again (so a contradiction fails here)."""
    rules = get_variant(base) if isinstance(base, str) else base
    data = rules.model_dump()
    data.update(options)
    return ruleset_from_dict(data, source=f"{rules.name} with {sorted(options)}")


def tiny(**options) -> RuleSet:
    """A 4-seat board (1 werewolf, seer, 2 villagers) where a couple of deaths decide the game."""
    data = dict(name="tiny-4", roles={"werewolf": 1, "seer": 1, "villager": 2}, last_words="none", tie="none")
    data.update(options)
    return ruleset_from_dict(data, source="tiny-4")


def find_seed(rules: RuleSet, where: Callable[[WerewolfEngine], bool], limit: int = 5000) -> int:
    """The first seed whose fresh engine satisfies ``where`` (e.g. a deal or a start seat)."""
    for seed in range(limit):
        if where(WerewolfEngine(rules, seed)):
            return seed
    raise AssertionError(f"no seed below {limit} gives the wanted deal on {rules.name}")


class Scene:
    def __init__(self, rules: RuleSet, seed: int = 0, engine: WerewolfEngine | None = None):
        self.rules = rules
        self.engine = engine if engine is not None else WerewolfEngine(rules, seed)
        self.layout = self.engine.layout

    @classmethod
    def of(cls, engine: WerewolfEngine) -> Scene:
        """A scene over an existing engine (an env's, to read its observations as the scene plays)."""
        return cls(engine.rules, engine=engine)

    # ---------------------------------------------------------------- reading
    def seat(self, role: Role, k: int = 0) -> int:
        return self.seats(role)[k]

    def seats(self, role: Role) -> list[int]:
        return [i for i, r in enumerate(self.engine.roles) if r is role]

    @property
    def wolves(self) -> list[int]:
        return [i for i in range(self.engine.n) if self.engine.is_wolf[i]]

    @property
    def good(self) -> list[int]:
        return [i for i in range(self.engine.n) if not self.engine.is_wolf[i]]

    @property
    def phase(self) -> Phase:
        return self.engine.decision.phase

    @property
    def actors(self) -> tuple[int, ...]:
        return self.engine.decision.actors

    def legal(self, seat: int) -> list[int]:
        return self.engine.decision.legal[seat]

    def targets(self, seat: int) -> set[int]:
        """The seats ``seat`` may choose in a TARGET decision."""
        return {a for k, a in map(self.layout.decode, self.legal(seat)) if k is Kind.TARGET}

    def idx(self, kind: Kind, arg: int = 0) -> int:
        return self.layout.index(kind, arg)

    def kinds(self, seat: int) -> set[Kind]:
        return {self.layout.decode(i)[0] for i in self.legal(seat)}

    def events(self, kind: EventKind | None = None, since: int = 0) -> list[Event]:
        evs = self.engine.events[since:]
        return [e for e in evs if kind is None or e.kind == kind]

    def mark(self) -> int:
        """A position in the event log, to read only what happens after it."""
        return len(self.engine.events)

    # ---------------------------------------------------------------- acting
    def act(self, seat: int, action: int | Action) -> None:
        self.engine.step(seat, action)

    def target(self, seat: int, target: int | None) -> None:
        self.act(seat, self.idx(Kind.PASS) if target is None else self.idx(Kind.TARGET, target))

    def noop(self, seat: int) -> None:
        self.act(seat, self.engine.default_action(seat))

    def run(self, choose: Chooser | None = None, until: Phase | Iterable[Phase] | None = None,
            while_: Callable[[Scene], bool] | None = None, limit: int = 2000) -> list[Decision]:
        """Step every seat that owes an action, with ``choose`` or the no-op, until the decision's
        phase is in ``until`` (not acted on), ``while_`` turns false, or the game ends.

        Returns the decisions it acted in, in order.
        """
        stop = {until} if isinstance(until, Phase) else set(until or ())
        seen: list[Decision] = []
        for _ in range(limit):
            e = self.engine
            if e.done or self.phase in stop or (while_ is not None and not while_(self)):
                return seen
            seen.append(e.decision)
            for seat in list(e.to_move()):
                action = choose(self, self.phase, seat) if choose else None
                self.act(seat, e.default_action(seat) if action is None else action)
        raise AssertionError(f"scene did not reach {stop} within {limit} decisions (at {self.phase.name})")

    def until(self, *phases: Phase, choose: Chooser | None = None) -> None:
        """Advance with no-ops (or ``choose``) to the next decision in ``phases``; fail if the game ends first."""
        self.run(choose, until=phases)
        assert not self.engine.done, f"the game ended before reaching {[p.name for p in phases]}"

    def night(self, kill: int | dict[int, int] | None = None, guard: int | None = None,
              protect: int | None = None, save: bool = False, poison: int | None = None,
              check: int | None = None, chat: Chooser | None = None) -> list[Decision]:
        """Play the current night: ``kill`` is every wolf's target (or wolf -> target), the others are
        the night roles' choices; unscripted choices pass. Stops at the first decision of the day."""
        assert self.phase in NIGHT_PHASES, f"not night: {self.phase.name}"

        def choose(scene: Scene, phase: Phase, seat: int):
            if phase is Phase.GUARD:
                return self.pick(guard)
            if phase is Phase.DOCTOR:
                return self.pick(protect)
            if phase is Phase.WOLF_KILL:
                return self.pick(kill.get(seat) if isinstance(kill, dict) else kill)
            if phase is Phase.WITCH_SAVE:
                return self.idx(Kind.YES) if save else self.idx(Kind.PASS)
            if phase is Phase.WITCH_POISON:
                return self.pick(poison)
            if phase is Phase.SEER:
                return self.pick(check)
            if phase is Phase.WOLF_CHAT and chat is not None:
                return chat(scene, phase, seat)
            return None

        return self.run(choose, while_=lambda s: s.phase in NIGHT_PHASES)

    def to_vote(self, choose: Chooser | None = None) -> None:
        """Pass through the day's speeches (and election, last words, ...) to the vote."""
        self.until(Phase.VOTE, choose=choose)

    def vote(self, votes: dict[int, int], phase: Phase = Phase.VOTE) -> None:
        """Every voter of the current vote decision(s) votes as ``votes`` says or abstains."""
        assert self.phase is phase, f"expected {phase.name}, at {self.phase.name}"
        self.run(lambda s, p, seat: self.pick(votes.get(seat)), while_=lambda s: s.phase is phase)

    def skip_day(self) -> None:
        """Everyone passes through the rest of the day; stops at the next night (or the end)."""
        self.run(while_=lambda s: s.phase not in NIGHT_PHASES)

    def pick(self, seat: int | None) -> int:
        """The index that chooses ``seat`` in a TARGET decision; None is the pass."""
        return self.idx(Kind.PASS) if seat is None else self.idx(Kind.TARGET, seat)


# -------------------------------------------------------------------- shared scene steps
def deaths(scene: Scene, since: int = 0) -> dict[int, str]:
    """Seat -> public cause of every death since ``since`` (an event-log position)."""
    return {e.target: e.value for e in scene.events(EventKind.DEATH, since)}


def phases_of(decisions: Iterable[Decision]) -> list[Phase]:
    return [d.phase for d in decisions]


def elect(scene: Scene, sheriff: int) -> None:
    """Day 1: only ``sheriff`` runs, so the election ends at once with that seat holding the badge."""
    scene.until(Phase.SHERIFF_RUN)
    scene.run(lambda s, p, seat: s.idx(Kind.YES) if seat == sheriff else None,
              while_=lambda s: s.phase is Phase.SHERIFF_RUN)
    assert scene.events(EventKind.SHERIFF)[-1].target == sheriff == scene.engine.sheriff


def speak_as(scene: Scene, seat: int, action: int | Action) -> None:
    """Pass through the day's speeches until ``seat`` speaks, then make it take ``action``."""
    scene.until(Phase.SPEECH)
    while scene.actors != (seat,):
        scene.noop(scene.actors[0])
        scene.until(Phase.SPEECH)
    scene.act(seat, action)
