"""Fair lineups: who sits where in every game of a tournament.

A game's seats fall into sides and roles, read from the game's seat groups after the deal
(``Game.seat_groups`` on an env reset to the game's seed, as batch runs resolve ``--seats``):
the sides are the coarsest disjoint groups that cover the board (Werewolf: village and wolves;
Kuhn Poker: first and second), a seat's role the smallest group that holds it.

Games come in **seed blocks**: the same deal played with the entrants rotated, so that within a
block every entrant plays every side (and so every role) exactly once and the luck of the deal
cancels. Two lineups:

- ``sides``: a pairing of entrants (one per side) and its rotations over the sides. With two
  sides that is the paired seed: the same deal with the entrants swapped; in a two-player game,
  both seat orders. Each side is played by one entrant, so every game mixes two entrants.
- ``seats``: every entrant in every game, interleaved over the seats in side and role order and
  rotated over a block of as many games as entrants; each entrant then sits every seat once.

Against name and position bias (an LLM that favours "Player 1", or its own name's neighbour), the
ids an entrant takes are shuffled per block, as Kaggle's Werewolf harness shuffles its players'
ids: a Generator seeded by the block (stable across runs and resumes) permutes the entrants' order
in the rotation and, in ``seats``, the seats within each (side, role) class. The rotation then
still gives each entrant every side, role and seat equally often in each block; only which
entrant starts where is random. (In ``sides`` an entrant holds whole sides, whose seats the deal
already draws at random, so the shuffle only changes which rotation is played first.)

Every game has a schedule key, its game id (``BOARD-sSEED-A-vs-B`` or ``BOARD-sSEED-rROTATION``),
which its record carries, so a resumed run knows exactly what is done.
"""

from __future__ import annotations

import itertools
import zlib
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, NamedTuple

import numpy as np
from pydantic import BaseModel

from ..game import Game


class Lineup(NamedTuple):
    """One scheduled game."""

    game_id: str
    board: str  # the board's name
    seed: int
    entrants: tuple[str, ...]  # per seat
    sides: tuple[str, ...]  # per seat
    roles: tuple[str, ...]  # per seat
    block: str  # games sharing a deal and a pairing share this key (the paired seeds)

    def to_json(self) -> dict[str, Any]:
        return {"game_id": self.game_id, "board": self.board, "seed": self.seed, "entrants": list(self.entrants),
                "sides": list(self.sides), "roles": list(self.roles), "block": self.block}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Lineup:
        return cls(data["game_id"], data["board"], int(data["seed"]), tuple(data["entrants"]), tuple(data["sides"]),
                   tuple(data["roles"]), data["block"])


class SeatPlan(NamedTuple):
    sides: tuple[str, ...]  # per seat
    roles: tuple[str, ...]  # per seat
    side_names: tuple[str, ...]  # sorted


def seat_plan(groups: dict[str, list[int]], n: int) -> SeatPlan:
    """Sides and roles per seat from a game's seat groups after the deal."""
    # largest first; among groups of one size, the game's own order (Werewolf names sides first)
    candidates = sorted(groups.items(), key=lambda kv: -len(kv[1]))
    chosen: list[str] = []
    covered: set[int] = set()
    for name, seats in candidates:
        if 0 < len(seats) < n and covered.isdisjoint(seats):
            chosen.append(name)
            covered |= set(seats)
    if covered != set(range(n)) or len(chosen) < 2:  # no sides: every seat for itself
        names = tuple(f"seat{s}" for s in range(n))
        return SeatPlan(names, names, names)
    side_of = {s: name for name in chosen for s in groups[name]}
    roles = []
    for s in range(n):
        holding = [(len(seats), name not in chosen, name) for name, seats in groups.items() if s in seats]
        # the smallest group; among equals one that is not a side (Werewolf: 'werewolf' over 'wolves')
        roles.append(min(holding, key=lambda h: (h[0], not h[1], h[2]))[2])
    return SeatPlan(tuple(side_of[s] for s in range(n)), tuple(roles), tuple(sorted(chosen)))


class Board(NamedTuple):
    game: Game
    rules: BaseModel
    name: str


class Scheduler:
    """Makes the lineups of a tournament's games; deals are read once per (board, seed)."""

    def __init__(self, boards: Sequence[Board], entrants: Sequence[str], lineup: str = "sides"):
        self.boards = {b.name: b for b in boards}
        self.entrants = list(entrants)
        self.lineup = lineup
        self._plan = lru_cache(maxsize=4096)(self._read_plan)

    def _read_plan(self, board: str, seed: int) -> SeatPlan:
        b = self.boards[board]
        env = b.game.raw_env(b.rules)
        env.reset(seed=seed)
        return seat_plan(b.game.seat_groups(b.game.engine_of(env)), len(env.possible_agents))

    def side_names(self, board: str) -> tuple[str, ...]:
        return self._plan(board, 0).side_names

    def pairings(self, board: str) -> list[tuple[str, ...]]:
        """Who meets whom: in 'sides', every set of as many entrants as the board has sides
        (entrants repeat when there are fewer entrants than sides); in 'seats', everyone."""
        if self.lineup == "seats":
            return [tuple(self.entrants)]
        k = len(self.side_names(board))
        if len(self.entrants) >= k:
            return list(itertools.combinations(self.entrants, k))
        return [tuple(self.entrants[i % len(self.entrants)] for i in range(k))]

    def block_games(self, board: str) -> int:
        return len(self.entrants) if self.lineup == "seats" else len(self.side_names(board))

    def block(self, board: str, seed: int, pairing: tuple[str, ...], index: int = 0) -> list[Lineup]:
        """The paired games of one seed block: the same deal, the entrants rotated."""
        plan = self._plan(board, seed)
        n = len(plan.sides)
        games = []
        # the block's own shuffle: stable for a (board, seed, pairing), whatever else is scheduled
        rng = np.random.default_rng([seed, zlib.crc32(f"{board}|{'|'.join(pairing)}".encode())])
        if self.lineup == "seats":
            e = len(pairing)
            pairing = tuple(pairing[i] for i in rng.permutation(e))
            shuffled = rng.permutation(n)  # seats of one (side, role) class in a random order
            order = sorted(range(n), key=lambda s: (plan.sides[s], plan.roles[s], shuffled[s]))
            base = {seat: (pos + index) % e for pos, seat in enumerate(order)}
            for r in range(e):
                seats = tuple(pairing[(base[s] + r) % e] for s in range(n))
                games.append(Lineup(f"{board}-s{seed}-r{r}", board, seed, seats, plan.sides, plan.roles,
                                    f"{board}-s{seed}"))
            return games
        k = len(plan.side_names)
        key = f"{board}-s{seed}-" + "-".join(sorted(pairing))
        for r in map(int, rng.permutation(k)):
            by_side = {side: pairing[(i + r) % k] for i, side in enumerate(plan.side_names)}
            seats = tuple(by_side[plan.sides[s]] for s in range(n))
            game_id = f"{board}-s{seed}-" + "-vs-".join(by_side[side] for side in plan.side_names)
            if any(g.game_id == game_id for g in games):  # repeated entrants: rotations may coincide
                continue
            games.append(Lineup(game_id, board, seed, seats, plan.sides, plan.roles, key))
        return games

    def round_robin(self, blocks: int, first_seed: int) -> list[Lineup]:
        """Every pairing on every board plays ``blocks`` seed blocks; seeds are shared across
        pairings (the same deals for everyone), interleaved so a cut-short run stays balanced."""
        games = []
        for j in range(blocks):
            for board in self.boards:
                for pairing in self.pairings(board):
                    games.extend(self.block(board, first_seed + j, pairing, j))
        return games
