"""LLM agents' building blocks; for now, the backends that serve models."""

from .backends import (
    BackendError,
    BackendTimeoutError,
    BackendUnavailableError,
    Completion,
    LLMBackend,
    ModelNotFoundError,
    OpenAICompatible,
    PrefixCacheStats,
    SchemaViolationError,
    VLLMEngine,
)

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
