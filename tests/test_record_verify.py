"""Records you can trust: an edit to any line of a record makes ``parlour replay --verify`` fail
and name that line (its file line number), while the file's other games still verify."""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

import parlour
from parlour.agents import RandomAgent
from parlour.agents.scripted import ScriptedWerewolfAgent
from parlour.envs import werewolf_v0
from parlour.envs.werewolf import Action
from parlour.record import DecisionLine, rules_key
from parlour.record_digest import canonical_json
from parlour.replays import ReplayMismatch, read_records, resimulate
from parlour.replays.cli import add_replay_parser, cmd_replay

DATA = Path(__file__).parent / "data"


class Chatty(ScriptedWerewolfAgent):
    """A scripted agent that speaks free text and files an LLM-style report, as an LLM seat does."""

    last_decision_info: dict | None = None  # the runner records it when the class has one

    def act_sync(self, observation, info):
        action = super().act_sync(observation, info)
        if isinstance(action, Action):
            action = action.model_copy(update={"text": f"Seat {self.seat} says: trust me — 真的 \"really\"."})
        self.last_decision_info = {"model": "stub", "raw_outputs": ["{\"action\": 1}"], "tokens_in": 120,
                                   "tokens_out": 7, "latency_s": 0.25, "retries": 0, "fallback": False}
        return action


def _play(variant: str, seed: int, kind: str) -> parlour.GameRecord:
    env = werewolf_v0.raw_env(variant)
    n = env.engine.n
    agents = {"random": lambda: [RandomAgent() for _ in range(n)],
              "scripted": lambda: [ScriptedWerewolfAgent.for_env(env) for _ in range(n)],
              "chatty": lambda: [Chatty.for_env(env) for _ in range(n)]}[kind]()
    return parlour.play_game(env, agents, seed=seed, game_id=f"{variant}-{kind}-{seed}")


@pytest.fixture(scope="module")
def games() -> list[parlour.GameRecord]:
    return [_play("xu-7", 4, "random"), _play("classic-9", 1, "scripted"),
            _play("standard-12-guard", 3, "chatty"), _play("werewolf-arena-8", 2, "random")]


def replay(argv: list[str]) -> tuple[int, str]:
    parser = argparse.ArgumentParser(prog="parlour")
    add_replay_parser(parser.add_subparsers(dest="command", required=True))
    out = io.StringIO()
    code = cmd_replay(parser.parse_args(["replay", *argv]), Console(file=out, width=400))
    return code, out.getvalue()


def write(path: Path, records) -> list[str]:
    path.write_text("".join(r.to_jsonl() for r in records), encoding="utf-8")
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


def first_line_of(games, g: int) -> int:
    """The file line number (from 1) of game g's header when the games are written in order."""
    return 1 + sum(len(r.decisions) + 2 for r in games[:g])


def legal_at(record, k: int) -> list[int]:
    """The legal actions of decision k's seat, from a re-simulation of the decisions before it."""
    cut = record.model_copy(update={"decisions": record.decisions[:k]})
    engine = resimulate(cut, verify=False)
    return engine.decision.legal[record.decisions[k].seat]


# ------------------------------------------------------------------ the mutations
def mutate_decision(record, k: int, line: dict, draw) -> bool:
    """Change one field of decision k's line (as JSON data); False if this line offers no such edit."""
    field = draw(st.sampled_from(["action", "day", "seat", "n_legal", "speech", "text", "llm", "i"]))
    if field == "action":
        others = [a for a in legal_at(record, k) if a != line["action"]]
        if not others:
            return False
        line["action"] = draw(st.sampled_from(others))
    elif field == "speech":
        if "speech" not in line:
            return False
        key = draw(st.sampled_from(sorted(line["speech"])))
        line["speech"][key] = {"claim": 0, "vote_intent": -1}.get(key, []) if line["speech"][key] else [0]
        if line["speech"][key] == record.decisions[k].speech[key]:
            line["speech"][key] = 1
    elif field == "text":
        if "speech" not in line or "text" not in line["speech"]:
            return False
        line["speech"]["text"] = line["speech"]["text"].replace("trust", "don't trust")
    elif field == "llm":
        if "llm" not in line:
            return False
        line["llm"]["tokens_out"] += 1
    elif field in ("day", "seat", "n_legal", "i"):
        line[field] += 1
    return True


def mutate_outcome(record, line: dict, draw) -> bool:
    field = draw(st.sampled_from(["winner", "winners", "deaths", "rewards", "days", "roles", "error"]))
    details = line["details"]
    if field == "winner":
        line["winner"] = {"village": "wolves", "wolves": "village", None: "village"}[line["winner"]]
    elif field == "winners":
        line["winners"] = line["winners"][1:] if line["winners"] else [0]
    elif field == "deaths":
        deaths = details["deaths"]
        alive = [str(s) for s in range(len(details["roles"])) if str(s) not in deaths]
        if alive:
            deaths[alive[0]] = "poison"
        else:
            deaths["0"] = "shot" if deaths["0"] != "shot" else "exile"
    elif field == "rewards":
        line["rewards"]["player_0"] = -line["rewards"]["player_0"] or 1.0
    elif field == "days":
        line["days"] += 1
    elif field == "roles":
        roles = details["roles"]
        roles[0], roles[-1] = roles[-1], roles[0]
        if roles[0] == roles[-1]:
            roles[0] = "idiot"
    else:
        line["error"] = "RuntimeError: made up"
    return True


def mutate_header(line: dict, draw) -> bool:
    field = draw(st.sampled_from(["day_limit", "sheriff_vote_weight", "agents", "seed", "variant", "game_id"]))
    if field == "day_limit":
        line["rules"]["day_limit"] += 1
    elif field == "sheriff_vote_weight":
        line["rules"]["sheriff_vote_weight"] = 2.0 if line["rules"]["sheriff_vote_weight"] != 2.0 else 1.5
    elif field == "agents":
        line["agents"][0] = "llm:someone-else"
    elif field == "seed":
        line["seed"] += 1
    else:
        line[field] += "-x"
    return True


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_an_edit_to_any_field_of_any_line_fails_verify_and_names_that_line(tmp_path, games, data):
    g = data.draw(st.integers(0, len(games) - 1), label="game")
    record = games[g]
    k = data.draw(st.integers(-1, len(record.decisions)), label="line in game (-1 header, n outcome)")
    path = tmp_path / "edited.jsonl"
    lines = write(path, games)
    lineno = first_line_of(games, g) + 1 + k  # header is k = -1
    line = json.loads(lines[lineno - 1])
    if k == -1:
        changed = mutate_header(line, data.draw)
    elif k == len(record.decisions):
        changed = mutate_outcome(record, line, data.draw)
    else:
        changed = mutate_decision(record, k, line, data.draw)
    if not changed:
        return
    lines[lineno - 1] = json.dumps(line, ensure_ascii=False) + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    code, out = replay([str(path), "--verify"])
    assert code == 1
    assert f"{path}:{lineno}: " in out, out
    assert f"{len(games) - 1} game(s) verified" in out


def test_the_unedited_file_verifies_and_the_summary_uses_it(tmp_path, games):
    path = tmp_path / "games.jsonl"
    write(path, games)
    code, out = replay([str(path), "--verify"])
    assert code == 0 and f"{len(games)} game(s) verified" in out


# ------------------------------------------------------------------ the defects, one test each
def test_an_outcome_edited_from_village_to_wolves_fails_verify_and_leaves_the_summary(tmp_path, games):
    village = next(i for i, r in enumerate(games) if r.outcome.winner == "village")
    path = tmp_path / "won.jsonl"
    lines = write(path, games)
    lineno = first_line_of(games, village) + len(games[village].decisions) + 1
    lines[lineno - 1] = lines[lineno - 1].replace('"winner":"village"', '"winner":"wolves"')
    path.write_text("".join(lines), encoding="utf-8")
    code, out = replay([str(path), "--verify"])
    assert code == 1 and f"{path}:{lineno}: game {games[village].header.game_id}, outcome: winner" in out
    code, out = replay([str(path), "--summary"])
    assert code == 1 and f"{len(games) - 1} game(s) used" in out


@pytest.mark.parametrize("phase", ["VOTE", "SPEECH"])
def test_a_logged_vote_or_speech_changed_to_another_legal_one_fails_verify(tmp_path, games, phase):
    record = games[0]  # random agents: votes and speeches are plain indices
    k = next(k for k, d in enumerate(record.decisions)
             if d.phase == phase and len(legal_at(record, k)) > 1 and k + 1 < len(record.decisions))
    other = next(a for a in legal_at(record, k) if a != record.decisions[k].action)
    path = tmp_path / "vote.jsonl"
    lines = write(path, [record])
    lines[k + 1] = lines[k + 1].replace(f'"action":{record.decisions[k].action},', f'"action":{other},')
    path.write_text("".join(lines), encoding="utf-8")
    code, out = replay([str(path), "--verify"])
    assert code == 1 and f"{path}:{k + 2}: game {record.header.game_id}, decision {k} " in out
    code, out = replay([str(path), "--table", str(tmp_path / "t.csv")])
    assert "0 decision row(s)" in out


def test_verify_names_the_first_edited_line_when_two_are_edited(tmp_path, games):
    record = games[2]
    path = tmp_path / "two.jsonl"
    lines = write(path, [record])
    for k in (30, 10):
        data = json.loads(lines[k + 1])
        data["n_legal"] += 1
        lines[k + 1] = json.dumps(data) + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(ReplayMismatch) as caught:
        resimulate(read_records(path).records[0])
    assert caught.value.line == 12 and "decision 10" in caught.value.message


def test_format_1_records_made_before_the_chain_still_load_and_verify():
    path = DATA / "records-v1.jsonl"
    records, problems = read_records(path)
    assert problems == [] and [r.header.format_version for r in records] == [1, 1, 1]
    for record in records:
        resimulate(record, verify=True)
    code, out = replay([str(path), "--verify"])
    assert code == 0 and "3 game(s) verified" in out


def test_a_format_1_record_with_an_edited_state_still_fails(tmp_path):
    lines = (DATA / "records-v1.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    data = json.loads(lines[5])
    data["state_hash"] = "0" * 16
    lines[5] = json.dumps(data) + "\n"
    path = tmp_path / "v1.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    code, out = replay([str(path), "--verify"])
    assert code == 1 and f"{path}:6: " in out and "2 game(s) verified" in out


# ------------------------------------------------------------------ the digest itself
def test_the_hand_formatted_canonical_line_is_canonical_json_of_its_fields(games):
    for record in games:
        for d in record.decisions:
            fields = {k: v for k, v in json.loads(d.to_json()).items() if k != "state_hash"}
            assert d.canonical() == canonical_json(fields)
    odd = DecisionLine(0, 1, 'ODD "phase"', 0, 1, 0, "", {"text": "é\n"}, None, None)
    assert json.loads(odd.canonical())["phase"] == 'ODD "phase"'


def test_records_are_byte_identical_in_another_process_with_another_hash_seed(games):
    """No built-in hash() anywhere in the chain: a game played under another PYTHONHASHSEED (and
    so another str hash) writes the same bytes."""
    code = ("import parlour, sys\n"
            "from parlour.agents import RandomAgent\n"
            "r = parlour.play_game('xu-7', [RandomAgent() for _ in range(7)], seed=4, game_id='xu-7-random-4')\n"
            "sys.stdout.write(r.to_jsonl())\n")
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True,
                         cwd="/tmp").stdout
    assert out == games[0].to_jsonl()


def test_rules_key_is_stable_and_tells_boards_apart(games):
    from parlour.envs.werewolf.rules import get_variant

    a = rules_key(games[0].header.rules)
    assert a == rules_key(get_variant("xu-7")) == rules_key(json.loads(json.dumps(games[0].header.rules)))
    assert len(a) == 32 and a != rules_key(games[1].header.rules)
    assert a != rules_key({**games[0].header.rules, "day_limit": games[0].header.rules["day_limit"] + 1})


def test_vote_graph_of_a_day_the_game_does_not_have_is_a_clear_error(games):
    record = games[0]
    with pytest.raises(ValueError, match=rf"game {record.header.game_id} has no day 99: its days are 1\.\.{record.outcome.days}"):
        record.vote_graph(99)
    with pytest.raises(ValueError, match="has no day 0"):
        record.vote_graph(0)
