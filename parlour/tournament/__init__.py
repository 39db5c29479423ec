"""parlour.tournament: self-play tournaments from a TOML file or one Python call.

``Tournament.from_toml(path).run()`` or ``Tournament(game="kuhn-poker", entrants=[...],
games_per_pairing=100).run()``: fair lineups in paired seed blocks (parlour.tournament.schedule),
games over a process pool, an event loop (LLM entrants) or Ray, appended as they end and
resumable, then ratings with intervals (parlour.evaluators.ratings) as a table, CSV, JSON and a plot.
"""

from .config import AdaptiveSettings, Entrant, SwissSettings, TournamentConfig, TournamentConfigError
from .core import (
           Tournament,
           TournamentInterrupted,
           TournamentResult,
           load_folder,
           rate_folder,
)
from .schedule import Lineup, Scheduler, seat_plan

__all__ = ["AdaptiveSettings", "Entrant", "Lineup", "Scheduler", "SwissSettings", "Tournament", "TournamentConfig",
           "TournamentConfigError", "TournamentInterrupted", "TournamentResult", "load_folder", "rate_folder",
           "seat_plan"]
