"""The reference schema: one shape for human games (WereBench) and parlour's own logged games.

A :class:`ReferenceGame` holds what an evaluator compares an agent with: the board, the seats and
their true roles, the utterances in order (phase, day, speaker), the votes and night actions where
the source knows them, the deaths, the outcome, and the game's multiple-choice strategy items.
Seats are numbered as the source numbers them (WereBench: 1-12, from "N号"; parlour: 0-based) and
carry the label prompts show ("9号", "seat 3"). A role parlour does not play keeps the name the
source writes (``role_name``) with ``role`` None: loaded and marked unknown, never dropped.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Side = Literal["village", "wolves", "third", "unknown"]
VoteKind = Literal["exile", "sheriff", "pk"]
VoteSource = Literal["record", "mvp", "host"]

# The five speech dimensions as the release names them; the paper calls "Social Interaction"
# "Persuasive Statements".
DIMENSIONS = ("Role Inference", "Strategic Judgment", "Deception Reasoning", "Social Interaction",
              "Counterfactual Trade-off")
PAPER_NAMES = {"Social Interaction": "Persuasive Statements"}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Seat(_Model):
    seat: int = Field(description="The seat as the source numbers it (WereBench 1-12, parlour from 0).")
    label: str = Field(description="How prompts name the seat: '9号', 'seat 3'.")
    role: str | None = Field(description="parlour's role name ('seer'); None: a role parlour does not play.")
    role_name: str = Field(description="The role as the source writes it ('预言家', 'seer'); '' where it gives none.")
    side: Side

    @property
    def known(self) -> bool:
        return self.role is not None


class Board(_Model):
    n_seats: int = Field(gt=0)
    roles: dict[str, int] = Field(description="Role name as the source writes it -> seats holding it.")
    rules_text: str = Field("", description="The board's rules in prose, as the source states them.")
    rules: dict | None = Field(None, description="For parlour games: the full RuleSet of the record's header.")


class Utterance(_Model):
    index: int = Field(description="Position in the game's utterance list, from 0.")
    ids: list[int] = Field(description="The source's ids of this utterance (WereBench merges subtitle lines; "
                                       "parlour: the decision index).")
    phase: str = Field(description="The phase as the source names it ('first_day', 'CAMPAIGN').")
    day: int = Field(description="The day (or night) number the phase belongs to, from 1; 0 before the game.")
    speaker: int | None = Field(description="The speaking seat; None for the host or an unidentified speaker.")
    speaker_label: str
    is_host: bool = False
    text: str
    stance: dict | None = Field(None, description="A parlour speech act's structured stances, when known.")

    @property
    def last_id(self) -> int:
        return self.ids[-1]


class Vote(_Model):
    day: int
    kind: VoteKind
    voter: int
    target: int | None = Field(description="The seat voted for; None: abstained.")
    source: VoteSource = Field(description="record: a parlour decision; mvp: WereBench's structured MVP vote; "
                                           "host: parsed from the host's announcement.")
    context_until: int | None = Field(None, description="The utterance id up to which the vote's context runs.")


class NightAction(_Model):
    night: int
    actor: int | None = Field(description="The acting seat; None for a team's act (the wolves' kill).")
    action: str = Field(description="kill, check, save, poison, guard, protect, ...")
    target: int | None
    result: str | None = Field(None, description="What the act revealed (a check's side or role).")


class Death(_Model):
    day: int = Field(description="The day the death was announced or happened.")
    seat: int
    cause: str


class Outcome(_Model):
    winner: Side | None = Field(description="The winning side; None: unknown or nobody.")
    winners: list[int] = Field(default_factory=list, description="The seats on the winning side.")
    text: str = Field("", description="The source's own account of the end, if any.")


class Option(_Model):
    key: str
    text: str


class StrategyItem(_Model):
    """One multiple-choice item: the situation up to an utterance, a question, options, and what the
    winning side did (``answer``)."""

    id: str = Field(description="Unique within a dataset: '<dimension>/<source id>'.")
    dimension: str
    game: str | None = Field(description="The key of the game the item is about (its context).")
    utterance_id: int | None = Field(description="The context runs up to this utterance id, inclusive.")
    seat: int | None = Field(description="The seat the question is put to.")
    question: str
    question_bare: str = Field("", description="The question without its situation, where the source has one.")
    options: list[Option]
    answer: str
    explanation: str = ""
    masked: list[int] = Field(default_factory=list, description="Utterance ids of the context shown masked (a "
                              "vote item's voter's own lines of that day, which announce the vote).")

    @model_validator(mode="after")
    def _answer_is_an_option(self) -> StrategyItem:
        keys = self.keys
        if len(set(keys)) != len(keys):
            raise ValueError(f"item {self.id}: option keys repeat: {keys}")
        if self.answer not in keys:
            raise ValueError(f"item {self.id}: answer {self.answer!r} is not an option key ({', '.join(keys)})")
        return self

    @property
    def keys(self) -> list[str]:
        return [o.key for o in self.options]


class ReferenceGame(_Model):
    key: str = Field(description="The game's key within its dataset ('Season_1/01', a record's game id).")
    source: str = Field(description="Where the game comes from: an episode, a record file.")
    language: str = "english"
    board: Board
    seats: list[Seat]
    utterances: list[Utterance]
    votes: list[Vote] = Field(default_factory=list)
    night_actions: list[NightAction] = Field(default_factory=list)
    deaths: list[Death] = Field(default_factory=list)
    outcome: Outcome
    mvp: int | None = Field(None, description="The best player of the winning side, where the source names one.")
    items: list[StrategyItem] = Field(default_factory=list, description="Items made from this game itself "
                                      "(parlour games); WereBench's items are in the dataset's .items.")
    notes: list[str] = Field(default_factory=list, description="Problems of the source found while reading it "
                             "(a seat without a role, two roles for one seat), and what was kept.")

    def seat(self, seat: int) -> Seat:
        for s in self.seats:
            if s.seat == seat:
                return s
        raise KeyError(f"game {self.key} has no seat {seat} (seats: {[s.seat for s in self.seats]})")

    def label(self, seat: int | None) -> str:
        return "host" if seat is None else self.seat(seat).label

    def context(self, until_id: int | None = None) -> list[Utterance]:
        """The utterances whose first id is at most ``until_id`` (all of them for None)."""
        if until_id is None:
            return list(self.utterances)
        return [u for u in self.utterances if u.ids[0] <= until_id]
