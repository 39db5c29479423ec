"""Breakthrough: rules, action ids, the OpenSpiel cross-check, the env, the text interface and the
MCTS reference agent.

Positions are written as OpenSpiel prints them: one string per row from row 8 (Black's back
row) down to row 1, 'b' Black, 'w' White, '.' empty.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parlour.agents import RandomAgent
from parlour.envs import breakthrough_v0, get_game
from parlour.envs.breakthrough import (
    BLACK,
    EMPTY,
    WHITE,
    ActionOutOfRangeError,
    ActionTypeError,
    BreakthroughEngine,
    BreakthroughRules,
    BreakthroughRulesError,
    GameOverError,
    IllegalActionError,
    WrongTurnError,
    decode,
    encode,
    get_rules,
    move_name,
)
from parlour.envs.breakthrough.agents import MCTSAgent, mcts_search
from parlour.envs.breakthrough.interface import _RULE_SENTENCES, BreakthroughTextInterface, ParseError
from parlour.envs.breakthrough.narrate import narrate
from parlour.envs.breakthrough.render import board_text

SETTINGS = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow], "max_examples": 15}
RULES = BreakthroughRules()
EMPTY_ROW = "........"


def position(rows: list[str], to_move: int = BLACK) -> BreakthroughEngine:
    symbol = {"b": BLACK, "w": WHITE, ".": EMPTY}
    return BreakthroughEngine.from_position(RULES, [symbol[ch] for row in rows for ch in row], to_move)


def action(engine: BreakthroughEngine, name: str) -> int:
    """The legal action named ``name`` (OpenSpiel's text, e.g. 'a7a6' or 'b2c3*')."""
    found = [a for a in engine.legal_actions(engine.current) if move_name(a, engine.rules) == name]
    assert found, f"{name} is not legal: {[move_name(a, engine.rules) for a in engine.legal_actions(engine.current)]}"
    return found[0]


# ====================================================================== rules
def test_start_position_and_first_moves():
    engine = BreakthroughEngine()
    assert board_text(engine).splitlines()[:2] == ["8bbbbbbbb", "7bbbbbbbb"]
    assert board_text(engine).splitlines()[6:] == ["2wwwwwwww", "1wwwwwwww", " abcdefgh"]
    assert engine.to_move() == [BLACK] and engine.legal_actions(WHITE) == []
    names = [move_name(a, RULES) for a in engine.legal_actions(BLACK)]
    assert len(names) == 22 and names[:3] == ["a7a6", "a7b6", "b7a6"]  # 8 straight + 14 diagonal steps


def test_openspiel_action_ids():
    assert move_name(98, RULES) == "a7a6" and decode(98, 8, 8).direction == 1
    for a in range(768):
        m = decode(a, 8, 8)
        assert encode(m.source, m.direction, m.capture) == a
    assert move_name(0, RULES) == "a8 off the board"  # a8, down-left


def test_straight_moves_never_capture_and_diagonals_do():
    engine = position(["........", "........", "...b....", "...w....", "..w.w...", "........", "........", "........"])
    names = {move_name(a, RULES) for a in engine.legal_actions(BLACK)}
    assert names == {"d6c5", "d6e5"}  # d6d5 is blocked by the White piece straight ahead
    engine.step(BLACK, action(engine, "d6c5"))
    names = {move_name(a, RULES) for a in engine.legal_actions(WHITE)}
    assert "c4c5*" not in names and "d5c6" in names and "d5d6" in names
    assert "e4d5" not in names  # own piece


def test_a_capture_removes_the_piece():
    engine = position(["b.......", "........", "........", "...b....", "....w...", "........", "........", "w......."], WHITE)
    engine.step(WHITE, action(engine, "e4d5*"))
    assert engine.pieces == [1, 2] and not engine.done


def test_reaching_the_far_row_wins():
    engine = position(["........", "........", "........", "........", "........", "b.......", "........", "w......."])
    engine.step(BLACK, action(engine, "a3a2"))
    assert not engine.done
    engine.step(WHITE, action(engine, "a1b2"))  # White steps aside
    engine.step(BLACK, action(engine, "a2a1"))
    assert engine.done and engine.winners() == [BLACK] and engine.returns() == [1.0, -1.0]
    assert engine.details()["ended_by"] == "far row" and engine.to_move() == []
    with pytest.raises(GameOverError):
        engine.step(WHITE, 0)


def test_capturing_every_piece_wins():
    engine = position(["........", "........", "........", "........", "...b....", "....w...", "........", "........"], WHITE)
    engine.step(WHITE, action(engine, "e3d4*"))
    assert engine.done and engine.winners() == [WHITE] and engine.details()["ended_by"] == "captures"
    assert engine.returns() == [-1.0, 1.0]


def test_wrong_moves_raise_clear_errors_and_change_nothing():
    engine = BreakthroughEngine()
    before = engine.state_parts()
    with pytest.raises(WrongTurnError, match="seat 0 .Black. is to move"):
        engine.step(WHITE, 0)
    with pytest.raises(IllegalActionError, match=r"action 0 \(a8 off the board\) is not legal now; legal: 98 \(a7a6\)"):
        engine.step(BLACK, 0)
    with pytest.raises(ActionOutOfRangeError, match="out of range 0..767"):
        engine.step(BLACK, 768)
    with pytest.raises(ActionTypeError):
        engine.step(BLACK, "a7a6")
    with pytest.raises(ActionTypeError):
        engine.step(BLACK, True)
    assert engine.state_parts() == before


@pytest.mark.parametrize("rules, field", [({"rows": 10}, "rows"), ({"columns": 1}, "columns"),
                                          ({"rows": 8.0}, "rows"), ({"size": 8}, "size")])
def test_bad_rules_name_the_field(rules, field):
    with pytest.raises(BreakthroughRulesError, match=f"field '{field}'"):
        get_rules(rules)
    with pytest.raises(BreakthroughRulesError, match="unknown Breakthrough board 'huge'"):
        get_rules("huge")


# ====================================================================== OpenSpiel
def _cross_check(rows: int, columns: int, seed: int) -> None:
    pyspiel = pytest.importorskip("pyspiel", reason="open_spiel (pyspiel) is not installed")
    rules = BreakthroughRules(rows=rows, columns=columns)
    game = pyspiel.load_game("breakthrough", {"rows": rows, "columns": columns})
    state, engine, rng = game.new_initial_state(), BreakthroughEngine(rules), np.random.default_rng(seed)
    env = breakthrough_v0.raw_env(rules)
    env.reset(seed=seed)
    while not state.is_terminal():
        seat = state.current_player()
        legal = state.legal_actions()
        assert engine.to_move() == [seat] and engine.legal_actions(seat) == legal
        assert [move_name(a, rules) for a in legal] == [state.action_to_string(seat, a) for a in legal]
        planes = env.observe(f"player_{seat}")["observation"][: 3 * rules.num_cells]
        assert np.array_equal(planes, np.asarray(state.observation_tensor(seat), np.float32))
        a = legal[rng.integers(len(legal))]
        state.apply_action(a)
        engine.step(seat, a)
        env.step(a)
    assert engine.done and engine.returns() == state.returns()
    assert board_text(engine) + "\n" == str(state)
    assert env.rewards == {"player_0": state.returns()[0], "player_1": state.returns()[1]}


@settings(**SETTINGS)
@given(seed=st.integers(0, 2**32 - 1))
def test_same_moves_legal_sets_observations_and_returns_as_openspiel(seed):
    _cross_check(8, 8, seed)


@pytest.mark.parametrize("rows, columns", [(6, 5), (5, 8), (3, 2)])
def test_openspiel_agrees_on_other_board_sizes(rows, columns):
    for seed in range(5):
        _cross_check(rows, columns, seed)


@settings(**SETTINGS)
@given(seed=st.integers(0, 2**32 - 1), plies=st.integers(0, 40))
def test_random_playout_ends_as_stepping_would(seed, plies):
    """The search's fast rollout and the checked step() agree on who wins from any position."""
    rng = np.random.default_rng(seed)
    engine = BreakthroughEngine()
    for _ in range(plies):
        if engine.done:
            break
        legal = engine.legal_actions(engine.current)
        engine.step(engine.current, legal[rng.integers(len(legal))])
    fast = engine.clone()
    winner = fast.random_playout(np.random.default_rng(seed))
    assert fast.done and winner == fast.winner and winner in (BLACK, WHITE)
    assert fast.pieces == [fast.board.count(BLACK), fast.board.count(WHITE)]
    rebuilt = BreakthroughEngine.from_position(RULES, fast.board, fast.current)
    assert rebuilt.winner == winner  # the final position shows the win: far row or no pieces left


# ====================================================================== env
def test_both_seats_see_the_whole_board():
    env = breakthrough_v0.raw_env(render_mode="rgb_array")
    env.reset(seed=0)
    env.step(98)
    o0, o1 = env.observe("player_0")["observation"], env.observe("player_1")["observation"]
    layout = env.observation_layout
    assert np.array_equal(o0[: layout.seat.start], o1[: layout.seat.start])
    assert o1[layout.to_move][0] == 1 and o0[layout.to_move][0] == 0
    assert np.array_equal(env.observe_image("player_0"), env.observe_image("player_1"))
    image = env.render()
    assert image.dtype == np.uint8 and image.shape == (8 * 32 + 16, 8 * 32 + 16, 3)
    env.reset(seed=0)
    assert not np.array_equal(env.render(), image)  # the move shows in the picture


def test_penalty_mode_plays_the_first_legal_move():
    env = breakthrough_v0.raw_env(illegal_action="penalty")
    env.reset(seed=0)
    first = env.engine.legal_actions(BLACK)[0]
    env.step(0)
    assert env.engine.history == [(BLACK, first)] and env.rewards["player_0"] == -1.0
    assert "not legal" in env.illegal_moves[0]["error"]


def test_ansi_render_and_narration():
    env = breakthrough_v0.raw_env(render_mode="ansi")
    env.reset(seed=0)
    env.step(98)
    text = env.render()
    assert text.startswith("8bbbbbbbb\n7.bbbbbbb\n6b.......") and "Black moves a7 to a6." in text
    assert narrate(env.engine) == [(0, "Black moves a7 to a6.")]


# ====================================================================== text interface
def _interface(moves: tuple[str, ...] = ()):
    env = breakthrough_v0.raw_env()
    env.reset(seed=0)
    for name in moves:
        env.step(action(env.engine, name))
    return env, BreakthroughTextInterface(env)


def test_rules_text_covers_every_field():
    assert set(_RULE_SENTENCES) == set(BreakthroughRules.model_fields)
    _, interface = _interface()
    text = interface.system_prompt()
    assert "8 rows" in text and "lettered a to h" in text and "never straight ahead" in text


def test_prompt_sections_and_legal_actions():
    env, interface = _interface(("a7a6",))
    legal = interface.legal_actions(WHITE)
    assert sorted(legal) == env.engine.legal_actions(WHITE) and interface.legal_actions(BLACK) == {}
    assert legal[action(env.engine, "a2a3")] == "<a2a3>: move the piece on a2 to a3"
    user = interface.messages(WHITE)[1]["content"]
    for section in ("## Player information", "## Game state", "## Legal actions", "## Instructions"):
        assert section in user
    assert "You are White (player 1" in user and "Black moves a7 to a6." in user
    assert interface.image(WHITE).shape == (8 * 32 + 16, 8 * 32 + 16, 3)


@pytest.mark.parametrize("answer", ['{"action": "a2a3"}', '{"action": "<a2a3>"}', '{"action": "A2-A3"}',
                                   '{"reasoning": "push", "action": "a2a3"}'])
def test_move_names_parse(answer):
    env, interface = _interface(("a7a6",))
    assert interface.parse(answer, WHITE) == action(env.engine, "a2a3")


def test_captures_are_named_and_bad_moves_get_feedback():
    env, interface = _interface(("b7b6", "a2a3", "b6b5", "a3a4"))
    capture = action(env.engine, "b5a4*")
    assert interface.legal_actions(BLACK)[capture] == "<b5a4*>: capture the White piece on a4 with the piece on b5"
    assert interface.parse(json.dumps({"action": "b5a4"}), BLACK) == capture
    with pytest.raises(ParseError, match="move 'a8a7' is not legal now; legal actions: .*b5a4\\*"):
        interface.parse('{"action": "a8a7"}', BLACK)
    with pytest.raises(ParseError, match="not a legal action id"):
        interface.parse('{"action": 0}', BLACK)


# ====================================================================== the MCTS reference
def test_mcts_takes_a_win_in_one_and_stops_one():
    engine = position(["........", "........", "........", "........", "........", "........", "b......w", "........"])
    assert move_name(mcts_search(engine, np.random.default_rng(0)), RULES) in ("a2a1", "a2b1")
    # White to move: Black's a2 piece wins next move unless White captures it
    engine = position(["........", "........", "........", "........", "........", "........", "b.......", ".w....ww"], WHITE)
    assert move_name(mcts_search(engine, np.random.default_rng(0)), RULES) == "b1a2*"


def test_mcts_is_deterministic_for_a_seed():
    engine = BreakthroughEngine()
    moves = {mcts_search(engine, np.random.default_rng(5), simulations=50) for _ in range(2)}
    assert len(moves) == 1 and engine.history == []


def _play(agents, seed: int) -> int:
    env = breakthrough_v0.env()
    env.reset(seed=seed)
    for seat, agent in enumerate(agents):
        agent.reset(seat, seed=seed * 2 + seat)
    for name in env.agent_iter():
        obs, _, term, trunc, info = env.last()
        env.step(None if term or trunc else agents[int(name[-1])].act_sync(obs, info))
    return env.unwrapped.engine.winner


def _mcts_wins(games: int) -> int:
    """Games MCTS (VS-Bench's settings) wins against random, alternating seats from Black."""
    wins = 0
    for seed in range(games):
        mcts_seat = seed % 2
        agents = [MCTSAgent(), RandomAgent()]
        if mcts_seat:
            agents.reverse()
        wins += _play(agents, seed) == mcts_seat
    return wins


def test_mcts_beats_random_in_both_seat_orders():
    assert _mcts_wins(2) == 2


@pytest.mark.slow
def test_mcts_beats_random_in_nine_of_ten_games():
    """The suite's sample; the 100-game measurement (benchmarks/vsbench_breakthrough_mcts.py) is
    in docs/vsbench.md."""
    assert _mcts_wins(10) >= 9


def test_openspiel_mcts_agent_follows_the_game():
    pytest.importorskip("pyspiel", reason="open_spiel (pyspiel) is not installed")
    from parlour.envs.breakthrough.agents import OpenSpielMCTSAgent

    winner = _play([RandomAgent(), OpenSpielMCTSAgent(simulations=10)], seed=1)
    assert winner in (BLACK, WHITE)  # it found the opponent's move each turn (else it raises)


def test_the_game_names_mcts_as_its_reference():
    game = get_game("breakthrough")
    assert game.reference().spec == "mcts" and not game.reference().self_play
    assert set(game.agent_kinds()) >= {"mcts", "openspiel-mcts", "scripted"}
