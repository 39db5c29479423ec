"""A self-contained HTML view of recorded games: ``parlour replay games.jsonl --html out.html``.

One static file for all the games of a record file: inline CSS, a little inline JavaScript, inline
SVG, and nothing fetched from anywhere (no server, no CDN, no fonts), so it opens from disk, from a
mail attachment or from a CI artifact alike.

The page is rendered here, in Python, from each game's re-simulated events; every piece of text is
passed through :func:`html.escape`, because LLM speech can contain anything. The JavaScript only
switches what is visible: the game picker (when the file holds several games), the timeline
(one panel per night and per day, and an end panel), and the true-roles toggle. With JavaScript
off, every panel of every game shows, roles hidden.

What it shows, per game:

- the seats, with their agent specs, struck through once dead (as of the end of the panel shown);
- a timeline: Night 1, Day 1, Night 2, ..., End; clicking one shows that part of the game;
- each speech with its stances (role claim, check reports, accusations, defences, vote intent)
  and its text; campaign speeches, run-off (PK) speeches and last words are labelled;
- each exile vote round (and run-off) as an SVG graph drawn from :func:`vote_graph`: seats on a
  circle, an arrow from voter to target, the sheriff's arrow drawn thicker and labelled with its
  weight; the sheriff election's rounds as graphs too; tallies and abstentions below each graph;
- deaths with their public cause (and, with roles shown, the true cause: poison, shot, ...);
- the end: the winner and every seat's true role and fate.

True roles: hidden by default everywhere except the end panel, which is the reveal. The
"Show true roles" button (``#toggle-roles``) shows them everywhere: role badges beside seats,
wolves coloured in the vote graphs, and the private events (wolf chat and the wolves' kill,
the seer's checks, the witch's potions, guard and doctor protection), which are hidden
while roles are hidden because they give the roles away.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from html import escape
from pathlib import Path
from typing import cast

from ...record import GameRecord
from ...replays.resim import ReplayMismatch, resimulate
from .engine import WerewolfEngine
from .events import PUBLIC, EventKind
from .narrate import audience, describe
from .phases import Phase
from .roles import Role, Side
from .vote_graph import vote_graph

K = EventKind
# Bookkeeping events the page shows elsewhere (roles in the seat list, votes in the graphs).
_NOT_LISTED = {K.DEAL, K.TEAMMATES, K.NIGHT, K.DAY, K.VOTE, K.SHERIFF_VOTE, K.BID}  # bids: noise, as in transcripts
_GROUPED = {K.SHERIFF_RUN: "Running for sheriff", K.WITHDRAW: "Withdrawing from the election"}
_SPEECH_LABEL = {Phase.CAMPAIGN: "campaign", Phase.PK_SPEECH: "run-off speech", Phase.LAST_WORDS: "last words",
                 Phase.WOLF_CHAT: "wolf chat"}


def write_html(records: Iterable[GameRecord], path: str | Path) -> int:
    """Write the view of ``records`` to ``path``; returns the number of games in it."""
    records = list(records)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(records), encoding="utf-8")
    return len(records)


def render_html(records: list[GameRecord], title: str = "parlour replay") -> str:
    """The whole page as one string."""
    games = [_game(i, rec) for i, rec in enumerate(records)]
    picker = ""
    if len(records) > 1:
        options = "".join(
            f'<option value="{i}">{i + 1}. {escape(r.header.game_id)} ({escape(r.header.variant)}, '
            f'seed {escape(str(r.header.seed))})</option>' for i, r in enumerate(records))
        picker = f'<label>Game <select id="game-picker">{options}</select></label>'
    body = "".join(games) if games else '<p class="empty">No complete games in this file.</p>'
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{escape(title)}</title><style>{_CSS}</style></head>'
            f'<body class="nojs"><header id="top"><h1>{escape(title)}</h1>{picker}'
            f'<button id="toggle-roles" type="button" aria-pressed="false">Show true roles</button>'
            f'<span class="hint">{len(records)} game(s). True roles and private night actions are hidden '
            f'until you show them (or open the End panel).</span></header>'
            f'<main>{body}</main><script>{_JS}</script></body></html>\n')


# --- one game -----------------------------------------------------------------------------------

def _game(index: int, rec: GameRecord) -> str:
    h, out = rec.header, rec.outcome
    head = (f'<h2>{escape(h.game_id)}</h2><p class="meta">{escape(h.variant)}, seed {escape(str(h.seed))}, '
            f'{len(out.details["roles"])} seats, {out.days} day(s), {len(rec.decisions)} decisions</p>')
    try:
        # A Werewolf record (the page reads its roles, deaths and votes) re-simulates in a WerewolfEngine.
        engine = cast(WerewolfEngine, resimulate(rec, verify=False))
    except (ReplayMismatch, ValueError) as e:
        return (f'<section class="game" data-game="{index}">{head}'
                f'<p class="error">This game does not re-simulate: {escape(str(e))}</p></section>')
    roles = list(engine.roles)
    n = len(roles)
    panels = _panels(engine)
    dead: list[int] = []
    timeline, bodies = [], []
    for key, label, events in panels:
        dead.extend(ev.target for ev in events if ev.kind == K.DEATH and ev.target not in dead)
        timeline.append(f'<button type="button" class="tl {key.split("-")[0]}" data-panel="{key}">{label}</button>')
        bodies.append(f'<div class="panel" data-panel="{key}" data-dead="{" ".join(map(str, dead))}">'
                      f'<h3>{label}</h3>{_panel_body(rec, engine, key, events, f"g{index}-{key}")}</div>')
    timeline.append('<button type="button" class="tl end" data-panel="end">End</button>')
    bodies.append(f'<div class="panel" data-panel="end" data-dead="{" ".join(map(str, dead))}">'
                  f'<h3>End</h3>{_end(rec, roles)}</div>')
    seats = "".join(
        f'<li class="seat" data-seat="{s}"><b>{s}</b> <span class="agent">{escape(h.agents[s]) if s < len(h.agents) else ""}'
        f'</span> {_role_badge(roles[s])}</li>' for s in range(n))
    error = f'<p class="error">The game stopped early: {escape(out.error)}</p>' if out.error else ""
    return (f'<section class="game" data-game="{index}" data-game-id="{escape(h.game_id)}">{head}{error}'
            f'<ol class="seats" start="0">{seats}</ol><nav class="timeline">{"".join(timeline)}</nav>'
            f'{"".join(bodies)}</section>')


def _panels(engine) -> list[tuple[str, str, list]]:
    """Split the events at each NIGHT and DAY event: (key, label, events) per part of the game."""
    panels: list[tuple[str, str, list]] = []
    current: tuple[str, str, list] | None = None
    for ev in engine.events:
        if ev.kind in (K.NIGHT, K.DAY):
            word = "night" if ev.kind == K.NIGHT else "day"
            current = (f"{word}-{ev.day}", f"{word.title()} {ev.day}", [])
            panels.append(current)
        elif current is not None:
            current[2].append(ev)
        # Events before the first night (the deal, wolf teams) are shown as the seats' roles.
    return panels


def _panel_body(rec: GameRecord, engine, key: str, events: list, uid: str) -> str:
    day = int(key.split("-")[1])
    parts: list[str] = []
    if key.startswith("day"):
        graph = vote_graph(rec, day, engine=engine)
        rounds = _vote_rounds(events, K.VOTE)
        kinds = ("vote", "pk_vote")
        placed = {first: (kinds[min(r, 1)], r) for r, (first, _) in enumerate(rounds)}
        sheriff_rounds = _vote_rounds(events, K.SHERIFF_VOTE)
        sheriff_placed = {first: (r, votes) for r, (first, votes) in enumerate(sheriff_rounds)}
    else:
        graph, placed, sheriff_placed = None, {}, {}
    dead_before: set[int] = {ev.target for ev in engine.events if ev.kind == K.DEATH and ev.day < day}
    for i, ev in enumerate(events):
        if i in placed:
            kind, r = placed[i]
            parts.append(_vote_block(graph, kind, rounds[r][1], dead_before, engine, f'{uid}-v{r}'))
        if i in sheriff_placed:
            r, votes = sheriff_placed[i]
            parts.append(_sheriff_block(graph, r, votes, dead_before, engine, f'{uid}-s{r}'))
        if ev.kind == K.DEATH:
            dead_before = dead_before | {ev.target}  # a new set: blocks already drawn keep theirs
        if ev.kind in _NOT_LISTED:
            continue
        if ev.kind in _GROUPED:  # candidates and withdrawals: one line for a run of them
            if i and events[i - 1].kind == ev.kind:
                continue
            seats = []  # the run of this kind of event that starts here
            for e in events[i:]:
                if e.kind != ev.kind:
                    break
                seats.append(e.actor)
            parts.append(f'<p class="event k-{ev.kind.name.lower()}">{_GROUPED[ev.kind]}: '
                         f'{", ".join(f"seat {s}" for s in seats)}.</p>')
            continue
        parts.append(_event(ev, rec, engine))
    if not parts:
        parts.append('<p class="quiet">Nothing public happens here.</p>' if key.startswith("day")
                     else '<p class="quiet">The night passes.</p>')
    if key.startswith("night"):
        parts.append('<p class="hidden-note">Night actions are private: show true roles to see them.</p>')
    return "".join(parts)


def _vote_rounds(events: list, kind: EventKind) -> list[tuple[int, list]]:
    """Votes of one kind split into rounds at a PK (tie) after some votes: (first index, votes)."""
    rounds: list[tuple[int, list]] = []
    current: tuple[int, list] | None = None
    for i, ev in enumerate(events):
        if ev.kind == kind:
            if current is None:
                current = (i, [])
                rounds.append(current)
            current[1].append(ev)
        elif ev.kind == K.PK and current is not None:
            current = None
        elif kind == K.SHERIFF_VOTE and ev.kind == K.SHERIFF:
            current = None
    return rounds


def _event(ev, rec: GameRecord, engine) -> str:
    private = ev.visible != PUBLIC
    cls = "event private" if private else "event"
    aud = f' <span class="audience">[{escape(audience(ev))}]</span>' if private else ""
    if ev.kind in (K.SPEECH, K.WOLF_CHAT):
        return _speech(ev, engine, cls, aud)
    if ev.kind == K.DEATH:
        true_cause = rec.outcome.details.get("deaths", {}).get(str(ev.target))
        truth = (f' <span class="truth">(true cause: {escape(str(true_cause))}; was the '
                 f'{escape(engine.roles[ev.target].label)})</span>') if true_cause is not None else ""
        return (f'<p class="{cls} death" data-seat="{ev.target}">&#x2620; {escape(describe(ev) or "")}'
                f'{truth}</p>')
    text = describe(ev)
    if text is None:
        return ""
    return f'<p class="{cls} k-{ev.kind.name.lower()}">{escape(text)}{aud}</p>'


def _speech(ev, engine, cls: str, aud: str) -> str:
    sp = ev.value
    chips = []
    if sp.claim >= 0:
        chips.append(f'<span class="chip claim">claims {escape(Role(sp.claim).label)}</span>')
    for seat, side in sp.reports:
        wolf = Side(side) is Side.WOLVES
        chips.append(f'<span class="chip report {"wolf" if wolf else "good"}">checked {seat}: '
                     f'{"wolf" if wolf else "good"}</span>')
    for seat in sp.accuse:
        chips.append(f'<span class="chip accuse">accuses {seat}</span>')
    for seat in sp.defend:
        chips.append(f'<span class="chip defend">defends {seat}</span>')
    if sp.vote_intent >= 0:
        word = "proposes killing" if ev.kind == K.WOLF_CHAT else "will vote"
        chips.append(f'<span class="chip intent">{word} {sp.vote_intent}</span>')
    if not chips:
        chips.append('<span class="chip pass">passes</span>')
    try:
        label = _SPEECH_LABEL.get(Phase(sp.phase), "")
    except ValueError:
        label = ""
    label = f'<span class="slabel">{escape(label)}</span>' if label else ""
    text = f'<blockquote class="text">{escape(sp.text)}</blockquote>' if sp.text else ""
    return (f'<div class="{cls} speech" data-seat="{ev.actor}"><div class="who"><b>Seat {ev.actor}</b> '
            f'{_role_badge(engine.roles[ev.actor])}{label}{aud}</div><div class="stance">{"".join(chips)}</div>'
            f'{text}</div>')


def _role_badge(role: Role) -> str:
    side = "wolf" if role.side is Side.WOLVES else "good"
    return f'<span class="role {side}">{escape(role.label)}</span>'


# --- vote graphs --------------------------------------------------------------------------------

def _vote_block(graph, kind: str, votes: list, dead_before: set, engine, uid: str) -> str:
    """One exile vote round, its arrows and weights taken from :func:`vote_graph`."""
    edges = [(u, v, d["weight"]) for u, v, k, d in graph.edges(keys=True, data=True) if k == kind]
    sheriff = _sheriff_at(engine, votes[0]) if votes else -1
    title = "Exile vote" if kind == "vote" else "Run-off vote"
    abstain = [ev.actor for ev in votes if ev.target < 0]
    return _graph_block(title, kind, edges, abstain, len(engine.roles), dead_before, engine, sheriff, uid)


def _sheriff_block(graph, round_: int, votes: list, dead_before: set, engine, uid: str) -> str:
    """A sheriff election round; every ballot weighs 1 (vote_graph sums the rounds, so they come from the events)."""
    edges = [(ev.actor, ev.target, 1.0) for ev in votes if ev.target >= 0]
    abstain = [ev.actor for ev in votes if ev.target < 0]
    title = "Sheriff election" + (" (run-off)" if round_ else "")
    return _graph_block(title, "sheriff_vote", edges, abstain, len(engine.roles), dead_before, engine, -1, uid)


def _sheriff_at(engine, event) -> int:
    """Who holds the badge when ``event`` happens (as :func:`vote_graph` tracks it)."""
    sheriff = -1
    for ev in engine.events:
        if ev is event:
            break
        if ev.kind in (K.SHERIFF, K.BADGE):
            sheriff = ev.target
    return sheriff


def _graph_block(title, kind, edges, abstain, n, dead_before, engine, sheriff, uid) -> str:
    tally: dict[int, float] = {}
    for _, v, w in edges:
        tally[v] = tally.get(v, 0.0) + w
    ranked = sorted(tally.items(), key=lambda kv: (-kv[1], kv[0]))
    tally_text = ", ".join(f"seat {s}: {w:g}" for s, w in ranked) or "no votes"
    ballots = ", ".join(f"{u}&rarr;{v}" + (f" (&times;{w:g})" if w != 1 else "") for u, v, w in sorted(edges))
    extra = f"; abstained: {', '.join(map(str, sorted(abstain)))}" if abstain else ""
    return (f'<figure class="votes" data-kind="{kind}"><figcaption>{escape(title)}</figcaption>'
            f'{_svg(kind, edges, n, dead_before, engine.roles, sheriff, uid)}'
            f'<p class="tally">Tally: {tally_text}{extra}</p><p class="ballots">{ballots}</p></figure>')


def _svg(kind, edges, n, dead_before, roles, sheriff, uid: str) -> str:
    size, radius, node = 300, 115, 15
    c = size / 2
    pos = [(c + radius * math.sin(2 * math.pi * s / n), c - radius * math.cos(2 * math.pi * s / n)) for s in range(n)]
    marker = f"ah-{uid}"  # ids are page-wide: a shared one would point into a hidden panel
    parts = [f'<svg class="vote-graph" data-kind="{kind}" viewBox="0 0 {size} {size}" width="{size}" height="{size}" '
             f'role="img" aria-label="{escape(kind.replace("_", " "))} graph">'
             f'<defs><marker id="{marker}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
             f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="head"/></marker>'
             f'<marker id="{marker}-s" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" '
             f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="head sheriff"/></marker></defs>']
    for u, v, w in edges:
        (x1, y1), (x2, y2) = pos[u], pos[v]
        dx, dy = x2 - x1, y2 - y1
        dist = math.hypot(dx, dy) or 1.0
        ux, uy = dx / dist, dy / dist
        sx, sy = x1 + ux * node, y1 + uy * node
        ex, ey = x2 - ux * (node + 2), y2 - uy * (node + 2)
        # Bend every arrow a little to its left, so a->b and b->a do not overlap.
        mx, my = (sx + ex) / 2 - uy * 14, (sy + ey) / 2 + ux * 14
        heavy = w != 1
        cls = "arrow sheriff" if heavy else "arrow"
        parts.append(f'<path class="{cls}" data-from="{u}" data-to="{v}" data-weight="{w:g}" '
                     f'd="M{sx:.1f},{sy:.1f} Q{mx:.1f},{my:.1f} {ex:.1f},{ey:.1f}" '
                     f'marker-end="url(#{marker}{"-s" if heavy else ""})"><title>{u} votes {v} (weight {w:g})</title></path>')
        if heavy:
            parts.append(f'<text class="weight" x="{mx:.1f}" y="{my:.1f}">&times;{w:g}</text>')
    for s, (x, y) in enumerate(pos):
        side = "wolf" if roles[s].side is Side.WOLVES else "good"
        dead = " dead" if s in dead_before else ""
        badge = " sheriff" if s == sheriff else ""
        parts.append(f'<g class="node {side}{dead}{badge}" data-seat="{s}"><circle cx="{x:.1f}" cy="{y:.1f}" r="{node}"/>'
                     f'<text x="{x:.1f}" y="{y + 4:.1f}">{s}</text>'
                     + (f'<text class="star" x="{x + node:.1f}" y="{y - node + 4:.1f}">&#x2605;</text>' if badge else "")
                     + '</g>')
    parts.append("</svg>")
    return "".join(parts)


# --- the end ------------------------------------------------------------------------------------

def _end(rec: GameRecord, roles: list[Role]) -> str:
    out = rec.outcome
    deaths = out.details.get("deaths", {})
    if out.winner:
        result = f"The {({'wolves': 'werewolves', 'lovers': 'third side (the lovers and theirs)'}).get(out.winner, 'village')} win."
    elif out.truncated:
        result = "No winner: the game stopped at the day limit." if not out.error else "No winner: the game stopped early."
    else:
        result = "No winner."
    rows = "".join(
        f'<tr class="{"wolf" if role.side is Side.WOLVES else "good"}"><td>{s}</td>'
        f'<td>{escape(rec.header.agents[s]) if s < len(rec.header.agents) else ""}</td>'
        f'<td class="true-role">{escape(role.label)}</td><td>{escape(role.side.name.lower())}</td>'
        f'<td>{escape(deaths[str(s)]) if str(s) in deaths else "survived"}</td></tr>'
        for s, role in enumerate(roles))
    return (f'<p class="result">{escape(result)}</p><table class="reveal"><thead><tr><th>seat</th><th>agent</th>'
            f'<th>true role</th><th>side</th><th>fate</th></tr></thead><tbody>{rows}</tbody></table>')


_CSS = """
:root{--bg:#fbfaf7;--fg:#222;--mut:#777;--wolf:#b3261e;--good:#1f6f43;--acc:#2450a6;--line:#ddd}
*{box-sizing:border-box}body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg)}
header{position:sticky;top:0;z-index:2;display:flex;gap:1em;align-items:center;flex-wrap:wrap;padding:.6em 1em;background:#23262d;color:#eee}
header h1{font-size:1.1em;margin:0}header select,header button{font:inherit;padding:.2em .6em}
.hint{color:#aaa;font-size:.85em}main{padding:0 1em 3em;max-width:1100px;margin:auto}
.game{border-bottom:2px solid var(--line);padding-bottom:1em}.meta{color:var(--mut);margin-top:-.6em}
.seats{display:flex;flex-wrap:wrap;gap:.4em;list-style:none;padding:0}
.seat{border:1px solid var(--line);border-radius:6px;padding:.15em .5em;background:#fff}
.seat.dead{opacity:.45;text-decoration:line-through}.agent{color:var(--mut);font-size:.85em}
.timeline{display:flex;flex-wrap:wrap;gap:.3em;margin:.8em 0}
.tl{font:inherit;border:1px solid #999;border-radius:14px;padding:.15em .8em;cursor:pointer;background:#fff}
.tl.night{background:#2d3350;color:#dde;border-color:#2d3350}.tl.end{background:#444;color:#fff}
.tl.active{outline:3px solid #f0a500}
.panel{margin:.8em 0}.panel h3{margin:.3em 0;border-bottom:1px solid var(--line)}
.event{margin:.25em 0}.death{color:var(--wolf);font-weight:600}.k-exile,.k-sheriff,.k-game_over{font-weight:600}
.speech{background:#fff;border:1px solid var(--line);border-left:4px solid var(--acc);border-radius:4px;padding:.35em .6em;margin:.4em 0}
.speech.private{border-left-color:var(--wolf);background:#fff5f4}
.slabel{margin-left:.5em;font-size:.8em;color:var(--mut);text-transform:uppercase}
.chip{display:inline-block;font-size:.82em;border-radius:10px;padding:0 .5em;margin:.15em .3em .15em 0;background:#eef}
.chip.accuse,.chip.report.wolf{background:#fde2df}.chip.defend,.chip.report.good{background:#dff3e6}
.chip.claim{background:#efe3fb}.chip.intent{background:#fff0c7}.chip.pass{background:#eee;color:var(--mut)}
blockquote.text{margin:.2em 0 0;padding-left:.6em;border-left:2px solid var(--line);white-space:pre-wrap;overflow-wrap:anywhere}
.private{font-style:italic}.audience,.truth{color:var(--mut);font-size:.85em}
.role{display:none;font-size:.75em;border-radius:8px;padding:0 .4em;color:#fff}.role.wolf{background:var(--wolf)}.role.good{background:var(--good)}
body:not(.show-roles) .private,body:not(.show-roles) .truth{display:none}
body.show-roles .role{display:inline-block}body.show-roles .hidden-note{display:none}
.hidden-note,.quiet{color:var(--mut)}
figure.votes{display:inline-block;vertical-align:top;margin:.5em 1em .5em 0;background:#fff;border:1px solid var(--line);border-radius:6px;padding:.4em}
figcaption{font-weight:600}.tally,.ballots{margin:.2em 0;font-size:.85em;max-width:300px}.ballots{color:var(--mut)}
.vote-graph .node circle{fill:#e8ecf4;stroke:#556;stroke-width:1.5}.vote-graph .node text{text-anchor:middle;font-size:13px}
.vote-graph .node.dead circle{fill:#ccc;stroke:#aaa;stroke-dasharray:3 2}.vote-graph .node.sheriff circle{stroke:#c08a00;stroke-width:3}
.vote-graph .star{fill:#c08a00;font-size:14px}
body.show-roles .vote-graph .node.wolf circle{fill:#f6c4bf;stroke:var(--wolf)}
.vote-graph .arrow{fill:none;stroke:var(--acc);stroke-width:1.6}.vote-graph .head{fill:var(--acc)}
.vote-graph .arrow.sheriff{stroke:#c08a00;stroke-width:3.2}.vote-graph .head.sheriff{fill:#c08a00}
.vote-graph .weight{font-size:12px;font-weight:700;fill:#8a6200;text-anchor:middle}
figure.votes[data-kind=sheriff_vote] .arrow{stroke:#7a4fb0}figure.votes[data-kind=sheriff_vote] .head{fill:#7a4fb0}
table.reveal{border-collapse:collapse}table.reveal td,table.reveal th{border:1px solid var(--line);padding:.15em .6em;text-align:left}
table.reveal tr.wolf .true-role{color:var(--wolf);font-weight:700}.result{font-weight:700;font-size:1.1em}
.error{color:var(--wolf)}
body.js .game,body.js .panel{display:none}body.js .game.shown,body.js .panel.shown{display:block}
"""

# Visibility only; the content is all in the HTML already. No data is read from the page's text.
_JS = """
(function(){
  var body=document.body; body.classList.remove('nojs'); body.classList.add('js');
  function showPanel(game,key){
    game.querySelectorAll('.panel').forEach(function(p){p.classList.toggle('shown',p.dataset.panel===key);});
    game.querySelectorAll('.tl').forEach(function(b){b.classList.toggle('active',b.dataset.panel===key);});
    var panel=game.querySelector('.panel[data-panel="'+key+'"]');
    var dead=(panel&&panel.dataset.dead?panel.dataset.dead.split(' '):[]);
    game.querySelectorAll('.seats .seat').forEach(function(s){s.classList.toggle('dead',dead.indexOf(s.dataset.seat)>=0);});
  }
  function showGame(i){
    document.querySelectorAll('.game').forEach(function(g){g.classList.toggle('shown',g.dataset.game===String(i));});
  }
  document.querySelectorAll('.game').forEach(function(g){
    g.querySelectorAll('.tl').forEach(function(b){b.addEventListener('click',function(){showPanel(g,b.dataset.panel);});});
    var first=g.querySelector('.tl.day')||g.querySelector('.tl'); if(first){showPanel(g,first.dataset.panel);}
  });
  var picker=document.getElementById('game-picker');
  if(picker){picker.addEventListener('change',function(){showGame(picker.value);});}
  showGame(0);
  var toggle=document.getElementById('toggle-roles');
  toggle.addEventListener('click',function(){
    var on=body.classList.toggle('show-roles');
    toggle.setAttribute('aria-pressed',on?'true':'false');
    toggle.textContent=on?'Hide true roles':'Show true roles';
  });
})();
"""
