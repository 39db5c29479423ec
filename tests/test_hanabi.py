"""Hanabi: rules (hints, tokens, lives, the end), action ids, the OpenSpiel cross-check, hidden
information in features, pictures and prompts, the scripted partner and the text interface.

Cards are written as OpenSpiel writes them ('R1' is the red 1). Decks are given top card first;
seat 0 is dealt the first five cards, seat 1 the next five.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parlour.agents import RandomAgent
from parlour.envs import get_game, hanabi_v0
from parlour.envs.hanabi import (
    ActionOutOfRangeError,
    ActionTypeError,
    EndReason,
    GameOverError,
    HanabiEngine,
    HanabiRules,
    HanabiRulesError,
    IllegalActionError,
    WrongTurnError,
    card_code,
    get_rules,
)
from parlour.envs.hanabi.agents import ScriptedHanabiAgent
from parlour.envs.hanabi.interface import _RULE_SENTENCES, HanabiTextInterface, ParseError, action_name
from parlour.envs.hanabi.narrate import narrate

SETTINGS = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow], "max_examples": 20}
RULES = HanabiRules()
DISCARD, PLAY, HINT_COLOUR, HINT_RANK = 0, 5, 10, 15  # first ids of each kind on the standard board
R, Y, G, W, B = range(5)


def card(code: str, rules: HanabiRules = RULES) -> int:
    return "RYGWB".index(code[0]) * rules.ranks + int(code[1]) - 1


def deck(*top: str, rules: HanabiRules = RULES) -> list[int]:
    """A full deck whose first cards are ``top`` (in order), the rest in a fixed order."""
    rest = [c * rules.ranks + r for c in range(rules.colors) for r in range(rules.ranks) for _ in range(rules.copies(r))]
    head = [card(code, rules) for code in top]
    for c in head:
        rest.remove(c)
    return head + rest


def game(*top: str, rules: HanabiRules = RULES) -> HanabiEngine:
    engine = HanabiEngine(rules)
    engine.reset(deck=deck(*top, rules=rules))
    return engine


# ====================================================================== rules
def test_the_deck_and_the_deal():
    engine = HanabiEngine(seed=0)
    assert len(engine.deck) == RULES.deck_size == 50 and engine.deck_left == 40
    counts = [sum(1 for c in engine.deck if c == k) for k in range(5)]  # red 1..5
    assert counts == [3, 2, 2, 2, 1]
    engine = game("R1", "R2", "R3", "R4", "R5", "Y1", "Y2", "Y3", "Y4", "Y5")
    assert [card_code(c, RULES) for c in engine.hands[0]] == ["R1", "R2", "R3", "R4", "R5"]
    assert [card_code(c, RULES) for c in engine.hands[1]] == ["Y1", "Y2", "Y3", "Y4", "Y5"]
    assert (engine.information, engine.lives, engine.current) == (8, 3, 0)


def test_no_discard_while_every_information_token_is_in():
    engine = game()
    legal = engine.legal_actions(0)
    assert not any(a < PLAY for a in legal) and set(range(PLAY, PLAY + 5)) <= set(legal)
    with pytest.raises(IllegalActionError, match="no discard while every information token is in"):
        engine.step(0, DISCARD)


def test_a_hint_costs_a_token_and_tells_which_cards_have_it():
    engine = game("R1", "R2", "R3", "R4", "R5", "Y1", "G1", "Y3", "W4", "B5")
    engine.step(0, HINT_COLOUR + Y)  # tell player 1: its yellow cards
    assert engine.information == 7
    knows = engine.knowledge[1]
    assert [k[0] for k in knows] == [Y, -1, Y, -1, -1]  # slots 0 and 2 are yellow
    assert knows[1][2] == 0b11101  # green may be anything but yellow
    engine.step(1, HINT_RANK + 0)  # player 1 tells player 0: its 1s
    assert [k[1] for k in engine.knowledge[0]] == [0, -1, -1, -1, -1]
    assert all(not (k[3] & 1) for k in engine.knowledge[0][1:])  # the others are not 1s


def test_a_hint_must_touch_a_card_and_needs_a_token():
    engine = game("R1", "R2", "R3", "R4", "R5", "Y1", "Y2", "Y3", "Y4", "Y5")
    assert HINT_COLOUR + R not in engine.legal_actions(0)  # player 1 has no red card
    with pytest.raises(IllegalActionError, match="must touch at least one card"):
        engine.step(0, HINT_COLOUR + R)
    for _ in range(8):
        engine.step(engine.current, HINT_RANK + 0)
    assert engine.information == 0 and all(a < HINT_COLOUR for a in engine.legal_actions(engine.current))


def test_a_card_that_fits_extends_its_firework_and_is_replaced():
    engine = game("R1", "R2", "R3", "R4", "R5", "Y1", "Y2", "Y3", "Y4", "Y5", "G1")
    engine.step(0, PLAY + 0)
    assert engine.fireworks[R] == 1 and engine.score() == 1 and engine.lives == 3
    assert [card_code(c, RULES) for c in engine.hands[0]] == ["R2", "R3", "R4", "R5", "G1"]  # drawn to the end
    assert engine.current == 1


def test_a_card_that_does_not_fit_costs_a_life_and_is_discarded():
    engine = game("R2", "R2", "R3", "R4", "R5", "Y1", "Y2", "Y3", "Y4", "Y5")
    engine.step(0, PLAY + 0)
    assert engine.lives == 2 and engine.fireworks[R] == 0 and engine.discards == [card("R2")]


def test_discarding_regains_a_token_and_a_five_does_too():
    engine = game("R1", "R2", "R3", "R4", "R5", "Y1", "Y2", "Y3", "Y4", "Y5")
    engine.step(0, HINT_RANK + 0)
    engine.step(1, DISCARD + 4)
    assert engine.information == 8 and engine.discards == [card("Y5")]
    engine.information = 5
    for _ in range(5):  # player 0 plays R1..R5 while player 1 hints
        engine.step(0, PLAY + 0)
        engine.step(1, HINT_RANK + 1 if engine.information else DISCARD)
    assert engine.fireworks[R] == 5
    assert any(e.kind.name == "TOKEN" for e in engine.events[-4:])  # the red 5 gave a token back


def test_losing_the_last_life_ends_the_game_with_score_zero():
    engine = game("R1", "G2", "G3", "G4", "G5", "Y2", "Y3", "Y4", "Y5", "B5")
    engine.step(0, PLAY + 0)  # R1 fits: score 1
    for _ in range(3):
        seat = engine.current
        engine.step(seat, PLAY + 0)  # a 2 or higher on an empty or short firework: a life each
    assert engine.done and engine.lives == 0 and engine.score() == 0 and engine.end_reason is EndReason.OUT_OF_LIVES
    assert engine.returns() == [0.0, 0.0] and engine.to_move() == []
    assert len(engine.hands[1]) == 4  # no card is drawn after the end
    with pytest.raises(GameOverError):
        engine.step(engine.current, PLAY)


def test_after_the_last_card_each_player_has_one_more_turn():
    engine = game()

    def quiet_turn():  # a discard when allowed, else a hint: no card is played
        legal = engine.legal_actions(engine.current)
        engine.step(engine.current, DISCARD if DISCARD in legal else legal[-1])

    while engine.deck_left:
        quiet_turn()
    assert not engine.done
    quiet_turn()
    assert not engine.done
    quiet_turn()
    assert engine.done and engine.end_reason is EndReason.OUT_OF_CARDS


def test_complete_fireworks_end_the_game():
    rules = HanabiRules(colors=2, ranks=2, hand_size=2)  # R1 R1 R1 R2 Y1 Y1 Y1 Y2; play slot 0 is id 2
    engine = HanabiEngine(rules)
    engine.reset(deck=[card(c, rules) for c in ("R1", "R2", "Y1", "Y2", "R1", "R1", "Y1", "Y1")])
    for _ in range(4):  # R1, Y1, R2, Y2 each from slot 0
        engine.step(engine.current, 2)
    assert engine.done and engine.end_reason is EndReason.ALL_FIREWORKS
    assert engine.score() == 4 == rules.max_score and engine.winners() == [0, 1] and engine.deck_left == 1  # no draw after the end


def test_wrong_moves_raise_clear_errors_and_change_nothing():
    engine = HanabiEngine(seed=1)
    before = engine.state_parts()
    with pytest.raises(WrongTurnError):
        engine.step(1, PLAY)
    with pytest.raises(ActionOutOfRangeError, match="out of range 0..19"):
        engine.step(0, 20)
    with pytest.raises(ActionTypeError):
        engine.step(0, "play 0")
    assert engine.state_parts() == before


@pytest.mark.parametrize("rules, field", [({"players": 6}, "players"), ({"colors": 0}, "colors"),
                                          ({"hand_size": 3.0}, "hand_size"), ({"lives": 3}, "lives")])
def test_bad_rules_name_the_field(rules, field):
    with pytest.raises(HanabiRulesError, match=f"field '{field}'"):
        get_rules(rules)
    with pytest.raises(HanabiRulesError, match="hand_size"):
        get_rules({"players": 5, "colors": 1, "ranks": 2, "hand_size": 5})


# ====================================================================== OpenSpiel
def _cross_check(rules: HanabiRules, seed: int, play_rate: float) -> EndReason:
    """One game on both engines with the same deck and the same moves: the same legal moves and
    names at every turn, the same returns after every move, the same end. ``play_rate`` is how
    often a move is a play (rare plays make games long enough to empty the deck)."""
    pyspiel = pytest.importorskip("pyspiel", reason="open_spiel (pyspiel) is not installed")
    params = {k: v for k, v in rules.model_dump().items() if k != "name"}
    state, engine, rng = pyspiel.load_game("hanabi", params).new_initial_state(), HanabiEngine(rules, seed), np.random.default_rng(seed)
    dealt = 0
    while True:
        while state.is_chance_node():  # OpenSpiel's chance outcome ids are our card ids
            state.apply_action(engine.deck[dealt])
            dealt += 1
        assert dealt == engine.drawn and state.is_terminal() == engine.done
        assert engine.returns() == state.returns()
        if engine.done:
            break
        seat = state.current_player()
        legal = state.legal_actions()
        assert engine.to_move() == [seat] and engine.legal_actions(seat) == legal
        assert [action_name(a, rules) for a in legal] == [state.action_to_string(seat, a) for a in legal]
        plays = [a for a in legal if rules.hand_size <= a < 2 * rules.hand_size]
        others = [a for a in legal if a not in plays]
        pool = plays if (rng.random() < play_rate or not others) else others
        a = pool[rng.integers(len(pool))]
        engine.step(seat, a)
        state.apply_action(a)
    return engine.end_reason


@settings(**SETTINGS)
@given(seed=st.integers(0, 2**32 - 1), play_rate=st.sampled_from([0.05, 0.3, 1.0]))
def test_same_moves_legal_sets_returns_and_ends_as_openspiel(seed, play_rate):
    _cross_check(RULES, seed, play_rate)


@pytest.mark.parametrize("rules", [HanabiRules(players=3), HanabiRules(players=4, hand_size=4),
                                   HanabiRules(colors=3, ranks=4, max_information_tokens=5, max_life_tokens=1)])
def test_openspiel_agrees_on_other_tables(rules):
    for seed in range(6):
        _cross_check(rules, seed, 0.1)


def test_the_cross_check_reaches_every_ending():
    ends = {_cross_check(RULES, seed, 0.05) for seed in range(20)}
    assert {EndReason.OUT_OF_LIVES, EndReason.OUT_OF_CARDS} <= ends  # every firework complete: below
    rules = HanabiRules(colors=1, ranks=2, hand_size=1)
    assert EndReason.ALL_FIREWORKS in {_cross_check(rules, seed, 0.5) for seed in range(20)}


# ====================================================================== hidden information
def _swap_own_cards(engine: HanabiEngine, seat: int) -> HanabiEngine:
    """The same table, but ``seat`` holds other cards, consistent with everything hints told it."""
    other = engine.clone()
    rules = engine.rules
    for i, (_, _, colours, ranks) in enumerate(other.knowledge[seat]):
        choices = [c * rules.ranks + r for c in range(rules.colors) if colours >> c & 1
                   for r in range(rules.ranks) if ranks >> r & 1 and c * rules.ranks + r != other.hands[seat][i]]
        if choices:
            other.hands[seat][i] = choices[0]
    return other


@settings(**SETTINGS)
@given(seed=st.integers(0, 2**32 - 1), turns=st.integers(0, 30))
def test_a_seat_never_sees_its_own_cards(seed, turns):
    """Give a seat other cards (consistent with its hints): its features, picture and prompt
    stay the same; the other seat's do change."""
    env = hanabi_v0.raw_env()
    env.reset(seed=seed)
    rng = np.random.default_rng(seed)
    for _ in range(turns):
        if env.engine.done:
            break
        legal = env.engine.legal_actions(env.engine.current)
        env.step(int(rng.choice(legal)))
    seat = env.engine.current if not env.engine.done else 0
    swapped_env = hanabi_v0.raw_env()
    swapped_env.reset(seed=seed)
    swapped_env.engine = _swap_own_cards(env.engine, seat)
    if swapped_env.engine.hands[seat] == env.engine.hands[seat]:
        return
    agent, other = f"player_{seat}", f"player_{1 - seat}"
    assert np.array_equal(env.observe(agent)["observation"], swapped_env.observe(agent)["observation"])
    assert np.array_equal(env.observe_image(agent), swapped_env.observe_image(agent))
    texts = [HanabiTextInterface(e).messages(seat) for e in (env, swapped_env)]
    # narration of past draws differs only in what others heard; the seat's own prompt is the same
    assert texts[0] == texts[1]
    assert not np.array_equal(env.observe(other)["observation"], swapped_env.observe(other)["observation"])
    assert not np.array_equal(env.observe_image(other), swapped_env.observe_image(other))


def test_hidden_from_names_the_seats_own_cards_as_the_other_seat_reads_them():
    env = hanabi_v0.raw_env()
    env.reset(options={"deck": deck("R1", "R2", "R3", "R4", "R5", "Y1", "Y2", "Y3", "Y4", "Y5")})
    hidden = get_game("hanabi").hidden_from(env.engine, 0)
    assert "Player 0, slot 0: Red 1 (R1)" in hidden and "Player 0 draws Red 1 (R1) into slot 0." in hidden
    other_prompt = HanabiTextInterface(env).messages(1)[1]["content"]
    assert all(h in other_prompt for h in hidden if "slot 0:" in h or "slot 4:" in h)
    own_prompt = HanabiTextInterface(env).messages(0)[1]["content"]
    assert not any(h in own_prompt for h in hidden)


# ====================================================================== env
def test_rewards_add_up_to_the_final_score():
    for seed in range(10):
        env = hanabi_v0.env()
        env.reset(seed=seed)
        agents = [ScriptedHanabiAgent() for _ in range(2)] if seed % 2 else [RandomAgent(seed) for _ in range(2)]
        total = {a: 0.0 for a in env.possible_agents}
        for name in env.agent_iter():
            obs, reward, term, trunc, info = env.last()
            total[name] += reward
            env.step(None if term or trunc else agents[int(name[-1])].act_sync(obs, info))
        score = env.unwrapped.engine.score()
        assert all(t == score for t in total.values()), (seed, total, score)


def test_render_modes_show_the_moderators_view():
    env = hanabi_v0.raw_env(render_mode="ansi")
    env.reset(options={"deck": deck("R1", "R2", "R3", "R4", "R5", "Y1", "Y2", "Y3", "Y4", "Y5")})
    text = env.render()
    assert "Player 0, slot 0: Red 1 (R1)" in text and "Player 1, slot 4: Yellow 5 (Y5)" in text
    image = hanabi_v0.raw_env(render_mode="rgb_array")
    image.reset(seed=0)
    picture = image.render()
    assert picture.dtype == np.uint8 and picture.ndim == 3 and picture.shape[2] == 3
    assert not np.array_equal(picture, image.observe_image("player_0"))  # seat 0's own cards are face down


def test_narration_hides_a_players_own_draws_from_it():
    engine = game("R1", "R2", "R3", "R4", "R5", "Y1", "Y2", "Y3", "Y4", "Y5")
    own = [t for _, t in narrate(engine, 0)]
    assert "Player 0 draws a card into slot 0 (you cannot see your own cards)." in own
    assert "Player 0 draws Red 1 (R1) into slot 0." in [t for _, t in narrate(engine, 1)]
    engine.step(0, HINT_COLOUR + Y)
    assert narrate(engine, 0)[-1][1] == "Player 0 tells player 1: slots 0, 1, 2, 3 and 4 are Yellow (one information token spent)."


# ====================================================================== the scripted partner
def _self_play(make, seed: int) -> HanabiEngine:
    env = hanabi_v0.env()
    env.reset(seed=seed)
    agents = [make(s) for s in range(2)]
    for seat, agent in enumerate(agents):
        agent.reset(seat, seed=seed)
    for name in env.agent_iter():
        obs, _, term, trunc, info = env.last()
        env.step(None if term or trunc else agents[int(name[-1])].act_sync(obs, info))
    return env.unwrapped.engine


def test_the_scripted_partner_scores_and_never_loses_a_life():
    engines = [_self_play(lambda s: ScriptedHanabiAgent(), seed) for seed in range(12)]
    assert all(e.lives == 3 and e.end_reason is EndReason.OUT_OF_CARDS for e in engines)
    scores = [e.score() for e in engines]
    random = [_self_play(lambda s: RandomAgent(), seed).score() for seed in range(12)]
    assert np.mean(scores) >= 8 and np.mean(random) <= 1, (scores, random)


def test_the_scripted_partner_is_deterministic_and_reads_only_its_observation():
    a, b = _self_play(lambda s: ScriptedHanabiAgent(), 3), _self_play(lambda s: ScriptedHanabiAgent(), 3)
    assert a.history == b.history
    agent = ScriptedHanabiAgent()
    with pytest.raises(ValueError, match="no legal action"):
        agent.act_sync({"observation": np.zeros(398, np.float32), "action_mask": np.zeros(20, np.int8)}, {})


def test_the_game_names_the_scripted_partner_in_self_play_as_its_reference():
    game_ = get_game("hanabi")
    assert game_.reference().spec == "scripted" and game_.reference().self_play


# ====================================================================== text interface
def _interface():
    env = hanabi_v0.raw_env()
    env.reset(options={"deck": deck("R1", "R2", "R3", "R4", "R5", "Y1", "G1", "Y3", "W4", "B5")})
    return env, HanabiTextInterface(env)


def test_rules_text_covers_every_field():
    assert set(_RULE_SENTENCES) == set(HanabiRules.model_fields)
    _, interface = _interface()
    text = interface.system_prompt()
    assert "8 information tokens" in text and "3 life tokens" in text and "50 cards" in text


def test_prompt_sections_and_legal_actions():
    env, interface = _interface()
    legal = interface.legal_actions(0)
    assert sorted(legal) == env.engine.legal_actions(0) and interface.legal_actions(1) == {}
    assert legal[PLAY] == "(Play 0): play your card in slot 0"
    assert legal[HINT_COLOUR + Y] == "(Reveal player +1 color Y): tell player 1 which cards are Yellow (slots 0 and 2)"
    user = interface.messages(0)[1]["content"]
    for section in ("## Player information", "## Game state", "## Legal actions", "## Instructions"):
        assert section in user
    assert "Your slot 0: unknown card" in user and "Player 1, slot 1: Green 1 (G1)" in user


@pytest.mark.parametrize("answer, action", [
    ('{"action": "(Play 2)"}', PLAY + 2), ('{"action": "play 2"}', PLAY + 2), ('{"action": "hint yellow"}', HINT_COLOUR + Y),
    ('{"action": "Reveal player +1 rank 1"}', HINT_RANK + 0), ('{"action": "hint 5"}', HINT_RANK + 4),
    ('{"action": "tell G"}', HINT_COLOUR + G), (json.dumps({"reasoning": "safe", "action": 12}), HINT_COLOUR + G),
])
def test_action_names_parse(answer, action):
    _, interface = _interface()
    assert interface.parse(answer, 0) == action


@pytest.mark.parametrize("answer, words", [
    ('{"action": "discard 0"}', ["'discard 0' is not legal now", "(Play 0)"]),
    ('{"action": "hint red"}', ["'hint red' is not legal now"]),
    ('{"action": "hint purple"}', ["'hint purple' is not an action"]),
    ('{"action": 3}', ["action 3 is not a legal action id", "(Reveal player +1 color Y)"]),
])
def test_bad_answers_are_named(answer, words):
    _, interface = _interface()
    with pytest.raises(ParseError) as info:
        interface.parse(answer, 0)
    assert all(w in str(info.value) for w in words), str(info.value)
    assert interface.fallback(0) >= HINT_COLOUR  # a hint: it loses no card and no life
