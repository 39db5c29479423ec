"""MPE's predator and prey as a parlour engine: ``mpe2``'s ``simple_tag_v3`` parallel env,
unchanged, inside :class:`parlour.envs.wrapped.WrappedEngine`.

The rules are mpe2's: on a plane around the origin, a slower predator (seat 0, mpe2's
``adversary_0``) chases a faster prey (seat 1, ``agent_0``) among fixed round obstacles; each
step the predator touches the prey: predator +10, prey -10; the prey also loses points for
straying beyond 0.9 from the centre on either axis; the game lasts ``max_cycles`` steps (mpe2 ends
it by truncation). Positions are drawn from mpe2's Generator, seeded by the game's seed.
"""

from __future__ import annotations

from enum import IntEnum
from typing import NamedTuple

from ..wrapped import WrappedEngine
from .rules import MpeRules

PREDATOR, PREY = 0, 1
ROLES = ("predator", "prey")


class Action(IntEnum):
    """mpe2's discrete action ids."""

    NOTHING = 0
    LEFT = 1
    RIGHT = 2
    DOWN = 3
    UP = 4


class Event(NamedTuple):
    step: int
    reward: float  # the predator's reward of a step with a catch


class MpeEngine(WrappedEngine):
    noop = int(Action.NOTHING)
    rules: MpeRules

    def __init__(self, rules: MpeRules | None = None, seed: int | None = None):
        super().__init__(rules if rules is not None else MpeRules(), seed)

    def _make(self):
        try:
            from mpe2 import simple_tag_v3
        except ModuleNotFoundError as e:  # an optional extra: say which, not a traceback from deep inside
            raise ModuleNotFoundError(f"mpe needs the mpe2 package ({e.name} is not installed): "
                                      "pip install 'parlour[vsbench]'", name=e.name) from e

        r = self.rules
        return simple_tag_v3.parallel_env(num_good=1, num_adversaries=1, num_obstacles=r.num_obstacles,
                                          max_cycles=r.max_cycles, continuous_actions=False, render_mode="rgb_array")

    def _note(self, rewards: dict[str, float], left: list[int]) -> None:
        caught = rewards.get(self.names[PREDATOR], 0.0)
        if caught > 0:
            self.events.append(Event(self.t, float(caught)))

    def catches(self) -> int:
        return len(self.events)

    def details(self) -> dict:
        return {"catches": self.catches(), "steps": self.t, "returns": [round(v, 6) for v in self.scores]}

    def winners(self) -> list[int]:
        """The predator wins with a catch, the prey by escaping every catch."""
        if not self.done:
            return []
        return [PREDATOR] if self.catches() else [PREY]
