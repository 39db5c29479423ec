"""Boards of the WereBench human games (Pandakill, in Chinese), as parlour RuleSets.

WereBench (Song et al. 2025) transcribes 12-player games whose rules differ by episode. This
module reads a game file's roles and prose rules and builds the RuleSet that plays that board,
so evaluators can compare agents with the humans on the same rules. Roles parlour does not play
yet are reported by name (:class:`UnsupportedRoles`), never approximated.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from ...envs.werewolf.roles import Role
from ...envs.werewolf.rules import RuleSet, ruleset_from_dict

# Chinese role names as written in WereBench -> parlour roles (None: not played by parlour yet).
ROLE_NAMES: dict[str, Role | None] = {
    "村民": Role.VILLAGER, "平民": Role.VILLAGER, "狼人": Role.WEREWOLF, "预言家": Role.SEER, "女巫": Role.WITCH,
    "猎人": Role.HUNTER, "守卫": Role.GUARD, "白痴": Role.IDIOT, "白狼王": Role.WHITE_WOLF_KING,
    "狼王": Role.WOLF_KING, "骑士": Role.KNIGHT,
    "潜行者": None, "禁言长老": None, "狼美人": None, "丘比特": None, "盗贼": None, "魔术师": None,
    "恶魔": None, "九尾妖狐": None, "鬼魂新娘": None, "新郎": None, "证婚人": None,
}
HOST_LABELS = {"host", "hsot"}  # the moderator's label, typo included as the data has it
ENGLISH = {"潜行者": "Stalker", "禁言长老": "Silence Elder", "狼美人": "Wolf Beauty", "丘比特": "Cupid",
           "盗贼": "Thief", "魔术师": "Magician", "恶魔": "Demon", "九尾妖狐": "Nine-tailed Fox",
           "鬼魂新娘": "Ghost Bride", "新郎": "Groom", "证婚人": "Witness"}


class UnsupportedRoles(ValueError):
    def __init__(self, source: str, roles: list[str]):
        self.roles = roles
        names = ", ".join(f"{r} ({ENGLISH.get(r, 'unknown')})" for r in roles)
        super().__init__(f"{source}: roles parlour does not play yet: {names}")


def load_game(path: str | Path) -> dict:
    with Path(path).open(encoding="utf-8") as f:
        return json.load(f)


def seat_roles(game: dict) -> Counter:
    """How many seats hold each (Chinese) role, from the true roles of the players (host excluded)."""
    return Counter(role for role in game["metadata"]["real_role"].values() if role not in HOST_LABELS)


def witch_self_save(rules_text: str) -> str:
    """The witch's self-save rule from the board's prose (first night only when the prose is silent)."""
    if "第一晚可以自救" in rules_text or "首夜可以自救" in rules_text:
        return "first_night"
    if any(p in rules_text for p in ("不可以自救", "不能自救", "不可自救")):
        return "never"
    if "可以自救" in rules_text:
        return "always"
    return "first_night"


def ruleset_for(game: dict, source: str = "werebench game") -> RuleSet:
    """The RuleSet of a WereBench game's board; UnsupportedRoles names roles parlour lacks."""
    counts = seat_roles(game)
    known = {r: ROLE_NAMES.get(r, None) for r in counts}
    missing = sorted(r for r, role in known.items() if role is None)
    if missing:
        raise UnsupportedRoles(source, missing)
    rules_text = game["metadata"].get("game_rules", "")
    roles = {role.name.lower(): counts[r] for r, role in known.items() if role is not None}
    # What every WereBench board shares (README of the data): sheriff with 1.5 votes choosing the
    # speaking direction, PK on ties, last words, self-explosion by day, side-kill win.
    return ruleset_from_dict({
        "name": f"werebench-{game['metadata'].get('game_id', 'game')}",
        "description": f"Board of WereBench game {game['metadata'].get('game_id', '?')}",
        "roles": roles,
        "witch_self_save": witch_self_save(rules_text),
        "witch_both_potions": False,
        "guard_save_conflict": "dies",
        "sheriff": True,
        "sheriff_vote_weight": 1.5,
        "last_words": "first_night_and_exiles",
        "speech_order": "sheriff_direction",
        "tie": "pk_revote",
        "wolf_self_explode": True,
        "win_rule": "side_kill",
        "day_limit": 12,
    }, source=source)
