"""The record evaluators (parlour.evaluators.records): hand-computed scenes, scripted games, the CLI.

A scene game is played through the runner by puppet seats that do what the test says (anything
unsaid is the decision's no-op), so its record is a real, verifiable record; the expected numbers
are worked out by hand in the comments.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scenes import tiny

from parlour.batch import run_games
from parlour.cli import main
from parlour.envs.werewolf import Action, Kind, Phase, Role
from parlour.envs.werewolf.actions import CheckReport
from parlour.evaluators.records import (
    ComputeBudget,
    RecordsInputError,
    Strategy,
    Tally,
    evaluate,
    game_of,
    label_text,
    read_games,
)
from parlour.evaluators.records.strategy_labels import matched_words
from parlour.evaluators.records.tally import Obs
from parlour.runner import play_game

S = Strategy


# ---------------------------------------------------------------------- a scene played through the runner
class Puppet:
    """A seat that plays what ``choose(engine, phase, seat)`` returns (None: the decision's no-op).
    With ``llm`` it reports that dict for each decision, as an LLM agent does."""

    is_async = False

    def __init__(self, env, choose, llm: dict | None = None):
        self.engine = env.unwrapped.engine
        self.choose = choose
        if llm is not None:
            self.last_decision_info = llm

    def reset(self, seat, seed=None):
        self.seat = seat

    def act_sync(self, observation, info):
        action = self.choose(self.engine, self.engine.decision.phase, self.seat)
        return self.engine.default_action(self.seat) if action is None else action


LLM_INFO = {"tokens_in": 900, "tokens_out": 100, "tries": [{}, {}], "retries": 1, "fallback": False, "latency_s": 2.0}
BOARD = tiny(roles={"werewolf": 2, "witch": 1, "villager": 3}, witch_both_potions=True)


def seats_of(engine):
    wolves = [s for s in range(engine.n) if engine.is_wolf[s]]
    villagers = [s for s, r in enumerate(engine.roles) if r is Role.VILLAGER]
    return wolves, engine.roles.index(Role.WITCH), villagers


def village_day_one(poison_wolf: bool = True):
    """Night 1: the wolves kill V3; the witch saves V3 and poisons W2 (or, without ``poison_wolf``,
    the villager V2). Day 1: W1 claims the Witch (layout: only the board's roles), reports V2 as a wolf and accuses V2; V1 accuses W1 and
    announces a vote for it, in words. The vote: W1 for V2, every good seat for W1."""

    def choose(engine, phase, seat):
        (w1, w2), witch, (v1, v2, v3) = seats_of(engine)
        layout = engine.layout
        if phase is Phase.WOLF_KILL:
            return layout.index(Kind.TARGET, v3)
        if phase is Phase.WITCH_SAVE:
            return layout.index(Kind.YES)
        if phase is Phase.WITCH_POISON:
            return layout.index(Kind.TARGET, w2 if poison_wolf else v2)
        if phase is Phase.SPEECH and seat == w1:
            return Action(claim=Role.WITCH, reports=(CheckReport(seat=v2, side="wolves"),), accuse=(v2,))
        if phase is Phase.SPEECH and seat == v1:
            return Action(accuse=(w1,), vote_intent=w1,
                          text=f"Seat {w1} is a wolf, let's vote for seat {w1} because he lied about seat {v2}.")
        if phase is Phase.VOTE:
            return layout.index(Kind.TARGET, v2 if seat == w1 else w1)
        return None

    def agents(env):
        engine = env.unwrapped.engine
        v1 = seats_of(engine)[2][0]
        return [Puppet(env, choose, LLM_INFO if s == v1 else None) for s in range(engine.n)]

    return play_game(BOARD, agents, seed=3, specs=["puppet"] * BOARD.num_players, game_id="scene")


@pytest.fixture(scope="module")
def scene_report():
    record = village_day_one()
    assert record.outcome.winner == "village" and record.outcome.days == 1
    budget = ComputeBudget(decision_tokens=500, game_tokens=1e9)
    return evaluate([game_of(record, verify=True)], budget=budget, bootstrap=50)


def test_witch_save_and_poison_on_a_wolf_are_hits(scene_report):
    r = scene_report
    for metric, value in (("save_used", 1), ("save_hit", 1), ("save_day", 1), ("poison_used", 1),
                          ("poison_hit", 1), ("poison_day", 1)):
        assert r.value(metric, "Witch") == value, metric


def test_a_poisoned_villager_is_a_miss():
    record = village_day_one(poison_wolf=False)
    report = evaluate([game_of(record)], bootstrap=0)
    assert report.value("poison_hit", "Witch") == 0.0
    assert report.value("save_hit", "Witch") == 1.0


def test_stances_against_the_truth(scene_report):
    r = scene_report
    wolf_claims = r.row("false_claim", "Werewolf")
    assert (wolf_claims.num, wolf_claims.den) == (1, 1)  # W1's Witch claim
    assert r.value("false_report", "Werewolf") == 1.0 and r.value("fabricated_report", "Werewolf") == 1.0
    assert r.row("deception", "Werewolf").num == 1  # one deceptive speech act among the wolves'
    assert r.row("deception", "Villager").num == 0
    assert r.value("accuse_wolf", "Werewolf") == 0.0 and r.value("accuse_wolf", "Villager") == 1.0
    assert r.value("vote_intent_wolf", "Villager") == 1.0
    assert r.row("vote_as_announced", "Villager").den == 1 and r.value("vote_as_announced", "Villager") == 1.0
    # W1 accused V2 while the winning village's other speaker (V1) pushed W1: disagreement
    assert r.row("winner_agreement", "Werewolf").den == 1 and r.value("winner_agreement", "Werewolf") == 0.0


def test_persuasion_counts_the_voters_that_followed(scene_report):
    r = scene_report
    # V1 pushed W1: voters besides V1 and W1 are the witch, V2 and V3 (W2 was poisoned); all voted W1.
    assert (r.row("persuasion", "Villager").num, r.row("persuasion", "Villager").den) == (3, 3)
    # W1 pushed V2: the witch, V1 and V3 could follow; none did. W1 was exiled, V2 was not.
    assert (r.row("persuasion", "Werewolf").num, r.row("persuasion", "Werewolf").den) == (0, 3)
    assert r.value("accused_exiled", "Villager") == 1.0 and r.value("accused_exiled", "Werewolf") == 0.0


def test_game_metrics_of_the_scene(scene_report):
    r = scene_report
    assert r.value("village_win", "all games") == 1.0 and r.value("days_to_win", "village wins") == 1.0
    assert r.value("wolf_exiles", "all games") == 1.0
    assert r.row("id_precision", "all seats").den == 4 and r.value("id_precision", "all seats") == 1.0
    assert r.value("voting_success", "all seats") == 1.0
    assert r.value("margin", "all games") == 1.0  # V3 was saved: every good seat lives
    assert r.value("key_role_survival", "all games") == 1.0
    assert r.value("survival", "Werewolf") == 0.0 and r.value("win", "Werewolf") == 0.0
    assert r.row("id_precision", "Werewolf") is None  # the wolves' votes are not identification


def test_text_labels_and_compute_of_the_llm_seat(scene_report):
    r = scene_report
    assert r.row("text_accusation", "Villager").den == 1  # V1's one text
    for label in ("accusation", "call_for_action", "evidence"):
        assert r.value(f"text_{label}", "Villager") == 1.0, label
    assert r.value("text_defense", "Villager") == 0.0
    assert r.value("text_matches_stances", "Villager") == 1.0  # accuse + announced vote both in words
    assert r.value("tokens_per_decision", "Villager") == 1000
    assert r.value("calls_per_decision", "Villager") == 2 and r.value("retry_rate", "Villager") == 1.0
    assert r.value("over_budget_decision", "Villager") == 1.0 and r.value("over_budget_game", "Villager") == 0.0
    unlimited = evaluate([game_of(village_day_one())], budget=ComputeBudget(game_seconds=3), bootstrap=0)
    assert unlimited.value("over_budget_game", "Villager") == 1.0  # 2 decisions of 2 s each
    assert unlimited.row("over_budget_decision", "Villager") is None  # no per-decision limit: not counted
    assert r.row("tokens_per_decision", "Werewolf") is None  # scripted-like seats cost nothing


# ---------------------------------------------------------------------- the labeller on invented sentences
@pytest.mark.parametrize("text, labels", [
    ("I am the Seer and last night I checked seat 4: a werewolf.", {S.IDENTITY_DECLARATION, S.EVIDENCE}),
    ("As the witch, I saved seat 2.", {S.IDENTITY_DECLARATION}),
    ("Seat 3 is a wolf.", {S.ACCUSATION}),
    ("I suspect player 5, he has been very quiet.", {S.ACCUSATION}),
    ("Seat 6, why did you vote for me yesterday?", {S.INTERROGATION, S.EVIDENCE}),
    ("Player 2, can you explain your vote?", {S.INTERROGATION}),
    ("Let's all vote out seat 7 today.", {S.CALL_FOR_ACTION}),
    ("We should exile seat 1.", {S.CALL_FOR_ACTION}),
    ("I'm not a wolf, trust me.", {S.DEFENSE}),
    ("Seat 4 is innocent.", {S.DEFENSE}),
    ("Seat 8 voted for the seer on day 2, which contradicts his claim.", {S.EVIDENCE}),
    ("There is a wolf among us.", set()),
    ("Good morning everyone.", set()),
    ("", set()),
])
def test_strategy_labels_of_invented_sentences(text, labels):
    assert label_text(text) == labels
    assert set(matched_words(text)) == labels  # every label comes with the words that gave it


def test_the_words_behind_a_label():
    assert matched_words("I suspect seat 2. Let's vote.") == {S.ACCUSATION: ["I suspect"], S.CALL_FOR_ACTION: ["Let's"]}


# ---------------------------------------------------------------------- scripted games
@pytest.fixture(scope="module")
def scripted_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("records")
    run_games("werewolf-arena-8", ["scripted"], games=8, out=folder / "arena.jsonl", progress=False)
    run_games("standard-12-guard", ["scripted"], games=6, out=folder / "nested" / "s12.jsonl", progress=False)
    return folder


def test_scripted_games_keep_the_invariants(scripted_folder):
    report = evaluate(read_games([scripted_folder]), bootstrap=100)
    assert report.games == 14 and len(report.files) == 2
    rates = {m for m, info in report.metrics.items() if not m.endswith(("_day", "per_decision", "per_game"))
             and m != "days_to_win"}
    for row in report.rows:
        if row.metric in rates and row.value is not None:
            assert 0 <= row.value <= 1, row
        if row.low is not None:
            assert row.low - 1e-9 <= row.value <= row.high + 1e-9, row
    # A seat's side either won or lost (no game was cut at the day limit), so the splits add up.
    for row in report.rows:
        if row.group in report.groups:
            won, lost = report.row(row.metric, f"{row.group} (won)"), report.row(row.metric, f"{row.group} (lost)")
            assert row.den == pytest.approx((won.den if won else 0) + (lost.den if lost else 0)), row
    # The scripted good roles never lie; a scripted seer's reports are its own true checks.
    for role in ("Villager", "Seer", "Witch", "Hunter", "Guard", "Doctor"):
        assert report.value("deception", role) in (0.0, None), role
    assert report.value("false_report", "Seer") == 0.0 and report.value("fabricated_report", "Seer") == 0.0
    assert report.value("win", "Villager") == report.value("village_win", "all games")


def test_scripted_village_beats_random_on_identification(tmp_path):
    scripted = run_games("werewolf-arena-8", ["scripted"], games=10, progress=False)
    random = run_games("werewolf-arena-8", ["random"], games=10, progress=False)
    s = evaluate([game_of(r) for r in scripted], bootstrap=0)
    r = evaluate([game_of(r) for r in random], bootstrap=0)
    assert s.value("id_precision", "all seats") > r.value("id_precision", "all seats")
    assert s.value("deception", "Villager") < r.value("deception", "Villager")  # random seats claim at random


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(1, 4)), min_size=1, max_size=20))
def test_a_ratio_of_sums_lies_in_its_bootstrap_interval(items):
    tally = Tally()
    for hits, tries in items:
        tally.add_game([Obs("m", min(hits, tries), tries, seat=0)], lambda seat: ["g"])
    (row,) = tally.summarise(bootstrap=200, seed=1)
    assert row.value == pytest.approx(sum(min(h, t) for h, t in items) / sum(t for _, t in items))
    assert row.low - 1e-9 <= row.value <= row.high + 1e-9 and row.games == len(items)


# ---------------------------------------------------------------------- the command line and bad input
def test_cli_on_a_records_folder(scripted_folder, tmp_path, capsys):
    out = tmp_path / "report.json"
    assert main(["eval", "records", str(scripted_folder), "--bootstrap", "50", "--out", str(out),
                 "--budget", "decision_tokens=2000"]) == 0
    printed = capsys.readouterr().out
    assert "Speech stances" in printed and "In-game resources" in printed and "identification precision" in printed
    data = json.loads(out.read_text())
    assert data["games"] == 14 and data["budget"]["decision_tokens"] == 2000
    assert {r["metric"] for r in data["rows"]} >= {"deception", "persuasion", "poison_hit", "id_precision"}
    assert main(["eval", "records", str(scripted_folder), "--by", "agent", "--families", "game",
                 "--bootstrap", "0"]) == 0
    assert "scripted" in capsys.readouterr().out


def test_a_truncated_record_file_is_named_with_its_line(scripted_folder, tmp_path, capsys):
    text = (scripted_folder / "arena.jsonl").read_text()
    broken = tmp_path / "cut.jsonl"
    broken.write_text(text[: len(text) - 50])  # the last game loses the end of its outcome line
    last_line = text.count("\n")
    with pytest.raises(RecordsInputError, match=rf"cut\.jsonl:\d+(-{last_line})?: .*(no outcome|ends mid-line)"):
        list(read_games([broken]))
    assert main(["eval", "records", str(broken)]) == 2
    assert f"{broken}:" in capsys.readouterr().out
    problems: list[str] = []
    games = list(read_games([broken], skip_bad=True, problems=problems))
    assert len(games) == 7 and problems and str(broken) in problems[0]
    assert main(["eval", "records", str(broken), "--skip-bad", "--bootstrap", "0", "--families", "game"]) == 0


def test_other_games_and_missing_paths_are_refused(tmp_path, capsys):
    kuhn = tmp_path / "kuhn.jsonl"
    run_games("kuhn-poker", ["random"], games=1, out=kuhn, progress=False)
    with pytest.raises(RecordsInputError, match=r"kuhn\.jsonl:1: game .* is a kuhn_poker_v0 game"):
        list(read_games([kuhn]))
    assert main(["eval", "records", str(tmp_path / "nowhere")]) == 2
    assert "no such file or folder" in capsys.readouterr().out
    with pytest.raises(ValueError, match="budget game_tokens"):
        ComputeBudget.parse("game_tokens=-1")


# ---------------------------------------------------------------------- the tournament table's columns
def test_tournament_ratings_table_gains_metric_columns(tmp_path):
    from rich.console import Console

    from parlour.tournament import Tournament
    from parlour.tournament.report import rows, table

    result = Tournament(game="werewolf/werewolf-arena-8", games_per_pairing=4, bootstrap=0, workers=1,
                        entrants=[("scripted", "scripted"), ("rand", "random")]).run(tmp_path, progress=False)
    by_name = {row["entrant"]: row for row in rows(result)}
    assert by_name["scripted"]["eval_id_precision"] > by_name["rand"]["eval_id_precision"]
    assert by_name["rand"]["eval_deception"] > 0  # random seats claim roles they do not hold
    console = Console(width=400, record=True)
    console.print(table(result))
    printed = console.export_text()
    assert "id precision" in printed and "deception" in printed
    assert "eval_deception" in (tmp_path / "ratings.csv").read_text().splitlines()[0]
    kuhn = Tournament(game="kuhn-poker", games_per_pairing=4, bootstrap=0, workers=1,
                      entrants=[("eq", "scripted"), ("rand", "random")]).run(tmp_path / "kuhn", progress=False)
    assert not any(key.startswith("eval_") for key in rows(kuhn)[0])
