"""``parlour replay FILE --html OUT``: one self-contained HTML page for the games of a file.

A game may draw its own page (Werewolf's has vote graphs and a roles toggle: ``Game.html_page``);
any other game, or a file that mixes games, gets the generic page: each game's narration as the
moderator saw it, and its outcome.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from pathlib import Path

from ..record import GameRecord
from .resim import ReplayMismatch, game_of_record, resimulate

_CSS = ("body{font-family:system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem}"
        ".meta{color:#555}.error{color:#a00}ol{line-height:1.5}section{border-top:1px solid #ccc;margin-top:2rem}")


def write_html(records: Iterable[GameRecord], path: str | Path, title: str = "parlour replay") -> int:
    """Write the view of ``records`` to ``path``; returns the number of games in it."""
    records = list(records)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(records, title), encoding="utf-8")
    return len(records)


def render_html(records: list[GameRecord], title: str = "parlour replay") -> str:
    """The whole page as one string."""
    env_ids = {r.header.env_id for r in records}
    if len(env_ids) == 1:
        page = game_of_record(records[0]).html_page(records, title)
        if page is not None:
            return page
    body = "".join(_game(rec) for rec in records) or "<p>No complete games in this file.</p>"
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f'<style>{_CSS}</style></head><body><h1>{escape(title)}</h1><p>{len(records)} game(s)</p>'
            f'{body}</body></html>\n')


def _game(rec: GameRecord) -> str:
    h, out = rec.header, rec.outcome
    head = (f'<section><h2>{escape(h.game_id)}</h2><p class="meta">{escape(h.env_id)} {escape(h.variant)}, '
            f'seed {escape(str(h.seed))}, {len(rec.decisions)} decisions; agents: {escape(", ".join(h.agents))}</p>')
    try:
        game, engine = game_of_record(rec), resimulate(rec, verify=False)
    except (ReplayMismatch, ValueError) as e:
        return f'{head}<p class="error">This game does not re-simulate: {escape(str(e))}</p></section>'
    roles = game.roles_line(engine)
    lines = "".join(f"<li>{escape(line.text.strip())}</li>" for line in game.narrate(engine))
    result = f"Winner: {out.winner}." if out.winner else "No winner."
    rewards = ", ".join(f"{a} {r:+g}" for a, r in out.rewards.items())
    error = f'<p class="error">The game stopped early: {escape(out.error)}</p>' if out.error else ""
    return (f'{head}{f"<p>{escape(roles)}</p>" if roles else ""}<ol>{lines}</ol>'
            f'<p><strong>{escape(result)}</strong> Returns: {escape(rewards)}</p>{error}</section>')
