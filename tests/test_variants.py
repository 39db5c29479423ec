"""Variant files: every shipped board loads and plays; a wrong file fails at load, naming the file,
the field and the reason."""

from __future__ import annotations

from importlib import resources

import numpy as np
import pytest
from pydantic import ValidationError

from parlour.envs import werewolf_v0
from parlour.envs.werewolf import RuleSet, VariantError, WerewolfEngine, get_variant, load_ruleset
from parlour.envs.werewolf import rules as rules_module
from parlour.envs.werewolf.roles import WOLF_ROLES, Role
from parlour.envs.werewolf.rules import ruleset_from_dict, variant_names

VALID = 'name = "mine"\nroles = { werewolf = 2, seer = 1, witch = 1, villager = 3 }\n'


# ====================================================================== shipped variants
def test_the_shipped_variants_are_the_files_in_the_package():
    folder = resources.files("parlour.envs.werewolf") / "variants"
    files = sorted(p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml"))
    assert list(werewolf_v0.VARIANTS) == list(variant_names()) == files
    assert len(files) >= 10


@pytest.mark.parametrize("name", werewolf_v0.VARIANTS)
def test_each_shipped_variant_loads_and_plays(name):
    rules = get_variant(name)
    assert isinstance(rules, RuleSet) and rules.name == name and rules.description
    assert ruleset_from_dict(rules.model_dump()) == rules  # everything a file says, Python can say
    counts = rules.role_counts
    wolves = sum(n for r, n in counts.items() if r in WOLF_ROLES)
    spare = 2 if Role.THIEF in counts else 0  # a Thief's board deals two spare cards
    assert 0 < wolves < rules.num_players - wolves and len(rules.deck()) == rules.num_players + spare
    engine = WerewolfEngine(rules, seed=0)
    rng = np.random.default_rng(0)
    while not engine.done:
        seat = engine.next_actor()
        legal = engine.legal_actions(seat)
        engine.step(seat, legal[rng.integers(len(legal))])
    assert engine.day <= rules.day_limit


def test_a_variant_file_path_loads_like_a_name(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(VALID)
    rules = get_variant(str(path))
    assert rules == load_ruleset(path) and rules.num_players == 7
    assert rules.roles == {"werewolf": 2, "seer": 1, "witch": 1, "villager": 3}
    assert rules.role_counts[Role.WITCH] == 1


def test_role_names_are_forgiving():
    rules = ruleset_from_dict({"name": "x", "roles": {"White-Wolf-King": 1, "WEREWOLF": 1, "Seer": 1, "villager": 4,
                                                      "white wolf king": 0}, "wolf_self_explode": True})
    assert rules.role_counts == {Role.WHITE_WOLF_KING: 1, Role.WEREWOLF: 1, Role.SEER: 1, Role.VILLAGER: 4}


def test_an_unknown_variant_name_lists_the_shipped_ones():
    with pytest.raises(VariantError, match=r"unknown variant 'classic-99'; shipped variants: classic-9, kaggle-8"):
        get_variant("classic-99")


def test_a_shipped_file_must_carry_its_own_name(tmp_path, monkeypatch):
    (tmp_path / "alpha.toml").write_text(VALID)  # its name field says "mine"
    monkeypatch.setattr(rules_module, "_variant_dir", lambda: tmp_path)
    variant_names.cache_clear()
    get_variant.cache_clear()
    try:
        assert variant_names() == ("alpha",)
        with pytest.raises(VariantError, match=r"alpha.toml: field 'name' is 'mine', but the file is named 'alpha'"):
            get_variant("alpha")
    finally:
        monkeypatch.undo()
        variant_names.cache_clear()
        get_variant.cache_clear()
    assert "classic-9" in variant_names()


# ====================================================================== wrong files
ROLES = "roles = { werewolf = 2, seer = 1, witch = 1, villager = 3 }\n"
BAD_FILES = {
    "unknown role": ('name = "x"\nroles = { werewolf = 2, wizard = 1, villager = 4 }\n',
                     ["field 'roles'", "unknown role 'wizard'", "known roles: villager, werewolf"]),
    "negative count": ('name = "x"\nroles = { werewolf = 2, seer = 1, villager = -3 }\n',
                       ["field 'roles'", "role 'villager' has a negative count (-3)"]),
    "fractional count": ('name = "x"\nroles = { werewolf = 1.5, seer = 1, villager = 3 }\n',
                         ["field 'roles.werewolf'", "valid integer"]),
    "no wolf": ('name = "x"\nroles = { seer = 1, witch = 1, villager = 4 }\n', ["roles", "the board has no wolf"]),
    "too many wolves": ('name = "x"\nroles = { werewolf = 3, seer = 1, villager = 2 }\n',
                        ["roles", "3 wolves against 3 others", "the wolves win before the game starts"]),
    "too few players": ('name = "x"\nroles = { werewolf = 1, seer = 1, villager = 1 }\n',
                        ["roles", "at least 4 players", "has 3"]),
    "too many players": ('name = "x"\nroles = { werewolf = 6, seer = 1, villager = 14 }\n',
                         ["roles", "at most 20 players", "has 21"]),
    "two seers": ('name = "x"\nroles = { werewolf = 2, seer = 2, villager = 4 }\n', ["roles", "at most one Seer"]),
    "unknown option": (f'name = "x"\n{ROLES}colour = "red"\n', ["field 'colour'", "unknown option"]),
    "sheriff direction without sheriff": (f'name = "x"\n{ROLES}speech_order = "sheriff_direction"\nsheriff = false\n',
                                          ["speech_order", "'sheriff_direction' needs sheriff = true"]),
    "side kill without gods": ('name = "x"\nroles = { werewolf = 1, villager = 4 }\nwin_rule = "side_kill"\n',
                               ["win_rule", "'side_kill' needs at least one god"]),
    "white wolf king that cannot explode": (
        'name = "x"\nroles = { white_wolf_king = 1, werewolf = 1, seer = 1, villager = 4 }\n'
        'wolf_self_explode = false\n',
        ["wolf_self_explode", "must be true"]),
    "wrong type": (f'name = "x"\n{ROLES}sheriff = "maybe"\n', ["field 'sheriff'", "valid boolean"]),
    "out of range": (f'name = "x"\n{ROLES}day_limit = 0\n', ["field 'day_limit'", "greater than or equal to 1"]),
    "weight not positive": (f'name = "x"\n{ROLES}sheriff_vote_weight = 0\n',
                            ["field 'sheriff_vote_weight'", "greater than 0"]),
    "unknown choice": (f'name = "x"\n{ROLES}tie = "coin"\n', ["field 'tie'", "'pk_revote', 'random' or 'none'"]),
    "missing name": (ROLES, ["field 'name'", "Field required"]),
    "missing roles": ('name = "x"\n', ["field 'roles'", "Field required"]),
    "two mistakes": (f'name = "x"\n{ROLES}tie = "coin"\nday_limit = 0\n', ["field 'tie'", "; field 'day_limit'"]),
    "broken toml": ('name = "x\nroles = { werewolf = 2 }\n', ["not valid TOML", "line 1"]),
    "duplicate key": (f'name = "x"\nname = "y"\n{ROLES}', ["not valid TOML"]),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_a_wrong_variant_file_names_the_file_the_field_and_the_reason(case, tmp_path):
    text, expected = BAD_FILES[case]
    path = tmp_path / f"{case.replace(' ', '-')}.toml"
    path.write_text(text)
    for load in (load_ruleset, lambda p: get_variant(str(p))):
        with pytest.raises(VariantError) as err:
            load(path)
        msg = str(err.value)
        assert msg.startswith(f"{path}: "), msg
        for part in expected:
            assert part in msg, (part, msg)


def test_a_missing_variant_file(tmp_path):
    with pytest.raises(VariantError, match=r"nowhere.toml: no such variant file"):
        load_ruleset(tmp_path / "nowhere.toml")


def test_variant_errors_are_value_errors_and_python_dicts_fail_the_same_way():
    assert issubclass(VariantError, ValueError)
    with pytest.raises(VariantError, match=r"^my board: field 'colour': unknown option$"):
        ruleset_from_dict({"name": "x", "roles": {"werewolf": 1, "seer": 1, "villager": 2}, "colour": 1},
                          source="my board")


def test_a_ruleset_is_frozen():
    rules = get_variant("classic-9")
    with pytest.raises(ValidationError):
        rules.sheriff = True
    assert rules.model_copy(update={"sheriff": True}).sheriff and not rules.sheriff
