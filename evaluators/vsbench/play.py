"""Online evaluation: VS-Bench's matches of one agent in one game, and their returns.

One *block* per seed. Against a reference (competitive games) a block is two games with the same
seed, the agent in seat 0 and then in seat 1, so neither seat's advantage counts; in self-play
(cooperative and mixed-motive games) it is one game with the agent in both seats. A block's
value is the mean return of the agent's seats over its games; blocks are independent, so
intervals resample blocks.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import NamedTuple

from parlour.agentspec import build_agent
from parlour.record import GameRecord, RecordWriter
from parlour.runner import play_game_async

from .games import VSBenchGame


class Match(NamedTuple):
    """One game of a block: the spec in every seat and which seats are the evaluated agent's."""

    specs: tuple[str, ...]
    agent_seats: tuple[int, ...]


class Block(NamedTuple):
    game: str
    seed: int
    value: float  # the agent's mean return over the block's games and its seats
    records: tuple[GameRecord, ...]


def matches(entry: VSBenchGame, agent: str) -> list[Match]:
    """The games of one block: both seat orders against the reference, or one self-play game.
    The reference against itself plays one game with both seats counted: its two seat orders would
    be the same game twice (same seed, same specs)."""
    if entry.reference.self_play or agent == entry.reference.spec:
        return [Match((agent, agent), (0, 1))]
    ref = entry.reference.spec
    return [Match((agent, ref), (0,)), Match((ref, agent), (1,))]


def block_value(records: Sequence[GameRecord], agent_seats: Sequence[Sequence[int]]) -> float:
    """The mean return of the agent's seats over a block's games."""
    returns = [record.outcome.rewards[f"player_{s}"] for record, seats in zip(records, agent_seats) for s in seats]
    return sum(returns) / len(returns)


async def play_blocks(entry: VSBenchGame, agent: str, seeds: Sequence[int], *, concurrency: int = 16,
                      writer: RecordWriter | None = None, on_game: Callable[[], None] | None = None) -> list[Block]:
    """Every block of ``agent`` in ``entry``'s game, one per seed, with at most ``concurrency``
    games at once (LLM requests of concurrent games batch). A game that stops on an error raises
    a RuntimeError naming it: a normalized return over games that did not finish would mislead."""
    game, rules = entry.game, entry.game.rules()
    plan = matches(entry, agent)
    slots = asyncio.Semaphore(concurrency)

    async def one(seed: int, order: int, match: Match) -> GameRecord:
        async with slots:
            env = game.raw_env(rules)
            record = await play_game_async(
                env, lambda env: [build_agent(spec, env, s, seed) for s, spec in enumerate(match.specs)],
                seed=seed, specs=list(match.specs), game_id=f"{entry.id}-{seed}-{order}")
        if writer is not None:
            writer.write(record)
        if on_game is not None:
            on_game()
        error = record.outcome.error
        if error is not None:
            raise RuntimeError(f"{entry.id} game {record.header.game_id} ({', '.join(match.specs)}) stopped: {error}")
        return record

    records = await asyncio.gather(*(one(seed, order, match) for seed in seeds for order, match in enumerate(plan)))
    blocks = []
    for i, seed in enumerate(seeds):
        block = records[i * len(plan):(i + 1) * len(plan)]
        blocks.append(Block(entry.id, seed, block_value(block, [m.agent_seats for m in plan]), tuple(block)))
    return blocks
