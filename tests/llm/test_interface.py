"""The ALIGN-style text interface and LLMAgent, with a scripted fake backend (no vLLM needed)."""

from __future__ import annotations

import asyncio
import json
import os
import re

import numpy as np
import pytest

import parlour
from parlour.agents import RandomAgent
from parlour.agents.llm import (
    Completion,
    LLMAgent,
    ParseError,
    PassThroughInterface,
    WerewolfTextInterface,
    extract_json,
    make_interface,
    rules_text,
)
from parlour.agents.llm.interface import _RULE_SENTENCES
from parlour.envs import werewolf_v0
from parlour.envs.werewolf import Action, Kind, Phase, RuleSet, get_variant
from parlour.envs.werewolf.engine import SPEECH_PHASES
from parlour.envs.werewolf.events import EventKind
from parlour.envs.werewolf.narrate import describe
from parlour.envs.werewolf.roles import Role

SECRET = "SECRET-WOLF-PLAN"


class FakeBackend:
    """Answers from a script (a list of texts, consumed in order) or from a function of the request."""

    def __init__(self, answers=None, policy=None, model="fake-model", truncate_when=None):
        self.answers = list(answers or [])
        self.policy = policy
        self.model = model
        self.calls: list[dict] = []

    async def complete(self, messages, *, schema=None, max_tokens, temperature, seed=None):
        self.calls.append({"messages": messages, "schema": schema, "seed": seed})
        text = self.answers.pop(0) if self.answers else self.policy(messages, schema, len(self.calls))
        truncated = False
        if isinstance(text, tuple):  # ("...", "length") marks a cut-off answer
            text, reason = text
            truncated = reason == "length"
        return Completion(text=text, finish_reason="length" if truncated else "stop", tokens_in=100 + len(messages),
                          tokens_out=len(text) // 4 + 1, latency_s=0.01, model=self.model, truncated=truncated)

    async def aclose(self):
        pass


def schema_policy(seed=0, bad_every=0):
    """A fake model that answers from the schema's enums (legal by construction), sometimes badly."""
    rng = np.random.default_rng(seed)

    def answer(messages, schema, n):
        if bad_every and n % bad_every == 0:
            return ["", '{"action": ', "I think seat 3 is a wolf", '{"action": 999}'][n // bad_every % 4]
        props = schema["properties"]
        if "action" in props and "text" not in props:
            return json.dumps({"action": int(rng.choice(props["action"]["enum"]))})
        out = {"text": f"speech {n}"}
        if "accuse" in props and rng.random() < 0.5:
            out["accuse"] = [int(rng.choice(props["accuse"]["items"]["enum"]))]
        if "vote_intent" in props and rng.random() < 0.5:
            out["vote_intent"] = int(rng.choice([v for v in props["vote_intent"]["enum"] if v is not None]))
        if "claim" in props and rng.random() < 0.2:
            out["claim"] = str(rng.choice([v for v in props["claim"]["enum"] if v is not None]))
        return json.dumps(out)

    return answer


def run(coro):
    return asyncio.run(coro)


def new_env(variant="werewolf-arena-8", seed=3):
    env = werewolf_v0.raw_env(variant)
    env.reset(seed=seed)
    return env


def advance(env, stop, wolf_text=SECRET):
    """Step the engine with simple legal moves until ``stop(engine, seat)`` holds for the next actor."""
    engine = env.engine
    for _ in range(10_000):
        seat = engine.next_actor()
        if engine.done:
            raise AssertionError("the game ended before the wanted decision")
        if stop(engine, seat):
            return seat
        legal = engine.legal_actions(seat)
        phase = engine.decision.phase
        if phase is Phase.WOLF_CHAT:
            action = Action(text=wolf_text)
        elif phase in (Phase.WOLF_KILL, Phase.SEER, Phase.VOTE):
            action = next(i for i in legal if i != engine.PASS)
        else:
            action = engine.default_action(seat)
        engine.step(seat, action)
    raise AssertionError("no such decision")


def first_seat(engine, role):
    return next(s for s in range(engine.n) if engine.roles[s] is role)


# ------------------------------------------------------------------ schema


def test_schema_accepts_exactly_the_legal_actions():
    jsonschema = pytest.importorskip("jsonschema")
    env = new_env()
    it = WerewolfTextInterface(env)
    engine = env.engine
    seen_speech = seen_target = False
    for _ in range(400):
        if engine.done:
            break
        seat = engine.next_actor()
        legal = engine.legal_actions(seat)
        schema = it.schema(seat)
        validator = jsonschema.Draft202012Validator(schema)
        if engine.decision.phase in SPEECH_PHASES:
            seen_speech = True
            assert validator.is_valid({"text": "hi"})
            for kind, field in ((Kind.ACCUSE, "accuse"), (Kind.DEFEND, "defend")):
                for i in range(engine.n):
                    ok = engine.layout.index(kind, i) in legal
                    assert validator.is_valid({"text": "", field: [i]}) == ok, (field, i)
                    if ok:  # what the schema accepts, the parser turns into a legal action
                        engine.check(seat, it.parse(json.dumps({"text": "x", field: [i]}), seat))
            for i in range(engine.n):
                ok = engine.layout.index(Kind.VOTE_INTENT, i) in legal
                assert validator.is_valid({"text": "", "vote_intent": i}) == ok
            for role in Role:
                ok = engine.layout.index(Kind.CLAIM, int(role)) in legal
                assert validator.is_valid({"text": "", "claim": role.name.lower()}) == ok
            assert not validator.is_valid({"text": "", "bogus": 1})
        else:
            seen_target = True
            for i in range(engine.layout.size):
                assert validator.is_valid({"action": i}) == (i in legal), (engine.decision.phase, i)
            assert not validator.is_valid({"action": legal[0], "extra": 1})
        engine.step(seat, legal[np.random.default_rng(len(engine.history)).integers(len(legal))])
    assert seen_speech and seen_target


# ------------------------------------------------------------------ prompts


def test_prompts_of_two_seats_share_the_prefix_up_to_the_private_part():
    env = new_env()
    # The day vote: every living seat decides at once, so all see the same public history.
    advance(env, lambda e, s: e.decision.phase is Phase.VOTE)
    engine = env.engine
    it = WerewolfTextInterface(env)
    a, b = engine.decision.actors[:2]
    ma, mb = it.messages(a), it.messages(b)
    assert ma[0] == mb[0]  # the system message: rules, roles, players, grammar
    head_a, _, _ = ma[1]["content"].partition("## Your private information")
    head_b, _, _ = mb[1]["content"].partition("## Your private information")
    assert head_a == head_b and head_a.startswith("## Game history") and "Day 1 begins." in head_a
    assert ma[1]["content"] != mb[1]["content"]
    # The shared prefix of the rendered prompts reaches the private section.
    full_a = ma[0]["content"] + ma[1]["content"]
    full_b = mb[0]["content"] + mb[1]["content"]
    assert len(os.path.commonprefix([full_a, full_b])) >= full_a.index("## Your private information")
    for section in ("## Rules", "## Game history", "## Your private information", "## Current decision", "## Legal actions"):
        assert section in full_a
    assert full_a.index("## Game history") < full_a.index("## Your private information") < full_a.index("## Current decision")


def test_rules_text_follows_the_ruleset():
    base = get_variant("standard-12-guard")
    text = rules_text(base)
    for field, value in [("witch_self_save", "always"), ("tie", "random"), ("death_reveals", "role"),
                         ("day_limit", 3), ("wolf_chat_rounds", 2), ("vote", "sequential"),
                         ("win_rule", "kill_all"), ("guard_save_conflict", "survives")]:
        assert getattr(base, field) != value
        assert rules_text(base.model_copy(update={field: value})) != text, field
    assert "after day 3" in rules_text(base.model_copy(update={"day_limit": 3}))
    # Every RuleSet option has its own sentence (a new option must be explained to the model).
    assert set(_RULE_SENTENCES) == set(RuleSet.model_fields)
    # The system prompt is generated, so a changed board changes it.
    env = werewolf_v0.raw_env(base.model_copy(update={"tie": "none"}))
    env.reset(seed=0)
    assert "A tied vote exiles nobody." in WerewolfTextInterface(env).system_prompt()


def test_hidden_information_never_reaches_another_seat():
    env = new_env()
    engine = env.engine
    advance(env, lambda e, s: e.decision.phase is Phase.VOTE)
    it = WerewolfTextInterface(env)
    seer = first_seat(engine, Role.SEER)
    checks = [describe(ev) for ev in engine.events if ev.kind == EventKind.SEER_CHECK]
    wolf_chat = [describe(ev) for ev in engine.events if ev.kind == EventKind.WOLF_CHAT]
    assert checks and wolf_chat
    for seat in range(engine.n):
        prompt = "\n".join(m["content"] for m in it.messages(seat))
        if engine.is_wolf[seat]:
            assert SECRET in prompt and all(c not in prompt for c in checks if seat != seer)
            continue
        assert SECRET not in prompt, seat
        assert "to the wolves" not in prompt and "wolf team" not in prompt
        assert (all(c in prompt for c in checks) if seat == seer else all(c not in prompt for c in checks)), seat
        for other in range(engine.n):  # nobody's role but one's own
            if other != seat:
                assert f"You are seat {other}." not in prompt
                assert f"Seat {other} is the" not in prompt


# ------------------------------------------------------------------ parsing


def test_extract_json_finds_the_answer_in_free_text():
    assert extract_json('Sure! ```json\n{"action": 3}\n``` done') == {"action": 3}
    assert extract_json("  5 ") == {"action": 5}
    # xgrammar lets raw control characters into strings; the answer is still schema-valid.
    assert extract_json('{"text":"a\x10b"}') == {"text": "a\x10b"}
    assert extract_json('I pick {"action": 2, "reasoning": "a {b}"} now') == {"action": 2, "reasoning": "a {b}"}
    for bad, msg in (("", "empty"), ('{"action": ', "cut off"), ("no idea", "no JSON")):
        with pytest.raises(ParseError, match=msg):
            extract_json(bad)


def test_parse_errors_name_the_problem_and_the_legal_actions():
    env = new_env()
    engine = env.engine
    it = WerewolfTextInterface(env)
    seat = advance(env, lambda e, s: e.decision.phase is Phase.VOTE and not all(e.alive))
    dead = next(s for s in range(engine.n) if not engine.alive[s])
    with pytest.raises(ParseError, match=f"seat {dead} is dead") as info:
        it.parse(json.dumps({"action": dead}), seat)
    fb = it.feedback(str(info.value), seat)
    assert "legal actions" in fb and all(f"{i}: {t}" in fb for i, t in it.legal_actions(seat).items())
    with pytest.raises(ParseError, match="not an action of the VOTE decision"):
        it.parse(json.dumps({"action": engine.layout.index(Kind.BID, 2)}), seat)
    with pytest.raises(ParseError, match="no \"action\" field"):
        it.parse('{"vote": 1}', seat)
    alive_other = next(s for s in engine.decision.legal[seat] if s < engine.n and s != seat)
    assert it.parse(f'My vote: {{"action": {alive_other}}}', seat) == alive_other
    assert it.parse(str(alive_other), seat) == alive_other


def test_speech_answers_map_to_actions():
    env = new_env()
    engine = env.engine
    it = WerewolfTextInterface(env)
    seat = advance(env, lambda e, s: e.decision.phase is Phase.SPEECH)
    other = next(s for s in engine.alive_seats() if s != seat)
    action = it.parse(json.dumps({"text": "I am the seer", "claim": "seer", "accuse": [other], "vote_intent": other,
                                  "reports": [{"seat": other, "side": "wolves"}], "defend": []}), seat)
    assert isinstance(action, Action) and action.claim is Role.SEER and action.accuse == (other,)
    engine.check(seat, action)
    dead = next((s for s in range(engine.n) if not engine.alive[s]), None)
    if dead is not None:
        with pytest.raises(ParseError, match=f"seat {dead} is dead"):
            it.parse(json.dumps({"text": "x", "accuse": [dead]}), seat)
    with pytest.raises(ParseError, match="may not name yourself"):
        it.parse(json.dumps({"text": "x", "accuse": [seat]}), seat)
    with pytest.raises(ParseError, match="do not exist"):
        it.parse(json.dumps({"text": "x", "vote_intent": 42}), seat)
    assert it.parse('{"text": "nothing to add"}', seat) == Action(text="nothing to add")


# ------------------------------------------------------------------ LLMAgent


def _agent_at_vote(answers, **kwargs):
    env = new_env()
    seat = advance(env, lambda e, s: e.decision.phase is Phase.VOTE and not all(e.alive))
    backend = FakeBackend(answers)
    agent = LLMAgent(backend, env=env, seed=7, **kwargs)
    agent.reset(seat, 11)
    return env, seat, backend, agent


def test_bad_answers_get_feedback_and_a_retry():
    env = new_env()
    seat = advance(env, lambda e, s: e.decision.phase is Phase.VOTE and not all(e.alive))
    engine = env.engine
    dead = next(s for s in range(engine.n) if not engine.alive[s])
    good = next(i for i in engine.legal_actions(seat) if i < engine.n)
    bad_answers = {
        "empty": ("", "empty"),
        "truncated JSON": (('{"action": ', "length"), "cut off"),
        "dead target": (json.dumps({"action": dead}), "dead"),
        "wrong phase": (json.dumps({"action": engine.layout.index(Kind.CLAIM, int(Role.SEER))}), "not an action of the VOTE"),
    }
    for name, (bad, why) in bad_answers.items():
        backend = FakeBackend([bad, json.dumps({"action": good})])
        agent = LLMAgent(backend, env=env, seed=7)
        agent.reset(seat, 11)
        history = len(engine.history)
        action = run(agent.act(env.observe(env.agent_selection), {}))
        assert action == good, name
        assert len(engine.history) == history  # the game did not advance while the agent retried
        info = agent.last_decision_info
        assert info["retries"] == 1 and not info["fallback"] and re.search(why, info["errors"][0]), (name, info["errors"])
        retry = backend.calls[1]["messages"]
        assert retry[:2] == backend.calls[0]["messages"] and retry[-1]["role"] == "user"
        assert "could not be used" in retry[-1]["content"] and "legal actions" in retry[-1]["content"]
        assert backend.calls[0]["seed"] != backend.calls[1]["seed"]


def test_fallback_after_the_retries_is_recorded():
    env, _, backend, agent = _agent_at_vote(["", "nonsense", '{"action": 999}', '{"action": 0}'])
    action = run(agent.act(env.observe(env.agent_selection), {}))
    assert action == env.engine.PASS  # the vote's no-op: abstain
    info = agent.last_decision_info
    assert info["fallback"] is True and info["retries"] == 2 and len(backend.calls) == 3
    assert info["raw_outputs"] == ["", "nonsense", '{"action": 999}'] and len(info["errors"]) == 3
    assert info["model"] == "fake-model" and info["tokens_in"] > 0 and info["tokens_out"] > 0
    assert len(info["prompt_hash"]) == 64 and info["sampling"]["constrained"] is True
    assert info["action"] == env.engine.PASS and info["latency_s"] > 0
    json.dumps(info)  # the record stores it as JSON


def test_unconstrained_mode_sends_no_schema_and_parses_free_text():
    env, seat, backend, agent = _agent_at_vote([], constrained=False)
    good = next(i for i in env.engine.legal_actions(seat) if i < env.engine.n)
    backend.answers = [f"Thinking... I vote {{\"action\": {good}}}."]
    assert run(agent.act(env.observe(env.agent_selection), {})) == good
    assert backend.calls[0]["schema"] is None and agent.last_decision_info["sampling"]["constrained"] is False


def test_passthrough_interface_gives_raw_observation_and_no_feedback():
    env = new_env()
    seat = env.engine.next_actor()
    assert isinstance(make_interface("passthrough", env), PassThroughInterface)
    assert isinstance(make_interface("align", env), WerewolfTextInterface)
    with pytest.raises(ValueError, match="unknown interface"):
        make_interface("fancy", env)
    backend = FakeBackend(["bad", "worse", "7"])
    agent = LLMAgent(backend, "passthrough", env=env)
    agent.reset(seat)
    obs = env.observe(env.agent_selection)
    assert run(agent.act(obs, {})) == 7 or agent.last_decision_info["fallback"]
    msgs = backend.calls[0]["messages"]
    assert "Observation:" in msgs[1]["content"] and "Rules" not in msgs[0]["content"]
    assert all(len(c["messages"]) == 2 for c in backend.calls)  # retries carry no feedback
    assert backend.calls[0]["schema"]["properties"]["action"]["enum"] == np.flatnonzero(obs["action_mask"]).tolist()


def test_whole_game_with_fake_llm_seats_is_legal():
    from parlour.agents.scripted import ScriptedWerewolfAgent

    backends = []

    def seats(env):
        agents = []
        for s in range(env.engine.n):
            if s % 2 == 0:
                backend = FakeBackend(policy=schema_policy(seed=s, bad_every=5), model=f"fake-{s}")
                backends.append(backend)
                agents.append(LLMAgent(backend, env=env, seed=s))
            elif s == 1:
                agents.append(RandomAgent(s))
            else:
                agents.append(ScriptedWerewolfAgent.for_env(env, seed=s))
        return agents

    record = run(parlour.play_game_async("werewolf-arena-8", seats, seed=5))
    assert record.outcome.error is None, record.outcome.error
    assert record.outcome.winner is not None or record.outcome.truncated
    llm = [d for d in record.decisions if d.llm is not None]
    assert llm and all(d.illegal is None for d in record.decisions)
    assert any(d.llm["retries"] > 0 for d in llm)
    assert all(d.llm["raw_outputs"] and d.llm["model"].startswith("fake-") for d in llm)
    assert any(d.speech and d.speech.get("text") for d in llm)
    assert {d.seat for d in llm} <= {0, 2, 4, 6}
