"""A logged game as a PettingZoo AEC env: each seat's observation and the action it took.

The env is the live ``werewolf_v0.raw_env`` reset with the record's rules and seed, so a
replay's observations are the live ones by construction; the record only supplies the actions.
This is the dataset view for offline RL and next-action prediction.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pettingzoo.utils.wrappers import BaseWrapper

from ..record import GameRecord
from .resim import ReplayMismatch, Verifier, game_of_record


class ReplayEnv(BaseWrapper):
    """``step(env.recorded_action())`` walks the logged game; any legal action may be tried instead,
    after which ``recorded_action()`` no longer applies (the game has left the record)."""

    def __init__(self, record: GameRecord, verify: bool = True):
        h = record.header
        self.game = game_of_record(record)
        try:
            rules = self.game.rules(h.rules)
        except ValueError as e:
            raise ReplayMismatch(f"game {h.game_id}, header.rules: {e}", record.file_line(0)) from None
        try:
            options = self.game.record_options(h)
        except ValueError as e:
            raise ReplayMismatch(f"game {h.game_id}, header.action_layout: {e}", record.file_line(0)) from None
        super().__init__(self.game.raw_env(rules, **options))
        self.record = record
        self.verify = verify
        self._next = 0
        self._on_record = True

    def reset(self, seed: int | None = None, options=None):
        if seed is not None and seed != self.record.header.seed:
            raise ValueError(f"a replay runs on the record's seed {self.record.header.seed}, not {seed}")
        self.env.reset(seed=self.record.header.seed, options=options)
        self._next, self._on_record = 0, True
        self._verifier = Verifier(self.record, self.game) if self.verify else None
        if self._verifier:
            self._verifier.header(self.game.engine_of(self.env))

    def recorded_action(self) -> Any:
        """The logged action for the agent now selected."""
        if not self._on_record:
            raise ReplayMismatch("the game left the record: an action other than the logged one was taken")
        decisions = self.record.decisions
        if self._next >= len(decisions):
            raise ReplayMismatch(f"game {self.record.header.game_id}: the record ends after {len(decisions)} decisions")
        d = decisions[self._next]
        if self.env.agent_name_mapping[self.env.agent_selection] != d.seat:
            raise ReplayMismatch(f"game {self.record.header.game_id}, decision {d.i}: the env selects "
                                 f"{self.env.agent_selection}, the record has seat {d.seat}")
        return self.game.decode_action(d.action, d.speech)

    def step(self, action):
        agent = self.env.agent_selection
        if self.env.terminations[agent] or self.env.truncations[agent]:
            return self.env.step(action)
        if self._on_record and self._next < len(self.record.decisions):
            k, d = self._next, self.record.decisions[self._next]
            self._on_record = action == self.game.decode_action(d.action, d.speech)
            if self._on_record and self._verifier:
                self._verifier.before(self.game.engine_of(self.env), k, d)
            self.env.step(action)
            self._next += 1
            if self._on_record and self._verifier:
                self._verifier.after(self.game.engine_of(self.env), k, d)
        else:
            self._on_record = False
            self.env.step(action)


def replay_env(record: GameRecord, verify: bool = True) -> ReplayEnv:
    """The record's game as an AEC env, already reset to its seed."""
    env = ReplayEnv(record, verify=verify)
    env.reset()
    return env


def iter_steps(record: GameRecord, verify: bool = True) -> Iterator[tuple[str, dict, Any]]:
    """(agent, observation it saw, action it took) for every logged decision, in order."""
    env = replay_env(record, verify=verify)
    for _ in record.decisions:
        agent = env.agent_selection
        action = env.recorded_action()
        yield agent, env.observe(agent), action
        env.step(action)
