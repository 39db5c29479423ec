"""Size vLLM's CPU-build engine for the memory this machine has free right now.

vLLM's CPU build reserves ``gpu_memory_utilization`` (default 0.92) of the NUMA node's total
memory and refuses to start when that much is not free, which on a machine doing anything else
it never is; a fixed smaller fraction fits one machine and fails on the next. So, unless the
caller chose the cache size (``kv_cache_memory_bytes``, ``gpu_memory_utilization``, or the
``VLLM_CPU_KVCACHE_SPACE`` environment variable), :func:`plan_cpu_engine` gives the engine an
explicit ``kv_cache_memory_bytes`` sized from the model's context length and the memory free on
the node vLLM's worker judges, and takes ``max_num_batched_tokens`` from the context length
(prompts are prefilled whole on the CPU build, see ``_cpu_defaults`` in backends.py).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["MemoryPlan", "free_memory_bytes", "kv_bytes_per_token", "plan_cpu_engine"]

GiB = 1 << 30
MiB = 1 << 20
# Left free beyond the weights: the worker's own runtime (torch, activations, the sampler).
RESERVE_BYTES = 1 * GiB
# Enough cache for several whole contexts, or for many concurrent games' prompts (which share
# their prefixes) when the context is short; half of what is free at most.
TARGET_CONTEXTS = 4
TARGET_MIN_TOKENS = 131_072
SHARE_OF_FREE = 0.5
MIN_MODEL_LEN = 256


@dataclass(frozen=True)
class MemoryPlan:
    """What :func:`plan_cpu_engine` chose, and from what."""

    model: str
    free_bytes: int
    free_where: str
    weights_bytes: int
    kv_bytes_per_token: int
    kv_cache_memory_bytes: int | None  # None: the caller chose the cache size
    model_max_len: int  # the context length the model (or the caller) asked for
    max_model_len: int
    max_num_batched_tokens: int

    @property
    def capped(self) -> bool:
        return self.max_model_len < self.model_max_len

    def message(self) -> str:
        """One line for the user: what was chosen, and how to choose otherwise."""
        if self.kv_cache_memory_bytes is None:
            kv = "KV cache as given by the engine args"
        else:
            kv = (f"KV cache {_gib(self.kv_cache_memory_bytes)} "
                  f"({self.kv_cache_memory_bytes // self.kv_bytes_per_token:,} tokens of "
                  f"{self.kv_bytes_per_token / 1024:g} KiB) of {_gib(self.free_bytes)} free "
                  f"{self.free_where}, weights ~{_gib(self.weights_bytes)}")
        cap = (f"; max_model_len capped from {self.model_max_len} to {self.max_model_len} "
               "(a whole context must fit the KV cache)" if self.capped else "")
        return (f"parlour: vLLM CPU engine for {self.model}: {kv}; max_model_len {self.max_model_len}, "
                f"max_num_batched_tokens {self.max_num_batched_tokens}{cap}; engine args "
                "(--vllm-args) override these")


def _gib(n: int) -> str:
    return f"{n / GiB:.2f} GiB" if n >= GiB else f"{n / MiB:.0f} MiB"


def _meminfo(path: str, strip_prefix: bool = False) -> dict[str, int]:
    """A meminfo file as {key: bytes} (the NUMA node files prefix each line with 'Node N')."""
    values: dict[str, int] = {}
    with open(path) as f:
        for line in f:
            parts = line.split()
            if strip_prefix:
                parts = parts[2:]
            if len(parts) >= 2 and parts[1].isdigit():
                values[parts[0].rstrip(":")] = int(parts[1]) * (1024 if parts[2:3] == ["kB"] else 1)
    return values


def _cgroup_free() -> int | None:
    try:
        limit = Path("/sys/fs/cgroup/memory.max").read_text().strip()
        if limit == "max":
            return None
        return int(limit) - int(Path("/sys/fs/cgroup/memory.current").read_text())
    except (OSError, ValueError):
        return None


def free_memory_bytes(node: int = 0) -> tuple[int, str]:
    """Bytes free for a new engine, and where that was measured.

    The smallest of: the system's MemAvailable (/proc/meminfo, else psutil), the NUMA node's
    free memory counted as vLLM's CPU worker counts it (free + file pages + reclaimable slab,
    /sys/devices/system/node/nodeN/meminfo), and the cgroup's headroom when it has a limit.
    """
    candidates: list[tuple[int, str]] = []
    try:
        candidates.append((_meminfo("/proc/meminfo")["MemAvailable"], "on this machine"))
    except (OSError, KeyError):
        import psutil

        candidates.append((psutil.virtual_memory().available, "on this machine"))
    node_path = f"/sys/devices/system/node/node{node}/meminfo"
    if os.path.exists(node_path):
        try:
            m = _meminfo(node_path, strip_prefix=True)
            free = m["MemFree"] + m.get("Active(file)", 0) + m.get("Inactive(file)", 0) + m.get("SReclaimable", 0)
            candidates.append((free, f"on NUMA node {node}"))
        except (OSError, KeyError):
            pass
    cgroup = _cgroup_free()
    if cgroup is not None:
        candidates.append((max(cgroup, 0), "in this cgroup"))
    return min(candidates)


def kv_bytes_per_token(model_config: Any, kv_cache_dtype: str | None = None) -> int:
    """Bytes of KV cache one token takes across all layers (keys and values)."""
    from vllm.config import ParallelConfig

    layers = model_config.get_num_layers(ParallelConfig())
    head = model_config.get_head_size()
    if kv_cache_dtype and kv_cache_dtype.startswith("fp8"):
        item = 1
    else:
        item = model_config.dtype.itemsize
    if getattr(model_config, "use_mla", False):  # one latent vector per token and layer
        return layers * head * item
    return 2 * layers * model_config.get_total_num_kv_heads() * head * item


def _weights_bytes(model: str, model_config: Any) -> int:
    """The checkpoint's size on disk for a local folder, else an estimate from its shape."""
    folder = Path(model)
    if folder.is_dir():
        total = sum(p.stat().st_size for pattern in ("*.safetensors", "*.bin", "*.pt", "*.pth")
                    for p in folder.glob(pattern))
        if total:
            return total
    hf = model_config.hf_text_config
    hidden = getattr(hf, "hidden_size", 0) or 0
    inter = getattr(hf, "intermediate_size", 4 * hidden) or 4 * hidden
    layers = getattr(hf, "num_hidden_layers", 0) or 0
    vocab = getattr(hf, "vocab_size", 0) or 0
    params = 2 * vocab * hidden + layers * (4 * hidden * hidden + 3 * hidden * inter)
    return params * model_config.dtype.itemsize


def plan_cpu_engine(model: str, args: dict[str, Any]) -> tuple[dict[str, Any], MemoryPlan]:
    """Engine args to add under the caller's ``args`` on the CPU build, and the plan behind them.

    ``args`` are the caller's engine args; nothing in them is changed (they win over the
    returned ones). Reads the model's config (not its weights).
    """
    from vllm.engine.arg_utils import AsyncEngineArgs

    model_config = AsyncEngineArgs(model=model, **args).create_model_config()
    model_len = int(model_config.max_model_len)
    per_token = kv_bytes_per_token(model_config, args.get("kv_cache_dtype"))
    weights = _weights_bytes(model, model_config)
    free, where = free_memory_bytes()
    block = int(args.get("block_size") or 32)

    chosen = ("kv_cache_memory_bytes" in args or "gpu_memory_utilization" in args
              or os.environ.get("VLLM_CPU_KVCACHE_SPACE", "") != "")
    kv: int | None = None
    max_len = model_len
    if not chosen:
        usable = max(free - weights - RESERVE_BYTES, 0)
        one_context = per_token * model_len
        kv = min(per_token * max(TARGET_CONTEXTS * model_len, TARGET_MIN_TOKENS), int(usable * SHARE_OF_FREE))
        if kv < one_context:
            kv = min(one_context, int(usable * 0.8))
        if kv < one_context and "max_model_len" not in args:
            max_len = (kv // per_token) // block * block
            if max_len < MIN_MODEL_LEN:
                from .completion import BackendError

                raise BackendError(
                    f"not enough free memory for {model} on the vLLM CPU build: {_gib(free)} free {where}, "
                    f"~{_gib(weights)} of weights; free some memory or pass --vllm-args "
                    "'{\"kv_cache_memory_bytes\": ..., \"max_model_len\": ...}'")
            kv = max_len * per_token
        kv = max(kv // (per_token * block), 1) * per_token * block  # whole cache blocks
    batched = max(max_len, 2048)
    plan = MemoryPlan(model=model, free_bytes=free, free_where=where, weights_bytes=weights,
                      kv_bytes_per_token=per_token, kv_cache_memory_bytes=kv, model_max_len=model_len,
                      max_model_len=max_len, max_num_batched_tokens=batched)
    extra: dict[str, Any] = {"max_num_batched_tokens": batched}
    if max_len != model_len:
        extra["max_model_len"] = max_len
    if kv is not None:
        extra["kv_cache_memory_bytes"] = kv
    return extra, plan
