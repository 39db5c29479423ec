"""What every LLM backend returns and raises, and the protocol agents rely on.

Kept apart from the backends so both (:mod:`.backends` in process, :mod:`.http` over HTTP)
share one definition without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

__all__ = [
    "BackendError",
    "BackendTimeoutError",
    "BackendUnavailableError",
    "Completion",
    "ContextLengthError",
    "LLMBackend",
    "ModelNotFoundError",
    "PrefixCacheStats",
    "SchemaViolationError",
]


@dataclass(frozen=True)
class Completion:
    """One answer from a backend, with the cost of getting it.

    ``truncated`` is True when generation stopped at ``max_tokens``
    (finish_reason "length"): the text is then cut off, and for a schema
    request it is usually not valid JSON. Callers must treat such an answer
    as failed rather than parse it.

    ``latency_s`` is the whole call, failed tries and waits between them
    included. ``http_tries`` (HTTP backends only) has one entry per try, in
    order: ``{"status": int | None, "error": str | None, "latency_s": float}``
    (status None when no response came: refused, reset, timed out).
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
    http_tries: tuple[dict, ...] = ()


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
    """Any failure of an LLM backend that the caller should see as such.

    ``http_tries`` holds the tries made before giving up (HTTP backends), as in
    :attr:`Completion.http_tries`.
    """

    http_tries: tuple[dict, ...] = ()


class BackendUnavailableError(BackendError):
    """The server could not be reached at all (refused, DNS, reset)."""


class BackendTimeoutError(BackendError):
    """The server accepted requests but did not answer in time."""


class ModelNotFoundError(BackendError):
    """The server is up but does not serve the requested model."""


class ContextLengthError(BackendError):
    """The prompt (plus ``max_tokens``) does not fit the model's context.

    Not retried by the backend: the caller has to send a shorter prompt.
    """


class SchemaViolationError(BackendError):
    """A schema was requested but the answer does not follow it.

    Kept for compatibility: the backends no longer raise it. Whether an answer
    is usable is for the game's parser to decide, which sees every answer.
    """

    def __init__(self, message: str, text: str = ""):
        super().__init__(message)
        self.text = text


@runtime_checkable
class LLMBackend(Protocol):
    """What agents rely on; both backends satisfy it."""

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

    async def context_length(self) -> int | None: ...

    async def count_tokens(self, messages: list[dict]) -> int | None: ...

    async def aclose(self) -> None: ...
