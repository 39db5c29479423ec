"""Who answers the questions: a seeded uniform baseline, or a model through parlour's LLM backends.

An answer is one key per field, constrained to that field's keys: a backend gets a JSON schema
whose fields are enums of the keys (vLLM's guided decoding in process, ``response_format``
``json_schema`` over HTTP), so a model cannot name anything else. A reply that still is not one
of the keys (a server that ignores the schema, an answer cut by ``max_tokens``) counts as no
answer, which is never correct.
"""

from __future__ import annotations

import json
from typing import Protocol

import numpy as np

from ...agents.llm.completion import ContextLengthError, SchemaViolationError
from ...agentspec import SpecError, build_agent, kind_of
from .prompts import Question

Answer = dict[str, str | None]


def answer_schema(fields: dict[str, list[str]]) -> dict:
    return {"type": "object", "properties": {name: {"type": "string", "enum": keys} for name, keys in fields.items()},
            "required": list(fields), "additionalProperties": False}


def parse_answer(text: str, fields: dict[str, list[str]]) -> Answer:
    """Each field's key from a JSON reply; None where the reply names no legal key."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        data = None
    if not isinstance(data, dict):
        return dict.fromkeys(fields)
    return {name: data.get(name) if data.get(name) in keys else None for name, keys in fields.items()}


class Chooser(Protocol):
    name: str

    async def choose(self, question: Question, seed: int) -> Answer: ...

    async def aclose(self) -> None: ...


class RandomChooser:
    """Uniform over each field's keys, from a Generator seeded per question: the chance baseline."""

    name = "random"

    async def choose(self, question: Question, seed: int) -> Answer:
        rng = np.random.default_rng(seed)
        return {name: keys[int(rng.integers(len(keys)))] for name, keys in question.fields.items()}

    async def aclose(self) -> None:
        return None


class BackendChooser:
    """A model behind an LLM backend (``VLLMEngine`` or ``OpenAICompatible``), answers constrained by
    a JSON schema. A prompt over the model's context is cut to its latest transcript lines."""

    def __init__(self, backend, *, temperature: float = 0.7, max_tokens_per_field: int = 24,
                 context_chars: int | None = None):
        self.backend = backend
        self.name = f"llm:{getattr(backend, 'model', '?')}"
        self.temperature = temperature
        self.max_tokens_per_field = max_tokens_per_field
        self.context_chars = context_chars
        self.calls = self.no_answers = self.cut_prompts = 0

    async def _fitted(self, question: Question, max_tokens: int) -> list[dict]:
        budget = self.context_chars
        messages = question.messages(budget)
        limit = await self.backend.context_length()
        if not limit:
            return messages
        chars = min(budget or question.context_chars(), question.context_chars())
        for _ in range(6):  # each pass shrinks by the measured ratio; a few passes always suffice
            tokens = await self.backend.count_tokens(messages)
            if tokens is None or tokens + max_tokens < limit:
                return messages
            self.cut_prompts += 1
            chars = max(0, int(chars * (limit - max_tokens) / tokens * 0.9) - 64)
            messages = question.messages(chars)
        return messages

    async def choose(self, question: Question, seed: int) -> Answer:
        max_tokens = 16 + self.max_tokens_per_field * len(question.fields)
        messages = await self._fitted(question, max_tokens)
        self.calls += 1
        try:
            completion = await self.backend.complete(messages, schema=answer_schema(question.fields),
                                                     max_tokens=max_tokens, temperature=self.temperature, seed=seed)
        except (ContextLengthError, SchemaViolationError):
            self.no_answers += 1
            return dict.fromkeys(question.fields)
        answer = parse_answer(completion.text, question.fields)
        self.no_answers += any(v is None for v in answer.values())
        return answer

    async def aclose(self) -> None:
        from ...agentspec import close_backends

        await close_backends()


def chooser_from_spec(spec: str, *, temperature: float = 0.7, context_chars: int | None = None) -> Chooser:
    """'random', 'llm:MODEL' or 'openai:URL/v1/MODEL' (parlour's agent specs) as a chooser."""
    kind = kind_of(spec)
    if kind == "random":
        if spec != "random":
            raise SpecError(f"{spec!r}: the random baseline takes no argument; write 'random'")
        return RandomChooser()
    if kind not in ("llm", "openai"):
        raise SpecError(f"{spec!r}: werebench evaluates 'random', 'llm:MODEL' or 'openai:URL/v1/MODEL' "
                        f"(a {kind!r} agent plays games, it does not answer questions)")
    agent = build_agent(spec, None, 0, None)
    return BackendChooser(agent.backend, temperature=temperature, context_chars=context_chars)
