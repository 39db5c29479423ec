"""The generic checks every registered game must pass, written only against the game contract.

``test_games_contract.py`` runs them over every game in ``parlour.envs.REGISTRY``, and
``test_toy_game.py`` over a game written from scratch outside the package: a new game gets all
of them by registering. Each check takes a game id (and a board where boards matter) and fails
with an AssertionError (or the contract's own exception) that names the game, the step and what
differed. None of them imports a game.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import jsonschema
import numpy as np
from pettingzoo.test import api_test, parallel_api_test, seed_test

import parlour
from parlour.agents import RandomAgent
from parlour.agents.llm.interface import ParseError
from parlour.envs import get_game
from parlour.game import Game
from parlour.replays import ReplayMismatch, read_records, resimulate

ACTION_FIELD = "action"  # the answer field both the schema and parse() use for a flat action id


# ====================================================================== which boards
class Case(NamedTuple):
    """One game on one board, as the tests' ids show it ('kuhn-poker/standard')."""

    game_id: str
    board: str

    @property
    def game(self) -> Game:
        return get_game(self.game_id)

    @property
    def rules(self):
        return self.game.rules(self.board)

    @property
    def env_id(self) -> str:
        return f"{self.game_id}/{self.board}"

    def __str__(self) -> str:
        return self.env_id


def cases(game_ids: Sequence[str]) -> list[Case]:
    """Each game's default board, plus the first and the last of its other boards by name."""
    out = []
    for game_id in game_ids:
        game = get_game(game_id)
        default = game.default_board()
        others = sorted(b for b in game.boards() if b != default)
        out += [Case(game_id, b) for b in dict.fromkeys([default, *others[:1], *others[-1:]])]
    return out


def n_seats(case: Case) -> int:
    return case.game.num_seats(case.rules)


def random_agents(case: Case) -> list[RandomAgent]:
    return [RandomAgent() for _ in range(n_seats(case))]


# ====================================================================== PettingZoo's own tests
def check_pettingzoo_api(case: Case, num_cycles: int = 200) -> None:
    """api_test on the wrapped AEC env, parallel_api_test where the game has a parallel env."""
    game, rules = case.game, case.rules
    api_test(game.env(rules), num_cycles=num_cycles)
    parallel = parallel_env_or_none(game, rules)
    if parallel is not None:
        parallel_api_test(parallel, num_cycles=num_cycles)


def check_seed_test(case: Case, num_cycles: int = 100) -> None:
    game, rules = case.game, case.rules
    seed_test(lambda **kw: game.env(rules, **kw), num_cycles=num_cycles)


def parallel_env_or_none(game: Game, rules, **kwargs):
    try:
        return game.parallel_env(rules, **kwargs)
    except NotImplementedError:
        return None


# ====================================================================== multi-step determinism
def _obs(o) -> tuple:
    return tuple((k, v.dtype.str, v.tobytes()) for k, v in sorted(o.items())) if isinstance(o, dict) \
        else (o.dtype.str, o.tobytes())


def aec_trace(game: Game, rules, seed: int | None, action_seed: int = 0) -> list[tuple]:
    """A whole AEC game with mask-random actions: per step, the acting agent, every live agent's
    observation and mask, and the rewards, terminations and truncations of all agents."""
    env = game.env(rules)
    env.reset(seed=seed)
    rng, trace = np.random.default_rng(action_seed), []
    for agent in env.agent_iter():
        obs, _, term, trunc, _ = env.last()
        action = None
        if not (term or trunc):
            legal = np.flatnonzero(obs["action_mask"])
            action = int(legal[rng.integers(len(legal))])
        env.step(action)
        trace.append((agent, action, tuple((a, _obs(env.observe(a))) for a in env.agents),
                      sorted(env.rewards.items()), sorted(env.terminations.items()),
                      sorted(env.truncations.items())))
    return trace


def parallel_trace(game: Game, rules, seed: int | None, action_seed: int = 0) -> list[tuple] | None:
    """The same for the parallel env (None when the game has none); agents with an empty mask wait."""
    env = parallel_env_or_none(game, rules)
    if env is None:
        return None
    observations, _ = env.reset(seed=seed)
    rng, trace = np.random.default_rng(action_seed), []
    while env.agents:
        actions = {}
        for a in env.agents:
            legal = np.flatnonzero(observations[a]["action_mask"])
            actions[a] = int(legal[rng.integers(len(legal))]) if len(legal) else 0
        observations, rewards, terms, truncs, _ = env.step(actions)
        trace.append((sorted(actions.items()), tuple((a, _obs(o)) for a, o in sorted(observations.items())),
                      sorted(rewards.items()), sorted(terms.items()), sorted(truncs.items())))
    return trace


def _same_traces(a: list, b: list, what: str) -> None:
    assert len(a) == len(b), f"{what}: {len(a)} steps, then {len(b)} with the same seed and actions"
    for k, (x, y) in enumerate(zip(a, b)):
        assert x == y, f"{what}: step {k} differs with the same seed and actions"


def check_multistep_determinism(case: Case, seeds: Sequence[int] = (0, 7)) -> None:
    """Same seed and same actions: identical observations, masks, rewards and flags at every step,
    to the end (PettingZoo's parallel_seed_test looks at one step only)."""
    for seed in seeds:
        _same_traces(aec_trace(case.game, case.rules, seed, seed), aec_trace(case.game, case.rules, seed, seed),
                     f"{case} AEC seed {seed}")
        first = parallel_trace(case.game, case.rules, seed, seed)
        if first is not None:
            _same_traces(first, parallel_trace(case.game, case.rules, seed, seed) or [], f"{case} parallel seed {seed}")


# ====================================================================== the runner and records
def play(case: Case, seed: int):
    return parlour.play_game(case.env_id, random_agents(case), seed=seed, game_id=f"{case.game_id}-{seed}")


def check_runner_determinism(case: Case, seed: int = 3) -> None:
    first, second = play(case, seed), play(case, seed)
    assert first.outcome.error is None, first.outcome.error
    assert first.to_jsonl() == second.to_jsonl(), f"{case}: two games with seed {seed} record differently"


def check_record_round_trip(case: Case, path: Path, seed: int = 5) -> None:
    """Write a record, read it back, verify it; then swap one decision's action for another legal
    one: verify must name that decision's file line."""
    record = play(case, seed)
    record.append_to(path)
    records, problems = read_records(path)
    assert problems == [] and len(records) == 1
    assert records[0].to_jsonl() == record.to_jsonl()
    resimulate(records[0], verify=True)

    game, lines = case.game, path.read_text().splitlines()
    engine = game.new_engine(case.rules, seed)
    for k, d in enumerate(records[0].decisions):  # noqa: B007 - k names the edited line after the loop
        legal = engine.legal_actions(d.seat)
        others = [a for a in legal if a != d.action]
        if others and d.speech is None:
            break
        engine.step(d.seat, game.decode_action(d.action, d.speech))
    else:
        raise AssertionError(f"{case}: no decision of game seed {seed} had a choice to edit")
    line = json.loads(lines[k + 1])
    line["action"] = others[0]
    lines[k + 1] = json.dumps(line)
    edited = path.with_name(path.stem + "-edited.jsonl")
    edited.write_text("\n".join(lines) + "\n")
    (tampered,), problems = read_records(edited)
    assert problems == []
    try:
        resimulate(tampered, verify=True)
    except ReplayMismatch as e:
        assert e.line == k + 2, f"{case}: the edit is on line {k + 2}, verify named line {e.line}: {e}"
        assert f"line {k + 2}" in str(e) and f"decision {k}" in str(e)
    else:
        raise AssertionError(f"{case}: verify passed a record whose decision {k} was changed to action {others[0]}")


# ====================================================================== the text interface
def answer_for(schema: dict, action_id: int) -> str:
    """The JSON answer choosing ``action_id``: the flat id in the ``action`` field, and every other
    field the schema requires at a neutral value (an empty string, the first of an enum)."""
    answer: dict[str, Any] = {}
    for name in schema.get("required", []):
        if name == ACTION_FIELD:
            continue
        prop = schema["properties"][name]
        answer[name] = prop["enum"][0] if "enum" in prop else {"string": "", "integer": 0, "number": 0,
                                                                 "boolean": False, "array": [],
                                                                 "object": {}}[prop.get("type", "string")]
    answer[ACTION_FIELD] = int(action_id)
    return json.dumps(answer)


def _texts(messages: list[dict]) -> str:
    return "\n".join(str(m.get("content", "")) for m in messages)


def check_prompt_hides(game: Game, engine, interface, seat: int, where: str) -> None:
    """No text of ``seat``'s prompt is one of the facts ``game.hidden_from`` says it must not see."""
    text = _texts(interface.messages(seat))
    for fact in game.hidden_from(engine, seat):
        assert fact not in text, f"{where}: seat {seat}'s prompt leaks hidden information: {fact!r}"


def check_decision_text(game: Game, env, interface, agent: str, where: str) -> None:
    """One decision through the text interface: ids, answers, errors, fallback, hidden facts."""
    engine = game.engine_of(env)
    seat = env.agent_name_mapping[agent]
    legal = engine.legal_actions(seat)
    ids = interface.legal_actions(seat)
    assert sorted(ids) == sorted(legal), f"{where}: legal_actions {sorted(ids)} != the engine's {sorted(legal)}"
    assert all(isinstance(t, str) and t for t in ids.values()), f"{where}: an action without text"
    schema = interface.schema(seat)
    jsonschema.Draft202012Validator.check_schema(schema)
    choices = schema.get("properties", {}).get(ACTION_FIELD, {}).get("enum", [])
    for action_id in legal:
        answer = answer_for(schema, action_id)
        if action_id in choices:
            jsonschema.validate(json.loads(answer), schema)
        parsed = interface.parse(answer, seat)
        got = game.encode_action(engine, parsed)[0]
        assert got == action_id, f"{where}: answer {answer} parsed to action {got}"
    size = env.action_space(agent).n
    bad = [size, size + 7, *[a for a in range(size) if a not in legal][:3]]
    for action_id in bad:
        try:
            interface.parse(answer_for(schema, action_id), seat)
        except ParseError as e:
            message = interface.feedback(str(e), seat) if getattr(interface, "gives_feedback", False) else str(e)
            missing = [t for t in ids.values() if t not in message]
            assert not missing, f"{where}: the error for action {action_id} does not name the legal actions {missing}"
        else:
            raise AssertionError(f"{where}: action {action_id} (legal: {legal}) was accepted")
    fallback = interface.fallback(seat)
    assert game.encode_action(engine, fallback)[0] in legal, f"{where}: fallback {fallback!r} is not legal"
    engine.clone().step(seat, fallback)
    check_prompt_hides(game, engine, interface, seat, where)


def check_text_interface(case: Case, seeds: Sequence[int] = (1, 2), max_points: int = 12) -> None:
    """At up to ``max_points`` decisions of each random game (every one of a short game), the
    text interface's contract holds for the seat to move; so does hidden information."""
    game, rules = case.game, case.rules
    for seed in seeds:
        length = len(play(case, seed).decisions)
        # odd, so that a game whose seats alternate (simultaneous moves taken in turn) is checked
        # at both seats' decisions, not only at the first seat's
        stride = max(1, length // max_points) | 1
        env = game.raw_env(rules)
        env.reset(seed=seed)
        interface = game.text_interface(env)
        rng = np.random.default_rng(seed)
        k = 0
        for agent in env.agent_iter():
            obs, _, term, trunc, _ = env.last()
            if term or trunc:
                env.step(None)
                continue
            if k % stride == 0:
                check_decision_text(game, env, interface, agent, f"{case} seed {seed} decision {k}")
            legal = np.flatnonzero(obs["action_mask"])
            env.step(int(legal[rng.integers(len(legal))]))
            k += 1


def plant_leak(monkeypatch, game: Game, case: Case) -> None:
    """A bug on purpose: every seat's prompt also carries every other seat's prompt."""
    env = game.raw_env(case.rules)
    env.reset(seed=0)
    cls = type(game.text_interface(env))
    honest, n = cls.messages, game.num_seats(case.rules)

    def leaky(self, seat, *args, **kwargs):
        messages = honest(self, seat, *args, **kwargs)
        return messages + [m for other in range(n) if other != seat for m in honest(self, other)]

    monkeypatch.setattr(cls, "messages", leaky)


# ====================================================================== the command line
Runner = Callable[[Sequence[Sequence[str]]], list[tuple[int, str]]]


def run_subprocesses(argvs: Sequence[Sequence[str]]) -> list[tuple[int, str]]:
    """``python -m parlour ARGS`` for each argv, all at once; (exit status, stdout + stderr) each."""
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    procs = [subprocess.Popen([sys.executable, "-m", "parlour", *argv], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, env=env) for argv in argvs]
    return [(p.wait(timeout=120), p.communicate()[0]) for p in procs]


def check_cli(game_id: str, folder: Path, run: Runner = run_subprocesses, games: int = 2) -> None:
    """play --agents random --games 2 --out F --quiet, then replay F with --verify, a transcript,
    --summary, --table and --html, and the games and variants listings: every one exits 0 and
    shows or writes what it should."""
    out, table, html = folder / f"{game_id}.jsonl", folder / f"{game_id}.csv", folder / f"{game_id}.html"
    [(code, text)] = run([["play", game_id, "--agents", "random", "--games", str(games), "--out", str(out),
                           "--quiet"]])
    assert code == 0, text
    records, problems = read_records(out)
    assert problems == [] and len(records) == games, text
    views = run([["replay", str(out), "--verify"], ["replay", str(out)], ["replay", str(out), "--summary"],
                 ["replay", str(out), "--table", str(table)], ["replay", str(out), "--html", str(html)],
                 ["games"], ["variants", game_id]])
    for argv, (code, text) in zip(("--verify", "transcript", "--summary", "--table", "--html", "games", "variants"),
                                  views):
        assert code == 0, f"{argv}: exit {code}\n{text}"
    verify, transcript, summary = (text for _, text in views[:3])
    assert f"{games} game(s) verified" in verify, verify
    game = get_game(game_id)
    for record in records:
        assert record.header.game_id in transcript, transcript
        narration = game.narrate(resimulate(record, verify=False))
        assert narration and narration[-1].text.strip() in transcript, transcript
    assert f"{games} game(s)" in summary, summary
    listing, boards = views[5][1], views[6][1]
    assert game_id in listing, listing
    assert all(board in boards for board in game.boards()), boards
    with table.open(newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == sum(len(r.decisions) for r in records)
    page = html.read_text()
    assert "<html" in page.lower() and all(r.header.game_id in page for r in records)
