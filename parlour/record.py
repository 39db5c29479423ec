"""The GameRecord: the one data format every part of parlour reads.

A record is JSON Lines: a header (format version, env id, variant and its full rules, seed, agent
specs), one line per decision, and an outcome line. Many games may share a file; each game is
appended whole and flushed, so a killed process loses at most the game in progress, and a file
whose last line was cut is cut back to its last whole line before anything is appended.

Format 2 chains a BLAKE2b digest through every line of a game (parlour.record_digest), so
``parlour replay --verify`` names the first line that was edited. Format 1 files still read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, TypeAdapter, model_validator, with_config

from .record_digest import canonical_json, rules_key
from .record_repair import Repair, repair_tail

FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)  # 1: per-decision Python hash() of the state, no chain (verified the old way)

__all__ = [
    "FORMAT_VERSION",
    "READABLE_VERSIONS",
    "DecisionLine",
    "GameRecord",
    "Header",
    "Outcome",
    "RecordError",
    "RecordWriter",
    "Repair",
    "iter_records",
    "record_json_schema",
    "rules_key",
]


class RecordError(ValueError):
    """A record file that cannot be read; the message names the file, the line and the field."""


class Header(BaseModel):
    model_config = ConfigDict(extra="forbid")
    type: Literal["header"] = "header"
    format_version: int = FORMAT_VERSION
    game_id: str
    env_id: str
    variant: str
    rules: dict[str, Any] = Field(description="The full RuleSet, so games on custom boards replay too.")
    seed: int | None
    agents: list[str] = Field(description="One agent spec per seat, e.g. 'scripted' or 'llm:Qwen/Qwen3-8B'.")
    action_layout: int | None = Field(
        None, exclude_if=lambda v: v is None,  # absent in older files, whose digests do not cover it
        description="The version of the game's flat action space the decisions' indices are in "
                    "(the game's `action_layout`); absent or null: 1.")
    digest: str | None = Field(None, description="Format 2: BLAKE2b of this line's canonical JSON without "
                               "'digest'; the first link of the game's hash chain.")


@with_config(ConfigDict(extra="forbid"))  # unknown fields in a line are errors
@dataclass(slots=True)
class DecisionLine:
    """One decision. A slotted dataclass, not a BaseModel: the runner builds one per step, and
    pydantic construction cost more than the game step itself. Reading validates it with
    :data:`DECISION_ADAPTER`, and the JSON Schema comes from the same adapter."""

    i: Annotated[int, Field(description="Index of the decision in the game, from 0.")]
    day: int
    phase: str
    seat: int
    n_legal: int
    action: Annotated[int, Field(description="The flat action index applied (for a composite speech: its first stance).")]
    state_hash: Annotated[str, Field(description="Format 2: the chain hash over the previous hash, this line's "
                                     "canonical JSON without state_hash, and the engine's state after it.")]
    speech: Annotated[dict[str, Any] | None, Field(description="Stances and text of a structured speech act.")] = None
    illegal: Annotated[str | None, Field(description="Why the agent's own action was refused (penalty mode).")] = None
    llm: Annotated[dict[str, Any] | None, Field(
        description="For an LLM decision: model, sampling, prompt hash, raw output, tokens, latency, retries, fallback."
    )] = None
    type: Literal["decision"] = "decision"

    def canonical(self) -> str:
        """This line without ``state_hash`` as canonical JSON (sorted keys, null fields left out):
        the text the hash chain covers. Hand-formatted, since the recorder makes one per step;
        a test keeps it equal to ``canonical_json`` of the line's fields."""
        text = f'{{"action":{self.action},"day":{self.day},"i":{self.i}'
        if self.illegal is not None:
            text += ',"illegal":' + canonical_json(self.illegal)
        if self.llm is not None:
            text += ',"llm":' + canonical_json(self.llm)
        # Phase names are ASCII identifiers, which JSON needs no escapes for; anything else
        # (a hand-edited file) goes through the encoder.
        phase = self.phase
        text += f',"n_legal":{self.n_legal},"phase":' + (
            f'"{phase}"' if phase.isascii() and phase.isidentifier() else canonical_json(phase))
        text += f',"seat":{self.seat}'
        if self.speech is not None:
            text += ',"speech":' + canonical_json(self.speech)
        return text + ',"type":"decision"}'

    def to_json(self) -> str:
        if self.speech is None and self.illegal is None and self.llm is None and self.phase.isidentifier():
            # The common all-int line in one f-string (the writer makes one per decision).
            return (f'{{"action":{self.action},"day":{self.day},"i":{self.i},"n_legal":{self.n_legal},'
                    f'"phase":"{self.phase}","seat":{self.seat},"type":"decision","state_hash":"{self.state_hash}"}}')
        return self.canonical()[:-1] + f',"state_hash":"{self.state_hash}"}}'


DECISION_ADAPTER = TypeAdapter(DecisionLine)


class Outcome(BaseModel):
    """How a game ended, in any game's terms; game-specific facts go in ``details``."""

    model_config = ConfigDict(extra="forbid")
    type: Literal["outcome"] = "outcome"
    winner: str | None = Field(description="A label of who won ('village', 'wolves', 'player 0'); null: nobody.")
    winners: list[int] = Field(default_factory=list, description="The seats that won.")
    truncated: bool
    days: int = Field(description="Rounds played (Werewolf's days; 0 for a one-round game).")
    decisions: int
    rewards: dict[str, float] = Field(description="Agent name -> return.")
    details: dict[str, Any] = Field(default_factory=dict, description="Game-specific facts (Werewolf: roles, "
                                    "deaths by seat; Kuhn Poker: cards, betting, pot).")
    error: str | None = Field(None, description="Why the game stopped early, when an agent or backend failed.")
    digest: str | None = Field(None, description="Format 2: the chain's last link, over the last decision's "
                               "hash (or the header's digest) and this line's canonical JSON without 'digest'.")

    @model_validator(mode="before")
    @classmethod
    def _from_format_1(cls, data: Any) -> Any:
        """Format 1 (Werewolf only) kept roles and deaths at the top; they are details now."""
        if isinstance(data, dict) and "roles" in data and "details" not in data:
            data = dict(data)
            details = {"roles": data.pop("roles"), "deaths": {str(k): v for k, v in data.pop("deaths", {}).items()}}
            data["details"] = details
            data.setdefault("winners", [int(a.rpartition("_")[2]) for a, r in data.get("rewards", {}).items() if r > 0])
        return data


class GameRecord(BaseModel):
    header: Header
    decisions: list[DecisionLine]
    outcome: Outcome
    # File line numbers of the header, each decision and the outcome, when read from a file,
    # so verification can name the line that differs.
    _file_lines: list[int] | None = PrivateAttr(default=None)

    def file_line(self, k: int) -> int | None:
        """The file line number of the game's k-th line (0: header, 1..n: decisions, n+1: outcome),
        or None for a record not read from a file."""
        return None if self._file_lines is None else self._file_lines[k]

    def lines(self) -> Iterator[str]:
        yield self.header.model_dump_json()
        for d in self.decisions:
            yield d.to_json()
        yield self.outcome.model_dump_json()

    def to_jsonl(self) -> str:
        return "\n".join(self.lines()) + "\n"

    def replay_env(self, verify: bool = True):
        """A PettingZoo env that steps through this game as logged (see parlour.replays.ReplayEnv)."""
        from .replays.replay_env import replay_env

        return replay_env(self, verify=verify)

    def vote_graph(self, day: int):
        """Who voted, accused and defended whom on ``day``, as a networkx graph."""
        from .replays.graph import vote_graph

        return vote_graph(self, day)

    def append_to(self, path: str | Path, on_repair: Callable[[Repair], None] | None = None) -> None:
        """Append this game whole and flush, after cutting a cut-off last line back (see RecordWriter)."""
        with RecordWriter(path, on_repair=on_repair) as writer:
            writer.write(self)


def record_json_schema() -> dict:
    """The JSON Schema of a record file's lines (one of header, decision, outcome), from the models."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"parlour GameRecord line, format version {FORMAT_VERSION}",
        "oneOf": [
            {"title": "header", **Header.model_json_schema()},
            {"title": "decision", **DECISION_ADAPTER.json_schema()},
            {"title": "outcome", **Outcome.model_json_schema()},
        ],
    }


class RecordWriter:
    """Appends whole games to one record file, kept open across games.

    Each game is written in one call and flushed, so a killed process loses at most the game in
    progress; keeping the file open saves an open and close per game. Before the first write, a
    last line cut off by a kill or a full disk is cut back to the last whole line (or, if it is a
    whole line that only lacks its newline, finished), so new games never join a broken line.
    The repair goes to ``on_repair`` (default: a :class:`RecordWarning`) and stays in
    :attr:`repair`. Lines of a game left without its outcome stay; readers skip and report them.
    """

    def __init__(self, path: str | Path, on_repair: Callable[[Repair], None] | None = None):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.repair: Repair | None = repair_tail(self.path)
        if self.repair is not None:
            (on_repair or _warn)(self.repair)
        self._file = self.path.open("ab")

    def write(self, record: GameRecord) -> None:
        self._file.write(record.to_jsonl().encode())
        self._file.flush()

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> RecordWriter:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class RecordWarning(UserWarning):
    """A record file was repaired before appending, or lines of it were skipped while reading."""


def _warn(repair: Repair) -> None:
    import warnings

    warnings.warn(str(repair), RecordWarning, stacklevel=3)


def iter_records(path: str | Path) -> Iterator[GameRecord]:
    """Stream the games of a sound record file; raise :class:`RecordError` at the first problem.

    The strict reader, for files parlour wrote and nothing damaged. To read a damaged file,
    keeping every intact game and a report of each skipped line, use
    :func:`parlour.replays.read_records` (or ``parlour.replays.load``, which warns).
    """
    from .record_reader import Problem, scan

    for item in scan(path):
        if isinstance(item, Problem):
            raise RecordError(f"{path}:{item}")
        yield item
