"""Adding a game takes its own folder and one registry line, and nothing else.

The test writes a complete little game, Secret Rock-Paper-Scissors, as a package into a
temporary folder outside parlour (an engine, a rules model with two boards, a PettingZoo AEC env,
a text interface, narration and its :class:`parlour.game.Game`), puts that folder on
``sys.path`` and adds ONE entry to ``parlour.envs.REGISTRY``. Then the generic checks every
registered game passes (game_checks.py) run on it, and so do ``run_games``, re-simulation with
``--verify`` and the command line (in process: a subprocess would not see the patched
registry). docs/adding-a-game.md walks through the same files.

The game: two players, ``rounds`` rounds. A round's leader (player 0 or 1 by a seeded draw, then
alternating) picks rock, paper or scissors in secret; the other player answers; both picks are
shown and the round scored. The leader's pick is hidden from the answerer until then: that is
what ``hidden_from`` guards.
"""

from __future__ import annotations

import sys
import textwrap

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

import parlour
from parlour.batch import run_games
from parlour.cli import main
from parlour.envs import REGISTRY, get_game
from parlour.replays import read_records, resimulate

pytestmark = [
    pytest.mark.filterwarnings("ignore:Observation space for each agent probably should be:UserWarning"),
    pytest.mark.filterwarnings("ignore:Observation is not a NumPy array:UserWarning"),
]

PACKAGE = "toy_rps"
REGISTRY_LINE = ("toy", f"{PACKAGE}.game:SecretRPSGame")  # what a new game adds to parlour.envs.REGISTRY

# ---------------------------------------------------------------------------------- the game's folder
FILES = {
    "__init__.py": '''
        """Secret Rock-Paper-Scissors: a toy game in its own folder, registered by one line."""
    ''',
    "rules.py": '''
        """The rules model: how many rounds; boards by name."""

        from pydantic import BaseModel, ConfigDict, Field


        class RPSRules(BaseModel):
            model_config = ConfigDict(extra="forbid", frozen=True)

            name: str = "standard"
            rounds: int = Field(default=3, ge=1, le=9, strict=True)


        BOARDS = {"standard": RPSRules(), "quick": RPSRules(name="quick", rounds=1)}
    ''',
    "engine.py": '''
        """The engine: pure state, chance from a seeded Generator (who leads round 1), no text."""

        import numpy as np

        MOVES = ("rock", "paper", "scissors")


        class RPSError(ValueError):
            pass


        def beats(a: int, b: int) -> bool:
            return (a - b) % 3 == 1  # paper beats rock, scissors paper, rock scissors


        class RPSEngine:
            n = 2
            truncated = False

            def __init__(self, rules, seed=None):
                self.rules, self.seed = rules, seed
                self.first = int(np.random.default_rng(seed).integers(2))
                self.history = []  # (seat, move) per decision: leader, answerer, leader, ...

            @property
            def done(self) -> bool:
                return len(self.history) == 2 * self.rules.rounds

            @property
            def round(self) -> int:
                return min(len(self.history) // 2 + 1, self.rules.rounds)

            @property
            def phase_name(self) -> str:
                return "GAME_OVER" if self.done else ("LEAD", "ANSWER")[len(self.history) % 2]

            def leader(self, r: int) -> int:
                return (self.first + r - 1) % 2

            def pending(self):
                """The leader's secret pick of the unfinished round, or None."""
                return self.history[-1][1] if len(self.history) % 2 else None

            def rounds_played(self):
                """(round, leader, leader's move, answerer's move) of every finished round."""
                h = self.history
                return [(k // 2 + 1, h[k][0], h[k][1], h[k + 1][1]) for k in range(0, len(h) - 1, 2)]

            def score(self) -> list:
                wins = [0, 0]
                for _, lead, a, b in self.rounds_played():
                    if beats(a, b):
                        wins[lead] += 1
                    elif beats(b, a):
                        wins[1 - lead] += 1
                return wins

            def returns(self) -> list:
                if not self.done:
                    return [0.0, 0.0]
                s = self.score()
                return [float((s[0] > s[1]) - (s[0] < s[1])), float((s[1] > s[0]) - (s[1] < s[0]))]

            def to_move(self) -> list:
                if self.done:
                    return []
                lead = self.leader(len(self.history) // 2 + 1)
                return [lead if len(self.history) % 2 == 0 else 1 - lead]

            def legal_actions(self, seat: int) -> list:
                return [0, 1, 2] if seat in self.to_move() else []

            def step(self, seat: int, action) -> None:
                if self.done:
                    raise RPSError(f"seat {seat}: the game is over")
                if isinstance(action, (bool, np.bool_)) or not isinstance(action, (int, np.integer)):
                    raise TypeError(f"seat {seat}: an action is an int id 0-2, not {action!r}")
                if seat not in self.to_move():
                    raise RPSError(f"seat {seat} may not act now: seat {self.to_move()[0]} is to move")
                if not 0 <= action < 3:
                    raise RPSError(f"seat {seat}: action {action} is out of range; legal actions: 0, 1, 2")
                self.history.append((seat, int(action)))

            def state_parts(self):
                return b"", (self.rules.rounds, self.first, *(m for _, m in self.history))

            def clone(self):
                other = object.__new__(RPSEngine)
                other.__dict__.update(self.__dict__)
                other.history = list(self.history)
                return other
    ''',
    "narrate.py": '''
        """Events as sentences for one seat (None: the moderator), built only when asked."""

        from .engine import MOVES, beats


        def narrate(engine, seat=None) -> list:
            lines = []
            for r, lead, a, b in engine.rounds_played():
                result = (f"player {lead} wins" if beats(a, b) else
                          f"player {1 - lead} wins" if beats(b, a) else "a draw")
                lines.append((r, f"Round {r}: player {lead} played {MOVES[a]}, "
                                 f"player {1 - lead} played {MOVES[b]}: {result}."))
            pick, r = engine.pending(), engine.round
            if pick is not None and seat is None:
                lines.append((r, f"Round {r}: player {engine.leader(r)} chose {MOVES[pick]} (not shown yet)."))
            elif pick is not None and seat == engine.leader(r):
                lines.append((r, f"You chose {MOVES[pick]} this round."))
            return lines
    ''',
    "env.py": '''
        """The PettingZoo AEC env: features from the seat's own view only, flat Discrete(3) actions."""

        import numpy as np
        from gymnasium import spaces
        from pettingzoo import AECEnv
        from pettingzoo.utils import wrappers

        from .engine import RPSEngine
        from .rules import RPSRules

        SIZE = 15  # seat 2, own secret pick 3, last round own 3 / other 3, scores 2, progress 1, to move 1


        class raw_env(AECEnv):
            metadata = {"name": "toy_rps_v0", "render_modes": [], "is_parallelizable": False}

            def __init__(self, rules=None, illegal_action="raise", render_mode=None):
                super().__init__()
                if illegal_action not in ("raise", "penalty"):
                    raise ValueError(f"illegal_action must be 'raise' or 'penalty', not {illegal_action!r}")
                self.rules = rules or RPSRules()
                self.illegal_action, self.render_mode = illegal_action, render_mode
                self.engine = RPSEngine(self.rules)
                self.possible_agents = ["player_0", "player_1"]
                self.agent_name_mapping = {a: i for i, a in enumerate(self.possible_agents)}
                self._obs_space = spaces.Dict({"observation": spaces.Box(0.0, 1.0, (SIZE,), np.float32),
                                               "action_mask": spaces.Box(0, 1, (3,), np.int8)})
                self._act_space = spaces.Discrete(3)

            def observation_space(self, agent):
                return self._obs_space

            def action_space(self, agent):
                return self._act_space

            def observe(self, agent):
                seat, e = self.agent_name_mapping[agent], self.engine
                x = np.zeros(SIZE, np.float32)
                x[seat] = 1.0
                if e.pending() is not None and e.leader(e.round) == seat:
                    x[2 + e.pending()] = 1.0  # only the seat's own secret pick
                played = e.rounds_played()
                if played:
                    _, lead, a, b = played[-1]
                    own, other = (a, b) if lead == seat else (b, a)
                    x[5 + own] = x[8 + other] = 1.0
                score = e.score()
                x[11], x[12] = score[seat] / self.rules.rounds, score[1 - seat] / self.rules.rounds
                x[13] = len(played) / self.rules.rounds
                x[14] = float(seat in e.to_move())
                mask = np.zeros(3, np.int8)
                mask[e.legal_actions(seat)] = 1
                return {"observation": x, "action_mask": mask}

            def reset(self, seed=None, options=None):
                self.engine = RPSEngine(self.rules, seed)
                self.agents = self.possible_agents[:]
                self.rewards = dict.fromkeys(self.agents, 0.0)
                self._cumulative_rewards = dict.fromkeys(self.agents, 0.0)
                self.terminations = dict.fromkeys(self.agents, False)
                self.truncations = dict.fromkeys(self.agents, False)
                self.infos = {a: {} for a in self.agents}
                self.agent_selection = self.possible_agents[self.engine.to_move()[0]]

            def step(self, action):
                agent = self.agent_selection
                if self.terminations[agent] or self.truncations[agent]:
                    return self._was_dead_step(action)
                self.engine.step(self.agent_name_mapping[agent], action)
                self.rewards = dict.fromkeys(self.agents, 0.0)
                self._cumulative_rewards[agent] = 0.0
                if self.engine.done:
                    self.rewards = dict(zip(self.possible_agents, self.engine.returns()))
                    self.terminations = dict.fromkeys(self.agents, True)
                else:
                    self.agent_selection = self.possible_agents[self.engine.to_move()[0]]
                self._accumulate_rewards()

            def render(self):
                return None

            def close(self):
                pass


        def env(rules=None, **kwargs):
            return wrappers.OrderEnforcingWrapper(raw_env(rules, **kwargs))
    ''',
    "interface.py": '''
        """The text interface for LLM seats: prompt sections, legal actions id -> text, schema, parse."""

        from parlour.agents.llm.interface import ParseError, extract_json

        from .engine import MOVES
        from .narrate import narrate


        class RPSTextInterface:
            name = "align"
            gives_feedback = True

            def __init__(self, env, **kwargs):
                self.env = env

            @property
            def engine(self):
                return self.env.unwrapped.engine

            def legal_actions(self, seat: int) -> dict:
                return {i: f"<{MOVES[i].upper()}>: play {MOVES[i]}" for i in self.engine.legal_actions(seat)}

            def legal_text(self, seat: int) -> str:
                return "\\n".join(f"{i}: {text}" for i, text in self.legal_actions(seat).items())

            def messages(self, seat: int, observation=None) -> list:
                e = self.engine
                score = e.score()
                history = "\\n".join(text for _, text in narrate(e, seat)) or "(nothing yet)"
                system = (f"You play Secret Rock-Paper-Scissors, {e.rules.rounds} round(s). Each round the "
                          "leader picks in secret, then the other player picks; paper beats rock, scissors "
                          "beat paper, rock beats scissors. Answer with the JSON object {\\"action\\": <id>} only.")
                user = (f"## You\\nYou are player {seat}. Score: you {score[seat]}, opponent {score[1 - seat]}. "
                        f"Round {e.round} of {e.rules.rounds}.\\n\\n## Rounds so far\\n{history}\\n\\n"
                        f"## Legal actions\\n{self.legal_text(seat)}")
                return [{"role": "system", "content": system}, {"role": "user", "content": user}]

            def schema(self, seat: int) -> dict:
                return {"type": "object", "properties": {"action": {"type": "integer", "enum": self._legal(seat)}},
                        "required": ["action"], "additionalProperties": False}

            def _legal(self, seat: int) -> list:
                legal = self.engine.legal_actions(seat)
                if not legal:
                    raise ParseError(f"seat {seat} has no decision to make now")
                return legal

            def parse(self, text: str, seat: int) -> int:
                legal = self._legal(seat)
                answer = extract_json(text)
                value = answer.get("action") if isinstance(answer, dict) else answer
                if isinstance(value, str) and value.strip().lower() in MOVES:
                    value = MOVES.index(value.strip().lower())
                if isinstance(value, bool) or not isinstance(value, int) or value not in legal:
                    raise ParseError(f"{value!r} is not a legal action id; legal actions: "
                                     + "; ".join(f"{i} ({t})" for i, t in self.legal_actions(seat).items()))
                return value

            def feedback(self, error: str, seat: int) -> str:
                return (f"Your answer could not be used: {error}.\\nThe legal actions are:\\n{self.legal_text(seat)}\\n"
                        "Answer again with the JSON object {\\"action\\": <id>} only.")

            def fallback(self, seat: int) -> int:
                return self._legal(seat)[0]
    ''',
    "game.py": '''
        """Secret Rock-Paper-Scissors through parlour's game contract."""

        from parlour.game import Game, GameOutcome, NarrationLine

        from .engine import MOVES, RPSEngine
        from .rules import BOARDS, RPSRules


        class SecretRPSGame(Game):
            id = "toy"
            env_name = "toy_rps_v0"
            title = "Secret Rock-Paper-Scissors (a toy: one folder and one registry line)"
            rules_model = RPSRules
            engine_type = RPSEngine

            def boards(self):
                return tuple(BOARDS)

            def rules(self, board=None):
                if board is None or isinstance(board, RPSRules):
                    return board or BOARDS["standard"]
                if isinstance(board, dict):
                    return RPSRules.model_validate(board)
                if str(board) not in BOARDS:
                    raise ValueError(f"unknown board {board!r}; boards: {', '.join(BOARDS)}")
                return BOARDS[str(board)]

            def num_seats(self, rules):
                return 2

            def raw_env(self, rules, **kwargs):
                from .env import raw_env

                return raw_env(rules, **kwargs)

            def env(self, rules, **kwargs):
                from .env import env

                return env(rules, **kwargs)

            def new_engine(self, rules, seed):
                return RPSEngine(rules, seed)

            def outcome(self, engine):
                returns = engine.returns()
                winners = [s for s in range(2) if returns[s] > 0]
                return GameOutcome(returns=returns, winners=winners,
                                   winner=f"player {winners[0]}" if winners else None, truncated=False,
                                   details={"score": engine.score(), "first": engine.first})

            def text_interface(self, env, **kwargs):
                from .interface import RPSTextInterface

                return RPSTextInterface(env, **kwargs)

            def hidden_from(self, engine, seat):
                pick, r = engine.pending(), engine.round
                if pick is None or seat == engine.leader(r):
                    return []
                return [f"Round {r}: player {engine.leader(r)} chose {MOVES[pick]}", f"You chose {MOVES[pick]} this round"]

            def narrate(self, engine, seat=None):
                from .narrate import narrate

                return [NarrationLine(r, text) for r, text in narrate(engine, seat)]
    ''',
}

CASES = [Case("toy", "standard"), Case("toy", "quick")]


@pytest.fixture(scope="module", autouse=True)
def toy(tmp_path_factory):
    """The game's folder written outside parlour, and the one registry line, for this module."""
    root = tmp_path_factory.mktemp("elsewhere")
    (root / PACKAGE).mkdir()
    for name, text in FILES.items():
        (root / PACKAGE / name).write_text(textwrap.dedent(text).lstrip())
    with pytest.MonkeyPatch.context() as mp:
        mp.syspath_prepend(str(root))
        mp.setitem(REGISTRY, *REGISTRY_LINE)
        get_game.cache_clear()
        yield get_game("toy")
    get_game.cache_clear()
    for module in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
        del sys.modules[module]


def test_one_registry_line_makes_a_game():
    assert "toy" in parlour.games() and {"toy/standard", "toy/quick"} <= set(parlour.list_envs())
    assert cases(["toy"]) == CASES
    env = parlour.make("toy/quick")
    env.reset(seed=0)
    assert env.unwrapped.metadata["name"] == "toy_rps_v0"


@pytest.mark.parametrize("case", CASES, ids=str)
def test_pettingzoo_api_and_seed_tests(case):
    check_pettingzoo_api(case)
    check_seed_test(case)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_determinism_steps_and_records(case):
    check_multistep_determinism(case)
    check_runner_determinism(case)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_record_round_trip_and_tamper_check(case, tmp_path):
    check_record_round_trip(case, tmp_path / "games.jsonl")


@pytest.mark.parametrize("case", CASES, ids=str)
def test_text_interface_and_hidden_information(case):
    check_text_interface(case, seeds=(1, 2, 3))


def test_a_planted_leak_is_caught(toy, monkeypatch):
    plant_leak(monkeypatch, toy, CASES[0])
    with pytest.raises(AssertionError, match="leaks hidden information"):
        check_text_interface(CASES[0], seeds=(1, 2, 3))


def test_run_games_and_verify(tmp_path):
    out = tmp_path / "toy.jsonl"
    records = run_games("toy", ["random"], games=3, out=out, progress=False)
    assert [r.header.game_id for r in records] == ["standard-0", "standard-1", "standard-2"]
    assert all(r.outcome.error is None and len(r.decisions) == 6 for r in records)
    read, problems = read_records(out)
    assert problems == [] and [r.to_jsonl() for r in read] == [r.to_jsonl() for r in records]
    for record in read:
        engine = resimulate(record, verify=True)
        assert engine.done and record.outcome.details["score"] == engine.score()


def test_command_line(tmp_path, capsys):
    def run(argvs):
        results = []
        for argv in argvs:
            code = main(list(argv))
            captured = capsys.readouterr()
            results.append((code, captured.out + captured.err))
        return results

    check_cli("toy", tmp_path, run)
