"""run_games: many games on one loop, a failing seat ends only its own game, killed runs resume."""

from __future__ import annotations

import asyncio

import pytest

from parlour import agentspec
from parlour.agents import RandomAgent
from parlour.batch import run_games, run_games_async
from parlour.record import iter_records


class FlakyAgent:
    """An async seat that dies on its 5th decision in the game with seed 1 (a backend gone mid-game)."""

    is_async = True
    name = "flaky"

    def __init__(self, seed):
        self.inner = RandomAgent(seed)
        self.calls = 0
        self.game_seed = seed

    def reset(self, seat, seed=None):
        self.inner.reset(seat, seed)

    async def act(self, observation, info):
        await asyncio.sleep(0)  # a real await, so games interleave on the loop
        self.calls += 1
        if self.game_seed == 1 and self.calls == 5:
            raise ConnectionError("backend connection lost")
        return self.inner.act_sync(observation, info)


@pytest.fixture
def flaky_kind(monkeypatch):
    monkeypatch.setitem(agentspec.AGENT_KINDS, "flaky", lambda env, seat, seed, arg: FlakyAgent(seed))


def test_a_failing_seat_ends_only_its_game(tmp_path, flaky_kind):
    out = tmp_path / "games.jsonl"
    records = run_games("kaggle-8", ["flaky", "random"], ["flaky=0-3"], games=6, concurrency=4, out=out,
                        progress=False)
    assert [r.header.seed for r in records] == list(range(6))
    broken = [r for r in records if r.outcome.error]
    assert [r.header.seed for r in broken] == [1]
    assert "ConnectionError: backend connection lost" in broken[0].outcome.error
    assert broken[0].decisions, "the decisions before the failure are kept"
    assert all(r.outcome.winner is not None or r.outcome.truncated for r in records if not r.outcome.error)
    # Records are appended as games end, so the file's order is the order of finishing.
    assert sorted(r.header.game_id for r in iter_records(out)) == sorted(r.header.game_id for r in records)
    assert records[0].header.agents == ["flaky"] * 4 + ["random"] * 4


def test_games_interleave_under_concurrency(flaky_kind):
    """With concurrency > 1, decisions of different games alternate on the loop (they are not run one by one)."""
    order = []

    class Tracer(FlakyAgent):
        async def act(self, observation, info):
            order.append(self.game_seed)
            await asyncio.sleep(0)
            return self.inner.act_sync(observation, info)

    agentspec.AGENT_KINDS["flaky"] = lambda env, seat, seed, arg: Tracer(seed + 100)
    asyncio.run(run_games_async("kaggle-8", ["flaky"], games=3, concurrency=3, progress=False))
    switches = sum(a != b for a, b in zip(order, order[1:]))
    assert switches > 10


def test_a_killed_run_resumes_and_skips_finished_games(tmp_path):
    out = tmp_path / "games.jsonl"
    first = run_games("xu-7", ["random"], games=4, out=out, progress=False)
    text = out.read_text()
    cut = text.index('"type":"outcome"', text.index(f'"game_id":"{first[2].header.game_id}"'))
    out.write_text(text[:cut - 40])  # killed while writing game 2: games 0 and 1 are complete
    again = run_games("xu-7", ["random"], games=4, out=out, progress=False, resume=True)
    assert [r.header.seed for r in again] == [2, 3]


def test_the_same_seeds_give_the_same_games(tmp_path):
    a = run_games("classic-9", ["random"], games=3, progress=False)
    b = run_games("classic-9", ["random"], games=3, progress=False, concurrency=1)
    assert [r.to_jsonl() for r in a] == [r.to_jsonl() for r in b]


def test_bad_specs_are_named():
    with pytest.raises(agentspec.SpecError, match="unknown agent kind 'nope'"):
        run_games("xu-7", ["nope"], games=1, progress=False)
    with pytest.raises(agentspec.SpecError, match="expected openai:URL/v1/MODEL"):
        run_games("xu-7", ["openai:http://localhost:8000"], games=1, progress=False)
    with pytest.raises(ValueError, match="concurrency"):
        run_games("xu-7", ["random"], games=1, concurrency=0, progress=False)
