"""WereBench evaluators: scoring on hand-made cases, constrained answers, the random baseline,
masking, and the `parlour eval werebench` command, all on synthetic data."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import numpy as np
import pytest

from parlour.agents.llm.completion import Completion
from parlour.cli import main
from parlour.datasets.werebench import load
from parlour.datasets.werebench.schema import (
    Board,
    Option,
    Outcome,
    ReferenceGame,
    Seat,
    StrategyItem,
    Utterance,
)
from parlour.evaluators.werebench.choosers import BackendChooser, RandomChooser, answer_schema, parse_answer
from parlour.evaluators.werebench.decisions import (
    evaluate_roles,
    evaluate_votes,
    inference_day,
    vote_cases,
    vote_question,
)
from parlour.evaluators.werebench.prompts import MASKED, OMITTED, Question
from parlour.evaluators.werebench.scoring import MACRO, bootstrap_scores
from parlour.evaluators.werebench.speech import evaluate_speech, item_question, shuffled

SYNTHETIC = Path(__file__).parent / "data" / "werebench-synthetic"
KEYS = list("ABCDEFGHI")


def run(coro):
    return asyncio.run(coro)


class Oracle:
    """Answers every item with the key its right option has in the prompt (shuffled or not)."""

    name = "oracle"

    def __init__(self, items: list[StrategyItem]):
        self.truth = {i.question: next(o.text for o in i.options if o.key == i.answer) for i in items}

    async def choose(self, question: Question, seed: int):
        stem = question.prompt.split("Question: ", 1)[1].split("\nOptions:\n", 1)
        options = dict(line.split(". ", 1) for line in stem[1].splitlines())
        return {"answer": next(k for k, text in options.items() if text == self.truth[stem[0]])}

    async def aclose(self):
        return None


class Constant:
    name = "constant"

    def __init__(self, key: str):
        self.key = key

    async def choose(self, question: Question, seed: int):
        return dict.fromkeys(question.fields, self.key)

    async def aclose(self):
        return None


def synthetic_bank(n_items: int, seed: int = 0) -> tuple[list[StrategyItem], dict[str, ReferenceGame]]:
    """One tiny game and ``n_items`` nine-option items about it, answers spread over the keys."""
    rng = np.random.default_rng(seed)
    game = ReferenceGame(
        key="g", source="test", board=Board(n_seats=2, roles={"seer": 1, "werewolf": 1}),
        seats=[Seat(seat=1, label="1号", role="seer", role_name="seer", side="village"),
               Seat(seat=2, label="2号", role="werewolf", role_name="werewolf", side="wolves")],
        utterances=[Utterance(index=0, ids=[1], phase="first_day", day=1, speaker=1, speaker_label="1号", text="hi")],
        outcome=Outcome(winner="village", winners=[1]))
    dims = ["Role Inference", "Strategic Judgment", "Deception Reasoning", "Social Interaction", "Counterfactual Trade-off"]
    items = [StrategyItem(id=f"{dims[i % 5]}/{i}", dimension=dims[i % 5], game="g", utterance_id=1, seat=1,
                          question=f"question {i}?", options=[Option(key=k, text=f"option {k} of {i}") for k in KEYS],
                          answer=KEYS[int(rng.integers(9))]) for i in range(n_items)]
    return items, {"g": game}


# --- scoring ----------------------------------------------------------------------------------------

def test_bootstrap_perfect_constant_and_macro():
    perfect = bootstrap_scores({"a": [[1.0, 1.0]] * 10, "b": [[1.0]] * 3})
    assert [(s.group, s.accuracy, s.low, s.high) for s in perfect] == [("a", 1, 1, 1), ("b", 1, 1, 1), (MACRO, 1, 1, 1)]
    scores = {s.group: s for s in bootstrap_scores({"a": [[1, 0]] * 4 + [[0, 0]] * 4, "b": [[1]] * 3 + [[0]]}, seed=1)}
    assert scores["a"].accuracy == pytest.approx(0.25) and scores["b"].accuracy == pytest.approx(0.75)
    assert scores[MACRO].accuracy == pytest.approx(0.5) and scores[MACRO].cases == 12  # groups weigh equally
    assert scores["a"].low <= 0.25 <= scores["a"].high and scores["a"].low < scores["a"].high
    assert bootstrap_scores({"empty": []}) == []


def test_perfect_answerer_scores_one_and_constant_what_the_keys_say():
    items, games = synthetic_bank(90)
    result = run(evaluate_speech(items, games, Oracle(items), decodes=2))
    assert all(s.accuracy == 1.0 for s in result.scores + result.shuffled_scores)
    result = run(evaluate_speech(items, games, Constant("C"), decodes=2))
    for s in result.scores:
        if s.group == MACRO:
            continue
        dim = {"Persuasive Statements": "Social Interaction"}.get(s.group, s.group)
        share = np.mean([i.answer == "C" for i in items if i.dimension == dim])
        assert s.accuracy == pytest.approx(share)


def test_random_agent_is_near_chance():
    items, games = synthetic_bank(900)
    result = run(evaluate_speech(items, games, RandomChooser(), decodes=2, seed=7))
    macro = next(s for s in result.scores if s.group == MACRO)
    assert abs(macro.accuracy - 1 / 9) < 0.03 and macro.low < 1 / 9 < macro.high
    assert abs(next(s for s in result.shuffled_scores if s.group == MACRO).accuracy - 1 / 9) < 0.03
    again = run(evaluate_speech(items, games, RandomChooser(), decodes=2, seed=7))
    assert again.answers == result.answers  # seeded per question: reproducible


def test_shuffled_options_keep_each_text_and_move_the_answer_with_it():
    items, _ = synthetic_bank(20)
    moved = 0
    for item in items:
        s = shuffled(item, seed=3)
        assert s.keys == item.keys and sorted(o.text for o in s.options) == sorted(o.text for o in item.options)
        answer_text = lambda it: next(o.text for o in it.options if o.key == it.answer)  # noqa: E731
        assert answer_text(s) == answer_text(item)
        moved += s.answer != item.answer
    assert moved > 10


def test_position_bias_shows_for_a_constant_answerer():
    """Always 'A' on a bank whose answers are all 'A': perfect as written, near chance shuffled."""
    items, games = synthetic_bank(450)
    items = [i.model_copy(update={"answer": "A"}) for i in items]
    result = run(evaluate_speech(items, games, Constant("A"), decodes=1))
    assert next(s for s in result.scores if s.group == MACRO).accuracy == 1.0
    assert next(s for s in result.shuffled_scores if s.group == MACRO).accuracy < 0.2
    assert result.chosen_keys == {"A": 1.0} and result.answer_keys == {"A": 1.0}


# --- constrained answers ----------------------------------------------------------------------------

def test_answer_schema_and_parsing_admit_only_option_keys():
    fields = {"answer": KEYS}
    schema = answer_schema(fields)
    assert schema["properties"]["answer"]["enum"] == KEYS and schema["required"] == ["answer"]
    assert schema["additionalProperties"] is False
    assert parse_answer('{"answer": "C"}', fields) == {"answer": "C"}
    for bad in ('{"answer": "Z"}', '{"answer": "c"}', "C", '{"answer": "C"', "[]", '{"other": "C"}'):
        assert parse_answer(bad, fields) == {"answer": None}, bad


class FakeBackend:
    """Replies with canned texts; records the schema and prompts it was sent. Counts a token per
    4 characters and has a context of ``context`` tokens."""

    model = "fake"

    def __init__(self, replies: list[str], context: int | None = None):
        self.replies, self.context, self.sent = list(replies), context, []

    async def context_length(self):
        return self.context

    async def count_tokens(self, messages):
        return sum(len(m["content"]) for m in messages) // 4

    async def complete(self, messages, *, schema=None, max_tokens, temperature, seed=None):
        self.sent.append({"messages": messages, "schema": schema, "seed": seed})
        return Completion(text=self.replies.pop(0), finish_reason="stop", tokens_in=1, tokens_out=1, latency_s=0.0,
                          model=self.model, truncated=False)

    async def aclose(self):
        return None


def test_backend_chooser_sends_the_enum_schema_and_scores_an_illegal_reply_wrong():
    items, games = synthetic_bank(1)
    item = items[0]
    wrong = next(k for k in KEYS if k != item.answer)
    backend = FakeBackend([json.dumps({"answer": item.answer}), json.dumps({"answer": "not a key"}),
                           json.dumps({"answer": wrong})] * 2)
    result = run(evaluate_speech(items, games, BackendChooser(backend), decodes=3))
    assert all(sent["schema"]["properties"]["answer"]["enum"] == KEYS for sent in backend.sent)
    plain = next(a for a in result.answers if not a.shuffled)
    assert plain.chosen == [item.answer, None, wrong]
    assert result.scores[0].accuracy == pytest.approx(1 / 3)
    assert len({s["seed"] for s in backend.sent}) == 6  # every decode has its own seed


def test_backend_chooser_cuts_the_transcript_to_the_context():
    lines = [Utterance(index=i, ids=[i], phase="first_day", day=1, speaker=1, speaker_label="1号", text=f"line {i} " * 20)
             for i in range(200)]
    items, games = synthetic_bank(1)
    game = games["g"].model_copy(update={"utterances": lines})
    question = item_question(items[0].model_copy(update={"utterance_id": 199}), game)
    backend = FakeBackend(['{"answer":"A"}'], context=1000)
    chooser = BackendChooser(backend)
    assert run(chooser.choose(question, 0)) == {"answer": "A"}
    sent = backend.sent[0]["messages"]
    assert sum(len(m["content"]) for m in sent) // 4 < 1000 and chooser.cut_prompts >= 1
    text = sent[1]["content"]
    assert OMITTED in text and "line 199" in text and "line 0 " not in text  # the latest lines are kept


# --- decisions ----------------------------------------------------------------------------------------

def test_vote_masking_hides_the_voters_own_lines_of_that_day_only():
    game = load(SYNTHETIC).game("Season_9/01")
    day1, day2 = vote_cases(game)
    text1 = vote_question(game, day1).messages()[1]["content"]
    assert "今天归票 2 号" not in text1 and "昨晚查验的是 2 号" not in text1  # the voter's day-1 lines
    assert f"1号: {MASKED}" in text1 and "我才是预言家" in text1  # others' lines stay
    assert "请投票，3214" not in text1  # the host's vote announcement comes after the context
    text2 = vote_question(game, day2).messages()[1]["content"]
    assert "今天归票 2 号" in text2 and "昨晚查验的是 2 号" in text2  # day-1 lines are visible on day 2
    assert "今天出 5 号" not in text2 and "我还是觉得 1 号不像预言家" in text2
    assert "your role: 预言家 (seer)" in text2


def test_vote_alignment_and_role_inference_score_right():
    games = load(SYNTHETIC).games
    votes = run(evaluate_votes(games, RandomChooser(), decodes=2))
    assert [(a.game, a.voter, a.target) for a in votes.answers] == [("Season_9/01", 1, 2), ("Season_9/01", 1, 5),
                                                                    ("Season_9/02", 5, 4)]

    class TrueVoter(Constant):
        async def choose(self, question, seed):
            target = {"Season_9/01": {1: "2号", 2: "5号"}, "Season_9/02": {1: "4号"}}
            day = int(question.prompt.split("The vote of day ")[1].split(" ")[0])
            return {"vote": target[question.game.key][day]}

    assert run(evaluate_votes(games, TrueVoter("x"), decodes=1)).scores[0].accuracy == 1.0
    assert inference_day(games[0], 3) == 1 and inference_day(games[1], 3) == 2

    class Knower(Constant):
        async def choose(self, question, seed):
            roles = {s.label: (s.role or s.role_name) for s in question.game.seats}
            english = {"潜行者": "stalker", "狼美人": "wolf_beauty"}
            return {label: english.get(roles[label], roles[label]) for label in question.fields}

    roles = run(evaluate_roles(games, Knower("x"), decodes=1))
    assert {s.group: s.accuracy for s in roles.scores} == {"exact": 1.0, "side": 1.0}
    everyone_villager = run(evaluate_roles(games, Constant("villager"), decodes=1))
    scores = {s.group: s.accuracy for s in everyone_villager.scores}
    # game 1 as seat 1: 平民 is the villager (1 of 5), 2 wolves; game 2 as seat 5: 1 villager, 3 village-side of 5
    assert scores["exact"] == pytest.approx(2 / 10) and scores["side"] == pytest.approx((3 + 3) / 10)
    question = roles.answers[0]
    assert question.after_day == 1 and question.perspective == 1 and 1 not in question.truth


def test_role_question_context_stops_before_the_next_night():
    from parlour.evaluators.werebench.decisions import role_question

    game = load(SYNTHETIC).game("Season_9/02")
    text = role_question(game, 5, 2).messages()[1]["content"]
    assert "昨天晚上死亡的是 3 号玩家" in text and "狼人阵营胜利" not in text
    # a seat the source gives no role is neither asked about nor offered as a role
    seats = [s.model_copy(update={"role": None, "role_name": "", "side": "unknown"}) if s.seat == 6 else s
             for s in game.seats]
    fields = role_question(game.model_copy(update={"seats": seats}), 5, 2).fields
    assert "6号" not in fields and "" not in fields["1号"] and "wolf_beauty" not in fields["1号"]


def test_converted_parlour_games_evaluate_too():
    import parlour
    from parlour.agents.scripted import ScriptedWerewolfAgent
    from parlour.datasets.werebench import convert
    from parlour.envs import werewolf_v0

    env = werewolf_v0.raw_env("werewolf-arena-8")
    game = convert(parlour.play_game(env, [ScriptedWerewolfAgent.for_env(env) for _ in range(8)], seed=1))
    assert game.items
    result = run(evaluate_speech(game.items, {game.key: game}, Oracle(game.items), decodes=1))
    assert result.scores[0].group == "Vote Alignment" and result.scores[0].accuracy == 1.0
    item = next(i for i in game.items if i.masked)  # the voter's own lines of the day are masked
    text = item_question(item, game).messages()[1]["content"]
    assert text.count(f"{game.label(item.seat)}: {MASKED}") == len(item.masked)
    votes = run(evaluate_votes([game], RandomChooser(), decodes=1))
    assert len(votes.answers) == sum(1 for i in game.items if "abstain" != next(
        o.text for o in i.options if o.key == i.answer))


# --- the command ----------------------------------------------------------------------------------------

def test_eval_werebench_command_with_the_random_agent(tmp_path, capsys):
    out = tmp_path / "report.json"
    code = main(["eval", "werebench", "--agent", "random", "--data", str(SYNTHETIC), "--decodes", "2",
                 "--out", str(out)])
    assert code == 0
    printed = capsys.readouterr().out
    assert "speech items (random)" in printed and "vote alignment" in printed and "role inference, exact" in printed
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["settings"]["decodes"] == 2 and len(report["speech"]["answers"]) == 2 * 7
    assert all(len(a["chosen"]) == 2 and set(a["chosen"]) <= set(KEYS) for a in report["speech"]["answers"])
    assert [s["group"] for s in report["speech"]["scores"]][-1] == MACRO


def test_eval_werebench_command_on_a_record_file(tmp_path, capsys):
    """--data FILE.jsonl: parlour's own games are the references, their winning side's votes the items."""
    import parlour
    from parlour.agents.scripted import ScriptedWerewolfAgent
    from parlour.envs import werewolf_v0

    records = tmp_path / "games.jsonl"
    for seed in (1, 2):
        env = werewolf_v0.raw_env("werewolf-arena-8")
        parlour.play_game(env, [ScriptedWerewolfAgent.for_env(env) for _ in range(8)], seed=seed).append_to(records)
    out = tmp_path / "report.json"
    assert main(["eval", "werebench", "--agent", "random", "--data", str(records), "--decodes", "1",
                 "--out", str(out)]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert {s["group"] for s in report["speech"]["scores"]} == {"Vote Alignment", MACRO}
    assert report["votes"]["answers"] and len(report["roles"]["answers"]) == 2
    empty = tmp_path / "none.jsonl"
    empty.write_text("")
    assert main(["eval", "werebench", "--agent", "random", "--data", str(empty)]) == 2
    assert "no whole Werewolf game" in capsys.readouterr().out


def test_eval_werebench_command_errors(tmp_path, capsys, monkeypatch):
    assert main(["eval", "werebench", "--agent", "scripted", "--data", str(SYNTHETIC)]) == 2
    assert "does not answer questions" in capsys.readouterr().out
    assert main(["eval", "werebench", "--agent", "random", "--data", str(tmp_path / "none")]) == 2
    assert "no such WereBench folder" in capsys.readouterr().out
    monkeypatch.setenv("PARLOUR_DATASETS", str(tmp_path / "cache"))
    assert main(["eval", "werebench", "--agent", "random"]) == 2
    assert "parlour datasets fetch werebench" in capsys.readouterr().out
