"""parlour.evaluators.vsbench: VS-Bench's evaluation of agents in the two-player games of the registry.

Every registered game with two seats and a reference player (``Game.reference()``) takes part:

* online (:mod:`.play`, ``parlour eval vsbench-play``): the agent against the reference player in
  both seat orders, or in self-play, scored by the normalized return
  100 * (R - R_random) / (R_reference - R_random) (:mod:`.normalize`) on baselines measured over
  fixed seeds and stored (:mod:`.baselines`, ``parlour eval vsbench-baselines``);
* offline (:mod:`.predict`, ``parlour eval vsbench-predict``): next-action prediction on questions
  generated from the reference players' games, or read from VS-Bench's parquet files (:mod:`.parquet`).
"""

from .baselines import Baseline, load_baselines, measure, write_baselines
from .games import VSBenchGame, vsbench_games
from .normalize import Scale, Score, overall, score
from .play import Block, play_blocks
from .predict import PredictionItem, generate, predict

__all__ = ["Baseline", "Block", "PredictionItem", "Scale", "Score", "VSBenchGame", "generate", "load_baselines",
           "measure", "overall", "play_blocks", "predict", "score", "vsbench_games", "write_baselines"]
