"""The Werewolf, and the wolves' night: their private chat and their kill (which every wolf role shares)."""

from __future__ import annotations

from ..events import WOLVES, EventKind
from ..phases import Phase
from .base import Night, Role, RoleSpec, Side, register


def kill(engine, night: Night):
    """The live wolves talk (when there are several), then choose tonight's victim: every wolf
    votes (``wolf_kill = "majority"``, a tie drawn at random) or the first wolf alone chooses."""
    rules = engine.rules
    alive, is_wolf = engine.alive, engine.is_wolf
    wolves = [i for i in range(engine.n) if alive[i] and is_wolf[i]]
    if not wolves:  # only with Cupid's third side alive does a game go on without wolves
        return
    if len(wolves) > 1:
        for _ in range(rules.wolf_chat_rounds):
            for w in wolves:
                yield from engine.speak(w, Phase.WOLF_CHAT)
    killers = wolves if rules.wolf_kill == "majority" else wolves[:1]
    votes = yield from engine.ask(Phase.WOLF_KILL, killers, lambda s: engine.targets())
    for w in killers:
        engine.emit(EventKind.WOLF_VOTE, w, engine.target_of(votes[w]), None, WOLVES)
    leaders = engine.tally({w: engine.target_of(c) for w, c in votes.items()}, weighted=False)
    victim = -1
    if leaders:
        victim = leaders[0] if len(leaders) == 1 else leaders[engine.draw(len(leaders))]
    night.victim = victim
    engine.emit(EventKind.WOLF_KILL, -1, victim, None, WOLVES)


WOLVES_NIGHT_ORDER = 30

SPEC = register(RoleSpec(
    Role.WEREWOLF, Side.WOLVES,
    ability="Each night the wolves choose one player to kill together. Wolves know each other.",
    night=kill, night_order=WOLVES_NIGHT_ORDER,
))
