"""Exact re-simulation of a GameRecord: rebuild the engine from rules + seed + recorded actions.

Recorded speech (an LLM's text and stances included) is applied as recorded; no model is asked
again. With ``verify``, every line of the game is checked and the first that differs is named by
its file line number and decision index:

- format 2: the header's digest, then each decision's place (index, day, phase, legal-action
  count) and its link of the hash chain (previous hash + the line's canonical JSON + the
  engine's state bytes after it), then the outcome, recomputed field by field and chained too;
- format 1: each decision's Python-hash state digest (the old method), and the outcome fields.
"""

from __future__ import annotations

import json
from typing import Any, Protocol, cast

from ..envs import UnknownGameError, get_game
from ..game import Engine, Game
from ..record import GameRecord
from ..record_digest import canonical_json, header_digest, link, outcome_digest, state_bytes
from ..runner import outcome_fields


class ReplayMismatch(ValueError):
    """The record does not re-simulate or was edited: names the first line that differs and how.

    ``line`` is the file line number (None for a record not read from a file); ``message`` the
    rest, so a caller can print ``path:line: message``.
    """

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message if line is None else f"line {line}: {message}")
        self.message, self.line = message, line


def game_of_record(record: GameRecord) -> Game:
    """The registered game that plays ``record`` (by its header's env_id), or a clear error."""
    try:
        return get_game(record.header.env_id)
    except UnknownGameError as e:
        raise ReplayMismatch(f"game {record.header.game_id}: {e}", record.file_line(0)) from None


def recorded_action(decision, game: Game | None = None) -> Any:
    """The action to re-apply from a decision line (Werewolf's by default, for older callers)."""
    return (game or get_game("werewolf")).decode_action(decision.action, decision.speech)


class _LegacyDigestEngine(Engine, Protocol):
    """An engine that format 1 records can check: Werewolf's, the only game of that format."""

    def legacy_state_digest(self) -> int: ...


class Verifier:
    """Checks one game line by line while it is re-simulated (resimulate and ReplayEnv share it)."""

    def __init__(self, record: GameRecord, game: Game):
        self.record, self.game = record, game
        self.version = record.header.format_version
        self._previous = record.header.digest

    def _fail(self, k: int, what: str) -> ReplayMismatch:
        return ReplayMismatch(f"game {self.record.header.game_id}, {what}", self.record.file_line(k))

    def header(self, engine: Engine) -> None:
        h = self.record.header
        if len(h.agents) != engine.n:
            raise self._fail(0, f"header: {len(h.agents)} agents for a board of {engine.n} seats")
        if self.version == 1:
            return
        if h.digest is None:
            raise self._fail(0, "header: no digest (format 2 records carry one)")
        expected = header_digest(h.model_dump(mode="json"))
        if expected != h.digest:
            raise self._fail(0, f"header: digest {h.digest} does not match its content ({expected}): "
                                "the header (rules, agents, seed, ...) was edited")

    def before(self, engine: Engine, k: int, d) -> None:
        """The line's place in the game, checked before its action is applied."""
        legal = engine.legal_actions(d.seat)
        expected = (k, engine.round, engine.phase_name, len(legal) if legal else d.n_legal)
        if (d.i, d.day, d.phase, d.n_legal) != expected:
            raise self._fail(k + 1, f"decision {d.i}: recorded as decision {d.i} (day {d.day} {d.phase}, {d.n_legal} "
                                    f"legal actions), but it is decision {k} (day {expected[1]} {expected[2]}, "
                                    f"{expected[3]} legal actions)")

    def after(self, engine: Engine, k: int, d) -> None:
        """The line's hash, checked after its action is applied."""
        if self.version == 1:
            actual = format(cast(_LegacyDigestEngine, engine).legacy_state_digest(), "016x")
        else:
            assert self._previous is not None  # header() failed a format-2 record without a digest
            actual = link(self._previous, d.canonical(), state_bytes(engine))
            self._previous = actual
        if actual != d.state_hash:
            raise self._fail(k + 1, f"decision {d.i} (day {d.day} {d.phase}, seat {d.seat}): state hash {d.state_hash} "
                                    f"!= re-simulated {actual}: this line (or the game's state) differs from "
                                    "what was recorded")

    def outcome(self, engine: Engine) -> None:
        out, k = self.record.outcome, len(self.record.decisions) + 1
        recorded = out.model_dump(mode="json")
        expected = json.loads(json.dumps(outcome_fields(self.game, engine, out.error)))  # as JSON data: str keys
        for field, value in expected.items():
            value = canonical_json(value)
            if canonical_json(recorded[field]) != value:
                raise self._fail(k, f"outcome: {field} is {canonical_json(recorded[field])}, "
                                    f"but the game re-simulates to {value}")
        if self.version == 1:
            return
        assert self._previous is not None  # header() failed a format-2 record without a digest
        actual = outcome_digest(self._previous, recorded)
        if out.digest != actual:
            raise self._fail(k, f"outcome: digest {out.digest} != re-simulated {actual}: the outcome line was edited")


def resimulate(record: GameRecord, verify: bool = True) -> Engine:
    """The engine after replaying every decision; with ``verify``, every line must check out
    (see the module docstring), else :class:`ReplayMismatch` names the first that does not."""
    game = game_of_record(record)
    try:
        rules = game.rules(record.header.rules)
    except ValueError as e:
        raise ReplayMismatch(f"game {record.header.game_id}, header.rules: {e}", record.file_line(0)) from None
    try:
        options = game.record_options(record.header)
    except ValueError as e:
        raise ReplayMismatch(f"game {record.header.game_id}, header.action_layout: {e}", record.file_line(0)) from None
    engine = game.new_engine(rules, record.header.seed, **options)  # type: ignore[call-arg]
    verifier = Verifier(record, game) if verify else None
    if verifier:
        verifier.header(engine)
    for k, d in enumerate(record.decisions):
        if verifier:
            verifier.before(engine, k, d)
        try:
            engine.step(d.seat, game.decode_action(d.action, d.speech))
        except game.action_errors as e:
            raise ReplayMismatch(f"game {record.header.game_id}, decision {d.i} (day {d.day} {d.phase}, "
                                 f"seat {d.seat}): the recorded action does not replay: {e}",
                                 record.file_line(k + 1)) from None
        if verifier:
            verifier.after(engine, k, d)
    if verifier:
        verifier.outcome(engine)
    return engine
