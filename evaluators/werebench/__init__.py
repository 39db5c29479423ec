"""WereBench evaluation (Song et al. 2025): speech items, vote alignment and opponent-role inference.

- :mod:`.speech`: the multiple-choice items per dimension, with a shuffled-options pass for position bias;
- :mod:`.decisions`: the winning side's votes, and naming the other seats' roles after day N;
- :mod:`.choosers`: who answers (a seeded uniform baseline, or a model constrained to the option keys);
- :mod:`.scoring`: accuracy per group, macro average, bootstrap intervals;
- :mod:`.report`: one run of all three, as ``parlour eval werebench`` does it.

The names below are imported when first used, so the command line starts without them.
"""

from importlib import import_module

_LAZY = {"BackendChooser": ".choosers", "RandomChooser": ".choosers", "chooser_from_spec": ".choosers",
         "evaluate_roles": ".decisions", "evaluate_votes": ".decisions", "Settings": ".report",
         "WereBenchReport": ".report", "evaluate": ".report", "Score": ".scoring", "bootstrap_scores": ".scoring",
         "evaluate_speech": ".speech"}
__all__ = sorted(_LAZY)


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
