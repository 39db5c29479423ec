"""The engine's API: decisions, errors, structured actions, determinism and replay."""

from __future__ import annotations

import numpy as np
import pytest
from scenes import Scene, board

from parlour.envs.werewolf import (
    Action,
    ActionOutOfRangeError,
    CheckReport,
    GameOverError,
    IllegalActionError,
    Kind,
    Phase,
    Role,
    Side,
    WerewolfEngine,
    WrongTurnError,
    get_variant,
)
from parlour.envs.werewolf.events import PUBLIC, EventKind, Speech
from parlour.envs.werewolf_v0 import VARIANTS


def random_game(rules, seed: int, action_seed: int = 0) -> WerewolfEngine:
    engine = WerewolfEngine(rules, seed)
    rng = np.random.default_rng(action_seed)
    while not engine.done:
        seat = engine.next_actor()
        legal = engine.legal_actions(seat)
        engine.step(seat, legal[rng.integers(len(legal))])
    return engine


def first_speech(seed: int = 0, variant: str = "classic-9") -> Scene:
    """A scene at the first day speech (nobody died in the night)."""
    s = Scene(board(variant), seed=seed)
    s.night(kill=None)
    s.until(Phase.SPEECH)
    return s


# ====================================================================== decisions
def test_a_decision_gives_legal_actions_to_its_actors_only():
    s = Scene(board(), seed=0)
    s.until(Phase.WOLF_KILL)
    e = s.engine
    assert set(e.decision.legal) == set(e.decision.actors) == set(s.wolves)
    assert e.to_move() == s.wolves and e.next_actor() == s.wolves[0]
    villager = s.seat(Role.VILLAGER)
    assert e.legal_actions(villager) == []
    s.target(s.wolves[0], villager)
    assert e.to_move() == s.wolves[1:] and e.legal_actions(s.wolves[0]) == []  # already acted
    assert e.decision.phase is Phase.WOLF_KILL  # still waiting for the other wolves


def test_default_action_is_the_decisions_no_op():
    s = Scene(board("werewolf-arena-8"), seed=0)
    e = s.engine
    s.night(kill=None)
    assert s.phase is Phase.BID and e.default_action(0) == s.idx(Kind.BID, 0)
    s2 = Scene(board(sheriff=True, speech_order="sheriff_direction"), seed=0)
    s2.night(kill=None)
    s2.run(lambda sc, p, seat: sc.idx(Kind.YES) if p is Phase.SHERIFF_RUN and seat == 0 else None,
           until=Phase.DIRECTION)
    assert s2.engine.default_action(0) == s2.idx(Kind.CLOCKWISE)
    s2.until(Phase.VOTE)
    assert s2.engine.default_action(s2.actors[0]) == s2.idx(Kind.PASS)


def test_the_deal_follows_the_seed():
    rules = get_variant("standard-12-guard")
    a, b = WerewolfEngine(rules, 7), WerewolfEngine(rules, 7)
    assert a.roles == b.roles and a.start_seat == b.start_seat and a.state_hash() == b.state_hash()
    deals = {tuple(WerewolfEngine(rules, seed).roles) for seed in range(20)}
    assert len(deals) > 15
    assert sorted(a.roles) == sorted(rules.deck())


def test_reset_starts_a_fresh_game():
    rules = get_variant("classic-9")
    e = random_game(rules, 3)
    assert e.done
    e.reset(3)
    fresh = WerewolfEngine(rules, 3)
    assert not e.done and e.events == fresh.events and e.state_hash() == fresh.state_hash()
    assert e.history == [] and all(e.alive)


# ====================================================================== errors
def test_stepping_after_the_game_ends_raises_game_over():
    e = random_game(get_variant("xu-7"), 1)
    with pytest.raises(GameOverError, match="the game is over.*reset"):
        e.step(0, e.PASS)
    assert e.to_move() == [] and e.legal_actions(0) == [] and e.next_actor() == -1


def test_stepping_the_wrong_seat_raises_wrong_turn():
    s = Scene(board(), seed=0)
    s.until(Phase.WOLF_KILL)
    villager = s.seat(Role.VILLAGER)
    with pytest.raises(WrongTurnError, match=rf"seat {villager} may not act now: the WOLF_KILL decision waits for"):
        s.act(villager, s.idx(Kind.PASS))
    s.act(s.wolves[0], s.idx(Kind.PASS))
    with pytest.raises(WrongTurnError):  # a seat may not act twice in one decision
        s.act(s.wolves[0], s.idx(Kind.PASS))


@pytest.mark.parametrize("action", [1.0, "3", None, True, np.float32(2), [3], np.bool_(False)])
def test_a_non_integer_action_is_a_type_error(action):
    s = Scene(board(), seed=0)
    s.until(Phase.WOLF_KILL)
    with pytest.raises(TypeError, match="an action must be an int index or an Action"):
        s.act(s.wolves[0], action)


@pytest.mark.parametrize("kind", [int, np.int64, np.int32, np.uint8])
def test_numpy_integers_are_accepted(kind):
    s = Scene(board(), seed=0)
    s.until(Phase.WOLF_KILL)
    s.act(s.wolves[0], kind(s.seat(Role.VILLAGER)))
    assert s.engine.history[-1] == (s.wolves[0], s.seat(Role.VILLAGER))
    assert type(s.engine.history[-1][1]) is int


def test_an_index_out_of_range_is_its_own_error():
    s = Scene(board(), seed=0)
    s.until(Phase.WOLF_KILL)
    size = s.layout.size
    for bad in (-1, size, size + 100, Action(index=size), Action(index=-1)):
        with pytest.raises(ActionOutOfRangeError, match=rf"out of range 0\.\.{size - 1}"):
            s.act(s.wolves[0], bad)
    assert issubclass(ActionOutOfRangeError, IndexError)


def test_an_illegal_action_names_the_legal_actions():
    s = first_speech()
    seat = s.actors[0]
    with pytest.raises(IllegalActionError) as err:
        s.act(seat, s.idx(Kind.TARGET, 0))  # a vote-style index in a speech turn
    msg = str(err.value)
    assert f"seat {seat}: action 0 (choose seat 0) is illegal in the SPEECH decision of day 1" in msg
    assert "legal: 9=pass, 18=claim to be the Villager" in msg and "in all)" in msg
    with pytest.raises(IllegalActionError, match=r"SHERIFF_RUN decision of day 1; legal: 10=yes, 9=pass$"):
        s2 = Scene(board(sheriff=True), seed=0)
        s2.night(kill=None)
        s2.act(s2.actors[0], s2.idx(Kind.BID, 1))


def test_errors_change_nothing():
    s = first_speech()
    e = s.engine
    seat, before, events = s.actors[0], e.state_hash(), list(e.events)
    for bad in (-1, 1.5, s.idx(Kind.TARGET, 0), Action(accuse=(seat,)), Action(accuse=(99,))):
        with pytest.raises((TypeError, ActionOutOfRangeError, IllegalActionError)):
            s.act(seat, bad)
    with pytest.raises(WrongTurnError):
        s.act((seat + 1) % 9, s.idx(Kind.PASS))
    assert e.state_hash() == before and e.events == events and e.to_move() == [seat]
    s.act(seat, s.idx(Kind.PASS))


# ====================================================================== structured actions
def test_a_structured_speech_with_several_stances_and_text():
    s = first_speech(seed=1)
    seat = s.actors[0]
    a, b, c = [x for x in range(9) if x != seat][:3]
    reports = (CheckReport(seat=a, side=Side.WOLVES), CheckReport(seat=b, side=Side.VILLAGE))
    action = Action(claim=Role.SEER, reports=reports,
                    accuse=(a, c), defend=(b,), vote_intent=a, text="I checked a: wolf.", reasoning="private")
    mark = s.mark()
    s.act(seat, action)
    (speech,) = s.events(EventKind.SPEECH, mark)
    assert speech.actor == seat and speech.visible == PUBLIC
    assert speech.value == Speech(claim=int(Role.SEER), reports=((a, Side.WOLVES), (b, Side.VILLAGE)), accuse=(a, c),
                                  defend=(b,), vote_intent=a, text="I checked a: wolf.", phase=int(Phase.SPEECH))
    assert "private" not in repr(s.events())  # reasoning never reaches the event log
    assert s.engine.history[-1] == (seat, action)


@pytest.mark.parametrize("why, make", [
    ("claim a role not on the board", lambda seat, o: Action(claim=Role.KNIGHT, text="x")),
    ("accuse oneself", lambda seat, o: Action(accuse=(seat,))),
    ("report a check on oneself", lambda seat, o: Action(reports=(CheckReport(seat=seat, side=Side.VILLAGE),))),
    ("announce a vote for oneself", lambda seat, o: Action(claim=Role.VILLAGER, vote_intent=seat)),
    ("one legal stance and one illegal", lambda seat, o: Action(defend=(o,), accuse=(seat,))),
    ("a seat that does not exist", lambda seat, o: Action(accuse=(9,))),
])
def test_a_structured_action_with_an_illegal_stance_is_refused(why, make):
    s = first_speech(seed=1)
    seat = s.actors[0]
    with pytest.raises(IllegalActionError, match=rf"seat {seat}"):
        s.act(seat, make(seat, (seat + 1) % 9))
    assert s.actors == (seat,)


def test_a_structured_action_may_not_accuse_the_dead():
    s = Scene(board(), seed=2)
    victim = s.seat(Role.VILLAGER)
    s.night(kill=victim)
    s.until(Phase.SPEECH)
    seat = s.actors[0]
    with pytest.raises(IllegalActionError):
        s.act(seat, Action(accuse=(victim,)))
    s.act(seat, Action(reports=(CheckReport(seat=victim, side=Side.VILLAGE),)))  # reporting the dead is news


def test_a_structured_action_is_checked_against_the_phase():
    s = Scene(board(), seed=3)
    s.until(Phase.WOLF_CHAT)
    wolf = s.actors[0]
    with pytest.raises(IllegalActionError):  # no day stances on the wolf channel
        s.act(wolf, Action(accuse=(s.seat(Role.SEER),)))
    s.act(wolf, Action(vote_intent=s.seat(Role.SEER), text="the seer tonight"))
    said = s.events(EventKind.WOLF_CHAT)[-1]
    assert said.value.vote_intent == s.seat(Role.SEER) and said.value.text == "the seer tonight"


def test_an_action_with_an_index_carries_text():
    s = first_speech(seed=1)
    seat = s.actors[0]
    s.act(seat, Action(index=s.idx(Kind.ACCUSE, (seat + 1) % 9), text="you are lying"))
    speech = s.events(EventKind.SPEECH)[-1].value
    assert speech.accuse == ((seat + 1) % 9,) and speech.text == "you are lying"
    s.to_vote()
    voter = next(v for v in s.actors if v != seat)
    s.run(lambda sc, p, v: Action(index=sc.idx(Kind.TARGET, seat), text="out") if v == voter else None,
          while_=lambda sc: sc.phase is Phase.VOTE)
    assert (voter, seat) in [(e.actor, e.target) for e in s.events(EventKind.VOTE)]


def test_an_action_without_stances_passes_in_any_decision_where_pass_is_legal():
    # A language agent's "pass, with this text" must work in target decisions too (votes, night
    # targets): the engine used to crash there, decoding the missing index.
    s = Scene(board(), seed=0)
    s.until(Phase.WOLF_KILL)
    for wolf in s.wolves:
        s.act(wolf, Action(text="nobody tonight"))
    assert s.events(EventKind.WOLF_KILL)[-1].target == -1
    assert [e.target for e in s.events(EventKind.WOLF_VOTE)] == [-1, -1, -1]
    s.until(Phase.SEER)
    s.act(s.actors[0], Action(text="no check"))
    s.to_vote()
    s.run(lambda sc, p, seat: Action(text="abstain"), while_=lambda sc: sc.phase is Phase.VOTE)
    assert all(e.target == -1 for e in s.events(EventKind.VOTE)) and s.events(EventKind.EXILE)[-1].target == -1
    s2 = Scene(board("werewolf-arena-8"), seed=0)
    s2.night(kill=None)
    with pytest.raises(IllegalActionError):  # no pass in a bid
        s2.act(0, Action(text="no bid"))


# ====================================================================== determinism and replay
@pytest.mark.parametrize("variant", VARIANTS)
def test_replaying_the_history_rebuilds_the_game_hash_by_hash(variant):
    rules = get_variant(variant)
    original = WerewolfEngine(rules, 11)
    rng = np.random.default_rng(5)
    hashes = [original.state_hash()]
    while not original.done:
        seat = original.next_actor()
        legal = original.legal_actions(seat)
        original.step(seat, legal[rng.integers(len(legal))])
        hashes.append(original.state_hash())
    replay = WerewolfEngine(rules, 11)
    assert replay.state_hash() == hashes[0]
    for k, (seat, action) in enumerate(original.history, start=1):
        replay.step(seat, action)
        assert replay.state_hash() == hashes[k], f"step {k}"
    assert replay.events == original.events and replay.winner == original.winner
    assert len(set(hashes)) == len(hashes)  # every step changes the digest


def test_a_different_seed_gives_a_different_game():
    rules = get_variant("classic-9")
    a, b = random_game(rules, 1), random_game(rules, 2)
    assert a.events != b.events and a.state_hash() != b.state_hash()


def test_state_hashes_are_the_same_in_another_process():
    # replay --verify compares digests written by another process: they must not depend on the
    # interpreter's hash seed or on object addresses.
    import json
    import os
    import subprocess
    import sys

    script = (
        "import json, numpy as np\n"
        "from parlour.envs.werewolf import WerewolfEngine, get_variant\n"
        "e = WerewolfEngine(get_variant('standard-12-guard'), 4)\n"
        "rng = np.random.default_rng(0)\n"
        "hashes = [e.state_hash()]\n"
        "while not e.done:\n"
        "    s = e.next_actor(); legal = e.legal_actions(s)\n"
        "    e.step(s, legal[rng.integers(len(legal))]); hashes.append(e.state_hash())\n"
        "print(json.dumps(hashes))\n"
    )
    runs = []
    for hash_seed in ("1", "2"):
        out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                             env={**os.environ, "PYTHONHASHSEED": hash_seed})
        runs.append(json.loads(out.stdout))
    assert runs[0] == runs[1] and len(runs[0]) > 10
