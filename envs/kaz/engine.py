"""Knights-Archers-Zombies as a parlour engine: PettingZoo's ``knights_archers_zombies_v11``
parallel env, unchanged, inside :class:`parlour.envs.wrapped.WrappedEngine`.

The rules are PettingZoo's: zombies walk down from the top at random; each player turns, moves
forward or backward, or attacks (an archer shoots an arrow along its heading, a knight swings its
mace in front of it); a zombie hit is removed and earns its killer +1; a zombie touching a player
kills it (the seat then has only the no-op); the game ends when a zombie reaches the bottom or
every player is dead, and is cut after ``max_cycles``. The seed seeds PettingZoo's Generator.
"""

from __future__ import annotations

from enum import IntEnum
from typing import NamedTuple

from ..wrapped import WrappedEngine
from .rules import KazRules


class Action(IntEnum):
    """PettingZoo's action ids."""

    FORWARD = 0
    BACKWARD = 1
    TURN_LEFT = 2   # counter-clockwise
    TURN_RIGHT = 3  # clockwise
    ATTACK = 4
    NOTHING = 5


class EventKind(IntEnum):
    KILL = 0      # the seat killed ``kills`` zombies
    FALLEN = 1    # a zombie killed the seat's player
    ESCAPED = 2   # a zombie reached the bottom: the game is lost (seat -1)


class Event(NamedTuple):
    step: int
    kind: EventKind
    seat: int
    kills: int = 0


class KazEngine(WrappedEngine):
    noop = int(Action.NOTHING)
    rules: KazRules

    def __init__(self, rules: KazRules | None = None, seed: int | None = None):
        super().__init__(rules if rules is not None else KazRules(), seed)

    def _make(self):
        try:
            from pettingzoo.butterfly import knights_archers_zombies_v11
        except ModuleNotFoundError as e:  # an optional extra: say which, not a traceback from deep inside
            raise ModuleNotFoundError(f"kaz needs PettingZoo's butterfly games ({e.name} is not installed): "
                                      "pip install 'parlour[vsbench]'", name=e.name) from e

        r = self.rules
        return knights_archers_zombies_v11.parallel_env(
            spawn_delay=r.spawn_delay, num_archers=r.num_archers, num_knights=r.num_knights,
            max_zombies=r.max_zombies, max_arrows=r.max_arrows, killable_knights=r.killable_knights,
            killable_archers=r.killable_archers, line_death=r.line_death, max_cycles=r.max_cycles,
            obs_method="vector", render_mode="rgb_array")

    def _note(self, rewards: dict[str, float], left: list[int]) -> None:
        for s, name in enumerate(self.names):
            if rewards.get(name, 0) > 0:
                self.events.append(Event(self.t, EventKind.KILL, s, int(rewards[name])))
        dead = set(self.unwrapped.dead_agents)
        for s in left:
            if self.names[s] in dead:
                self.events.append(Event(self.t, EventKind.FALLEN, s))
        if self.done and not self.truncated and not dead.issuperset(self.names):
            self.events.append(Event(self.t, EventKind.ESCAPED, -1))  # the game ended with a player alive

    def kills(self) -> list[int]:
        return [sum(e.kills for e in self.events if e.kind == EventKind.KILL and e.seat == s) for s in range(self.n)]

    def details(self) -> dict:
        return {"kills": self.kills(), "team_kills": sum(self.kills()), "steps": self.t,
                "fallen": [e.seat for e in self.events if e.kind == EventKind.FALLEN],
                "zombie_escaped": any(e.kind == EventKind.ESCAPED for e in self.events)}
