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
]
