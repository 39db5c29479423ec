"""The fixed texts of a Werewolf prompt: the rules generated from the RuleSet, field by field,
the role cards, what each phase asks, and the speech-answer grammar."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from parlour.envs.werewolf.phases import Phase
from parlour.envs.werewolf.roles import ROLE_ABILITIES, ROLE_PHASE_TEXT, WOLF_ROLES, Role, Side
from parlour.envs.werewolf.rules import RuleSet

__all__ = ["PHASE_TEXT", "RULE_SENTENCES", "SPEECH_GRAMMAR", "role_cards", "rules_text"]


# --------------------------------------------------------------------------------------------
# Rules text, generated field by field from the RuleSet
# --------------------------------------------------------------------------------------------


def _plural(label: str) -> str:
    return label[:-1] + "ves" if label.endswith("wolf") else label + "s"


def _roles_line(r: RuleSet) -> str:
    parts = [f"{n} {_plural(role.label) if n > 1 else role.label}" for role, n in sorted(r.role_counts.items())]
    wolves = sum(n for role, n in r.role_counts.items() if role in WOLF_ROLES)
    return f"{r.num_players} players: {', '.join(parts)}. {wolves} of them are on the wolves' side."


def _win_line(r: RuleSet) -> str:
    wolves_win = {
        "side_kill": "the wolves win when every Villager is dead, or every special good role (god) is dead",
        "kill_all": "the wolves win when every good player is dead",
        "parity": "the wolves win when living wolves are at least as many as living good players",
    }[r.win_rule]
    return f"The village wins when no wolf is alive; {wolves_win}."


# One renderer per RuleSet field: a new option must add a sentence here (a test checks it).
RULE_SENTENCES: dict[str, Callable[[Any, RuleSet], str | None]] = {
    "name": lambda v, r: None,
    "description": lambda v, r: None,
    "roles": lambda v, r: _roles_line(r),
    "wolf_kill": lambda v, r: {
        "majority": "Each night every living wolf votes for a victim; the most votes decide (ties at random).",
        "leader": "Each night the lowest-seated living wolf chooses the victim after the wolves' discussion.",
    }[v],
    "wolf_chat_rounds": lambda v, r: (
        f"Before the kill, the wolves talk privately for {v} round{'s' if v != 1 else ''}."
        if v else "The wolves do not talk privately before the kill."),
    "witch_self_save": lambda v, r: None if Role.WITCH not in r.role_counts else {
        "never": "The Witch may never save herself.",
        "first_night": "The Witch may save herself on the first night only.",
        "always": "The Witch may save herself on any night.",
    }[v],
    "witch_both_potions": lambda v, r: None if Role.WITCH not in r.role_counts else (
        "The Witch may use both potions in the same night." if v
        else "The Witch may not use both potions in the same night."),
    "guard_save_conflict": lambda v, r: None if not (Role.GUARD in r.role_counts and Role.WITCH in r.role_counts) else (
        "A player both guarded and saved by the Witch survives." if v == "survives"
        else "A player both guarded and saved by the Witch dies (the protections clash)."),
    "doctor_self_protect": lambda v, r: None if Role.DOCTOR not in r.role_counts else (
        "The Doctor may protect themselves." if v else "The Doctor may not protect themselves."),
    "doctor_repeat": lambda v, r: None if Role.DOCTOR not in r.role_counts else (
        "The Doctor may protect the same player on consecutive nights." if v
        else "The Doctor may not protect the same player two nights running."),
    "seer_reveals": lambda v, r: None if Role.SEER not in r.role_counts else (
        "The Seer learns the exact role of the checked player." if v == "role"
        else "The Seer learns only whether the checked player is a wolf or good."),
    "death_reveals": lambda v, r: {
        "nothing": "When a player dies, nothing about their role is revealed.",
        "side": "When a player dies, their side (wolf or good) is revealed.",
        "role": "When a player dies, their role is revealed.",
    }[v],
    "sheriff": lambda v, r: (
        "On day 1 the players elect a sheriff (candidates campaign and may withdraw); the sheriff's vote counts more."
        if v else "There is no sheriff."),
    "sheriff_vote_weight": lambda v, r: f"The sheriff's vote counts {v:g} times." if r.sheriff else None,
    "last_words": lambda v, r: {
        "first_night_and_exiles": "Players killed on the first night and players exiled by vote give last words.",
        "exiles_only": "Only players exiled by vote give last words.",
        "none": "Nobody gives last words.",
    }[v],
    "speech_order": lambda v, r: {
        "rotation": "By day the living players speak in turn around the table.",
        "sheriff_direction": "By day the sheriff chooses the speaking direction (clockwise or anticlockwise).",
        "bidding": "By day players bid (0-4) for each speech turn; the highest bid speaks next.",
    }[v],
    "speech_rounds": lambda v, r: (
        f"There {'is' if v == 1 else 'are'} {v} round{'s' if v != 1 else ''} of speeches each day."
        if r.speech_order != "bidding" else None),
    "bidding_turns": lambda v, r: (
        (f"There are {v} speech turns each day." if v else "There is one speech turn per living player each day.")
        if r.speech_order == "bidding" else None),
    "vote": lambda v, r: {
        "simultaneous": "After the speeches, every living player votes at the same time to exile one player (or abstains).",
        "sequential": "After the speeches, players vote one after another, seeing earlier votes, to exile one player (or abstain).",
    }[v],
    "tie": lambda v, r: {
        "pk_revote": "A tied vote leads to run-off (PK) speeches by the tied players and a revote; a second tie exiles nobody.",
        "random": "A tied vote is broken at random.",
        "none": "A tied vote exiles nobody.",
    }[v],
    "wolf_self_explode": lambda v, r: (
        "A wolf may self-explode on its speaking turn: it reveals itself, dies, and the day ends at once."
        if v else "Wolves may not self-explode."),
    "win_rule": lambda v, r: _win_line(r),
    "day_limit": lambda v, r: f"If nobody has won after day {v}, the game ends with no winner.",
}


def rules_text(rules: RuleSet) -> str:
    """The rules of a board in plain language, one sentence per RuleSet field that matters here."""
    lines = []
    for field in RuleSet.model_fields:
        render = RULE_SENTENCES.get(field)
        if render is None:  # a field added to RuleSet without a sentence: say it plainly anyway
            lines.append(f"- {field.replace('_', ' ')}: {getattr(rules, field)}.")
            continue
        sentence = render(getattr(rules, field), rules)
        if sentence:
            lines.append(f"- {sentence}")
    return "\n".join(lines)


def role_cards(rules: RuleSet) -> str:
    return "\n".join(f"- {role.label} ({'wolves' if role.side is Side.WOLVES else 'village'}): {ROLE_ABILITIES[role]}"
                     for role in sorted(rules.role_counts))


PHASE_TEXT = {
    Phase.GUARD: "Night: as the Guard, choose a player to protect tonight (or pass).",
    Phase.DOCTOR: "Night: as the Doctor, choose a player to protect tonight (or pass).",
    Phase.WOLF_CHAT: "Night: speak to your fellow wolves (only wolves hear this); you may propose a victim.",
    Phase.WOLF_KILL: "Night: choose the wolves' victim (or pass).",
    Phase.WITCH_SAVE: "Night: as the Witch, decide whether to use your antidote on tonight's victim (yes/pass).",
    Phase.WITCH_POISON: "Night: as the Witch, choose a player to poison (or pass).",
    Phase.SEER: "Night: as the Seer, choose a player to check.",
    Phase.LAST_WORDS: "You have died: give your last words.",
    Phase.SHOOT: "You have died: choose a player to shoot (or hold fire).",
    Phase.BADGE: "You have died as sheriff: hand the badge to a living player (or tear it).",
    Phase.SHERIFF_RUN: "Day 1: decide whether to run for sheriff (yes/pass).",
    Phase.CAMPAIGN: "Sheriff election: give your campaign speech.",
    Phase.WITHDRAW: "Sheriff election: decide whether to withdraw (yes/pass).",
    Phase.SHERIFF_VOTE: "Sheriff election: vote for a candidate (or abstain).",
    Phase.DIRECTION: "As sheriff, choose the speaking direction.",
    Phase.BID: "Bid for the next speech turn: a higher bid speaks sooner.",
    Phase.SPEECH: "Day: it is your turn to speak to everyone.",
    Phase.TAKE: "Choose a player to take with you.",
    Phase.VOTE: "Day: vote for the player to exile (or abstain).",
    Phase.PK_SPEECH: "Run-off: you are tied in the vote; speak to defend yourself.",
    Phase.PK_VOTE: "Run-off: vote between the tied players (or abstain).",
    **ROLE_PHASE_TEXT,  # the decisions a role adds say what they ask in the role's module
}

SPEECH_GRAMMAR = (
    "On a speech turn answer with a JSON object: \"text\" (what you say, short), \"claim\" (a role name you "
    "claim to be, or null), \"reports\" (a list of {\"seat\", \"side\": \"wolves\"|\"village\"}: check results you "
    "announce), \"accuse\" and \"defend\" (lists of seat numbers), \"vote_intent\" (the seat you will vote for, or "
    "null). Leave out fields the legal actions do not offer. Where a special action is offered (e.g. self-explode, "
    "duel), \"action\" may name its id."
)
