"""Prompts fit the model's context: earlier days condense, the decision stays whole (fake backends)."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import math

import numpy as np
import pytest

import parlour
from parlour.agents.llm import LLMAgent, WerewolfTextInterface
from parlour.agents.llm import backends as llm_backends
from parlour.agents.llm.agent import PromptTooLongError
from parlour.agents.llm.condense import HistoryCondenser, Level
from parlour.envs.werewolf import Action, Phase
from parlour.envs.werewolf.engine import SPEECH_PHASES
from parlour.envs.werewolf.events import EventKind
from parlour.envs.werewolf.narrate import describe
from parlour.envs.werewolf.roles import Role

from .test_interface import SECRET, FakeBackend, advance, first_seat, new_env

ContextLengthError = getattr(llm_backends, "ContextLengthError", llm_backends.BackendError)
WORDS = ["the", "wolves", "lie", "and", "seat", "three", "looked", "nervous", "when", "the", "vote", "came", "so", "I", "will", "watch", "them", "closely"]


def run(coro):
    return asyncio.run(coro)


def talkative_policy(seed=0, pass_rate=0.8):
    """Legal answers from the schema, with speeches as long as the schema allows; most other
    decisions pass (no kill, no exile), so games run long and their history grows."""
    rng = np.random.default_rng(seed)

    def answer(messages, schema, n):
        props = schema["properties"]
        if "text" not in props:
            legal = props["action"]["enum"]
            passes = [i for i in legal if f"\n{i}: pass" in messages[-1]["content"]]
            pick = passes[0] if passes and rng.random() < pass_rate else int(rng.choice(legal))
            return json.dumps({"action": pick})
        limit = props["text"].get("maxLength", 400)
        text = " ".join(rng.choice(WORDS) for _ in range(limit // 4))[:limit]
        out = {"text": text}
        if "accuse" in props:
            out["accuse"] = [int(rng.choice(props["accuse"]["items"]["enum"]))]
        if "claim" in props and rng.random() < 0.2:
            out["claim"] = str(rng.choice([v for v in props["claim"]["enum"] if v is not None]))
        return json.dumps(out)

    return answer


class TokenizingBackend(FakeBackend):
    """A model with a context: counts tokens (``chars_per_token`` of text, plus a template) and,
    as vLLM does, refuses a prompt that leaves less than max_tokens of its context."""

    def __init__(self, *, context=4096, chars_per_token=3.7, counts=True, says_context=True, **kwargs):
        super().__init__(**kwargs)
        self.context = context
        self.cpt = chars_per_token
        self.prompts: list[int] = []
        self.refused = 0
        self.counted = 0
        if not counts:
            self.count_tokens = None
        if not says_context:
            self.context_length = None

    def tokens(self, messages):
        return math.ceil(sum(len(m["content"]) for m in messages) / self.cpt) + 8 * len(messages)

    async def context_length(self):
        return self.context

    async def count_tokens(self, messages):
        self.counted += 1
        return self.tokens(messages)

    async def complete(self, messages, *, schema=None, max_tokens, temperature, seed=None):
        n = self.tokens(messages)
        if n + max_tokens > self.context:
            self.refused += 1
            raise ContextLengthError(f"This model's maximum context length is {self.context} tokens. However, "
                                     f"you requested {n + max_tokens} tokens ({n} in the messages, "
                                     f"{max_tokens} in the completion).")
        self.prompts.append(n)
        completion = await super().complete(messages, schema=schema, max_tokens=max_tokens,
                                            temperature=temperature, seed=seed)
        return dataclasses.replace(completion, tokens_in=n)


def talk_until(env, stop, chars=400):
    """Step the engine with long speeches, the Seer's checks, and passes elsewhere (nobody dies,
    the history grows) until ``stop(engine)`` holds for the next decision."""
    engine = env.engine
    for _ in range(10_000):
        seat = engine.next_actor()
        assert not engine.done, "the game ended before the wanted decision"
        if stop(engine):
            return seat
        phase = engine.decision.phase
        if phase is Phase.WOLF_CHAT:
            action = Action(text=(SECRET + " ") * (chars // (len(SECRET) + 1)))
        elif phase in SPEECH_PHASES:
            action = Action(text=" ".join(WORDS * 8)[:chars])
        elif phase is Phase.SEER:
            action = next(i for i in engine.legal_actions(seat) if i != engine.PASS)
        else:
            action = engine.default_action(seat)
        engine.step(seat, action)
    raise AssertionError("no such decision")


def llm_game(variant, backend_for, seed=5, **agent_kwargs):
    def seats(env):
        return [LLMAgent(backend_for(s), env=env, seed=s, **agent_kwargs) for s in range(env.engine.n)]
    return run(parlour.play_game_async(variant, seats, seed=seed))


@pytest.mark.parametrize("variant", ["werewolf-arena-8", "standard-12-guard"])
def test_a_whole_game_fits_a_4096_token_context(variant):
    """Without condensing, talkative games outgrow 4,096 tokens on day 1-2 and the backend refuses."""
    backend = TokenizingBackend(context=4096, policy=talkative_policy(1))
    record = llm_game(variant, lambda s: backend)
    assert record.outcome.error is None, record.outcome.error
    assert record.outcome.winner is not None or record.outcome.truncated
    assert backend.refused == 0 and max(backend.prompts) <= 4096 - 256
    condensed = [d.llm["condensed"] for d in record.decisions if d.llm and "condensed" in d.llm]
    assert condensed, "the game never outgrew the context: the test proves nothing"
    for c in condensed:
        assert c["days"] and len(c["levels"]) == len(c["days"]) and c["chars_after"] < c["chars_before"]
        assert c["prompt_tokens"] <= c["budget_tokens"] <= 4096 - 256
    days = [d.day for d in record.decisions if d.llm and "condensed" in d.llm]
    assert all(max(c["days"]) <= day for c, day in zip(condensed, days))
    json.dumps([d.llm for d in record.decisions if d.llm])


def test_context_tokens_by_hand_and_an_estimate_without_counts():
    """``context_tokens=`` sets the budget for a backend that says nothing about its context;
    without ``count_tokens`` the agent measures with a safe estimate it learns from tokens_in."""
    backend = TokenizingBackend(context=3000, counts=False, says_context=False, policy=talkative_policy(2))
    record = llm_game("werewolf-arena-8", lambda s: backend, context_tokens=3000)
    assert record.outcome.error is None, record.outcome.error
    assert backend.refused == 0 and max(backend.prompts) <= 3000 - 256
    assert any(d.llm and "condensed" in d.llm for d in record.decisions)


def test_a_refused_prompt_is_condensed_harder_and_is_not_an_answer_retry():
    """A backend denser than the estimate (2 chars a token) and without counts: the refusal
    teaches the agent, which condenses and sends again; the answer retries stay untouched."""
    env = new_env()
    seat = talk_until(env, lambda e: e.day >= 3 and e.decision.phase is Phase.VOTE)
    backend = TokenizingBackend(context=4096, chars_per_token=2.0, counts=False, policy=talkative_policy(3))
    agent = LLMAgent(backend, env=env, seed=1)
    agent.reset(seat)
    action = run(agent.act(None, {}))
    assert action in env.engine.legal_actions(seat)
    info = agent.last_decision_info
    assert backend.refused >= 1 and len(backend.prompts) == 1 and backend.prompts[0] <= 4096 - 256
    assert info["retries"] == 0 and not info["fallback"] and len(info["tries"]) == 1
    assert len(info["condensed"]["context_errors"]) == backend.refused
    assert "maximum context length" in info["condensed"]["context_errors"][0]


def test_a_context_too_small_for_even_the_condensed_prompt_ends_the_game_with_a_clear_error():
    backend = TokenizingBackend(context=700, policy=talkative_policy(4))
    record = llm_game("werewolf-arena-8", lambda s: backend)
    assert record.outcome.error is not None and "PromptTooLongError" in record.outcome.error
    assert "max_tokens" in record.outcome.error and backend.refused == 0
    with pytest.raises(PromptTooLongError):
        env = new_env()
        agent = LLMAgent(backend, env=env)
        agent.reset(env.engine.next_actor())
        run(agent.act(None, {}))


def _sections(prompt: str) -> dict[str, str]:
    out, name = {}, None
    for line in prompt.split("\n"):
        if line.startswith("## "):
            name = line[3:]
            out[name] = ""
        elif name:
            out[name] += line + "\n"
    return out


def test_condensing_keeps_the_rules_role_current_day_and_decision_whole():
    env = new_env()
    engine = env.engine
    seat = talk_until(env, lambda e: e.day >= 3 and e.decision.phase is Phase.VOTE)
    it = WerewolfTextInterface(env)
    full = it.messages(seat)
    fitted, info = it.fit_messages(seat, int(sum(len(m["content"]) for m in full) * 0.6))
    assert info is not None and info["days"] and info["chars_after"] <= 0.6 * info["chars_before"]
    assert fitted[0] == full[0]  # rules, roles on the board, answer grammar
    a, b = _sections(full[1]["content"]), _sections(fitted[1]["content"])
    for name in ("Current decision", "Legal actions"):
        assert a[name] == b[name]
    role_card = a["Your private information"].split("\n")[:2]
    assert b["Your private information"].split("\n")[:2] == role_card
    today = [describe(ev) for ev in engine.events if ev.day == engine.day and ev.visible == -1 and describe(ev)]
    assert today and all(line in b["Game history"] for line in today)
    assert len(b["Game history"]) < len(a["Game history"])
    # Sticky per seat: the next fit without a limit keeps the condensation.
    again, info2 = it.fit_messages(seat, None)
    assert again == fitted and info2 == info


def test_summaries_keep_deaths_claims_and_votes():
    env = new_env()
    engine = env.engine
    advance(env, lambda e, s: e.day >= 2 and e.decision.phase is Phase.VOTE)
    it = WerewolfTextInterface(env)
    summary = it.history_text(0, {1: Level.SUMMARY})
    minimal = it.history_text(0, {1: Level.MINIMAL})
    day1 = [ev for ev in engine.events if ev.day == 1 and ev.visible == -1]
    for ev in day1:
        if ev.kind in (EventKind.DEATH, EventKind.EXILE, EventKind.SHERIFF):
            assert describe(ev) in summary and describe(ev) in minimal
        if ev.kind == EventKind.VOTE and ev.target >= 0:
            assert "Exile vote:" in summary and f"seat {ev.target} <- " in summary
    assert "Exile vote" not in minimal and len(minimal) < len(summary) < len(it.history_text(0))
    assert "Night 1 and day 1, in short:" in summary


def test_condensed_prompts_keep_the_hidden_information_guarantee():
    env = new_env()
    engine = env.engine
    talk_until(env, lambda e: e.day >= 3 and e.decision.phase is Phase.VOTE)
    it = WerewolfTextInterface(env)
    seer = first_seat(engine, Role.SEER)
    checks = [ev for ev in engine.events if ev.kind == EventKind.SEER_CHECK]
    assert checks and any(ev.kind == EventKind.WOLF_CHAT for ev in engine.events)
    for level in Level:
        plan = {r: level for r in range(1, engine.day + 1)}
        for seat in range(engine.n):
            prompt = "\n".join(m["content"] for m in it.messages(seat, plan=plan))
            if not engine.is_wolf[seat]:
                assert SECRET not in prompt and "to the wolves" not in prompt and "wolf team" not in prompt
                assert "kill votes" not in prompt and "attack seat" not in prompt
            if seat != seer:
                assert all(f"checks seat {ev.target}" not in prompt for ev in checks), (level, seat)
            for other in range(engine.n):
                if other != seat:
                    assert f"You are seat {other}." not in prompt and f"Seat {other} is the" not in prompt


def test_ended_rounds_are_condensed_once_per_game(monkeypatch):
    """Text is cached per ended round and level: a whole game of fitting asks for each summary once."""
    from parlour.agents.llm import condense

    calls: list[int] = []
    real = condense.summarize_public
    monkeypatch.setattr(condense, "summarize_public", lambda events, level: calls.append(level) or real(events, level))
    backend = TokenizingBackend(context=2600, policy=talkative_policy(1))
    record = llm_game("werewolf-arena-8", lambda s: backend)
    assert record.outcome.error is None, record.outcome.error
    assert any(level >= Level.SUMMARY for d in record.decisions if d.llm and "condensed" in d.llm
               for level in map(Level.__getitem__, map(str.upper, d.llm["condensed"]["levels"])))
    assert calls and len(calls) <= 2 * record.outcome.days  # SUMMARY and MINIMAL, once per round


def test_the_condenser_follows_a_new_game():
    c = HistoryCondenser()
    env = new_env(seed=1)
    advance(env, lambda e, s: e.day >= 2)
    c.sync(env.engine)
    text = c.public(1, Level.SUMMARY)
    c.plans[0] = {1: Level.SUMMARY}
    env2 = new_env(seed=2)
    advance(env2, lambda e, s: e.day >= 2)
    c.sync(env2.engine)
    assert c.plans == {}
    fresh = HistoryCondenser()
    fresh.sync(env2.engine)
    assert c.public(1, Level.SUMMARY) == fresh.public(1, Level.SUMMARY)
    assert text  # the first game's summary was not empty, so a stale cache would have shown


def test_a_backend_that_does_not_say_its_context_is_fitted_after_its_first_refusal():
    """No context_length() and no context_tokens=: the refusal names the context, and from then on
    the agent fits its prompts to it."""
    env = new_env()
    seat = talk_until(env, lambda e: e.day >= 3 and e.decision.phase is Phase.VOTE)
    backend = TokenizingBackend(context=3072, says_context=False, policy=talkative_policy(5))
    agent = LLMAgent(backend, env=env, seed=1)
    agent.reset(seat)
    assert run(agent.act(None, {})) in env.engine.legal_actions(seat)
    info = agent.last_decision_info
    assert backend.refused == 1 and info["condensed"]["budget_tokens"] == 3072 - 256 - 16
    assert info["retries"] == 0 and backend.prompts[-1] <= 3072 - 256
