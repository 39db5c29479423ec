"""The tournament config: a pydantic model, loaded from TOML or built in Python.

Everything a file can say, Python can say too: ``TournamentConfig(**fields)`` validates the same
way as ``TournamentConfig.from_toml(path)``. A wrong config raises :class:`TournamentConfigError`
whose message is one line naming the file (if any) and the field, e.g.
``my.toml: entrants[1].agent: unknown agent kind 'scriptd'; known kinds: ...``.
"""

from __future__ import annotations

import math
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

RatingMethod = Literal["openskill", "elo", "bradley-terry", "polarix"]
DEFAULT_RATINGS: tuple[RatingMethod, ...] = ("openskill", "elo", "bradley-terry")
ENTRANT_NAME = r"^[A-Za-z0-9_.+]+$"  # no '-': game ids join names with '-vs-'


class TournamentConfigError(ValueError):
    """A config that cannot run; the message is one line naming the field (and the file)."""


class Entrant(BaseModel):
    """One competitor: a name, an agent spec as on the command line, and options for its factory.

    ``options`` go to a ``python:MODULE:FACTORY`` factory as keyword arguments
    (``factory(env, seat, seed, **options)``), or set an LLM agent's sampling settings
    (``temperature``, ``max_tokens``, ``max_retries``, ``constrained``).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str = Field(pattern=ENTRANT_NAME, description="a short name: letters, digits, '_', '.', '+'")
    agent: str = Field(min_length=1, description="an agent spec: random, scripted, llm:MODEL, python:MODULE:FACTORY, ...")
    options: dict[str, Any] = Field(default_factory=dict)


class AdaptiveSettings(BaseModel):
    """The adaptive format: play where the order is least certain until it is certain enough."""

    model_config = ConfigDict(extra="forbid")
    target: float = Field(0.95, gt=0.5, lt=1, description="stop when every neighbouring pair in the order is "
                          "ordered with at least this probability")
    batch: int = Field(4, ge=1, description="seed blocks (each a paired set of games) chosen per round")
    min_blocks: int = Field(2, ge=1, description="seed blocks every pairing plays before choosing adaptively")
    max_games: int = Field(2000, ge=1, description="stop here even if the order is not yet certain")


class SwissSettings(BaseModel):
    """The Swiss format: each round, neighbours in the standing meet, until the order is certain enough."""

    model_config = ConfigDict(extra="forbid")
    target: float = Field(0.95, gt=0.5, lt=1, description="stop when every neighbouring pair in the order is "
                          "ordered with at least this probability")
    min_rounds: int = Field(2, ge=1, description="rounds played before the order may stop the tournament")
    max_games: int = Field(2000, ge=1, description="stop here even if the order is not yet certain")


class TournamentConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field("tournament", min_length=1)
    game: str = Field(description="a game id ('werewolf', 'kuhn-poker') or GAME/BOARD")
    boards: list[str] = Field(default_factory=list, description="board names or board files; none: the game's default")
    entrants: list[Entrant] = Field(min_length=2)
    games_per_pairing: int | None = Field(None, ge=1, description="games each pairing plays (rounded up to whole seed blocks)")
    games: int | None = Field(None, ge=1, description="games in total (rounded up to whole seed blocks)")
    seed: int = Field(0, ge=0, description="the first seed; seed block k plays seed + k")
    lineup: Literal["sides", "seats"] = Field(
        "sides", description="'sides': each side of a game is one entrant, sides rotate over a seed block; "
        "'seats': every entrant in every game, seats rotate over a seed block")
    format: Literal["round-robin", "adaptive", "swiss"] = "round-robin"
    adaptive: AdaptiveSettings = Field(default_factory=AdaptiveSettings)
    swiss: SwissSettings = Field(default_factory=SwissSettings)
    ratings: list[RatingMethod] = Field(default_factory=lambda: list(DEFAULT_RATINGS), min_length=1)
    score: Literal["auto", "wins", "returns"] = Field(
        "auto", description="what the ratings count: 'wins' (each game a win, loss or draw), 'returns' (each seed "
        "block a contest of net returns: chips in poker), 'auto' (returns when they say more than who won)")
    bootstrap: int = Field(200, ge=0, description="bootstrap resamples of the games for the intervals")
    confidence: float = Field(0.95, gt=0, lt=1)
    concurrency: int = Field(16, ge=1, description="games at once when entrants are LLM agents")
    workers: int | None = Field(None, ge=1, description="processes for scripted games; none: all cores")
    out: str | None = Field(None, description="the output folder; none: runs/NAME")

    @field_validator("entrants")
    @classmethod
    def _unique_names(cls, entrants: list[Entrant]) -> list[Entrant]:
        seen: set[str] = set()
        for e in entrants:
            if e.name in seen:
                raise ValueError(f"two entrants are named {e.name!r}")
            seen.add(e.name)
        return entrants

    @model_validator(mode="after")
    def _one_count(self) -> TournamentConfig:
        if self.games is not None and self.games_per_pairing is not None:
            raise ValueError("give games or games_per_pairing, not both")
        return self

    # ------------------------------------------------------------------ loading
    @classmethod
    def from_toml(cls, path: str | Path) -> TournamentConfig:
        path = Path(path)
        try:
            data = tomllib.loads(path.read_text())
        except OSError as e:
            raise TournamentConfigError(f"{path}: cannot read: {e.strerror or e}") from None
        except tomllib.TOMLDecodeError as e:
            raise TournamentConfigError(f"{path}: not TOML: {e}") from None
        return cls.from_data(data, source=str(path))

    @classmethod
    def from_data(cls, data: dict[str, Any], source: str | None = None) -> TournamentConfig:
        try:
            config = cls.model_validate(data)
            config.check()
        except ValidationError as e:
            raise TournamentConfigError(_one_line(e, source)) from None
        except TournamentConfigError as e:
            raise TournamentConfigError(f"{source}: {e}" if source else str(e)) from None
        return config

    def check(self) -> None:
        """What pydantic cannot see alone: the game, its boards and the agent kinds exist."""
        from ..agentspec import AGENT_KINDS
        from ..envs import UnknownGameError, get_game

        game_id, _, board = self.game.partition("/")
        try:
            game = get_game(game_id)
        except UnknownGameError as e:
            raise TournamentConfigError(f"game: {e}") from None
        for i, b in enumerate(self.board_specs()):
            try:
                game.rules(b)
            except (ValueError, OSError, KeyError) as e:
                field = "game" if board and not self.boards else f"boards[{i}]"
                raise TournamentConfigError(f"{field}: {str(e).splitlines()[0]}") from None
        kinds = {**game.agent_kinds(), **AGENT_KINDS}
        for i, entrant in enumerate(self.entrants):
            kind, _, _arg = entrant.agent.partition(":")
            if kind not in kinds:
                raise TournamentConfigError(f"entrants[{i}].agent: unknown agent kind {kind!r} in {entrant.agent!r}; "
                                            f"known kinds for {game.id}: {', '.join(sorted(kinds))}")
            if entrant.options and kind not in ("python", "llm", "openai"):
                raise TournamentConfigError(f"entrants[{i}].options: only python:, llm: and openai: entrants take "
                                            f"options ({entrant.agent!r} does not)")
        if self.lineup == "seats":
            n = min(game.num_seats(game.rules(b)) for b in self.board_specs())
            if len(self.entrants) > n:
                raise TournamentConfigError(f"lineup: 'seats' puts every entrant in every game, and {len(self.entrants)} "
                                            f"entrants do not fit {n} seats; use lineup = 'sides'")

    def board_specs(self) -> list[str | None]:
        """The boards as game.rules() takes them (None: the game's default)."""
        _, _, board = self.game.partition("/")
        if self.boards:
            return list(self.boards)
        return [board or None]

    @property
    def game_id(self) -> str:
        return self.game.partition("/")[0]

    def blocks(self, block_games: int, pairings: int) -> int:
        """Seed blocks each pairing plays (a block is ``block_games`` paired games on one seed)."""
        if self.games_per_pairing is not None:
            return math.ceil(self.games_per_pairing / block_games)
        if self.games is not None:
            return math.ceil(self.games / (block_games * pairings * len(self.board_specs())))
        return math.ceil(10 / block_games)

    def schedule_fields(self) -> dict[str, Any]:
        """What decides the games (resume refuses a folder played with other values)."""
        return self.model_dump(mode="json", include={"game", "boards", "entrants", "games_per_pairing", "games",
                                                     "seed", "lineup", "format", "adaptive", "swiss", "score"})


def _one_line(error: ValidationError, source: str | None) -> str:
    parts = []
    for item in error.errors():
        loc = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in item["loc"]).lstrip(".") or "(config)"
        msg = item["msg"].removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            msg = "unknown field"
        parts.append(f"{loc}: {msg}")
    text = "; ".join(parts)
    return f"{source}: {text}" if source else text
