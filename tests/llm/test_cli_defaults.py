"""`parlour play` with an llm: seat and no tuning flags must start and finish on a CPU machine.

The tiny model's config declares a 32k context, as real models' do: the engine has to size its
KV cache and its prefill budget for that from the memory actually free, with no --vllm-args and
no PARLOUR_VLLM_ARGS.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from .conftest import _need_vllm

pytestmark = pytest.mark.vllm


def test_play_with_llm_seats_and_default_settings(tiny_model_dir, tmp_path):
    _need_vllm()
    env = {k: v for k, v in os.environ.items() if k not in ("PARLOUR_VLLM_ARGS", "VLLM_CPU_KVCACHE_SPACE")}
    out = tmp_path / "games.jsonl"
    cmd = [sys.executable, "-m", "parlour", "play", "werewolf", "--agents", f"llm:{tiny_model_dir},scripted",
           "--seats", "llm=0-1", "--games", "1", "--quiet", "--out", str(out)]
    done = subprocess.run(cmd, check=False, env=env, capture_output=True, text=True, timeout=1500)
    log = (done.stdout + done.stderr)[-4000:]
    assert done.returncode == 0, log
    # The one line that says what the engine was given, for a 32k-context model.
    chosen = [line for line in done.stderr.splitlines() if line.startswith("parlour: vLLM CPU engine")]
    assert len(chosen) == 1, log
    assert "max_model_len 32768" in chosen[0] and "max_num_batched_tokens 32768" in chosen[0]
    assert "KV cache" in chosen[0] and "free" in chosen[0]
    from parlour.record import iter_records

    (record,) = list(iter_records(out))
    assert record.outcome.error is None, record.outcome.error
    assert any(d.llm for d in record.decisions) and {d.seat for d in record.decisions if d.llm} <= {0, 1}
