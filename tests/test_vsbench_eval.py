"""VS-Bench evaluation (issue 13): reference players, normalized returns, prediction sets, parquet,
the eval commands, and the LLM seat's VS-Bench options (random move on a bad answer, images)."""

from __future__ import annotations

import asyncio
import base64
import io
import json

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from parlour.agents.llm import LLMAgent
from parlour.agents.llm.completion import Completion
from parlour.cli import main
from parlour.envs import get_game
from parlour.envs.kuhn_poker.agents import THIRD, bet_probability
from parlour.envs.kuhn_poker.engine import KuhnEngine, Move
from parlour.evaluators.vsbench import games as vsgames
from parlour.evaluators.vsbench.answers import count_answers
from parlour.evaluators.vsbench.baselines import load_baselines
from parlour.evaluators.vsbench.normalize import Scale, overall, score
from parlour.evaluators.vsbench.play import block_value, matches, play_blocks
from parlour.evaluators.vsbench.predict import PredictionInterface, correct_answers, generate, predict

pyspiel = pytest.importorskip("pyspiel", reason="Kuhn Poker's CFR reference needs open-spiel (pip install -e '.[test]')")

from parlour.envs.kuhn_poker.cfr import INFO_STATES, KuhnCFRAgent, exploitability, solve  # noqa: E402

KUHN_VALUE = -1 / 18


def entry(game_id: str) -> vsgames.VSBenchGame:
    (e,) = vsgames.vsbench_games([game_id])
    return e


# ------------------------------------------------------------------------------------------ reference players
def test_cfr_equilibrium_is_near_exact_and_worth_the_game_value():
    assert exploitability() < 1e-3
    game = pyspiel.load_game("kuhn_poker")
    policy = pyspiel.TabularPolicy({k: list(enumerate(p)) for k, p in solve().items()})
    first, second = pyspiel.expected_returns(game.new_initial_state(), policy, -1, True)
    assert first == pytest.approx(KUHN_VALUE, abs=1e-3) and second == pytest.approx(-KUHN_VALUE, abs=1e-3)


def test_cfr_policy_is_in_kuhns_analytic_family():
    """Player 1's equilibrium is unique; player 0's is the alpha family (alpha = the Jack's bluff)."""
    table = solve()
    assert set(table) == set(INFO_STATES)
    alpha = table["0"][Move.BET]
    assert 0 <= alpha <= THIRD + 1e-3
    for key, (p_pass, p_bet) in table.items():
        card, betting = int(key[0]), key[1:]
        seat = 0 if betting in ("", "pb") else 1
        assert p_pass + p_bet == pytest.approx(1.0)
        assert p_bet == pytest.approx(bet_probability(seat, card, betting, alpha), abs=0.02), key


def test_cfr_agent_reads_its_own_seat_card_and_betting():
    """At every decision of real hands, the agent's probabilities are the table's at the true state."""
    game = get_game("kuhn-poker")
    table = solve()
    for seed in range(12):
        env = game.raw_env(game.rules())
        env.reset(seed=seed)
        agents = [KuhnCFRAgent(seed=seed), KuhnCFRAgent(seed=seed + 100)]
        for agent_id in env.agent_iter():
            obs, _, term, trunc, info = env.last()
            if term or trunc:
                env.step(None)
                continue
            seat = env.agent_name_mapping[agent_id]
            engine: KuhnEngine = env.unwrapped.engine
            betting = "".join("pb"[a] for _, a in engine.history)
            expected = table[f"{engine.cards[seat]}{betting}"]
            assert agents[seat].action_probabilities(obs) == pytest.approx(expected)
            env.step(agents[seat].act_sync(obs, info))


def test_every_vsbench_game_names_a_reference_its_agent_kinds_build():
    ids = [e.id for e in vsgames.vsbench_games()]
    assert {"kuhn-poker", "coin-dilemma", "monster-hunt", "battle-of-the-colors"} <= set(ids)
    assert "werewolf" not in ids
    for e in vsgames.vsbench_games():
        assert e.reference.spec.split(":")[0] in e.game.agent_kinds(), e.id


def test_unknown_or_unsupported_games_are_named():
    with pytest.raises(ValueError, match="werewolf is not a two-player game with a reference player"):
        vsgames.vsbench_games(["werewolf"])
    with pytest.raises(KeyError, match="unknown game 'chess'"):
        vsgames.vsbench_games(["chess"])


# ------------------------------------------------------------------------------------------ normalization
def test_normalized_scale_puts_random_at_0_and_reference_at_100():
    s = Scale(random=-0.5, reference=1.5)
    assert s.normalize(-0.5) == 0 and s.normalize(1.5) == 100 and s.normalize(0.5) == 50
    assert s.normalize(3.5) == 200 and s.normalize(-2.5) == -100
    with pytest.raises(ValueError, match="no scale"):
        Scale(1.0, 1.0).normalize(0.0)


@given(st.lists(st.floats(-10, 10), min_size=1, max_size=30), st.floats(-5, 5), st.floats(0.5, 20))
def test_score_is_the_normalized_mean_and_its_interval_lies_within_the_values(values, low, span):
    scale = Scale(low, low + span)
    s = score(values, scale, resamples=200)
    assert s.normalized == pytest.approx(100 * (np.mean(values) - low) / span)
    lowest, highest = scale.normalize(min(values)), scale.normalize(max(values))
    assert lowest - 1e-6 <= s.low <= s.high <= highest + 1e-6
    assert s.blocks == len(values)


def test_the_interval_narrows_with_more_blocks_and_holds_the_point():
    rng = np.random.default_rng(3)
    scale = Scale(0, 1)
    few, many = score(rng.normal(0.5, 1, 20), scale), score(rng.normal(0.5, 1, 2000), scale)
    assert few.low < few.normalized < few.high and many.low < many.normalized < many.high
    assert many.high - many.low < (few.high - few.low) / 5


def test_overall_is_the_mean_of_games_and_constant_games_have_no_spread():
    scales = {"a": Scale(0, 10), "b": Scale(-1, 1)}
    total = overall({"a": [5.0, 5.0], "b": [1.0, 1.0, 1.0]}, scales, resamples=50)
    assert total.normalized == pytest.approx((50 + 100) / 2)
    assert total.low == pytest.approx(75) and total.high == pytest.approx(75)
    with pytest.raises(ValueError, match="no blocks"):
        score([], scales["a"])


# ------------------------------------------------------------------------------------------ seat orders
def test_competitive_blocks_play_both_seat_orders_and_self_play_fills_both_seats():
    kuhn, coin = entry("kuhn-poker"), entry("coin-dilemma")
    assert [(m.specs, m.agent_seats) for m in matches(kuhn, "random")] == [
        (("random", "cfr"), (0,)), (("cfr", "random"), (1,))]
    assert [(m.specs, m.agent_seats) for m in matches(coin, "random")] == [(("random", "random"), (0, 1))]
    # the reference against itself: the two seat orders would be one game twice
    assert [(m.specs, m.agent_seats) for m in matches(kuhn, "cfr")] == [(("cfr", "cfr"), (0, 1))]

    blocks = asyncio.run(play_blocks(kuhn, "random", range(5, 9)))
    assert [b.seed for b in blocks] == [5, 6, 7, 8]
    for b in blocks:
        first, second = b.records
        assert first.header.agents == ["random", "cfr"] and second.header.agents == ["cfr", "random"]
        assert first.header.seed == second.header.seed == b.seed
        assert b.value == pytest.approx((first.outcome.rewards["player_0"] + second.outcome.rewards["player_1"]) / 2)
    # zero-sum: the reference against itself is worth exactly 0 in every block
    assert all(b.value == 0 for b in asyncio.run(play_blocks(kuhn, "cfr", range(20))))


def test_block_value_is_the_mean_over_the_agents_seats():
    class Outcome:
        def __init__(self, r0, r1):
            self.rewards = {"player_0": r0, "player_1": r1}

    class Record:
        def __init__(self, r0, r1):
            self.outcome = Outcome(r0, r1)

    assert block_value([Record(2, -2), Record(1, -1)], [(0,), (1,)]) == pytest.approx((2 - 1) / 2)
    assert block_value([Record(3, 5)], [(0, 1)]) == 4


def test_stored_baselines_cover_todays_games_and_kuhns_random_return_is_its_exact_value():
    stored = load_baselines()
    for game_id in ("kuhn-poker", "coin-dilemma", "monster-hunt", "battle-of-the-colors"):
        b = stored[game_id]
        assert b.reference == entry(game_id).reference.spec and b.blocks >= 1000
        assert b.reference_return > b.random
    # exact: uniform random against the CFR policy, averaged over both seats (OpenSpiel)
    game, table = pyspiel.load_game("kuhn_poker"), solve()
    uniform = {k: [(0, 0.5), (1, 0.5)] for k in table}
    cfr = {k: list(enumerate(p)) for k, p in table.items()}
    first_acts = {k for k in table if len(k) % 2 == 1}  # "J", "Jpb": player 0's information states
    random_first = pyspiel.TabularPolicy({k: (uniform if k in first_acts else cfr)[k] for k in table})
    random_second = pyspiel.TabularPolicy({k: (cfr if k in first_acts else uniform)[k] for k in table})
    exact = (pyspiel.expected_returns(game.new_initial_state(), random_first, -1, True)[0]
             + pyspiel.expected_returns(game.new_initial_state(), random_second, -1, True)[1]) / 2
    kuhn = stored["kuhn-poker"]
    assert kuhn.random == pytest.approx(exact, abs=4 * 0.9 / np.sqrt(kuhn.blocks))  # 4 standard errors


def test_held_out_seeds_score_random_near_0_and_the_reference_near_100():
    """Monster Hunt on seeds the baselines never saw (a game's noise is widest for random play)."""
    mh = entry("monster-hunt")
    scale = load_baselines()["monster-hunt"].scale
    seeds = range(500_000, 500_040)
    reference = score([b.value for b in asyncio.run(play_blocks(mh, "scripted", seeds))], scale)
    random = score([b.value for b in asyncio.run(play_blocks(mh, "random", seeds))], scale)
    assert 90 <= reference.normalized <= 110
    assert -10 <= random.normalized <= 10
    assert random.low <= 0 <= random.high or abs(random.normalized) < 5


# ------------------------------------------------------------------------------------------ prediction sets
def _kuhn_betting(item) -> str:
    """The betting before the actor's move, from the item's decision number and the viewer's history."""
    return {0: "", 1: "b" if "Player 0 bets" in item.observation else "p", 2: "pb"}[item.step]


def test_kuhn_prediction_items_ask_for_the_other_players_equilibrium_move():
    items = generate(entry("kuhn-poker"), 40, first_seed=3)
    table = solve()
    assert len(items) == 40
    for item in items:
        assert item.viewer == 1 - item.actor
        engine = KuhnEngine(seed=item.seed)
        card = engine.cards[item.actor]
        p = table[f"{card}{_kuhn_betting(item)}"]
        best = max(p)
        assert item.next_action == [a for a in (0, 1) if p[a] >= best - 1e-9]
        # the actor's card is never in the viewer's question
        actor_card = get_game("kuhn-poker").hidden_from(engine, item.viewer)
        assert not any(text in item.observation for text in actor_card)
        assert f"player {item.actor}'s turn" in item.action


def test_questions_name_the_other_players_actions_and_nothing_hidden_in_every_game():
    """The actor's action meanings are written for the actor (Hanabi's hints list the hinted
    player's slots), so a question lists their names only; the view passes the game's own check."""
    for e in vsgames.vsbench_games():
        for item in generate(e, 4, first_seed=11):
            assert all(": " not in name for name in item.next_legal_actions.values()), e.id
            assert item.next_legal_actions and set(item.next_action) <= set(item.next_legal_actions)
            assert "## Legal actions" not in item.observation, e.id


def test_grid_prediction_items_hold_the_scripted_partners_actual_move():
    items = generate(entry("coin-dilemma"), 30, first_seed=0)
    assert [item.step for item in items] == list(range(30))
    assert [item.actor for item in items] == [0, 1] * 15
    # replay the same game: each item's answer is the move the actor then made
    game = get_game("coin-dilemma")
    env = game.raw_env(game.rules())
    env.reset(seed=0)
    agents = [game.agent_kinds()["scripted"](env, s, 0, "") for s in range(2)]
    for item in items:
        obs, _, _, _, info = env.last()
        seat = env.agent_name_mapping[env.agent_selection]
        action = agents[seat].act_sync(obs, info)
        assert item.actor == seat and item.next_action == [action]
        env.step(action)


def test_several_correct_answers_when_the_agent_is_indifferent():
    class Indifferent:
        def action_probabilities(self, observation):
            return np.array([0.4, 0.4, 0.2])

    assert correct_answers(Indifferent(), None, [0, 1, 2], played=2) == [0, 1]
    assert correct_answers(Indifferent(), None, [1, 2], played=2) == [1]
    assert correct_answers(object(), None, [0, 1, 2], played=2) == [2]


def test_random_predictions_score_near_chance():
    items = generate(entry("coin-dilemma"), 200, first_seed=7)
    answers = asyncio.run(predict(items, "random", seed=1))
    accuracy = np.mean([a.correct for a in answers])
    chance = np.mean([len(i.next_action) / len(i.next_legal_actions) for i in items])
    assert abs(accuracy - chance) < 0.1
    assert all(a.answer in i.next_legal_actions for a, i in zip(answers, items))


# ------------------------------------------------------------------------------------------ parquet
def test_parquet_round_trip_keeps_every_item(tmp_path):
    pytest.importorskip("pyarrow")
    pytest.importorskip("PIL")
    from parlour.evaluators.vsbench.parquet import read_parquet, write_parquet

    items = generate(entry("kuhn-poker"), 6, images=True) + generate(entry("battle-of-the-colors"), 4, images=True)
    path = tmp_path / "set.parquet"
    write_parquet(items, path)
    assert read_parquet(path) == items


def _vsbench_file(path, rows):
    """A file in VS-Bench's own layout: prompt struct (image as base64 text), JSON legal actions."""
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    table = pa.Table.from_pylist(rows)
    pq.write_table(table, path)


def test_vsbench_published_layout_loads(tmp_path):
    pytest.importorskip("PIL")
    from PIL import Image

    from parlour.evaluators.vsbench.parquet import read_parquet

    png = io.BytesIO()
    Image.new("RGB", (4, 3), (255, 0, 0)).save(png, format="PNG")
    rows = [
        {"prompt": {"system": "rules", "observation": "you hold J", "action": "predict", "image_path":
                    base64.b64encode(png.getvalue()).decode()},
         "next_legal_actions": json.dumps({"0": "<PASS>", "1": "<BET>"}), "next_action": [0, 1]},
        {"prompt": {"system": "rules", "observation": "you hold K", "action": "predict", "image_path": None},
         "next_legal_actions": json.dumps({"0": "<PASS>", "1": "<BET>"}), "next_action": [1]},
    ]
    path = tmp_path / "kuhn_poker.parquet"
    _vsbench_file(path, rows)
    first, second = read_parquet(path)
    assert first.game == "kuhn_poker" and first.next_action == [0, 1] and first.image == png.getvalue()
    assert first.next_legal_actions == {0: "<PASS>", 1: "<BET>"} and first.system == "rules"
    assert second.image is None and second.next_action == [1] and second.observation == "you hold K"
    # an answer by its tag is read the way VS-Bench reads it
    iface = PredictionInterface(first)
    assert iface.parse('{"action": "<BET>"}', 0) == 1 and iface.parse('{"action": 0}', 0) == 0


def test_bad_parquet_files_are_named_with_row_and_field(tmp_path):
    pytest.importorskip("pyarrow")
    from parlour.evaluators.vsbench.parquet import read_parquet

    folder = tmp_path
    _vsbench_file(folder / "a.parquet", [{"prompt": {"observation": "x"}, "next_action": [0]}])
    with pytest.raises(ValueError, match="no column 'next_legal_actions'"):
        read_parquet(folder / "a.parquet")
    _vsbench_file(folder / "b.parquet", [{"prompt": {"observation": "x"}, "next_legal_actions": '{"0": "a"}',
                                          "next_action": [3]}])
    with pytest.raises(ValueError, match=r"b.parquet row 0: .*next_action \[3\] not among next_legal_actions \[0\]"):
        read_parquet(folder / "b.parquet")
    with pytest.raises(ValueError, match="no such file"):
        read_parquet(folder / "missing.parquet")


# ------------------------------------------------------------------------------------------ LLM seats
class FakeBackend:
    """Answers from a script; remembers every request."""

    model = "fake"

    def __init__(self, answers, accepts_images=True):
        self.answers = list(answers)
        self.calls: list[list[dict]] = []
        self.accepts_images = accepts_images

    async def complete(self, messages, *, schema=None, max_tokens, temperature, seed=None):
        self.calls.append(messages)
        text = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        return Completion(text=text, finish_reason="stop", tokens_in=10, tokens_out=3, latency_s=0.01,
                          model="fake", truncated=False)


def kuhn_env(seed=1):
    game = get_game("kuhn-poker")
    env = game.raw_env(game.rules())
    env.reset(seed=seed)
    return env


def _act(agent, env):
    obs, _, _, _, info = env.last()
    agent.reset(0, 5)
    return asyncio.run(agent.act(obs, info))


def test_images_go_as_a_png_image_url_part_and_text_only_is_unchanged():
    pytest.importorskip("PIL")
    from PIL import Image

    env = kuhn_env()
    text_backend, vision_backend = FakeBackend(['{"action": 1}']), FakeBackend(['{"action": 1}'])
    assert _act(LLMAgent(text_backend, env=env), env) == 1
    assert _act(LLMAgent(vision_backend, env=env, images=True), env) == 1
    plain, vision = text_backend.calls[0], vision_backend.calls[0]
    assert all(isinstance(m["content"], str) for m in plain)
    assert plain == get_game("kuhn-poker").text_interface(env).messages(0)  # the text path as before
    assert vision[0] == plain[0] and vision[1]["role"] == "user"
    text_part, image_part = vision[1]["content"]
    assert text_part == {"type": "text", "text": plain[1]["content"]}
    url = image_part["image_url"]["url"]
    assert image_part["type"] == "image_url" and url.startswith("data:image/png;base64,")
    picture = Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1])))
    seat_view = env.unwrapped.observe_image("player_0")
    assert np.array_equal(np.asarray(picture.convert("RGB")), seat_view)


def test_a_backend_without_images_is_refused_at_once():
    with pytest.raises(ValueError, match="takes no images"):
        LLMAgent(FakeBackend(["{}"], accepts_images=False), env=kuhn_env(), images=True)
    with pytest.raises(ValueError, match="illegal must be one of feedback, random"):
        LLMAgent(FakeBackend(["{}"]), env=kuhn_env(), illegal="ignore")


def test_vsbench_random_move_gives_no_feedback_and_plays_a_legal_action():
    env = kuhn_env()
    silent = FakeBackend(['{"action": 7}'])
    agent = LLMAgent(silent, env=env, illegal="random", max_retries=2)
    assert _act(agent, env) in (0, 1)
    info = agent.last_decision_info
    assert len(silent.calls) == 1  # no retry, no feedback message
    assert info["fallback"] and info["random_move"] and info["retries"] == 0 and len(info["errors"]) == 1
    feedback = FakeBackend(['{"action": 7}', '{"action": 7}', '{"action": 0}'])
    agent = LLMAgent(feedback, env=env, max_retries=2)
    assert _act(agent, env) == 0
    assert len(feedback.calls) == 3 and "could not be used" in feedback.calls[1][-1]["content"]
    assert "random_move" not in agent.last_decision_info
    counts = count_answers([info, agent.last_decision_info, None])
    assert (counts.decisions, counts.answers, counts.bad, counts.fallbacks, counts.random_moves) == (2, 4, 3, 1, 1)


# ------------------------------------------------------------------------------------------ the commands
def test_vsbench_play_with_random_prints_the_table_and_writes_json(capsys, tmp_path):
    out = tmp_path / "play.json"
    code = main(["eval", "vsbench-play", "--agent", "random", "--games", "kuhn-poker,coin-dilemma", "--episodes", "3",
                 "--json", str(out), "--resamples", "100"])
    printed = capsys.readouterr().out
    assert code == 0
    assert "VS-Bench online: random" in printed and "kuhn-poker" in printed and "overall" in printed
    report = json.loads(out.read_text())
    assert report["games"]["kuhn-poker"]["games"] == 6 and report["games"]["coin-dilemma"]["games"] == 3
    assert report["games"]["kuhn-poker"]["mode"] == "against cfr"
    assert report["overall"]["llm"]["decisions"] == 0
    assert report["overall"]["low"] <= report["overall"]["normalized"] <= report["overall"]["high"]


def test_vsbench_play_reports_an_llm_seats_bad_answers_and_random_moves(capsys, tmp_path):
    out = tmp_path / "llm.json"
    code = main(["eval", "vsbench-play", "--agent", f"python:{__name__}:babbling_llm",
                 "--games", "kuhn-poker", "--episodes", "2", "--json", str(out), "--resamples", "50"])
    printed = capsys.readouterr().out
    assert code == 0 and "bad answers" in printed and "random moves" in printed
    llm = json.loads(out.read_text())["games"]["kuhn-poker"]["llm"]
    assert llm["decisions"] >= 4 and llm["bad"] == llm["answers"] == llm["random_moves"] == llm["decisions"]


def babbling_llm(env, seat, seed):
    """An LLM seat whose every answer is illegal, under VS-Bench's random-move policy."""
    return LLMAgent(FakeBackend(['{"action": 9}']), env=env, seed=seed, illegal="random")


def test_vsbench_predict_with_random_prints_accuracy_and_saves_the_set(capsys, tmp_path):
    pytest.importorskip("pyarrow")
    pytest.importorskip("PIL")
    saved, out = tmp_path / "set.parquet", tmp_path / "predict.json"
    code = main(["eval", "vsbench-predict", "--agent", "random", "--games", "kuhn-poker,monster-hunt", "--items", "12",
                 "--save", str(saved), "--json", str(out), "--resamples", "50"])
    printed = capsys.readouterr().out
    assert code == 0 and "next-action prediction by random" in printed and "monster-hunt" in printed
    report = json.loads(out.read_text())
    assert report["games"]["kuhn-poker"]["items"] == 12 and report["overall"]["items"] == 24
    code = main(["eval", "vsbench-predict", "--agent", "random", "--data", str(saved), "--resamples", "50"])
    assert code == 0 and "kuhn-poker" in capsys.readouterr().out  # the saved file names its games
    # --json -: stdout is the JSON alone (the table goes to stderr)
    code = main(["eval", "vsbench-predict", "--agent", "random", "--data", str(saved), "--json", "-"])
    streams = capsys.readouterr()
    assert code == 0 and json.loads(streams.out)["overall"]["items"] == 24 and "next-action" in streams.err


@pytest.mark.parametrize("argv, message", [
    (["vsbench-play", "--agent", "random", "--games", "werewolf"], "werewolf is not a two-player game"),
    (["vsbench-play", "--agent", "random", "--games", "chess"], "unknown game 'chess'"),
    (["vsbench-play", "--agent", "wizard", "--games", "kuhn-poker", "--episodes", "1"], "unknown agent kind 'wizard'"),
    (["vsbench-predict", "--agent", "scripted", "--games", "kuhn-poker"], "vsbench-predict answers with random"),
    (["vsbench-predict", "--agent", "random", "--data", "/nonexistent/set.parquet"], "no such file"),
    (["vsbench-baselines", "--games", "werewolf"], "werewolf is not a two-player game"),
])
def test_bad_input_gets_a_one_line_error(capsys, argv, message):
    code = main(["eval", *argv])
    printed = " ".join(capsys.readouterr().out.split())
    assert code == 2 and message in printed


def test_bad_numbers_are_refused_by_the_parser(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["eval", "vsbench-play", "--agent", "random", "--episodes", "0"])
    assert stop.value.code == 2 and "--episodes: 0 is below 1" in capsys.readouterr().err


def test_baselines_command_writes_a_file_play_then_reads(capsys, tmp_path):
    path = tmp_path / "baselines.json"
    assert main(["eval", "vsbench-baselines", "--games", "battle-of-the-colors", "--blocks", "5", "--out", str(path)]) == 0
    stored = load_baselines(path)
    assert list(stored) == ["battle-of-the-colors"] and stored["battle-of-the-colors"].blocks == 5
    capsys.readouterr()
    assert main(["eval", "vsbench-play", "--agent", "scripted", "--games", "battle-of-the-colors", "--episodes", "2",
                 "--baselines", str(path), "--resamples", "20"]) == 0
    assert "no stored baseline" not in capsys.readouterr().out
    path.write_text('{"format": 1, "parlour": "0", "games": {"x": {"reference": 3}}}')
    assert main(["eval", "vsbench-play", "--agent", "random", "--games", "kuhn-poker", "--baselines", str(path)]) == 2
    assert "not a VS-Bench baseline file" in capsys.readouterr().out


def test_llm_flags_reach_the_agents_every_llm_spec_builds():
    """--illegal and --images are LLM flags of every command (parlour play too), kept in LLM_OPTIONS."""
    from rich.console import Console

    from parlour import agentspec
    from parlour.cli import _llm_options, build_parser

    before = agentspec.LLM_OPTIONS.model_copy()
    try:
        args = build_parser().parse_args(["play", "kuhn-poker", "--illegal", "random", "--images"])
        assert _llm_options(args, Console())
        assert agentspec._agent_options() == {"illegal": "random", "images": True}
        args = build_parser().parse_args(["play", "kuhn-poker"])
        assert _llm_options(args, Console()) and agentspec._agent_options() == {}
    finally:
        for field in type(before).model_fields:
            setattr(agentspec.LLM_OPTIONS, field, getattr(before, field))


def test_an_llm_answers_prediction_questions_with_the_items_picture(monkeypatch):
    """llm: specs answer through PredictionInterface (the backend is a stand-in kept where the spec
    looks for its engine); with images on, the question's own picture goes with it."""
    pytest.importorskip("PIL")
    from parlour import agentspec

    items = generate(entry("kuhn-poker"), 6, images=True)
    backend = FakeBackend(['{"action": "<BET>"}'])
    monkeypatch.setitem(agentspec._BACKENDS, ("vllm", "stand-in"), backend)
    monkeypatch.setattr(agentspec, "LLM_OPTIONS", agentspec.LLMOptions(images=True))
    answers = asyncio.run(predict(items, "llm:stand-in", seed=3))
    assert [a.answer for a in answers] == [1] * 6  # the name <BET> is read as its id
    assert [a.correct for a in answers] == [1 in item.next_action for item in items]
    assert all(a.llm["image_bytes"] == len(item.image) and not a.llm["fallback"] for a, item in zip(answers, items))
    system, user = backend.calls[0]
    assert system["content"] == items[0].system
    text, picture = user["content"]
    assert text["text"] == items[0].observation + "\n\n" + items[0].action
    assert picture["image_url"]["url"] == "data:image/png;base64," + base64.b64encode(items[0].image).decode()


def test_a_baseline_of_another_reference_or_board_is_stale():
    from parlour.evaluators.vsbench.baselines import stale

    kuhn = entry("kuhn-poker")
    stored = load_baselines()["kuhn-poker"]
    assert stale(kuhn, stored) is None
    assert "measured with reference 'equilibrium'" in stale(kuhn, stored.model_copy(update={"reference": "equilibrium"}))
    assert "measured on board 'tiny'" in stale(kuhn, stored.model_copy(update={"board": "tiny"}))
