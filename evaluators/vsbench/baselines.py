"""The random and reference returns that normalize each game's score, measured over fixed seeds.

``baselines.json`` (package data beside this module) holds, per game, the mean block value (see
:mod:`.play`) of the random agent and of the game's reference player over the seeds
``first_seed .. first_seed + blocks - 1``, with the reference spec and board they were measured
with. ``parlour eval vsbench-baselines`` measures them again and rewrites the file; evaluations
default to other seeds (held out). A game registered after the file was written has no entry:
``vsbench-play`` then measures its baseline before playing (and says so).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from parlour import __version__
from parlour.validation import field_errors

from .games import VSBenchGame
from .normalize import Scale
from .play import play_blocks

BASELINE_FILE = Path(__file__).with_name("baselines.json")
BASELINE_SEED = 0  # the baselines' seeds start here; evaluations start at EVAL_SEED
EVAL_SEED = 1_000_000
FORMAT = 1


class Baseline(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    reference: str = Field(description="the reference player's agent spec")
    self_play: bool
    board: str
    first_seed: int = Field(ge=0)
    blocks: int = Field(ge=1, description="seeds measured (a block: both seat orders, or one self-play game)")
    random: float = Field(description="mean block value of the random agent")
    reference_return: float = Field(description="mean block value of the reference player")

    @property
    def scale(self) -> Scale:
        return Scale(self.random, self.reference_return)

    def seeds(self) -> range:
        return range(self.first_seed, self.first_seed + self.blocks)


class BaselineFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    format: int = FORMAT
    parlour: str = Field(description="the parlour version that measured them")
    games: dict[str, Baseline]


def load_baselines(path: str | Path = BASELINE_FILE) -> dict[str, Baseline]:
    """The stored baselines by game id (empty when the file does not exist)."""
    path = Path(path)
    if not path.exists():
        return {}
    try:
        data = BaselineFile.model_validate_json(path.read_text())
    except ValidationError as e:
        raise ValueError(f"{path}: not a VS-Bench baseline file: {field_errors(e)}") from None
    if data.format != FORMAT:
        raise ValueError(f"{path}: baseline format {data.format}; this parlour reads format {FORMAT}")
    return data.games


def stale(entry: VSBenchGame, baseline: Baseline) -> str | None:
    """Why ``baseline`` no longer fits the game (another reference or board), or None."""
    board = entry.game.board_name(entry.game.rules())
    if baseline.reference != entry.reference.spec or baseline.self_play != entry.reference.self_play:
        return (f"measured with reference {baseline.reference!r} (self-play {baseline.self_play}), the game now names "
                f"{entry.reference.spec!r} (self-play {entry.reference.self_play})")
    if baseline.board != board:
        return f"measured on board {baseline.board!r}, the game's default is now {board!r}"
    return None


async def measure(entry: VSBenchGame, blocks: int, first_seed: int = BASELINE_SEED, *, concurrency: int = 16,
                  on_game: Callable[[], None] | None = None) -> Baseline:
    """The random and reference block values of ``entry`` over ``blocks`` seeds."""
    seeds = range(first_seed, first_seed + blocks)
    values = {}
    for spec in ("random", entry.reference.spec):
        played = await play_blocks(entry, spec, seeds, concurrency=concurrency, on_game=on_game)
        values[spec] = math.fsum(b.value for b in played) / len(played)
    return Baseline(reference=entry.reference.spec, self_play=entry.reference.self_play,
                    board=entry.game.board_name(entry.game.rules()), first_seed=first_seed, blocks=blocks,
                    random=values["random"], reference_return=values[entry.reference.spec])


def write_baselines(baselines: dict[str, Baseline], path: str | Path = BASELINE_FILE) -> None:
    """Write (or update) the file: games measured now replace their entries, others stay."""
    path = Path(path)
    games = {**load_baselines(path), **baselines}
    text = BaselineFile(parlour=__version__, games=dict(sorted(games.items()))).model_dump_json(indent=2)
    path.write_text(text + "\n")

