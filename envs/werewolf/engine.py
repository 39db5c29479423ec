"""The Werewolf rules engine: pure Python, one seeded numpy Generator, no PettingZoo inside.

The game script is a generator (``_play``) that reads top to bottom like the rules: night, dawn,
sheriff election, speeches, vote, exile. Each ``yield`` is a :class:`Decision`: which seats must
act now and what each may do. :meth:`WerewolfEngine.step` collects one action per seat; when the
last of them arrives, the script resumes with all of them at once, so simultaneous choices
(wolves' kill votes, day votes, bids) stay hidden from each other by construction.

A game is its RuleSet, its seed and its action history (as in OpenSpiel): replaying the history
rebuilds the state, and :meth:`state_bytes` (hashed into a record's chain) proves it step by step.
"""

from __future__ import annotations

from collections.abc import Generator
from hashlib import blake2b

import numpy as np

from ...record_digest import pack_ints
from .actions import CURRENT_VERSION, MAX_BID, Action, ActionLayout, Kind
from .errors import ActionOutOfRangeError, GameOverError, IllegalActionError, WerewolfError, WrongTurnError
from .events import PUBLIC, WOLVES, Event, EventKind, Speech
from .phases import NIGHT_PHASES, NUM_PHASES, SPEECH_PHASES, Decision, Phase
from .roles import (
    DUELS,
    IMMUNE_AT_NIGHT,
    MAY_EXPLODE,
    SHOOTS_ON_DEATH,
    SURVIVES_EXILE,
    TAKES_ON_EXPLODE,
    WOLF_ROLES,
    Night,
    Role,
    Side,
    night_schedule,
)
from .roles.nine_tailed_fox import FULL_TAILS, tails_lost
from .rules import RuleSet

# Deaths after which no shot is fired (poison, a self-explosion, dying for love).
NO_SHOT_CAUSES = frozenset({"poison", "explode", "love"})
# Night deaths the host announces at dawn without saying how they came about.
NIGHT_CAUSES = frozenset({"wolves", "poison", "stalked"})
# Roles whose state enters the state hash only on boards that have them (older boards keep theirs).
_STATEFUL_ROLES = frozenset({Role.STALKER, Role.SILENCE_ELDER, Role.NINE_TAILED_FOX, Role.WOLF_BEAUTY, Role.CUPID,
                             Role.GHOST_BRIDE})

# Phase, Decision and the errors have their own modules; importing them from here still works.
__all__ = ["ActionOutOfRangeError", "Decision", "GameOverError", "IllegalActionError", "NIGHT_PHASES",
           "NUM_PHASES", "Phase", "SPEECH_PHASES", "WerewolfEngine", "WerewolfError", "WrongTurnError"]


# What the script is sent back for a Decision: each acting seat's checked action.
Choices = dict[int, int | Action]


class _GameOver(Exception):
    """Raised inside the game script the moment a win rule is met; ends the script."""


class WerewolfEngine:
    def __init__(self, rules: RuleSet, seed: int | None = None, action_layout: int | None = None):
        """``action_layout``: the version of the flat action space (see parlour.envs.werewolf.actions);
        None for the current one. Re-simulating a record passes the version its header names."""
        self.rules = rules
        self.n = rules.num_players
        self.board_roles = sorted(rules.role_counts)
        self.action_layout = CURRENT_VERSION if action_layout is None else action_layout
        self.layout = ActionLayout.for_board(self.n, self.board_roles, self.action_layout)
        self._night_steps = night_schedule(self.board_roles)  # the board's night, in order
        o = self.layout.offset
        self.PASS = o[Kind.PASS]
        self.YES = o[Kind.YES]
        self._claims = [self.layout.index(Kind.CLAIM, r) for r in self.board_roles]
        self._has_villagers = Role.VILLAGER in rules.role_counts
        self._has_fox = Role.NINE_TAILED_FOX in rules.role_counts
        self._role_state = not _STATEFUL_ROLES.isdisjoint(rules.role_counts)
        self._speech_parts: dict = {}  # (seat, wolf chat?) -> speech indices; the board fixes them
        self.reset(seed)

    # ------------------------------------------------------------------ public API
    def reset(self, seed: int | None = None) -> None:
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        n = self.n
        deck = self.rules.deck()
        order = self.rng.permutation(len(deck))  # a Thief's board has more cards than seats
        self.roles: list[Role] = [deck[i] for i in order[:n]]
        self.spare: tuple[Role, ...] = tuple(deck[i] for i in order[n:])  # the Thief's choice
        self._draws = 1  # draws from self.rng so far (it enters the state hash)
        self.is_wolf = [r in WOLF_ROLES for r in self.roles]
        self.alive = [True] * n
        self._alive_list = list(range(n))  # kept in step with `alive`; read on every decision
        self.can_vote = [True] * n
        self._dead_mask = self._mute_mask = 0  # bit s: seat s is dead / has lost its vote (for the state hash)
        self.death_cause: dict[int, str] = {}
        self.antidote = self.poison = Role.WITCH in self.roles
        self.guard_last = -1
        self.doctor_last = -1
        self.sheriff = -1
        self.idiot_revealed = False
        self.knight_used = False
        self.stalk_used = False
        self.day_votes: dict[int, int] = {}  # voter -> its last exile vote of the current day (the Stalker's)
        self.silenced = -1  # the seat that may not speak today (Silence Elder)
        self.charmed = -1  # the Wolf Beauty's latest charm
        self.fox_tails = FULL_TAILS
        self.lovers: tuple[int, int] | None = None  # Cupid's pair, or the Ghost Bride and her groom
        self.third_side: frozenset[int] = frozenset()  # the seats of a third side (Side.LOVERS), if any
        self.start_seat = self.draw(n)
        self.day = 0
        self.winner: Side | None = None
        self.done = False
        self.truncated = False
        self.events: list[Event] = []
        self.history: list[tuple[int, int | Action]] = []
        self._submitted: dict[int, int | Action] = {}
        self._round_of: Decision | None = None  # the Decision whose state self._round holds
        self._night_deaths: list[tuple[int, str]] = []
        self._last_speech_names: tuple[int, ...] = ()
        wolves = tuple(i for i in range(n) if self.is_wolf[i])
        for seat, role in enumerate(self.roles):
            self.emit(EventKind.DEAL, -1, seat, role, seat)
        for w in wolves:
            self.emit(EventKind.TEAMMATES, -1, w, wolves, w)
        self._script = self._play()
        self.decision: Decision = self._script.send(None)

    def draw(self, n: int) -> int:
        """A uniform int in [0, n) from the game's Generator (the only way the script draws)."""
        self._draws += 1
        return int(self.rng.integers(n))

    def to_move(self) -> list[int]:
        """Seats that still owe an action in the current decision."""
        if self.done:
            return []
        return [s for s in self.decision.actors if s not in self._submitted]

    def next_actor(self) -> int:
        for s in self.decision.actors:
            if s not in self._submitted:
                return s
        return -1

    def legal_actions(self, seat: int) -> list[int]:
        if self.done or seat in self._submitted:
            return []
        return self.decision.legal.get(seat, [])

    def default_action(self, seat: int) -> int:
        """The no-op of the current decision (pass / abstain / bid 0), used for penalised illegal moves."""
        legal = self.decision.legal[seat]
        return self.PASS if self.PASS in legal else legal[0]

    def check(self, seat: int, action) -> int | Action:
        """Validate an action for ``seat``; return it normalised (int or Action) or raise a clear error."""
        if self.done:
            raise GameOverError(f"the game is over (winner: {self._winner_text()}); call reset() to play again")
        legal = self.decision.legal.get(seat)
        if legal is None or seat in self._submitted:
            raise WrongTurnError(
                f"seat {seat} may not act now: the {self.decision.phase.name} decision waits for "
                f"seat(s) {self.to_move()}"
            )
        if isinstance(action, Action):
            size = self.layout.size
            if action.index is not None and not 0 <= action.index < size:
                raise ActionOutOfRangeError(f"seat {seat}: action index {action.index} is out of range 0..{size - 1}")
            bad = [s for s in action.seats() if not 0 <= s < self.n]
            if bad:
                raise IllegalActionError(f"seat {seat}: the action names seat(s) {bad}, which do not exist (0..{self.n - 1})")
            wrong = [i for i in action.indices(self.layout) if i not in legal]
            if action.claim is not None and self.layout.index(Kind.CLAIM, action.claim) < 0:
                raise IllegalActionError(f"seat {seat}: nobody may claim the {action.claim.label} on this board "
                                         f"(its roles: {', '.join(r.label for r in self.board_roles)})")
            if wrong:
                raise IllegalActionError(self._illegal_message(seat, wrong[0], legal))
            return action
        if isinstance(action, (bool, np.bool_)) or not isinstance(action, (int, np.integer)):
            raise TypeError(
                f"seat {seat}: an action must be an int index or an Action, not {type(action).__name__} {action!r}"
            )
        action = int(action)
        if not 0 <= action < self.layout.size:
            raise ActionOutOfRangeError(f"seat {seat}: action {action} is out of range 0..{self.layout.size - 1}")
        if action not in legal:
            raise IllegalActionError(self._illegal_message(seat, action, legal))
        return action

    def step(self, seat: int, action) -> None:
        """Apply one seat's action; the game advances once every seat of the decision has acted."""
        self.apply(seat, self.check(seat, action))

    def apply(self, seat: int, action: int | Action) -> None:
        """Apply an action already validated by :meth:`check` (the fast path for trusted callers)."""
        self._submitted[seat] = action
        self.history.append((seat, action))
        if len(self._submitted) == len(self.decision.actors):
            choices, self._submitted = self._submitted, {}
            try:
                self.decision = self._script.send(choices)
            except StopIteration:
                self.decision = Decision(Phase.GAME_OVER, (), {})

    def state_parts(self) -> tuple[bytes, tuple[int, ...]]:
        """The state after the last action as (round part, seats that have acted in this decision).

        Everything that decides the rest of the game enters the round part, packed by
        :func:`pack_ints` (the field order is in docs/record-format.md). It is built once per
        Decision: only the script changes the state, and each time it runs it yields a new
        Decision; until then only the set of seats that have submitted changes, so a vote of 12
        seats packs it once, not 12 times. The Generator's state enters as the number of draws
        made from it. The recorder keeps these parts per decision and hashes them once the game
        is over.
        """
        decision = self.decision
        if decision is not self._round_of:
            last = self.events[-1] if self.events else None
            actors, names = decision.actors, self._last_speech_names
            self._round_of = decision
            self._round = pack_ints((
                self.day, int(decision.phase), len(actors), *actors,
                self._dead_mask, self._mute_mask, self.antidote, self.poison, self.guard_last, self.doctor_last,
                self.sheriff, self.idiot_revealed, self.knight_used, len(self.events), self._draws,
                len(names), *names,  # the last speakers decide bidding ties
                *((-1, -1, -1) if last is None else (int(last.kind), last.actor, last.target)),
            ))
            if self._role_state:  # appended only on boards with these roles, so other boards hash as before
                votes = sorted(self.day_votes.items())
                self._round += pack_ints((self.stalk_used, self.silenced, self.charmed, self.fox_tails,
                                          *(self.lovers or (-1, -1)), len(self.third_side), *sorted(self.third_side),
                                          len(votes), *(x for pair in votes for x in pair)))
        return self._round, tuple(self._submitted)

    def state_bytes(self) -> bytes:
        """The stable byte encoding of the state that a format-2 record's hash chain covers."""
        round_part, submitted = self.state_parts()
        return round_part + pack_ints(submitted)

    def legacy_state_digest(self) -> int:
        """The 64-bit state digest of record format 1, kept only to verify files of that format.

        It is Python's built-in hash of a tuple of ints and bools: the same in every process of
        one CPython build, but not promised across versions or implementations, which is why
        format 2 hashes :meth:`state_bytes` with blake2b instead. Built afresh on each call: only
        verifying an old file needs it.
        """
        decision = self.decision
        last = self.events[-1] if self.events else None
        round_hash = hash((
            self.day, int(decision.phase), decision.actors,
            self._dead_mask, self._mute_mask, self.antidote, self.poison, self.guard_last, self.doctor_last,
            self.sheriff, self.idiot_revealed, self.knight_used, len(self.events), self._draws,
            self._last_speech_names,
            (-1, -1, -1) if last is None else (int(last.kind), last.actor, last.target),
        ))
        return hash((round_hash, *self._submitted)) & 0xFFFF_FFFF_FFFF_FFFF

    def state_hash(self) -> str:
        """A short fingerprint of the state (blake2b of :meth:`state_bytes`) for comparing two
        engines; records chain the state with their lines instead (see docs/record-format.md)."""
        return blake2b(self.state_bytes(), digest_size=8).hexdigest()

    def final_rewards(self) -> list[float]:
        """Per seat: +1 on the winning side, -1 on the losing side, 0 for all when no side won."""
        winner = self.winner
        if winner is None:
            return [0.0] * self.n
        return [1.0 if self.team(s) == winner else -1.0 for s in range(self.n)]

    def become(self, seat: int, role: Role) -> None:
        """A seat takes another card (the Thief): it learns it, and a new wolf meets its team."""
        self.roles[seat] = role
        self.emit(EventKind.DEAL, -1, seat, role, seat)
        if role is Role.WITCH:
            self.antidote = self.poison = True
        if role in WOLF_ROLES:
            self.is_wolf[seat] = True
            wolves = tuple(i for i in range(self.n) if self.is_wolf[i])
            for w in wolves:
                self.emit(EventKind.TEAMMATES, -1, w, wolves, w)

    def team(self, seat: int) -> Side:
        """The side a seat plays for: its role's, or the third side of Cupid's or the Ghost Bride's lovers."""
        if seat in self.third_side:
            return Side.LOVERS
        return Side.WOLVES if self.is_wolf[seat] else Side.VILLAGE

    def make_lovers(self, a: int, b: int, by: int, third: frozenset[int] = frozenset()) -> None:
        """Two lovers (Cupid's arrows, the Ghost Bride's wedding), each told the other's seat;
        ``third``: the seats of the third side they form, if they form one."""
        self.lovers = (a, b)
        self.third_side = third
        self.emit(EventKind.LOVERS, by, a, b, a)
        self.emit(EventKind.LOVERS, by, b, a, b)

    def _dies_with(self, seat: int) -> int:
        """The living player who dies for love when ``seat`` dies (-1: nobody)."""
        if self.lovers is not None and seat in self.lovers:
            other = self.lovers[0] if seat == self.lovers[1] else self.lovers[1]
            if self.alive[other]:
                return other
        if self.roles[seat] is Role.WOLF_BEAUTY and self.charmed >= 0 and self.alive[self.charmed]:
            return self.charmed
        return -1

    @property
    def round(self) -> int:
        """The day (the game contract's round; night N belongs to day N)."""
        return self.day

    @property
    def phase_name(self) -> str:
        return self.decision.phase.name

    def alive_seats(self) -> list[int]:
        return list(self._alive_list)

    # ------------------------------------------------------------------ clones and pickles
    # The script is a live generator, which neither copies nor pickles. As in OpenSpiel, the
    # rules, the seed and the action history are the whole game: nothing else reaches the state
    # (only the script draws from the Generator, and no caller writes the engine's fields), so a
    # copy replays the history through the trusted `apply`. A seedless game keeps the entropy
    # numpy seeded its Generator with, so even it replays the same deal.
    def clone(self) -> WerewolfEngine:
        """An independent engine with the same state and the same future."""
        other = object.__new__(type(self))
        other._replay(self.rules, self.seed, self._entropy(), self.history, self._speech_parts, self.action_layout)
        return other

    def __copy__(self) -> WerewolfEngine:
        # A shallow copy would share the script and its Generator: stepping one would step both.
        return self.clone()

    def __deepcopy__(self, memo: dict) -> WerewolfEngine:
        return self.clone()  # the rules and the applied Actions are frozen, so the copy shares them

    def __getstate__(self) -> dict:
        return {"rules": self.rules, "seed": self.seed, "entropy": self._entropy(),
                "history": list(self.history), "state": self.state_bytes(), "action_layout": self.action_layout}

    def __setstate__(self, state: dict) -> None:
        self._replay(state["rules"], state["seed"], state["entropy"], state["history"], {},
                     state.get("action_layout", 1))  # pickles from before layout versions played version 1
        if self.state_bytes() != state["state"]:
            raise WerewolfError(
                f"the pickled game's {len(state['history'])} actions replay to a different state: "
                "it was pickled by an engine whose rules play differently"
            )

    def _entropy(self) -> int:
        return self.rng.bit_generator.seed_seq.entropy  # type: ignore[attr-defined]  # a SeedSequence's

    def _replay(self, rules: RuleSet, seed, entropy: int, history, speech_parts: dict, action_layout: int) -> None:
        """Become the game ``history`` leads to (the script's frame must belong to this object)."""
        self.__init__(rules, seed=entropy if seed is None else seed, action_layout=action_layout)  # type: ignore[misc]
        self.seed = seed
        self._speech_parts.update(speech_parts)  # a cache the board alone decides
        apply = self.apply
        for seat, action in history:
            apply(seat, action)

    # ------------------------------------------------------------------ errors
    def _winner_text(self) -> str:
        return "none (day limit)" if self.winner is None else self.winner.name.lower()

    def _illegal_message(self, seat: int, action: int, legal: list[int]) -> str:
        shown = ", ".join(f"{i}={self.layout.describe(i)}" for i in legal[:12])
        more = f", ... ({len(legal)} in all)" if len(legal) > 12 else ""
        return (
            f"seat {seat}: action {action} ({self.layout.describe(action)}) is illegal in the "
            f"{self.decision.phase.name} decision of day {self.day}; legal: {shown}{more}"
        )

    # ------------------------------------------------------------------ the game script
    def emit(self, kind: EventKind, actor: int, target: int, value, visible: int) -> None:
        self.events.append(Event(kind, self.day, actor, target, value, visible))

    def ask(self, phase: Phase, actors, legal_for) -> Generator[Decision, Choices, Choices]:
        actors = tuple(actors)
        choices = yield Decision(phase, actors, {s: legal_for(s) for s in actors})
        return choices

    def _play(self):
        try:
            for day in range(1, self.rules.day_limit + 1):
                self.day = day
                yield from self._night()
                yield from self._day()
            self.truncated = True
            self._finish(None)
        except _GameOver:
            pass

    def _finish(self, winner: Side | None) -> None:
        self.winner = winner
        self.done = True
        self.emit(EventKind.GAME_OVER, -1, -1, winner, PUBLIC)

    def _check_win(self) -> None:
        if self.third_side:
            return self._check_win_three_sides()
        wolves = goods = gods = villagers = 0
        for i in range(self.n):
            if self.alive[i]:
                if self.is_wolf[i]:
                    wolves += 1
                else:
                    goods += 1
                    if self.roles[i] is Role.VILLAGER:
                        villagers += 1
                    else:
                        gods += 1
        if wolves == 0:
            self._finish(Side.VILLAGE)
            raise _GameOver
        rule = self.rules.win_rule
        has_villagers = self._has_villagers
        if (
            (rule == "side_kill" and (gods == 0 or (has_villagers and villagers == 0)))
            or (rule == "kill_all" and goods == 0)
            or (rule == "parity" and wolves >= goods)
        ):
            self._finish(Side.WOLVES)
            raise _GameOver

    def _check_win_three_sides(self) -> None:
        """With a third side on the table (Cupid's, the Ghost Bride's): it wins when only its members
        live; the village or the wolves win by their rules only once every member of it is dead."""
        alive = self._alive_list
        third = self.third_side
        if all(s in third for s in alive):
            self._finish(Side.LOVERS if alive else None)
            raise _GameOver
        if any(s in third for s in alive):
            return
        wolves = sum(1 for s in alive if self.is_wolf[s])
        goods = [s for s in alive if not self.is_wolf[s]]
        villagers = sum(1 for s in goods if self.roles[s] is Role.VILLAGER)
        gods = len(goods) - villagers
        if wolves == 0:
            self._finish(Side.VILLAGE)
            raise _GameOver
        rule = self.rules.win_rule
        if ((rule == "side_kill" and (gods == 0 or (self._has_villagers and villagers == 0)))
                or (rule == "kill_all" and not goods) or (rule == "parity" and wolves >= len(goods))):
            self._finish(Side.WOLVES)
            raise _GameOver

    def _kill(self, seat: int, cause: str, public: str | None = None) -> None:
        """``public``: the cause the table learns, when it is not the usual one for ``cause``."""
        if self._has_fox:
            self.fox_tails = max(0, self.fox_tails - tails_lost(self.roles[seat]))
        self.alive[seat] = False
        self._dead_mask |= 1 << seat
        self._alive_list.remove(seat)
        self.death_cause[seat] = cause
        public_cause = public or ("night" if cause in NIGHT_CAUSES else cause)
        self.emit(EventKind.DEATH, -1, seat, public_cause, PUBLIC)
        reveal = self.rules.death_reveals
        if reveal == "role":
            self.emit(EventKind.REVEAL, -1, seat, self.roles[seat], PUBLIC)
        elif reveal == "side":
            self.emit(EventKind.REVEAL, -1, seat, self.roles[seat].side, PUBLIC)

    def alive_with(self, role: Role) -> int:
        for i in range(self.n):
            if self.alive[i] and self.roles[i] is role:
                return i
        return -1

    @staticmethod
    def index_of(choice) -> int | None:
        return choice if isinstance(choice, int) else choice.index

    def target_of(self, choice) -> int:
        """The seat an int/Action choice names, or -1 for pass."""
        index = self.index_of(choice)
        if index is None:  # an Action without stances: a pass with text (check() found PASS legal)
            return -1
        kind, arg = self.layout.decode(index)
        return arg if kind is Kind.TARGET else -1

    # -------------------------------------------------- legal action lists
    def targets(self, exclude: int = -1, allow_pass: bool = True, among=None) -> list[int]:
        seats = self._alive_list if among is None else among
        out = [s for s in seats if s != exclude]
        if allow_pass:
            out.append(self.PASS)
        return out

    def _speech_legal(self, seat: int, phase: Phase) -> list[int]:
        # What a seat may say depends on the board (built once per engine, kept across games) and
        # on who is alive: the fixed part is copied, the seat-naming part filtered by `alive`.
        chat = phase is Phase.WOLF_CHAT
        key = (seat, chat)
        parts = self._speech_parts.get(key)
        if parts is None:
            parts = self._speech_parts[key] = self._speech_parts_for(seat, chat)
        fixed, named = parts
        alive = self.alive
        legal = fixed + [i for i, t in named if alive[t]]
        if seat == self.silenced and not chat:  # silenced today: gestures only
            legal = [self.PASS]
        if phase is Phase.SPEECH:
            o = self.layout.offset
            if self.rules.wolf_self_explode and self.is_wolf[seat] and self.roles[seat] in MAY_EXPLODE:
                legal.append(o[Kind.EXPLODE])
            if self.roles[seat] in DUELS and not self.knight_used:
                legal.extend(o[Kind.DUEL] + i for i in self._alive_list if i != seat)
        return legal

    def _speech_parts_for(self, seat: int, chat: bool) -> tuple[list[int], list[tuple[int, int]]]:
        """(indices always legal, (index, seat it names) pairs legal while that seat lives)."""
        o = self.layout.offset
        seats = range(self.n)
        fixed = [self.PASS, *self._claims]
        if chat:
            return fixed, [(o[Kind.VOTE_INTENT] + i, i) for i in seats]
        others = [i for i in seats if i != seat]
        fixed += [o[Kind.REPORT_WOLF] + i for i in others]  # a check on a dead seat is still news
        fixed += [o[Kind.REPORT_GOOD] + i for i in others]
        named = [(o[Kind.ACCUSE] + i, i) for i in others]
        named += [(o[Kind.DEFEND] + i, i) for i in seats]
        named += [(o[Kind.VOTE_INTENT] + i, i) for i in others]
        return fixed, named

    def yes_no(self, seat: int) -> list[int]:
        return [self.YES, self.PASS]

    # -------------------------------------------------- speeches
    def _speech_of(self, choice, phase: Phase) -> Speech:
        if isinstance(choice, Action) and choice.index is None:
            return Speech(
                -1 if choice.claim is None else int(choice.claim),
                tuple((r.seat, r.side) for r in choice.reports),
                tuple(choice.accuse), tuple(choice.defend),
                -1 if choice.vote_intent is None else choice.vote_intent,
                choice.text, int(phase),
            )
        index = self.index_of(choice)
        assert index is not None  # an Action without an index was a speech act, handled above
        text = "" if isinstance(choice, int) else choice.text
        kind, arg = self.layout.decode(index)
        if kind is Kind.CLAIM:
            return Speech(claim=arg, text=text, phase=int(phase))
        if kind is Kind.REPORT_WOLF or kind is Kind.REPORT_GOOD:
            side = Side.WOLVES if kind is Kind.REPORT_WOLF else Side.VILLAGE
            return Speech(reports=((arg, side),), text=text, phase=int(phase))
        if kind is Kind.ACCUSE:
            return Speech(accuse=(arg,), text=text, phase=int(phase))
        if kind is Kind.DEFEND:
            return Speech(defend=(arg,), text=text, phase=int(phase))
        if kind is Kind.VOTE_INTENT:
            return Speech(vote_intent=arg, text=text, phase=int(phase))
        return Speech(text=text, phase=int(phase))

    def speak(self, seat: int, phase: Phase):
        """One speech turn. Returns True when it ended the day (a self-explosion, a won duel)."""
        choice = (yield from self.ask(phase, (seat,), lambda s: self._speech_legal(s, phase)))[seat]
        index = self.index_of(choice)
        if index is not None:
            kind, arg = self.layout.decode(index)
            if kind is Kind.EXPLODE:
                yield from self._explode(seat)
                return True
            if kind is Kind.DUEL:
                return (yield from self._duel(seat, arg))
        speech = self._speech_of(choice, phase)
        if phase is Phase.WOLF_CHAT:
            self.emit(EventKind.WOLF_CHAT, seat, -1, speech, WOLVES)
        else:
            self.emit(EventKind.SPEECH, seat, -1, speech, PUBLIC)
            self._last_speech_names = speech.accuse + speech.defend + (
                (speech.vote_intent,) if speech.vote_intent >= 0 else ()
            )
        return False

    # -------------------------------------------------- night
    def _night(self):
        """Each role's night step in the board's order (roles/), then dawn: who dies."""
        self.emit(EventKind.NIGHT, -1, -1, None, PUBLIC)
        self.silenced = -1
        if self._has_fox:
            fox = self.alive_with(Role.NINE_TAILED_FOX)
            if fox >= 0:  # the host tells the Fox its tails each night
                self.emit(EventKind.FOX_TAILS, -1, fox, self.fox_tails, fox)
        night = Night()
        for step in self._night_steps:
            yield from step(self, night)
        self.silenced = night.silenced  # takes effect at dawn
        self._night_deaths = self._dawn(night)

    def _dawn(self, night: Night) -> list[tuple[int, str]]:
        """The night's deaths, sorted by seat: the protections meet the wolves' kill here."""
        rules = self.rules
        # Every night action aimed at a number reaches the seat the Magician swapped it with.
        victim, poisoned, stalked = night.seat(night.victim), night.seat(night.poisoned), night.seat(night.stalked)
        night.guarded, night.protected = night.seat(night.guarded), night.seat(night.protected)
        deaths = []
        if victim >= 0:
            is_guarded = night.guarded == victim
            if is_guarded and night.saved:
                dies = rules.guard_save_conflict == "dies"
            else:
                dies = not (is_guarded or night.saved or night.protected == victim)
            if dies:
                deaths.append((victim, "wolves"))
        if stalked >= 0 and stalked != poisoned:
            deaths = [d for d in deaths if d[0] != stalked] + [(stalked, "stalked")]
        if poisoned >= 0:
            # Poison wins over a wolf kill on the same seat: a poisoned hunter may not shoot.
            deaths = [d for d in deaths if d[0] != poisoned] + [(poisoned, "poison")]
        return sorted(d for d in deaths if not self._immune_tonight(d[0]))

    def _immune_tonight(self, seat: int) -> bool:
        """No night death takes a night-immune role (the Demon), nor the Fox with all its tails."""
        role = self.roles[seat]
        return role in IMMUNE_AT_NIGHT or (role is Role.NINE_TAILED_FOX and self.fox_tails == FULL_TAILS)

    # -------------------------------------------------- day
    def _day(self):
        self.emit(EventKind.DAY, -1, -1, None, PUBLIC)
        self.day_votes = {}
        deaths, self._night_deaths = self._night_deaths, []
        for seat, cause in deaths:
            self._kill(seat, cause)
        for seat, _ in list(deaths):  # a lover dies with them, announced with the night's deaths
            lover = self._dies_with(seat)
            if lover >= 0:
                self._kill(lover, "love", public="night")
                deaths.append((lover, "love"))
        self._check_win()
        last_words = self.rules.last_words == "first_night_and_exiles" and self.day == 1
        if self.silenced >= 0:
            self.emit(EventKind.SILENCED, -1, self.silenced, None, PUBLIC)
        for seat, cause in deaths:
            yield from self._after_death(seat, cause, last_words)
        if self.day == 1 and self.rules.sheriff:
            yield from self._sheriff_election()
        if (yield from self._speeches()):
            return
        exiled = yield from self._vote()
        if exiled >= 0:
            yield from self._exile(exiled)

    def _after_death(self, seat: int, cause: str, last_words: bool):
        if last_words:
            yield from self.speak(seat, Phase.LAST_WORDS)
        if self.roles[seat] in SHOOTS_ON_DEATH and cause not in NO_SHOT_CAUSES:
            c = (yield from self.ask(Phase.SHOOT, (seat,), lambda s: self.targets()))[seat]
            shot = self.target_of(c)
            self.emit(EventKind.SHOOT, seat, shot, None, PUBLIC)
            if shot >= 0:
                self.emit(EventKind.REVEAL, -1, seat, self.roles[seat], PUBLIC)
                self._kill(shot, "shot")
                self._check_win()
                yield from self._after_death(shot, "shot", False)
        if self.sheriff == seat:
            c = (yield from self.ask(Phase.BADGE, (seat,), lambda s: self.targets()))[seat]
            self.sheriff = self.target_of(c)
            self.emit(EventKind.BADGE, seat, self.sheriff, None, PUBLIC)
        lover = self._dies_with(seat)
        if lover >= 0:
            self._kill(lover, "love", public="night" if cause in NIGHT_CAUSES else "love")
            self._check_win()
            yield from self._after_death(lover, "love", False)

    def _rotation(self, start: int) -> list[int]:
        n = self.n
        return [s for k in range(n) if self.alive[s := (start + k) % n]]

    def _sheriff_election(self):
        alive = self.alive_seats()
        runs = yield from self.ask(Phase.SHERIFF_RUN, alive, self.yes_no)
        runners = [s for s in alive if self.index_of(runs[s]) == self.YES]
        for s in runners:
            self.emit(EventKind.SHERIFF_RUN, s, -1, None, PUBLIC)
        candidates = list(runners)
        if len(candidates) > 1:
            order = [s for s in self._rotation(self.start_seat) if s in candidates]
            for s in order:
                yield from self.speak(s, Phase.CAMPAIGN)
            stays = yield from self.ask(Phase.WITHDRAW, order, self.yes_no)
            for s in order:
                if self.index_of(stays[s]) == self.YES:
                    candidates.remove(s)
                    self.emit(EventKind.WITHDRAW, s, -1, None, PUBLIC)
        voters = [s for s in alive if s not in runners]
        elected = -1
        if len(candidates) == 1:
            elected = candidates[0]
        for _ in range(2):
            if len(candidates) < 2 or not voters:
                break
            ballot = candidates
            votes = yield from self.ask(Phase.SHERIFF_VOTE, voters, lambda s, ballot=ballot: self.targets(among=ballot))
            for s in voters:
                self.emit(EventKind.SHERIFF_VOTE, s, self.target_of(votes[s]), None, PUBLIC)
            leaders = self.tally({s: self.target_of(c) for s, c in votes.items()}, weighted=False)
            if len(leaders) == 1:
                elected = leaders[0]
                break
            if not leaders:
                break
            candidates = leaders
            self.emit(EventKind.PK, -1, -1, tuple(leaders), PUBLIC)
        self.sheriff = elected
        self.emit(EventKind.SHERIFF, -1, elected, None, PUBLIC)

    def _speeches(self):
        """All of the day's speeches; returns True if a speech ended the day."""
        rules = self.rules
        if rules.speech_order == "bidding":
            turns = rules.bidding_turns or sum(self.alive)
            bids_legal = [self.layout.offset[Kind.BID] + b for b in range(MAX_BID + 1)]
            for _ in range(turns):
                alive = self.alive_seats()
                bids = yield from self.ask(Phase.BID, alive, lambda s: bids_legal)
                amount = {s: self.layout.decode(self.index_of(bids[s]))[1] for s in alive}
                for s in alive:
                    self.emit(EventKind.BID, s, -1, amount[s], s)
                top = max(amount.values())
                tied = [s for s in alive if amount[s] == top]
                named = [s for s in tied if s in self._last_speech_names]
                pool = named or tied
                speaker = pool[0] if len(pool) == 1 else pool[self.draw(len(pool))]
                if (yield from self.speak(speaker, Phase.SPEECH)):
                    return True
            return False
        if rules.speech_order == "sheriff_direction" and self.sheriff >= 0:
            sheriff = self.sheriff
            o = self.layout.offset
            c = (yield from self.ask(Phase.DIRECTION, (sheriff,),
                                      lambda s: [o[Kind.CLOCKWISE], o[Kind.ANTICLOCKWISE]]))[sheriff]
            step = 1 if self.index_of(c) == o[Kind.CLOCKWISE] else -1
            self.emit(EventKind.DIRECTION, sheriff, -1, step, PUBLIC)
            order = [(sheriff + step * k) % self.n for k in range(1, self.n + 1)]
        else:
            order = self._rotation((self.start_seat + self.day - 1) % self.n)
        for _ in range(rules.speech_rounds):
            for s in order:
                if self.alive[s] and (yield from self.speak(s, Phase.SPEECH)):
                    return True
        return False

    def _explode(self, wolf: int):
        self.emit(EventKind.EXPLODE, wolf, -1, None, PUBLIC)
        self.emit(EventKind.REVEAL, -1, wolf, self.roles[wolf], PUBLIC)
        self._kill(wolf, "explode")
        if self.sheriff == wolf:
            self.sheriff = -1
            self.emit(EventKind.BADGE, wolf, -1, None, PUBLIC)
        self._check_win()
        if self.roles[wolf] in TAKES_ON_EXPLODE:
            c = (yield from self.ask(Phase.TAKE, (wolf,), lambda s: self.targets()))[wolf]
            taken = self.target_of(c)
            self.emit(EventKind.TAKE, wolf, taken, None, PUBLIC)
            if taken >= 0:
                self._kill(taken, "taken")
                self._check_win()
                yield from self._after_death(taken, "taken", False)

    def _duel(self, knight: int, target: int):
        self.knight_used = True
        wolf = self.is_wolf[target]
        self.emit(EventKind.DUEL, knight, target, wolf, PUBLIC)
        # A duel shows the knight for what it is and the target's side to everybody.
        self.emit(EventKind.REVEAL, -1, knight, self.roles[knight], PUBLIC)
        self.emit(EventKind.REVEAL, -1, target, Side.WOLVES if wolf else Side.VILLAGE, PUBLIC)
        loser = target if wolf else knight
        self._kill(loser, "duel")
        self._check_win()
        yield from self._after_death(loser, "duel", False)
        return wolf

    def tally(self, votes: dict[int, int], weighted: bool) -> list[int]:
        """Seats with the most votes (sorted), or [] when everybody abstained."""
        score: dict[int, float] = {}
        weight = self.rules.sheriff_vote_weight
        for voter, target in votes.items():
            if target >= 0:
                score[target] = score.get(target, 0.0) + (weight if weighted and voter == self.sheriff else 1.0)
        if not score:
            return []
        top = max(score.values())
        return sorted(t for t, v in score.items() if v == top)

    def _collect_votes(self, phase: Phase, voters: list[int], legal_for):
        """Votes of ``voters``: all at once (hidden) or one by one in the open, as the rules say."""
        if self.rules.vote == "simultaneous":
            votes = yield from self.ask(phase, voters, legal_for)
            out = {s: self.target_of(votes[s]) for s in voters}
            for s in voters:
                self.emit(EventKind.VOTE, s, out[s], None, PUBLIC)
            self.day_votes.update(out)
            return out
        out = {}
        for s in voters:
            c = (yield from self.ask(phase, (s,), legal_for))[s]
            out[s] = self.target_of(c)
            self.emit(EventKind.VOTE, s, out[s], None, PUBLIC)
        self.day_votes.update(out)
        return out

    def _vote(self):
        """The day vote; returns the seat to exile or -1."""
        voters = [s for s in self._rotation(self.start_seat) if self.can_vote[s]]
        votes = yield from self._collect_votes(Phase.VOTE, voters, lambda s: self.targets(exclude=s))
        leaders = self.tally(votes, weighted=True)
        if len(leaders) == 1:
            return leaders[0]
        tie = self.rules.tie
        if not leaders or tie == "none":
            self.emit(EventKind.EXILE, -1, -1, None, PUBLIC)
            return -1
        if tie == "random":
            return leaders[self.draw(len(leaders))]
        self.emit(EventKind.PK, -1, -1, tuple(leaders), PUBLIC)
        for s in leaders:
            if (yield from self.speak(s, Phase.PK_SPEECH)):
                return -1
        pk_voters = [s for s in voters if s not in leaders and self.alive[s]]
        if pk_voters:
            votes = yield from self._collect_votes(Phase.PK_VOTE, pk_voters, lambda s: self.targets(among=leaders))
            leaders = self.tally(votes, weighted=True)
            if len(leaders) == 1:
                return leaders[0]
        self.emit(EventKind.EXILE, -1, -1, None, PUBLIC)
        return -1

    def _exile(self, seat: int):
        self.emit(EventKind.EXILE, -1, seat, None, PUBLIC)
        if self.roles[seat] in SURVIVES_EXILE and not self.idiot_revealed:
            self.idiot_revealed = True
            self.can_vote[seat] = False
            self._mute_mask |= 1 << seat
            self.emit(EventKind.IDIOT, -1, seat, None, PUBLIC)
            self.emit(EventKind.REVEAL, -1, seat, self.roles[seat], PUBLIC)
            return
        self._kill(seat, "exile")
        self._check_win()
        yield from self._after_death(seat, "exile", self.rules.last_words != "none")
