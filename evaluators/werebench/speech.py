"""Speech evaluation: the multiple-choice strategy items, scored per dimension.

Each item is asked as the release wrote it (the context up to its utterance, its question, its
options) and, for position bias, again with the option texts in a shuffled order under the same
keys: a model that reads the options scores the same both ways; one that favours a position
does not. Every version is decoded ``decodes`` times with different seeds, and the decodes are
averaged per item.
"""

from __future__ import annotations

import asyncio
import zlib
from collections import Counter
from collections.abc import Callable

import numpy as np
from pydantic import BaseModel, Field

from ...datasets.werebench.schema import PAPER_NAMES, Option, ReferenceGame, StrategyItem
from .choosers import Chooser
from .prompts import Question, role_text
from .scoring import Score, bootstrap_scores


class ItemAnswer(BaseModel):
    item: str
    dimension: str
    shuffled: bool
    answer: str
    chosen: list[str | None]


class SpeechResult(BaseModel):
    scores: list[Score]
    shuffled_scores: list[Score]
    chosen_keys: dict[str, float] = Field(description="Share of each key among the answers to the items as "
                                          "written (no answer: 'none'); a position-biased model piles up on some.")
    answer_keys: dict[str, float] = Field(description="Share of each key among the right answers, for comparison.")
    answers: list[ItemAnswer]
    skipped: list[str]


def key_shares(keys: list[str | None]) -> dict[str, float]:
    counts = Counter("none" if k is None else k for k in keys)
    return {k: counts[k] / len(keys) for k in sorted(counts)} if keys else {}


def stable_seed(*parts: object) -> int:
    """A seed from names and numbers (CRC-32: stable across runs, unlike Python's hash())."""
    return zlib.crc32("/".join(map(str, parts)).encode())


def shuffled(item: StrategyItem, seed: int) -> StrategyItem:
    """The item with its option texts permuted under the same keys (the answer moves with its text)."""
    order = np.random.default_rng(seed).permutation(len(item.options))
    texts = [item.options[int(i)].text for i in order]
    answer_text = next(o.text for o in item.options if o.key == item.answer)
    options = [Option(key=o.key, text=t) for o, t in zip(item.options, texts)]
    return item.model_copy(update={"options": options, "answer": options[texts.index(answer_text)].key})


def item_question(item: StrategyItem, game: ReferenceGame) -> Question:
    who = ""
    if item.seat is not None:
        who = f"You are {game.label(item.seat)}; your role: {role_text(game, item.seat)}.\n"
    options = "\n".join(f"{o.key}. {o.text}" for o in item.options)
    hidden = set(item.masked)
    return Question(game=game, context=game.context(item.utterance_id), rules=game.board.rules_text,
                    masked=(lambda u: u.ids[0] in hidden) if hidden else None, prompt=f"{who}Question: {item.question}\nOptions:\n{options}", fields={"answer": item.keys})


async def evaluate_speech(items: list[StrategyItem], games: dict[str, ReferenceGame], chooser: Chooser, *,
                          decodes: int = 3, seed: int = 0, concurrency: int = 32,
                          on_answer: Callable[[], None] | None = None) -> SpeechResult:
    """Ask every item (as written, and shuffled) ``decodes`` times; score per dimension."""
    slots = asyncio.Semaphore(concurrency)
    skipped = [i.id for i in items if i.game not in games]
    asked = [i for i in items if i.game in games]

    async def ask(item: StrategyItem, is_shuffled: bool) -> ItemAnswer:
        version = shuffled(item, stable_seed(seed, item.id, "shuffle")) if is_shuffled else item
        question = item_question(version, games[str(item.game)])
        chosen = []
        for d in range(decodes):
            async with slots:
                answer = await chooser.choose(question, stable_seed(seed, item.id, is_shuffled, d))
            chosen.append(answer["answer"])
            if on_answer:
                on_answer()
        return ItemAnswer(item=item.id, dimension=item.dimension, shuffled=is_shuffled, answer=version.answer,
                          chosen=chosen)

    answers = await asyncio.gather(*(ask(i, s) for i in asked for s in (False, True)))

    def scores(is_shuffled: bool) -> list[Score]:
        groups: dict[str, list[list[float]]] = {}
        for a in answers:
            if a.shuffled == is_shuffled:
                groups.setdefault(PAPER_NAMES.get(a.dimension, a.dimension), []).append(
                    [float(c == a.answer) for c in a.chosen])
        return bootstrap_scores(groups, seed=seed)

    written = [a for a in answers if not a.shuffled]
    return SpeechResult(scores=scores(False), shuffled_scores=scores(True),
                        chosen_keys=key_shares([c for a in written for c in a.chosen]),
                        answer_keys=key_shares([a.answer for a in written]), answers=list(answers), skipped=skipped)
