"""The GameRecord: the one data format every part of parlour reads.

A record is JSON Lines: a header (format version, env id, variant and its full rules, seed, agent
specs), one line per decision, and an outcome line. Many games may share a file; each game is
appended whole and flushed, so a killed process loses at most the game in progress.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator, Literal

from dataclasses import dataclass
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

FORMAT_VERSION = 1


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
    state_hash: Annotated[str, Field(description="The engine's state hash after this decision.")]
    speech: Annotated[dict[str, Any] | None, Field(description="Stances and text of a structured speech act.")] = None
    illegal: Annotated[str | None, Field(description="Why the agent's own action was refused (penalty mode).")] = None
    llm: Annotated[dict[str, Any] | None, Field(
        description="For an LLM decision: model, sampling, prompt hash, raw output, tokens, latency, retries, fallback."
    )] = None
    type: Literal["decision"] = "decision"

    def to_json(self) -> str:
        # Hand-formatted on the hot path (one line per decision); phase and state_hash are
        # identifiers, so only the optional free-form fields need json.dumps.
        line = (f'{{"type":"decision","i":{self.i},"day":{self.day},"phase":"{self.phase}","seat":{self.seat},'
                f'"n_legal":{self.n_legal},"action":{self.action}')
        if self.speech is not None:
            line += ',"speech":' + _dumps(self.speech)
        if self.illegal is not None:
            line += ',"illegal":' + _dumps(self.illegal)
        if self.llm is not None:
            line += ',"llm":' + _dumps(self.llm)
        return line + f',"state_hash":"{self.state_hash}"}}'


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


DecisionLine.__pydantic_config__ = ConfigDict(extra="forbid")  # unknown fields in a line are errors
DECISION_ADAPTER = TypeAdapter(DecisionLine)


class Outcome(BaseModel):
    model_config = ConfigDict(extra="forbid")
    type: Literal["outcome"] = "outcome"
    winner: Literal["village", "wolves"] | None
    truncated: bool
    days: int
    decisions: int
    roles: list[str]
    deaths: dict[int, str] = Field(description="Seat -> true cause of death (wolves, poison, exile, shot, ...).")
    rewards: dict[str, float]
    error: str | None = Field(None, description="Why the game stopped early, when an agent or backend failed.")


class GameRecord(BaseModel):
    header: Header
    decisions: list[DecisionLine]
    outcome: Outcome

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

    def append_to(self, path: str | Path) -> None:
        """Append this game whole and flush, so a crash never leaves half of it behind unnoticed."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as f:
            f.write(self.to_jsonl())
            f.flush()


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
    progress; keeping the file open saves an open and close per game.
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._file = self.path.open("a", encoding="utf-8")

    def write(self, record: GameRecord) -> None:
        self._file.write(record.to_jsonl())
        self._file.flush()

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> RecordWriter:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


_LINE_MODELS = {"header": Header.model_validate, "decision": DECISION_ADAPTER.validate_python,
                "outcome": Outcome.model_validate}


def iter_records(path: str | Path) -> Iterator[GameRecord]:
    """Stream the games of a record file one at a time; bad input names the line and field."""
    path = Path(path)
    header, decisions = None, []
    with path.open(encoding="utf-8") as f:
        for lineno, raw in enumerate(f, 1):
            if not raw.strip():
                continue
            if not raw.endswith("\n"):
                raise RecordError(f"{path}:{lineno}: the file ends mid-line (a game cut off while it was written)")
            try:
                data = json.loads(raw)
            except json.JSONDecodeError as e:
                raise RecordError(f"{path}:{lineno}: not JSON ({e.msg} at column {e.colno})") from None
            kind = data.get("type") if isinstance(data, dict) else None
            validate = _LINE_MODELS.get(kind)
            if validate is None:
                raise RecordError(f"{path}:{lineno}: field 'type' is {kind!r}; expected header, decision or outcome")
            if kind == "header" and data.get("format_version") != FORMAT_VERSION:
                raise RecordError(
                    f"{path}:{lineno}: record format version {data.get('format_version')!r}, "
                    f"but this parlour reads version {FORMAT_VERSION}"
                )
            try:
                line = validate(data)
            except ValidationError as e:
                err = e.errors()[0]
                field = ".".join(map(str, err["loc"]))
                raise RecordError(f"{path}:{lineno}: {kind} line, field {field!r}: {err['msg']}") from None
            if kind == "header":
                if header is not None:
                    raise RecordError(f"{path}:{lineno}: a new header before the outcome of game {header.game_id!r}")
                header, decisions = line, []
            elif header is None:
                raise RecordError(f"{path}:{lineno}: a {kind} line before any header")
            elif kind == "decision":
                decisions.append(line)
            else:
                # Every line was validated above; don't validate the decisions a second time.
                yield GameRecord.model_construct(header=header, decisions=decisions, outcome=line)
                header = None
    if header is not None:
        raise RecordError(f"{path}: game {header.game_id!r} has no outcome line (the file was cut off)")
