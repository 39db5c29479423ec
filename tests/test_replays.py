"""Records read back: round trips, damaged files, verification, the replay command, tables,
vote graphs and the replay env (observations equal to the live game's, decision by decision)."""

from __future__ import annotations

import argparse
import csv
import io
import json

import numpy as np
import pytest
from rich.console import Console

import parlour
from parlour.agents import RandomAgent
from parlour.envs import werewolf_v0
from parlour.envs.werewolf import Kind
from parlour.envs.werewolf.events import EventKind
from parlour.record import RecordError
from parlour.replays import ReplayMismatch, iter_steps, load_complete, resimulate, table_columns, vote_graph
from parlour.replays.cli import add_replay_parser, cmd_replay


def play(variant: str, seed: int, agents=None) -> parlour.GameRecord:
    n = werewolf_v0.raw_env(variant).engine.n
    return parlour.play_game(variant, agents or [RandomAgent() for _ in range(n)], seed=seed,
                             game_id=f"{variant}-{seed}")


@pytest.fixture(scope="module")
def games():
    return [play(v, seed) for seed, v in enumerate(("classic-9", "werewolf-arena-8", "standard-12-guard", "xu-7"))]


def write(path, records) -> list[str]:
    for r in records:
        r.append_to(path)
    return path.read_text().splitlines(keepends=True)


def replay(argv: list[str]) -> tuple[int, str]:
    parser = argparse.ArgumentParser(prog="parlour")
    add_replay_parser(parser.add_subparsers(dest="command", required=True))
    out = io.StringIO()
    code = cmd_replay(parser.parse_args(["replay", *argv]), Console(file=out, width=300))
    return code, out.getvalue()


# ------------------------------------------------------------------ round trip
def test_records_round_trip_byte_for_byte_and_re_simulate(tmp_path, games):
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    write(first, games)
    loaded = list(parlour.iter_records(first))
    assert [r.header.game_id for r in loaded] == [r.header.game_id for r in games]
    for rec in loaded:
        engine = resimulate(rec, verify=True)
        assert engine.done and len(engine.history) == rec.outcome.decisions
    write(second, loaded)
    assert second.read_bytes() == first.read_bytes()
    code, out = replay([str(first), "--verify"])
    assert code == 0
    assert f"4 game(s) verified, {sum(len(r.decisions) for r in games)} decision(s)" in out


def test_to_jsonl_is_the_text_of_lines_for_every_kind_of_decision():
    """to_jsonl is the text lines() gives, and every line parses, for speeches, penalised moves
    and LLM reports (whose free text needs escaping)."""
    from parlour.agents.scripted import ScriptedWerewolfAgent

    env = werewolf_v0.raw_env("standard-12-guard")
    spoken = parlour.play_game(env, [ScriptedWerewolfAgent.for_env(env) for _ in range(12)], seed=3)
    assert any(d.speech for d in spoken.decisions)

    class Stubborn(RandomAgent):  # always plays action 0, illegal in most decisions
        def act_sync(self, observation, info):
            return 0

    penalised = parlour.play_game("werewolf-arena-8", [Stubborn() for _ in range(8)], seed=1,
                                  illegal_action="penalty")
    assert any(d.illegal for d in penalised.decisions)
    penalised.decisions[2].llm = {"model": "m", "raw": 'say "hi"\n', "retries": 1}
    for record in (spoken, penalised):
        assert record.to_jsonl() == "\n".join(record.lines()) + "\n"
        assert [json.loads(line) for line in record.to_jsonl().splitlines()]


# ------------------------------------------------------------------ damaged files
def test_file_cut_mid_line_names_the_line_and_load_complete_keeps_the_games_before(tmp_path, games):
    path = tmp_path / "cut.jsonl"
    lines = write(path, games[:2])
    cut_at = len(games[0].decisions) + 2 + 5  # a decision line of the second game
    path.write_text("".join(lines[:cut_at - 1]) + lines[cut_at - 1][:20])
    with pytest.raises(RecordError, match=rf":{cut_at}: the file ends mid-line"):
        list(parlour.iter_records(path))
    records, problem = load_complete(path)
    assert [r.header.game_id for r in records] == [games[0].header.game_id]
    assert f":{cut_at}:" in problem
    code, out = replay([str(path), "--verify"])
    assert code == 1 and "1 game(s) verified" in out and f":{cut_at}:" in out


def test_bad_json_line_in_the_middle_names_its_line_number(tmp_path, games):
    path = tmp_path / "bad.jsonl"
    lines = write(path, games[:2])
    bad = len(games[0].decisions) + 2 + 3
    lines[bad - 1] = '{"type": "decision", "i": \n'
    path.write_text("".join(lines))
    with pytest.raises(RecordError, match=rf"bad.jsonl:{bad}: not JSON"):
        list(parlour.iter_records(path))
    records, problem = load_complete(path)
    assert len(records) == 1 and f":{bad}: not JSON" in problem


def test_wrong_format_version_names_both_versions(tmp_path, games):
    path = tmp_path / "v.jsonl"
    lines = write(path, games[:1])
    header = json.loads(lines[0])
    header["format_version"] = 99
    path.write_text(json.dumps(header) + "\n" + "".join(lines[1:]))
    with pytest.raises(RecordError, match=r":1: record format version 99, but this parlour reads versions 1 and 2"):
        list(parlour.iter_records(path))


def test_unknown_variant_name_replays_from_its_rules_and_broken_rules_name_the_game(tmp_path, games):
    from parlour.envs.werewolf.rules import get_variant

    board = get_variant("classic-9").model_copy(update={"name": "my-house-board"})  # not shipped
    custom = parlour.play_game(board, [RandomAgent() for _ in range(9)], seed=0)
    assert custom.header.variant == "my-house-board"
    assert resimulate(custom, verify=True).done  # the header's full rules replay it
    broken = games[0].model_copy(deep=True)
    broken.header.variant = "no-such-board"
    broken.header.rules["roles"] = {"vampire": 2, **broken.header.rules["roles"]}
    with pytest.raises(ReplayMismatch, match=rf"game {broken.header.game_id}, header.rules: .*vampire"):
        resimulate(broken)
    path = tmp_path / "u.jsonl"
    write(path, [custom, broken])
    code, out = replay([str(path), "--verify"])
    assert code == 1 and "1 game(s) verified" in out and "vampire" in out


def test_an_action_illegal_for_the_seed_is_named_by_its_decision(tmp_path, games):
    rec = games[0].model_copy(deep=True)
    d = next(d for d in rec.decisions if d.phase == "WOLF_KILL")
    d.action = werewolf_v0.raw_env(rec.header.variant).layout.index(Kind.EXPLODE)
    with pytest.raises(ReplayMismatch, match=rf"decision {d.i} \(day {d.day} WOLF_KILL, seat {d.seat}\).*illegal"):
        resimulate(rec)
    tampered = games[1].model_copy(deep=True)
    tampered.decisions[7].state_hash = "0" * 16
    path = tmp_path / "x.jsonl"
    write(path, [rec, tampered, games[2]])
    code, out = replay([str(path), "--verify"])
    assert code == 1
    assert f"decision {d.i} " in out and "decision 7 " in out and "1 game(s) verified" in out


# ------------------------------------------------------------------ the replay command
def test_transcript_as_a_seat_shows_only_what_that_seat_could_see(tmp_path, games):
    path = tmp_path / "t.jsonl"
    write(path, games[:1])
    rec = games[0]
    seer = rec.outcome.details["roles"].index("seer")
    villager = rec.outcome.details["roles"].index("villager")
    code, full = replay([str(path)])
    assert code == 0 and "Roles:" in full and "(Seer) checks" in full
    code, seer_view = replay([str(path), "--as", f"seat-{seer}"])
    assert code == 0 and "(Seer) checks" in seer_view and "Roles:" not in seer_view
    code, villager_view = replay([str(path), "--as", str(villager)])
    assert code == 0 and "(Seer) checks" not in villager_view and "(to the wolves)" not in villager_view
    assert "Day 1 begins." in villager_view
    assert replay([str(path), "--as", "seat-40"])[0] == 2
    assert replay([str(path), "--as", "wolf"])[0] == 2


def test_summary_counts_wins_lengths_and_deaths(tmp_path, games):
    path = tmp_path / "s.jsonl"
    write(path, games)
    code, out = replay([str(path), "--summary"])
    assert code == 0
    for variant in ("classic-9", "werewolf-arena-8", "all", "Deaths by cause"):
        assert variant in out
    from parlour.replays import summarize
    s = summarize(games)
    assert s["all"]["games"] == 4 and sum(s["all"]["wins"].values()) == 4
    assert sum(s["deaths"].values()) == sum(len(r.outcome.details["deaths"]) for r in games)


def test_table_has_one_row_per_decision_with_stable_columns(tmp_path, games):
    path, out = tmp_path / "t.jsonl", tmp_path / "decisions.csv"
    write(path, games)
    code, _ = replay([str(path), "--table", str(out)])
    assert code == 0
    with out.open(newline="") as f:
        reader = csv.DictReader(f)
        rows = list(reader)
    assert tuple(reader.fieldnames) == table_columns(["werewolf_v0"])
    assert len(rows) == sum(len(r.decisions) for r in games)
    first = games[0]
    for row, d in zip(rows, first.decisions):
        assert (row["game_id"], int(row["seat"]), row["phase"]) == (first.header.game_id, d.seat, d.phase)
        assert row["role"] == first.outcome.details["roles"][d.seat] and row["winner"] == str(first.outcome.winner)
    accusing = [r for r in rows if r["action_kind"] == "accuse"]
    assert accusing and all(r["accuse"] == r["target"] for r in accusing)


def test_parquet_without_pyarrow_names_the_missing_package(tmp_path, games):
    try:
        import pyarrow  # noqa: F401
        pytest.skip("pyarrow is installed")
    except ImportError:
        pass
    path = tmp_path / "t.jsonl"
    write(path, games[:1])
    code, out = replay([str(path), "--table", str(tmp_path / "d.parquet")])
    assert code == 2 and "pyarrow" in out


# ------------------------------------------------------------------ vote graph
def test_vote_graph_edges_match_the_days_votes_and_the_sheriff_weighs_one_and_a_half():
    rec = next(r for seed in range(40) if (r := play("standard-12-guard", seed)).outcome.days >= 2)
    engine = resimulate(rec)
    weighted = 0
    for day in range(1, rec.outcome.days + 1):
        g = vote_graph(rec, day, engine=engine)
        votes = [e for e in engine.events if e.kind == EventKind.VOTE and e.day == day and e.target >= 0]
        edges = {(u, v): data for u, v, k, data in g.edges(keys=True, data=True) if k in ("vote", "pk_vote")}
        # one edge per (voter, target, round); a seat may vote the same target in the vote and the PK
        assert {(e.actor, e.target) for e in votes} == set(edges)
        for (u, _), data in edges.items():
            if u == g.graph["sheriff"]:
                assert data["weight"] == engine.rules.sheriff_vote_weight == 1.5
                weighted += 1
            else:
                assert data["weight"] == 1.0
        speeches = [e for e in engine.events if e.kind == EventKind.SPEECH and e.day == day]
        accusations = sum(len(e.value.accuse) for e in speeches)
        assert accusations == sum(d["weight"] for *_, k, d in g.edges(keys=True, data=True) if k == "accuse")
    assert weighted, "no sheriff vote in this game: pick another seed"


# ------------------------------------------------------------------ replay env
class Watching(RandomAgent):
    """A random agent that keeps every observation it was shown."""

    def __init__(self, seen: list):
        super().__init__()
        self.seen = seen

    def act_sync(self, observation, info):
        self.seen.append((self.seat, {k: v.copy() for k, v in observation.items()}))
        return super().act_sync(observation, info)


@pytest.mark.parametrize("variant", werewolf_v0.VARIANTS)
def test_replay_env_shows_each_seat_what_the_live_game_showed(variant):
    seen: list = []
    n = werewolf_v0.raw_env(variant).engine.n
    rec = play(variant, seed=7, agents=[Watching(seen) for _ in range(n)])
    assert rec.outcome.error is None
    steps = list(iter_steps(rec))
    assert len(steps) == len(seen) == len(rec.decisions)
    for (agent, obs, action), (seat, live), d in zip(steps, seen, rec.decisions):
        assert agent == f"player_{seat}" and seat == d.seat
        np.testing.assert_array_equal(obs["observation"], live["observation"])
        np.testing.assert_array_equal(obs["action_mask"], live["action_mask"])
        assert action == d.action


def test_replay_env_is_an_aec_env_that_ends_like_the_record(games):
    from parlour.replays import replay_env

    rec = games[1]
    env = replay_env(rec)
    final = {}
    for agent in env.agent_iter():
        _, reward, term, trunc, _ = env.last()
        if term or trunc:
            final[agent] = reward
        env.step(None if term or trunc else env.recorded_action())
    assert env.unwrapped.engine.done and not env.agents
    wolves = {f"player_{i}" for i, r in enumerate(rec.outcome.details["roles"]) if r in ("werewolf", "wolf_king", "white_wolf_king")}
    won = "wolves" if rec.outcome.winner == "wolves" else "village"
    assert final == {a: 1.0 if (a in wolves) == (won == "wolves") else -1.0 for a in env.possible_agents}
    with pytest.raises(ValueError, match="record's seed"):
        env.reset(seed=rec.header.seed + 1)


def test_the_documented_json_schema_is_the_exported_one():
    import json
    from pathlib import Path

    from parlour.record import record_json_schema

    doc = (Path(__file__).resolve().parents[1] / "docs" / "record-format.md").read_text(encoding="utf-8")
    block = doc.split("```json\n", 1)[1].split("\n```", 1)[0]
    assert json.loads(block) == record_json_schema()


def test_every_line_of_a_record_follows_the_json_schema(tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    import json

    from parlour.agents import RandomAgent
    from parlour.record import record_json_schema

    record = parlour.play_game("standard-12-guard", [RandomAgent(i) for i in range(12)], seed=5)
    schema = record_json_schema()
    for line in record.lines():
        jsonschema.validate(json.loads(line), schema)


def test_record_methods_and_to_frame(tmp_path):
    from parlour.agents import RandomAgent
    from parlour.replays import table_columns, to_frame

    record = parlour.play_game("classic-9", [RandomAgent(i) for i in range(9)], seed=2)
    graph = record.vote_graph(1)
    assert set(graph.nodes) <= set(range(9)) and graph.number_of_edges() > 0
    env = record.replay_env()
    env.reset()
    steps = 0
    for _agent in env.agent_iter():
        _, _, term, trunc, _ = env.last()
        env.step(None if term or trunc else env.recorded_action())
        steps += not (term or trunc)
    assert steps == len(record.decisions)
    pd = pytest.importorskip("pandas")
    path = tmp_path / "g.jsonl"
    record.append_to(path)
    frame = to_frame(path)
    assert isinstance(frame, pd.DataFrame) and list(frame.columns) == list(table_columns(["werewolf_v0"]))
    assert len(frame) == len(record.decisions)
