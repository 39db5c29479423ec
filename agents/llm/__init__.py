"""LLM agents: backends that serve models, the text interfaces, and LLMAgent.

Nothing here imports vllm or openai at import time; each backend imports them when built.
"""

from .agent import LLMAgent
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
from .interface import (
    INTERFACES,
    ParseError,
    PassThroughInterface,
    WerewolfTextInterface,
    extract_json,
    make_interface,
    rules_text,
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
    "LLMAgent",
    "INTERFACES",
    "ParseError",
    "PassThroughInterface",
    "WerewolfTextInterface",
    "extract_json",
    "make_interface",
    "rules_text",
]
