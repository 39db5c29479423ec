"""Damaged record files: reading never hides a good game, appending never corrupts a file.

Scenes: a file cut by a kill or a full disk, cut inside a UTF-8 character, a line of garbage in
the middle, a game without its outcome, a resumed run appending after any of these.
"""

from __future__ import annotations

import argparse
import functools
import io
import json
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

import parlour
from parlour.agents import RandomAgent
from parlour.agents.scripted import ScriptedWerewolfAgent
from parlour.envs import werewolf_v0
from parlour.envs.werewolf import Action
from parlour.record import RecordError, RecordWarning, RecordWriter
from parlour.replays import Problem, latest_by_game_id, load, read_records
from parlour.replays.cli import add_replay_parser, cmd_replay

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


class Speaker(ScriptedWerewolfAgent):
    """Scripted speech with non-ASCII text, so lines hold multi-byte UTF-8 characters."""

    def act_sync(self, observation, info):
        action = super().act_sync(observation, info)
        if isinstance(action, Action):
            action = action.model_copy(update={"text": "我怀疑他 — ça suffit"})
        return action


def play(variant: str, seed: int, game_id: str | None = None) -> parlour.GameRecord:
    env = werewolf_v0.raw_env(variant)
    agents = ([Speaker.for_env(env) for _ in range(env.engine.n)] if seed % 2
              else [RandomAgent() for _ in range(env.engine.n)])
    return parlour.play_game(env, agents, seed=seed, game_id=game_id or f"{variant}-{seed}")


@functools.cache
def _games() -> list[parlour.GameRecord]:
    return [play("xu-7", 0), play("xu-7", 1), play("werewolf-arena-8", 2), play("xu-7", 3)]


@functools.cache
def _fresh() -> list[parlour.GameRecord]:
    return [play("xu-7", 10, "new-a"), play("xu-7", 12, "new-b")]


# Hypothesis tests call _games() themselves: as fixtures, the games would be printed with every
# falsifying example.
@pytest.fixture
def games() -> list[parlour.GameRecord]:
    return _games()


@pytest.fixture
def fresh() -> list[parlour.GameRecord]:
    return _fresh()


def spans(records) -> tuple[bytes, list[tuple[int, int]]]:
    """The file's bytes and each game's [start, end) byte range (end just after its last newline)."""
    blobs = [r.to_jsonl().encode() for r in records]
    ends = [sum(len(b) for b in blobs[:i + 1]) for i in range(len(blobs))]
    return b"".join(blobs), [(end - len(b), end) for b, end in zip(blobs, ends)]


def replay(argv: list[str]) -> tuple[int, str]:
    parser = argparse.ArgumentParser(prog="parlour")
    add_replay_parser(parser.add_subparsers(dest="command", required=True))
    out = io.StringIO()
    code = cmd_replay(parser.parse_args(["replay", *argv]), Console(file=out, width=400))
    return code, out.getvalue()


def ids(records) -> list[str]:
    return [r.header.game_id for r in records]


# ------------------------------------------------------------------ reading damaged files
@FUZZ
@given(data=st.data())
def test_reading_a_cut_or_flipped_file_returns_every_intact_game_and_raises_nothing(tmp_path, data):
    games = _games()
    blob, ranges = spans(games)
    damaged = bytearray(blob)
    hit: set[int] = set()  # byte offsets changed
    if data.draw(st.booleans(), label="cut"):
        cut = data.draw(st.integers(0, len(blob) - 1), label="cut at")
        del damaged[cut:]
        hit.update(range(cut, len(blob)))
    else:
        for _ in range(data.draw(st.integers(1, 3), label="flips")):
            at = data.draw(st.integers(0, len(blob) - 1), label="flip at")
            damaged[at] ^= 1 << data.draw(st.integers(0, 7), label="bit")
            hit.add(at)
    path = tmp_path / "damaged.jsonl"
    path.write_bytes(bytes(damaged))
    result = read_records(path)  # must not raise
    # A game is intact when no byte of it changed and the newline that ends the game before it
    # (which separates their lines) is intact too.
    intact = [g for g, (start, end) in zip(games, ranges)
              if not any(start - 1 <= at < end for at in hit)]
    got = {r.header.game_id: r.to_jsonl() for r in result.records}
    for game in intact:
        assert got.get(game.header.game_id) == game.to_jsonl()
    assert len(ids(result.records)) == len(set(ids(result.records)))
    present = [g for g, (start, _) in zip(games, ranges) if start < len(damaged)]  # at least in part
    if len(result.records) < len(present):
        assert result.problems, "a game was left out without a report"
    code, _ = replay([str(path), "--verify"])  # the command reports instead of failing
    assert code in (0, 1)


def test_a_file_cut_inside_a_utf8_character_keeps_every_whole_game(tmp_path, games):
    blob, ranges = spans(games)
    text_at = blob.index("怀".encode(), ranges[2][0] if b"\xe6" in blob[ranges[2][0]:] else 0)
    path = tmp_path / "cut.jsonl"
    path.write_bytes(blob[:text_at + 1])  # the first byte of a three-byte character
    result = read_records(path)
    whole = [g for g, (_, end) in zip(games, ranges) if end <= text_at]
    assert ids(result.records) == ids(whole) and whole
    assert len(result.problems) >= 1 and "not UTF-8" in result.problems[0].reason
    code, out = replay([str(path)])
    assert code == 1 and f"{path}:{result.problems[0].line}: the file ends mid-line" in out


def test_a_garbage_line_in_the_middle_costs_only_its_game(tmp_path, games):
    path = tmp_path / "garbage.jsonl"
    lines = "".join(r.to_jsonl() for r in games).splitlines(keepends=True)
    bad = len(games[0].decisions) + 2 + 4  # a decision line of the second game
    lines[bad - 1] = "\x00garbage ]]\n"
    path.write_text("".join(lines), encoding="utf-8")
    records, problems = read_records(path)
    assert ids(records) == ids(games[:1] + games[2:])
    assert problems[0] == Problem(bad, problems[0].reason) and "not JSON" in problems[0].reason
    second = len(games[0].decisions) + 3
    assert problems[1].line == second and problems[1].last_line == second + len(games[1].decisions) + 1
    code, out = replay([str(path), "--verify"])
    assert code == 1 and f"{path}:{bad}: not JSON" in out and f"{path}:{second}-" in out
    assert f"{len(games) - 1} game(s) verified" in out
    with pytest.raises(RecordError, match=rf":{bad}: not JSON"):
        list(parlour.iter_records(path))
    with pytest.warns(RecordWarning, match=rf":{bad}: not JSON"):
        assert ids(load(path)) == ids(records)


@pytest.mark.parametrize("line", ['["a", "json", "array"]', '{"type": "header", "format_version": 7, "game_id": "x"}',
                                  '{"type": "footer"}', '"just a string"'])
def test_lines_that_are_not_record_lines_are_skipped_and_named(tmp_path, games, line):
    path = tmp_path / "odd.jsonl"
    path.write_text(games[0].to_jsonl() + line + "\n" + games[1].to_jsonl(), encoding="utf-8")
    records, problems = read_records(path)
    assert ids(records) == ids(games[:2])
    assert [p.line for p in problems] == [len(games[0].decisions) + 3]


def test_a_game_without_its_outcome_followed_by_a_new_header_is_skipped_with_a_report(tmp_path, games):
    path = tmp_path / "mid.jsonl"
    partial = "".join(games[0].to_jsonl().splitlines(keepends=True)[:-1])
    path.write_text(partial + games[1].to_jsonl(), encoding="utf-8")
    records, problems = read_records(path)
    assert ids(records) == ids(games[1:2])
    assert problems == [Problem(1, f"game {games[0].header.game_id!r} has no outcome line (a new header follows "
                                   f"at line {len(games[0].decisions) + 2})", len(games[0].decisions) + 1)]


def test_replay_of_a_missing_file_says_so_in_one_line(tmp_path):
    code, out = replay([str(tmp_path / "missing.jsonl")])
    assert code == 2 and out == f"{tmp_path / 'missing.jsonl'}: no such file\n"


def test_parlour_replays_load_is_the_documented_function(tmp_path, games):
    path = tmp_path / "g.jsonl"
    path.write_text(games[0].to_jsonl(), encoding="utf-8")
    code = f"import parlour.replays as R; print([r.header.game_id for r in R.load({str(path)!r})])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd="/tmp", check=True)
    assert out.stdout.strip() == str([games[0].header.game_id])


def test_the_later_record_of_a_game_played_again_supersedes_the_earlier(tmp_path, games):
    stopped = games[0].model_copy(deep=True)
    stopped.outcome.error = "TimeoutError: the server did not answer"
    records = latest_by_game_id([stopped, games[1], games[0]])
    assert ids(records) == ids(games[1:2] + games[:1]) and records[1].outcome.error is None


# ------------------------------------------------------------------ appending
@FUZZ
@given(data=st.data())
def test_appending_after_a_cut_at_any_byte_keeps_every_whole_game_and_adds_the_new_ones(tmp_path, data):
    games, fresh = _games(), _fresh()
    blob, ranges = spans(games)
    cut = data.draw(st.integers(0, len(blob)), label="cut at")
    path = tmp_path / f"resume-{cut}.jsonl"
    path.write_bytes(blob[:cut])
    repairs = []
    with RecordWriter(path, on_repair=repairs.append) as writer:
        for record in fresh:
            writer.write(record)
    result = read_records(path)
    whole = [g for g, (_, end) in zip(games, ranges) if end <= cut]
    got = ids(result.records)
    assert got[:len(whole)] == ids(whole) and got[-2:] == ids(fresh)
    assert len(got) == len(set(got)) and len(got) <= len(whole) + 1 + len(fresh)
    assert [r.to_jsonl() for r in result.records[-2:]] == [r.to_jsonl() for r in fresh]
    if cut not in {0, *(end for _, end in ranges)}:
        assert len(repairs) == 1 and f"{path}:" in str(repairs[0])


def test_resume_after_a_kill_mid_line_reports_what_it_dropped(tmp_path, games, fresh):
    blob, ranges = spans(games[:2])
    path = tmp_path / "killed.jsonl"
    cut = ranges[1][0] + 40  # inside the second game's header
    path.write_bytes(blob[:cut])
    with pytest.warns(RecordWarning, match=rf"killed.jsonl:{len(games[0].decisions) + 3}: the last line was cut off "
                                           "mid-write; dropped its 40 byte"):
        fresh[0].append_to(path)
    assert ids(read_records(path).records) == ids([games[0], fresh[0]])


def test_a_file_ending_mid_game_on_a_whole_line_is_reported_and_that_game_skipped(tmp_path, games, fresh):
    path = tmp_path / "midgame.jsonl"
    lines = games[0].to_jsonl().splitlines(keepends=True)
    path.write_text("".join(lines[:6]), encoding="utf-8")
    repairs = []
    writer = RecordWriter(path, on_repair=repairs.append)
    writer.write(fresh[0])
    writer.close()
    assert writer.repair == repairs[0] and repairs[0].mid_game and repairs[0].dropped_bytes == 0
    records, problems = read_records(path)
    assert ids(records) == ["new-a"] and problems[0].line == 1 and problems[0].last_line == 6


def test_a_last_line_that_lost_only_its_newline_is_kept(tmp_path, games, fresh):
    path = tmp_path / "nonl.jsonl"
    path.write_bytes(games[0].to_jsonl().encode()[:-1])
    assert ids(read_records(path).records) == ids(games[:1])
    repairs = []
    RecordWriter(path, on_repair=repairs.append).close()
    assert repairs[0].added_newline and not repairs[0].dropped_bytes
    assert path.read_bytes() == games[0].to_jsonl().encode()


def test_problems_are_data_with_line_numbers(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_bytes(b'{"type": "decision", "i": 0}\n\xff\xfe\n')
    records, problems = read_records(path)
    assert records == [] and [p.line for p in problems] == [1, 2]
    assert json.dumps([p._asdict() for p in problems])
