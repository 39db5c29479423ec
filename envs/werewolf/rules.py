"""The RuleSet: every choice that Werewolf boards differ on, as one validated pydantic model.

A named variant is a TOML file under ``variants/`` holding a RuleSet; a new variant is a new
file, not new code. Loading a wrong file fails with :class:`VariantError`, which names the file,
the field and the reason.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .roles import WOLF_ROLES, Role

SPARE_CARDS = 2  # a board with a Thief deals two cards more than it has seats


class VariantError(ValueError):
    """A variant file or RuleSet that cannot be played; the message names where and why."""


class RuleSet(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(description="Short id of the board, e.g. 'standard-12-guard'.")
    description: str = ""
    roles: dict[str, int] = Field(description="Role name -> how many seats hold it.")

    # Night
    wolf_kill: Literal["majority", "leader"] = Field(
        "majority",
        description="majority: every wolf votes, most votes dies, ties broken at random; "
        "leader: the lowest-seated living wolf decides after the discussion.",
    )
    wolf_chat_rounds: int = Field(1, ge=0, le=5, description="Rounds of wolf-only discussion each night.")
    witch_self_save: Literal["never", "first_night", "always"] = "first_night"
    witch_both_potions: bool = Field(False, description="May the witch save and poison in the same night?")
    guard_save_conflict: Literal["survives", "dies"] = Field(
        "dies", description="A player both guarded and saved by the witch: survives, or dies (the potions clash)."
    )
    doctor_self_protect: bool = True
    doctor_repeat: bool = True
    seer_reveals: Literal["side", "role"] = "side"

    # Day
    death_reveals: Literal["nothing", "side", "role"] = "nothing"
    sheriff: bool = False
    sheriff_vote_weight: float = Field(1.5, gt=0)
    last_words: Literal["first_night_and_exiles", "exiles_only", "none"] = "first_night_and_exiles"
    speech_order: Literal["rotation", "sheriff_direction", "bidding"] = "rotation"
    speech_rounds: int = Field(1, ge=1, le=5, description="Rounds of speeches each day (rotation and sheriff orders).")
    bidding_turns: int = Field(0, ge=0, description="Speech turns per day under bidding; 0 means one per living player.")
    vote: Literal["simultaneous", "sequential"] = "simultaneous"
    tie: Literal["pk_revote", "random", "none"] = "pk_revote"
    wolf_self_explode: bool = False
    win_rule: Literal["side_kill", "kill_all", "parity"] = "side_kill"
    day_limit: int = Field(10, ge=1, le=100)

    @field_validator("roles")
    @classmethod
    def _known_roles(cls, roles: dict[str, int]) -> dict[str, int]:
        canonical: dict[str, int] = {}
        for name, count in roles.items():
            role = Role.parse(name)  # raises ValueError naming the unknown role
            if count < 0:
                raise ValueError(f"role {name!r} has a negative count ({count})")
            if count:
                canonical[role.name.lower()] = canonical.get(role.name.lower(), 0) + count
        return canonical

    @model_validator(mode="after")
    def _playable(self) -> RuleSet:
        counts = self.role_counts
        players = self.num_players
        wolves = sum(n for r, n in counts.items() if r in WOLF_ROLES)
        if counts.get(Role.THIEF, 0) and wolves >= players // 2:
            raise ValueError(f"roles: {wolves} wolf cards against {players} seats: a Thief may make the wolves win at once")
        if players < 4:
            raise ValueError(f"roles: a board needs at least 4 players, this one has {players}")
        if players > 20:
            raise ValueError(f"roles: at most 20 players are supported, this board has {players}")
        if wolves == 0:
            raise ValueError("roles: the board has no wolf (werewolf, wolf-king or white-wolf-king)")
        if wolves >= players - wolves:
            raise ValueError(f"roles: {wolves} wolves against {players - wolves} others: the wolves win before the game starts")
        for unique in (Role.SEER, Role.WITCH, Role.GUARD, Role.DOCTOR, Role.KNIGHT, Role.HUNTER, Role.IDIOT,
                       Role.STALKER, Role.SILENCE_ELDER, Role.NINE_TAILED_FOX, Role.DEMON, Role.WOLF_BEAUTY,
                       Role.MAGICIAN, Role.CUPID, Role.THIEF, Role.GHOST_BRIDE):
            if counts.get(unique, 0) > 1:
                raise ValueError(f"roles: at most one {unique.label} per board ({counts[unique]} given)")
        if self.speech_order == "sheriff_direction" and not self.sheriff:
            raise ValueError("speech_order: 'sheriff_direction' needs sheriff = true")
        if self.win_rule == "side_kill" and not any(r.is_god for r in counts):
            raise ValueError("win_rule: 'side_kill' needs at least one god (special good role) on the board")
        if self.wolf_self_explode is False and counts.get(Role.WHITE_WOLF_KING, 0):
            raise ValueError("wolf_self_explode: a White Wolf King acts by self-exploding, so it must be true")
        return self

    @property
    def role_counts(self) -> dict[Role, int]:
        return {Role.parse(name): n for name, n in self.roles.items()}

    @property
    def num_players(self) -> int:
        """Seats: every card but the spare ones a Thief chooses from."""
        return sum(self.roles.values()) - (SPARE_CARDS if self.roles.get("thief") else 0)

    def deck(self) -> list[Role]:
        """The role cards in a fixed order (dealt by shuffling with the game's seeded Generator); with
        a Thief, two more than the seats: the last two of the shuffle are the spare cards."""
        return [role for role, n in sorted(self.role_counts.items()) for _ in range(n)]


def _format_validation_error(err: ValidationError) -> str:
    parts = []
    for e in err.errors():
        field = ".".join(str(p) for p in e["loc"])
        msg = e["msg"].removeprefix("Value error, ")
        if not field:  # a check across fields: its message starts with the field it blames
            head, sep, rest = msg.partition(": ")
            field, msg = (head, rest) if sep and head.isidentifier() else ("(file)", msg)
        if e["type"] == "extra_forbidden":
            msg = "unknown option"
        parts.append(f"field {field!r}: {msg}")
    return "; ".join(parts)


def load_ruleset(path: str | Path) -> RuleSet:
    """Read a variant TOML file; every failure names the file, the field and the reason."""
    path = Path(path)
    if path.is_dir():
        raise VariantError(f"{path}: is a folder; a variant is one TOML file, e.g. {path / 'my-board.toml'}")
    try:
        # utf-8-sig: editors on Windows save a byte-order mark, which tomllib calls an "invalid statement".
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise VariantError(f"{path}: no such variant file") from None
    except UnicodeDecodeError as e:
        raise VariantError(f"{path}: not UTF-8 text (byte {e.start}: {e.reason}); save the file as UTF-8") from None
    except OSError as e:
        raise VariantError(f"{path}: cannot read the variant file: {e.strerror or e}") from None
    except tomllib.TOMLDecodeError as e:
        raise VariantError(f"{path}: not valid TOML: {e}") from None
    return ruleset_from_dict(data, source=str(path))


def ruleset_from_dict(data: dict, source: str = "<dict>") -> RuleSet:
    try:
        return RuleSet.model_validate(data)
    except ValidationError as e:
        raise VariantError(f"{source}: {_format_validation_error(e)}") from None


def _variant_dir():
    return resources.files(__package__) / "variants"


@cache
def variant_names() -> tuple[str, ...]:
    return tuple(sorted(p.name.removesuffix(".toml") for p in _variant_dir().iterdir() if p.name.endswith(".toml")))


@cache
def get_variant(name: str) -> RuleSet:
    """A shipped variant by name, or a path to a variant file of your own."""
    if not isinstance(name, str) or not name.strip():
        raise VariantError(f"variant must be a shipped variant's name or a path to a TOML file, not {name!r}; "
                           f"shipped variants: {', '.join(variant_names())}")
    if name.endswith(".toml") or "/" in name:
        return load_ruleset(name)
    if name not in variant_names():
        raise VariantError(f"unknown variant {name!r}; shipped variants: {', '.join(variant_names())}")
    with resources.as_file(_variant_dir() / f"{name}.toml") as path:
        rules = load_ruleset(path)
    if rules.name != name:
        raise VariantError(f"{name}.toml: field 'name' is {rules.name!r}, but the file is named {name!r}")
    return rules
