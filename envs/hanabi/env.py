"""The PettingZoo AEC env over :class:`HanabiEngine`.

Seats are ``player_0`` .. ``player_{n-1}``; seat 0 moves first. Each seat's features are built
from what that seat may see: every other hand's cards, the hint knowledge of every hand (its
own included: hints are public), the fireworks, tokens, deck size and discards. Its own cards
are never read (:func:`observation_layout` names the slices; ``tests/test_hanabi.py`` swaps a
seat's own cards and checks its features do not change). Every seat is rewarded the change of
the shared score at each step, so the rewards of a game add up to its final score (which drops
to 0 when the last life token is lost).
"""

from __future__ import annotations

from functools import cache
from typing import Any, ClassVar, NamedTuple

import numpy as np

from ..turn_based import TurnBasedEnv
from .engine import HanabiEngine, IllegalActionError
from .narrate import narrate
from .render import table_image, table_text
from .rules import HanabiRules, get_rules


class ObservationLayout(NamedTuple):
    """Named slices of the ``observation`` vector (every entry in [0, 1]). Hands are seat-relative:
    "other hand k" is the seat ``k + 1`` places after this one; "knowledge of hand k" is this
    seat's own for k = 0, then the others in the same order."""

    other_hands: slice   # per other hand, per slot: the card one-hot (colours x ranks); zeros for an empty slot
    knowledge: slice     # per hand (own first), per slot: a card there (1), hinted colour one-hot, hinted rank
                         # one-hot, colours it may be, ranks it may be
    fireworks: slice     # per colour: its firework's height as a thermometer of ``ranks`` entries
    information: slice   # information tokens in, thermometer of max_information_tokens
    lives: slice         # life tokens left, thermometer of max_life_tokens
    deck: slice          # cards left in the deck / the deck's size
    discards: slice      # per card (colour x rank): copies in the discard pile / copies in the deck
    to_move: slice       # 1 when this seat is to move
    size: int
    slot_size: int       # entries per slot in ``knowledge``


def observation_layout(rules: HanabiRules) -> ObservationLayout:
    c, r, h, p = rules.colors, rules.ranks, rules.hand_size, rules.players
    slot = 1 + 2 * (c + r)
    sizes = [("other_hands", (p - 1) * h * c * r), ("knowledge", p * h * slot), ("fireworks", c * r),
             ("information", rules.max_information_tokens), ("lives", rules.max_life_tokens), ("deck", 1),
             ("discards", c * r), ("to_move", 1)]
    out, start = {}, 0
    for name, n in sizes:
        out[name] = slice(start, start + n)
        start += n
    return ObservationLayout(**out, size=start, slot_size=slot)


def features(engine: HanabiEngine, seat: int, layout: ObservationLayout) -> np.ndarray:
    """Seat ``seat``'s feature vector: reads other hands' cards, never ``engine.hands[seat]``.

    Every slot's hint knowledge is a row of :func:`_slot_rows`, all copied in one numpy assignment,
    and the other ones are set in one more: an assignment per entry cost most of an env step."""
    rules = engine.rules
    c, r, h, n = rules.colors, rules.ranks, rules.hand_size, engine.n
    cards, shift = c * r, c + r
    table = _slot_rows(c, r)
    empty = len(table) - 1  # the last row: no card in the slot
    keys: list[int] = []
    for k in range(n):
        known = engine.knowledge[(seat + k) % n]
        keys += [(((colour + 1) * (r + 1) + rank + 1) << shift) | (colours << r) | ranks
                 for colour, rank, colours, ranks in known]
        keys += [empty] * (h - len(known))
    x = np.zeros(layout.size, np.float32)
    x[layout.knowledge] = table[keys].ravel()
    ones: list[int] = []
    for k in range(1, n):
        base = layout.other_hands.start + (k - 1) * h * cards
        ones += [base + i * cards + card for i, card in enumerate(engine.hands[(seat + k) % n])]
    for colour, height in enumerate(engine.fireworks):
        ones += range(layout.fireworks.start + colour * r, layout.fireworks.start + colour * r + height)
    ones += range(layout.information.start, layout.information.start + engine.information)
    ones += range(layout.lives.start, layout.lives.start + engine.lives)
    if not engine.done and engine.current == seat:
        ones.append(layout.to_move.start)
    x[ones] = 1.0
    x[layout.deck.start] = engine.deck_left / len(engine.deck)
    if engine.discards:
        x[layout.discards] = np.bincount(engine.discards, minlength=cards) / _copies(rules)
    return x


@cache
def _slot_rows(colors: int, ranks: int) -> np.ndarray:
    """Every possible knowledge slot's entries (a card there, hinted colour one-hot, hinted rank
    one-hot, colours it may be, ranks it may be), one row per slot key
    ``((colour + 1) * (ranks + 1) + rank + 1) << (colors + ranks) | colour_mask << ranks | rank_mask``
    (hinted colour and rank -1 when not hinted), then a row of zeros for an empty slot."""
    keys = np.arange(((colors + 1) * (ranks + 1) << (colors + ranks)) + 1)
    rank_mask, colour_mask = keys & ((1 << ranks) - 1), (keys >> ranks) & ((1 << colors) - 1)
    colour, rank = np.divmod(keys >> (colors + ranks), ranks + 1)
    colour, rank = colour - 1, rank - 1
    rows = np.zeros((keys.size, 1 + 2 * (colors + ranks)), np.float32)
    rows[:-1, 0] = 1.0
    for j in range(colors):
        rows[colour == j, 1 + j] = 1.0
        rows[:-1, 1 + colors + ranks + j] = (colour_mask[:-1] >> j) & 1
    for j in range(ranks):
        rows[rank == j, 1 + colors + j] = 1.0
        rows[:-1, 1 + 2 * colors + ranks + j] = (rank_mask[:-1] >> j) & 1
    return rows


@cache
def _copies(rules: HanabiRules) -> np.ndarray:
    """Copies of each card (colour x rank) in the deck."""
    return np.array([rules.copies(card % rules.ranks) for card in range(rules.colors * rules.ranks)], np.float64)


class raw_env(TurnBasedEnv):
    """Hanabi as an AEC env; see ``parlour.envs.hanabi_v0`` for the documentation."""

    metadata: ClassVar[dict] = {"name": "hanabi_v0", "render_modes": ["ansi", "rgb_array"], "is_parallelizable": False}
    illegal_action_error = IllegalActionError
    engine: HanabiEngine

    def __init__(self, rules: HanabiRules | dict | str | None = None, illegal_action: str = "raise",
                 illegal_reward: float = -1.0, render_mode: str | None = None):
        super().__init__(illegal_action, illegal_reward, render_mode)
        self.rules = get_rules(rules)
        self.engine = HanabiEngine(self.rules)
        self.observation_layout = observation_layout(self.rules)
        self.num_actions = self.rules.num_actions
        self._set_seats(self.rules.players, self.observation_layout.size, self.num_actions)

    def _features(self, seat: int) -> np.ndarray:
        return features(self.engine, seat, self.observation_layout)

    def _reset_engine(self, seed: int | None, options: dict[str, Any] | None) -> None:
        """A new game. ``options={"deck": [card, ...]}`` deals that deck (top card first) instead
        of a shuffled one; cards are ``colour * ranks + rank``."""
        self.engine.reset(seed, deck=(options or {}).get("deck"))

    def _move(self, seat: int, action) -> None:
        """Every seat is paid the change of the shared score as it happens."""
        before = self.engine.score()
        super()._move(seat, action)
        gained = float(self.engine.score() - before)
        for a in self.rewards:
            self.rewards[a] += gained

    def _game_over(self) -> None:
        self.terminations = dict.fromkeys(self.agents, True)  # the score was paid as it changed

    # ------------------------------------------------------------------ pictures
    def render(self):
        """The moderator's view, every hand face up (no player sees this)."""
        if self.render_mode == "ansi":
            story = [text for _, text in narrate(self.engine)[-3:]]
            return table_text(self.engine, None) + ("\n" + "\n".join(story) if story else "")
        if self.render_mode == "rgb_array":
            return table_image(self.engine, None)
        return None

    def observe_image(self, agent: str) -> np.ndarray:
        """One seat's view as an RGB image (a vision model's input): the other hands face up, its
        own cards face down showing only what hints told."""
        return table_image(self.engine, self.agent_name_mapping[agent])
