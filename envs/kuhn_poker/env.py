"""The PettingZoo AEC env over :class:`KuhnEngine`, and the pictures of the table.

The env owns nothing of the game: it names seats ``player_0`` / ``player_1``, builds each seat's
features from that seat's card and the public betting only (:data:`OBS`), hands out the chip
returns as rewards when the hand ends, and draws the table. Hidden information holds by
construction: no feature, image or text made for a seat reads the other seat's card.
"""

from __future__ import annotations

from typing import Any, ClassVar, NamedTuple

import numpy as np

from ..aec import OrderEnforcing
from ..turn_based import TurnBasedEnv
from .engine import NUM_ACTIONS, IllegalActionError, KuhnEngine, KuhnError
from .narrate import narrate
from .rules import KuhnRules, get_rules

MAX_ACTIONS = 3  # pbp / pbb


class ObservationLayout(NamedTuple):
    """Named slices of the ``observation`` vector (every entry in [0, 1])."""

    seat: slice = slice(0, 2)          # own seat, one-hot
    card: slice = slice(2, 5)          # own card J, Q, K, one-hot
    betting: slice = slice(5, 11)      # action k (k = 0, 1, 2) at [5 + 2k + a], a = 0 pass / 1 bet
    chips: slice = slice(11, 13)       # own, then opponent's chips in the pot / (ante + bet)
    to_move: slice = slice(13, 14)     # 1 when this seat is to act
    size: int = 14


OBS = ObservationLayout()


class WrongAgentError(KuhnError):
    pass


class raw_env(TurnBasedEnv):
    """Kuhn Poker as an AEC env; see ``parlour.envs.kuhn_poker_v0`` for the documentation."""

    metadata: ClassVar[dict] = {"name": "kuhn_poker_v0", "render_modes": ["ansi", "rgb_array"], "is_parallelizable": False}
    illegal_action_error = IllegalActionError  # never raised by Kuhn's rules; kept for the contract
    engine: KuhnEngine

    def __init__(self, rules: KuhnRules | dict | str | None = None, illegal_action: str = "raise",
                 illegal_reward: float = -1.0, render_mode: str | None = None):
        super().__init__(illegal_action, illegal_reward, render_mode)
        self.rules = get_rules(rules)
        self.engine = KuhnEngine(self.rules)
        self.observation_layout = OBS
        self._set_seats(2, OBS.size, NUM_ACTIONS)

    # ------------------------------------------------------------------ features
    def _features(self, seat: int) -> np.ndarray:
        engine = self.engine
        x = np.zeros(OBS.size, np.float32)
        x[seat] = 1.0
        x[OBS.card.start + engine.cards[seat]] = 1.0  # only this seat's own card is read
        for k, (_, action) in enumerate(engine.history):
            x[OBS.betting.start + 2 * k + action] = 1.0
        scale = self.rules.max_contribution
        x[OBS.chips.start] = engine.contributions[seat] / scale
        x[OBS.chips.start + 1] = engine.contributions[1 - seat] / scale
        x[OBS.to_move.start] = float(engine.current == seat)
        return x

    def state(self) -> np.ndarray:
        """The moderator's view: both cards (one-hot each), then the public betting and chips."""
        cards = np.zeros(6, np.float32)
        cards[self.engine.cards[0]] = cards[3 + self.engine.cards[1]] = 1.0
        public = self._features(0)[OBS.betting.start:OBS.chips.stop]
        return np.concatenate((cards, public))

    def _reset_engine(self, seed: int | None, options: dict[str, Any] | None) -> None:
        """A new hand. ``options={"cards": (c0, c1)}`` deals those cards instead of drawing."""
        self.engine.reset(seed, cards=(options or {}).get("cards"))

    # ------------------------------------------------------------------ pictures
    def render(self):
        """The table as a spectator sees it: cards face down until a showdown shows them."""
        if self.render_mode == "ansi":
            return "\n".join(narrate(self.engine, seat=-1)) + f"\nPot: {self.engine.pot} chips."
        if self.render_mode == "rgb_array":
            shown = (True, True) if self.engine.showdown else (False, False)
            return table_image(self.engine, shown)
        return None

    def observe_image(self, agent: str) -> np.ndarray:
        """One seat's view of the table as an RGB image (a vision model's input): its own card
        face up, the other face down, even after a showdown."""
        seat = self.agent_name_mapping[agent]
        return table_image(self.engine, (seat == 0, seat == 1))


# ---------------------------------------------------------------------- the picture (numpy only)
# 5x7 glyphs: enough for the card letters and the seat labels, with no font file or Pillow.
_GLYPHS = {ch: np.array([[c == "#" for c in row] for row in rows.split()], bool) for ch, rows in {
    "J": "..### ...#. ...#. ...#. #..#. #..#. .##..",
    "Q": ".###. #...# #...# #...# #.#.# #..#. .##.#",
    "K": "#...# #..#. #.#.. ##... #.#.. #..#. #...#",
    "P": "####. #...# #...# ####. #.... #.... #....",
    "0": ".###. #...# #..## #.#.# ##..# #...# .###.",
    "1": "..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###.",
}.items()}
_FELT, _WHITE, _INK, _BACK, _CHIP, _GOLD = (0, 110, 60), (250, 250, 250), (20, 20, 20), (40, 60, 170), (235, 190, 40), (255, 215, 0)
IMAGE_SHAPE = (120, 160, 3)
_CARD_X = (20, 100)  # left edge of each seat's card; cards are 40 x 60 at y 22..82


def _text(img: np.ndarray, text: str, y: int, x: int, scale: int, color) -> None:
    for ch in text:
        glyph = np.kron(_GLYPHS[ch], np.ones((scale, scale), bool))
        img[y:y + glyph.shape[0], x:x + glyph.shape[1]][glyph] = color
        x += 6 * scale


def table_image(engine: KuhnEngine, face_up: tuple[bool, bool]) -> np.ndarray:
    """The table: each seat's label, card (face up where ``face_up`` says, else its back), chips
    in the pot as a bar scaled by ante + bet, a marker over the seat to act and a gold frame
    around the winner. Reads ``engine.cards[s]`` only where ``face_up[s]``."""
    img = np.empty(IMAGE_SHAPE, np.uint8)
    img[:] = _FELT
    scale = engine.rules.max_contribution
    for seat, x in enumerate(_CARD_X):
        _text(img, f"P{seat}", 4, x + 9, 2, _WHITE)
        if engine.winners() == [seat]:
            img[19:85, x - 3:x + 43] = _GOLD
        if face_up[seat]:
            img[22:82, x:x + 40] = _WHITE
            _text(img, "JQK"[engine.cards[seat]], 38, x + 10, 4, _INK)
        else:
            img[22:82, x:x + 40] = _BACK
            img[26:78:6, x + 4:x + 36] = _WHITE  # stripes: a card back, not a blank card
        width = round(40 * engine.contributions[seat] / scale)
        img[92:102, x:x + width] = _CHIP
        if engine.current == seat:
            img[108:114, x + 10:x + 30] = _WHITE
    return img


def env(**kwargs):
    """The AEC env wrapped in PettingZoo's order checks."""
    return OrderEnforcing(raw_env(**kwargs))
