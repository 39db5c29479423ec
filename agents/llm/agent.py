"""LLMAgent: an async agent that asks a model through a text interface, with retries and a fallback.

Each decision: build the messages, call ``backend.complete`` with the decision's JSON schema
(constrained decoding; ``constrained=False`` sends no schema and parses free text), parse. A bad
answer (unparseable, illegal, or cut off at ``max_tokens``) gets the interface's feedback appended
as a user message and another try, without the game advancing; after ``max_retries`` retries the
decision's no-op is played and the fallback is recorded. ``last_decision_info`` holds what the
runner writes into the record's ``llm`` field.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from .backends import SchemaViolationError
from .interface import ParseError, make_interface

__all__ = ["LLMAgent"]


class LLMAgent:
    """An LLM seat. ``backend`` follows :class:`~parlour.agents.llm.backends.LLMBackend`.

    The interface needs the env: pass ``env=`` here, or call :meth:`bind` before the game
    (agent factories receive the env). ``interface`` is a name ('align', 'passthrough') or an
    interface object. ``seed`` (or the seed given to :meth:`reset`) makes each request's sampling
    seed reproducible: one per decision and try.
    """

    is_async = True

    def __init__(self, backend, interface: Any = "align", *, env=None, max_retries: int = 2,
                 max_tokens: int = 256, temperature: float = 0.7, constrained: bool = True,
                 seed: int | None = None, interface_kwargs: dict | None = None, name: str | None = None):
        if max_retries < 0:
            raise ValueError(f"max_retries must be >= 0, not {max_retries}")
        self.backend = backend
        self._interface_spec = interface
        self._interface_kwargs = interface_kwargs or {}
        self.interface = None if isinstance(interface, str) else interface
        self.max_retries = max_retries
        self.max_tokens = max_tokens
        self.temperature = temperature
        self.constrained = constrained
        self.seed = seed
        self.name = name or f"llm:{getattr(backend, 'model', '?')}"
        self.seat = -1
        self._decisions = 0
        self.last_decision_info: dict | None = None
        if env is not None:
            self.bind(env)

    def bind(self, env) -> LLMAgent:
        """Attach the env whose engine the interface reads (built here from its name)."""
        if isinstance(self._interface_spec, str):
            self.interface = make_interface(self._interface_spec, env, **self._interface_kwargs)
        else:
            self.interface.env = env
        return self

    def reset(self, seat: int, seed: int | None = None) -> None:
        self.seat = seat
        if seed is not None:
            self.seed = seed
        self._decisions = 0
        self.last_decision_info = None

    def _request_seed(self, attempt: int) -> int | None:
        if self.seed is None:
            return None
        return (self.seed * 1_000_003 + self._decisions * 101 + attempt) % (2**31 - 1)

    async def act(self, observation: Any, info: dict) -> Any:
        if self.interface is None:
            raise RuntimeError("LLMAgent has no env: pass env= or call bind(env) before the game")
        seat, iface = self.seat, self.interface
        messages = iface.messages(seat, observation)
        schema = iface.schema(seat) if self.constrained else None
        prompt_hash = hashlib.sha256(json.dumps(messages, sort_keys=True).encode()).hexdigest()
        raw, finish, errors = [], [], []
        tokens_in = tokens_out = 0
        latency = 0.0
        model = getattr(self.backend, "model", None)
        action = None
        attempt = 0
        for attempt in range(self.max_retries + 1):
            try:
                completion = await self.backend.complete(
                    messages, schema=schema, max_tokens=self.max_tokens, temperature=self.temperature,
                    seed=self._request_seed(attempt))
            except SchemaViolationError as e:
                # One answer off the schema is a bad answer like any other (xgrammar, for one, does
                # not enforce every JSON Schema keyword); a server that ignores schemas shows up as
                # this error on every decision of the record, and the game goes on.
                raw.append(e.text)
                finish.append("schema_violation")
                errors.append(str(e))
                note = iface.feedback(str(e), seat)
                if note is not None:
                    messages = messages + [{"role": "assistant", "content": e.text}, {"role": "user", "content": note}]
                continue
            raw.append(completion.text)
            finish.append(completion.finish_reason)
            tokens_in += completion.tokens_in or 0
            tokens_out += completion.tokens_out or 0
            latency += completion.latency_s
            model = completion.model or model
            try:
                if completion.truncated:
                    raise ParseError(f"the answer was cut off at the {self.max_tokens}-token limit; answer shorter")
                action = iface.parse(completion.text, seat)
                break
            except ParseError as e:
                errors.append(str(e))
                note = iface.feedback(str(e), seat)
                if note is not None:
                    messages = messages + [{"role": "assistant", "content": completion.text},
                                           {"role": "user", "content": note}]
        fallback = action is None
        if fallback:
            action = iface.fallback(seat)
        self._decisions += 1
        self.last_decision_info = {
            "model": model,
            "interface": getattr(iface, "name", type(iface).__name__),
            "sampling": {"temperature": self.temperature, "max_tokens": self.max_tokens,
                         "seed": self._request_seed(0), "constrained": self.constrained},
            "prompt_hash": prompt_hash,
            "raw_outputs": raw,
            "finish_reasons": finish,
            "errors": errors,
            "action": _jsonable(action),
            "tokens_in": tokens_in,
            "tokens_out": tokens_out,
            "latency_s": round(latency, 6),
            "retries": attempt if not fallback else self.max_retries,
            "fallback": fallback,
        }
        return action


def _jsonable(action) -> Any:
    if isinstance(action, int):
        return action
    return action.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
