"""Offline evaluation: VS-Bench's next-action prediction.

An item shows one seat (the *viewer*) its view of a game in progress (rules, its player
information and state, optionally its picture) and asks for the next action of the other seat
(the *actor*), whose legal actions it lists by name (``shared_legal_actions``: the meanings are
written for the actor and may tell what the viewer must not know, as Hanabi's hints do). Items come from games the reference players play
(:func:`generate`), or from a VS-Bench parquet file (:mod:`.parquet`). ``next_action`` holds
every correct answer: the actor's most likely actions when its agent exposes
``action_probabilities(observation)`` (all actions tied at the top), else the one it played.
Nothing the viewer must not know reaches an item: each is checked against ``Game.hidden_from``.

An agent answers an item through :class:`PredictionInterface`, the same answer cycle as a
game's own (schema of the legal ids, parse, feedback and retry, or VS-Bench's random move).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

from parlour.agents.llm.images import png_bytes, seat_image
from parlour.agents.llm.text_interface import ActionIdInterface, ParseError
from parlour.agentspec import SpecError, build_agent, kind_of

from .games import VSBenchGame

TIE = 1e-9  # actions within this of the most likely one are correct answers too
ANSWERING_KINDS = ("random", "llm", "openai")


class PredictionItem(BaseModel):
    """One question: predict the actor's next action from the viewer's view."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    game: str
    system: str = Field(description="the rules and answer format (VS-Bench's system prompt)")
    observation: str = Field(description="the viewer's view: player information and state")
    action: str = Field(description="the question, with the actor's legal actions")
    image: bytes | None = Field(None, description="the viewer's picture as PNG")
    next_legal_actions: dict[int, str]
    next_action: list[int] = Field(description="every correct answer")
    seed: int | None = None
    step: int | None = None
    viewer: int | None = None
    actor: int | None = None

    @model_validator(mode="after")
    def _answers_are_legal(self) -> PredictionItem:
        if not self.next_legal_actions:
            raise ValueError("next_legal_actions is empty")
        if not self.next_action:
            raise ValueError("next_action is empty: an item needs at least one correct answer")
        wrong = [a for a in self.next_action if a not in self.next_legal_actions]
        if wrong:
            raise ValueError(f"next_action {wrong} not among next_legal_actions {sorted(self.next_legal_actions)}")
        return self


def question(actor: int, legal: dict[int, str], answer_format: str) -> str:
    listed = "\n".join(f"{i}: {text}" for i, text in legal.items())
    return (f"## Prediction\nIt is player {actor}'s turn, not yours. Player {actor}'s legal actions:\n{listed}\n\n"
            f"## Instructions\nPredict the action player {actor} will take next. "
            f"Answer with the JSON object {answer_format} only, using one of these ids.")


def correct_answers(agent: Any, observation: Any, legal: Sequence[int], played: int) -> list[int]:
    """Every action as likely as the agent's most likely one, or the one it played."""
    probabilities = getattr(agent, "action_probabilities", None)
    if probabilities is None:
        return [int(played)]
    p = np.asarray(probabilities(observation), float)
    best = max(p[a] for a in legal)
    return [int(a) for a in legal if p[a] >= best - TIE]


def generate(entry: VSBenchGame, items: int, first_seed: int = 0, *, images: bool = False) -> list[PredictionItem]:
    """``items`` prediction items of ``entry``'s game from its reference players (every seat),
    over games with seeds ``first_seed, first_seed + 1, ...``, every decision in order."""
    if items < 1:
        raise ValueError(f"items must be at least 1, not {items}")
    game, rules, spec = entry.game, entry.game.rules(), entry.reference.spec
    out: list[PredictionItem] = []
    seed = first_seed
    while len(out) < items:
        env = game.raw_env(rules)
        env.reset(seed=seed)
        agents = [build_agent(spec, env, s, seed) for s in range(2)]
        for s, agent in enumerate(agents):
            if agent.is_async:
                raise ValueError(f"{entry.id}: the reference {spec!r} is async; prediction sets need a computed agent")
            agent.reset(s, seed * 1009 + s)
        iface = game.text_interface(env)
        engine = game.engine_of(env)
        for agent_id in env.agent_iter():
            obs, _, term, trunc, info = env.last()
            if term or trunc:
                env.step(None)
                continue
            actor = env.agent_name_mapping[agent_id]
            viewer = 1 - actor
            legal = {int(i): text for i, text in iface.shared_legal_actions(actor).items()}
            agent = agents[actor]
            action = agent.act_sync(obs, info)
            item = PredictionItem(
                game=entry.id, system=iface.system_prompt(), observation=iface.view_prompt(viewer),
                action=question(actor, legal, iface._format()),
                image=png_bytes(seat_image(env, viewer)) if images else None,
                next_legal_actions=legal, next_action=correct_answers(agent, obs, list(legal), action),
                seed=seed, step=len(engine.history), viewer=viewer, actor=actor)
            leaked = [h for h in game.hidden_from(engine, viewer) if h in item.observation or h in item.action]
            if leaked:
                raise RuntimeError(f"{entry.id}: a prediction item for player {viewer} names what it must not know: {leaked}")
            out.append(item)
            if len(out) == items:
                break
            env.step(action)
        seed += 1
    return out


class PredictionInterface(ActionIdInterface):
    """One item as a text interface: an LLM seat answers it with the usual retries and fallback."""

    name = "vsbench-predict"

    def __init__(self, item: PredictionItem, *, reasoning: bool = True):
        super().__init__(None, reasoning=reasoning)
        self.item = item

    def _legal(self, seat: int) -> list[int]:
        return list(self.item.next_legal_actions)

    def legal_actions(self, seat: int) -> dict[int, str]:
        return dict(self.item.next_legal_actions)

    def system_prompt(self) -> str:
        return self.item.system

    def user_prompt(self, seat: int) -> str:
        return self.item.observation + "\n\n" + self.item.action

    def picture(self, seat: int) -> bytes | None:
        return self.item.image

    def _named(self, name: str, value: Any, seat: int) -> int:
        """An action named by its text (VS-Bench's answers are tags such as <BET>)."""
        hits = [i for i, text in self.item.next_legal_actions.items() if name and name in text.lower()]
        if len(hits) != 1:
            raise ParseError(f"action {value!r} names {'no' if not hits else 'more than one'} legal action; "
                             f"legal actions: {self._legal_list(seat)}")
        return hits[0]

    def fallback(self, seat: int) -> int:
        return -1  # no answer: never a correct one


class Prediction(NamedTuple):
    game: str
    answer: int
    correct: bool
    llm: dict | None  # the LLM agent's report of the decision (tries, errors, fallback)


def check_answering_spec(spec: str) -> None:
    if kind_of(spec) not in ANSWERING_KINDS:
        raise SpecError(f"vsbench-predict answers with random, llm:MODEL or openai:URL/v1/MODEL, not {spec!r}: "
                        "the other agent kinds act from their own seat's observation and cannot read a question")


async def predict(items: Sequence[PredictionItem], spec: str, *, seed: int = 0, concurrency: int = 16) -> list[Prediction]:
    """``spec``'s answer to every item: 'random' draws among the legal ids, LLM specs answer in text."""
    check_answering_spec(spec)
    slots = asyncio.Semaphore(concurrency)

    async def one(i: int, item: PredictionItem) -> Prediction:
        if kind_of(spec) == "random":
            legal = list(item.next_legal_actions)
            answer = int(legal[np.random.default_rng([seed, i]).integers(len(legal))])
            return Prediction(item.game, answer, answer in item.next_action, None)
        async with slots:
            agent = build_agent(spec, None, 0, seed + i)
            agent.interface = PredictionInterface(item)
            agent.reset(0, seed + i)
            answer = int(await agent.act(None, {}))
        return Prediction(item.game, answer, answer in item.next_action, agent.last_decision_info)

    return list(await asyncio.gather(*(one(i, item) for i, item in enumerate(items))))


def chance(items: Sequence[PredictionItem]) -> float:
    """The accuracy expected of uniform guessing over each item's legal actions."""
    return float(np.mean([len(item.next_action) / len(item.next_legal_actions) for item in items]))
