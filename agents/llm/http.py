"""OpenAICompatible: chat completions from an OpenAI-compatible server (``vllm serve`` or any other).

Requests go through the ``openai`` client's HTTP layer, but the answers are read here, raw: the
status, the ``Retry-After`` header and the body as bytes, so that every try can be reported
(:attr:`Completion.http_tries`), a 200 whose body is not JSON counts as a server fault, and
vLLM's extra fields (``max_model_len`` in the model list, ``/tokenize``) can be read.

Time is bounded twice. Each try has a total deadline, ``timeout_s``, over the whole exchange
(connect, send, every byte of the answer), so a server that trickles its answer cannot stretch
it. Failed tries that are worth another (timeouts, refused or reset connections, 408, 429,
5xx, a 200 that is not a chat completion) are retried with exponential backoff and jitter, and
``Retry-After`` is honoured, while the call is younger than ``retry_budget_s`` and at most
``max_retries`` times; so one call takes at most about ``retry_budget_s + timeout_s``.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import numpy as np

from .completion import (
    BackendError,
    BackendTimeoutError,
    BackendUnavailableError,
    Completion,
    ContextLengthError,
    ModelNotFoundError,
)

__all__ = ["OpenAICompatible"]

_RAW = {"X-Stainless-Raw-Response": "true"}  # the openai client then returns the HTTP response unparsed
_CONTEXT_MESSAGES = ("maximum context length", "maximum model length", "context length is",
                     "context_length_exceeded", "too many tokens")


class _Retryable(Exception):
    """One failed try worth another; ``kind`` is 'timeout', 'unreachable' or 'server'."""

    def __init__(self, kind: str, message: str, status: int | None = None, retry_after: float | None = None):
        super().__init__(message)
        self.kind = kind
        self.status = status
        self.retry_after = retry_after


def _retry_after(headers: Any) -> float | None:
    """Seconds from a ``Retry-After`` header (delta seconds or an HTTP date), if any."""
    value = headers.get("retry-after") if headers is not None else None
    if not value:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    import email.utils

    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(when.timestamp() - time.time(), 0.0)


def _body_start(content: bytes, n: int = 120) -> str:
    return repr(content[:n]) + ("..." if len(content) > n else "")


class OpenAICompatible:
    """Chat completions over HTTP.

    ``timeout_s``: the deadline of one try, whole exchange. ``retry_budget_s``: no retry starts
    once the call is this old. ``max_retries``: at most this many retries. ``backoff_s`` doubles
    each retry up to ``backoff_max_s``; each wait is drawn between half and all of that from a
    Generator of this client's own (``jitter_seed``), and is at least the server's
    ``Retry-After``, but never past the budget. At most ``max_concurrency`` requests are in flight
    (the server still batches them). ``extra_body`` is merged into every request body, e.g.
    vLLM's ``{"structured_outputs": {...}}`` or ``{"top_k": 20}``.

    Messages may carry OpenAI-style image parts (``accepts_images``), which a vLLM server passes
    to a vision model and refuses for a text-only one.
    """

    accepts_images = True

    def __init__(
        self,
        model: str,
        *,
        base_url: str = "http://127.0.0.1:8000/v1",
        api_key: str = "EMPTY",
        max_concurrency: int = 16,
        timeout_s: float = 120.0,
        retry_budget_s: float = 120.0,
        max_retries: int = 8,
        backoff_s: float = 0.5,
        backoff_max_s: float = 30.0,
        extra_body: dict | None = None,
        jitter_seed: int | None = None,
    ):
        import openai

        self._openai = openai
        self.model = model
        self.base_url = base_url.rstrip("/")
        self.timeout_s = timeout_s
        self.retry_budget_s = retry_budget_s
        self.max_retries = max_retries
        self.backoff_s = backoff_s
        self.backoff_max_s = backoff_max_s
        self.extra_body = dict(extra_body) if extra_body else None
        # The client's own retries are off (ours know which errors are worth another try), and
        # its per-read timeout sits behind our deadline for the whole try.
        self._client = openai.AsyncOpenAI(
            base_url=self.base_url, api_key=api_key, timeout=timeout_s + 5.0, max_retries=0
        )
        self._slots = asyncio.Semaphore(max_concurrency)
        # Backoff jitter spreads retries of many clients; it touches no game state, so a
        # Generator of its own (never the global RNG), unseeded unless a test seeds it.
        self._jitter = np.random.default_rng(jitter_seed)
        self._context_length: int | None = None
        self._tokenize_ok: bool | None = None  # None: not tried yet; False: the server has no /tokenize

    def _where(self) -> str:
        return f"{self.base_url} (model {self.model})"

    # ----------------------------------------------------------------------
    # One HTTP exchange
    # ----------------------------------------------------------------------

    async def _exchange(self, method: str, path: str, body: dict | None) -> tuple[int, bytes]:
        """One try: (status, body bytes) of a 2xx answer. Raises :class:`_Retryable` for what is
        worth another try, a :class:`BackendError` for what is not (404 and 4xx other than 408
        and 429), all within ``timeout_s``."""
        openai = self._openai
        # With the raw-response header the client returns its HTTP response object, not the
        # cast_to type its signature promises.
        raw: Any
        try:
            async with asyncio.timeout(self.timeout_s):
                if method == "GET":
                    raw = await self._client.get(path, cast_to=object, options={"headers": _RAW})
                else:
                    raw = await self._client.post(path, cast_to=object, body=body, options={"headers": _RAW})
                return raw.status_code, raw.content
        except (TimeoutError, openai.APITimeoutError) as e:
            raise _Retryable("timeout", f"no complete answer within {self.timeout_s:g} s") from e
        except openai.APIConnectionError as e:
            cause = e.__cause__ or e
            raise _Retryable("unreachable", f"{type(cause).__name__}: {cause}") from e
        except openai.APIStatusError as e:
            status = e.status_code
            text = e.response.text if e.response is not None else str(e)
            if status in (408, 429) or status >= 500:
                raise _Retryable("server", f"HTTP {status}: {text[:200]}", status,
                                 _retry_after(e.response.headers if e.response is not None else None)) from e
            raise _Refused(status, text) from e

    async def _call(self, method: str, path: str, body: dict | None, parse) -> tuple[Any, list[dict], float]:
        """``parse(status, content)`` of the first good try, with retries; returns
        (parsed, tries, seconds). ``parse`` raises :class:`_Retryable` for a body that is no answer."""
        tries: list[dict] = []
        start = time.perf_counter()
        last: _Retryable | None = None
        for attempt in range(self.max_retries + 1):
            if attempt:
                elapsed = time.perf_counter() - start
                if elapsed >= self.retry_budget_s:
                    break
                delay = min(self.backoff_max_s, self.backoff_s * 2 ** (attempt - 1)) * self._jitter.uniform(0.5, 1.0)
                if last is not None and last.retry_after is not None:
                    delay = max(delay, last.retry_after)
                await asyncio.sleep(max(min(delay, self.retry_budget_s - elapsed), 0.0))
            t0 = time.perf_counter()
            status: int | None = None
            try:
                async with self._slots:
                    status, content = await self._exchange(method, path, body)
                parsed = parse(status, content)
            except _Retryable as e:
                tries.append({"status": e.status if e.status is not None else status, "error": str(e),
                              "latency_s": round(time.perf_counter() - t0, 6)})
                last = e
                continue
            except _Refused as e:
                tries.append({"status": e.status, "error": str(e)[:200], "latency_s": round(time.perf_counter() - t0, 6)})
                raise self._refused(e, tries) from None
            tries.append({"status": status, "error": None, "latency_s": round(time.perf_counter() - t0, 6)})
            return parsed, tries, time.perf_counter() - start
        raise self._give_up(last, tries, time.perf_counter() - start)

    def _refused(self, e: _Refused, tries: list[dict]) -> BackendError:
        text = e.text.lower()
        if e.status == 400 and any(m in text for m in _CONTEXT_MESSAGES):
            error: BackendError = ContextLengthError(
                f"{self._where()} refused the prompt as too long (HTTP 400): {e.text[:300]}")
        elif e.status == 404:
            error = _NotFound(e.text)
        else:
            error = BackendError(f"{self._where()} refused the request (HTTP {e.status}): {e.text[:300]}")
        error.http_tries = tuple(tries)
        return error

    def _give_up(self, last: _Retryable | None, tries: list[dict], elapsed: float) -> BackendError:
        n = len(tries)
        summary = f"{n} tr{'y' if n == 1 else 'ies'} over {elapsed:.1f} s"
        if last is None:
            error: BackendError = BackendError(f"{self._where()}: no try made")
        elif last.kind == "timeout":
            error = BackendTimeoutError(
                f"no answer from {self._where()} within {self.timeout_s:g} s a try ({summary}); "
                "if the server is only slow, raise --llm-timeout (OpenAICompatible timeout_s)")
        elif last.kind == "unreachable":
            error = BackendUnavailableError(
                f"cannot reach an OpenAI-compatible server at {self.base_url} for model {self.model} "
                f"({last}), {summary}; is it running? (--llm-retries / retry_budget_s wait longer)")
        else:
            error = BackendError(
                f"{self._where()} kept failing, {summary}; last: {last} "
                "(--llm-retries / retry_budget_s wait longer)")
        error.http_tries = tuple(tries)
        error.__cause__ = last
        return error

    # ----------------------------------------------------------------------
    # The backend's calls
    # ----------------------------------------------------------------------

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
        if self.extra_body:
            request.update(self.extra_body)

        try:
            data, tries, latency = await self._call("POST", "/chat/completions", request, self._chat_answer)
        except _NotFound as e:
            raise await self._not_found(e) from None
        choice = data["choices"][0]
        message = choice.get("message") or {}
        text = message.get("content") or ""
        usage = data.get("usage") or {}
        details = usage.get("prompt_tokens_details") or {}
        # The game's parser decides whether the answer is usable; the backend passes it on as it is.
        return Completion(
            text=text,
            finish_reason=choice.get("finish_reason"),
            tokens_in=usage.get("prompt_tokens"),
            tokens_out=usage.get("completion_tokens"),
            latency_s=latency,
            model=data.get("model") or self.model,
            truncated=choice.get("finish_reason") == "length",
            cached_tokens=details.get("cached_tokens") if isinstance(details, dict) else None,
            http_tries=tuple(tries),
        )

    def _chat_answer(self, status: int, content: bytes) -> dict:
        """The body of a 2xx answer as a chat completion, or a server fault worth a retry."""
        try:
            data = json.loads(content)
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise _Retryable("server", f"HTTP {status} with a body that is not JSON: {_body_start(content)}",
                             status) from None
        choices = data.get("choices") if isinstance(data, dict) else None
        if not choices or not isinstance(choices[0], dict):
            raise _Retryable("server", f"HTTP {status} with JSON that is no chat completion: {_body_start(content)}",
                             status)
        return data

    async def context_length(self) -> int | None:
        """The model's context length as the server reports it (vLLM: ``max_model_len`` in
        GET /v1/models), or None when the server does not say. Cached once known."""
        if self._context_length is None:
            try:
                data, _, _ = await self._call("GET", "/models", None, lambda status, content: json.loads(content))
            except (BackendError, _NotFound, ValueError):
                return None
            for entry in data.get("data", []) if isinstance(data, dict) else []:
                if isinstance(entry, dict) and entry.get("id") == self.model and entry.get("max_model_len"):
                    self._context_length = int(entry["max_model_len"])
        return self._context_length

    async def count_tokens(self, messages: list[dict]) -> int | None:
        """Prompt tokens of ``messages`` with the model's chat template, from vLLM's
        POST /tokenize; None when the server has no such endpoint (remembered)."""
        if self._tokenize_ok is False:
            return None
        url = self.base_url.removesuffix("/v1") + "/tokenize"
        body = {"model": self.model, "messages": messages, "add_generation_prompt": True}
        try:
            data, _, _ = await self._call("POST", url, body, lambda status, content: json.loads(content))
            count = int(data["count"]) if isinstance(data, dict) and "count" in data else len(data["tokens"])
        except (_NotFound, ValueError, KeyError, TypeError):
            self._tokenize_ok = False
            return None
        except BackendError as e:  # 405 and the like: no such endpoint either
            if isinstance(e, (BackendTimeoutError, BackendUnavailableError)):
                return None
            self._tokenize_ok = False
            return None
        self._tokenize_ok = True
        return count

    async def _not_found(self, error: _NotFound) -> BackendError:
        """Turn a 404 into an error that says what the server does serve."""
        try:
            data, _, _ = await self._call("GET", "/models", None, lambda status, content: json.loads(content))
            served = [m.get("id") for m in data.get("data", [])]
        except (BackendError, _NotFound, ValueError, AttributeError, TypeError):
            # No model list either: most likely base_url lacks its /v1 part.
            return BackendError(
                f"{self.base_url} answered 404 for chat completions and has no "
                f"model list; check base_url (it usually ends in /v1): {error.text[:200]}"
            )
        if self.model not in served:
            return ModelNotFoundError(
                f"model {self.model!r} is not served at {self.base_url}; served models: {served}"
            )
        return BackendError(f"{self._where()} answered 404: {error.text[:200]}")

    async def aclose(self) -> None:
        await self._client.close()


class _Refused(Exception):
    """A 4xx answer not worth another try."""

    def __init__(self, status: int, text: str):
        super().__init__(f"HTTP {status}: {text[:200]}")
        self.status = status
        self.text = text


class _NotFound(BackendError):
    def __init__(self, text: str):
        super().__init__(text)
        self.text = text
