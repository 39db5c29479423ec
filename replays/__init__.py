"""parlour.replays: reading game records back, exact re-simulation, transcripts, tables and graphs."""

from ..record_reader import Problem, ReadResult, latest_by_game_id, load, read_records
from .graph import vote_graph
from .loading import load_complete
from .replay_env import ReplayEnv, iter_steps, replay_env
from .resim import ReplayMismatch, resimulate
from .summary import print_summary, summarize
from .table import COLUMNS, iter_rows, table_columns, to_frame, write_table

__all__ = [
           "COLUMNS",
           "Problem",
           "ReadResult",
           "ReplayEnv",
           "ReplayMismatch",
           "iter_rows",
           "iter_steps",
           "latest_by_game_id",
           "load",
           "load_complete",
           "print_summary",
           "read_records",
           "replay_env",
           "resimulate",
           "summarize",
           "to_frame",
           "vote_graph",
           "write_table",
           "table_columns",
]
