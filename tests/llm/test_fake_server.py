"""OpenAICompatible against a scripted fake server on loopback: deadlines, retries, odd answers.

Each test scripts what the server does with each chat request (answer, fail, hang, trickle) and
bounds itself with deadlines of a few seconds. Needs only the ``openai`` package.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from parlour.agents.llm.backends import (
    BackendError,
    BackendTimeoutError,
    ContextLengthError,
    OpenAICompatible,
)

from .conftest import _need_openai

pytestmark = pytest.mark.usefixtures("openai_installed")

FENCED = '```json\n{"target": "bob"}\n```'


@pytest.fixture
def openai_installed():
    _need_openai()


def chat(content: str = '{"target": "bob"}', cached: int | None = None) -> dict:
    usage: dict = {"prompt_tokens": 7, "completion_tokens": 3, "total_tokens": 10}
    if cached is not None:
        usage["prompt_tokens_details"] = {"cached_tokens": cached}
    return {"status": 200, "json": {
        "id": "chatcmpl-fake", "object": "chat.completion", "created": 0, "model": "fake",
        "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": content}}],
        "usage": usage}}


class ScriptedServer(ThreadingHTTPServer):
    """Plays ``script`` (one step per chat request; the last step repeats) and records requests.

    A step is a dict: ``status`` with ``json`` or ``body`` (bytes) and ``headers``; or
    ``{"hang": True}`` (read the request, never answer) or ``{"trickle": True}`` (headers, then a
    byte a fifth of a second).
    """

    daemon_threads = True
    block_on_close = False

    def __init__(self, script: list[dict], *, models: list[dict] | None = None, tokenize: bool = True):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.script = script
        self.models = models if models is not None else [{"id": "fake", "object": "model", "max_model_len": 4096}]
        self.tokenize = tokenize
        self.requests: list[tuple[float, str, dict | None]] = []
        self.stopping = threading.Event()
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"

    def chat_requests(self) -> list[tuple[float, str, dict | None]]:
        return [r for r in self.requests if r[1].endswith("/chat/completions")]

    def stop(self):
        self.stopping.set()
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: ScriptedServer
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _reply(self, status: int, body: bytes, content_type: str = "application/json", headers: dict | None = None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self.server.requests.append((time.monotonic(), self.path, None))
        self._reply(200, json.dumps({"object": "list", "data": self.server.models}).encode())

    def do_POST(self):
        srv = self.server
        request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        srv.requests.append((time.monotonic(), self.path, request))
        if self.path == "/tokenize":
            if not srv.tokenize:
                return self._reply(404, b'{"detail": "Not Found"}')
            return self._reply(200, json.dumps({"count": 42, "max_model_len": 4096, "tokens": [1] * 42}).encode())
        step = srv.script[min(len(srv.chat_requests()) - 1, len(srv.script) - 1)]
        if step.get("hang"):
            srv.stopping.wait(30)
            return
        if step.get("trickle"):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            for _ in range(150):
                if srv.stopping.wait(0.2):
                    return
                try:
                    self.wfile.write(b" ")
                    self.wfile.flush()
                except OSError:  # the client gave up
                    return
            return
        body = json.dumps(step["json"]).encode() if "json" in step else step["body"]
        self._reply(step["status"], body, step.get("content_type", "application/json"), step.get("headers"))


@pytest.fixture
def serve():
    servers: list[ScriptedServer] = []

    def start(script, **kwargs) -> ScriptedServer:
        servers.append(ScriptedServer(script, **kwargs))
        return servers[-1]

    yield start
    for s in servers:
        s.stop()


def _backend(server: ScriptedServer, **kwargs) -> OpenAICompatible:
    options = {"timeout_s": 3.0, "retry_budget_s": 3.0, "backoff_s": 0.01, "backoff_max_s": 0.05, "jitter_seed": 0}
    return OpenAICompatible("fake", base_url=server.base_url, **{**options, **kwargs})


def _ask(runner, backend: OpenAICompatible, timeout: float = 30, **kwargs):
    async def call():
        try:
            return await backend.complete([{"role": "user", "content": "vote"}], max_tokens=32, temperature=0.0,
                                          **kwargs)
        finally:
            await backend.aclose()

    return runner.run(call(), timeout=timeout)


VOTE_SCHEMA = {"type": "object", "properties": {"target": {"type": "string"}}, "required": ["target"]}


def test_fenced_legal_answer_is_returned_unchanged(runner, serve):
    # The backend used to reject this before the game's parser saw it (SchemaViolationError).
    server = serve([chat(FENCED)])
    c = _ask(runner, _backend(server), schema=VOTE_SCHEMA)
    assert c.text == FENCED
    assert len(server.chat_requests()) == 1


@pytest.mark.parametrize("answer", ["I vote for alice, obviously.", '{"target": "mallory", "x": 1}'])
def test_answers_off_schema_are_passed_on(runner, serve, answer):
    server = serve([chat(answer)])
    assert _ask(runner, _backend(server), schema=VOTE_SCHEMA).text == answer


def test_hanging_server_hits_the_deadline(runner, serve):
    server = serve([{"hang": True}])
    start = time.monotonic()
    with pytest.raises(BackendTimeoutError) as info:
        _ask(runner, _backend(server, timeout_s=1.0, retry_budget_s=1.5))
    elapsed = time.monotonic() - start
    message = str(info.value)
    assert server.base_url in message and "fake" in message and "--llm-timeout" in message
    # Deadline 1 s a try; retries only start within the 1.5 s budget: two tries, about 2 s.
    assert len(server.chat_requests()) == 2
    assert elapsed < 4.5
    assert [t["status"] for t in info.value.http_tries] == [None, None]
    assert all(t["latency_s"] >= 0.95 for t in info.value.http_tries)


def test_trickling_server_hits_the_deadline(runner, serve):
    # A byte every 0.2 s: a per-read timeout would never fire; the deadline covers the whole try.
    server = serve([{"trickle": True}])
    start = time.monotonic()
    with pytest.raises(BackendTimeoutError) as info:
        _ask(runner, _backend(server, timeout_s=1.0, retry_budget_s=0.0))
    assert time.monotonic() - start < 3
    assert len(info.value.http_tries) == 1 and server.base_url in str(info.value)


def test_server_error_then_answer(runner, serve):
    server = serve([{"status": 500, "body": b'{"error": "boom"}'}, chat()])
    c = _ask(runner, _backend(server))
    assert c.text == '{"target": "bob"}'
    assert [t["status"] for t in c.http_tries] == [500, 200]
    assert c.http_tries[0]["error"] and c.http_tries[1]["error"] is None
    assert c.latency_s >= sum(t["latency_s"] for t in c.http_tries)


def test_retry_after_is_honoured(runner, serve):
    server = serve([{"status": 429, "body": b'{"error": "busy"}', "headers": {"Retry-After": "1"}}, chat()])
    c = _ask(runner, _backend(server))
    (t1, _, _), (t2, _, _) = server.chat_requests()
    assert t2 - t1 >= 0.95  # backoff alone would have waited at most 0.05 s
    assert [t["status"] for t in c.http_tries] == [429, 200]
    assert c.latency_s >= 0.95


def test_retry_after_is_capped_by_the_budget(runner, serve):
    server = serve([{"status": 503, "body": b"restarting", "headers": {"Retry-After": "30"}}])
    start = time.monotonic()
    with pytest.raises(BackendError) as info:
        _ask(runner, _backend(server, retry_budget_s=1.0))
    assert time.monotonic() - start < 3
    assert "503" in str(info.value) and server.base_url in str(info.value)


def test_backoff_grows_with_jitter_within_the_budget(runner, serve):
    server = serve([{"status": 502, "body": b"bad gateway"}])
    with pytest.raises(BackendError) as info:
        _ask(runner, _backend(server, max_retries=4, backoff_s=0.1, backoff_max_s=10.0, retry_budget_s=10.0))
    times = [t for t, _, _ in server.chat_requests()]
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert len(times) == 5 and len(info.value.http_tries) == 5
    for k, gap in enumerate(gaps):  # jitter keeps between half and all of 0.1 * 2**k
        assert 0.5 * 0.1 * 2**k - 0.01 <= gap <= 0.1 * 2**k + 0.3, gaps


@pytest.mark.parametrize("body,content_type", [(b"upstream says hello", "text/plain"),
                                               (b"<html><body>502 Bad Gateway</body></html>", "text/html")])
def test_non_json_200_is_a_server_fault(runner, serve, body, content_type):
    server = serve([{"status": 200, "body": body, "content_type": content_type}])
    with pytest.raises(BackendError) as info:
        _ask(runner, _backend(server, max_retries=2))
    message = str(info.value)
    assert server.base_url in message and "fake" in message and "200" in message
    assert repr(body[:10])[2:-1] in message  # the body's first bytes
    assert len(server.chat_requests()) == 3


def test_non_json_200_then_answer(runner, serve):
    server = serve([{"status": 200, "body": b"oops", "content_type": "text/plain"}, chat()])
    c = _ask(runner, _backend(server))
    assert c.text == '{"target": "bob"}' and [t["status"] for t in c.http_tries] == [200, 200]


def test_cached_tokens_and_extra_body(runner, serve):
    server = serve([chat(cached=5)])
    extra = {"structured_outputs": {"disable_any_whitespace": True}, "top_k": 20}
    c = _ask(runner, _backend(server, extra_body=extra), schema=VOTE_SCHEMA, seed=3)
    assert c.cached_tokens == 5 and (c.tokens_in, c.tokens_out, c.model) == (7, 3, "fake")
    sent = server.chat_requests()[0][2]
    assert sent["structured_outputs"] == extra["structured_outputs"] and sent["top_k"] == 20 and sent["seed"] == 3
    assert sent["response_format"]["json_schema"]["schema"] == VOTE_SCHEMA


def test_context_length_error_on_400(runner, serve):
    message = ("This model's maximum context length is 4096 tokens. However, you requested 5000 tokens "
               "(4968 in the messages, 32 in the completion).")
    server = serve([{"status": 400, "json": {"object": "error", "message": message, "code": 400}}])
    with pytest.raises(ContextLengthError) as info:
        _ask(runner, _backend(server))
    assert "4096" in str(info.value) and server.base_url in str(info.value)
    assert len(server.chat_requests()) == 1  # not retried


def test_other_400_is_not_retried(runner, serve):
    server = serve([{"status": 400, "json": {"message": "bad temperature"}}])
    with pytest.raises(BackendError) as info:
        _ask(runner, _backend(server))
    assert not isinstance(info.value, ContextLengthError) and "bad temperature" in str(info.value)
    assert len(server.chat_requests()) == 1


def test_context_length_and_count_tokens(runner, serve):
    server = serve([chat()])
    backend = _backend(server)

    async def ask():
        try:
            return (await backend.context_length(), await backend.context_length(),
                    await backend.count_tokens([{"role": "user", "content": "hi"}]))
        finally:
            await backend.aclose()

    assert runner.run(ask(), timeout=30) == (4096, 4096, 42)
    assert sum(path == "/v1/models" for _, path, _ in server.requests) == 1  # cached
    tokenize = [body for _, path, body in server.requests if path == "/tokenize"]
    assert tokenize == [{"model": "fake", "messages": [{"role": "user", "content": "hi"}],
                         "add_generation_prompt": True}]


def test_server_without_tokenize_or_max_model_len(runner, serve):
    server = serve([chat()], models=[{"id": "fake", "object": "model"}], tokenize=False)
    backend = _backend(server)
    messages = [{"role": "user", "content": "hi"}]

    async def ask():
        try:
            return (await backend.context_length(), await backend.count_tokens(messages),
                    await backend.count_tokens(messages))
        finally:
            await backend.aclose()

    assert runner.run(ask(), timeout=30) == (None, None, None)
    assert sum(path == "/tokenize" for _, path, _ in server.requests) == 1  # the absence is remembered


# --------------------------------------------------------------------------
# openai: specs
# --------------------------------------------------------------------------


@pytest.mark.parametrize("spec,says", [
    ("openai:http://127.0.0.1:91500/v1/m", "port '91500' is out of range"),
    ("openai:http://127.0.0.1:0/v1/m", "port '0' is out of range"),
    ("openai:http://127.0.0.1:80x/v1/m", "port '80x'"),
    ("openai:http://127.0.0.1:8000/v1/", "no model"),
    ("openai:http://127.0.0.1:8000/m", "expected openai:URL/v1/MODEL"),
    ("openai:ftp://127.0.0.1:8000/v1/m", "unknown scheme 'ftp'"),
    ("openai:http:///v1/m", "no host"),
    ("openai:localhost:8000/v1/m", "no scheme"),
])
def test_bad_openai_specs_name_the_spec(spec, says):
    from parlour.agentspec import SpecError, build_agent

    with pytest.raises(SpecError) as info:
        build_agent(spec, None, 0, 0)
    assert str(info.value).startswith(spec + ":") and says in str(info.value)
    assert "\n" not in str(info.value)


def test_openai_spec_uses_llm_options(serve, monkeypatch):
    from parlour import agentspec
    from parlour.envs import werewolf_v0

    server = serve([chat()])
    monkeypatch.setattr(agentspec, "_BACKENDS", {})
    monkeypatch.setattr(agentspec, "LLM_OPTIONS", agentspec.LLMOptions(
        timeout_s=2.5, retry_budget_s=7.0, retries=3, extra_body={"top_k": 5}))
    env = werewolf_v0.raw_env()
    env.reset(seed=0)
    agent = agentspec.build_agent(f"openai:{server.base_url}/fake", env, 0, 0)
    backend = agent.backend
    assert (backend.model, backend.base_url) == ("fake", server.base_url)
    assert (backend.timeout_s, backend.retry_budget_s, backend.max_retries, backend.extra_body) == (
        2.5, 7.0, 3, {"top_k": 5})
