"""What the evaluated model reads: a reference game's transcript up to a point, and a question.

A :class:`Question` renders its chat messages for a transcript budget in characters: ``None`` is
the whole context, a number keeps the latest lines that fit (a backend with a short context asks
again with less; see :mod:`.choosers`). Masked lines keep their place and speaker, so the model
sees that the seat spoke, not what it said.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ...datasets.werebench.schema import ReferenceGame, Utterance

MASKED = "[masked]"
OMITTED = "[earlier lines omitted]"
SYSTEM = ("You are an expert Werewolf (social deduction) player. You read a game's transcript and answer "
          "one question as the named player would, knowing that player's own role. The transcript may be in "
          "Chinese; seats are written 'N号' (seat N) there, and 'host' is the moderator.")


def line(game: ReferenceGame, u: Utterance, masked: bool = False) -> str:
    who = "host" if u.is_host else (u.speaker_label if u.speaker is None else game.label(u.speaker))
    return f"[{u.phase}] {who}: {MASKED if masked else u.text}"


def transcript(game: ReferenceGame, utterances: list[Utterance], masked: Callable[[Utterance], bool] | None = None,
               budget: int | None = None) -> str:
    """The lines in order; with ``budget``, only the latest lines that fit in that many characters."""
    lines = [line(game, u, bool(masked and masked(u))) for u in utterances]
    if budget is None:
        return "\n".join(lines)
    kept: list[str] = []
    used = 0
    for text in reversed(lines):
        if used + len(text) + 1 > budget:
            break
        kept.append(text)
        used += len(text) + 1
    head = [OMITTED] if len(kept) < len(lines) else []
    return "\n".join(head + kept[::-1])


def role_text(game: ReferenceGame, seat: int) -> str:
    s = game.seat(seat)
    english = f" ({s.role})" if s.role and s.role != s.role_name else ""
    return f"{s.role_name}{english}"


@dataclass
class Question:
    """One question about one game: a context (lines, with a mask), the question, and the answer
    fields, each constrained to its keys (one field 'answer' for a multiple-choice item)."""

    game: ReferenceGame
    context: list[Utterance]
    prompt: str
    fields: dict[str, list[str]]
    masked: Callable[[Utterance], bool] | None = None
    rules: str = field(default="")

    def messages(self, budget: int | None = None) -> list[dict]:
        rules = f"Rules of this board:\n{self.rules}\n\n" if self.rules else ""
        keys = "; ".join(f"{name}: one of {', '.join(keys)}" for name, keys in self.fields.items())
        user = (f"{rules}Transcript so far:\n{transcript(self.game, self.context, self.masked, budget)}\n\n"
                f"{self.prompt}\n\nAnswer in JSON with {keys}.")
        return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": user}]

    def context_chars(self) -> int:
        return len(transcript(self.game, self.context, self.masked))
