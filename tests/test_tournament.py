"""Tournaments: config errors, fair lineups, paired seeds, errored agents, resume, ratings, CLI."""

from __future__ import annotations

import json
import textwrap
from collections import Counter

import numpy as np
import pytest

from parlour.cli import main
from parlour.evaluators.ratings import GameResult, openskill_ratings, rate
from parlour.record_reader import latest_by_game_id, read_records
from parlour.tournament import (
    Tournament,
    TournamentConfig,
    TournamentConfigError,
    seat_plan,
)

NOISY = "python:parlour.tournament.noisy:noisy"


def entrants(*names):
    return [{"name": n, "agent": "scripted" if n == "scripted" else "random"} for n in names]


# ---------------------------------------------------------------------- config
@pytest.mark.parametrize("data, field", [
    ({"game": "kuhn-poker", "entrants": [{"name": "a", "agent": "scriptd"}, {"name": "b", "agent": "random"}]},
     "entrants[0].agent: unknown agent kind 'scriptd'"),
    ({"game": "kuhn-poker", "entrants": [{"name": "a"}, {"name": "b", "agent": "random"}]},
     "entrants[0].agent: Field required"),
    ({"game": "kuhn-poker", "entrants": entrants("a", "b"), "gmes": 3}, "gmes: unknown field"),
    ({"game": "chess", "entrants": entrants("a", "b")}, "game: unknown game 'chess'"),
    ({"game": "werewolf", "boards": ["nope"], "entrants": entrants("a", "b")}, "boards[0]:"),
    ({"game": "kuhn-poker", "entrants": entrants("a", "a")}, "two entrants are named"),
    ({"game": "kuhn-poker", "entrants": entrants("a", "b"), "games": 2, "games_per_pairing": 2}, "not both"),
    ({"game": "kuhn-poker", "entrants": entrants("a b", "c")}, "entrants[0].name:"),
    ({"game": "kuhn-poker", "entrants": [{"name": "a", "agent": "scripted", "options": {"p": 1}},
                                         {"name": "b", "agent": "random"}]}, "entrants[0].options:"),
])
def test_config_errors_name_the_field_and_the_file(tmp_path, data, field):
    import tomllib  # noqa: F401 - the writer below is plain text

    path = tmp_path / "bad.toml"
    lines = [f"{k} = {json.dumps(v)}" for k, v in data.items() if k != "entrants"]
    for e in data["entrants"]:
        lines.append("[[entrants]]")
        lines += [f"{k} = {json.dumps(v)}" if k != "options" else
                  "options = { " + ", ".join(f"{a} = {b}" for a, b in v.items()) + " }" for k, v in e.items()]
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(TournamentConfigError) as info:
        TournamentConfig.from_toml(path)
    message = str(info.value)
    assert "\n" not in message and message.startswith(f"{path}: ") and field in message, message


def test_python_and_toml_say_the_same(tmp_path):
    path = tmp_path / "t.toml"
    path.write_text('game = "kuhn-poker"\ngames = 8\n[[entrants]]\nname = "a"\nagent = "scripted"\n'
                    '[[entrants]]\nname = "b"\nagent = "random"\n')
    t = Tournament(game="kuhn-poker", games=8, entrants=[("a", "scripted"), {"name": "b", "agent": "random"}])
    assert Tournament.from_toml(path).planned() == t.planned()
    assert TournamentConfig.from_toml(path).entrants[1].name == "b"


# ---------------------------------------------------------------------- scheduling
def test_seat_plan_reads_sides_and_roles():
    groups = {"wolves": [6, 7], "village": [0, 1, 2, 3, 4, 5], "villager": [1, 3, 4, 5], "werewolf": [6, 7],
              "seer": [0], "doctor": [2]}
    plan = seat_plan(groups, 8)
    assert plan.side_names == ("village", "wolves")
    assert plan.sides == ("village",) * 6 + ("wolves",) * 2
    assert plan.roles == ("seer", "villager", "doctor", "villager", "villager", "villager", "werewolf", "werewolf")


@pytest.mark.parametrize("lineup", ["sides", "seats"])
def test_every_entrant_plays_every_side_role_and_seat_equally(lineup):
    t = Tournament(game="werewolf/werewolf-arena-8", entrants=entrants("a", "b", "c"), games_per_pairing=12,
                   lineup=lineup)
    games = t.planned()
    sides, roles, seats = Counter(), Counter(), Counter()
    for g in games:
        for seat, (e, side, role) in enumerate(zip(g.entrants, g.sides, g.roles)):
            sides[e, side] += 1
            roles[e, role] += 1
            seats[e, seat] += 1
        if lineup == "sides":  # one entrant per side, two entrants per game
            assert len({e for e, s in zip(g.entrants, g.sides) if s == "wolves"}) == 1
            assert len(set(g.entrants)) == 2
        else:
            assert len(set(g.entrants)) == 3
    for counter in (sides, roles) + ((seats,) if lineup == "seats" else ()):
        by_key: dict = {}
        for (e, key), n in counter.items():
            by_key.setdefault(key, {})[e] = n
        for key, per_entrant in by_key.items():
            assert set(per_entrant) == {"a", "b", "c"} and len(set(per_entrant.values())) == 1, (key, per_entrant)
    assert len({g.game_id for g in games}) == len(games)


def test_paired_seeds_are_the_same_deal_with_entrants_swapped(tmp_path):
    for game in ("werewolf/werewolf-arena-8", "kuhn-poker"):
        t = Tournament(game=game, entrants=entrants("scripted", "rand"), games_per_pairing=6, workers=1)
        result = t.run(tmp_path / game.replace("/", "_"), progress=False, write_outputs=False)
        records = {r.header.game_id: r for r in read_records(result.folder / "records.jsonl").records}
        blocks: dict = {}
        for g in t.planned():
            blocks.setdefault(g.block, []).append(g)
        assert len(blocks) == 3
        for pair in blocks.values():
            a, b = pair
            assert a.seed == b.seed and a.board == b.board and a.sides == b.sides and a.roles == b.roles
            swap = {"scripted": "rand", "rand": "scripted"}
            assert b.entrants == tuple(swap[e] for e in a.entrants)
            ra, rb = records[a.game_id], records[b.game_id]
            assert ra.header.seed == rb.header.seed
            deal = "roles" if "roles" in ra.outcome.details else next(iter(ra.outcome.details))
            assert ra.outcome.details[deal] == rb.outcome.details[deal]


# ---------------------------------------------------------------------- running
def test_an_agent_that_raises_is_recorded_and_the_tournament_goes_on(tmp_path, monkeypatch):
    (tmp_path / "crashing_agent.py").write_text(textwrap.dedent("""
        from parlour.agents import RandomAgent

        class Crash(RandomAgent):
            def act_sync(self, observation, info):
                raise RuntimeError("boom")

        def make(env, seat, seed):
            return Crash(seed)
    """))
    monkeypatch.syspath_prepend(str(tmp_path))
    t = Tournament(game="kuhn-poker", entrants=[("good", "scripted"), ("bad", "python:crashing_agent:make"),
                                                ("rand", "random")], games_per_pairing=4, workers=1)
    result = t.run(tmp_path / "out", progress=False)
    assert len(result.results) == 12
    bad = [r for r in result.results if "bad" in r.entrants]
    assert all(r.error == "RuntimeError: boom" for r in bad) and result.errors == 8
    errors = [json.loads(line) for line in (tmp_path / "out" / "errors.jsonl").read_text().splitlines()]
    assert len(errors) == 8 and "Traceback" in errors[0]["traceback"] and "boom" in errors[0]["traceback"]
    assert result.win_rates["bad"]["errors"] == 8 and result.win_rates["good"]["win_rate"] is not None


def test_a_finished_folder_is_not_played_again(tmp_path):
    t = Tournament(game="kuhn-poker", entrants=entrants("scripted", "rand"), games_per_pairing=4, workers=1)
    t.run(tmp_path, progress=False, write_outputs=False)
    with pytest.raises(TournamentConfigError, match="--resume"):
        t.run(tmp_path, progress=False)
    again = t.run(tmp_path, resume=True, progress=False, write_outputs=False)
    assert again.played == 0 and again.skipped == 4
    other = Tournament(game="kuhn-poker", entrants=entrants("scripted", "rand"), games_per_pairing=4, seed=5)
    with pytest.raises(TournamentConfigError, match="seed"):
        other.run(tmp_path, resume=True, progress=False)


def _outcomes(folder):
    records, _problems = read_records(folder / "records.jsonl")
    return records, {r.header.game_id: r.outcome.digest for r in latest_by_game_id(records)}


def test_killed_at_random_points_and_resumed_gives_the_same_records(tmp_path):
    import subprocess
    import sys
    import time

    config = tmp_path / "t.toml"
    config.write_text('game = "werewolf/werewolf-arena-8"\ngames_per_pairing = 48\nworkers = 2\nbootstrap = 0\n'
                      '[[entrants]]\nname = "scripted"\nagent = "scripted"\n'
                      '[[entrants]]\nname = "noisy"\nagent = "python:parlour.tournament.noisy:noisy"\n'
                      'options = { p = 0.5 }\n[[entrants]]\nname = "rand"\nagent = "random"\n')
    whole = tmp_path / "whole"
    assert main(["tournament", str(config), "--out", str(whole), "--quiet"]) == 0
    rng = np.random.default_rng(7)
    cut = tmp_path / "cut"
    command = [sys.executable, "-m", "parlour", "tournament", str(config), "--quiet"]
    kills = 0
    for _attempt in range(12):
        args = command + (["--resume", str(cut)] if (cut / "tournament.json").exists() else ["--out", str(cut)])
        process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # a run of 144 games takes several seconds: kills land mid-run; later attempts wait longer, so
        # that a loaded machine whose start-up alone takes seconds still gets through
        time.sleep(rng.uniform(0.5, 2.0) + 0.5 * _attempt)
        if process.poll() is None:
            process.kill()
            kills += 1
        process.wait()
        if process.returncode == 0:
            break
    else:
        raise AssertionError("the resumed run never finished")
    assert kills >= 1
    records, digests = _outcomes(cut)
    assert digests == _outcomes(whole)[1]
    complete = Counter(r.header.game_id for r in records if r.outcome.error is None)
    assert max(complete.values()) == 1  # never played twice


# ---------------------------------------------------------------------- ratings
def _synthetic(strength: dict[str, float], games: int, wolves_edge: float, seed: int = 0) -> list[GameResult]:
    rng = np.random.default_rng(seed)
    names = list(strength)
    out = []
    for g in range(games):
        a, b = rng.choice(names, 2, replace=False)
        for wolves, village in ((a, b), (b, a)):
            p = 1 / (1 + np.exp(-(strength[wolves] - strength[village] + wolves_edge)))
            won = rng.random() < p
            seats = (village,) * 6 + (wolves,) * 2
            out.append(GameResult(f"g{g}-{wolves}", seats, ("village",) * 6 + ("wolves",) * 2,
                                  ("villager",) * 6 + ("werewolf",) * 2,
                                  frozenset({6, 7} if won else range(6))))
    return out


def test_ratings_recover_a_known_order_with_separate_intervals():
    strength = {"strong": 2.0, "middle": 0.5, "weak": -1.0}
    results = _synthetic(strength, 300, wolves_edge=0.8)
    ratings = rate(results, ("openskill", "elo", "bradley-terry"), bootstrap=100, seed=1)
    for method, r in ratings.items():
        assert r.order() == ["strong", "middle", "weak"], method
        assert r.separated(), (method, r.low, r.high)
    bt = ratings["bradley-terry"]
    assert bt.handicap["wolves"] > bt.handicap["village"]  # the side edge is modelled, not put on entrants
    assert bt.rating["strong"] - bt.rating["weak"] == pytest.approx(3.0 * 400 / np.log(10), rel=0.25)


def test_an_upset_by_the_weaker_side_moves_ratings_more():
    # wolves win 90% between equals; then one village win and one wolf win between new entrants
    history = [GameResult(f"h{i}", ("x",) * 6 + ("y",) * 2, ("village",) * 6 + ("wolves",) * 2, ("v",) * 8,
                          frozenset({6, 7} if i % 10 else range(6))) for i in range(60)]
    history += [GameResult(f"h{i}b", ("y",) * 6 + ("x",) * 2, ("village",) * 6 + ("wolves",) * 2, ("v",) * 8,
                           frozenset({6, 7} if i % 10 else range(6))) for i in range(60)]
    seats = ("a",) * 6 + ("b",) * 2
    sides = ("village",) * 6 + ("wolves",) * 2
    village_win = openskill_ratings(history + [GameResult("u", seats, sides, ("v",) * 8, frozenset(range(6)))])
    wolf_win = openskill_ratings(history + [GameResult("e", seats, sides, ("v",) * 8, frozenset({6, 7}))])
    gain_upset = village_win.skills["a"] - 25
    gain_expected = wolf_win.skills["b"] - 25
    assert gain_upset > 1.5 * gain_expected > 0


def test_scripted_werewolf_entrants_of_known_strength_end_in_order(tmp_path):
    t = Tournament(game="werewolf/werewolf-arena-8", games_per_pairing=30, bootstrap=100,
                   entrants=[("scripted", "scripted"), ("noisy", NOISY, {"p": 0.5}), ("rand", "random")])
    result = t.run(tmp_path, progress=False)
    for method in ("bradley-terry", "elo", "openskill"):
        assert result.order(method) == ["scripted", "noisy", "rand"], method
    for method in ("bradley-terry", "elo"):  # bootstrap intervals; openskill's sigma is wider
        assert result.ratings[method].separated(), method
    data = json.loads((tmp_path / "ratings.json").read_text())
    assert data["games"] == 90 and set(data["methods"]) == {"openskill", "elo", "bradley-terry"}
    assert (tmp_path / "ratings.csv").read_text().startswith("entrant,")


def test_adaptive_stops_when_the_order_is_certain(tmp_path):
    t = Tournament(game="werewolf/werewolf-arena-8", format="adaptive", bootstrap=0,
                   adaptive={"target": 0.95, "batch": 2, "min_blocks": 2, "max_games": 200},
                   entrants=[("scripted", "scripted"), ("noisy", NOISY, {"p": 0.5}), ("rand", "random")])
    result = t.run(tmp_path, progress=False)
    assert result.order("bradley-terry") == ["scripted", "noisy", "rand"]
    assert 12 <= len(result.results) < 200
    again = t.run(tmp_path, resume=True, progress=False)
    assert again.played == 0 and len(again.results) == len(result.results)


def test_polarix_ratings_if_installed():
    import importlib.util
    import subprocess
    import sys

    if importlib.util.find_spec("polarix") is None:
        pytest.skip("polarix is not installed (pip install -e '.[polarix]')")
    # In its own process: jax starts threads, and a later fork of this one could deadlock.
    code = textwrap.dedent("""
        from tests.test_tournament import _synthetic
        from parlour.evaluators.ratings import rate
        r = rate(_synthetic({"strong": 2.0, "middle": 0.5, "weak": -1.0}, 60, 0.0), ("polarix",), bootstrap=0)
        print(*r["polarix"].order())
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["strong", "middle", "weak"]


# ---------------------------------------------------------------------- command line
def test_cli_tournament_then_ratings(tmp_path, capsys):
    config = tmp_path / "k.toml"
    config.write_text('name = "k"\ngame = "kuhn-poker"\ngames_per_pairing = 20\nbootstrap = 20\n'
                      '[[entrants]]\nname = "eq"\nagent = "scripted"\n[[entrants]]\nname = "rand"\nagent = "random"\n')
    out = tmp_path / "run"
    assert main(["tournament", str(config), "--out", str(out), "--quiet"]) == 0
    assert "eq" in capsys.readouterr().out
    assert main(["tournament", str(config), "--out", str(out), "--quiet"]) == 2  # would play it twice
    assert "--resume" in capsys.readouterr().out
    assert main(["tournament", str(config), "--resume", str(out), "--quiet"]) == 0
    assert "0 game(s) played, 20 already done" in capsys.readouterr().out
    assert main(["ratings", str(out), "--no-write"]) == 0
    assert "rated on net returns over 10 seed blocks" in capsys.readouterr().out  # Kuhn Poker: by chips
    bad = tmp_path / "bad.toml"
    bad.write_text('game = "kuhn-poker"\n[[entrants]]\nname = "a"\nagent = "x"\n[[entrants]]\nname="b"\nagent="random"\n')
    assert main(["tournament", str(bad)]) == 2
    assert "entrants[0].agent" in capsys.readouterr().out


# ---------------------------------------------------------------------- ratings by returns (chips)
def test_kuhn_is_rated_by_chips_over_paired_blocks_not_by_hands(tmp_path):
    t = Tournament(game="kuhn-poker", games_per_pairing=1000, bootstrap=200, workers=1,
                   entrants=[("equilibrium", "scripted"), ("random", "random")])
    result = t.run(tmp_path, progress=False, write_outputs=False)
    rates = result.win_rates
    # random wins more hands, the equilibrium more chips (the same seeds always give these games)
    assert rates["random"]["win_rate"] > rates["equilibrium"]["win_rate"]
    assert rates["equilibrium"]["mean_return"] > 0 > rates["random"]["mean_return"]
    assert result.units == 500  # one contest per seed block (the deal in both seat orders)
    for method in ("bradley-terry", "elo", "openskill"):
        assert result.order(method) == ["equilibrium", "random"], method
    assert result.ratings["bradley-terry"].separated()
    by_hands = rate(result.results, ("bradley-terry",), bootstrap=0, score="wins")["bradley-terry"]
    assert by_hands.order() == ["random", "equilibrium"]


def test_block_results_rank_net_returns_and_leave_out_incomplete_blocks():
    def hand(gid, a, b, ra, block, error=None):
        return GameResult(gid, (a, b), ("first", "second"), ("first", "second"),
                          frozenset({0} if ra > 0 else {1}), error, (ra, -ra), block)

    from parlour.evaluators.ratings import block_results, returns_decide

    results = [hand("1", "x", "y", 2, "b1"), hand("2", "y", "x", 1, "b1"),  # x +1 net: x wins b1
               hand("3", "x", "y", 1, "b2"), hand("4", "y", "x", 1, "b2"),  # nets equal: a draw
               hand("5", "x", "y", 2, "b3"),  # only one seat order: incomplete
               hand("6", "x", "y", 1, "b4"), hand("7", "y", "x", 1, "b4", error="RuntimeError: boom")]
    assert returns_decide(results)
    blocks = {b.game_id: b for b in block_results(results)}
    assert set(blocks) == {"b1", "b2"}
    assert blocks["b1"].entrants == ("x", "y") and blocks["b1"].winners == {0} and blocks["b1"].neutral
    assert blocks["b2"].winners == frozenset()
    werewolf_like = [GameResult("w", ("a", "b"), ("v", "w"), ("v", "w"), frozenset({0}), None, (1.0, -1.0), "k")]
    assert not returns_decide(werewolf_like)


def test_ids_are_shuffled_per_block_and_every_block_stays_balanced():
    t = Tournament(game="werewolf/werewolf-arena-8", entrants=entrants("a", "b", "c"), games_per_pairing=30,
                   lineup="seats")
    games = t.planned()
    assert games == t.planned()  # seeded: the same schedule every time (resume relies on it)
    blocks: dict = {}
    for g in games:
        blocks.setdefault(g.block, []).append(g)
    firsts = set()
    for block in blocks.values():
        seats = Counter((e, s) for g in block for s, e in enumerate(g.entrants))
        assert set(seats.values()) == {1} and len(seats) == 3 * 8  # each entrant sits each seat once
        firsts.add(next(g for g in block if g.game_id.endswith("-r0")).entrants)
    assert len(firsts) > 3  # who starts where varies between blocks: no entrant always holds seat 0
    sides = Tournament(game="kuhn-poker", entrants=entrants("a", "b"), games_per_pairing=40).planned()
    first_games = Counter(g.entrants for g in sides[::2])
    assert len(first_games) == 2  # the order of a block's rotations is shuffled too


def test_one_process_pool_serves_every_adaptive_round(tmp_path, monkeypatch):
    from concurrent.futures import ProcessPoolExecutor

    from parlour.tournament import backends

    started = []

    class Counted(ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            started.append(1)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(backends, "ProcessPoolExecutor", Counted)
    t = Tournament(game="kuhn-poker", format="adaptive", bootstrap=0, workers=2,
                   adaptive={"batch": 1, "min_blocks": 2, "max_games": 40},
                   entrants=[("eq", "scripted"), ("noisy", NOISY, {"p": 0.5}), ("rand", "random")])
    result = t.run(tmp_path, progress=False, write_outputs=False)
    assert len(result.results) == 40 and len(started) == 1  # several rounds, one pool


def test_swiss_rounds_pair_neighbours_in_the_standing():
    from parlour.tournament.swiss import pairs_of, rounds_played

    assert pairs_of(["a", "b", "c", "d", "e"], 0) == [("a", "b"), ("c", "d")]
    assert pairs_of(["a", "b", "c", "d", "e"], 1) == [("b", "c"), ("d", "e")]
    assert pairs_of(["a", "b"], 1) == [("a", "b")]  # two entrants meet every round
    assert [rounds_played(k, 3) for k in range(5)] == [0, 1, 2, 3, 4]
    assert [rounds_played(k, 4) for k in (0, 2, 3, 5)] == [0, 1, 2, 3]


def test_swiss_orders_entrants_of_known_strength(tmp_path):
    t = Tournament(game="werewolf/werewolf-arena-8", format="swiss", bootstrap=0,
                   swiss={"target": 0.95, "min_rounds": 2, "max_games": 200},
                   entrants=[("scripted", "scripted"), ("noisy", NOISY, {"p": 0.5}), ("rand", "random")])
    result = t.run(tmp_path, progress=False)
    assert result.order("bradley-terry") == ["scripted", "noisy", "rand"]
    assert 4 <= len(result.results) < 200
    again = t.run(tmp_path, resume=True, progress=False)
    assert again.played == 0 and len(again.results) == len(result.results)


def test_swiss_needs_two_sided_matches(tmp_path):
    with pytest.raises(ValueError, match="swiss format pairs two entrants"):
        Tournament(game="werewolf/werewolf-arena-8", format="swiss", lineup="seats", bootstrap=0,
                   entrants=[("a", "random"), ("b", "random"), ("c", "random")]).run(tmp_path, progress=False)
