"""``load(path)``: WereBench's human games and multiple-choice items as reference-schema objects.

The release (ZiruiSongBest/WereBench; its format in the reference folder's README) has one JSON file
per game (``games/Season_X/NN.json`` here, ``dataset/data/Season_X/NN.json`` in the repository)
and ``WereBench.json`` with the items. Votes and night events are not structured fields there:
the MVP's day votes are, and the host's vote announcements and death announcements are parsed
from the host's lines (:mod:`.host_lines`). Everything else is read as written; a role parlour does
not play is kept by its Chinese name with ``role`` None.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from ...validation import field_errors
from .boards import HOST_LABELS, ROLE_NAMES
from .host_lines import parse_deaths, parse_vote_round
from .schema import Board, Death, Option, Outcome, ReferenceGame, Seat, Side, StrategyItem, Utterance, Vote

ITEMS_FILE = "WereBench.json"
NOT_GAMES = {ITEMS_FILE, "question_template.json"}
# Misspellings in the release, each checked against the game's own narrative (``logs``):
# Season 1 episode 11 writes 阔人 for seat 9, whom its logs call the hunter (猎人).
ROLE_TYPOS = {"阔人": "猎人"}
# Sides of the board roles parlour does not play (from the boards' prose rules); the lovers'
# and the wedding roles can change sides during a game, so they are left unknown.
UNPLAYED_SIDES: dict[str, Side] = {
    "潜行者": "village", "禁言长老": "village", "魔术师": "village", "九尾妖狐": "village", "丘比特": "village",
    "狼美人": "wolves", "恶魔": "wolves",
}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
            "eighth": 8, "ninth": 9, "tenth": 10}
_SEAT = re.compile(r"^\s*(\d+)\s*号?\s*$")
_ASKED = re.compile(r"(\d+)\s*号")  # the seat an item is put to: "9号", "预言家12号"
_YOU_ARE = re.compile(r"^你是\s*(\d+)\s*号")


class WereBenchFormatError(ValueError):
    """A WereBench file that does not read; the message names the file and the field."""


class _Raw(BaseModel):
    model_config = ConfigDict(extra="allow")


class RawUtterance(_Raw):
    utterance_id: list[int]
    status: str
    speaker_id: str
    is_host: bool
    text: str
    role: str | None = None


class RawMVP(_Raw):
    id: str
    votes: dict[str, dict[str, Any]]


class RawMetadata(_Raw):
    game_id: int | str
    source: str = ""
    game_rules: str = ""
    game_roles: list[str]
    user_aliases: dict[str, list[str]]
    real_role: dict[str, str | None]
    MVP: RawMVP | None = None
    logs: str = ""
    summary: str = ""
    language: str = "chinese"


class RawGame(_Raw):
    metadata: RawMetadata
    utterances: list[RawUtterance]


class RawOption(_Raw):
    key: str
    text: str


class RawQuestion(_Raw):
    id: int
    utterance_id: int
    role: str
    text: str
    text1: str = ""
    options: list[RawOption]
    answerKey: str
    reference: str
    explanation: str = ""


class RawCategory(_Raw):
    categoryName: str
    questions: list[RawQuestion]


class RawItems(_Raw):
    categories: list[RawCategory]


@dataclass
class WereBench:
    """The games and items of one WereBench folder (or file)."""

    root: Path
    games: list[ReferenceGame] = field(default_factory=list)
    items: list[StrategyItem] = field(default_factory=list)

    def game(self, key: str) -> ReferenceGame:
        for g in self.games:
            if g.key == key:
                return g
        raise KeyError(f"{self.root}: no game {key!r} (games: {', '.join(g.key for g in self.games[:5])}...)")

    def by_dimension(self) -> dict[str, list[StrategyItem]]:
        out: dict[str, list[StrategyItem]] = {}
        for item in self.items:
            out.setdefault(item.dimension, []).append(item)
        return out


def seat_number(label: str) -> int | None:
    """'9号', '9 号' or '9' -> 9; anything else (the host, an unnamed speaker) -> None."""
    m = _SEAT.match(label)
    return int(m.group(1)) if m else None


def asked_seat(role: str, text: str) -> int | None:
    """The seat an item is put to: from its ``role`` ("9号", "预言家12号"), else from a question that
    starts "你是9号" (the role may say only "场上玩家", a player); None when neither names one."""
    m = _ASKED.search(role) or _YOU_ARE.match(text)
    return int(m.group(1)) if m else None


def phase_day(status: str) -> int:
    """'second_day' -> 2, 'third_night' -> 3, the sheriff election -> 1; an unknown phase -> 0."""
    if status.startswith("sheiff_election") or status.startswith("sheriff_election"):
        return 1
    return ORDINALS.get(status.partition("_")[0], 0)


def role_of(name: str) -> tuple[str | None, Side]:
    """A WereBench role name -> (parlour role name or None, side)."""
    name = ROLE_TYPOS.get(name, name)
    role = ROLE_NAMES.get(name)
    if role is not None:
        return role.name.lower(), "wolves" if role.side.name == "WOLVES" else "village"
    return None, UNPLAYED_SIDES.get(name, "unknown")


def game_key(path: str | Path) -> str:
    """'.../Season_1/01.json' and the items' 'data/Season_1/01.json' -> 'Season_1/01'."""
    p = Path(path)
    return f"{p.parent.name}/{p.stem}" if p.parent.name else p.stem


def _read_json(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as f:
            return json.load(f)
    except json.JSONDecodeError as e:
        raise WereBenchFormatError(f"{path}: not JSON ({e})") from None


def _validated(model: type[BaseModel], data: Any, path: Path) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as e:
        raise WereBenchFormatError(f"{path}: {field_errors(e)}") from None


def read_game(path: str | Path, key: str | None = None) -> ReferenceGame:
    """One game file as a :class:`ReferenceGame`."""
    path = Path(path)
    raw: RawGame = _validated(RawGame, _read_json(path), path)
    meta = raw.metadata
    seats: dict[int, Seat] = {}
    label_seat: dict[str, int] = {}
    notes: list[str] = []
    # Each line also carries its speaker's true role: the fallback where metadata.real_role lacks one.
    spoken = {r.speaker_id: r.role for r in raw.utterances if r.role and r.role not in HOST_LABELS}
    for label, aliases in meta.user_aliases.items():
        role_name = meta.real_role.get(label)
        if not aliases or aliases[0] in HOST_LABELS or role_name in HOST_LABELS:
            continue
        seat = seat_number(aliases[0])
        if seat is None:
            raise WereBenchFormatError(f"{path}: metadata.user_aliases[{label!r}] = {aliases!r} names no seat")
        label_seat[label] = seat
        role_name = role_name or spoken.get(aliases[0]) or spoken.get(label)
        if role_name is None:
            notes.append(f"seat {seat}: no role in metadata.real_role[{label!r}] nor on its lines; marked unknown")
            role_name = ""
        role, side = role_of(role_name) if role_name else (None, "unknown")
        entry = Seat(seat=seat, label=f"{seat}号", role=role, role_name=role_name, side=side)
        earlier = seats.get(seat)  # one seat may have two speaker labels
        if earlier is not None and earlier.role_name and earlier.role_name != role_name:
            if role_name:
                notes.append(f"seat {seat}: metadata.real_role gives both {earlier.role_name} and {role_name}; "
                             f"kept {earlier.role_name}")
            continue
        seats[seat] = entry
    utterances = []
    for i, r in enumerate(raw.utterances):
        is_host = r.is_host or r.speaker_id in HOST_LABELS  # Season 3 episode 25 leaves is_host false
        speaker = None if is_host else seat_number(r.speaker_id)
        if speaker is None and not is_host:
            speaker = label_seat.get(r.speaker_id)  # a speaker label the transcript did not resolve
        utterances.append(Utterance(index=i, ids=r.utterance_id, phase=r.status, day=phase_day(r.status),
                                    speaker=speaker, speaker_label=r.speaker_id, is_host=is_host, text=r.text))
    votes: list[Vote] = []
    deaths: list[Death] = []
    for u in utterances:
        if u.is_host:
            votes.extend(parse_vote_round(u.text, u.day, u.phase, set(seats), u.ids[0]))
            deaths.extend(parse_deaths(u.text, u.day, set(seats)))
    mvp = seat_number(meta.MVP.id) if meta.MVP else None
    if meta.MVP and mvp is not None:
        for name, vote in meta.MVP.votes.items():
            target = seat_number(str(vote.get("vote_to", "")))
            votes.append(Vote(day=phase_day(name), kind="exile", voter=mvp, target=target, source="mvp",
                              context_until=vote.get("cut_off_time")))
    winner: Side | None = seats[mvp].side if mvp in seats else None
    if winner not in ("village", "wolves"):
        winner = None
    roles: dict[str, int] = {}
    for s in seats.values():
        roles[s.role_name] = roles.get(s.role_name, 0) + 1
    return ReferenceGame(
        key=key or game_key(path), source=meta.source or str(path), language=meta.language,
        board=Board(n_seats=len(seats), roles=roles, rules_text=meta.game_rules),
        seats=sorted(seats.values(), key=lambda s: s.seat), utterances=utterances, votes=votes, deaths=deaths,
        outcome=Outcome(winner=winner, winners=sorted(s.seat for s in seats.values() if winner and s.side == winner),
                        text=meta.logs or meta.summary),
        mvp=mvp, notes=notes,
    )


def read_items(path: str | Path) -> list[StrategyItem]:
    """Every item of a ``WereBench.json`` file, in file order."""
    path = Path(path)
    raw: RawItems = _validated(RawItems, _read_json(path), path)
    items = []
    for category in raw.categories:
        for q in category.questions:
            try:
                items.append(StrategyItem(
                    id=f"{category.categoryName}/{q.id}", dimension=category.categoryName,
                    game=game_key(q.reference), utterance_id=q.utterance_id, seat=asked_seat(q.role, q.text),
                    question=q.text, question_bare=q.text1, options=[Option(key=o.key, text=o.text) for o in q.options],
                    answer=q.answerKey, explanation=q.explanation))
            except ValidationError as e:
                raise WereBenchFormatError(f"{path}: {category.categoryName} question {q.id}: {field_errors(e)}") from None
    return items


def game_files(root: Path) -> list[Path]:
    """The game files of a folder: under games/ (the reference layout) or data/ (the repository's),
    else every JSON file but the items and the template."""
    for sub in ("games", "data", "dataset/data"):
        if (root / sub).is_dir():
            root = root / sub
            break
    return sorted(p for p in root.rglob("*.json") if p.name not in NOT_GAMES)


def load(path: str | Path) -> WereBench:
    """Load a WereBench folder (games and items), a single game file, or a ``WereBench.json``."""
    root = Path(path).expanduser()
    if not root.exists():
        raise FileNotFoundError(f"{root}: no such WereBench folder or file "
                                "(`parlour datasets fetch werebench` downloads the release)")
    if root.is_file():
        if root.name == ITEMS_FILE:
            return WereBench(root, items=read_items(root))
        return WereBench(root, games=[read_game(root)])
    games = [read_game(p) for p in game_files(root)]
    items_files = sorted(root.rglob(ITEMS_FILE))
    items = read_items(items_files[0]) if items_files else []
    if not games and not items:
        raise WereBenchFormatError(f"{root}: no game files and no {ITEMS_FILE} in this folder")
    return WereBench(root, games=games, items=items)
