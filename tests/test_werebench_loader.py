"""WereBench loader and converter: the synthetic fixtures everywhere, the real release where present."""

from __future__ import annotations

import io
import json
import tarfile
from collections import Counter
from pathlib import Path

import pytest

import parlour
from parlour.cli import main
from parlour.datasets.werebench import WereBenchFormatError, convert, load
from parlour.datasets.werebench.fetch import FetchError, fetch, unpack
from parlour.datasets.werebench.host_lines import parse_vote_round
from parlour.datasets.werebench.loader import phase_day, seat_number
from parlour.envs.werewolf.roles import Role

SYNTHETIC = Path(__file__).parent / "data" / "werebench-synthetic"
REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "werebench"
needs_reference = pytest.mark.skipif(not (REFERENCE / "WereBench.json").is_file(),
                                     reason=f"the WereBench reference folder {REFERENCE} is absent on this machine")
ROLE_VALUES = {r.name.lower() for r in Role}


# --- the synthetic fixtures ---------------------------------------------------------------------

def test_synthetic_games_and_items_load():
    wb = load(SYNTHETIC)
    assert [g.key for g in wb.games] == ["Season_9/01", "Season_9/02"]
    assert Counter(i.dimension for i in wb.items) == {"Role Inference": 2, "Strategic Judgment": 1,
                                                     "Deception Reasoning": 2, "Social Interaction": 1,
                                                     "Counterfactual Trade-off": 1}
    item = wb.items[0]
    assert (item.id, item.game, item.utterance_id, item.seat, item.answer) == ("Role Inference/1", "Season_9/01", 5, 4, "B")
    assert item.keys == list("ABCDEFGHI") and item.question_bare and item.question.startswith("你是4号")


def test_roles_map_to_parlour_or_stay_by_name():
    g = load(SYNTHETIC).game("Season_9/01")
    by_seat = {s.seat: s for s in g.seats}
    assert (by_seat[1].role, by_seat[1].side) == ("seer", "village")
    assert (by_seat[3].role, by_seat[3].role_name) == ("villager", "平民")  # the other word for villager
    stalker = by_seat[6]  # a role parlour may not play: loaded, its name kept, never dropped
    assert stalker.role_name == "潜行者" and stalker.side == "village"
    assert stalker.role is None or stalker.role in ROLE_VALUES
    assert g.board.roles == {"预言家": 1, "狼人": 2, "平民": 1, "女巫": 1, "潜行者": 1} and g.board.n_seats == 6


def test_utterances_keep_order_phase_speaker_and_host():
    g = load(SYNTHETIC).game("Season_9/01")
    assert len(g.utterances) == 18 and [u.index for u in g.utterances] == list(range(18))
    assert sum(len(u.ids) for u in g.utterances) == 19  # ids 3 and 4 are one merged utterance
    assert g.utterances[2].ids == [3, 4] and g.utterances[2].speaker == 1 and g.utterances[2].day == 1
    assert g.utterances[4].is_host and g.utterances[4].speaker is None  # the "hsot" label is the host
    # a line left under its speaker label is resolved through metadata.user_aliases
    assert g.utterances[-1].speaker == 6 and g.utterances[-1].speaker_label == "说话人 7"
    assert [u.day for u in g.utterances if u.phase == "second_day"] == [2] * 5
    assert [u.ids[0] for u in g.context(12)] == [1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12]


def test_host_votes_deaths_mvp_and_outcome():
    g = load(SYNTHETIC).game("Season_9/01")
    host = {(v.kind, v.day, v.voter, v.target) for v in g.votes if v.source == "host"}
    assert host == {("sheriff", 1, 3, 1), ("sheriff", 1, 4, 1), ("sheriff", 1, 6, None),
                    ("exile", 1, 4, 2), ("exile", 1, 6, 2), ("exile", 1, 5, 1),
                    ("exile", 2, 4, 5), ("exile", 2, 6, 5), ("exile", 2, 5, 4)}
    mvp = [(v.day, v.voter, v.target, v.context_until) for v in g.votes if v.source == "mvp"]
    assert mvp == [(1, 1, 2, 12), (2, 1, 5, 17)]
    assert {(d.day, d.seat, d.cause) for d in g.deaths} == {(1, 3, "night"), (1, 2, "exile"), (2, 5, "exile")}
    assert g.outcome.winner == "village" and g.outcome.winners == [1, 3, 4, 6] and g.mvp == 1
    g2 = load(SYNTHETIC).game("Season_9/02")
    assert g2.mvp == 5 and g2.outcome.winner == "wolves"  # MVP written "5", a White Wolf King


def test_vote_line_parsing_details():
    seats = set(range(1, 13))
    votes = parse_vote_round("所有玩家请投票 3213 号投给 9 号，12 号、1 号弃票，其余所有玩家投给 9 号，7 号、9 号平票",
                             2, "second_day", seats, 40)
    assert {(v.voter, v.target) for v in votes} == {(3, 9), (12, None), (1, None)}
    assert all(v.context_until == 39 and v.kind == "exile" for v in votes)
    assert parse_vote_round("潜行者请睁眼，你的票投给了他对吗", 2, "second_night", seats, 5) == []
    pk = parse_vote_round("除 7 号、8 号以外的玩家请投票，5 号投给 7 号", 1, "first_day", seats, 9)
    assert [(v.kind, v.voter, v.target) for v in pk] == [("pk", 5, 7)]


def test_small_helpers():
    assert [seat_number(s) for s in ("9号", "9 号", "5", "host", "说话人 3")] == [9, 9, 5, None, None]
    assert [phase_day(p) for p in ("first_night", "sheiff_election", "third_day", "fifth_night", "odd")] == [1, 1, 3, 5, 0]


def test_a_seat_without_a_role_is_kept_and_noted(tmp_path):
    game = json.loads((SYNTHETIC / "games" / "Season_9" / "01.json").read_text(encoding="utf-8"))
    real = game["metadata"]["real_role"]
    del real["说话人 3"]  # seat 2: its lines still say 狼人
    real["说话人 7"] = None  # seat 6: nothing says what it is
    for u in game["utterances"]:
        if u["speaker_id"] in ("6号", "说话人 7"):
            u["role"] = None
    path = tmp_path / "Season_9" / "01.json"
    path.parent.mkdir()
    path.write_text(json.dumps(game, ensure_ascii=False), encoding="utf-8")
    g = load(path).games[0]
    assert (g.seat(2).role, g.seat(2).role_name) == ("werewolf", "狼人")
    assert (g.seat(6).role, g.seat(6).role_name, g.seat(6).side) == (None, "", "unknown")
    assert g.notes == ["seat 6: no role in metadata.real_role['说话人 7'] nor on its lines; marked unknown"]
    assert len(g.seats) == 6


def test_single_files_and_bad_input(tmp_path):
    assert len(load(SYNTHETIC / "WereBench.json").items) == 7
    assert [g.key for g in load(SYNTHETIC / "games" / "Season_9" / "02.json").games] == ["Season_9/02"]
    with pytest.raises(FileNotFoundError, match="no such WereBench folder"):
        load(tmp_path / "missing")
    bad = tmp_path / "Season_1" / "01.json"
    bad.parent.mkdir()
    game = json.loads((SYNTHETIC / "games" / "Season_9" / "01.json").read_text(encoding="utf-8"))
    del game["metadata"]["real_role"]
    bad.write_text(json.dumps(game), encoding="utf-8")
    with pytest.raises(WereBenchFormatError, match=r"01\.json: field 'metadata\.real_role': Field required"):
        load(bad)
    items = json.loads((SYNTHETIC / "WereBench.json").read_text(encoding="utf-8"))
    items["categories"][0]["questions"][0]["answerKey"] = "Z"
    (tmp_path / "WereBench.json").write_text(json.dumps(items), encoding="utf-8")
    with pytest.raises(WereBenchFormatError, match="Role Inference question 1: .*answer 'Z' is not an option key"):
        load(tmp_path / "WereBench.json")
    (tmp_path / "empty").mkdir()
    with pytest.raises(WereBenchFormatError, match="no game files"):
        load(tmp_path / "empty")


# --- the converter: parlour's own games as references -------------------------------------------

@pytest.fixture(scope="module")
def scripted_record():
    from parlour.agents.scripted import ScriptedWerewolfAgent
    from parlour.envs import werewolf_v0

    env = werewolf_v0.raw_env("standard-12-guard")
    return parlour.play_game(env, [ScriptedWerewolfAgent.for_env(env) for _ in range(12)], seed=3)


def test_convert_a_scripted_game(scripted_record):
    from parlour.replays import resimulate

    g = convert(scripted_record)
    engine = resimulate(scripted_record)
    assert [s.role for s in g.seats] == [r.name.lower() for r in engine.roles]
    assert g.outcome.winner == scripted_record.outcome.winner and g.outcome.winners == scripted_record.outcome.winners
    recorded_votes = [d for d in scripted_record.decisions if d.phase in ("VOTE", "PK_VOTE", "SHERIFF_VOTE")]
    assert len(g.votes) == len(recorded_votes) > 0
    speeches = [u for u in g.utterances if not u.is_host]
    assert speeches and all(u.stance is not None and u.speaker is not None for u in speeches)
    assert {n.action for n in g.night_actions} >= {"kill", "check"}
    assert {d.seat for d in g.deaths} == {int(s) for s in scripted_record.outcome.details["deaths"]}
    # the winning side's exile votes are the items, and their answers are those votes
    winners = set(g.outcome.winners)
    winning_votes = [v for v in g.votes if v.kind == "exile" and v.voter in winners]
    assert len(g.items) == len(winning_votes) > 0
    for item, vote in zip(g.items, winning_votes):
        chosen = next(o.text for o in item.options if o.key == item.answer)
        assert chosen == ("abstain" if vote.target is None else f"seat {vote.target}")
        assert item.seat == vote.voter and g.label(vote.voter) not in [o.text for o in item.options]
        assert all(u.ids[0] <= vote.context_until for u in g.context(item.utterance_id))
        own = [u.ids[0] for u in g.context(item.utterance_id) if u.speaker == vote.voter and u.day == vote.day]
        assert item.masked == own
    # no ballot of a round is in its own context (votes are simultaneous)
    first = winning_votes[0]
    assert not any(u.text.startswith("Seat") and "votes to exile" in u.text and u.day == first.day
                   for u in g.context(first.context_until))


def test_convert_refuses_other_games():
    from parlour.agents import RandomAgent
    from parlour.datasets.werebench.convert import NotWerewolf, convert_records
    from parlour.envs import kuhn_poker_v0

    record = parlour.play_game(kuhn_poker_v0.raw_env(), [RandomAgent(0), RandomAgent(1)], seed=0)
    with pytest.raises(NotWerewolf, match="not a Werewolf game"):
        convert(record)
    assert convert_records([record]) == []


# --- parlour datasets list / fetch --------------------------------------------------------------

def _release_tarball(path: Path) -> Path:
    """The synthetic fixtures packed in the repository's layout (WereBench-main/dataset/...)."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for game in sorted((SYNTHETIC / "games").rglob("*.json")):
            tar.add(game, f"WereBench-main/dataset/data/{game.parent.name}/{game.name}")
        tar.add(SYNTHETIC / "WereBench.json", "WereBench-main/dataset/WereBench/WereBench.json")
        tar.add(SYNTHETIC / "README.md", "WereBench-main/README.md")
    path.write_bytes(buf.getvalue())
    return path


def test_fetch_from_a_local_release_and_list(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PARLOUR_DATASETS", str(tmp_path / "cache"))
    assert main(["datasets", "list"]) == 0
    assert "werebench" in capsys.readouterr().out
    url = _release_tarball(tmp_path / "main.tar.gz").as_uri()
    assert main(["datasets", "fetch", "werebench", "--url", url]) == 0
    assert "2 games and 7 items" in capsys.readouterr().out
    cached = tmp_path / "cache" / "werebench"
    assert sorted(p.relative_to(cached).as_posix() for p in cached.rglob("*.json")) == [
        "WereBench.json", "games/Season_9/01.json", "games/Season_9/02.json"]
    assert main(["datasets", "list"]) == 0
    assert "yes" in capsys.readouterr().out


def test_fetch_offline_fails_with_a_clear_message(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PARLOUR_DATASETS", str(tmp_path / "cache"))
    assert main(["datasets", "fetch", "werebench", "--url", "http://127.0.0.1:9/WereBench.tar.gz"]) == 1
    out = capsys.readouterr().out
    assert "cannot download http://127.0.0.1:9/WereBench.tar.gz" in out and "--data" in out
    with pytest.raises(FetchError, match="not a .tar.gz"):
        unpack(b"not a tarball", tmp_path / "x")
    with tarfile.open(tmp_path / "empty.tar.gz", "w:gz"):
        pass
    with pytest.raises(FetchError, match="no dataset/WereBench/WereBench.json"):
        fetch((tmp_path / "empty.tar.gz").as_uri(), tmp_path / "y")
    assert not (tmp_path / "y").exists() and not (tmp_path / "cache" / "werebench").exists()


# --- the real release (reference folder) ----------------------------------------------------------

@needs_reference
def test_reference_loads_every_game_and_item_without_loss():
    wb = load(REFERENCE)
    files = sorted((REFERENCE / "games").rglob("*.json"))
    assert len(wb.games) == len(files) == 54
    for path, game in zip(files, wb.games):
        raw = json.loads(path.read_text(encoding="utf-8"))
        assert len(game.utterances) == len(raw["utterances"]), path
        assert sum(len(u.ids) for u in game.utterances) == raw["metadata"]["total_utterances"], path
        assert [u.text for u in game.utterances] == [u["text"] for u in raw["utterances"]], path
        assert game.board.n_seats == 12 and len(game.seats) == 12, path
    by_dim = Counter(i.dimension for i in wb.items)
    assert [by_dim[d] for d in ("Role Inference", "Strategic Judgment", "Deception Reasoning", "Social Interaction",
                                "Counterfactual Trade-off")] == [91, 99, 87, 105, 77]
    assert len({i.id for i in wb.items}) == 459
    keys = {g.key: g for g in wb.games}
    for item in wb.items:
        game = keys[item.game]
        assert item.utterance_id <= game.utterances[-1].last_id
        assert item.seat is None or item.seat in {s.seat for s in game.seats}
    assert sum(i.seat is None for i in wb.items) == 1  # Social Interaction 76 is put to "场上玩家", any player


@needs_reference
def test_reference_roles_are_mapped_or_marked_unknown():
    wb = load(REFERENCE)
    seats = [s for g in wb.games for s in g.seats]
    for s in seats:
        assert s.role_name  # the source's name is always kept
        assert s.role is None or s.role in ROLE_VALUES
    mapped = sum(s.known for s in seats)
    assert mapped + sum(not s.known for s in seats) == 54 * 12
    assert mapped >= 597  # every role parlour played when this was written; more as roles are added
    assert all(g.outcome.winner in ("village", "wolves") for g in wb.games)
    assert sum(v.source == "mvp" for g in wb.games for v in g.votes) == 73
    for g in wb.games:  # a host vote's context ends just before the host line announcing it
        for v in g.votes:
            if v.source == "host":
                line = next(u for u in g.utterances if u.ids[-1] > v.context_until)
                assert line.ids[0] == v.context_until + 1 and line.is_host and "请投票" in line.text
