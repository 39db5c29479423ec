"""Boards of the WereBench human games (Pandakill, in Chinese), as parlour RuleSets.

WereBench (Song et al. 2025) transcribes 12-player games whose rules differ by episode. This
module reads a game file's roles and prose rules and builds the RuleSet that plays that board,
so evaluators can compare agents with the humans on the same rules. Roles parlour does not play
yet are reported by name (:class:`UnsupportedRoles`), never approximated.

Where each option comes from (:func:`board_for` says it per game):

- ``prose``: the board's ``game_rules`` text (witch self-save, potions per night, self-explosion,
  the win rule);
- ``host``: the moderator's lines (the sheriff election, the sheriff choosing the speaking side);
- ``default``: what every WereBench board shares by the data's README (1.5 sheriff votes, PK on
  ties, last words) or, when a game states nothing (Season 3 has no rule prose), the rule most
  Season 1 prose states (the witch saves herself on the first night only, never two potions in a
  night).

Each distinct board is also a shipped variant (``werebench-...``); :func:`shipped_variant` names
the one a game plays.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any, NamedTuple

from ...envs.werewolf.roles import Role
from ...envs.werewolf.rules import RuleSet, get_variant, ruleset_from_dict, variant_names

# Chinese role names as written in WereBench -> parlour roles (None: not played by parlour yet).
ROLE_NAMES: dict[str, Role | None] = {
    "村民": Role.VILLAGER, "平民": Role.VILLAGER, "狼人": Role.WEREWOLF, "预言家": Role.SEER, "女巫": Role.WITCH,
    "猎人": Role.HUNTER, "守卫": Role.GUARD, "白痴": Role.IDIOT, "白狼王": Role.WHITE_WOLF_KING,
    "狼王": Role.WOLF_KING, "骑士": Role.KNIGHT,
    "潜行者": Role.STALKER, "禁言长老": Role.SILENCE_ELDER, "狼美人": Role.WOLF_BEAUTY, "恶魔": Role.DEMON,
    "九尾妖狐": Role.NINE_TAILED_FOX,
    # Season 1 game 11 labels its Hunter "阔人" once (a subtitle slip): that seat says "9 号玩家是张猎人牌"
    # and shoots, the prose lists 猎人, and no other board has a 阔人.
    "阔人": Role.HUNTER,
    "魔术师": Role.MAGICIAN, "丘比特": Role.CUPID, "盗贼": Role.THIEF, "鬼魂新娘": Role.GHOST_BRIDE,
    # The Ghost Bride's groom and witness are chosen on night 1, not dealt: no card of their own.
    "新郎": None, "证婚人": None,
}
HOST_LABELS = {"host", "hsot"}  # the moderator's label, typo included as the data has it
ENGLISH = {"潜行者": "Stalker", "禁言长老": "Silence Elder", "狼美人": "Wolf Beauty", "丘比特": "Cupid",
           "盗贼": "Thief", "魔术师": "Magician", "恶魔": "Demon", "九尾妖狐": "Nine-tailed Fox",
           "鬼魂新娘": "Ghost Bride", "新郎": "Groom", "证婚人": "Witness", "阔人": "Hunter (misspelt)"}
# The Thief holds no seat once it has taken a card (real_role shows the card it took), so its
# board is known from the prose or the log that says so.
SEATLESS_ROLES = ("盗贼",)

# What every WereBench board shares (the data's README), and the defaults for options a game's
# prose does not state.
SHARED: dict[str, Any] = {
    "sheriff_vote_weight": 1.5, "last_words": "first_night_and_exiles", "tie": "pk_revote",
    "guard_save_conflict": "dies", "day_limit": 12,
}
UNSTATED: dict[str, Any] = {
    "witch_self_save": "first_night", "witch_both_potions": False, "wolf_self_explode": True,
    "win_rule": "side_kill", "sheriff": True, "speech_order": "sheriff_direction",
}


class UnsupportedRoles(ValueError):
    def __init__(self, source: str, roles: list[str]):
        self.roles = roles
        names = ", ".join(f"{r} ({ENGLISH.get(r, 'unknown')})" for r in roles)
        super().__init__(f"{source}: roles parlour does not play yet: {names}")


class Board(NamedTuple):
    """A game's board: its RuleSet, and where each option came from (option -> 'prose',
    'host' or 'default')."""

    rules: RuleSet
    sources: dict[str, str]


def load_game(path: str | Path) -> dict:
    with Path(path).open(encoding="utf-8") as f:
        return json.load(f)


def seat_roles(game: dict) -> Counter:
    """How many seats hold each (Chinese) role, from the true roles of the players (host excluded).

    A seat written under two speaker labels (Season 3 game 9 has two labels for seat 4) counts
    once; two labels giving one seat different roles is an error naming both."""
    meta = game["metadata"]
    aliases = meta.get("user_aliases", {})
    by_seat: dict[str, tuple[str, str]] = {}
    unseated: Counter = Counter()
    for label, role in meta["real_role"].items():
        if role in HOST_LABELS:
            continue
        seats = aliases.get(label) or []
        if not seats:
            unseated[role] += 1
            continue
        seat = seats[0]
        if seat in by_seat and by_seat[seat][1] != role:
            raise ValueError(f"game {meta.get('game_id', '?')}: seat {seat} is {by_seat[seat][1]} under label "
                             f"{by_seat[seat][0]!r} but {role} under label {label!r}")
        by_seat.setdefault(seat, (label, role))
    return Counter(role for _, role in by_seat.values()) + unseated


def _plain(text: str) -> str:
    """The prose without spaces and commas, which the subtitles put anywhere."""
    return "".join(ch for ch in text if ch not in " ，,、\n")


def witch_self_save(rules_text: str) -> str:
    """The witch's self-save rule from the board's prose (first night only when the prose is silent)."""
    return prose_options(rules_text).get("witch_self_save", UNSTATED["witch_self_save"])


def prose_options(rules_text: str) -> dict[str, Any]:
    """The options a board's prose states (only those it states)."""
    text = _plain(rules_text)
    found: dict[str, Any] = {}
    if "第一晚可以自救" in text or "首夜可以自救" in text:
        found["witch_self_save"] = "first_night"
    elif any(p in text for p in ("不可以自救", "不能自救", "不可自救")):
        found["witch_self_save"] = "never"
    elif "可以自救" in text:
        found["witch_self_save"] = "always"
    if any(p in text for p in ("同一晚不能使用两瓶药", "每晚可以使用一瓶解药或毒药", "同一晚不可以使用两瓶药")):
        found["witch_both_potions"] = False
    elif "同一晚可以使用两瓶药" in text:
        found["witch_both_potions"] = True
    if "自爆" in text:
        found["wolf_self_explode"] = True
    if "屠边" in text:
        found["win_rule"] = "side_kill"
    elif "屠城" in text:
        found["win_rule"] = "kill_all"
    return found


def host_lines(game: dict) -> list[str]:
    return [u["text"] for u in game.get("utterances", []) if u.get("speaker_id") in HOST_LABELS]


def host_options(game: dict) -> dict[str, Any]:
    """The options the moderator's lines show: an election, the sheriff choosing the speaking side."""
    lines = _plain(" ".join(host_lines(game)))
    found: dict[str, Any] = {}
    if "警长竞选" in lines:
        found["sheriff"] = True
    if "警左" in lines or "警右" in lines or "死左" in lines or "死右" in lines:
        found["speech_order"] = "sheriff_direction"
    return found


def _told(game: dict) -> str:
    meta = game["metadata"]
    return meta.get("game_rules", "") + str(meta.get("logs", ""))


def _unsupported(game: dict, counts: Counter) -> list[str]:
    missing = {r for r in counts if ROLE_NAMES.get(r) is None}
    missing.update(r for r in SEATLESS_ROLES if r in _told(game) and ROLE_NAMES.get(r) is None)
    return sorted(missing)


def deck_roles(game: dict, source: str = "werebench game") -> Counter:
    """Every card of a board whose roles parlour plays: the seats' roles and, on a Thief's board,
    the Thief and the spare card it left (the role the game lists that no seat holds)."""
    counts: Counter = Counter()
    for name, n in seat_roles(game).items():
        role = ROLE_NAMES.get(name)
        if role is None:
            raise UnsupportedRoles(source, [name])
        counts[role] += n
    if "盗贼" in _told(game) and Role.THIEF not in counts:
        # The log names the card the Thief left ("选女巫埋村民", "选择鬼魂新娘埋掉守卫"); else it is
        # the one role the game lists that no seat holds.
        meta = game["metadata"]
        cards = "|".join(n for n, r in ROLE_NAMES.items() if r is not None)
        buried = re.search(r"盗贼.{0,12}?埋(?:掉)?(" + cards + ")",
                           str(meta.get("logs", "")) + str(meta.get("summary", "")))
        listed = {ROLE_NAMES.get(r) for r in meta.get("game_roles", [])}
        named = ROLE_NAMES[buried.group(1)] if buried else None
        spare: list[Role] = ([named] if named is not None
                             else sorted(r for r in listed if r is not None and r is not Role.THIEF and r not in counts))
        if len(spare) != 1:
            raise ValueError(f"{source}: a Thief's board, but its spare card is unknown: roles listed and unseated: "
                             f"{[r.label for r in spare] or 'none'}")
        counts[Role.THIEF] += 1
        counts[spare[0]] += 1
    return counts


def board_for(game: dict, source: str = "werebench game") -> Board:
    """A WereBench game's board and where each option came from; UnsupportedRoles names roles parlour lacks."""
    missing = _unsupported(game, seat_roles(game))
    if missing:
        raise UnsupportedRoles(source, missing)
    counts = deck_roles(game, source)
    meta = game["metadata"]
    roles = {role.name.lower(): n for role, n in counts.items()}
    options: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for found, origin in ((prose_options(meta.get("game_rules", "")), "prose"), (host_options(game), "host")):
        for option, value in found.items():
            options.setdefault(option, value)
            sources.setdefault(option, origin)
    for option, value in {**UNSTATED, **SHARED}.items():
        if option not in options:
            options[option], sources[option] = value, "default"
    game_id = meta.get("game_id", "game")
    rules = ruleset_from_dict({
        "name": f"werebench-{game_id}",
        "description": f"Board of WereBench game {game_id}",
        "roles": dict(roles),
        **options,
    }, source=source)
    return Board(rules, sources)


def ruleset_for(game: dict, source: str = "werebench game") -> RuleSet:
    """The RuleSet of a WereBench game's board; UnsupportedRoles names roles parlour lacks."""
    return board_for(game, source).rules


def _play_fields(rules: RuleSet) -> dict:
    return rules.model_dump(exclude={"name", "description"})


def shipped_variant(rules: RuleSet) -> str | None:
    """The shipped ``werebench-...`` variant that plays exactly this board (None if there is none)."""
    fields = _play_fields(rules)
    for name in variant_names():
        if name.startswith("werebench-") and _play_fields(get_variant(name)) == fields:
            return name
    return None
