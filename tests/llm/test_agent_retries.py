"""Bad answers are visible and cost what they cost; backend failures end the game (fake backends)."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import re

import pytest

import parlour
from parlour.agents.llm import LLMAgent, ParseError, WerewolfTextInterface
from parlour.agents.llm import backends as llm_backends
from parlour.envs.werewolf import Phase

from .test_interface import FakeBackend, advance, new_env


def run(coro):
    return asyncio.run(coro)


@dataclasses.dataclass(frozen=True)
class Answer:
    """A completion as the newer backends return it: cached tokens and the HTTP tries it took."""

    text: str
    finish_reason: str | None = "stop"
    tokens_in: int | None = 1000
    tokens_out: int | None = 12
    latency_s: float = 0.5
    model: str = "fake-model"
    truncated: bool = False
    cached_tokens: int | None = 900
    http_tries: tuple = ()


class ScriptedBackend(FakeBackend):
    """Returns the scripted items in order: an :class:`Answer`, or an exception to raise."""

    def __init__(self, script):
        super().__init__()
        self.script = list(script)

    async def complete(self, messages, *, schema=None, max_tokens, temperature, seed=None):
        self.calls.append({"messages": messages, "schema": schema, "seed": seed})
        item = self.script.pop(0)
        if isinstance(item, BaseException):
            raise item
        return item


def at_vote():
    env = new_env()
    seat = advance(env, lambda e, s: e.decision.phase is Phase.VOTE and not all(e.alive))
    good = next(i for i in env.engine.legal_actions(seat) if i < env.engine.n)
    return env, seat, good


def decide(env, seat, script, **kwargs):
    backend = ScriptedBackend(script)
    agent = LLMAgent(backend, env=env, seed=3, **kwargs)
    agent.reset(seat)
    action = run(agent.act(None, {}))
    return action, agent.last_decision_info, backend


@pytest.mark.parametrize("bad,why", [
    ("I vote for seat 3", "no JSON object and no action id"),
    ("", "empty"),
    ('{"action": 999}', "999 is not an action id"),
    ('{"vote": 2}', 'no "action" field'),
])
def test_bad_answers_are_named_with_the_legal_actions_and_every_try_is_paid_for(bad, why):
    env, seat, good = at_vote()
    http = ({"status": 503, "error": "Service Unavailable", "latency_s": 0.1},
            {"status": 200, "error": None, "latency_s": 0.4})
    action, info, backend = decide(env, seat, [Answer(bad, tokens_in=1000, tokens_out=7, latency_s=0.5, http_tries=http),
                                               Answer(json.dumps({"action": good}), tokens_in=1100, tokens_out=5,
                                                      latency_s=0.25, cached_tokens=1000)])
    assert action == good and info["retries"] == 1 and not info["fallback"]
    first, second = info["tries"]
    assert re.search(why, first["error"]) and first["feedback"] is True and "error" not in second
    assert info["errors"] == [first["error"]] and info["raw_outputs"] == [bad, json.dumps({"action": good})]
    feedback = backend.calls[1]["messages"][-1]["content"]
    assert re.search(why, feedback) and "legal actions" in feedback
    assert all(f"{i}: " in feedback for i in env.engine.legal_actions(seat))
    # The rejected try's cost is in the record, try by try and in the totals.
    assert (first["tokens_in"], first["tokens_out"], first["latency_s"], first["cached_tokens"]) == (1000, 7, 0.5, 900)
    assert first["http_tries"] == [dict(t) for t in http] and "http_tries" not in second
    assert (info["tokens_in"], info["tokens_out"], info["cached_tokens"]) == (2100, 12, 1900)
    assert info["latency_s"] == pytest.approx(0.75)
    json.dumps(info)


def test_a_legal_answer_in_a_json_fence_is_accepted_first_time():
    env, seat, good = at_vote()
    fenced = f'Here is my vote:\n```json\n{{"action": {good}}}\n```'
    action, info, _ = decide(env, seat, [Answer(fenced)])
    assert action == good and info["retries"] == 0 and info["errors"] == [] and len(info["tries"]) == 1


def test_the_parser_sees_answers_the_backend_flagged_before_any_rejection():
    """A complete answer at the max_tokens limit, and an answer an older backend refused as off
    the schema (a fenced legal answer): the game's parser decides, and accepts both."""
    env, seat, good = at_vote()
    exact = json.dumps({"action": good})
    action, info, _ = decide(env, seat, [Answer(exact, finish_reason="length", truncated=True)])
    assert action == good and info["retries"] == 0
    fenced = f'```json\n{{"action": {good}}}\n```'
    violation = llm_backends.SchemaViolationError("the answer is not JSON", text=fenced)
    action, info, _ = decide(env, seat, [violation])
    assert action == good and info["retries"] == 0 and info["finish_reasons"] == ["schema_violation"]
    assert info["tries"][0]["latency_s"] >= 0 and info["tries"][0]["tokens_in"] is None
    # A really cut-off answer is still refused, and says so.
    _, info, _ = decide(env, seat, [Answer('{"action": ', finish_reason="length", truncated=True), Answer(exact)])
    assert info["retries"] == 1 and "cut off" in info["tries"][0]["error"]


def test_fallback_after_the_retries_keeps_every_try():
    env, seat, _ = at_vote()
    script = [Answer(""), Answer("seat 3 is a wolf"), Answer('{"action": 999}')]
    action, info, _ = decide(env, seat, script, max_retries=2)
    assert action == env.engine.PASS and info["fallback"] and info["retries"] == 2
    assert len(info["tries"]) == 3 and all(t["error"] for t in info["tries"])
    assert info["tokens_in"] == 3000 and info["tokens_out"] == 36
    assert "condensed" not in info  # no budget known, nothing condensed


@pytest.mark.parametrize("error", ["BackendTimeoutError", "BackendUnavailableError", "BackendError"])
def test_a_backend_failure_propagates_and_the_runner_ends_the_game_with_it(error):
    failure = getattr(llm_backends, error)(f"http://127.0.0.1:9/v1: {error} on every try")

    class Failing(FakeBackend):
        async def complete(self, *args, **kwargs):
            raise failure

    env, seat, _ = at_vote()
    agent = LLMAgent(Failing(), env=env)
    agent.reset(seat)
    with pytest.raises(type(failure)):
        run(agent.act(None, {}))
    record = run(parlour.play_game_async("werewolf-arena-8", lambda env: [LLMAgent(Failing(), env=env)
                                                                          for _ in range(env.engine.n)], seed=1))
    assert record.outcome.error is not None and error in record.outcome.error and "9/v1" in record.outcome.error
    assert record.outcome.winner is None


def test_feedback_lists_the_legal_actions_of_a_speech_turn():
    env = new_env()
    seat = advance(env, lambda e, s: e.decision.phase is Phase.SPEECH)
    it = WerewolfTextInterface(env)
    with pytest.raises(ParseError) as info:
        it.parse("I think seat 3 is lying", seat)
    fb = it.feedback(str(info.value), seat)
    assert "no JSON object" in fb and "speech JSON object" in fb and it.legal_text(seat) in fb
