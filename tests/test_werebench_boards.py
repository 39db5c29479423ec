"""The boards of the WereBench human games are expressible as RuleSets (where parlour has the roles)."""

from __future__ import annotations

from pathlib import Path

import pytest

from parlour.datasets.werebench import UnsupportedRoles, load_game, ruleset_for
from parlour.envs.werewolf import WerewolfEngine, get_variant

GAMES = Path(__file__).resolve().parents[2] / "shared" / "reference" / "werebench" / "games"
pytestmark = pytest.mark.skipif(not GAMES.is_dir(), reason=f"WereBench reference games not found at {GAMES}")

# Roles of the WereBench boards that parlour does not play yet (stated in the closing note).
EXPECTED_UNSUPPORTED = {"潜行者", "禁言长老", "狼美人", "丘比特", "魔术师", "恶魔", "九尾妖狐", "鬼魂新娘", "阔人"}


def _games():
    return sorted(GAMES.glob("*/*.json"))


def test_every_board_builds_or_names_the_missing_roles():
    built, missing = [], set()
    for path in _games():
        try:
            built.append((path, ruleset_for(load_game(path), str(path))))
        except UnsupportedRoles as e:
            assert str(path) in str(e)
            missing.update(e.roles)
    assert missing == EXPECTED_UNSUPPORTED
    # Season 1 episodes 16-24 (White Wolf King) and Season 3 episodes 4-6 (Idiot) are playable.
    names = {f"{p.parent.name}/{p.stem}" for p, _ in built}
    assert {f"Season_1/{i}" for i in range(16, 25)} <= names
    assert {"Season_3/04", "Season_3/05", "Season_3/06"} <= names


@pytest.mark.parametrize("episode, variant", [("Season_1/16", "white-wolf-king-12"), ("Season_3/04", "standard-12-idiot")])
def test_playable_boards_match_the_shipped_variants(episode, variant):
    rules = ruleset_for(load_game(GAMES / f"{episode}.json"), episode)
    shipped = get_variant(variant)
    assert rules.role_counts == shipped.role_counts
    for option in ("sheriff", "sheriff_vote_weight", "tie", "wolf_self_explode", "win_rule", "speech_order"):
        assert getattr(rules, option) == getattr(shipped, option), option


def test_witch_rule_is_read_from_the_prose():
    rules = ruleset_for(load_game(GAMES / "Season_1/16.json"))
    assert rules.witch_self_save == "first_night"  # "只有第一晚可以自救"


def test_a_werebench_board_plays_to_the_end():
    import numpy as np

    engine = WerewolfEngine(ruleset_for(load_game(GAMES / "Season_1/20.json")), seed=3)
    rng = np.random.default_rng(3)
    while not engine.done:
        seat = engine.next_actor()
        legal = engine.legal_actions(seat)
        engine.step(seat, legal[int(rng.integers(len(legal)))])
    assert engine.day <= engine.rules.day_limit
