"""How VLLMEngine sizes the CPU build's KV cache and prefill budget (cpu_memory.plan_cpu_engine).

Reads the tiny model's config through vLLM (no weights loaded, no engine started); the free
memory is faked so every case runs the same on any machine.
"""

from __future__ import annotations

import pytest

from parlour.agents.llm import cpu_memory

from .conftest import _need_vllm

pytestmark = pytest.mark.vllm
GiB = 1 << 30


@pytest.fixture
def free(monkeypatch):
    """Pretend ``n`` bytes are free."""
    def set_free(n: int) -> None:
        monkeypatch.setattr(cpu_memory, "free_memory_bytes", lambda node=0: (n, "on NUMA node 0"))
    monkeypatch.delenv("VLLM_CPU_KVCACHE_SPACE", raising=False)
    return set_free


ARGS = {"dtype": "float32", "enable_chunked_prefill": False, "block_size": 32}


def test_32k_model_gets_a_prefill_budget_and_cache_for_its_context(tiny_model_dir, free):
    _need_vllm()
    free(8 * GiB)
    extra, plan = cpu_memory.plan_cpu_engine(str(tiny_model_dir), ARGS)
    assert plan.model_max_len == 32768 and not plan.capped
    # The old default (8192) made vLLM refuse a 32k model: max_num_batched_tokens < max_model_len.
    assert extra["max_num_batched_tokens"] == 32768
    per_token = plan.kv_bytes_per_token
    assert per_token == 2 * 2 * 4 * 64 * 4  # keys and values, 2 layers, 4 heads of 64, float32
    assert extra["kv_cache_memory_bytes"] >= 4 * 32768 * per_token  # several whole contexts
    assert extra["kv_cache_memory_bytes"] <= 0.5 * 8 * GiB
    assert "max_model_len" not in extra
    assert "KV cache" in plan.message() and "NUMA node 0" in plan.message() and "\n" not in plan.message()


def test_little_memory_caps_the_context_and_says_so(tiny_model_dir, free):
    _need_vllm()
    plan0 = cpu_memory.plan_cpu_engine(str(tiny_model_dir), ARGS)[1]
    free(plan0.weights_bytes + cpu_memory.RESERVE_BYTES + 40 * (1 << 20))  # 40 MiB beyond the reserve
    extra, plan = cpu_memory.plan_cpu_engine(str(tiny_model_dir), ARGS)
    assert plan.capped and extra["max_model_len"] == plan.max_model_len < 32768
    assert plan.max_model_len % 32 == 0
    assert extra["kv_cache_memory_bytes"] >= plan.max_model_len * plan.kv_bytes_per_token
    assert extra["max_num_batched_tokens"] == plan.max_model_len
    assert "capped from 32768" in plan.message()


def test_no_memory_is_a_clear_error(tiny_model_dir, free):
    _need_vllm()
    from parlour.agents.llm.backends import BackendError

    free(100 << 20)
    with pytest.raises(BackendError, match="not enough free memory"):
        cpu_memory.plan_cpu_engine(str(tiny_model_dir), ARGS)


@pytest.mark.parametrize("given", [{"gpu_memory_utilization": 0.3}, {"kv_cache_memory_bytes": 1 << 28}])
def test_caller_sized_cache_wins(tiny_model_dir, free, given):
    _need_vllm()
    free(8 * GiB)
    extra, plan = cpu_memory.plan_cpu_engine(str(tiny_model_dir), {**ARGS, **given, "max_model_len": 4096})
    assert "kv_cache_memory_bytes" not in extra and plan.kv_cache_memory_bytes is None
    assert extra["max_num_batched_tokens"] == 4096


def test_free_memory_reads_proc_and_node_files():
    n, where = cpu_memory.free_memory_bytes()
    assert n > 0 and where
