"""LLMAgent: an async agent that asks a model through a text interface, with retries and a fallback.

Each decision: build the messages, fit them to the model's context, call ``backend.complete``
with the decision's JSON schema (constrained decoding; ``constrained=False`` sends no schema and
parses free text), and let the interface's parser decide. A bad answer (unparseable, illegal, or
cut off at ``max_tokens``) gets the interface's feedback appended as a user message and another
try, without the game advancing; after ``max_retries`` retries the decision's no-op is played and
the fallback is recorded. A backend failure that is not about the answer (timeout, server down)
propagates: the runner ends the game with it.

**VS-Bench's handling of bad answers** (``illegal="random"``): no feedback and no retry; the
decision is played by a random legal action (seeded), and recorded as a fallback with
``random_move``. The default (``"feedback"``) is ALIGN's correction and retry described above.

**Images** (``images=True``): the seat's own picture of the game (the env's ``observe_image``) is
sent as a base64 PNG ``image_url`` part of the user message, OpenAI-style, which vLLM's server
passes to a vision model (:mod:`.images`). Only backends with ``accepts_images`` take them (the
HTTP one; the in-process engine sends token ids of text). The context budget counts text only.

**Context.** The prompt budget is the model's context (``context_tokens=``, else the backend's
``context_length()``) minus ``max_tokens`` for the answer. A prompt is measured by a
chars-per-token estimate kept on the safe side (learned from the token counts the backend
reports); a prompt past half the budget is counted exactly (``count_tokens()``, where the
backend has it; counts are cached per prompt). A prompt over the budget is condensed by the interface (``fit_messages``: earlier days
summarized, see :mod:`.condense`); a backend that still refuses the prompt as too long
(``ContextLengthError``) gets it condensed harder, which is not an answer retry.

``last_decision_info`` holds what the runner writes into the record's ``llm`` field:

* ``model``, ``interface``, ``sampling``, ``prompt_hash`` (of the first prompt sent);
* ``raw_outputs``, ``finish_reasons`` (one per try), ``errors`` (one per rejected try);
* ``tries``: one entry per try, ``tries[i]`` for ``raw_outputs[i]``: ``tokens_in``,
  ``tokens_out``, ``cached_tokens``, ``latency_s``; ``error`` and ``feedback`` (whether the
  interface's correction was sent) for a rejected try; ``http_tries`` when the backend retried;
* totals over every try, rejected ones included: ``tokens_in``, ``tokens_out``,
  ``cached_tokens``, ``latency_s``;
* ``action``, ``retries`` (answer retries), ``fallback``;
* with ``illegal="random"``: ``random_move`` (the bad answer was replaced by a random legal action);
  with ``images=True``: ``image_bytes`` (the PNG sent with the prompt);
* ``condensed`` when the history was condensed: ``days`` and their ``levels``, ``chars_before``,
  ``chars_after``, ``budget_tokens``, ``prompt_tokens`` and ``counted`` (exact count, or the
  estimate), ``context_errors`` (the backend's refusals, if any), ``current_day`` if even the
  current day's older speeches were shortened.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import time
from typing import Any

import numpy as np

from . import backends as _backends
from .images import png_bytes, seat_image, text_chars, with_image
from .interface import ParseError, make_interface

__all__ = ["LLMAgent", "PromptTooLongError"]

BackendError = _backends.BackendError
SchemaViolationError = _backends.SchemaViolationError
# The backends' own "prompt too long" error; older backends raise a BackendError saying so.
_ContextLengthError: type[Exception] | None = getattr(_backends, "ContextLengthError", None)
_CONTEXT_WORDS = re.compile(r"maximum context length|maximum model length|context length|prompt is too long",
                            re.IGNORECASE)

# Characters per token assumed before the backend has reported any count: real tokenizers cut
# English at 3.5-4.5, digits and punctuation lower; this is on the safe side.
DEFAULT_CHARS_PER_TOKEN = 2.5
# A learned ratio is used with this margin (prompts of one game tokenize alike, not identically).
RATIO_SAFETY = 0.92
# Prompts estimated above this share of the budget are counted exactly where the backend can:
# a ratio learned on the rules and short days can be off by a third on a day of long speeches.
COUNT_ABOVE = 0.5
# Tokens kept free beyond max_tokens: chat-template rounding, a server's own accounting.
CONTEXT_MARGIN = 16
MAX_CONTEXT_ERRORS = 3
# How servers say the prompt's size when they refuse it: vLLM's OpenAI server ("(4050 in the
# messages, ...)", "your prompt contains 4867 input tokens"), the in-process engine ("the prompt
# for M is 4867 tokens").
_PROMPT_TOKENS = re.compile(r"(\d+)\s+(?:input\s+)?(?:tokens\s+)?in the messages|contains\s+(\d+)\s+input tokens"
                            r"|prompt\b[^.]{0,80}?\bis\s+(\d+)\s+tokens", re.IGNORECASE)
_ERROR_CHARS = 300


class PromptTooLongError(BackendError):
    """Even fully condensed, the prompt does not fit the model's context minus ``max_tokens``."""


def _is_context_error(error: Exception) -> bool:
    if _ContextLengthError is not None and isinstance(error, _ContextLengthError):
        return True
    return isinstance(error, BackendError) and not isinstance(error, PromptTooLongError) \
        and bool(_CONTEXT_WORDS.search(str(error)))


def _chars(messages: list[dict]) -> int:
    return sum(text_chars(m["content"]) for m in messages)


ILLEGAL_ANSWER_POLICIES = ("feedback", "random")  # ALIGN's correction and retry; VS-Bench's silent random move


def _complete_json(text: str) -> bool:
    try:
        json.loads(text.strip(), strict=False)
    except ValueError:
        return False
    return True


class LLMAgent:
    """An LLM seat. ``backend`` follows :class:`~parlour.agents.llm.backends.LLMBackend`.

    The interface needs the env: pass ``env=`` here, or call :meth:`bind` before the game
    (agent factories receive the env). ``interface`` is a name ('align', 'passthrough') or an
    interface object. ``seed`` (or the seed given to :meth:`reset`) makes each request's sampling
    seed reproducible: one per decision and try. ``context_tokens`` is the model's context
    (prompt plus answer); by default the backend's ``context_length()``; None and a backend that
    does not say: prompts are not fitted (a backend's refusal is still handled). ``illegal``:
    what a bad answer gets, 'feedback' (a correction and a retry) or 'random' (VS-Bench's silent
    random legal move). ``images``: send the seat's picture with each prompt (vision models).
    """

    is_async = True

    def __init__(self, backend, interface: Any = "align", *, env=None, max_retries: int = 2,
                 max_tokens: int = 256, temperature: float = 0.7, constrained: bool = True,
                 seed: int | None = None, interface_kwargs: dict | None = None, name: str | None = None,
                 context_tokens: int | None = None, illegal: str = "feedback", images: bool = False):
        if max_retries < 0:
            raise ValueError(f"max_retries must be >= 0, not {max_retries}")
        if illegal not in ILLEGAL_ANSWER_POLICIES:
            raise ValueError(f"illegal must be one of {', '.join(ILLEGAL_ANSWER_POLICIES)}, not {illegal!r}")
        if images and not getattr(backend, "accepts_images", False):
            raise ValueError(f"{type(backend).__name__} takes no images: serve the vision model with vLLM's "
                             "OpenAI-compatible server (vllm serve MODEL) and use an openai:URL/v1/MODEL seat")
        if context_tokens is not None and context_tokens <= max_tokens:
            raise ValueError(f"context_tokens ({context_tokens}) must exceed max_tokens ({max_tokens})")
        self.backend = backend
        self._interface_spec = interface
        self._interface_kwargs = interface_kwargs or {}
        self.interface = None if isinstance(interface, str) else interface
        self.max_retries = max_retries
        self.max_tokens = max_tokens
        self.temperature = temperature
        self.constrained = constrained
        self.seed = seed
        self.context_tokens = context_tokens
        self.illegal = illegal
        self.images = images
        self.name = name or f"llm:{getattr(backend, 'model', '?')}"
        self.seat = -1
        self._decisions = 0
        self.last_decision_info: dict | None = None
        self._context: int | None = context_tokens
        self._context_asked = context_tokens is not None
        self._chars_per_token: float | None = None  # the lowest ratio seen: the safe side
        self._squeeze = 1.0  # < 1 after the backend refused a prompt the estimate let through
        self._counts: dict[str, int] = {}
        if env is not None:
            self.bind(env)

    def bind(self, env) -> LLMAgent:
        """Attach the env whose engine the interface reads (built here from its name)."""
        if isinstance(self._interface_spec, str):
            self.interface = make_interface(self._interface_spec, env, **self._interface_kwargs)
        else:
            assert self.interface is not None  # built from an interface object, not a name
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

    # ------------------------------------------------------------------ context budget
    async def _budget(self) -> int | None:
        """Prompt tokens allowed: the context minus the answer's max_tokens (None: unknown)."""
        if not self._context_asked:
            self._context_asked = True
            ask = getattr(self.backend, "context_length", None)
            self._context = await ask() if ask is not None else None
        if self._context is None:
            return None
        return max(1, int((self._context - self.max_tokens - CONTEXT_MARGIN) * self._squeeze))

    def _learn(self, chars: int, tokens: int | None) -> None:
        if tokens:
            ratio = chars / tokens
            if self._chars_per_token is None or ratio < self._chars_per_token:
                self._chars_per_token = ratio

    def _estimate(self, chars: int) -> int:
        ratio = (self._chars_per_token * RATIO_SAFETY if self._chars_per_token is not None
                 else DEFAULT_CHARS_PER_TOKEN)
        return math.ceil(chars / ratio)

    async def _measure(self, messages: list[dict], budget: int) -> tuple[int, bool]:
        """Prompt tokens of ``messages`` and whether they were counted: the estimate when it is
        well within ``budget``, else the backend's count where it has one."""
        chars = _chars(messages)
        estimate = self._estimate(chars)
        count = getattr(self.backend, "count_tokens", None)
        if estimate <= budget * COUNT_ABOVE or count is None:
            return estimate, False
        key = hashlib.sha1(json.dumps(messages).encode()).hexdigest()
        tokens = self._counts.get(key)
        if tokens is None:
            tokens = await count(messages)
            if tokens is None:
                return estimate, False
            if len(self._counts) > 64:
                self._counts.clear()
            self._counts[key] = tokens
        self._learn(chars, tokens)
        return tokens, True

    async def _prompt(self, seat: int, observation: Any, tail: list[dict], budget: int | None,
                      harder: bool = False) -> tuple[list[dict], dict | None]:
        """The messages of this try (the fitted prompt, then ``tail``: earlier answers and the
        feedback on them) and the condensation info."""
        iface = self.interface
        assert iface is not None  # act() checked that the agent is bound to an env
        fit = getattr(iface, "fit_messages", None)
        if fit is None:
            return iface.messages(seat, observation) + tail, None
        if budget is None:  # no context known: condense only after a refusal, by a fifth each time
            base, info = fit(seat, None, observation)
            if harder:
                base, info = fit(seat, int(_chars(base) * 0.8), observation)
            return base + tail, info
        tail_chars = _chars(tail)
        limit = None
        if harder:  # the backend refused the last prompt: aim well below what was sent
            base, _ = fit(seat, None, observation)
            limit = int(_chars(base) * 0.8)
        before = None
        for _ in range(12):
            base, info = fit(seat, limit, observation)
            messages = base + tail
            tokens, counted = await self._measure(messages, budget)
            if tokens <= budget:
                break
            chars = _chars(base)
            if before is not None and chars >= before:  # nothing left to condense
                break
            before = chars
            # Aim at the budget at this prompt's own chars per token, a little lower each round.
            limit = min(int(_chars(messages) * budget / tokens * 0.97) - tail_chars, int(chars * 0.95))
        if tokens > budget:
            raise PromptTooLongError(
                f"the prompt of seat {seat} needs {tokens} tokens even condensed, but the context "
                f"({self._context} tokens) minus max_tokens ({self.max_tokens}) leaves {budget}")
        if info is not None or harder:
            info = dict(info or {})
            info.update(budget_tokens=budget, prompt_tokens=tokens, counted=counted)
        return messages, info

    def _after_context_error(self, error: Exception, messages: list[dict]) -> None:
        """Learn what the refusal says: the context, the prompt's token count, or just 'less'."""
        text = str(error)
        limit = re.search(r"(?:maximum context length|max_model_len|maximum model length)\D{0,20}(\d+)", text)
        if limit and (self._context is None or int(limit.group(1)) < self._context):
            self._context = int(limit.group(1))
            self._context_asked = True
        used = _PROMPT_TOKENS.search(text)
        if used:
            self._learn(_chars(messages), int(next(g for g in used.groups() if g)))
        else:  # nothing learned: ask for less from now on
            self._squeeze *= 0.9

    # ------------------------------------------------------------------ one decision
    async def act(self, observation: Any, info: dict) -> Any:
        if self.interface is None:
            raise RuntimeError("LLMAgent has no env: pass env= or call bind(env) before the game")
        seat, iface = self.seat, self.interface
        budget = await self._budget()
        tail: list[dict] = []
        png = self._picture(seat) if self.images else None
        messages, condensed = await self._prompt(seat, observation, tail, budget)
        if png is not None:
            messages = with_image(messages, png)
        schema = iface.schema(seat) if self.constrained else None
        prompt_hash = hashlib.sha256(json.dumps(messages, sort_keys=True).encode()).hexdigest()
        raw: list[str] = []
        finish: list[str | None] = []
        errors: list[str] = []
        tries: list[dict] = []
        context_errors: list[str] = []
        model = getattr(self.backend, "model", None)
        action = None
        note: str | None  # the schema violation the backend reported; None for a normal answer
        attempt = 0
        while attempt <= self.max_retries:
            start = time.perf_counter()
            try:
                completion = await self.backend.complete(
                    messages, schema=schema, max_tokens=self.max_tokens, temperature=self.temperature,
                    seed=self._request_seed(attempt))
            except SchemaViolationError as e:
                # Older backends refused answers off the schema; the parser still gets the text.
                completion = getattr(e, "completion", None)
                text, reason, note = e.text, "schema_violation", str(e)
            except BackendError as e:
                if not _is_context_error(e) or len(context_errors) >= MAX_CONTEXT_ERRORS:
                    raise  # not about this answer: the runner ends the game with it
                context_errors.append(str(e)[:_ERROR_CHARS])
                self._after_context_error(e, messages)
                budget = await self._budget()
                messages, condensed = await self._prompt(seat, observation, tail, budget, harder=True)
                if png is not None:
                    messages = with_image(messages, png)
                continue  # not an answer retry
            else:
                text, reason, note = completion.text, completion.finish_reason, None
            entry = self._try_entry(completion, time.perf_counter() - start)
            if completion is not None:
                model = completion.model or model
                self._learn(_chars(messages), completion.tokens_in)
            raw.append(text)
            finish.append(reason)
            tries.append(entry)
            try:
                if completion is not None and completion.truncated and not _complete_json(text):
                    raise ParseError(f"the answer was cut off at the {self.max_tokens}-token limit; answer shorter")
                action = iface.parse(text, seat)
                break
            except ParseError as e:
                error = str(e) if note is None else f"{note}; {e}"
                errors.append(error)
                entry["error"] = error
                if self.illegal == "random":  # VS-Bench: no word to the model, a random legal move
                    entry["feedback"] = False
                    break
                feedback = iface.feedback(str(e), seat)
                entry["feedback"] = feedback is not None
                attempt += 1
                if feedback is not None and attempt <= self.max_retries:
                    tail = tail + [{"role": "assistant", "content": text}, {"role": "user", "content": feedback}]
                    messages, condensed = await self._prompt(seat, observation, tail, budget)
                    if png is not None:
                        messages = with_image(messages, png)
        fallback = action is None
        random_move = fallback and self.illegal == "random"
        if random_move:
            action = self._random_legal(seat, observation)
        elif fallback:
            action = iface.fallback(seat)
        self._decisions += 1
        if context_errors:
            condensed = dict(condensed or {})
            condensed["context_errors"] = context_errors
        report = {
            "model": model,
            "interface": getattr(iface, "name", type(iface).__name__),
            "sampling": {"temperature": self.temperature, "max_tokens": self.max_tokens,
                         "seed": self._request_seed(0), "constrained": self.constrained},
            "prompt_hash": prompt_hash,
            "raw_outputs": raw,
            "finish_reasons": finish,
            "errors": errors,
            "tries": tries,
            "action": _jsonable(action),
            "tokens_in": sum(t["tokens_in"] or 0 for t in tries),
            "tokens_out": sum(t["tokens_out"] or 0 for t in tries),
            "cached_tokens": sum(t.get("cached_tokens") or 0 for t in tries),
            "latency_s": round(sum(t["latency_s"] for t in tries), 6),
            "retries": len(raw) - 1 if not fallback or random_move else self.max_retries,
            "fallback": fallback,
        }
        if self.illegal == "random":
            report["random_move"] = random_move
        if png is not None:
            report["image_bytes"] = len(png)
        if condensed is not None:
            report["condensed"] = condensed
        self.last_decision_info = report
        return action

    def _picture(self, seat: int) -> bytes | None:
        """The PNG sent with this decision's prompt: the interface's own ``picture(seat)`` where it
        has one (a stored prediction item's image; None: no picture), else the env's view of the seat."""
        own = getattr(self.interface, "picture", None)
        if own is not None:
            return own(seat)
        return png_bytes(seat_image(self.interface.env, seat))  # type: ignore[union-attr]

    def _random_legal(self, seat: int, observation: Any) -> int:
        """A legal action drawn uniformly (VS-Bench's replacement of a bad answer), from the
        observation's action mask where it has one, seeded by the decision."""
        mask = observation.get("action_mask") if isinstance(observation, dict) else None
        legal = np.flatnonzero(mask).tolist() if mask is not None else list(self.interface._legal(seat))  # type: ignore[union-attr]
        if not legal:
            raise ValueError(f"seat {seat} has no legal action to play at random")
        rng = np.random.default_rng(None if self.seed is None else [self.seed, self._decisions])
        return int(legal[rng.integers(len(legal))])

    @staticmethod
    def _try_entry(completion, elapsed: float) -> dict:
        """One try for the record: its tokens and time (the backend's, else measured here)."""
        if completion is None:
            return {"tokens_in": None, "tokens_out": None, "latency_s": round(elapsed, 6)}
        entry: dict[str, Any] = {"tokens_in": completion.tokens_in, "tokens_out": completion.tokens_out,
                                 "latency_s": round(completion.latency_s, 6)}
        cached = getattr(completion, "cached_tokens", None)
        if cached is not None:
            entry["cached_tokens"] = cached
        http = getattr(completion, "http_tries", ())
        if len(http) > 1 or any(t.get("error") for t in http):  # only when the backend had to retry
            entry["http_tries"] = [dict(t) for t in http]
        return entry


def _jsonable(action) -> Any:
    if isinstance(action, int):
        return action
    return action.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
