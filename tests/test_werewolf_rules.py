"""Each rule option in scripted scenes: vary one option and the outcome changes.

Scenes drive the real engine (``tests/scenes.py``); seats are found by role after the seeded deal.
Boards come from shipped variants with one option changed (``board(...)``) or from ``tiny()``,
a 4-seat board where two deaths decide the game.
"""

from __future__ import annotations

import pytest
from scenes import Scene, board, deaths, elect, find_seed, phases_of, tiny

from parlour.envs.werewolf import Kind, Phase, Role, Side
from parlour.envs.werewolf.engine import NIGHT_PHASES
from parlour.envs.werewolf.events import PUBLIC, EventKind


# ====================================================================== seer and reveals
@pytest.mark.parametrize("option, expected", [("side", Side.WOLVES), ("role", Role.WEREWOLF)])
def test_seer_reveals(option, expected):
    s = Scene(board(seer_reveals=option), seed=8)
    seer, wolf = s.seat(Role.SEER), s.seat(Role.WEREWOLF)
    s.night(check=wolf)
    (check,) = s.events(EventKind.SEER_CHECK)
    assert (check.actor, check.target, check.visible) == (seer, wolf, seer)
    assert check.value == expected and type(check.value) is type(expected)


@pytest.mark.parametrize("option", ["nothing", "side", "role"])
def test_death_reveals(option):
    s = Scene(board(death_reveals=option), seed=9)
    victim = s.seat(Role.HUNTER)
    s.night(kill=victim)
    reveals = [e.value for e in s.events(EventKind.REVEAL) if e.target == victim]
    expected = {"nothing": [], "side": [Side.VILLAGE], "role": [Role.HUNTER]}[option]
    assert reveals == expected and all(type(v) is type(x) for v, x in zip(reveals, expected))
    assert all(e.visible == PUBLIC for e in s.events(EventKind.REVEAL))


# ====================================================================== sheriff
@pytest.mark.parametrize("on", [True, False])
def test_sheriff_election_happens_only_when_on(on):
    s = Scene(board(sheriff=on), seed=10)
    s.night(kill=None)
    day1 = phases_of(s.run(while_=lambda sc: sc.phase is not Phase.VOTE))
    assert (Phase.SHERIFF_RUN in day1) is on
    assert bool(s.events(EventKind.SHERIFF)) is on


def test_sheriff_election_with_campaign_withdrawal_and_vote():
    s = Scene(board(sheriff=True), seed=11)
    s.night(kill=None)
    a, b, c = s.seats(Role.VILLAGER)
    s.run(lambda sc, p, seat: sc.idx(Kind.YES) if seat in (a, b, c) else None,
          while_=lambda sc: sc.phase is Phase.SHERIFF_RUN)
    campaign = s.run(while_=lambda sc: sc.phase is Phase.CAMPAIGN)
    assert sorted(d.actors[0] for d in campaign) == sorted((a, b, c))
    assert s.phase is Phase.WITHDRAW and set(s.actors) == {a, b, c}
    s.run(lambda sc, p, seat: sc.idx(Kind.YES) if seat == c else None, while_=lambda sc: sc.phase is Phase.WITHDRAW)
    assert s.phase is Phase.SHERIFF_VOTE
    voters = set(s.actors)
    assert voters == set(range(9)) - {a, b, c}  # runners, even one who withdrew, do not vote
    assert s.targets(next(iter(voters))) == {a, b}
    first = sorted(voters)[0]
    s.run(lambda sc, p, seat: sc.idx(Kind.TARGET, b) if seat == first else None,
          while_=lambda sc: sc.phase is Phase.SHERIFF_VOTE)
    assert s.engine.sheriff == b


def test_sheriff_vote_tie_goes_to_a_second_ballot_between_the_tied():
    s = Scene(board(sheriff=True), seed=11)
    s.night(kill=None)
    a, b, c = s.seats(Role.VILLAGER)
    s.run(lambda sc, p, seat: sc.idx(Kind.YES) if p is Phase.SHERIFF_RUN and seat in (a, b, c) else None,
          until=Phase.SHERIFF_VOTE)
    v1, v2, v3 = sorted(s.actors)[:3]
    first = {v1: a, v2: b}
    s.run(lambda sc, p, seat: sc.pick(first.get(seat)),
          while_=lambda sc: sc.phase is Phase.SHERIFF_VOTE and not sc.events(EventKind.PK))
    assert s.events(EventKind.PK)[-1].value == tuple(sorted((a, b)))
    assert s.phase is Phase.SHERIFF_VOTE and all(s.targets(v) == {a, b} for v in s.actors)
    s.run(lambda sc, p, seat: sc.pick(a if seat == v3 else None), while_=lambda sc: sc.phase is Phase.SHERIFF_VOTE)
    assert s.engine.sheriff == a


@pytest.mark.parametrize("weight, exiled", [(1.5, "a"), (1.0, None), (2.5, "a")])
def test_sheriff_vote_weight_breaks_a_tie(weight, exiled):
    s = Scene(board(sheriff=True, sheriff_vote_weight=weight, tie="none"), seed=12)
    s.night(kill=None)
    sheriff, x = s.seats(Role.VILLAGER)[:2]
    a, b = s.wolves[:2]
    elect(s, sheriff)
    s.to_vote()
    s.vote({sheriff: a, x: b})
    exile = s.events(EventKind.EXILE)[-1]
    assert exile.target == (a if exiled == "a" else -1)


def test_two_plain_votes_beat_the_sheriff():
    s = Scene(board(sheriff=True, tie="none"), seed=12)
    s.night(kill=None)
    sheriff, x, y = s.seats(Role.VILLAGER)
    a, b = s.wolves[:2]
    elect(s, sheriff)
    s.to_vote()
    s.vote({sheriff: a, x: b, y: b})
    assert s.events(EventKind.EXILE)[-1].target == b


def test_a_dead_sheriff_hands_over_or_tears_the_badge():
    s = Scene(board(sheriff=True, speech_order="sheriff_direction"), seed=13)
    s.night(kill=None)
    sheriff, heir = s.seats(Role.VILLAGER)[:2]
    elect(s, sheriff)
    s.to_vote()
    s.vote({v: sheriff for v in s.actors if v != sheriff})
    s.until(Phase.BADGE)
    assert s.actors == (sheriff,) and not s.engine.alive[sheriff]
    assert sheriff not in s.targets(sheriff)
    s.target(sheriff, heir)
    assert s.engine.sheriff == heir and s.events(EventKind.BADGE)[-1][2:4] == (sheriff, heir)
    s.night(kill=heir)
    s.until(Phase.BADGE)
    s.target(heir, None)  # tears the badge
    assert s.engine.sheriff == -1
    day2 = s.run(while_=lambda sc: sc.phase is not Phase.VOTE)
    assert Phase.DIRECTION not in phases_of(day2)  # no sheriff: speeches fall back to rotation


# ====================================================================== last words
@pytest.mark.parametrize("option", ["first_night_and_exiles", "exiles_only", "none"])
def test_last_words(option):
    s = Scene(board(last_words=option), seed=14)
    v1, v2, v3 = s.seats(Role.VILLAGER)
    s.night(kill=v1)
    s.to_vote()
    night1_words = [e for e in s.events(EventKind.SPEECH) if e.actor == v1]
    assert bool(night1_words) is (option == "first_night_and_exiles")
    s.vote({v: v2 for v in s.actors if v != v2})
    exile_words = s.run(while_=lambda sc: sc.phase not in NIGHT_PHASES)
    assert ((Phase.LAST_WORDS, (v2,)) in [(d.phase, d.actors) for d in exile_words]) is (option != "none")
    s.night(kill=v3)
    day2 = s.run(until=Phase.VOTE)
    assert Phase.LAST_WORDS not in phases_of(day2)  # never for later nights' victims


# ====================================================================== speech order
def speakers(decisions) -> list[int]:
    return [d.actors[0] for d in decisions if d.phase is Phase.SPEECH]


@pytest.mark.parametrize("rounds", [1, 2])
def test_rotation_order_moves_one_seat_each_day_and_skips_the_dead(rounds):
    s = Scene(board(speech_rounds=rounds), seed=15)
    e, n = s.engine, 9
    s.night(kill=None)
    day1 = speakers(s.run(until=Phase.VOTE))
    assert day1 == [(e.start_seat + k) % n for k in range(n)] * rounds
    s.skip_day()
    victim = (e.start_seat + 3) % n
    s.night(kill=victim)
    day2 = speakers(s.run(until=Phase.VOTE))
    assert day2 == [(e.start_seat + 1 + k) % n for k in range(n) if (e.start_seat + 1 + k) % n != victim] * rounds


@pytest.mark.parametrize("direction, step", [(Kind.CLOCKWISE, 1), (Kind.ANTICLOCKWISE, -1)])
def test_sheriff_direction_order(direction, step):
    s = Scene(board(sheriff=True, speech_order="sheriff_direction"), seed=16)
    s.night(kill=None)
    sheriff = s.seat(Role.SEER)
    elect(s, sheriff)
    s.until(Phase.DIRECTION)
    assert s.actors == (sheriff,) and s.kinds(sheriff) == {Kind.CLOCKWISE, Kind.ANTICLOCKWISE}
    s.act(sheriff, s.idx(direction))
    assert s.events(EventKind.DIRECTION)[-1].value == step
    order = speakers(s.run(until=Phase.VOTE))
    assert order == [(sheriff + step * k) % 9 for k in range(1, 10)]  # the sheriff speaks last


def test_bidding_gives_the_turn_to_the_highest_bidder():
    s = Scene(board("werewolf-arena-8"), seed=17)
    s.night(kill=None)
    assert s.phase is Phase.BID and set(s.actors) == set(range(8))
    assert s.kinds(0) == {Kind.BID}
    x, y, z = 5, 2, 6
    bids = {x: 4, y: 3}
    s.run(lambda sc, p, seat: sc.idx(Kind.BID, bids.get(seat, 0)), while_=lambda sc: sc.phase is Phase.BID)
    assert s.phase is Phase.SPEECH and s.actors == (x,)
    assert {e.actor: e.value for e in s.events(EventKind.BID)} == {i: bids.get(i, 0) for i in range(8)}
    assert all(e.visible == e.actor for e in s.events(EventKind.BID))  # bids are private
    s.act(x, s.idx(Kind.ACCUSE, z))
    # y and z tie at the top; z was named in the last speech, so z speaks although y sits earlier
    s.run(lambda sc, p, seat: sc.idx(Kind.BID, 2 if seat in (y, z) else 0), while_=lambda sc: sc.phase is Phase.BID)
    assert s.actors == (z,)


def test_bidding_tie_without_a_named_seat_is_random():
    winners = set()
    for seed in range(12):
        s = Scene(board("werewolf-arena-8"), seed=seed)
        s.night(kill=None)
        s.run(lambda sc, p, seat: sc.idx(Kind.BID, 4 if seat in (1, 6) else 0), while_=lambda sc: sc.phase is Phase.BID)
        winners.add(s.actors[0])
    assert winners == {1, 6}


def test_bidding_turns_per_day():
    s = Scene(board("werewolf-arena-8", bidding_turns=3), seed=18)
    s.night(kill=None)
    day = phases_of(s.run(until=Phase.VOTE))
    assert day.count(Phase.BID) == 3 and day.count(Phase.SPEECH) == 3
    s2 = Scene(board("werewolf-arena-8", bidding_turns=0), seed=18)
    s2.night(kill=s2.seat(Role.VILLAGER))
    assert phases_of(s2.run(until=Phase.VOTE)).count(Phase.SPEECH) == 7  # one turn per living player


# ====================================================================== votes and ties
def test_simultaneous_vote_hides_votes_until_all_are_in():
    s = Scene(board(vote="simultaneous"), seed=19)
    s.night(kill=None)
    s.to_vote()
    e = s.engine
    voters = s.actors
    assert voters == tuple(e._rotation(e.start_seat))
    mark = s.mark()
    for seat in voters[:-1]:
        s.target(seat, voters[-1])
        assert not s.events(EventKind.VOTE, mark)
    s.target(voters[-1], None)
    assert [v.actor for v in s.events(EventKind.VOTE, mark)] == list(voters)


def test_sequential_vote_asks_one_voter_at_a_time_in_the_open():
    s = Scene(board(vote="sequential"), seed=19)
    s.night(kill=None)
    s.to_vote()
    e = s.engine
    order = []
    while s.phase is Phase.VOTE:
        assert len(s.actors) == 1
        voter = s.actors[0]
        order.append(voter)
        mark = s.mark()
        target = (voter + 1) % 9
        s.target(voter, target)
        assert s.events(EventKind.VOTE, mark)[0][2:4] == (voter, target)  # visible before the next voter acts
        assert s.events(EventKind.VOTE, mark)[0].visible == PUBLIC
    assert order == e._rotation(e.start_seat)


def tie_scene(tie: str, seed: int = 20):
    """Day 1 vote: one wolf votes villager a, another villager b, everyone else abstains."""
    s = Scene(board(tie=tie), seed=seed)
    s.night(kill=None)
    s.to_vote()
    a, b = s.seats(Role.VILLAGER)[:2]
    x, y = s.wolves[:2]
    s.vote({x: a, y: b})
    return s, a, b, x, y


def test_tie_pk_revote():
    s, a, b, x, y = tie_scene("pk_revote")
    assert s.events(EventKind.PK)[-1].value == tuple(sorted((a, b)))
    pk = s.run(until=Phase.PK_VOTE)
    assert [(d.phase, d.actors) for d in pk] == [(Phase.PK_SPEECH, (a,)), (Phase.PK_SPEECH, (b,))] if a < b else \
           [(Phase.PK_SPEECH, (b,)), (Phase.PK_SPEECH, (a,))]
    assert set(s.actors) == set(range(9)) - {a, b}
    assert all(s.targets(v) == {a, b} for v in s.actors)
    s.vote({x: b}, phase=Phase.PK_VOTE)
    assert s.events(EventKind.EXILE)[-1].target == b


def test_tie_pk_revote_tied_again_exiles_nobody():
    s, a, b, x, y = tie_scene("pk_revote")
    s.until(Phase.PK_VOTE)
    s.vote({x: a, y: b}, phase=Phase.PK_VOTE)
    assert s.events(EventKind.EXILE)[-1].target == -1
    assert all(s.engine.alive)


def test_tie_none_exiles_nobody():
    s, a, b, x, y = tie_scene("none")
    assert s.events(EventKind.EXILE)[-1].target == -1 and not s.events(EventKind.PK)
    assert s.phase in NIGHT_PHASES


def test_tie_random_exiles_one_of_the_tied():
    exiled = set()
    for seed in range(10):
        s, a, b, x, y = tie_scene("random", seed)
        assert not s.events(EventKind.PK)
        t = s.events(EventKind.EXILE)[-1].target
        assert t in (a, b)
        exiled.add(t == a)
    assert exiled == {True, False}


def test_everybody_abstaining_exiles_nobody():
    s = Scene(board(tie="pk_revote"), seed=21)
    s.night(kill=None)
    s.to_vote()
    s.vote({})
    assert s.events(EventKind.EXILE)[-1].target == -1 and not s.events(EventKind.PK)


def test_voters_may_not_vote_for_themselves():
    s = Scene(board(), seed=22)
    s.night(kill=None)
    s.to_vote()
    for v in s.actors:
        assert s.targets(v) == set(range(9)) - {v}


# ====================================================================== winning
def play_tiny(win_rule: str, script: str) -> Scene:
    """Scripts on the 4-seat board: K<role> = night kill, X<role> = day exile, '-' = a quiet night/day."""
    s = Scene(tiny(win_rule=win_rule), seed=31)
    seer, (v1, v2), wolf = s.seat(Role.SEER), s.seats(Role.VILLAGER), s.wolves[0]
    who = {"S": seer, "V": v1, "W": v2, "F": wolf}
    for step in script.split():
        assert not s.engine.done, f"the game ended before {step!r}"
        seat = who.get(step[1:])
        if step[0] == "K":
            s.night(kill=seat)
            if s.engine.done:
                break
            s.to_vote()
        else:
            s.vote({v: seat for v in s.actors if v != seat} if seat is not None else {})
            s.skip_day()
    return s


@pytest.mark.parametrize("rule, script, winner", [
    ("side_kill", "KS", Side.WOLVES),           # the only god dies
    ("kill_all", "KS", None),
    ("parity", "KS", None),                     # 1 wolf against 2 villagers
    ("side_kill", "KV XW", Side.WOLVES),        # every villager dead
    ("parity", "KV XW", Side.WOLVES),           # 1 against 1
    ("kill_all", "KV XW", None),
    ("kill_all", "KV XW KS", Side.WOLVES),
    ("side_kill", "K- XF", Side.VILLAGE),
    ("kill_all", "K- XF", Side.VILLAGE),
    ("parity", "K- XF", Side.VILLAGE),
])
def test_win_rules(rule, script, winner):
    s = play_tiny(rule, script)
    assert s.engine.done is (winner is not None)
    if winner is not None:
        assert s.engine.winner is winner and s.events()[-1].kind == EventKind.GAME_OVER
        assert s.events()[-1].value is winner


def test_the_game_ends_before_a_winning_side_is_asked_anything_more():
    s = play_tiny("side_kill", "KS")
    assert s.engine.decision.phase is Phase.GAME_OVER and s.engine.to_move() == []
    assert not any(e.kind == EventKind.SPEECH for e in s.events())  # no last words after the game ended


@pytest.mark.parametrize("limit", [1, 3])
def test_day_limit_truncates_the_game(limit):
    s = Scene(tiny(day_limit=limit), seed=32)
    s.run()
    e = s.engine
    assert e.done and e.truncated and e.winner is None and e.day == limit
    assert s.events()[-1].kind == EventKind.GAME_OVER and s.events()[-1].value is None
    assert len(s.events(EventKind.NIGHT)) == limit


def test_find_seed_finds_a_wanted_deal():
    rules = tiny()
    seed = find_seed(rules, lambda e: e.roles[0] is Role.WEREWOLF and e.start_seat == 2)
    s = Scene(rules, seed)
    assert s.wolves == [0] and s.engine.start_seat == 2


@pytest.mark.parametrize("poison_a_wolf, over", [(False, True), (True, False)])
def test_the_nights_deaths_count_together_for_the_win(poison_a_wolf, over):
    # 3 wolves against 4 good at night 3: the wolves' victim alone would make it 3 against 3 (parity),
    # but a wolf poisoned the same night makes it 2 against 3 and the game goes on.
    s = Scene(board(win_rule="parity", last_words="none"), seed=33)
    v1, v2, v3 = s.seats(Role.VILLAGER)
    s.night(kill=None)
    s.to_vote()
    s.vote({v: v1 for v in s.actors if v != v1})
    s.skip_day()
    s.night(kill=v2)
    s.skip_day()
    s.night(kill=v3, poison=s.wolves[0] if poison_a_wolf else None)
    assert deaths(s) == {v1: "exile", v2: "night", v3: "night"} | ({s.wolves[0]: "night"} if poison_a_wolf else {})
    assert s.engine.done is over and (s.engine.winner is Side.WOLVES if over else s.engine.winner is None)
