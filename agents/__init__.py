"""parlour.agents: the Agent protocol, random and scripted agents; LLM agents live in parlour.agents.llm."""

from .base import Agent, RandomAgent, SyncAgent

__all__ = ["Agent", "RandomAgent", "SyncAgent"]
