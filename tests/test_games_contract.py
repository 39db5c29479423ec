"""The generic suite: every registered game, on its default board and up to two others, passes
the same checks, built only on the game contract (see game_checks.py and docs/adding-a-game.md).

A game added to ``parlour.envs.REGISTRY`` is tested here with no further line: PettingZoo's own
tests, multi-step determinism of its envs and of whole games through the runner, the record round
trip with a tamper check, the text interface's contract with hidden information, and the command
line. Clone and pickle are in test_games_clone_pickle.py.
"""

from __future__ import annotations

import pytest
from game_checks import (
    Case,
    cases,
    check_cli,
    check_multistep_determinism,
    check_pettingzoo_api,
    check_record_round_trip,
    check_runner_determinism,
    check_seed_test,
    check_text_interface,
    plant_leak,
)

from parlour.envs import game_ids

# api_test warns about any Dict observation space, yet {"observation", "action_mask"} is the layout
# PettingZoo's own classic envs use for action masks.
pytestmark = [
    pytest.mark.filterwarnings("ignore:Observation space for each agent probably should be:UserWarning"),
    pytest.mark.filterwarnings("ignore:Observation is not a NumPy array:UserWarning"),
]

CASES = cases(game_ids())
DEFAULTS = [c for c in CASES if c.board == c.game.default_board()]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_pettingzoo_api_test(case: Case):
    check_pettingzoo_api(case)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_pettingzoo_seed_test(case: Case):
    check_seed_test(case)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_same_seed_same_actions_same_steps_to_the_end(case: Case):
    check_multistep_determinism(case)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_same_seed_same_record(case: Case):
    check_runner_determinism(case)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_record_round_trip_and_tamper_check(case: Case, tmp_path):
    check_record_round_trip(case, tmp_path / "games.jsonl")


@pytest.mark.parametrize("case", CASES, ids=str)
def test_text_interface_contract_and_hidden_information(case: Case):
    check_text_interface(case)


@pytest.mark.parametrize("case", DEFAULTS, ids=str)
def test_a_planted_leak_is_caught(case: Case, monkeypatch):
    if case.game.full_information:
        pytest.skip(f"{case.game_id} is a game of full information: no seat has anything to leak")
    plant_leak(monkeypatch, case.game, case)
    with pytest.raises(AssertionError, match="leaks hidden information"):
        check_text_interface(case, seeds=(1,))


@pytest.mark.parametrize("game_id", game_ids())
def test_command_line_play_and_replay(game_id: str, tmp_path):
    check_cli(game_id, tmp_path)
