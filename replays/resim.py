"""Exact re-simulation of a GameRecord: rebuild the engine from rules + seed + recorded actions.

Recorded speech (an LLM's text and stances included) is applied as recorded; no model is asked
again. Each decision's state hash is compared with the record's, and the first difference is
reported by decision index.
"""

from __future__ import annotations

from ..envs.werewolf.actions import Action
from ..envs.werewolf.engine import WerewolfEngine, WerewolfError
from ..envs.werewolf.rules import ruleset_from_dict
from ..record import GameRecord


class ReplayMismatch(ValueError):
    """The record does not re-simulate: names the first decision that differs and how."""


def recorded_action(decision) -> int | Action:
    return Action.model_validate(decision.speech) if decision.speech else decision.action


def resimulate(record: GameRecord, verify: bool = True) -> WerewolfEngine:
    """The engine after replaying every decision; with ``verify``, state hashes must match."""
    rules = ruleset_from_dict(record.header.rules, source=f"game {record.header.game_id} header.rules")
    engine = WerewolfEngine(rules, seed=record.header.seed)
    for d in record.decisions:
        try:
            engine.step(d.seat, recorded_action(d))
        except WerewolfError as e:
            raise ReplayMismatch(f"game {record.header.game_id}, decision {d.i} (day {d.day} {d.phase}, "
                                 f"seat {d.seat}): the recorded action does not replay: {e}") from None
        if verify and engine.state_hash() != d.state_hash:
            raise ReplayMismatch(f"game {record.header.game_id}, decision {d.i} (day {d.day} {d.phase}, seat {d.seat}): "
                                 f"state hash {engine.state_hash()} != recorded {d.state_hash}")
    return engine
