"""Werewolf through parlour's game contract (parlour.game.Game)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ...game import Game, GameOutcome, NarrationLine
from .actions import CURRENT_VERSION, LAYOUT_VERSIONS, Action
from .engine import WerewolfEngine
from .errors import WerewolfError
from .events import PUBLIC, WOLVES, EventKind, visible_to
from .narrate import audience, describe
from .roles import Role, Side
from .rules import RuleSet, get_variant, ruleset_from_dict, variant_names

_STYLE = {
    EventKind.NIGHT: "bold blue", EventKind.DAY: "bold yellow", EventKind.DEATH: "bold red",
    EventKind.GAME_OVER: "bold magenta", EventKind.VOTE: "cyan", EventKind.SHERIFF: "bold green",
    EventKind.EXILE: "bold red",
}
_SKIP = {EventKind.BID}  # bids are noise in a transcript; the speaker they choose is shown


class WerewolfGame(Game):
    id = "werewolf"
    env_name = "werewolf_v0"
    title = "Werewolf (social deduction) in many rule variants"
    rules_model = RuleSet
    engine_type = WerewolfEngine
    action_layout = CURRENT_VERSION  # 2: CLAIM over the board's own roles (actions.py)
    action_errors = (WerewolfError, ValueError, TypeError)

    def boards(self) -> tuple[str, ...]:
        return variant_names()

    def default_board(self) -> str:
        from .env import DEFAULT_VARIANT

        return DEFAULT_VARIANT

    def rules(self, board: str | Path | BaseModel | dict | None = None) -> RuleSet:
        if board is None:
            return get_variant(self.default_board())
        if isinstance(board, RuleSet):
            return board
        if isinstance(board, dict):
            return ruleset_from_dict(board)
        return get_variant(str(board))

    def num_seats(self, rules: RuleSet) -> int:  # type: ignore[override]
        return rules.num_players

    def board_summary(self, rules: RuleSet) -> dict[str, str]:  # type: ignore[override]
        roles = ", ".join(f"{n} {role.label}" if n > 1 else role.label for role, n in sorted(rules.role_counts.items()))
        words = lambda option: option.replace("_", " ")  # noqa: E731 - 'sheriff direction' wraps between words
        return {"players": str(rules.num_players), "roles": roles, "win rule": words(rules.win_rule),
                "sheriff": "yes" if rules.sheriff else "no", "speech order": words(rules.speech_order),
                "vote / tie": words(f"{rules.vote} / {rules.tie}")}

    def raw_env(self, rules: RuleSet, **kwargs):  # type: ignore[override]
        from .env import raw_env

        return raw_env(rules, **kwargs)

    def env(self, rules: RuleSet, **kwargs):  # type: ignore[override]
        from .. import werewolf_v0

        return werewolf_v0.env(rules, **kwargs)

    def parallel_env(self, rules: RuleSet, **kwargs):  # type: ignore[override]
        from .env import parallel_env

        return parallel_env(rules, **kwargs)

    def new_engine(self, rules: RuleSet, seed: int | None,  # type: ignore[override]
                   action_layout: int | None = None) -> WerewolfEngine:
        return WerewolfEngine(rules, seed=seed, action_layout=action_layout)

    def record_options(self, header) -> dict[str, Any]:
        # Every layout version stays playable: records made before versions had a name are 1.
        version = header.action_layout or 1
        if version not in LAYOUT_VERSIONS:
            raise ValueError(f"action layout {version} is unknown to this parlour (known: "
                             f"{', '.join(map(str, LAYOUT_VERSIONS))})")
        return {"action_layout": version}

    def encode_action(self, engine: WerewolfEngine, applied: Any) -> tuple[int, dict | None]:  # type: ignore[override]
        if applied.__class__ is int:
            return applied, None
        # A structured Action: its flat index (or first stance) plus the stances and text.
        index = applied.index if applied.index is not None else applied.indices(engine.layout)[0]
        return index, applied.model_dump(mode="json", exclude_none=True, exclude_defaults=True) or None

    def decode_action(self, index: int, structured: dict | None) -> int | Action:
        return Action.model_validate(structured) if structured else index

    def outcome(self, engine: WerewolfEngine) -> GameOutcome:  # type: ignore[override]
        winner = engine.winner
        label = None if winner is None else {Side.WOLVES: "wolves", Side.VILLAGE: "village", Side.LOVERS: "lovers"}[winner]
        winners = [] if winner is None else [s for s in range(engine.n) if engine.team(s) == winner]
        return GameOutcome(
            returns=engine.final_rewards(), winners=winners, winner=label, truncated=engine.truncated,
            details={"roles": [r.name.lower() for r in engine.roles],
                     "deaths": {str(s): cause for s, cause in sorted(engine.death_cause.items())}},
        )

    def agent_kinds(self):
        def scripted(env, seat, seed, arg):
            from ...agents.scripted import ScriptedWerewolfAgent

            return ScriptedWerewolfAgent.for_env(env, seed=seed)

        return {"scripted": scripted}

    def seat_groups(self, engine: WerewolfEngine) -> dict[str, list[int]]:  # type: ignore[override]
        groups = {"wolves": [s for s in range(engine.n) if engine.is_wolf[s]],
                  "village": [s for s in range(engine.n) if not engine.is_wolf[s]]}
        for role in sorted(set(engine.roles)):
            groups[role.name.lower().replace("_", "-")] = [s for s, r in enumerate(engine.roles) if r is role]
        return groups

    def text_interface(self, env, **kwargs):
        from ...agents.llm.interface import WerewolfTextInterface

        return WerewolfTextInterface(env, **kwargs)

    def hidden_from(self, engine: WerewolfEngine, seat: int) -> list[str]:  # type: ignore[override]
        """Other seats' true roles, as the deal's sentence ("Seat 3 is the Seer."), an ability's
        event ("Seat 3 (Seer) checks ...") and that seat's own role card would phrase them. Left
        out: the seat itself, its wolf teammates (the wolves know each other), and roles it has
        seen revealed (a public reveal, an Idiot's or a Knight's show, a role-revealing check)."""
        is_wolf = bool(engine.is_wolf[seat])
        known = {seat} | ({s for s in range(engine.n) if engine.is_wolf[s]} if is_wolf else set())
        for ev in engine.events:
            if not visible_to(ev, seat, is_wolf):
                continue
            if ev.kind in (EventKind.REVEAL, EventKind.SEER_CHECK) and isinstance(ev.value, Role) \
                    or ev.kind in (EventKind.IDIOT, EventKind.DEAL):
                known.add(ev.target)
            elif ev.kind == EventKind.DUEL:
                known.add(ev.actor)
        return [phrase for s, role in enumerate(engine.roles) if s not in known
                for phrase in (f"Seat {s} is the {role.label}.", f"Seat {s} ({role.label})",
                               f"You are seat {s}. Your role: {role.label}")]

    def narrate(self, engine: WerewolfEngine, seat: int | None = None) -> list[NarrationLine]:  # type: ignore[override]
        lines = []
        for ev in engine.events:
            if ev.kind in _SKIP or (ev.kind in (EventKind.DEAL, EventKind.TEAMMATES) and seat is None):
                continue
            if seat is not None and not (ev.visible == PUBLIC or ev.visible == seat
                                         or (ev.visible == WOLVES and engine.is_wolf[seat])):
                continue
            text = describe(ev)
            if text is None:
                continue
            private = ev.visible != PUBLIC
            indent = "" if ev.kind in (EventKind.NIGHT, EventKind.DAY) else "  "
            suffix = f"  [{audience(ev)}]" if private and seat is None else ""
            lines.append(NarrationLine(ev.day, indent + text + suffix,
                                       "dim italic" if private else _STYLE.get(ev.kind, "")))
        return lines

    def html_page(self, records, title: str) -> str:
        from .html_view import render_html

        return render_html(list(records), title)

    def graph(self, record, round: int, engine=None):
        from .vote_graph import vote_graph

        return vote_graph(record, round, engine=engine)

    def table_columns(self) -> tuple[str, ...]:
        from .table_fields import COLUMNS

        return COLUMNS

    def decision_fields(self, record, decision) -> dict:
        from .table_fields import decision_fields

        return decision_fields(record, decision)

    def roles_line(self, engine: WerewolfEngine) -> str:  # type: ignore[override]
        return "Roles: " + ", ".join(f"{i}={r.label}" for i, r in enumerate(engine.roles))


__all__ = ["WerewolfGame", "Role"]
