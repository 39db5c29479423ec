"""Kuhn Poker: rules, engine, env, hidden information, the equilibrium agent, the text interface.

Deals are written as card letters ("KJ": player 0 holds the King, player 1 the Jack) and betting
as OpenSpiel writes it ("pb": pass, then bet).
"""

from __future__ import annotations

import copy
import json
import pickle
from fractions import Fraction

import jsonschema
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pettingzoo.test import api_test, seed_test
from pydantic import ValidationError

from parlour.envs import kuhn_poker_v0
from parlour.envs.kuhn_poker import (
    DEALS,
    ActionOutOfRangeError,
    ActionTypeError,
    EventKind,
    GameOverError,
    KuhnEngine,
    KuhnError,
    KuhnRules,
    KuhnRulesError,
    Phase,
    WrongTurnError,
    get_rules,
)
from parlour.envs.kuhn_poker.agents import KuhnEquilibriumAgent, bet_probability
from parlour.envs.kuhn_poker.interface import (
    _RULE_SENTENCES,
    KuhnTextInterface,
    ParseError,
)
from parlour.envs.kuhn_poker.narrate import narrate

SETTINGS = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
TERMINAL = ("pp", "bp", "bb", "pbp", "pbb")


def deal(letters: str) -> tuple[int, int]:
    return ("JQK".index(letters[0]), "JQK".index(letters[1]))


def play(betting: str, cards="KJ", rules=None) -> KuhnEngine:
    engine = KuhnEngine(rules, seed=0)
    engine.reset(cards=deal(cards))
    for ch in betting:
        engine.step(engine.current, "pb".index(ch))
    return engine


def unseen(cards: tuple[int, int]) -> int:
    return 3 - cards[0] - cards[1]


# ====================================================================== rules
def test_rules_default_to_the_standard_board():
    assert get_rules(None) == get_rules("standard") == get_rules({}) == KuhnRules()
    assert (KuhnRules().ante, KuhnRules().bet, KuhnRules().num_cards) == (1, 1, 3)


@pytest.mark.parametrize("fields, named", [
    ({"ante": 0}, "ante"), ({"bet": -1}, "bet"), ({"ante": True}, "ante"), ({"bet": 1.5}, "bet"),
    ({"num_cards": 4}, "num_cards"), ({"blind": 1}, "blind"), ({"name": "leduc"}, "name"),
])
def test_bad_rules_name_the_field(fields, named):
    with pytest.raises(KuhnRulesError, match=f"field '{named}'"):
        get_rules(fields)


def test_rules_are_frozen_and_unknown_boards_are_named():
    with pytest.raises(ValidationError, match="frozen"):
        KuhnRules().ante = 2  # type: ignore[misc]
    with pytest.raises(KuhnRulesError, match="unknown Kuhn Poker board 'big'.*standard"):
        get_rules("big")


# ====================================================================== engine: rules of play
@pytest.mark.parametrize("betting, cards, returns, showdown", [
    ("pp", "KJ", [1, -1], True), ("pp", "QK", [-1, 1], True),
    ("bb", "KJ", [2, -2], True), ("bb", "JQ", [-2, 2], True),
    ("bp", "JK", [1, -1], False),          # player 1 folds the King to a bluff
    ("pbp", "KQ", [-1, 1], False),         # player 0 folds
    ("pbb", "QJ", [2, -2], True), ("pbb", "QK", [-2, 2], True),
])
def test_every_ending_pays_the_pot(betting, cards, returns, showdown):
    engine = play(betting, cards)
    assert engine.done and engine.phase is Phase.GAME_OVER and engine.phase_name == "GAME_OVER"
    assert engine.returns() == returns and engine.showdown is showdown
    assert engine.winners() == [0 if returns[0] > 0 else 1]
    assert engine.details()["betting"] == betting and engine.to_move() == [] and engine.legal_actions(0) == []


def test_chip_sizes_follow_the_rules():
    rules = KuhnRules(ante=2, bet=3)
    assert play("pp", "KJ", rules).returns() == [2, -2]
    assert play("bb", "KJ", rules).returns() == [5, -5]
    assert play("pbp", "KJ", rules).returns() == [-2, 2]
    assert play("pbb", "JQ", rules).pot == 10


def test_turns_and_phases():
    engine = play("", "QK")
    assert (engine.current, engine.to_move(), engine.phase_name, engine.round) == (0, [0], "OPEN", 0)
    assert engine.legal_actions(0) == [0, 1] and engine.legal_actions(1) == []
    engine.step(0, 0)
    assert (engine.to_move(), engine.phase_name) == ([1], "OPEN")
    engine.step(1, 1)
    assert (engine.to_move(), engine.phase_name) == ([0], "FACING_BET")
    assert engine.history == [(0, 0), (1, 1)] and not engine.truncated


def test_the_deal_comes_from_the_seed():
    deals = {KuhnEngine(seed=s).cards for s in range(200)}
    assert deals == set(DEALS)
    assert all(KuhnEngine(seed=s).cards == KuhnEngine(seed=s).cards for s in range(50))


@pytest.mark.parametrize("betting, seat, action, error, words", [
    ("", 1, 0, WrongTurnError, ["seat 1", "action 0", "seat 0 is to move"]),
    ("p", 0, 1, WrongTurnError, ["seat 0", "action 1", "seat 1 is to move"]),
    ("", 0, 2, ActionOutOfRangeError, ["seat 0", "action 2", "[0, 1]"]),
    ("", 0, -1, ActionOutOfRangeError, ["seat 0", "action -1", "[0, 1]"]),
    ("", 0, "1", ActionTypeError, ["seat 0", "'1'", "[0, 1]"]),
    ("", 0, True, ActionTypeError, ["seat 0", "True"]),
    ("", 0, 1.0, ActionTypeError, ["seat 0", "1.0"]),
    ("bb", 0, 0, GameOverError, ["seat 0", "game is over"]),
])
def test_wrong_steps_raise_clear_errors(betting, seat, action, error, words):
    engine = play(betting)
    key = engine.state_key()
    with pytest.raises(error) as info:
        engine.step(seat, action)
    assert isinstance(info.value, KuhnError)
    assert all(w in str(info.value) for w in words), str(info.value)
    assert engine.state_key() == key  # a refused action changes nothing


def test_bad_cards_are_refused():
    with pytest.raises(KuhnError, match="two different cards"):
        KuhnEngine().reset(cards=(1, 1))


def test_events_say_who_may_see_them():
    engine = play("bb", "QJ")
    kinds = [(e.kind, e.seat, e.visible) for e in engine.events]
    assert kinds[:3] == [(EventKind.ANTE, -1, -1), (EventKind.DEAL, 0, 0), (EventKind.DEAL, 1, 1)]
    assert [k for k, _, v in kinds[3:]] == [EventKind.ACTION] * 2 + [EventKind.SHOWDOWN] * 2 + [EventKind.RESULT]
    assert all(v == -1 for _, _, v in kinds[3:])


def test_narration_per_seat():
    folded = play("pbp", "KJ")
    assert "Player 1 is dealt the Jack (J)." in narrate(folded)  # the moderator sees both cards
    mine = narrate(folded, 0)
    assert "Player 0 is dealt the King (K)." in mine and not any("Jack" in t for t in mine)
    assert mine[-2:] == ["Player 0 passes after the bet (folds).", "Player 1 wins the pot: 1 chip from the other player."]
    assert not any("dealt" in t for t in narrate(folded, -1))  # a spectator sees no card after a fold
    shown = narrate(play("pbb", "KJ"), 0)
    assert "Showdown: player 1 shows the Jack (J)." in shown and "Player 0 calls the bet (1 chip)." in shown


# ====================================================================== clone, pickle, state key
@pytest.mark.parametrize("cards", DEALS)
@pytest.mark.parametrize("prefix", ["", "p", "b", "pb"])
def test_clone_and_pickle_have_the_same_future(cards, prefix):
    engine = KuhnEngine()
    engine.reset(cards=cards)
    for ch in prefix:
        engine.apply(engine.current, "pb".index(ch))
    copies = [engine.clone(), pickle.loads(pickle.dumps(engine)), copy.deepcopy(engine)]
    for rest in (b for b in TERMINAL if b.startswith(prefix)):
        futures = []
        for c in [engine.clone()] + [x.clone() for x in copies]:
            for ch in rest[len(prefix):]:
                c.step(c.current, "pb".index(ch))
            futures.append((c.state_key(), c.returns(), c.events))
        assert all(f == futures[0] for f in futures)
    assert engine.details()["betting"] == prefix  # playing the clones left the original alone


def test_state_key_is_plain_and_complete():
    a, b = play("pb", "KJ"), play("pb", "KQ")
    assert a.state_key() != b.state_key() and a.state_key() == play("pb", "KJ").state_key()
    assert play("pb", "KJ", KuhnRules(bet=2)).state_key() != a.state_key()

    def plain(x):
        return isinstance(x, (bool, int)) or (isinstance(x, tuple) and all(plain(y) for y in x))
    assert plain(a.state_key()) and eval(repr(a.state_key())) == a.state_key()
    text, ints = a.state_parts()
    assert text == b"" and ints == (1, 1, 2, 0, 2, 0, 1)
    assert a.state_hash() == play("pb", "KJ").state_hash() != b.state_hash()


def test_state_hash_is_the_same_in_every_process():
    import os
    import subprocess
    import sys
    code = ("from parlour.envs.kuhn_poker import KuhnEngine; e = KuhnEngine(seed=3); e.step(0, 1); "
            "print(e.state_hash())")
    hashes = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                             env={**os.environ, "PYTHONHASHSEED": str(s)}).stdout for s in (1, 2)}
    assert len(hashes) == 1


# ====================================================================== random play: properties
@settings(max_examples=300, **SETTINGS)
@given(seed=st.integers(0, 2**32 - 1), choices=st.lists(st.integers(0, 1), min_size=3, max_size=3))
def test_random_play_properties(seed, choices):
    env = kuhn_poker_v0.raw_env()
    env.reset(seed=seed)
    engine = env.engine
    interface = KuhnTextInterface(env)
    steps = 0
    while not engine.done:
        seat = engine.current
        obs = env.observe(env.agent_selection)
        assert env.agent_selection == f"player_{seat}" and obs["action_mask"].tolist() == [1, 1]
        # Hidden information: this seat's observation, image and prompt are the same whichever of
        # the two other cards the opponent holds.
        twin = copy.deepcopy(env)
        other = list(engine.cards)
        other[1 - seat] = unseen(engine.cards)
        twin.engine.cards = tuple(other)
        assert np.array_equal(twin.observe(f"player_{seat}")["observation"], obs["observation"])
        assert np.array_equal(twin.observe_image(f"player_{seat}"), env.observe_image(f"player_{seat}"))
        assert KuhnTextInterface(twin).messages(seat) == interface.messages(seat)
        assert engine.pot == sum(engine.contributions)
        env.step(choices[steps])
        steps += 1
    returns = engine.returns()
    assert 2 <= steps <= 3 and len(engine.history) == steps
    assert sum(returns) == 0 and returns[engine.winner] == engine.pot - engine.contributions[engine.winner]
    assert [env._cumulative_rewards[a] for a in env.possible_agents] == returns
    assert all(env.terminations.values()) and not any(env.truncations.values())


@settings(max_examples=100, **SETTINGS)
@given(seed=st.integers(0, 2**32 - 1), choices=st.lists(st.integers(0, 1), min_size=3, max_size=3))
def test_same_seed_and_actions_same_game(seed, choices):
    envs = [kuhn_poker_v0.env(), kuhn_poker_v0.env()]
    for e in envs:
        e.reset(seed=seed)
    for action in choices:
        views = [(e.agent_selection, {a: e.observe(a) for a in e.possible_agents}, e.unwrapped.engine.state_key())
                 for e in envs]
        assert views[0][0] == views[1][0] and views[0][2] == views[1][2]
        for a in envs[0].possible_agents:
            for k in ("observation", "action_mask"):
                assert np.array_equal(views[0][1][a][k], views[1][1][a][k])
        if envs[0].unwrapped.engine.done:
            break
        for e in envs:
            e.step(action)


# ====================================================================== PettingZoo
def test_pettingzoo_api():
    api_test(kuhn_poker_v0.env(), num_cycles=200)
    api_test(kuhn_poker_v0.env(rules={"ante": 2, "bet": 3}), num_cycles=50)


def test_pettingzoo_seed():
    seed_test(kuhn_poker_v0.env, num_cycles=50)


def test_env_options():
    with pytest.raises(ValueError, match="illegal_action"):
        kuhn_poker_v0.raw_env(illegal_action="ignore")
    with pytest.raises(ValueError, match="render_mode"):
        kuhn_poker_v0.raw_env(render_mode="human")
    with pytest.raises(KuhnRulesError, match="field 'bet'"):
        kuhn_poker_v0.env(rules={"bet": 0})
    env = kuhn_poker_v0.raw_env(illegal_action="penalty")
    env.reset(seed=1)
    with pytest.raises(ActionOutOfRangeError):  # a caller's bug is never penalised
        env.step(5)
    with pytest.raises(ValueError, match="seed"):
        env.reset(seed=-3)


def test_pictures():
    env = kuhn_poker_v0.raw_env(render_mode="rgb_array")
    env.reset(options={"cards": deal("KJ")})
    frame = env.render()
    assert frame.shape == (120, 160, 3) and frame.dtype == np.uint8
    env.step(1)
    env.step(1)
    assert not np.array_equal(env.render(), frame)  # the showdown turns the cards up
    ansi = kuhn_poker_v0.raw_env(render_mode="ansi")
    ansi.reset(options={"cards": deal("KJ")})
    ansi.step(1)
    ansi.step(0)
    text = ansi.render()
    assert "Player 1 passes after the bet (folds)." in text and "King" not in text and "Jack" not in text


def test_state_is_the_moderator_view():
    env = kuhn_poker_v0.raw_env()
    env.reset(options={"cards": deal("QK")})
    assert env.state()[:6].tolist() == [0, 1, 0, 0, 0, 1]


# ====================================================================== equilibrium agent
def _policy_value(alpha: float) -> float:
    """Player 0's exact expected return when both seats play the equilibrium agent, walking every
    deal and betting through the env and asking the agent only for its action probabilities."""
    agents = [KuhnEquilibriumAgent(alpha=alpha, seed=0), KuhnEquilibriumAgent(alpha=alpha, seed=1)]
    total = 0.0
    for cards in DEALS:
        stack = [("", 1.0 / len(DEALS))]
        while stack:
            betting, p = stack.pop()
            env = kuhn_poker_v0.raw_env()
            env.reset(options={"cards": cards})
            for ch in betting:
                env.step("pb".index(ch))
            if env.engine.done:
                total += p * env.engine.returns()[0]
                continue
            seat = env.engine.current
            probs = agents[seat].action_probabilities(env.observe(f"player_{seat}"))
            for action, q in enumerate(probs):
                if q > 0:
                    stack.append((betting + "pb"[action], p * q))
    return total


@pytest.mark.parametrize("alpha", [0.0, 1 / 12, 1 / 6, 1 / 3])
def test_equilibrium_value_is_minus_one_eighteenth(alpha):
    assert _policy_value(alpha) == pytest.approx(-1 / 18, abs=1e-12)


def test_equilibrium_table_is_exact_in_fractions():
    # The same walk over the table alone, in exact arithmetic, for alpha = 1/6.
    alpha, third = Fraction(1, 6), Fraction(1, 3)
    value = Fraction(0)
    for cards in DEALS:
        stack = [("", Fraction(1, 6))]
        while stack:
            betting, p = stack.pop()
            engine = play(betting, "JQK"[cards[0]] + "JQK"[cards[1]])
            if engine.done:
                value += p * int(engine.returns()[0])
                continue
            seat = engine.current
            q = Fraction(bet_probability(seat, cards[seat], betting, float(alpha))).limit_denominator(100)
            assert q in (0, 1, third, alpha, 3 * alpha, alpha + third)
            stack += [(betting + "p", p * (1 - q)), (betting + "b", p * q)]
    assert value == Fraction(-1, 18)


def test_equilibrium_agent_sampling_matches_the_value():
    """Seeded Monte Carlo through act_sync. Returns are bounded by 2, and their spread under the
    equilibrium is about 1.3, so 20,000 hands put the mean within 4 standard errors (about 0.04)
    of -1/18; the seeds are fixed, so this never flakes."""
    env = kuhn_poker_v0.env()
    agents = [KuhnEquilibriumAgent(alpha=None, seed=11), KuhnEquilibriumAgent(alpha=None, seed=12)]
    returns = []
    for game in range(20_000):
        env.reset(seed=game)
        for seat, agent in enumerate(agents):
            agent.reset(seat)
        for name in env.agent_iter():
            obs, _, term, trunc, info = env.last()
            env.step(None if term or trunc else agents[int(name[-1])].act_sync(obs, info))
        returns.append(env.unwrapped.engine.returns()[0])
    r = np.array(returns)
    assert abs(r.mean() + 1 / 18) < 4 * r.std() / np.sqrt(len(r))


def test_equilibrium_agent_checks_its_arguments():
    with pytest.raises(ValueError, match="alpha"):
        KuhnEquilibriumAgent(alpha=0.5)
    agent = KuhnEquilibriumAgent(seed=3)
    agent.reset(0, seed=4)
    assert 0 <= agent.alpha <= 1 / 3 and agent.is_async is False
    with pytest.raises(ValueError, match="no legal action"):
        agent.act_sync({"observation": np.zeros(14, np.float32), "action_mask": np.zeros(2, np.int8)}, {})


def test_cross_check_with_openspiel():
    pyspiel = pytest.importorskip("pyspiel", reason="open_spiel (pyspiel) is not installed")
    game = pyspiel.load_game("kuhn_poker")
    for cards in DEALS:
        for betting in TERMINAL:
            state = game.new_initial_state()
            for a in (*cards, *("pb".index(ch) for ch in betting)):
                state.apply_action(a)
            assert state.is_terminal()
            engine = play(betting, "JQK"[cards[0]] + "JQK"[cards[1]])
            assert engine.returns() == list(state.returns()), (cards, betting)


# ====================================================================== text interface
def _interface(cards="QK", betting=""):
    env = kuhn_poker_v0.raw_env()
    env.reset(options={"cards": deal(cards)})
    for ch in betting:
        env.step("pb".index(ch))
    return env, KuhnTextInterface(env)


def test_rules_text_covers_every_field():
    assert set(_RULE_SENTENCES) == set(KuhnRules.model_fields)
    _, interface = _interface()
    assert "put 1 chip into the pot" in interface.system_prompt()
    env = kuhn_poker_v0.raw_env(rules={"ante": 3, "bet": 2})
    env.reset(seed=0)
    text = KuhnTextInterface(env).system_prompt()
    assert "put 3 chips into the pot" in text and "add 2 chips" in text and "at most 5 chips" in text


@pytest.mark.parametrize("betting", ["", "p", "b", "pb"])
def test_every_legal_id_parses_back(betting):
    env, interface = _interface("QK", betting)
    seat = env.engine.current
    legal = interface.legal_actions(seat)
    assert list(legal) == [0, 1] and interface.legal_actions(1 - seat) == {}
    schema = interface.schema(seat)
    for i in legal:
        for answer in (json.dumps({"action": i}), f"```json\n{{\"reasoning\": \"why\", \"action\": {i}}}\n```",
                       f"I think so.\n{{\"action\": \"{i}\"}}", str(i)):
            assert interface.parse(answer, seat) == i
        jsonschema.validate({"reasoning": "r", "action": i}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"action": 2}, schema)
    assert interface.fallback(seat) == 0


@pytest.mark.parametrize("betting, name, action", [
    ("", "<BET>", 1), ("", "check", 0), ("", "PASS", 0), ("b", "call", 1), ("pb", "fold", 0), ("b", "<BET>", 1),
])
def test_action_names_that_fit_the_moment(betting, name, action):
    env, interface = _interface("QK", betting)
    assert interface.parse(json.dumps({"action": name}), env.engine.current) == action


@pytest.mark.parametrize("answer, words", [
    ('{"action": 2}', ["action 2 is not a legal action id", "0 (<PASS>", "1 (<BET>"]),
    ('{"action": "call"}', ["'call' is not an action now", "0 (<PASS>: check"]),
    ('{"move": 1}', ["no \"action\" field", "['move']"]),
    ('{"action": true}', ["not True"]),
    ("", ["empty"]),
    ("I would like to raise", ["no JSON object"]),
])
def test_bad_answers_are_named(answer, words):
    _, interface = _interface("QK")
    with pytest.raises(ParseError) as info:
        interface.parse(answer, 0)
    assert all(w in str(info.value) for w in words), str(info.value)
    feedback = interface.feedback(str(info.value), 0)
    assert "0: <PASS>: check" in feedback and "1: <BET>: bet" in feedback


def test_a_seat_not_to_move_has_no_decision():
    _, interface = _interface("QK", "p")
    with pytest.raises(ParseError, match="seat 0 has no decision"):
        interface.parse('{"action": 0}', 0)


def test_prompt_sections_and_own_view():
    _, interface = _interface("QK", "pb")
    system, user = (m["content"] for m in interface.messages(0))
    assert "## Game rules" in system and "## How to answer" in system
    headings = [line for line in user.splitlines() if line.startswith("## ")]
    assert headings == ["## Player information", "## Game history", "## Legal actions", "## Instructions"]
    assert "Your card: Queen (Q)" in user and "Player 1 bets 1 chip." in user and "King" not in user
    assert "0: <PASS>: fold (give up the pot of 3 chips)" in user
