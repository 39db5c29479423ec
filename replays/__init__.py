"""parlour.replays: reading game records back, exact re-simulation and transcripts."""

from ..record import iter_records as load
from .resim import ReplayMismatch, resimulate

__all__ = ["load", "resimulate", "ReplayMismatch"]
