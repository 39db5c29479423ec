"""parlour: multi-agent game simulation for RL and LLM research.

Werewolf in many rule variants as PettingZoo environments, scripted and LLM agents, game records
and replays. ``parlour.make("werewolf/standard-12-guard")`` gives an env; ``parlour.play_game``
plays one game and returns its record.
"""

from .record import GameRecord, iter_records
from .registry import games, list_envs, make
from .runner import play_game, play_game_async
from .tournament import Tournament

__version__ = "0.1.0"
__all__ = [
           "GameRecord",
           "Tournament",
           "__version__",
           "games",
           "iter_records",
           "list_envs",
           "make",
           "play_game",
           "play_game_async",
]
