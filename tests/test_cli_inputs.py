"""The command line as a new user meets it: bad input gets one clear line, nothing is lost.

Each test is one row of the table of defects a user found (issues 8 and 9): it ran `parlour` the
way they did and checks the one-line answer and the exit status.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from parlour.agents import RandomAgent
from parlour.cli import main
from parlour.envs import werewolf_v0
from parlour.envs.werewolf.rules import VariantError, get_variant
from parlour.record import iter_records

REPO = Path(__file__).resolve().parents[1]


def parlour(*args: str, timeout: float = 120, **kw) -> subprocess.CompletedProcess:
    """Run ``python -m parlour ARGS`` as a user would (no terminal), capturing both streams."""
    return subprocess.run([sys.executable, "-m", "parlour", *args], capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, "COLUMNS": "80"}, **kw)


def no_traceback(proc: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr


# ---------------------------------------------------------------------------------- the entry points
def test_python_dash_m_and_version():
    proc = parlour("--version")
    assert proc.returncode == 0 and proc.stdout.startswith("parlour ")


def test_help_shows_defaults():
    proc = parlour("play", "--help")
    assert "werewolf: werewolf-arena-8" in proc.stdout and "default: 16" in proc.stdout


# ---------------------------------------------------------------------------------- bad arguments
@pytest.mark.parametrize("args, says", [
    (["--seed", "-1"], "--seed: -1 is below 0"),
    (["--concurrency", "0"], "--concurrency: 0 is below 1"),
    (["--games", "x"], "--games: 'x' is not a whole number"),
    (["--max-fallback-rate", "2"], "not a rate between 0 and 1"),
    (["--llm-timeout", "0"], "must be above 0"),
])
def test_bad_numbers_get_one_line(args, says):
    proc = parlour("play", "werewolf", *args)
    assert proc.returncode == 2 and says in proc.stderr
    no_traceback(proc)


def test_a_backwards_seat_range_is_refused(tmp_path):
    proc = parlour("play", "werewolf", "--agents", "scripted,random", "--seats", "random=3-0", "--quiet")
    assert proc.returncode == 2 and "'3-0' runs backwards" in proc.stdout
    no_traceback(proc)


def test_a_folder_as_variant_is_named(tmp_path):
    proc = parlour("play", "werewolf", "--variant", "./", cwd=tmp_path)
    assert proc.returncode == 2 and "is a folder" in proc.stdout
    no_traceback(proc)


def test_a_variant_file_with_a_byte_order_mark_loads(tmp_path):
    text = (REPO / "envs/werewolf/variants/xu-7.toml").read_text(encoding="utf-8")
    board = tmp_path / "bom.toml"
    board.write_bytes(b"\xef\xbb\xbf" + text.replace('name = "xu-7"', 'name = "bom"').encode())
    assert get_variant(str(board)).num_players == 7


def test_a_variant_file_that_is_not_utf8_is_named(tmp_path):
    board = tmp_path / "latin1.toml"
    board.write_bytes('name = "caf\xe9"\n'.encode("latin-1"))
    with pytest.raises(VariantError, match="latin1.toml: not UTF-8 text"):
        get_variant(str(board))


def test_unwritable_out_gets_one_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    proc = parlour("play", "werewolf", "--quiet", "--out", str(blocker / "games.jsonl"))
    assert proc.returncode == 1 and "cannot write the records to" in proc.stdout
    no_traceback(proc)
    if Path("/dev/full").exists():
        proc = parlour("play", "werewolf", "--quiet", "--out", "/dev/full", timeout=60)
        assert proc.returncode == 1 and "No space left on device" in proc.stdout
        no_traceback(proc)


@pytest.mark.parametrize("seed", [-1, "a", 1.5, True])
def test_env_reset_with_a_bad_seed_names_it(seed):
    env = werewolf_v0.env()
    with pytest.raises(ValueError, match="seed must be a non-negative int or None"):
        env.reset(seed=seed)


def test_env_without_a_variant_names_the_argument():
    with pytest.raises(VariantError, match="variant must be a shipped variant's name or a path"):
        werewolf_v0.env(variant=None)


# ---------------------------------------------------------------------------------- tables
def test_tables_never_cut_names_at_80_columns():
    proc = parlour("variants")
    assert proc.returncode == 0
    for name in ("standard-12-guard", "white-wolf-king-12", "sequential-vote-10"):
        assert name in proc.stdout
    assert "…" not in proc.stdout


# ---------------------------------------------------------------------------------- resume
def test_resume_with_other_agents_is_refused(tmp_path):
    out = tmp_path / "games.jsonl"
    assert main(["play", "werewolf", "--variant", "xu-7", "--games", "2", "--out", str(out), "--quiet"]) == 0
    proc = parlour("play", "werewolf", "--variant", "xu-7", "--games", "3", "--out", str(out), "--resume",
                   "--agents", "random", "--quiet")
    assert proc.returncode == 2
    assert "game xu-7-0" in proc.stdout and "agents per seat" in proc.stdout, proc.stdout
    assert len(list(iter_records(out))) == 2, "nothing was appended"


def test_resume_with_a_custom_board_under_a_shipped_name_is_refused(tmp_path):
    out = tmp_path / "games.jsonl"
    assert main(["play", "werewolf", "--variant", "xu-7", "--games", "1", "--out", str(out), "--quiet"]) == 0
    text = (REPO / "envs/werewolf/variants/xu-7.toml").read_text(encoding="utf-8")
    board = tmp_path / "xu-7.toml"
    board.write_text(text.replace('last_words = "none"', 'last_words = "exiles_only"'))
    get_variant(str(board))  # the custom board is valid
    proc = parlour("play", "werewolf", "--variant", str(board), "--out", str(out), "--resume", "--quiet")
    assert proc.returncode == 2 and "board rules" in proc.stdout, proc.stdout
    no_traceback(proc)


def test_the_same_command_twice_without_resume_warns(tmp_path):
    out = tmp_path / "games.jsonl"
    args = ["play", "werewolf", "--variant", "xu-7", "--games", "2", "--out", str(out), "--quiet"]
    assert parlour(*args).returncode == 0
    proc = parlour(*args)
    assert "already holds 2 of these game(s)" in proc.stdout and "--resume" in proc.stdout


# ---------------------------------------------------------------------------------- Ctrl-C
SLOW_RUN = textwrap.dedent("""
    import asyncio, os, sys
    from parlour import agentspec
    from parlour.agents import RandomAgent
    from parlour.cli import main

    class Slow:
        is_async = True
        name = "slow"
        def __init__(self, seed):
            self.inner = RandomAgent(seed)
        def reset(self, seat, seed=None):
            self.inner.reset(seat, seed)
        async def act(self, observation, info):
            await asyncio.sleep(0.05)  # an LLM seat waiting on its server
            if "PARLOUR_TEST_MARKER" in os.environ:  # the Ctrl-C test waits for every game to be under way
                with open(os.environ["PARLOUR_TEST_MARKER"], "a") as f:
                    f.write(str(id(self)) + " ")
            return self.inner.act_sync(observation, info)

    agentspec.AGENT_KINDS["slow"] = lambda env, seat, seed, arg: Slow(seed)
    print("started", flush=True)
    sys.exit(main(sys.argv[1:]))
""")


def test_ctrl_c_writes_every_game_so_far_and_exits_130(tmp_path):
    out = tmp_path / "games.jsonl"
    script = tmp_path / "slow_run.py"
    script.write_text(SLOW_RUN)
    marker = tmp_path / "acting.txt"
    proc = subprocess.Popen([sys.executable, str(script), "play", "werewolf", "--variant", "standard-12-guard",
                             "--agents", "slow", "--games", "3", "--concurrency", "3", "--out", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PARLOUR_TEST_MARKER": str(marker)})
    assert proc.stdout.readline().strip() == "started"
    # Interrupt once every game is under way (agents of 3 games have acted), however loaded the machine is;
    # each game needs dozens of decisions at 0.05 s each, so none has finished.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        acted = set(marker.read_text().split()) if marker.exists() else set()
        if len(acted) > 2 * 12:  # more agents than two games have: all three games are under way
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stdout + stderr
    assert "Traceback" not in stdout + stderr
    assert "interrupted: 3 game(s) written" in stdout
    records = list(iter_records(out))
    assert len(records) == 3
    assert all(r.outcome.error == "interrupted" and r.decisions for r in records)
    # ... and --resume plays them again, whole.
    again = parlour("play", "werewolf", "--variant", "standard-12-guard", "--agents", "random", "--games", "3",
                    "--out", str(out), "--resume", "--quiet")
    assert "agents per seat" in again.stdout  # other agents than the interrupted run: refused


def test_resume_replays_games_that_stopped_on_an_error(tmp_path, monkeypatch):
    from parlour import agentspec
    from parlour.batch import run_games

    class Failing(RandomAgent):
        is_async = True

        async def act(self, observation, info):
            raise ConnectionError("server gone")

    out = tmp_path / "games.jsonl"
    monkeypatch.setitem(agentspec.AGENT_KINDS, "flaky", lambda env, seat, seed, arg: Failing(seed))
    first = run_games("xu-7", ["flaky"], games=2, out=out, progress=False)
    assert all(r.outcome.error for r in first)
    monkeypatch.setitem(agentspec.AGENT_KINDS, "flaky", lambda env, seat, seed, arg: RandomAgent(seed))
    kept = run_games("xu-7", ["flaky"], games=2, out=out, progress=False, resume=True, replay_errored=False)
    assert kept == []
    again = run_games("xu-7", ["flaky"], games=2, out=out, progress=False, resume=True)
    assert [r.header.seed for r in again] == [0, 1] and not any(r.outcome.error for r in again)
    assert run_games("xu-7", ["flaky"], games=2, out=out, progress=False, resume=True) == []


# ---------------------------------------------------------------------------------- progress and fallbacks
def test_progress_without_a_terminal_prints_plain_lines(tmp_path):
    script = tmp_path / "slow_run.py"
    script.write_text(SLOW_RUN.replace("sys.exit(main(sys.argv[1:]))", textwrap.dedent("""
        from parlour.batch import run_games
        run_games("xu-7", ["slow"], games=4, concurrency=2, progress_every=0.5)
    """)))
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("games ")]
    assert len(lines) >= 2, proc.stdout
    assert lines[-1].startswith("games 4/4") and "decisions/s" in lines[-1]


FALLBACK_RUN = textwrap.dedent("""
    import sys
    from parlour import agentspec
    from parlour.agents import RandomAgent
    from parlour.cli import main

    class Confused(RandomAgent):
        '''An LLM seat whose answers never parse: every decision is its logged fallback.'''
        name = "confused"
        last_decision_info = None  # the runner records it for agents that have it, as for LLMAgent
        def act_sync(self, observation, info):
            action = super().act_sync(observation, info)
            self.last_decision_info = {"model": "m", "raw": "I vote for seat 3", "fallback": True, "retries": 2}
            return action

    agentspec.AGENT_KINDS["confused"] = lambda env, seat, seed, arg: Confused(seed)
    sys.exit(main(sys.argv[1:]))
""")


def test_a_seat_that_always_falls_back_fails_the_run(tmp_path):
    script = tmp_path / "fallback_run.py"
    script.write_text(FALLBACK_RUN)
    run = [sys.executable, str(script), "play", "werewolf", "--variant", "xu-7", "--agents", "confused,random",
           "--seats", "confused=0-2", "--games", "2"]
    proc = subprocess.run(run, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 3, proc.stdout + proc.stderr
    assert "confused: " in proc.stdout and "response_format" in proc.stdout
    assert "LLM fallbacks by agent and decision" in proc.stdout
    relaxed = subprocess.run(run + ["--max-fallback-rate", "1"], capture_output=True, text=True, timeout=120)
    assert relaxed.returncode == 0, relaxed.stdout


def test_summary_on_an_80_column_terminal_cuts_nothing(tmp_path):
    from io import StringIO

    from rich.console import Console

    from parlour.batch import run_games
    from parlour.replays import print_summary, summarize

    screen = StringIO()
    console = Console(file=screen, width=80, force_terminal=True, color_system=None)
    print_summary(summarize(run_games("white-wolf-king-12", ["random"], games=3, progress=False)), console)
    assert "white-wolf-king-12" in screen.getvalue() and "…" not in screen.getvalue()
