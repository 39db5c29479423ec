"""How an LLM's answers went, from the reports its decisions leave (a record's ``llm`` field).

Both ways of handling a bad answer are counted: ALIGN's (feedback, a retry, after the allowance
the interface's fallback) and VS-Bench's (no feedback, a random legal move). A bad answer is
one the interface refused: unparseable, an illegal action, or cut off.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple


class AnswerCounts(NamedTuple):
    decisions: int  # LLM decisions
    answers: int  # answers the model gave, retries included
    bad: int  # answers refused (unparseable or illegal)
    fallbacks: int  # decisions played by the fallback (ALIGN) or a random legal move (VS-Bench)
    random_moves: int  # of the fallbacks, VS-Bench's random legal moves

    @property
    def bad_rate(self) -> float:
        return self.bad / self.answers if self.answers else 0.0

    @property
    def fallback_rate(self) -> float:
        return self.fallbacks / self.decisions if self.decisions else 0.0

    def as_json(self) -> dict:
        return {**self._asdict(), "bad_answer_rate": self.bad_rate, "fallback_rate": self.fallback_rate}


def count_answers(reports: Iterable[dict | None]) -> AnswerCounts:
    decisions = answers = bad = fallbacks = random_moves = 0
    for report in reports:
        if report is None:
            continue
        decisions += 1
        answers += len(report.get("raw_outputs") or ())
        bad += len(report.get("errors") or ())
        fallbacks += bool(report.get("fallback"))
        random_moves += bool(report.get("random_move"))
    return AnswerCounts(decisions, answers, bad, fallbacks, random_moves)
