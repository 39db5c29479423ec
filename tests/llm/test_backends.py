"""Tests of the LLM backends against a real vLLM engine and server.

The model is a tiny random-weight Llama built by the tests (see
tiny_model.py): its words are noise, so every check is about the plumbing
(schema-valid JSON from constrained decoding, truncation, tokens, latency,
seeds, prefix cache, errors), never about what the model says.

The in-process engine and the HTTP server are each started once per test
session (tens of seconds each). The error tests use small fake servers on
loopback and need only the ``openai`` package.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from parlour.agents.llm import (
    BackendError,
    BackendUnavailableError,
    ModelNotFoundError,
    OpenAICompatible,
    VLLMEngine,
)
from parlour.agents.llm.backends import ContextLengthError

from .conftest import (
    SERVED_NAME,
    SERVER_MAX_MODEL_LEN,
    _free_port,
    _need_openai,
    _need_vllm,
)

PLAYERS = ["alice", "bob", "carol", "dave"]
VOTE_SCHEMA = {
    "type": "object",
    "properties": {"target": {"type": "string", "enum": PLAYERS}},
    "required": ["target"],
    "additionalProperties": False,
}
# Settings the vLLM CPU build accepts for the tiny model. No memory setting: on the CPU build
# VLLMEngine sizes the KV cache from the context length and the memory free.
ENGINE_ARGS = {
    "dtype": "float32",
    "max_model_len": 1024,
    "enforce_eager": True,
}


def _vote_messages(i: int, system: str = "You are a villager in a game of werewolf.") -> list[dict]:
    return [
        {"role": "system", "content": system},
        {"role": "user", "content": f"Round {i}. Who do you vote for? Answer in JSON."},
    ]


def _assert_vote(text: str) -> None:
    assert json.loads(text)["target"] in PLAYERS, text


# --------------------------------------------------------------------------
# Session fixtures
# --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def engine(request, runner):
    _need_vllm()  # before building the model, so the skip names vllm
    tiny_model_dir = request.getfixturevalue("tiny_model_dir")
    eng = VLLMEngine(str(tiny_model_dir), served_model_name=SERVED_NAME, **ENGINE_ARGS)
    yield eng
    runner.run(eng.aclose(), timeout=60)


# --------------------------------------------------------------------------
# Fake servers for the error paths
# --------------------------------------------------------------------------


class FakeOpenAIServer(ThreadingHTTPServer):
    """Answers every chat completion with fixed content, after a delay.

    Stands in for a compatible server that ignores response_format, and
    records how many requests it handled at once.
    """

    daemon_threads = True

    def __init__(self, content: str, delay_s: float = 0.0):
        super().__init__(("127.0.0.1", 0), _FakeHandler)
        self.content = content
        self.delay_s = delay_s
        self.lock = threading.Lock()
        self.in_flight = 0
        self.max_in_flight = 0
        self.requests = 0
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"

    def stop(self):
        self.shutdown()
        self.server_close()


class _FakeHandler(BaseHTTPRequestHandler):
    server: FakeOpenAIServer

    def log_message(self, *args):  # keep test output quiet
        pass

    def _send(self, body: dict):
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self._send({"object": "list", "data": [{"id": "fake", "object": "model", "created": 0, "owned_by": "test"}]})

    def do_POST(self):
        srv = self.server
        request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        with srv.lock:
            srv.requests += 1
            srv.in_flight += 1
            srv.max_in_flight = max(srv.max_in_flight, srv.in_flight)
        time.sleep(srv.delay_s)
        with srv.lock:
            srv.in_flight -= 1
        self._send({
            "id": "chatcmpl-fake", "object": "chat.completion", "created": 0,
            "model": request["model"],
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": srv.content}}],
            "usage": {"prompt_tokens": 7, "completion_tokens": 3, "total_tokens": 10},
        })


# --------------------------------------------------------------------------
# Import hygiene (no optional packages needed)
# --------------------------------------------------------------------------


def test_import_does_not_load_heavy_packages():
    code = (
        "import sys, parlour.agents.llm\n"
        "heavy = sorted(m for m in ('vllm', 'openai', 'torch') if m in sys.modules)\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


# --------------------------------------------------------------------------
# In-process vLLM engine
# --------------------------------------------------------------------------


@pytest.mark.vllm
def test_engine_concurrent_schema_valid(engine, runner):
    async def many():
        return await asyncio.gather(*(
            engine.complete(_vote_messages(i), schema=VOTE_SCHEMA, max_tokens=64, temperature=1.0, seed=i)
            for i in range(8)
        ))

    results = runner.run(many())
    for c in results:
        _assert_vote(c.text)
        assert c.finish_reason == "stop" and not c.truncated
        assert c.tokens_in > 10 and 0 < c.tokens_out <= 64
        assert c.latency_s > 0
        assert c.model == SERVED_NAME
        # compact_json: no whitespace anywhere (the enum values have none).
        assert not any(ch.isspace() for ch in c.text), c.text


@pytest.mark.vllm
def test_engine_truncated_answer_is_flagged(engine, runner):
    c = runner.run(engine.complete(_vote_messages(0), schema=VOTE_SCHEMA, max_tokens=3, temperature=1.0, seed=1))
    assert c.truncated and c.finish_reason == "length"
    assert c.tokens_out == 3


@pytest.mark.vllm
def test_engine_seed_makes_sampling_reproducible(engine, runner):
    def draw(seed):
        return runner.run(engine.complete(_vote_messages(5), max_tokens=12, temperature=1.0, seed=seed)).text

    assert draw(123) == draw(123)
    # Unconstrained noise from a random model: 3 seeds all equal would be a bug.
    assert len({draw(s) for s in (1, 2, 3)}) > 1


@pytest.mark.vllm
def test_engine_prefix_cache_stats(engine, runner):
    # A long shared system prompt, as in a game where every turn repeats the
    # rules: the second request must find the prefix cached.
    rules = "Rules: werewolves kill at night, villagers vote by day. " * 30
    before = engine.prefix_cache_stats()
    first = runner.run(engine.complete(_vote_messages(1, rules), schema=VOTE_SCHEMA, max_tokens=32, temperature=0.0))
    second = runner.run(engine.complete(_vote_messages(2, rules), schema=VOTE_SCHEMA, max_tokens=32, temperature=0.0))
    after = engine.prefix_cache_stats()

    assert second.cached_tokens > 0
    assert after.requests - before.requests == 2
    assert after.prompt_tokens - before.prompt_tokens == first.tokens_in + second.tokens_in
    assert after.cached_tokens - before.cached_tokens == first.cached_tokens + second.cached_tokens
    assert 0 < after.hit_rate <= 1

    # The same numbers as the engine's own Prometheus counters (all requests
    # of this process went through this one engine).
    from vllm.v1.metrics.reader import get_metrics_snapshot

    def engine_counters():
        return {
            m.name: m.value for m in get_metrics_snapshot()
            if m.name in ("vllm:prefix_cache_queries", "vllm:prefix_cache_hits")
            and m.labels.get("model_name") == SERVED_NAME
        }

    expected = {"vllm:prefix_cache_queries": after.prompt_tokens, "vllm:prefix_cache_hits": after.cached_tokens}
    deadline = time.monotonic() + 5  # stats arrive with the engine's outputs
    while engine_counters() != expected and time.monotonic() < deadline:
        time.sleep(0.1)
    assert engine_counters() == expected


@pytest.mark.vllm
def test_engine_errors_name_the_model(engine, runner):
    too_long = [{"role": "user", "content": "vote " * 3000}]  # > max_model_len
    with pytest.raises(ContextLengthError, match=SERVED_NAME):
        runner.run(engine.complete(too_long, max_tokens=8, temperature=0.0))
    assert issubclass(ContextLengthError, BackendError)


@pytest.mark.vllm
def test_engine_context_length_and_count_tokens(engine, runner):
    assert runner.run(engine.context_length()) == ENGINE_ARGS["max_model_len"]
    messages = _vote_messages(0)
    n = runner.run(engine.count_tokens(messages))
    assert n == len(engine.prompt_ids(messages)) > 10
    c = runner.run(engine.complete(messages, schema=VOTE_SCHEMA, max_tokens=16, temperature=0.0))
    assert c.tokens_in == n


# --------------------------------------------------------------------------
# OpenAI-compatible: real vLLM server
# --------------------------------------------------------------------------


@pytest.mark.vllm
def test_openai_compatible_against_vllm_server(vllm_server, runner):
    backend = OpenAICompatible(SERVED_NAME, base_url=vllm_server, max_concurrency=4, timeout_s=60)

    async def many():
        try:
            answers = await asyncio.gather(*(
                backend.complete(_vote_messages(i), schema=VOTE_SCHEMA, max_tokens=64, temperature=1.0, seed=i)
                for i in range(6)
            ))
            cut = await backend.complete(_vote_messages(9), schema=VOTE_SCHEMA, max_tokens=3, temperature=1.0, seed=9)
            # A long shared system prompt twice in a row: the server reports the second one's cache hits
            # (usage.prompt_tokens_details, --enable-prompt-tokens-details).
            rules = "Rules: werewolves kill at night, villagers vote by day. " * 60
            for i in (1, 2):
                cached = await backend.complete(_vote_messages(i, rules), max_tokens=4, temperature=0.0)
            assert cached.cached_tokens and cached.cached_tokens > 0, cached
            return answers, cut
        finally:
            await backend.aclose()

    answers, cut = runner.run(many())
    for c in answers:
        _assert_vote(c.text)
        assert c.finish_reason == "stop" and not c.truncated
        assert c.tokens_in > 10 and 0 < c.tokens_out <= 64
        assert c.latency_s > 0
        assert c.model == SERVED_NAME
        # The server's --structured-outputs-config keeps JSON compact.
        assert not any(ch.isspace() for ch in c.text), c.text
        assert [t["status"] for t in c.http_tries] == [200]
    # Truncation is reported, not raised as a schema violation.
    assert cut.truncated and cut.finish_reason == "length" and cut.tokens_out == 3


@pytest.mark.vllm
def test_server_context_length_tokens_and_overlong_prompt(vllm_server, runner):
    backend = OpenAICompatible(SERVED_NAME, base_url=vllm_server, timeout_s=60)
    messages = _vote_messages(0)
    too_long = [{"role": "user", "content": "vote " * (2 * SERVER_MAX_MODEL_LEN)}]

    async def calls():
        try:
            length = await backend.context_length()
            count = await backend.count_tokens(messages)
            answer = await backend.complete(messages, max_tokens=8, temperature=0.0)
            with pytest.raises(ContextLengthError) as info:
                await backend.complete(too_long, max_tokens=8, temperature=0.0)
            return length, count, answer, info.value
        finally:
            await backend.aclose()

    length, count, answer, error = runner.run(calls())
    assert length == SERVER_MAX_MODEL_LEN
    assert count == answer.tokens_in
    assert vllm_server in str(error) and len(error.http_tries) == 1


@pytest.mark.vllm
def test_wrong_model_name_names_served_models(vllm_server, runner):
    backend = OpenAICompatible("no-such-model", base_url=vllm_server, timeout_s=30)

    async def call():
        try:
            await backend.complete(_vote_messages(0), max_tokens=8, temperature=0.0)
        finally:
            await backend.aclose()

    with pytest.raises(ModelNotFoundError) as info:
        runner.run(call())
    assert "no-such-model" in str(info.value) and SERVED_NAME in str(info.value)


# --------------------------------------------------------------------------
# OpenAI-compatible: error paths against fake servers
# --------------------------------------------------------------------------


def test_server_absent_raises_unavailable(runner):
    _need_openai()
    url = f"http://127.0.0.1:{_free_port()}/v1"
    backend = OpenAICompatible("m", base_url=url, timeout_s=5, max_retries=2, backoff_s=0.05)

    async def call():
        try:
            await backend.complete(_vote_messages(0), max_tokens=8, temperature=0.0)
        finally:
            await backend.aclose()

    start = time.monotonic()
    with pytest.raises(BackendUnavailableError) as info:
        runner.run(call(), timeout=60)
    assert url in str(info.value)
    assert time.monotonic() - start < 10


def test_concurrency_limit_and_usage(runner):
    _need_openai()
    server = FakeOpenAIServer('{"target": "bob"}', delay_s=0.2)
    backend = OpenAICompatible("fake", base_url=server.base_url, max_concurrency=2, timeout_s=10)

    async def many():
        try:
            return await asyncio.gather(*(
                backend.complete(_vote_messages(i), schema=VOTE_SCHEMA, max_tokens=32, temperature=0.0, seed=i)
                for i in range(6)
            ))
        finally:
            await backend.aclose()

    try:
        results = runner.run(many(), timeout=60)
    finally:
        server.stop()
    assert server.requests == 6 and server.max_in_flight == 2
    for c in results:
        assert c.text == '{"target": "bob"}' and not c.truncated
        assert (c.tokens_in, c.tokens_out, c.model) == (7, 3, "fake")
        assert c.latency_s >= 0.2
