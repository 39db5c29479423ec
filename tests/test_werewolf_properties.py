"""Properties of random legal games over random seeds, boards and rule options (Hypothesis).

Each example plays one whole game with uniformly random legal actions (sometimes sent as
structured Actions) and checks one family of invariants against the engine's events and state.
The boards are the shipped variants, half the time with a random mix of compatible options.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from scenes import board

from parlour.envs import werewolf_v0
from parlour.envs.werewolf import Action, Kind, Phase, Role, RuleSet, Side, WerewolfEngine, get_variant
from parlour.envs.werewolf.actions import SPEECH_KINDS
from parlour.envs.werewolf.engine import SPEECH_PHASES
from parlour.envs.werewolf.events import EventKind, visible_to
from parlour.envs.werewolf.features import FeatureBuilder
from parlour.envs.werewolf.roles import WOLF_ROLES

VARIANTS = werewolf_v0.VARIANTS
SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def boards(draw) -> RuleSet:
    rules = get_variant(draw(st.sampled_from(VARIANTS)))
    if draw(st.booleans()):
        return rules
    sheriff = draw(st.booleans())
    has_wwk = Role.WHITE_WOLF_KING in rules.role_counts
    return board(
        rules,
        witch_self_save=draw(st.sampled_from(["never", "first_night", "always"])),
        witch_both_potions=draw(st.booleans()),
        guard_save_conflict=draw(st.sampled_from(["survives", "dies"])),
        doctor_self_protect=draw(st.booleans()),
        doctor_repeat=draw(st.booleans()),
        seer_reveals=draw(st.sampled_from(["side", "role"])),
        death_reveals=draw(st.sampled_from(["nothing", "side", "role"])),
        sheriff=sheriff,
        sheriff_vote_weight=draw(st.sampled_from([1.0, 1.5, 2.0])),
        last_words=draw(st.sampled_from(["first_night_and_exiles", "exiles_only", "none"])),
        speech_order=draw(st.sampled_from(["rotation", "bidding"] + (["sheriff_direction"] if sheriff else []))),
        bidding_turns=draw(st.integers(0, 4)),
        vote=draw(st.sampled_from(["simultaneous", "sequential"])),
        tie=draw(st.sampled_from(["pk_revote", "random", "none"])),
        wolf_self_explode=True if has_wwk else draw(st.booleans()),
        wolf_kill=draw(st.sampled_from(["majority", "leader"])),
        win_rule=draw(st.sampled_from(["side_kill", "kill_all", "parity"])),
        day_limit=draw(st.integers(1, 12)),
    )


@dataclass
class Asked:
    """A decision as it was asked, with the state at that moment."""

    phase: Phase
    actors: tuple[int, ...]
    legal: dict
    day: int
    alive: list[bool]
    sheriff: int
    n_events: int


@dataclass
class Game:
    engine: WerewolfEngine
    asked: list[Asked] = field(default_factory=list)


def random_choice(engine: WerewolfEngine, seat: int, rng: np.random.Generator):
    """A uniformly random legal index; now and then as a structured Action, as a language agent sends."""
    legal = engine.legal_actions(seat)
    index = int(legal[rng.integers(len(legal))])
    rare = [i for i in legal if engine.layout.decode(i)[0] in (Kind.EXPLODE, Kind.DUEL)]
    if rare and rng.random() < 0.1:  # one index among ~50: without a push, games would rarely show them
        index = int(rare[rng.integers(len(rare))])
    if rng.random() < 0.85:
        return index
    layout, phase = engine.layout, engine.decision.phase
    if phase in SPEECH_PHASES and rng.random() < 0.5:
        stances = [i for i in legal if layout.decode(i)[0] in SPEECH_KINDS - {Kind.PASS}]
        picked = [int(i) for i in rng.choice(stances, size=min(3, len(stances)), replace=False)] if stances else []
        fields: dict = {"text": "random words"}
        for i in picked:
            kind, arg = layout.decode(i)
            if kind is Kind.CLAIM and "claim" not in fields:
                fields["claim"] = Role(arg)
            elif kind in (Kind.REPORT_WOLF, Kind.REPORT_GOOD):
                side = Side.WOLVES if kind is Kind.REPORT_WOLF else Side.VILLAGE
                fields["reports"] = fields.get("reports", ()) + ({"seat": arg, "side": side},)
            elif kind is Kind.ACCUSE:
                fields["accuse"] = fields.get("accuse", ()) + (arg,)
            elif kind is Kind.DEFEND:
                fields["defend"] = fields.get("defend", ()) + (arg,)
            elif kind is Kind.VOTE_INTENT and "vote_intent" not in fields:
                fields["vote_intent"] = arg
        return Action(**fields)
    if index == engine.PASS and rng.random() < 0.5:
        return Action(text="I pass")  # no stances: a pass with text, in any decision that allows a pass
    return Action(index=index, text="because")


def play(rules: RuleSet, seed: int, action_seed: int, each_step=None) -> Game:
    engine = WerewolfEngine(rules, seed)
    game, rng, shown = Game(engine), np.random.default_rng(action_seed), None
    while not engine.done:
        d = engine.decision
        if d is not shown:
            shown = d
            game.asked.append(Asked(d.phase, d.actors, d.legal, engine.day, list(engine.alive), engine.sheriff,
                                    len(engine.events)))
        seat = engine.next_actor()
        engine.step(seat, random_choice(engine, seat, rng))
        if each_step is not None:
            each_step(engine)
        assert len(engine.history) < 20000, "the game does not end"
    return game


games = given(rules=boards(), seed=st.integers(0, 2**32 - 1), action_seed=st.integers(0, 2**32 - 1))


# ====================================================================== who acts
DEAD_MAY_ACT = {Phase.LAST_WORDS, Phase.SHOOT, Phase.BADGE, Phase.TAKE}


@settings(max_examples=600, **SETTINGS)
@games
def test_dead_players_never_act(rules, seed, action_seed):
    """Only the seat that just died acts when dead: last words, a hunter's or wolf king's shot, the
    badge hand-over of a dead sheriff, the White Wolf King's take after exploding."""
    game = play(rules, seed, action_seed)
    e = game.engine
    for a in game.asked:
        dead = [s for s in a.actors if not a.alive[s]]
        if a.phase not in DEAD_MAY_ACT:
            assert not dead, (a.phase, a.actors)
            continue
        (seat,) = a.actors
        assert dead == [seat], f"{a.phase.name} asked of a living seat {seat}"
        died_today = [ev for ev in e.events[:a.n_events] if ev.kind == EventKind.DEATH and ev.target == seat]
        assert len(died_today) == 1 and died_today[0].day == a.day
        cause = e.death_cause[seat]
        if a.phase is Phase.SHOOT:
            assert e.roles[seat] in (Role.HUNTER, Role.WOLF_KING) and cause not in ("poison", "explode")
        elif a.phase is Phase.TAKE:
            assert e.roles[seat] is Role.WHITE_WOLF_KING and cause == "explode"
        elif a.phase is Phase.BADGE:
            assert a.sheriff == seat
        elif a.phase is Phase.LAST_WORDS:
            assert cause == "exile" and rules.last_words != "none" or (
                a.day == 1 and cause in ("wolves", "poison", "love") and rules.last_words == "first_night_and_exiles")


@settings(max_examples=600, **SETTINGS)
@games
def test_potions_and_the_guard(rules, seed, action_seed):
    game = play(rules, seed, action_seed)
    events = game.engine.events
    saves = [ev for ev in events if ev.kind == EventKind.WITCH_SAVE]
    poisons = [ev for ev in events if ev.kind == EventKind.WITCH_POISON]
    assert len(saves) <= 1 and len(poisons) <= 1
    offered_save = [a for a in game.asked if a.phase is Phase.WITCH_SAVE]
    offered_poison = [a for a in game.asked if a.phase is Phase.WITCH_POISON]
    if saves:
        assert all(a.n_events <= events.index(saves[0]) for a in offered_save)
        if not rules.witch_both_potions:
            assert not any(a.day == saves[0].day for a in offered_poison)
    if poisons:
        assert all(a.n_events <= events.index(poisons[0]) for a in offered_poison)
    for a in offered_save:  # a bitten witch saves herself only as the rule says
        seen = [ev for ev in events[:a.n_events] if ev.kind == EventKind.WITCH_SEES][-1]
        if seen.target == a.actors[0]:
            assert rules.witch_self_save == "always" or (rules.witch_self_save == "first_night" and a.day == 1)
    guarded = {ev.day: ev.target for ev in events if ev.kind == EventKind.GUARD}
    for day, target in guarded.items():
        assert target < 0 or guarded.get(day - 1) != target, f"seat {target} guarded on nights {day - 1} and {day}"
    doctor = {ev.day: ev.target for ev in events if ev.kind == EventKind.DOCTOR}
    for day, target in doctor.items():
        if not rules.doctor_repeat:
            assert target < 0 or doctor.get(day - 1) != target
        if not rules.doctor_self_protect:
            assert target != game.engine.roles.index(Role.DOCTOR)


# ====================================================================== votes
def tally(votes: list[tuple[int, int]], sheriff: int, weight: float) -> list[int]:
    score: dict[int, float] = {}
    for voter, target in votes:
        if target >= 0:
            score[target] = score.get(target, 0.0) + (weight if voter == sheriff else 1.0)
    top = max(score.values(), default=None)
    return sorted(t for t, v in score.items() if v == top)


@settings(max_examples=600, **SETTINGS)
@games
def test_votes_are_counted_with_the_sheriffs_weight(rules, seed, action_seed):
    """Recompute every day vote from the VOTE events and the sheriff of the moment; the PK and
    EXILE events must agree, and the voters must be the living seats that still have a vote."""
    e = play(rules, seed, action_seed).engine
    alive, sheriff, no_vote = [True] * e.n, -1, set()
    round_, expected_voters, first_round = [], set(), True
    for ev in e.events:
        k = ev.kind
        if k == EventKind.DEATH:
            alive[ev.target] = False
        elif k in (EventKind.SHERIFF, EventKind.BADGE):
            sheriff = ev.target
        elif k == EventKind.IDIOT:
            no_vote.add(ev.target)
        elif k == EventKind.VOTE:
            if not round_ and first_round:
                expected_voters = {s for s in range(e.n) if alive[s] and s not in no_vote}
            assert ev.actor not in [v for v, _ in round_]
            round_.append((ev.actor, ev.target))
        elif k == EventKind.PK and round_:  # a tie in the day's vote (the election's ties follow SHERIFF_VOTEs)
            leaders = tally(round_, sheriff, rules.sheriff_vote_weight)
            assert rules.tie == "pk_revote" and first_round and len(leaders) > 1 and ev.value == tuple(leaders)
            assert {v for v, _ in round_} == expected_voters
            expected_voters -= set(leaders)
            round_, first_round = [], False
        elif k == EventKind.EXILE:
            leaders = tally(round_, sheriff, rules.sheriff_vote_weight)
            assert {v for v, _ in round_} == (expected_voters if round_ or not first_round else set())
            if ev.target >= 0:
                if rules.tie == "random" and first_round:
                    assert ev.target in leaders
                else:
                    assert leaders == [ev.target], (round_, sheriff, ev)
            else:
                assert not leaders or len(leaders) > 1 and (rules.tie == "none" or not first_round), (round_, sheriff)
            round_, first_round = [], True


# ====================================================================== the end of the game
def expected_winner(rules: RuleSet, roles: list[Role], alive: list[bool], third=frozenset()) -> Side | None:
    """``third``: the seats of Cupid's third side (lovers with a wolf among them, and Cupid): it wins
    alone when only its seats live, and no other side wins while one of them lives."""
    if third:
        living_seats = [s for s, a in enumerate(alive) if a]
        if all(s in third for s in living_seats):
            return Side.LOVERS
        if any(s in third for s in living_seats):
            return None
    living = [r for r, a in zip(roles, alive) if a]
    wolves = sum(r in WOLF_ROLES for r in living)
    goods = len(living) - wolves
    villagers = living.count(Role.VILLAGER)
    gods = goods - villagers
    if wolves == 0:
        return Side.VILLAGE
    if rules.win_rule == "side_kill" and (gods == 0 or (Role.VILLAGER in rules.role_counts and villagers == 0)):
        return Side.WOLVES
    if rules.win_rule == "kill_all" and goods == 0 or rules.win_rule == "parity" and wolves >= goods:
        return Side.WOLVES
    return None


@settings(max_examples=600, **SETTINGS)
@games
@example(  # a night that kills a villager (parity reached) and a poisoned wolf (parity lost again)
    rules=board("classic-9", sheriff=True, speech_order="bidding", tie="random", win_rule="parity", day_limit=2,
                witch_self_save="never", sheriff_vote_weight=1.0),
    seed=1, action_seed=1175)
def test_the_game_ends_exactly_when_the_win_rule_says(rules, seed, action_seed):
    def after_each_step(engine: WerewolfEngine) -> None:
        winner = expected_winner(rules, engine.roles, engine.alive, engine.third_side)
        if winner is not None:
            assert engine.done and engine.winner is winner
        elif engine.done:
            assert engine.truncated and engine.winner is None

    e = play(rules, seed, action_seed, after_each_step).engine
    assert e.done and e.events[-1].kind == EventKind.GAME_OVER and e.events[-1].value == e.winner
    assert sum(ev.kind == EventKind.GAME_OVER for ev in e.events) == 1
    # At every death: once the rule is met, nothing but the deaths' own bookkeeping happens before
    # the end. Deaths that come together (the night's, announced at dawn) count as one.
    alive, decided, events = [True] * e.n, False, e.events
    together = {EventKind.DEATH, EventKind.REVEAL}
    for i, ev in enumerate(events):
        if ev.kind == EventKind.DEATH:
            alive[ev.target] = False
        if ev.kind not in together or events[i + 1].kind in together:
            continue
        if not decided and expected_winner(rules, e.roles, alive, e.third_side) is not None:
            decided = True
            rest = [x.kind for x in e.events[i + 1:]]
            assert rest[-1] == EventKind.GAME_OVER, rest
            assert set(rest[:-1]) <= {EventKind.BADGE}, rest
    assert alive == e.alive and decided is (e.winner is not None)


@settings(max_examples=600, **SETTINGS)
@games
def test_every_game_ends_within_the_day_limit(rules, seed, action_seed):
    e = play(rules, seed, action_seed).engine
    assert 1 <= e.day <= rules.day_limit
    assert sum(ev.kind == EventKind.NIGHT for ev in e.events) == e.day
    if e.truncated:
        assert e.day == rules.day_limit and e.winner is None
        assert expected_winner(rules, e.roles, e.alive, e.third_side) is None


# ====================================================================== hidden information and masks
@settings(max_examples=200, **SETTINGS)
@games
def test_a_seat_observation_changes_only_with_what_it_may_see(rules, seed, action_seed):
    """After each step, a seat that could see none of the new events has the same observation,
    except the blocks every decision rewrites (phase, day, whose turn)."""
    engine = WerewolfEngine(rules, seed)
    features = FeatureBuilder(engine)
    layout = features.layout
    keep = np.ones(layout.size, bool)
    for block in ("phase", "day", "to_act"):
        start, stop, _ = layout.slices[block]
        keep[start:stop] = False
    n, rng = engine.n, np.random.default_rng(action_seed)
    before = [features.observe(s) for s in range(n)]
    seen = len(engine.events)
    while not engine.done:
        seat = engine.next_actor()
        engine.step(seat, random_choice(engine, seat, rng))
        new = engine.events[seen:]
        seen = len(engine.events)
        now = [features.observe(s) for s in range(n)]
        public = layout.public_size
        assert all(np.array_equal(now[0][:public], o[:public]) for o in now)  # one public part for all
        for s in range(n):
            if not any(visible_to(ev, s, engine.is_wolf[s]) for ev in new):
                assert np.array_equal(now[s][keep], before[s][keep]), (s, [ev.kind.name for ev in new])
        before = now


class _SeatView:
    """The engine as one seat knows it: the same decision, only the events visible to the seat."""

    def __init__(self, engine: WerewolfEngine, seat: int):
        self.engine, self.seat = engine, seat
        self.n, self.rules, self.is_wolf = engine.n, engine.rules, engine.is_wolf

    def __getattr__(self, name):
        return getattr(self.engine, name)

    @property
    def events(self):
        wolf = self.engine.is_wolf[self.seat]
        return [ev for ev in self.engine.events if visible_to(ev, self.seat, wolf)]


@settings(max_examples=100, **SETTINGS)
@games
def test_a_seat_observation_is_a_function_of_the_events_it_may_see(rules, seed, action_seed):
    engine = WerewolfEngine(rules, seed)
    full = FeatureBuilder(engine)
    rng = np.random.default_rng(action_seed)
    stop_at = int(rng.integers(1, 400))
    while not engine.done and len(engine.history) < stop_at:
        seat = engine.next_actor()
        engine.step(seat, random_choice(engine, seat, rng))
    for s in range(engine.n):
        own = FeatureBuilder(_SeatView(engine, s))
        assert np.array_equal(full.observe(s), own.observe(s)), s


@settings(max_examples=100, **SETTINGS)
@given(variant=st.sampled_from(VARIANTS), seed=st.integers(0, 2**32 - 1), action_seed=st.integers(0, 2**32 - 1))
def test_the_action_mask_is_the_engines_legal_actions(variant, seed, action_seed):
    env = werewolf_v0.env(variant)
    env.reset(seed=seed)
    u, rng = env.unwrapped, np.random.default_rng(action_seed)
    for name in env.agent_iter():
        obs, _, term, trunc, _ = env.last()
        if term or trunc:
            env.step(None)
            continue
        seat = u.agent_name_mapping[name]
        mask = obs["action_mask"]
        assert mask.shape == (u.layout.size,) and set(np.unique(mask)) <= {0, 1}
        legal = u.engine.legal_actions(seat)
        assert list(np.flatnonzero(mask)) == sorted(legal) and len(set(legal)) == len(legal)
        env.step(int(rng.choice(legal)))


@settings(max_examples=100, **SETTINGS)
@given(variant=st.sampled_from(VARIANTS), seed=st.integers(0, 2**32 - 1), action_seed=st.integers(0, 2**32 - 1))
def test_parallel_masks_movers_and_waiting_seats(variant, seed, action_seed):
    env = werewolf_v0.parallel_env(variant)
    obs, _ = env.reset(seed=seed)
    u, rng = env.unwrapped, np.random.default_rng(action_seed)
    while env.agents:
        movers = u.engine.to_move()
        actions = {}
        for a, o in obs.items():
            seat = u.agent_name_mapping[a]
            legal = np.flatnonzero(o["action_mask"])
            if seat in movers:
                assert list(legal) == sorted(u.engine.legal_actions(seat))
            else:
                assert list(legal) == [u.engine.PASS]
            actions[a] = int(rng.choice(legal))
        obs, *_ = env.step(actions)
    assert all(not o["action_mask"].any() for o in obs.values())
