"""The Werewolf Among Us strategy labels, found in free text by transparent rules.

Werewolf Among Us (Lai et al., 2023) annotates each utterance of a social deduction game with the
persuasion strategies it uses: **identity declaration**, **accusation**, **interrogation**,
**call for action**, **defense** and **evidence** (several may apply; none is "no strategy").
parlour's LLM seats attach free text to their structured speech acts, so the labels are a second
taxonomy for what a seat *said*, beside the stances it *took*. The labeller is a handful of
regular expressions, listed in :data:`RULES` and easy to read, so a label can always be traced to
the words that gave it; it is English-only and literal (sarcasm, or a claim spread over two
sentences, will be missed):

======================  =================================================================================
label                   the text ... (case-insensitive)
======================  =================================================================================
identity_declaration    says what the speaker is: "I am the Seer", "I'm a villager", "as the witch, ...",
                        "my role is ...", "I claim/reveal ..."
accusation              calls someone a wolf or a liar: "seat 3 is a wolf", "player 5 must be a werewolf",
                        "I suspect ...", "... is suspicious", "... is lying", "I don't trust ..."
interrogation           asks another seat a question: a sentence ending in "?" that names "you", a seat or
                        a player, or "explain / tell us / answer ..." addressed to someone
call_for_action         asks for a vote or an exile: "let's vote", "we should ...", "everyone vote",
                        "Vote out ..." (opening a sentence), "I (will) vote ...", "exile / eliminate / lynch ..."
defense                 argues someone is innocent: "I'm not a wolf", "I am innocent", "trust me",
                        "... is good / innocent / a villager / not a wolf", "I trust / vouch for ..."
evidence                gives reasons: "because", "since", "last night", "yesterday", "on day N",
                        "voted for/against", "checked", "my check", "died", "was killed", "contradict"
======================  =================================================================================

:func:`stance_labels` gives the same labels for a structured speech act (a claim declares an
identity, a check report is evidence, an accusation accuses, a defence defends, an announced vote
calls for action), so a seat's text can be checked against its own stances.
"""

from __future__ import annotations

import re
from enum import StrEnum

from ...envs.werewolf.events import Speech


class Strategy(StrEnum):
    IDENTITY_DECLARATION = "identity_declaration"
    ACCUSATION = "accusation"
    INTERROGATION = "interrogation"
    CALL_FOR_ACTION = "call_for_action"
    DEFENSE = "defense"
    EVIDENCE = "evidence"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


_ROLE = r"(?:villager|werewolf|wolf|seer|prophet|witch|hunter|guard|idiot|knight|doctor|wolf king|white wolf king)"
_SEAT = r"\b(?:seat|player|p)\s*#?\d+\b"
_NAMED = rf"(?:{_SEAT}|\byou\b|\byour\b)"
_WOLF = r"(?:a |the |one of the )?(?:were)?(?:wolf|wolves)\b"

RULES: dict[Strategy, tuple[re.Pattern[str], ...]] = {
    Strategy.IDENTITY_DECLARATION: tuple(re.compile(p, re.IGNORECASE) for p in (
        rf"\b(?:i am|i'm|im)\s+(?:the|a|an)\s+{_ROLE}\b",
        rf"\bas (?:the|a|an) {_ROLE}\b",
        r"\bmy (?:role|identity) is\b",
        r"\bi (?:claim|reveal|hereby claim)\b",
    )),
    Strategy.ACCUSATION: tuple(re.compile(p, re.IGNORECASE) for p in (
        # "seat 3 is a wolf", "Bob must be a werewolf"; not "there is a wolf among us", "I am not a wolf"
        rf"\b(?!(?:i|there|it|who|what|which)\b)\w+\s+(?:is|must be|has to be|seems|seems to be|looks like|could be|"
        rf"might be)\s+{_WOLF}",
        r"\b(?:you|he|she|they)(?:'re| are| is)\s+(?:a |the )?(?:were)?(?:wolf|liar)\b",
        r"\bi (?:strongly )?(?:suspect|accuse)\b",
        r"\bsuspicious\b",
        r"\b(?:is|are|was|were|been) lying\b",
        r"\bi (?:don't|do not) trust\b",
    )),
    Strategy.INTERROGATION: tuple(re.compile(p, re.IGNORECASE) for p in (
        rf"[^.!?]*{_NAMED}[^.!?]*\?",
        rf"\b(?:explain|tell us|answer)\b[^.!?]*{_NAMED}",
        rf"{_NAMED}[^.!?]*\b(?:explain|tell us|answer)\b",
    )),
    Strategy.CALL_FOR_ACTION: tuple(re.compile(p, re.IGNORECASE) for p in (
        r"\blet'?s\b", r"\blet us\b",
        r"\bwe (?:should|must|need to|have to|ought to)\b",
        r"\beveryone (?:should )?vote\b",
        r"(?:^|[.!?;]\s*|\b(?:please|so|just)\s+)vote (?:for|out|against)\b",  # imperative, not "did you vote for"
        r"\bi(?:'ll| will| am going to)? vote\b", r"\bi'm voting\b",
        r"\b(?:exile|eliminate|lynch)\b",
    )),
    Strategy.DEFENSE: tuple(re.compile(p, re.IGNORECASE) for p in (
        rf"\b(?:i am|i'm|im) (?:not|no) {_WOLF}",
        r"\b(?:i am|i'm|im) innocent\b",
        r"\btrust me\b",
        rf"\b(?:is|am|are)\s+not\s+{_WOLF}",
        rf"(?:{_SEAT}|\b(?:he|she|they))\s+(?:is|are|seems|looks)\s+(?:innocent|trustworthy|clean|good|a villager)\b",
        r"\bi (?:trust|believe in|vouch for)\b",
    )),
    Strategy.EVIDENCE: tuple(re.compile(p, re.IGNORECASE) for p in (
        r"\bbecause\b", r"\bsince\b", r"\blast night\b", r"\byesterday\b", r"\bon day \d+\b",
        r"\bvoted (?:for|against)\b", r"\bchecked\b", r"\bmy check\b", r"\bdied\b", r"\bwas killed\b",
        r"\bcontradict", r"\bevidence\b", r"\bproof\b",
    )),
}


def label_text(text: str) -> frozenset[Strategy]:
    """The strategies :data:`RULES` find in ``text`` (empty: no strategy)."""
    if not text or not text.strip():
        return frozenset()
    return frozenset(s for s, patterns in RULES.items() if any(p.search(text) for p in patterns))


def matched_words(text: str) -> dict[Strategy, list[str]]:
    """For each label found, the spans of ``text`` that gave it (to show why a label was given)."""
    out: dict[Strategy, list[str]] = {}
    for strategy, patterns in RULES.items():
        spans = [m.group(0).strip() for p in patterns for m in p.finditer(text)]
        if spans:
            out[strategy] = spans
    return out


def stance_labels(speech: Speech) -> frozenset[Strategy]:
    """The strategies a structured speech act's stances amount to."""
    labels = set()
    if speech.claim >= 0:
        labels.add(Strategy.IDENTITY_DECLARATION)
    if speech.reports:
        labels.add(Strategy.EVIDENCE)
    if speech.accuse:
        labels.add(Strategy.ACCUSATION)
    if speech.defend:
        labels.add(Strategy.DEFENSE)
    if speech.vote_intent >= 0:
        labels.add(Strategy.CALL_FOR_ACTION)
    return frozenset(labels)
