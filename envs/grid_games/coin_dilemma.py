"""Coin Dilemma (VS-Bench): a red and a blue coin; collecting your own is +1, collecting the other
player's is +1 to you and -2 to its owner. A collected coin respawns on a free cell.

The facts, from VS-Bench's ``envs/coin_dilemma.py``: coins are matched against the players' new
cells; both players may take the same coin in one move (each gets its collector reward, the owner
its penalty too); the red coin respawns first, on a cell free of both players and the blue coin,
then the blue coin, on a cell free of both players and the (new) red coin.
"""

from __future__ import annotations

from .engine import BLUE, RED, Cell, EventKind, GridEngine
from .rules import CoinDilemmaRules

RED_COIN, BLUE_COIN = 0, 1


class CoinDilemmaEngine(GridEngine):
    object_names = ("red coin", "blue coin")
    # VS-Bench's episode-info keys
    count_names = ("red_player_collect_red_coin", "red_player_collect_blue_coin",
                   "blue_player_collect_blue_coin", "blue_player_collect_red_coin")
    rules: CoinDilemmaRules

    @classmethod
    def default_rules(cls) -> CoinDilemmaRules:
        return CoinDilemmaRules()

    def _resolve(self, moved: list[Cell], rewards: list[int]) -> None:
        r = self.rules
        coins = self.objects
        collected = [False, False]
        for seat in (RED, BLUE):
            for coin in (RED_COIN, BLUE_COIN):
                if moved[seat] != coins[coin]:
                    continue
                collected[coin] = True
                if coin == seat:
                    rewards[seat] += r.own_coin_reward
                    self.counts[0 if seat == RED else 2] += 1
                    self._event(EventKind.COIN_OWN, seat, moved[seat])
                else:
                    rewards[seat] += r.other_coin_reward
                    rewards[coin] += r.coin_taken_penalty
                    self.counts[1 if seat == RED else 3] += 1
                    self._event(EventKind.COIN_OTHER, seat, moved[seat])
        self.players = moved
        if collected[RED_COIN]:
            coins[RED_COIN] = self._spawn([*moved, coins[BLUE_COIN]])
        if collected[BLUE_COIN]:
            coins[BLUE_COIN] = self._spawn([*moved, coins[RED_COIN]])
