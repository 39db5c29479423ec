"""parlour.replays: reading game records back, exact re-simulation, transcripts, tables and graphs."""

import sys
from types import ModuleType

from ..record_reader import Problem, ReadResult, latest_by_game_id, load, read_records
from .graph import vote_graph
from .loading import load_complete
from .replay_env import ReplayEnv, iter_steps, replay_env
from .resim import ReplayMismatch, resimulate
from .summary import print_summary, summarize
from .table import COLUMNS, iter_rows, to_frame, write_table

# ``from parlour.replays.load import load_complete`` (parlour.batch, older scripts) names the
# module that became .loading. It is registered in sys.modules only, never as an attribute of
# this package, so ``parlour.replays.load`` stays the function; importing a real submodule of
# that name would replace the function, which is how it once broke.
_compat = ModuleType(__name__ + ".load", "Deprecated alias of parlour.replays.loading.")
_compat.load_complete = load_complete  # type: ignore[attr-defined]
sys.modules.setdefault(_compat.__name__, _compat)

__all__ = ["to_frame", "load", "read_records", "ReadResult", "Problem", "latest_by_game_id", "load_complete",
           "resimulate", "ReplayMismatch", "vote_graph", "replay_env", "ReplayEnv", "iter_steps", "summarize",
           "print_summary", "iter_rows", "write_table", "COLUMNS"]
