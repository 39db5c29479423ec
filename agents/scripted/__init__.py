"""Scripted (rule-based) agents: sensible baselines that act only from their own observation."""

from .werewolf import ScriptedWerewolfAgent, scripted_agents

__all__ = ["ScriptedWerewolfAgent", "scripted_agents"]
