"""How often LLM seats fell back to a no-op, per agent and decision kind, read from records.

A seat whose answers never parse plays its fallback every time; the game still ends and a win
is still counted, so a run must say so loudly rather than print "village 1, wolves 1".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from rich.console import Console
from rich.table import Table

from .record import GameRecord
from .tables import print_table

DEFAULT_MAX_FALLBACK_RATE = 0.5


class FallbackCount(NamedTuple):
    agent: str  # the seat's agent spec, e.g. 'openai:http://host:8000/v1/Qwen3-8B'
    phase: str  # the decision kind
    decisions: int
    fallbacks: int

    @property
    def rate(self) -> float:
        return self.fallbacks / self.decisions if self.decisions else 0.0


def fallback_counts(records: Iterable[GameRecord]) -> list[FallbackCount]:
    """LLM decisions and fallbacks per (agent spec, phase), sorted."""
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for record in records:
        agents = record.header.agents
        for d in record.decisions:
            if d.llm is not None:
                c = counts[(agents[d.seat], d.phase)]
                c[0] += 1
                c[1] += bool(d.llm.get("fallback"))
    return [FallbackCount(agent, phase, n, f) for (agent, phase), (n, f) in sorted(counts.items())]


def rates_by_agent(counts: list[FallbackCount]) -> dict[str, FallbackCount]:
    """The same counts summed over phases, per agent spec."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for c in counts:
        totals[c.agent][0] += c.decisions
        totals[c.agent][1] += c.fallbacks
    return {agent: FallbackCount(agent, "all", n, f) for agent, (n, f) in totals.items()}


def print_fallbacks(counts: list[FallbackCount], console: Console) -> None:
    table = Table(title="LLM fallbacks by agent and decision")
    for col in ("agent", "decision", "LLM decisions", "fallbacks", "rate"):
        table.add_column(col, justify="left" if col in ("agent", "decision") else "right")
    for c in counts:
        table.add_row(c.agent, c.phase, str(c.decisions), str(c.fallbacks), f"{c.rate:.0%}",
                      style="red" if c.fallbacks else "")
    print_table(console, table, wrap=("agent",))


def too_many_fallbacks(counts: list[FallbackCount], threshold: float) -> list[str]:
    """One message per agent whose fallback rate is above ``threshold``, naming the likely cause."""
    return [
        f"{agent}: {c.fallbacks} of {c.decisions} LLM decisions ({c.rate:.0%}) fell back to the no-op, above "
        f"--max-fallback-rate {threshold:g}. The answers did not parse as the legal actions: a server that "
        "ignores response_format (structured output) is the usual cause; each raw answer is in the 'llm' "
        "field of its decision line in the record"
        for agent, c in rates_by_agent(counts).items() if c.rate > threshold
    ]
