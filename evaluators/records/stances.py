"""Stance scoring: every public speech act of a game against the truth, the winners and the votes.

A speech act (a ``SPEECH`` event: campaign, day, run-off and last-words speeches; the wolves'
private chat is left out) carries stances. Each is scored against the hidden truth the record
implies:

- a **claim** is true when the speaker holds the claimed role;
- a **check report** ("seat 4 is a wolf / good") is false when the side is wrong, and
  **fabricated** when the speaker never checked that seat (a wolf's fake Seer, a villager's bluff),
  whatever side it names;
- an **accusation** or an **announced vote** is right when it names a wolf, a **defence** when it
  names a good seat.

A speech act is **deceptive** when it holds a false claim, a false report or a fabricated one.

**Against the winners.** The same day, the winning side's other speakers put pressure on seats:
+1 for each accusation or announced vote, -1 for each defence. On a day they pushed on anybody,
an accusation or announced vote *agrees with the winners* when it names their main target (the
seat of highest net pressure; ties all count), and a defence when it names a seat they did not
push on (net pressure zero or below). Across games, every rate is also reported for seats whose side
won and whose side lost (the report's ``won`` / ``lost`` groups), which is the winning side's
behaviour in the same role.

**Persuasion.** An accusation or announced vote against seat T is followed by the day's next vote.
The voters it could have moved are those of that vote other than the speaker and T who had not
themselves accused or announced a vote for T earlier that day; its persuasion is the share of them
that voted for T. ``accused_exiled`` is whether T was exiled that day. ``vote_as_announced``: a
seat that announced a vote cast it so in the day's first vote (a stance checked against an action).

Text (an LLM seat's words) is labelled with the Werewolf Among Us strategies
(:mod:`.strategy_labels`): the share of texts with each label, and how often the text says what
its own stances do (``text_matches_stances``).
"""

from __future__ import annotations

from collections.abc import Iterator

from ...envs.werewolf.events import Event, EventKind, Speech
from .load import ReplayedGame
from .strategy_labels import Strategy, label_text, stance_labels
from .tally import Obs

METRICS: dict[str, tuple[str, str]] = {
    "claim_rate": ("claims", "share of speech acts that claim a role"),
    "false_claim": ("false claims", "share of claims naming a role the speaker does not hold"),
    "false_report": ("false reports", "share of check reports naming the wrong side"),
    "fabricated_report": ("fabricated reports", "share of check reports on a seat the speaker never checked"),
    "deception": ("deception", "share of speech acts with a false claim, a false or a fabricated report"),
    "accuse_wolf": ("accusations at wolves", "share of accusations that name a wolf"),
    "defend_good": ("defences of good", "share of defences that name a good seat"),
    "vote_intent_wolf": ("announced votes at wolves", "share of announced votes that name a wolf"),
    "true_stances": ("true stances", "share of all stances that agree with the truth"),
    "winner_agreement": ("agrees with winners", "share of seat-naming stances that side with the winning side's "
                         "other speakers that day (accuse their main target, defend a seat they spared)"),
    "persuasion": ("persuasion", "share of the voters not yet against the accused who then voted for it"),
    "accused_exiled": ("accused exiled", "share of accusations whose target was exiled that day"),
    "vote_as_announced": ("voted as announced", "share of announced votes the speaker then cast (the day's "
                          "first vote, the named seat still alive)"),
    "text_matches_stances": ("text matches stances", "share of a speech's stance strategies its text also shows"),
    **{f"text_{s.value}": (s.label, f"share of texts labelled '{s.label}'") for s in Strategy},
}


def stance_observations(game: ReplayedGame) -> Iterator[Obs]:
    events = game.engine.events
    pressure = _winner_pressure(game)
    checked: set[tuple[int, int]] = set()  # (seer, seat) checks made so far
    exiled_on = {ev.day: ev.target for ev in events if ev.kind == EventKind.EXILE and ev.target >= 0}
    pushed: dict[int, set[int]] = {}  # target -> seats that accused it or announced a vote for it today
    pending: list[tuple[int, int, frozenset[int], int]] = []  # (speaker, target, pushed before, day)
    votes: dict[int, int] = {}
    announced: dict[int, int] = {}  # seat -> the vote it last announced today, until the day's first vote
    dead: set[int] = set()
    for k, ev in enumerate(events):
        kind = ev.kind
        if kind == EventKind.SEER_CHECK:
            checked.add((ev.actor, ev.target))
        elif kind == EventKind.DEATH:
            dead.add(ev.target)
        elif kind == EventKind.NIGHT:
            pushed, pending, announced = {}, [], {}  # persuasion looks at the same day's votes only
        elif kind == EventKind.VOTE:
            votes[ev.actor] = ev.target
            intent = announced.pop(ev.actor, -1)
            if intent >= 0 and intent not in dead:
                yield Obs("vote_as_announced", float(ev.target == intent), 1.0, ev.actor)
            if k + 1 == len(events) or events[k + 1].kind != EventKind.VOTE:  # the round is complete
                yield from _persuasion(pending, votes, exiled_on)
                pending, votes, announced = [], {}, {}
        elif kind == EventKind.SPEECH:
            speaker, speech = ev.actor, ev.value
            yield from _speech(game, ev, checked, pressure)
            if speech.vote_intent >= 0:
                announced[speaker] = speech.vote_intent
            for target in _pushes(speech):
                pending.append((speaker, target, frozenset(pushed.get(target, ())), ev.day))
                pushed.setdefault(target, set()).add(speaker)


def _pushes(speech: Speech) -> list[int]:
    """The seats a speech pushes toward exile: accused or named as the speaker's vote (each once)."""
    targets = list(dict.fromkeys(speech.accuse))
    if speech.vote_intent >= 0 and speech.vote_intent not in targets:
        targets.append(speech.vote_intent)
    return targets


def _speech(game: ReplayedGame, ev: Event, checked: set[tuple[int, int]], pressure: dict[int, dict[int, dict[int, int]]]
            ) -> Iterator[Obs]:
    seat, speech = ev.actor, ev.value
    is_wolf, roles = game.is_wolf, game.roles
    truths: list[bool] = []
    deceptive = False
    yield Obs("claim_rate", float(speech.claim >= 0), 1.0, seat)
    if speech.claim >= 0:
        true = speech.claim == int(roles[seat])
        truths.append(true)
        deceptive |= not true
        yield Obs("false_claim", float(not true), 1.0, seat)
    for target, side in speech.reports:
        right = bool(side) == is_wolf[target]  # Side.WOLVES == 1
        fabricated = (seat, target) not in checked
        truths.append(right)
        deceptive |= fabricated or not right
        yield Obs("false_report", float(not right), 1.0, seat)
        yield Obs("fabricated_report", float(fabricated), 1.0, seat)
    yield Obs("deception", float(deceptive), 1.0, seat)
    named: list[tuple[int, int]] = []  # (target, +1 pushes toward exile / -1 defends)
    for target in speech.accuse:
        truths.append(is_wolf[target])
        named.append((target, 1))
        yield Obs("accuse_wolf", float(is_wolf[target]), 1.0, seat)
    for target in speech.defend:
        truths.append(not is_wolf[target])
        named.append((target, -1))
        yield Obs("defend_good", float(not is_wolf[target]), 1.0, seat)
    if speech.vote_intent >= 0:
        target = speech.vote_intent
        truths.append(is_wolf[target])
        named.append((target, 1))
        yield Obs("vote_intent_wolf", float(is_wolf[target]), 1.0, seat)
    if truths:
        yield Obs("true_stances", float(sum(truths)), float(len(truths)), seat)
    if named:
        net: dict[int, int] = {}  # the winning side's other speakers' net pressure per seat that day
        for speaker, by in pressure.get(ev.day, {}).items():
            if speaker != seat:
                for t, v in by.items():
                    net[t] = net.get(t, 0) + v
        top = max(net.values(), default=0)
        if top > 0:  # the winners pushed on somebody: agree by pushing their main target, or not defending it
            for target, direction in named:
                on_target = net.get(target, 0) == top
                yield Obs("winner_agreement", float(on_target if direction > 0 else net.get(target, 0) <= 0), 1.0, seat)
    if speech.text.strip():
        found = label_text(speech.text)
        for strategy in Strategy:
            yield Obs(f"text_{strategy.value}", float(strategy in found), 1.0, seat)
        expected = stance_labels(speech)
        if expected:
            yield Obs("text_matches_stances", float(len(expected & found)), float(len(expected)), seat)


def _winner_pressure(game: ReplayedGame) -> dict[int, dict[int, dict[int, int]]]:
    """day -> winning-side speaker -> seat -> net pressure it put on the seat that day."""
    winner = game.winner
    out: dict[int, dict[int, dict[int, int]]] = {}
    if winner is None:
        return out
    for ev in game.engine.events:
        if ev.kind != EventKind.SPEECH or game.side(ev.actor) != winner:
            continue
        by = out.setdefault(ev.day, {}).setdefault(ev.actor, {})
        speech = ev.value
        for target in _pushes(speech):
            by[target] = by.get(target, 0) + 1
        for target in speech.defend:
            by[target] = by.get(target, 0) - 1
    return out


def _persuasion(pending: list[tuple[int, int, frozenset[int], int]], votes: dict[int, int],
                exiled_on: dict[int, int]) -> Iterator[Obs]:
    for speaker, target, pushed_before, day in pending:
        movable = [v for v in votes if v != speaker and v != target and v not in pushed_before]
        if movable:
            moved = sum(votes[v] == target for v in movable)
            yield Obs("persuasion", float(moved), float(len(movable)), speaker)
        yield Obs("accused_exiled", float(exiled_on.get(day) == target), 1.0, speaker)
