"""The kitchen engine: two chefs cook onion soup together, moving at once (overcooked-ai's rules,
as VS-Bench plays them; facts taken from its ``overcooked_mdp``, not its code).

Coordinates are ``(x, y)``, x to the right and y downward, ``(0, 0)`` the top-left tile. Each step
resolves in overcooked-ai's order:

1. interactions, chef 0's first: with the tile the chef faces. A counter takes what the chef holds
   if it is empty, or gives what lies on it to an empty-handed chef; a dispenser gives an onion or
   a dish to an empty-handed chef; a pot takes an onion while it is not cooking and not full,
   starts cooking when an empty-handed chef interacts with it (it needs an onion at least), and
   gives its cooked soup to a chef holding a dish; the serving location takes a soup: a soup of the
   order (``soup_onions`` onions) pays ``delivery_reward``, another pays nothing;
2. movement: a direction turns the chef that way and moves it one tile if the tile is floor; two
   chefs that would end on one tile or swap tiles both stay where they were (they still turn);
3. the kitchen: the step counter advances and every cooking pot cooks one step; a pot is ready
   after ``cook_time`` steps.

Rewards are shared: both chefs get the team's reward of the step, the delivery reward plus
overcooked-ai's shaped rewards (an onion potted, a useful dish taken, a soup plated), which VS-Bench
counts into its returns. There is no chance: the seed is kept for the record only.

Moves are simultaneous, but the engine steps by seat as the game contract asks: ``pending`` keeps
the first seat's choice until the second arrives (``parlour.envs.simultaneous``).
"""

from __future__ import annotations

from enum import IntEnum
from typing import NamedTuple

from ..simultaneous import NO_MOVE, SimultaneousMoves
from .rules import KitchenRules

NUM_PLAYERS = 2
Cell = tuple[int, int]


class Action(IntEnum):
    """overcooked-ai's action ids (VS-Bench's too)."""

    UP = 0
    DOWN = 1
    RIGHT = 2
    LEFT = 3
    STAY = 4
    INTERACT = 5


NUM_ACTIONS = len(Action)
ALL_ACTIONS = [a.value for a in Action]
DIRECTIONS: tuple[Cell, ...] = ((0, -1), (0, 1), (1, 0), (-1, 0))  # by Action UP..LEFT: also the facings
FACING_NAMES = ("up", "down", "right", "left")


class Item(IntEnum):
    NOTHING = 0
    ONION = 1
    DISH = 2
    SOUP = 3


class Held(NamedTuple):
    """What a chef holds or a counter carries; ``onions`` counts a soup's onions."""

    item: Item
    onions: int = 0


NOTHING = Held(Item.NOTHING)


class Pot(NamedTuple):
    onions: int = 0
    tick: int = -1  # -1: not started; cooking from 0 up to cook_time (ready)


class EventKind(IntEnum):
    TAKE_ONION = 0   # from the onion dispenser
    TAKE_DISH = 1    # from the dish dispenser
    POT_ONION = 2    # an onion into a pot
    START_COOKING = 3
    PLATE_SOUP = 4   # a cooked soup onto a dish
    DELIVER = 5      # a soup to the serving location
    DROP = 6         # something onto a counter
    PICK_UP = 7      # something from a counter


class Event(NamedTuple):
    step: int  # 1-based: the joint move that caused it
    kind: EventKind
    seat: int
    cell: Cell  # the tile interacted with
    held: Held  # what was taken, put down or delivered
    reward: int  # what it paid the team


class KitchenError(Exception):
    """Base class of the errors a caller causes by stepping the engine wrongly."""


class GameOverError(KitchenError):
    pass


class WrongTurnError(KitchenError):
    pass


class ActionOutOfRangeError(KitchenError, IndexError):
    pass


class ActionTypeError(KitchenError, TypeError):
    pass


class KitchenEngine(SimultaneousMoves):
    moves = Action
    episode_word = "episode"
    game_over_error, wrong_turn_error = GameOverError, WrongTurnError
    out_of_range_error, type_error = ActionOutOfRangeError, ActionTypeError
    n = NUM_PLAYERS
    truncated = False  # a fixed-length episode: the last step is its natural end

    def __init__(self, rules: KitchenRules | None = None, seed: int | None = None):
        self.rules = rules if rules is not None else KitchenRules()
        rows = self.rules.layout
        self.size = (len(rows[0]), len(rows))
        self.tiles = {(x, y): ("." if c in " 12" else c) for y, row in enumerate(rows) for x, c in enumerate(row)}
        self.starts = [next(cell for cell, c in _cells(rows) if c == tile) for tile in "12"]
        self.floor = frozenset(cell for cell, t in self.tiles.items() if t == ".")
        self.pot_cells = tuple(sorted(cell for cell, t in self.tiles.items() if t == "P"))
        self.reset(seed)

    def reset(self, seed: int | None = None) -> None:
        self.seed = seed
        self.t = 0
        self.pending = [NO_MOVE, NO_MOVE]
        self.positions: list[Cell] = list(self.starts)
        self.facings = [int(Action.UP)] * NUM_PLAYERS  # overcooked-ai's chefs start facing north
        self.held: list[Held] = [NOTHING] * NUM_PLAYERS
        self.pots: dict[Cell, Pot] = dict.fromkeys(self.pot_cells, Pot())
        self.counters: dict[Cell, Held] = {}
        self.score = 0
        self.last_rewards = [0, 0]
        self.events: list[Event] = []
        self.history: list[tuple[int, int]] = []
        self.done = False

    # ------------------------------------------------------------------ queries
    @property
    def round(self) -> int:
        return min(self.t + 1, self.rules.max_steps)

    @property
    def phase_name(self) -> str:
        return "GAME_OVER" if self.done else "MOVE"

    @property
    def steps_left(self) -> int:
        return self.rules.max_steps - self.t

    def facing_cell(self, seat: int) -> Cell:
        (x, y), (dx, dy) = self.positions[seat], DIRECTIONS[self.facings[seat]]
        return x + dx, y + dy

    def pot_ready(self, pot: Pot) -> bool:
        return pot.tick >= self.rules.cook_time

    def pot_cooking(self, pot: Pot) -> bool:
        return 0 <= pot.tick < self.rules.cook_time

    def to_move(self) -> list[int]:
        return [] if self.done else [s for s in range(NUM_PLAYERS) if self.pending[s] == NO_MOVE]

    def legal_actions(self, seat: int) -> list[int]:
        return ALL_ACTIONS[:] if not self.done and 0 <= seat < NUM_PLAYERS and self.pending[seat] == NO_MOVE else []

    def default_action(self, seat: int) -> int:
        return Action.STAY.value

    def returns(self) -> list[float]:
        return [float(self.score)] * NUM_PLAYERS

    def count(self, kind: EventKind) -> int:
        return sum(1 for e in self.events if e.kind == kind)

    def details(self) -> dict:
        delivered = [e for e in self.events if e.kind == EventKind.DELIVER]
        return {"score": self.score, "steps": self.t, "soups_delivered": sum(1 for e in delivered if e.reward > 0),
                "wrong_soups": sum(1 for e in delivered if e.reward == 0),
                "onions_potted": self.count(EventKind.POT_ONION)}

    def state_parts(self) -> tuple[bytes, tuple[int, ...]]:
        parts: list[int] = [self.t, *self.pending, self.score]
        for seat in range(NUM_PLAYERS):
            parts += [*self.positions[seat], self.facings[seat], *self.held[seat]]
        for cell in self.pot_cells:
            parts += [*cell, *self.pots[cell]]
        for cell in sorted(self.counters):
            parts += [*cell, *self.counters[cell]]
        return b"", tuple(int(p) for p in parts)

    def clone(self) -> KitchenEngine:
        other = object.__new__(type(self))
        other.__dict__.update(self.__dict__)
        for name in ("pending", "positions", "facings", "held", "last_rewards", "events", "history"):
            setattr(other, name, getattr(self, name)[:])
        other.pots, other.counters = dict(self.pots), dict(self.counters)
        return other

    def __copy__(self) -> KitchenEngine:
        return self.clone()

    # ------------------------------------------------------------------ actions
    def step_joint(self, a0: int, a1: int) -> None:
        self.pending = [NO_MOVE, NO_MOVE]
        self.t += 1
        actions = (a0, a1)
        busy_pots = self._busy_pots()  # overcooked-ai judges a dish's use on the pots before the step
        reward = 0
        for seat, action in enumerate(actions):
            if action == Action.INTERACT:
                reward += self._interact(seat, busy_pots)
        self._move(actions)
        for cell, pot in self.pots.items():
            if self.pot_cooking(pot):
                self.pots[cell] = pot._replace(tick=pot.tick + 1)
        self.score += reward
        self.last_rewards = [reward, reward]
        if self.t >= self.rules.max_steps:
            self.done = True

    def _busy_pots(self) -> int:
        """Pots that are cooking, ready, or started but not full (overcooked-ai's 'non-empty' pots)."""
        return sum(1 for pot in self.pots.values()
                   if pot.tick >= 0 or 0 < pot.onions < self.rules.soup_onions)

    def _interact(self, seat: int, busy_pots: int) -> int:
        r = self.rules
        cell = self.facing_cell(seat)
        tile = self.tiles.get(cell)
        held = self.held[seat]
        if tile == "X":
            if held.item != Item.NOTHING and cell not in self.counters:
                self.counters[cell], self.held[seat] = held, NOTHING
                return self._event(EventKind.DROP, seat, cell, held, 0)
            if held.item == Item.NOTHING and cell in self.counters:
                self.held[seat] = self.counters.pop(cell)
                return self._event(EventKind.PICK_UP, seat, cell, self.held[seat], 0)
        elif tile == "O" and held.item == Item.NOTHING:
            self.held[seat] = Held(Item.ONION)
            return self._event(EventKind.TAKE_ONION, seat, cell, self.held[seat], 0)
        elif tile == "D" and held.item == Item.NOTHING:
            dishes_out = sum(1 for h in self.held if h.item == Item.DISH)
            useful = not any(h.item == Item.DISH for h in self.counters.values()) and dishes_out < busy_pots
            self.held[seat] = Held(Item.DISH)
            return self._event(EventKind.TAKE_DISH, seat, cell, self.held[seat], r.dish_pickup_reward if useful else 0)
        elif tile == "P":
            pot = self.pots[cell]
            if held.item == Item.NOTHING:
                if pot.tick < 0 and pot.onions > 0:
                    self.pots[cell] = pot._replace(tick=0)
                    return self._event(EventKind.START_COOKING, seat, cell, Held(Item.SOUP, pot.onions), 0)
            elif held.item == Item.DISH and self.pot_ready(pot):
                self.held[seat], self.pots[cell] = Held(Item.SOUP, pot.onions), Pot()
                return self._event(EventKind.PLATE_SOUP, seat, cell, self.held[seat], r.soup_pickup_reward)
            elif held.item == Item.ONION and pot.tick < 0 and pot.onions < r.soup_onions:
                self.pots[cell], self.held[seat] = pot._replace(onions=pot.onions + 1), NOTHING
                return self._event(EventKind.POT_ONION, seat, cell, held, r.placement_reward)
        elif tile == "S" and held.item == Item.SOUP:
            self.held[seat] = NOTHING
            paid = r.delivery_reward if held.onions == r.soup_onions else 0
            return self._event(EventKind.DELIVER, seat, cell, held, paid)
        return 0

    def _event(self, kind: EventKind, seat: int, cell: Cell, held: Held, reward: int) -> int:
        self.events.append(Event(self.t, kind, seat, cell, held, reward))
        return reward

    def _move(self, actions: tuple[int, int]) -> None:
        old = list(self.positions)
        new = list(old)
        for seat, action in enumerate(actions):
            if action < len(DIRECTIONS):
                self.facings[seat] = action
                dx, dy = DIRECTIONS[action]
                to = (old[seat][0] + dx, old[seat][1] + dy)
                if to in self.floor:
                    new[seat] = to
        collide = new[0] == new[1] or (new[0] == old[1] and new[1] == old[0])
        self.positions = old if collide else new


def _cells(rows: tuple[str, ...]):
    for y, row in enumerate(rows):
        for x, c in enumerate(row):
            yield (x, y), c
