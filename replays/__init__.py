"""parlour.replays: reading game records back, exact re-simulation, transcripts, tables and graphs."""

from ..record import iter_records as load
from .graph import vote_graph
from .load import load_complete
from .replay_env import ReplayEnv, iter_steps, replay_env
from .resim import ReplayMismatch, resimulate
from .summary import print_summary, summarize
from .table import COLUMNS, iter_rows, to_frame, write_table

__all__ = ["to_frame", "load", "load_complete", "resimulate", "ReplayMismatch", "vote_graph", "replay_env", "ReplayEnv",
           "iter_steps", "summarize", "print_summary", "iter_rows", "write_table", "COLUMNS"]
