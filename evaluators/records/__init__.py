"""Evaluators over parlour's own Werewolf GameRecords (``parlour eval records``).

Each record is re-simulated (:mod:`.load`) and its typed events are scored by four families:

- :mod:`.stances`: every public speech act against the truth (false claims, fabricated checks,
  accusations at wolves), against the winning side's stances that day, and against the votes
  that followed (persuasion); with the Werewolf Among Us strategy labels of free text
  (:mod:`.strategy_labels`);
- :mod:`.resources`: potions, protections, checks, shots, the sheriff's badge, and whether each
  use hit the user's side;
- :mod:`.game_metrics`: after Kaggle's Werewolf harness (identification precision, voting
  success, key-role survival, margin and speed of win);
- :mod:`.compute`: tokens, calls, retries, fallbacks and seconds of LLM seats, against a budget.

Every metric is a ratio of sums over games with a bootstrap interval (:mod:`.tally`), per role,
side or agent, and for seats whose side won and lost. :mod:`.tournament` adds per-entrant columns
to a tournament's ratings table.
"""

from __future__ import annotations

from .compute import ComputeBudget
from .evaluate import FAMILIES, RecordsReport, evaluate, seat_groups
from .load import RecordsInputError, ReplayedGame, game_of, read_games, record_files
from .strategy_labels import Strategy, label_text, stance_labels
from .tally import MetricRow, Obs, Tally

__all__ = ["FAMILIES", "ComputeBudget", "MetricRow", "Obs", "RecordsInputError", "RecordsReport", "ReplayedGame",
           "Strategy", "Tally", "evaluate", "game_of", "label_text", "read_games", "record_files", "seat_groups",
           "stance_labels"]
