"""The game contract: what a game's folder under envs/ gives parlour's game-agnostic core.

The runner, records, re-simulation, replays, agent specs, LLM agents and the command line work
only through this contract, so they name no game. A game is a subclass of :class:`Game`
registered by one line in ``parlour.envs.REGISTRY``; its engine follows :class:`Engine`.

=====================  =============================================================================
part                   what the game gives
=====================  =============================================================================
envs                   ``raw_env(rules, **kw)`` / ``env(rules, **kw)`` (PettingZoo AEC), and
                       ``parallel_env`` where moves are simultaneous
rules                  a frozen pydantic model; boards by name (``boards()``), file or dict
engine                 pure state: seeded, steps by seat, ``state_parts()`` for the record's hash
                       chain, ``clone()``, picklable
agents                 agent kinds beyond ``random`` (``agent_kinds()``: 'scripted', ...) and the seat
                       groups that ``--seats`` may name (``seat_groups()``: sides, roles, ...)
text interface         for LLM seats: rules text, the seat's view, legal actions id -> text, answer
                       schema, parse, feedback, fallback (``text_interface(env)``)
hidden information     what a seat must never be told (``hidden_from(engine, seat)``), as the game's
                       texts would phrase it: the generic tests check every prompt against it
outcome                returns per seat, winners, a label and a details dict (``outcome(engine)``)
reference              optional: the agent that scores 100 on VS-Bench's normalized return and how
                       an evaluation seats it (``reference()``: against it, or in self-play)
narration              events as sentences for one seat or the moderator (``narrate(engine, seat)``)
actions in records     a flat index plus, for structured actions, their JSON (``encode_action`` /
                       ``decode_action``), under a versioned ``action_layout``
=====================  =============================================================================
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, ClassVar, NamedTuple, Protocol, runtime_checkable

from pydantic import BaseModel

AgentFactory = Callable[[Any, int, "int | None", str], Any]  # (env, seat, seed, spec argument) -> Agent


class NotSupported(NotImplementedError):
    """An optional part of the contract that this game does not have (no parallel env for a
    turn-based game, no interaction graph): a finished answer, not unfinished code."""


class GameOutcome(NamedTuple):
    """How a finished (or stopped) game ended, as the engine's final state decides it."""

    returns: list[float]  # per seat
    winners: list[int]  # seats that won; empty with no winner (truncated, a draw)
    winner: str | None  # a label: 'village' / 'wolves', 'player 0', None
    truncated: bool
    details: dict[str, Any]  # game-specific facts for summaries (Werewolf: roles, deaths)


class Reference(NamedTuple):
    """A game's reference player for VS-Bench-style evaluation (normalized return 0 = random, 100 = this).

    ``self_play`` False (competitive games): the evaluated agent plays against ``spec`` in every
    seat order. True (cooperative and mixed-motive games, as VS-Bench plays them): the evaluated
    agent fills every seat, and ``spec`` in every seat is what scores 100.
    """

    spec: str  # an agent spec of the game ('equilibrium', 'mcts', 'scripted')
    self_play: bool


class NarrationLine(NamedTuple):
    round: int
    text: str
    style: str = ""  # a rich style for the transcript ("bold red" for a death, ...)


@runtime_checkable
class Engine(Protocol):
    """The pure game state a game's env steps. OpenSpiel-like: rules + seed + history rebuild it."""

    n: int
    seed: int | None
    done: bool
    truncated: bool
    history: list[tuple[int, Any]]  # (seat, applied action) per decision

    def to_move(self) -> list[int]: ...

    def legal_actions(self, seat: int) -> list[int]: ...

    def step(self, seat: int, action: Any) -> None: ...

    @property
    def round(self) -> int: ...  # the day, hand or turn number shown in records

    @property
    def phase_name(self) -> str: ...  # the kind of the current decision

    def state_parts(self) -> tuple[bytes, tuple[int, ...]]: ...

    def clone(self) -> Engine: ...


class Game(ABC):
    """One game: subclass it in the game's folder and add one line to ``parlour.envs.REGISTRY``."""

    id: ClassVar[str]  # 'werewolf', 'kuhn-poker': what users type
    env_name: ClassVar[str]  # 'werewolf_v0': the versioned env module, stored as a record's env_id
    title: ClassVar[str]
    action_layout: ClassVar[int] = 1  # bump when old records' action indices would mean something else
    # What stepping the engine with a wrong action raises (a replay names them as a mismatch).
    action_errors: ClassVar[tuple[type[Exception], ...]] = (ValueError, TypeError)
    # True for a game of full information (Breakthrough): no seat ever has anything to hide, so
    # hidden_from is always [] and the generic planted-leak test has nothing to catch.
    full_information: ClassVar[bool] = False
    rules_model: ClassVar[type[BaseModel]]
    engine_type: ClassVar[type]

    # ------------------------------------------------------------------ rules and boards
    def boards(self) -> tuple[str, ...]:
        """Named boards (variants); a game with one fixed board returns ('standard',)."""
        return ("standard",)

    def default_board(self) -> str:
        return self.boards()[0]

    @abstractmethod
    def rules(self, board: str | Path | BaseModel | dict | None = None) -> BaseModel:
        """A board by name, a path to a TOML file, a rules model or dict, or None for the default."""

    def board_name(self, rules: BaseModel) -> str:
        return getattr(rules, "name", "standard")

    def board_summary(self, rules: BaseModel) -> dict[str, str]:
        """Columns for ``parlour variants GAME``: column -> text."""
        return {"players": str(self.num_seats(rules))}

    @abstractmethod
    def num_seats(self, rules: BaseModel) -> int: ...

    # ------------------------------------------------------------------ envs and engines
    @abstractmethod
    def raw_env(self, rules: BaseModel, **kwargs) -> Any:
        """The unwrapped AEC env; ``illegal_action='raise'|'penalty'`` must be accepted."""

    @abstractmethod
    def env(self, rules: BaseModel, **kwargs) -> Any:
        """The wrapped AEC env users step."""

    def parallel_env(self, rules: BaseModel, **kwargs) -> Any:
        raise NotSupported(f"{self.id} has no parallel env: its moves are never simultaneous")

    @abstractmethod
    def new_engine(self, rules: BaseModel, seed: int | None) -> Engine: ...

    def record_options(self, header: Any) -> dict[str, Any]:
        """Keyword arguments that make ``new_engine(rules, seed, **options)`` and
        ``raw_env(rules, **options)`` play the record with this header. A game whose action layout
        changed (``action_layout`` bumped) maps the header's ``action_layout`` (None: 1) to the
        layout its engine then uses; by default only records of the game's own layout replay."""
        version = header.action_layout or 1
        if version != self.action_layout:
            raise ValueError(f"the record's actions use {self.id} action layout {version}; "
                             f"this parlour plays layout {self.action_layout} only")
        return {}

    def engine_of(self, env) -> Engine:
        return env.unwrapped.engine

    def encode_action(self, engine: Engine, applied: Any) -> tuple[int, dict | None]:
        """An applied action as the record keeps it: a flat index and, for a structured action, its JSON."""
        return int(applied), None

    def decode_action(self, index: int, structured: dict | None) -> Any:
        """The action to re-apply from a record's decision line."""
        return index

    @abstractmethod
    def outcome(self, engine: Engine) -> GameOutcome: ...

    # ------------------------------------------------------------------ agents
    def agent_kinds(self) -> dict[str, AgentFactory]:
        """Agent kinds this game ships beyond 'random' (which every game gets), e.g. 'scripted'."""
        return {}

    def seat_groups(self, engine: Engine) -> dict[str, list[int]]:
        """Names ``--seats KIND=NAME`` may use, resolved after the deal (Werewolf: 'wolves', 'seer')."""
        return {}

    def reference(self) -> Reference:
        """The reference player of VS-Bench's normalized return (see :class:`Reference`); games
        without one (Werewolf) raise NotSupported, and ``parlour eval vsbench-*`` leaves them out."""
        raise NotSupported(f"{self.id} has no reference player for normalized returns")

    # ------------------------------------------------------------------ language and narration
    @abstractmethod
    def text_interface(self, env, **kwargs) -> Any:
        """The text interface LLM seats see the game through (see parlour.agents.llm)."""

    @abstractmethod
    def hidden_from(self, engine: Engine, seat: int) -> list[str]:
        """Texts that must never appear in ``seat``'s prompt now: other seats' hidden facts (a
        card, a role) as the game's own texts would phrase them, so that only a leak produces
        them. Facts the seat has learnt by now (its own, a public reveal) are left out. A game of
        perfect information returns []. The generic tests check every prompt against this list.
        """

    @abstractmethod
    def narrate(self, engine: Engine, seat: int | None = None) -> list[NarrationLine]:
        """The game's events as sentences: all of them (``seat=None``) or what ``seat`` could see."""

    def roles_line(self, engine: Engine) -> str | None:
        """A one-line account of hidden information for the moderator's transcript, if any."""
        return None

    def html_page(self, records: Sequence[Any], title: str) -> str | None:
        """A game's own self-contained HTML replay page for its records (None: the generic page)."""
        return None

    def graph(self, record: Any, round: int, engine: Engine | None = None) -> Any:
        """A networkx graph of one round's interactions (Werewolf: who voted for and accused whom)."""
        raise NotSupported(f"{self.id} has no interaction graph")

    def table_columns(self) -> tuple[str, ...]:
        """Extra columns of ``parlour replay --table`` that :meth:`decision_fields` fills."""
        return ()

    def decision_fields(self, record: Any, decision: Any) -> dict[str, Any]:
        """Game-specific columns of one decision's row (roles, stance, target, ...)."""
        return {}


def seat_name(seat: int) -> str:
    return f"player_{seat}"
