"""Pong's own rules, as VS-Bench's match is played (first to 3 points, at most 1,000 steps,
stay/up/down at once): scoring and the serve, returns and spin, walls, the end and the cut, the
tracking reference paddle against random play, the prompts and pictures; and hypothesis
properties over seeds and moves (everything stays on the court, every point is zero-sum)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parlour.agents import RandomAgent
from parlour.envs import get_game, pong_v0
from parlour.envs.boards import RulesError
from parlour.envs.pong.agents import TrackingAgent
from parlour.envs.pong.engine import LEFT, RIGHT, Ball, EventKind, Move, PongEngine
from parlour.envs.pong.interface import RULE_SENTENCES, rules_text
from parlour.envs.pong.rules import PongRules

S, U, D = int(Move.STAY), int(Move.UP), int(Move.DOWN)


def scene(ball: tuple[int, int, int, int], paddles=(19, 19), seed: int = 0, **rules) -> PongEngine:
    e = PongEngine(PongRules(**rules), seed)
    e.ball, e.paddles = Ball(*ball), list(paddles)
    return e


def move(e: PongEngine, right: int = S, left: int = S) -> list[int]:
    e.step(RIGHT, right)
    e.step(LEFT, left)
    return e.last_rewards


# ====================================================================== points and serves
def test_a_ball_past_the_left_paddle_is_a_point_for_the_right_and_is_served_toward_the_left():
    e = scene((1, 5, -2, 0), paddles=(19, 30))  # the left paddle covers 30..39: the ball at 5 passes
    assert move(e) == [1, -1]
    assert e.scores == [1, 0]
    assert [ev.kind for ev in e.events[-2:]] == [EventKind.POINT, EventKind.SERVE]
    assert e.events[-1].seat == LEFT and e.ball.x == e.rules.width // 2 and e.ball.vx < 0


def test_a_ball_past_the_right_paddle_is_a_point_for_the_left():
    e = scene((78, 40, 2, 0), paddles=(0, 19))
    assert move(e) == [-1, 1] and e.scores == [0, 1]


def test_the_first_to_three_points_wins_and_the_match_terminates():
    env = pong_v0.raw_env()
    env.reset(seed=0)
    e = env.engine
    e.scores = [2, 0]
    e.ball, e.paddles = Ball(1, 5, -2, 0), [19, 30]
    env.step(S)
    env.step(S)
    assert e.done and not e.truncated and e.winners() == [RIGHT]
    assert all(env.terminations.values()) and not any(env.truncations.values())
    assert env.infos["player_0"]["winner"] == "right" and env.infos["player_0"]["scores"] == [3, 0]
    assert env._cumulative_rewards == {"player_0": 1.0, "player_1": -1.0}


def test_the_step_limit_cuts_the_match_as_a_truncation_and_the_higher_score_wins():
    env = pong_v0.raw_env({"max_steps": 3})
    env.reset(seed=1)
    env.engine.scores = [0, 1]
    for _ in range(6):
        env.step(S)
    assert env.engine.done and env.engine.truncated
    assert all(env.truncations.values()) and not any(env.terminations.values())
    assert get_game("pong").outcome(env.engine).winners == [LEFT]
    env.engine.scores = [1, 1]
    assert get_game("pong").outcome(env.engine).winners == []


# ====================================================================== returns, spin, walls
def test_a_ball_on_the_paddle_centre_goes_back_straight_and_an_edge_sends_it_off_at_max_spin():
    # right paddle covers 20..29; its face is at x = 77
    centre = scene((75, 24, 2, 1), paddles=(20, 19))
    move(centre)
    assert centre.ball == Ball(76, 25, -2, 0)
    assert centre.events[-1].kind == EventKind.RETURN and centre.events[-1].seat == RIGHT
    top = scene((75, 19, 2, 1), paddles=(20, 19))
    move(top)
    assert top.ball.vx == -2 and top.ball.vy == -3
    bottom = scene((75, 28, 2, 1), paddles=(20, 19))
    move(bottom)
    assert bottom.ball.vy == 3


def test_the_left_paddle_returns_the_ball_to_the_right():
    e = scene((4, 24, -2, 0), paddles=(19, 20))
    move(e)
    assert e.ball.vx == 2 and e.ball.x == 3 and e.events[-1].seat == LEFT


def test_the_ball_bounces_off_the_top_and_bottom_walls():
    e = scene((40, 1, 2, -3))
    move(e)
    assert e.ball == Ball(42, 2, 2, 3)
    e = scene((40, 46, 2, 3))
    move(e)
    assert e.ball == Ball(42, 45, 2, -3)


def test_paddles_move_by_their_speed_and_stop_at_the_walls():
    e = scene((40, 24, 2, 0), paddles=(1, 37))
    move(e, U, D)
    assert e.paddles == [0, 38]
    move(e, D, U)
    assert e.paddles == [3, 35]


# ====================================================================== determinism and properties
def _play(seed: int, moves: list[tuple[int, int]]) -> list[tuple]:
    e = PongEngine(PongRules(), seed)
    out = []
    for a, b in moves:
        if e.done:
            break
        move(e, a, b)
        out.append(e.state_parts())
    return out


def test_same_seed_and_moves_replay_the_same_match_and_seeds_change_the_serves():
    rng = np.random.default_rng(0)
    moves = [tuple(int(v) for v in rng.integers(0, 3, 2)) for _ in range(300)]
    assert _play(4, moves) == _play(4, moves)
    starts = {PongEngine(PongRules(), s).ball for s in range(10)}
    assert len(starts) > 3


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), moves=st.lists(st.tuples(st.sampled_from([S, U, D]), st.sampled_from([S, U, D])),
                                                       min_size=1, max_size=300))
def test_everything_stays_on_the_court_and_every_point_is_zero_sum(seed, moves):
    e = PongEngine(PongRules(), seed)
    r = e.rules
    for a, b in moves:
        if e.done:
            break
        rewards = move(e, a, b)
        assert sum(rewards) == 0 and rewards in ([0, 0], [1, -1], [-1, 1])
        assert 0 <= e.ball.y < r.height and abs(e.ball.vy) <= r.max_spin
        assert all(0 <= p <= r.height - r.paddle_height for p in e.paddles)
        assert e.scores[0] - e.scores[1] == e.returns()[0]


# ====================================================================== the reference paddle
def _match(agents, seed: int) -> list[int]:
    env = pong_v0.parallel_env()
    observations, _ = env.reset(seed=seed)
    for i, a in enumerate(agents):
        a.reset(i, seed)
    while env.agents:
        observations = env.step({name: agents[i].act_sync(observations[name], {})
                                 for i, name in enumerate(env.possible_agents)})[0]
    return env.engine.scores


def test_the_tracking_paddle_beats_random_play_from_either_side():
    rules = PongRules()
    for seed in range(6):
        right = _match([TrackingAgent(rules), RandomAgent(seed)], seed)
        left = _match([RandomAgent(seed), TrackingAgent(rules)], seed)
        assert right[0] == 3 and left[1] == 3, (seed, right, left)


# ====================================================================== rules, prompts, pictures
def test_every_rules_field_has_a_sentence_and_bad_rules_name_the_field():
    assert set(RULE_SENTENCES) == set(PongRules.model_fields)
    text = rules_text(PongRules(points_to_win=5, paddle_speed=4))
    assert "score 5 points wins" in text and "moves your paddle 4 units" in text
    with pytest.raises(RulesError, match="points_to_win"):
        get_game("pong").rules({"points_to_win": 0})
    with pytest.raises(RulesError, match="paddle_height 50 must be smaller than height 48"):
        get_game("pong").rules({"paddle_height": 50})
    with pytest.raises(RulesError, match="unknown Pong board 'huge'"):
        get_game("pong").rules("huge")


def test_the_prompt_has_vsbench_sections_and_accepts_vsbench_answers():
    env = pong_v0.env()
    env.reset(seed=2)
    ui = get_game("pong").text_interface(env)
    system, user = (m["content"] for m in ui.messages(0))
    assert "## Game rules" in system and "first player to score 3 points wins" in system
    for section in ("## Player information", "## Game state", "## Legal actions", "## Instructions"):
        assert section in user
    assert "You are controlling the right paddle" in user
    assert ui.parse("I go <UP>", 0) == U and ui.parse('{"action": "<DOWN>"}', 0) == D
    assert set(ui.legal_actions(0)) == {S, U, D}


def test_pictures_are_numpy_images_and_a_seats_picture_marks_its_paddle():
    env = pong_v0.raw_env(render_mode="rgb_array")
    env.reset(seed=0)
    img = env.render()
    assert img.dtype == np.uint8 and img.shape == (48 * 4 + 28, 80 * 4, 3)
    own = env.observe_image("player_0")
    assert own.shape == img.shape and (own != img).any()
    assert (own != env.observe_image("player_1")).any()
    env = pong_v0.raw_env(render_mode="ansi")
    env.reset(seed=0)
    assert "R" in env.render() and "L" in env.render()
