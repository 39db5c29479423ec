"""The Ray backend on a local Ray instance: the same config gives the same records as the local backend."""

from __future__ import annotations

import pytest

from parlour.cli import main
from parlour.record_reader import read_records
from parlour.tournament import Tournament

ray = pytest.importorskip("ray", reason="the Ray backend needs the ray package (pip install -e '.[ray]')")

NOISY = "python:parlour.tournament.noisy:noisy"


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    yield
    ray.shutdown()


def _games(folder):
    records, problems = read_records(folder / "records.jsonl")
    assert not problems
    return {r.header.game_id: (r.header.agents, r.header.seed, r.outcome.digest, r.outcome.rewards) for r in records}


@pytest.mark.parametrize("game", ["kuhn-poker", "werewolf/werewolf-arena-8"])
def test_ray_backend_plays_the_same_games_as_the_local_one(tmp_path, local_ray, game):
    t = Tournament(game=game, games_per_pairing=6, bootstrap=0, workers=2,
                   entrants=[("scripted", "scripted"), ("noisy", NOISY, {"p": 0.5}), ("rand", "random")])
    on_ray = t.run(tmp_path / "ray", backend="ray", progress=False, write_outputs=False)
    here = t.run(tmp_path / "local", progress=False, write_outputs=False)
    assert on_ray.played == here.played == 18 and on_ray.errors == 0
    assert _games(tmp_path / "ray") == _games(tmp_path / "local")
    assert ray.is_initialized()  # a Ray the caller started is left running


def test_cli_backend_ray_and_adaptive_rounds_on_one_connection(tmp_path, local_ray):
    config = tmp_path / "k.toml"
    config.write_text('name = "k"\ngame = "kuhn-poker"\nformat = "adaptive"\nbootstrap = 0\n'
                      '[adaptive]\nbatch = 1\nmin_blocks = 2\nmax_games = 24\n'
                      '[[entrants]]\nname = "eq"\nagent = "scripted"\n[[entrants]]\nname = "rand"\nagent = "random"\n'
                      '[[entrants]]\nname = "noisy"\nagent = "python:parlour.tournament.noisy:noisy"\n'
                      'options = { p = 0.5 }\n')
    assert main(["tournament", str(config), "--out", str(tmp_path / "ray"), "--backend", "ray", "--quiet"]) == 0
    assert main(["tournament", str(config), "--out", str(tmp_path / "local"), "--quiet"]) == 0
    assert _games(tmp_path / "ray") == _games(tmp_path / "local")
    assert len(_games(tmp_path / "ray")) == 24
