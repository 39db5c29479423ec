"""Play one game with any mix of agents and write its GameRecord.

The loop is a generator that hands out a decision only when an agent is async (an LLM waiting
on a server); sync agents (random, scripted) are answered inline. So ``play_game`` runs scripted
games with no event loop at all, and ``play_game_async`` lets many games share one loop, which
is how requests from concurrent games reach vLLM together.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Callable, Sequence
from hashlib import blake2b
from typing import Any

from .envs import get_game
from .game import Game
from .record import DecisionLine, GameRecord, Header, Outcome
from .record_digest import DIGEST_SIZE, header_digest, outcome_digest, pack_ints
from .registry import resolve

AgentsArg = Sequence[Any] | Callable[[Any], Sequence[Any]]
INTERRUPTED = "interrupted"  # Outcome.error of a game stopped by Ctrl-C (its decisions so far are kept)


def _make_env(variant, illegal_action: str):
    game, rules = resolve(variant)
    return game.raw_env(rules, illegal_action=illegal_action)


def game_of(env) -> Game:
    """The registered game an env belongs to (by its metadata name, e.g. 'werewolf_v0')."""
    return get_game(env.unwrapped.metadata["name"])


def _game(env, agents, trace: list | None):
    """The decision loop. Yields (agent, observation, info) for async agents and receives the action.

    With a ``trace`` list it appends one tuple per decision: what the decision was, what was
    applied, the engine's state after it (its packed round part, built once per Decision, and
    the seats that have acted), and the rare extras (a penalised illegal action, an LLM's
    report). Recording costs a game this loop body, so it keeps the per-step work to reading
    ints; :func:`_decision_lines` turns the trace into record lines and their hash chain once
    the game is over.
    """
    engine = game_of(env).engine_of(env)
    history = engine.history
    penalties = getattr(env, "illegal_moves", None) if getattr(env, "illegal_action", None) == "penalty" else None
    reports = [hasattr(agent, "last_decision_info") for agent in agents]  # LLM agents report each decision
    for agent_id in env.agent_iter():
        obs, _, term, trunc, info = env.last()
        if term or trunc:
            env.step(None)
            continue
        seat = env.agent_name_mapping[agent_id]
        agent = agents[seat]
        if agent.is_async:
            action = yield agent, obs, info
        else:
            action = agent.act_sync(obs, info)
        if trace is None:
            env.step(action)
            continue
        day, phase, n_legal = engine.round, engine.phase_name, len(engine.legal_actions(seat))
        penalised_before = len(penalties) if penalties is not None else 0
        env.step(action)
        illegal = penalties[-1]["error"] if penalties is not None and len(penalties) > penalised_before else None
        trace.append((day, phase, n_legal, history[-1], engine.state_parts(), illegal,
                      agent.last_decision_info if reports[seat] else None))


def _decision_lines(game: Game, engine, trace: list, header_digest: str) -> list[DecisionLine]:
    """The record's decision lines from the loop's trace, each hash chained to the one before."""
    lines = []
    previous = bytes.fromhex(header_digest)
    for i, (day, phase, n_legal, (seat, applied), (round_part, submitted), illegal, llm) in enumerate(trace):
        if applied.__class__ is int:
            index, speech = applied, None
        else:  # a structured action (a Werewolf speech act): its index plus its JSON
            index, speech = game.encode_action(engine, applied)
        if llm is not None:
            # As JSON data, so the hash covers what a reader will parse (str keys, lists).
            llm = json.loads(json.dumps(llm))
        line = DecisionLine(i, day, phase, seat, n_legal, index, "", speech, illegal, llm)
        if speech is None and illegal is None and llm is None:
            # Most lines (every random or RL decision) are ints only: one f-string instead of the
            # general DecisionLine.canonical(); the verify tests hold the two equal.
            canonical = (f'{{"action":{index},"day":{day},"i":{i},"n_legal":{n_legal},'
                         f'"phase":"{line.phase}","seat":{seat},"type":"decision"}}')
        else:
            canonical = line.canonical()
        previous = blake2b(previous + canonical.encode() + round_part + pack_ints(submitted),
                           digest_size=DIGEST_SIZE).digest()
        line.state_hash = previous.hex()
        lines.append(line)
    return lines


def _prepare(variant, agents: AgentsArg, seed, illegal_action):
    env = variant if hasattr(variant, "agent_iter") else _make_env(variant, illegal_action)
    env.reset(seed=seed)
    seats = list(agents(env) if callable(agents) else agents)
    n = len(env.possible_agents)
    if len(seats) != n:
        raise ValueError(f"{len(seats)} agents for a board of {n} seats")
    for seat, agent in enumerate(seats):
        agent.reset(seat, None if seed is None else seed * 1009 + seat)
    return env, seats


_RULES_JSON: dict[int, tuple[Any, dict]] = {}


def _rules_json(rules) -> dict:
    """The RuleSet as JSON data, dumped once per RuleSet object (it is frozen); keyed by id, and
    the entry keeps the object alive so the id cannot be reused."""
    entry = _RULES_JSON.get(id(rules))
    if entry is None or entry[0] is not rules:
        entry = _RULES_JSON[id(rules)] = (rules, rules.model_dump(mode="json"))
    return entry[1]


def outcome_fields(game: Game, engine, error: str | None) -> dict:
    """The outcome line's fields that the engine's final state decides (all but ``error``);
    ``parlour replay --verify`` recomputes them from the re-simulated engine."""
    outcome = game.outcome(engine)
    return {
        "winner": outcome.winner,
        "winners": list(outcome.winners),
        "truncated": outcome.truncated or (not engine.done and error is None),
        "days": engine.round,
        "decisions": len(engine.history),
        "rewards": {f"player_{seat}": float(r) for seat, r in enumerate(outcome.returns)},  # all 0 with no winner
        "details": outcome.details,
    }


def _finish(env, specs, seed, game_id, trace, error: str | None) -> GameRecord:
    game = game_of(env)
    engine = game.engine_of(env)
    rules = env.unwrapped.rules
    header = Header.model_construct(
        game_id=game_id or uuid.uuid4().hex[:12], env_id=game.env_name, variant=game.board_name(rules),
        rules=_rules_json(rules), seed=seed, agents=list(specs),
        # the layout the engine played (an env built for an old layout replays records of it)
        action_layout=getattr(engine, "action_layout", game.action_layout), digest=None,
    )
    header.digest = header_digest(header.model_dump(mode="json"))
    decisions = _decision_lines(game, engine, trace, header.digest)
    outcome = Outcome.model_construct(**outcome_fields(game, engine, error), error=error, digest=None)
    outcome.digest = outcome_digest(decisions[-1].state_hash if decisions else header.digest,
                                    outcome.model_dump(mode="json"))
    # The decisions were built by us; validating them again costs a step each.
    return GameRecord.model_construct(header=header, decisions=decisions, outcome=outcome)


def play_game(variant="werewolf-arena-8", agents: AgentsArg = (), *, seed: int | None = None,
              specs: Sequence[str] | None = None, game_id: str | None = None, record: bool = True,
              illegal_action: str = "raise") -> GameRecord | None:
    """Play one game with sync agents; returns its record (None with ``record=False``).

    ``agents`` is one agent per seat, or a callable that builds them from the reset env (to seat
    agents by role, say). An agent that raises ends the game: the record keeps every decision
    so far and names the error in its outcome.
    """
    env, seats = _prepare(variant, agents, seed, illegal_action)
    trace: list | None = [] if record else None
    error = None
    loop = _game(env, seats, trace)
    try:
        for agent, _, _ in loop:
            raise TypeError(f"{type(agent).__name__} is an async agent: use play_game_async or run_games")
    except Exception as e:  # the record must say how the game ended, whatever went wrong
        error = f"{type(e).__name__}: {e}"
        if not record:
            raise
    if not record:
        return None
    return _finish(env, specs or [getattr(a, "name", type(a).__name__) for a in seats], seed, game_id, trace, error)


async def play_game_async(variant="werewolf-arena-8", agents: AgentsArg = (), *, seed: int | None = None,
                          specs: Sequence[str] | None = None, game_id: str | None = None,
                          illegal_action: str = "raise", on_answer: Callable[[], None] | None = None) -> GameRecord:
    """Play one game where some agents are async (LLM seats); sync ones are answered inline.

    ``on_answer`` is called after each async agent's answer (a run's live progress counts them)."""
    env, seats = _prepare(variant, agents, seed, illegal_action)
    trace: list = []
    error = None
    loop = _game(env, seats, trace)
    try:
        request = next(loop)
        while True:
            agent, obs, info = request
            answer = await agent.act(obs, info)
            if on_answer is not None:
                on_answer()
            request = loop.send(answer)
    except StopIteration:
        pass
    except asyncio.CancelledError:
        # Ctrl-C cancels the run: hand back the decisions so far so the caller can write them.
        # The caller's gather still ends cancelled, so the run stops.
        error = INTERRUPTED
    except Exception as e:  # noqa: BLE001 - the error goes into the record, other games go on
        error = f"{type(e).__name__}: {e}"
    return _finish(env, specs or [getattr(a, "name", type(a).__name__) for a in seats], seed, game_id, trace, error)
