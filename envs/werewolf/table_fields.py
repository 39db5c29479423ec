"""Werewolf's columns of ``parlour replay --table``: each decision's role, side, action kind and
target, and the stances of a speech (from the structured speech or the bare index)."""

from __future__ import annotations

from functools import cache

from .actions import Action, ActionLayout, Kind
from .roles import Role, Side

COLUMNS = ("role", "side", "action", "action_kind", "target", "claim", "accuse", "defend", "vote_intent",
           "reports", "text")
# Kinds whose argument is a seat: the row's ``target``.
_SEAT_KINDS = frozenset({Kind.TARGET, Kind.REPORT_WOLF, Kind.REPORT_GOOD, Kind.ACCUSE, Kind.DEFEND,
                         Kind.VOTE_INTENT, Kind.DUEL})


@cache
def _layout(n: int, roles: tuple[str, ...], version: int) -> ActionLayout:
    return ActionLayout.for_board(n, map(Role.parse, roles), version)


def record_layout(record) -> ActionLayout:
    """The action layout a record's indices are in: its board's and its header's version (absent: 1)."""
    h = record.header
    return _layout(len(h.agents), tuple(h.rules["roles"]), h.action_layout or 1)


def _seats(seats) -> str:
    return " ".join(map(str, seats))


def _stances(decision, layout: ActionLayout) -> dict:
    act = Action.model_validate(decision.speech) if decision.speech else Action(index=decision.action)
    if act.index is not None:  # a single index (text may ride along): its kind says the stance
        kind, arg = layout.decode(act.index)
        act = Action(
            claim=Role(arg) if kind is Kind.CLAIM else None,
            accuse=(arg,) if kind is Kind.ACCUSE else (), defend=(arg,) if kind is Kind.DEFEND else (),
            vote_intent=arg if kind is Kind.VOTE_INTENT else None,
            reports=({"seat": arg, "side": Side.WOLVES if kind is Kind.REPORT_WOLF else Side.VILLAGE},)
            if kind in (Kind.REPORT_WOLF, Kind.REPORT_GOOD) else (),
            text=act.text,
        )
    return {
        "claim": act.claim.name.lower() if act.claim is not None else None,
        "accuse": _seats(act.accuse) or None, "defend": _seats(act.defend) or None,
        "vote_intent": act.vote_intent,
        "reports": " ".join(f"{r.seat}:{r.side.name.lower()}" for r in act.reports) or None,
        "text": act.text or None,
    }


def decision_fields(record, decision) -> dict:
    roles = record.outcome.details["roles"]
    layout = record_layout(record)
    kind, arg = layout.decode(decision.action)
    role = Role.parse(roles[decision.seat])
    return {"role": role.name.lower(), "side": role.side.name.lower(), "action": decision.action,
            "action_kind": kind.name.lower(), "target": arg if kind in _SEAT_KINDS else None,
            **_stances(decision, layout)}
