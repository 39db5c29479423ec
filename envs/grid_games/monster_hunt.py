"""Monster Hunt (VS-Bench): a monster and two apples. An apple is +2 to whoever eats it; meeting the
monster alone is -2 (and the player respawns); both players on the monster is +5 each (and the
monster respawns). The monster chases the nearest player.

The facts, from VS-Bench's ``envs/monster_hunt.py``, in the order a step applies them:

1. both players move;
2. the monster takes one step toward the player nearest to it (Manhattan distance from its cell to
   the players' new cells; a tie picks one of them at random); when the target differs on both
   axes, one axis at random;
3. a player on an apple eats it (+2; both players may eat the same apple); the monster stepping on
   an apple spoils it (no reward); either way the apple respawns;
4. both players on the monster's new cell: +5 each and the monster respawns; one alone: -2 and that
   player respawns;
5. respawns land on cells free of the players, the monster and the other apple (apples first, the
   first apple before the second; then the monster or the player).
"""

from __future__ import annotations

from .engine import BLUE, BOTH, RED, Cell, EventKind, GridEngine
from .rules import MonsterHuntRules

MONSTER, APPLE_1, APPLE_2 = 0, 1, 2
APPLES = (APPLE_1, APPLE_2)


def _sign(v: int) -> int:
    return (v > 0) - (v < 0)


class MonsterHuntEngine(GridEngine):
    object_names = ("monster", "apple", "apple")
    # VS-Bench's episode-info keys; "meet_monster" counts meetings alone
    count_names = ("red_player_eat_apple", "blue_player_eat_apple", "red_player_meet_monster",
                   "blue_player_meet_monster", "coop_defeat_monster")
    rules: MonsterHuntRules

    @classmethod
    def default_rules(cls) -> MonsterHuntRules:
        return MonsterHuntRules()

    def monster_step(self, monster: Cell, players: list[Cell]) -> Cell:
        """The monster's next cell when the players stand on ``players`` (draws on ties)."""
        d = [abs(p[0] - monster[0]) + abs(p[1] - monster[1]) for p in players]
        target = players[RED] if d[RED] < d[BLUE] else players[BLUE] if d[BLUE] < d[RED] else players[self._coin_flip()]
        dx, dy = _sign(target[0] - monster[0]), _sign(target[1] - monster[1])
        if dx and dy:
            if self._coin_flip():
                dx = 0
            else:
                dy = 0
        return monster[0] + dx, monster[1] + dy  # a step toward a cell on the grid stays on it

    def _resolve(self, moved: list[Cell], rewards: list[int]) -> None:
        r = self.rules
        objects = self.objects
        monster = self.monster_step(objects[MONSTER], moved)
        eaten = [False, False, False]
        for seat in (RED, BLUE):
            for apple in APPLES:
                if moved[seat] == objects[apple]:
                    eaten[apple] = True
                    rewards[seat] += r.apple_reward
                    self.counts[seat] += 1
                    self._event(EventKind.APPLE, seat, moved[seat])
            # a player can eat only one apple: two apples never share a cell
        for apple in APPLES:
            if monster == objects[apple]:
                eaten[apple] = True
        met = [moved[RED] == monster, moved[BLUE] == monster]
        objects[MONSTER] = monster
        for apple in APPLES:
            if eaten[apple]:
                other = objects[APPLE_2 if apple == APPLE_1 else APPLE_1]
                objects[apple] = self._spawn([*moved, monster, other])
        apples = [objects[APPLE_1], objects[APPLE_2]]
        if met[RED] and met[BLUE]:
            rewards[RED] += r.joint_reward
            rewards[BLUE] += r.joint_reward
            self.counts[4] += 1
            self._event(EventKind.MONSTER_JOINT, BOTH, monster)
            objects[MONSTER] = self._spawn([*moved, *apples])
        else:
            for seat in (RED, BLUE):
                if met[seat]:
                    rewards[seat] += r.alone_penalty
                    self.counts[2 + seat] += 1
                    self._event(EventKind.MONSTER_ALONE, seat, monster)
                    moved[seat] = self._spawn([monster, moved[1 - seat], *apples])
        self.players = moved
