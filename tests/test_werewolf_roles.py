"""Each role in scripted scenes: what it may do, when, and what follows; one option at a time.

Scenes drive the real engine (``tests/scenes.py``); seats are found by role after the seeded deal,
and boards are shipped variants with one option changed (``board(...)``).
"""

from __future__ import annotations

import pytest
from scenes import Scene, board, deaths, phases_of, speak_as, tiny

from parlour.envs.werewolf import Kind, Phase, Role
from parlour.envs.werewolf.engine import NIGHT_PHASES
from parlour.envs.werewolf.events import PUBLIC, WOLVES, EventKind


# ====================================================================== witch
@pytest.mark.parametrize("option, night, offered", [
    ("never", 1, False), ("first_night", 1, True), ("first_night", 2, False), ("always", 1, True), ("always", 2, True),
])
def test_witch_self_save_option_decides_if_the_antidote_is_offered_to_a_bitten_witch(option, night, offered):
    s = Scene(board(witch_self_save=option), seed=1)
    witch = s.seat(Role.WITCH)
    if night == 2:
        s.night(kill=None)
        s.skip_day()
    s.until(Phase.WOLF_KILL)
    s.run(lambda sc, p, seat: sc.idx(Kind.TARGET, witch), while_=lambda sc: sc.phase is Phase.WOLF_KILL)
    assert s.events(EventKind.WITCH_SEES)[-1].target == witch  # she learns it either way
    assert (s.phase is Phase.WITCH_SAVE) is offered
    if offered:
        s.act(witch, s.idx(Kind.YES))
        s.night()
        assert witch not in deaths(s)
    else:
        assert s.phase is Phase.WITCH_POISON


@pytest.mark.parametrize("option", ["never", "first_night"])
def test_witch_may_always_save_someone_else(option):
    s = Scene(board(witch_self_save=option), seed=1)
    s.night(kill=None)
    s.skip_day()
    victim = s.seat(Role.VILLAGER)
    s.until(Phase.WOLF_KILL)
    s.run(lambda sc, p, seat: sc.idx(Kind.TARGET, victim), while_=lambda sc: sc.phase is Phase.WOLF_KILL)
    assert s.phase is Phase.WITCH_SAVE


@pytest.mark.parametrize("both", [False, True])
def test_witch_both_potions_decides_if_poison_follows_a_save(both):
    s = Scene(board(witch_both_potions=both), seed=2)
    victim, wolf = s.seat(Role.VILLAGER), s.wolves[0]
    decisions = s.night(kill=victim, save=True, poison=wolf)
    assert (Phase.WITCH_POISON in phases_of(decisions)) is both
    assert victim not in deaths(s)
    assert (deaths(s).get(wolf) == "night") is both


def test_each_potion_is_used_once():
    s = Scene(board(witch_both_potions=False), seed=3)
    v1, v2, v3 = s.seats(Role.VILLAGER)
    wolf = s.wolves[0]
    s.night(kill=v1, save=True)
    s.skip_day()
    mark = s.mark()
    d2 = phases_of(s.night(kill=v2, poison=wolf))
    assert Phase.WITCH_SAVE not in d2 and Phase.WITCH_POISON in d2
    assert not s.events(EventKind.WITCH_SEES, mark)  # an empty antidote: the witch is not told the victim
    assert deaths(s, mark) == {v2: "night", wolf: "night"}
    assert s.engine.death_cause[wolf] == "poison"
    s.skip_day()
    d3 = phases_of(s.night(kill=v3))
    assert Phase.WITCH_SAVE not in d3 and Phase.WITCH_POISON not in d3
    assert len(s.events(EventKind.WITCH_SAVE)) == len(s.events(EventKind.WITCH_POISON)) == 1


def test_the_witch_may_not_poison_herself():
    s = Scene(board(), seed=4)
    s.until(Phase.WITCH_POISON)  # the wolves passed, so there is no antidote decision
    witch = s.actors[0]
    assert s.engine.roles[witch] is Role.WITCH
    assert witch not in s.targets(witch) and s.targets(witch) == set(s.engine.alive_seats()) - {witch}


# ====================================================================== guard and doctor
@pytest.mark.parametrize("conflict, dies", [("survives", False), ("dies", True)])
def test_guard_save_conflict(conflict, dies):
    s = Scene(board("xu-7", guard_save_conflict=conflict), seed=5)
    victim = s.seat(Role.VILLAGER)
    s.night(kill=victim, guard=victim, save=True)
    assert (victim in deaths(s)) is dies


def test_guard_alone_or_witch_alone_saves():
    for guard, save in ((True, False), (False, True)):
        s = Scene(board("xu-7", guard_save_conflict="dies"), seed=5)
        victim = s.seat(Role.VILLAGER)
        s.night(kill=victim, guard=victim if guard else None, save=save)
        assert victim not in deaths(s)
    s = Scene(board("xu-7"), seed=5)
    victim = s.seat(Role.VILLAGER)
    s.night(kill=victim)
    assert deaths(s) == {victim: "night"}


def test_guard_never_protects_the_same_seat_two_nights_running():
    s = Scene(board("xu-7"), seed=6)
    guard = s.seat(Role.GUARD)
    a, b = s.seats(Role.VILLAGER)
    s.until(Phase.GUARD)
    assert s.targets(guard) == set(range(7))  # the guard may guard himself
    s.night(guard=a)
    s.skip_day()
    s.until(Phase.GUARD)
    assert a not in s.targets(guard) and guard in s.targets(guard) and b in s.targets(guard)
    s.night(guard=b)
    s.skip_day()
    s.until(Phase.GUARD)
    assert a in s.targets(guard) and b not in s.targets(guard)
    s.night(guard=None)  # guarding nobody frees every seat for the next night
    s.skip_day()
    s.until(Phase.GUARD)
    assert s.targets(guard) == set(s.engine.alive_seats())


@pytest.mark.parametrize("self_protect", [True, False])
def test_doctor_self_protect(self_protect):
    s = Scene(board("kaggle-8", doctor_self_protect=self_protect), seed=7)
    s.until(Phase.DOCTOR)
    doctor = s.seat(Role.DOCTOR)
    assert (doctor in s.targets(doctor)) is self_protect
    assert s.targets(doctor) >= set(s.engine.alive_seats()) - {doctor}


@pytest.mark.parametrize("repeat", [True, False])
def test_doctor_repeat(repeat):
    s = Scene(board("kaggle-8", doctor_repeat=repeat), seed=7)
    doctor, patient = s.seat(Role.DOCTOR), s.seat(Role.VILLAGER)
    s.night(protect=patient, kill=patient)
    assert patient not in deaths(s)  # the doctor's protection holds against the wolves
    s.skip_day()
    s.until(Phase.DOCTOR)
    assert (patient in s.targets(doctor)) is repeat


# ====================================================================== self-explosion and wolf kings
@pytest.mark.parametrize("on", [True, False])
def test_explode_is_legal_only_when_on_and_only_for_wolves(on):
    s = Scene(board(wolf_self_explode=on), seed=23)
    s.night(kill=None)
    explode = s.idx(Kind.EXPLODE)
    seen = set()
    while s.phase is not Phase.VOTE:
        if s.phase is Phase.SPEECH:
            seat = s.actors[0]
            seen.add(seat)
            assert (explode in s.legal(seat)) is (on and s.engine.is_wolf[seat])
        s.noop(s.actors[0])
    assert seen == set(range(9))


def test_explosion_ends_the_day_without_a_vote():
    s = Scene(board(wolf_self_explode=True), seed=23)
    wolf = s.wolves[1]
    s.night(kill=None)
    mark = s.mark()
    speak_as(s, wolf, s.idx(Kind.EXPLODE))
    kinds = [e.kind for e in s.events(since=mark)]
    assert kinds[-4:] == [EventKind.EXPLODE, EventKind.REVEAL, EventKind.DEATH, EventKind.NIGHT]
    assert deaths(s, mark) == {wolf: "explode"}
    assert s.phase in NIGHT_PHASES and s.engine.day == 2
    assert not s.events(EventKind.VOTE) and not s.events(EventKind.EXILE)


def test_white_wolf_king_takes_one_player_when_exploding():
    s = Scene(board("white-wolf-king-12"), seed=24)
    king, villager = s.seat(Role.WHITE_WOLF_KING), s.seat(Role.VILLAGER)
    s.night(kill=None)
    mark = s.mark()
    speak_as(s, king, s.idx(Kind.EXPLODE))
    assert s.phase is Phase.TAKE and s.actors == (king,) and not s.engine.alive[king]
    s.target(king, villager)
    assert deaths(s, mark) == {king: "explode", villager: "taken"}
    assert s.events(EventKind.TAKE)[-1][2:4] == (king, villager)
    assert s.phase in NIGHT_PHASES


def test_a_plain_werewolf_explosion_takes_nobody():
    s = Scene(board("white-wolf-king-12"), seed=24)
    wolf = s.seat(Role.WEREWOLF)
    s.night(kill=None)
    mark = s.mark()
    speak_as(s, wolf, s.idx(Kind.EXPLODE))
    assert deaths(s, mark) == {wolf: "explode"} and s.phase in NIGHT_PHASES
    assert not s.events(EventKind.TAKE)


def test_a_hunter_taken_by_the_white_wolf_king_shoots():
    s = Scene(board("white-wolf-king-12"), seed=24)
    king, hunter = s.seat(Role.WHITE_WOLF_KING), s.seat(Role.HUNTER)
    s.night(kill=None)
    speak_as(s, king, s.idx(Kind.EXPLODE))
    s.target(king, hunter)
    assert s.phase is Phase.SHOOT and s.actors == (hunter,)


def test_wolf_king_shoots_when_exiled_or_bitten_but_not_when_poisoned():
    rules = board("wolf-king-12", sheriff=False, speech_order="rotation")
    s = Scene(rules, seed=25)
    king, villager = s.seat(Role.WOLF_KING), s.seat(Role.VILLAGER)
    s.night(kill=None)
    s.to_vote()
    s.vote({v: king for v in s.actors if v != king})
    s.until(Phase.SHOOT)
    assert s.actors == (king,)
    mark = s.mark()
    s.target(king, villager)
    assert deaths(s, mark) == {villager: "shot"}
    assert any(e.target == king and e.value is Role.WOLF_KING for e in s.events(EventKind.REVEAL, mark))

    s = Scene(rules, seed=25)
    s.night(kill=king)  # the wolves may bite their own king
    assert s.phase is Phase.LAST_WORDS
    s.noop(king)
    assert s.phase is Phase.SHOOT and s.actors == (king,)

    s = Scene(rules, seed=25)
    day1 = phases_of(s.night(kill=None, poison=king) + s.run(until=Phase.VOTE))
    assert not s.engine.alive[king] and s.engine.death_cause[king] == "poison"
    assert Phase.SHOOT not in day1


@pytest.mark.parametrize("how, shoots", [
    ("bitten", True), ("exiled", True), ("poisoned", False), ("bitten+poisoned", False),
])
def test_hunter_shoots_unless_poisoned(how, shoots):
    s = Scene(board(witch_both_potions=True), seed=26)
    hunter, villager = s.seat(Role.HUNTER), s.seat(Role.VILLAGER)
    s.night(kill=hunter if "bitten" in how else None, poison=hunter if "poisoned" in how else None)
    if how == "exiled":
        s.to_vote()
        s.vote({v: hunter for v in s.actors if v != hunter})
    day = s.run(until=(Phase.SHOOT, Phase.VOTE), while_=lambda sc: sc.phase not in NIGHT_PHASES)
    assert not s.engine.alive[hunter]
    assert (s.phase is Phase.SHOOT) is shoots, phases_of(day)
    if shoots:
        assert s.actors == (hunter,) and hunter not in s.targets(hunter)
        mark = s.mark()
        s.target(hunter, villager)
        assert deaths(s, mark) == {villager: "shot"}
        assert s.events(EventKind.SHOOT)[-1][2:4] == (hunter, villager)


def test_hunter_may_hold_fire():
    s = Scene(board(), seed=26)
    hunter = s.seat(Role.HUNTER)
    s.night(kill=hunter)
    s.until(Phase.SHOOT)
    mark = s.mark()
    s.target(hunter, None)
    assert not deaths(s, mark) and s.events(EventKind.SHOOT)[-1].target == -1


# ====================================================================== idiot and knight
def test_idiot_survives_the_first_exile_loses_the_vote_and_dies_the_second_time():
    s = Scene(board("standard-12-idiot", sheriff=False, speech_order="rotation"), seed=27)
    idiot = s.seat(Role.IDIOT)
    s.night(kill=None)
    s.to_vote()
    assert idiot in s.actors
    mark = s.mark()
    s.vote({v: idiot for v in s.actors if v != idiot})
    assert s.engine.alive[idiot] and not s.engine.can_vote[idiot]
    kinds = [e.kind for e in s.events(since=mark)]
    assert kinds[-4:] == [EventKind.EXILE, EventKind.IDIOT, EventKind.REVEAL, EventKind.NIGHT]  # no last words
    assert not deaths(s, mark)
    s.skip_day()
    s.night(kill=None)
    s.to_vote()
    assert idiot not in s.actors and all(idiot in s.targets(v) for v in s.actors)
    s.vote({v: idiot for v in s.actors})
    s.skip_day()
    assert deaths(s, mark) == {idiot: "exile"}


def test_idiot_bitten_at_night_dies():
    s = Scene(board("standard-12-idiot", sheriff=False, speech_order="rotation"), seed=27)
    idiot = s.seat(Role.IDIOT)
    s.night(kill=idiot)
    assert deaths(s) == {idiot: "night"}


def knight_scene(seed=28):
    s = Scene(board("knight-12", sheriff=False, speech_order="rotation"), seed=seed)
    s.night(kill=None)
    return s, s.seat(Role.KNIGHT)


def test_only_the_knight_may_duel_and_only_on_a_day_speech():
    s, knight = knight_scene()
    while s.phase is not Phase.VOTE:
        if s.phase is Phase.SPEECH:
            seat = s.actors[0]
            duels = {a for k, a in map(s.layout.decode, s.legal(seat)) if k is Kind.DUEL}
            assert duels == (set(range(12)) - {knight} if seat == knight else set())
        s.noop(s.actors[0])


def test_knight_duel_with_a_wolf_kills_it_and_ends_the_day():
    s, knight = knight_scene()
    wolf = s.wolves[0]
    mark = s.mark()
    speak_as(s, knight, s.idx(Kind.DUEL, wolf))
    assert deaths(s, mark) == {wolf: "duel"}
    assert s.events(EventKind.DUEL)[-1][2:5] == (knight, wolf, True)
    assert s.phase in NIGHT_PHASES and not s.events(EventKind.VOTE)


def test_knight_duel_with_a_good_player_kills_the_knight_and_the_day_goes_on():
    s, knight = knight_scene()
    villager = s.seat(Role.VILLAGER)
    mark = s.mark()
    speak_as(s, knight, s.idx(Kind.DUEL, villager))
    assert deaths(s, mark) == {knight: "duel"}
    assert s.events(EventKind.DUEL)[-1].value is False
    s.to_vote()  # the speeches go on and the vote follows


def test_knight_duels_once():
    s, knight = knight_scene()
    speak_as(s, knight, s.idx(Kind.DUEL, s.wolves[0]))
    s.night(kill=None)
    s.until(Phase.SPEECH)
    while s.actors != (knight,):
        s.noop(s.actors[0])
        s.until(Phase.SPEECH)
    assert Kind.DUEL not in s.kinds(knight) and Kind.PASS in s.kinds(knight)


# ====================================================================== wolves at night
@pytest.mark.parametrize("rounds", [0, 1, 2])
def test_wolf_chat_rounds_on_the_wolf_channel(rounds):
    s = Scene(board(wolf_chat_rounds=rounds), seed=29)
    wolves = s.wolves
    target = s.seat(Role.SEER)
    decisions = s.night(chat=lambda sc, p, seat: sc.idx(Kind.VOTE_INTENT, target))
    chat = [d.actors for d in decisions if d.phase is Phase.WOLF_CHAT]
    assert chat == [(w,) for w in wolves] * rounds
    for d in decisions:
        if d.phase is Phase.WOLF_CHAT:  # the wolf channel has no day stances
            kinds = {s.layout.decode(i)[0] for i in d.legal[d.actors[0]]}
            assert kinds == {Kind.PASS, Kind.CLAIM, Kind.VOTE_INTENT}
    said = s.events(EventKind.WOLF_CHAT)
    assert [e.actor for e in said] == [w for w in wolves] * rounds
    assert all(e.visible == WOLVES and e.value.vote_intent == target for e in said)
    assert not [e for e in s.events(EventKind.SPEECH) if e.visible != PUBLIC]


def test_a_lone_wolf_does_not_chat():
    s = Scene(tiny(), seed=0)
    assert Phase.WOLF_CHAT not in phases_of(s.night(kill=None))


def test_wolf_kill_majority():
    s = Scene(board(wolf_kill="majority"), seed=30)
    w1, w2, w3 = s.wolves
    a, b = s.seats(Role.VILLAGER)[:2]
    s.until(Phase.WOLF_KILL)
    assert s.actors == (w1, w2, w3)
    s.night(kill={w1: a, w2: b, w3: b})  # the lowest wolf is outvoted
    assert s.events(EventKind.WOLF_KILL)[-1].target == b and s.events(EventKind.WOLF_KILL)[-1].visible == WOLVES
    assert deaths(s) == {b: "night"}
    assert [(e.actor, e.target) for e in s.events(EventKind.WOLF_VOTE)] == [(w1, a), (w2, b), (w3, b)]


def test_wolf_kill_leader():
    s = Scene(board(wolf_kill="leader"), seed=30)
    w1, w2, w3 = s.wolves
    a = s.seat(Role.VILLAGER)
    s.until(Phase.WOLF_KILL)
    assert s.actors == (w1,)
    s.night(kill=a)
    assert deaths(s) == {a: "night"}


def test_wolf_kill_tie_is_broken_at_random_and_all_passing_kills_nobody():
    first_wolf_won = set()
    for seed in range(10):
        s = Scene(board("xu-7"), seed=seed)
        w1, w2 = s.wolves
        a, b = s.seats(Role.VILLAGER)
        s.night(kill={w1: a, w2: b})
        victim = s.events(EventKind.WOLF_KILL)[-1].target
        assert victim in (a, b)
        first_wolf_won.add(victim == a)
    assert first_wolf_won == {True, False}
    s = Scene(board("xu-7"), seed=0)
    s.night(kill=None)
    assert s.events(EventKind.WOLF_KILL)[-1].target == -1 and not deaths(s)
