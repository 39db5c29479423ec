"""Every top-level example runs as is in its --quick mode and asserts what it claims."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _run(name: str, *args: str, timeout: int = 600) -> str:
    result = subprocess.run([sys.executable, str(EXAMPLES / name), "--quick", *args], capture_output=True,
                            text=True, timeout=timeout)
    assert result.returncode == 0, f"{name} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result.stdout


def test_step_by_hand():
    assert _run("step_by_hand.py").rstrip().endswith("ok")


def test_records_to_pandas():
    pytest.importorskip("pandas")
    assert _run("records_to_pandas.py").rstrip().endswith("ok")


def test_offline_dataset(tmp_path):
    out = _run("offline_dataset.py", "--out", str(tmp_path / "d.npz"))
    assert out.rstrip().endswith("ok") and (tmp_path / "d.npz").is_file()


@pytest.mark.skipif(importlib.util.find_spec("sb3_contrib") is None, reason="needs sb3-contrib: pip install -e '.[rl]'")
def test_train_maskable_ppo_beats_random_play():
    """Kuhn Poker against random and against the equilibrium: the trained policy's margin over
    random play has a 95% bootstrap interval above 0 over fixed game seeds (the script asserts it)."""
    out = _run("train_maskable_ppo.py")
    assert "every trained policy beats random play" in out


@pytest.mark.skipif(importlib.util.find_spec("tianshou") is None, reason="needs tianshou: pip install -e '.[rl]'")
def test_train_multiagent_tianshou_beats_random_play():
    """Tianshou's multi-agent API on parlour's AEC envs unchanged: a DQN seat of Kuhn Poker trained
    against random play beats random play in that seat (95% bootstrap interval of the margin above 0
    over fixed deals, asserted by the script), and whole Werewolf games run through its Collector."""
    out = _run("train_multiagent_tianshou.py")
    assert "trained seat beats random play: ok" in out
    assert "werewolf/kaggle-8: 2 games through Tianshou's Collector" in out


def test_selfplay_tournament_orders_known_strengths():
    """parlour.Tournament(...).run() from a script: every rating method orders scripted > noisy > random."""
    assert _run("selfplay_tournament.py").rstrip().endswith("known order recovered: ok")


def test_llm_vs_scripted_without_a_model():
    """The LLM seat's whole path (prompt, schema, parse, record) with the offline stand-in backend."""
    assert _run("llm_vs_scripted.py").rstrip().endswith("every LLM decision recorded: ok")
