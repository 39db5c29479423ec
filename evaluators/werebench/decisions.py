"""Decision evaluation: the winning side's votes, and naming the other players' roles.

**Vote alignment.** A case is a vote the winning side cast: WereBench's MVP votes, or a parlour
game's winning-side exile votes. The model reads the transcript up to the vote (the vote's
``context_until``) as the voter, with the voter's true role given and the voter's own lines of
that day masked (they tend to announce the vote), and names one seat among all the others (the
release does not say reliably who is still alive, so dead seats stay among the choices); correct
when it is the seat the human (or winning agent) voted for.

**Opponent-role inference.** After day N (the game's last day before its end when it ends
sooner, so the ending's reveals never show), the model, as the game's MVP (else a winning seat),
names every other seat's role among the board's roles. Scored exactly and by side, and per true
role.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import numpy as np
from pydantic import BaseModel

from ...datasets.werebench.boards import ENGLISH
from ...datasets.werebench.schema import ReferenceGame, Utterance, Vote
from .choosers import Chooser
from .prompts import Question, role_text
from .scoring import MACRO, Score, bootstrap_scores
from .speech import stable_seed

SIDE_LEVEL = "side"
EXACT = "exact"


class VoteAnswer(BaseModel):
    game: str
    day: int
    voter: int
    target: int
    chosen: list[int | None]


class VoteResult(BaseModel):
    scores: list[Score]
    answers: list[VoteAnswer]


class RoleAnswer(BaseModel):
    game: str
    after_day: int
    perspective: int
    truth: dict[int, str]
    chosen: list[dict[int, str | None]]


class RoleResult(BaseModel):
    scores: list[Score]           # exact and side-level: per game, the share of its seats named right
    per_role: list[Score]         # exact, grouped by the true role
    answers: list[RoleAnswer]
    skipped: list[str]


def vote_cases(game: ReferenceGame) -> list[Vote]:
    """The winning side's votes to predict: the MVP's where the source names them, else every
    winning-side exile vote of the record; only votes for a seat, with a context."""
    mvp = [v for v in game.votes if v.source == "mvp"]
    cases = mvp or [v for v in game.votes if v.source == "record" and v.kind == "exile"
                    and v.voter in game.outcome.winners]
    return [v for v in cases if v.target is not None and v.context_until is not None]


def voter_mask(vote: Vote) -> Callable[[Utterance], bool]:
    """Masks the voter's own lines of the vote's day (and any later ones)."""
    return lambda u: u.speaker == vote.voter and u.day >= vote.day


def vote_question(game: ReferenceGame, vote: Vote) -> Question:
    candidates = [s.label for s in game.seats if s.seat != vote.voter]
    me = game.label(vote.voter)
    prompt = (f"You are {me}; your role: {role_text(game, vote.voter)}. Your own speeches of today are masked. "
              f"The vote of day {vote.day} starts now: which seat do you vote to exile?")
    return Question(game=game, context=game.context(vote.context_until), masked=voter_mask(vote),
                    rules=game.board.rules_text, prompt=prompt, fields={"vote": candidates})


async def evaluate_votes(games: list[ReferenceGame], chooser: Chooser, *, decodes: int = 3, seed: int = 0,
                         limit: int | None = None, concurrency: int = 32,
                         on_answer: Callable[[], None] | None = None) -> VoteResult:
    cases = [(g, v) for g in games for v in vote_cases(g)][:limit]
    slots = asyncio.Semaphore(concurrency)

    async def ask(game: ReferenceGame, vote: Vote) -> VoteAnswer:
        question = vote_question(game, vote)
        label_seat = {s.label: s.seat for s in game.seats}
        chosen: list[int | None] = []
        for d in range(decodes):
            async with slots:
                answer = await chooser.choose(question, stable_seed(seed, game.key, vote.day, vote.voter, d))
            chosen.append(label_seat.get(str(answer["vote"])))
            if on_answer:
                on_answer()
        assert vote.target is not None  # vote_cases keeps votes for a seat only
        return VoteAnswer(game=game.key, day=vote.day, voter=vote.voter, target=vote.target, chosen=chosen)

    answers = await asyncio.gather(*(ask(g, v) for g, v in cases))
    groups = {"vote alignment": [[float(c == a.target) for c in a.chosen] for a in answers]}
    return VoteResult(scores=[s for s in bootstrap_scores(groups, seed=seed) if s.group != MACRO],
                      answers=list(answers))


def role_key(game: ReferenceGame, seat: int) -> str:
    """A seat's role as an answer key: parlour's role name, else the English name, else as written."""
    s = game.seat(seat)
    if s.role:
        return s.role
    return ENGLISH.get(s.role_name, s.role_name).lower().replace(" ", "_").replace("-", "_")


def inference_day(game: ReferenceGame, day: int) -> int:
    """Day ``day``, or the game's last day that another day or night follows; 0: none does."""
    last = max((u.day for u in game.utterances), default=0)
    return min(day, last - 1)


def perspective(game: ReferenceGame) -> int | None:
    if game.mvp is not None and any(s.seat == game.mvp for s in game.seats):
        return game.mvp
    return game.outcome.winners[0] if game.outcome.winners else None


def role_question(game: ReferenceGame, seat: int, day: int) -> Question:
    named = [s for s in game.seats if s.role_name]  # a seat the source gives no role is not asked about
    keys = sorted({role_key(game, s.seat) for s in named})
    counts: dict[str, int] = {}
    for s in named:
        counts[role_key(game, s.seat)] = counts.get(role_key(game, s.seat), 0) + 1
    board = ", ".join(f"{k} x{n}" for k, n in sorted(counts.items()))
    prompt = (f"You are {game.label(seat)}; your role: {role_text(game, seat)}. The board's roles: {board}. "
              f"Day {day} is over. Name the role of every other seat.")
    fields = {game.label(s.seat): keys for s in named if s.seat != seat}
    context = [u for u in game.utterances if u.day <= day]
    return Question(game=game, context=context, rules=game.board.rules_text, prompt=prompt, fields=fields)


async def evaluate_roles(games: list[ReferenceGame], chooser: Chooser, *, day: int = 3, decodes: int = 3,
                         seed: int = 0, limit: int | None = None, concurrency: int = 32,
                         on_answer: Callable[[], None] | None = None) -> RoleResult:
    cases, skipped = [], []
    for g in games:
        n, seat = inference_day(g, day), perspective(g)
        if n < 1 or seat is None:
            skipped.append(g.key)
        else:
            cases.append((g, n, seat))
    cases = cases[:limit]
    slots = asyncio.Semaphore(concurrency)

    async def ask(game: ReferenceGame, n: int, seat: int) -> RoleAnswer:
        question = role_question(game, seat, n)
        label_seat = {s.label: s.seat for s in game.seats}
        chosen = []
        for d in range(decodes):
            async with slots:
                answer = await chooser.choose(question, stable_seed(seed, game.key, "roles", d))
            chosen.append({label_seat[label]: key for label, key in answer.items()})
            if on_answer:
                on_answer()
        truth = {s.seat: role_key(game, s.seat) for s in game.seats if s.seat != seat and s.role_name}
        return RoleAnswer(game=game.key, after_day=n, perspective=seat, truth=truth, chosen=chosen)

    answers = await asyncio.gather(*(ask(*c) for c in cases))
    # A game's seats are named in one answer, so the game is the unit the intervals resample: its
    # score per decode is the share of its seats named right. Per role, the unit is the seat.
    exact: list[list[float]] = []
    side: list[list[float]] = []
    per_role: dict[str, list[list[float]]] = {}
    for a in answers:
        game = next(g for g, _, _ in cases if g.key == a.game)
        side_of = {role_key(game, s.seat): s.side for s in game.seats}
        exact.append([float(np.mean([c.get(s) == t for s, t in a.truth.items()])) for c in a.chosen])
        side.append([float(np.mean([side_of.get(str(c.get(s))) == side_of[t] for s, t in a.truth.items()]))
                     for c in a.chosen])
        for seat, truth in a.truth.items():
            per_role.setdefault(truth, []).append([float(c.get(seat) == truth) for c in a.chosen])
    scores = [s for s in bootstrap_scores({EXACT: exact, SIDE_LEVEL: side}, seed=seed) if s.group != MACRO]
    per = [s for s in bootstrap_scores(per_role, seed=seed) if s.group != MACRO]
    return RoleResult(scores=scores, per_role=per, answers=list(answers), skipped=skipped)
