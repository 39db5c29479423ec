"""``parlour.make("werewolf/standard-12-guard")`` and the list of env ids."""

from __future__ import annotations


def list_envs() -> list[str]:
    from .envs import werewolf_v0

    return ["werewolf"] + [f"werewolf/{v}" for v in werewolf_v0.VARIANTS]


def make(env_id: str, *, parallel: bool = False, **kwargs):
    """An env by id: ``"werewolf"`` (the default board) or ``"werewolf/<variant>"``; kwargs go to the env."""
    game, _, variant = env_id.partition("/")
    if game != "werewolf":
        raise ValueError(f"unknown env {env_id!r}; known: {', '.join(list_envs())}")
    from .envs import werewolf_v0

    if variant:
        kwargs["variant"] = variant
    return werewolf_v0.parallel_env(**kwargs) if parallel else werewolf_v0.env(**kwargs)
