"""The HTML replay page (parlour.replays.html): self-contained and escaped (pure Python), and working
in a real headless Chromium driven by selenium (``@pytest.mark.browser``; skipped without
chromium, chromedriver or selenium)."""

from __future__ import annotations

import dataclasses
import html
import re
import shutil
import struct
import zlib

import pytest

import parlour
from parlour.agents import RandomAgent
from parlour.envs.werewolf.actions import Action, ActionLayout, Kind
from parlour.envs.werewolf.events import EventKind
from parlour.replays import resimulate
from parlour.replays.html import render_html, write_html

INJECTION = '</script><script>window.pwned=1</script><img src=x onerror="window.pwned=2"> & <b>bold</b>'
_STANCES = (Kind.CLAIM, Kind.REPORT_WOLF, Kind.REPORT_GOOD, Kind.ACCUSE, Kind.DEFEND, Kind.VOTE_INTENT)


class Talker(RandomAgent):
    """A random agent that attaches text to its speech stances, as an LLM agent would."""

    def __init__(self, seed: int, n: int, nasty: bool = False):
        super().__init__(seed)
        self.layout, self.count, self.nasty = ActionLayout(n), 0, nasty

    def act_sync(self, observation, info):
        index = super().act_sync(observation, info)
        if self.layout.decode(index)[0] not in _STANCES:
            return index
        self.count += 1
        text = INJECTION if self.nasty and self.count == 1 else f"seat {self.seat} speech {self.count}: I'm sure <3"
        return Action(index=index, text=text)


def _play(variant: str, seed: int):
    return parlour.play_game(variant, lambda env: [Talker(seed * 100 + s, env.engine.n, nasty=s == 0)
                                                   for s in range(env.engine.n)], seed=seed)


@pytest.fixture(scope="module")
def records():
    games = [_play("standard-12-guard", 3), _play("werewolf-arena-8", 3)]
    assert games[0].outcome.days >= 2 and not games[0].outcome.error
    return games


def _texts(record) -> list[str]:
    return [d.speech["text"] for d in record.decisions if d.speech and d.speech.get("text")]


# --- pure Python ------------------------------------------------------------------------------------

def test_the_page_is_self_contained_and_escapes_every_speech(records):
    page = render_html(records)
    assert "http://" not in page and "https://" not in page and "//cdn" not in page
    assert "<link" not in page and " src=" not in page.replace(html.escape(INJECTION), "")
    assert page.count("<script>") == 1  # the page's own inline script and nothing else
    texts = [t for r in records for t in _texts(r)]
    assert INJECTION in texts
    for text in texts:
        assert html.escape(text) in page
    assert INJECTION not in page and "<b>bold</b>" not in page
    ids = re.findall(r' id="([^"]+)"', page)
    assert len(ids) == len(set(ids)), "a repeated id (an SVG marker) would point into a hidden panel"


def test_write_html_and_the_replay_command(records, tmp_path):
    games = tmp_path / "games.jsonl"
    for record in records:
        record.append_to(games)
    out = tmp_path / "page.html"
    from parlour.cli import main

    assert main(["replay", str(games), "--html", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert 'id="game-picker"' in page and page.count('<section class="game"') == 2
    assert write_html(records[:1], tmp_path / "one.html") == 1
    assert 'id="game-picker"' not in (tmp_path / "one.html").read_text(encoding="utf-8")


def test_a_game_that_does_not_replay_is_named_and_the_others_still_show(records):
    broken = records[1].model_copy(update={"decisions": [dataclasses.replace(d, action=10_000, speech=None)
                                                         if d.i == 3 else d for d in records[1].decisions]})
    page = render_html([records[0], broken])
    assert "does not re-simulate" in page and "decision 3" in page
    assert page.count('class="panel"') > 5  # the sound game is drawn in full


def test_no_games_still_makes_a_page():
    assert "No complete games" in render_html([])


# --- headless Chromium ------------------------------------------------------------------------------

def _browser_missing() -> str | None:
    for exe in ("chromium", "chromedriver"):
        if shutil.which(exe) is None:
            return f"{exe} is not installed (apt-get install chromium chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install selenium)"
    return None


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    reason = _browser_missing()
    if reason:
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1200,1600", f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        options.add_argument(arg)
    d = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    yield d
    d.quit()


@pytest.fixture(scope="module")
def page_url(records, tmp_path_factory):
    path = tmp_path_factory.mktemp("html") / "games.html"
    write_html(records, path)
    return path.as_uri()


def _css(root, selector):
    from selenium.webdriver.common.by import By

    return root.find_elements(By.CSS_SELECTOR, selector)


def _open(driver, url, panel: str | None = None):
    driver.get(url)
    game = _css(driver, ".game.shown")
    assert len(game) == 1, "exactly one game is shown"
    if panel:
        _css(game[0], f'.tl[data-panel="{panel}"]')[0].click()
    return game[0]


@pytest.mark.browser
def test_clicking_a_day_shows_its_speeches_and_one_arrow_per_vote(driver, page_url, records):
    game = _open(driver, page_url, "day-2")
    assert driver.execute_script("return window.pwned") is None, "speech text ran as markup"
    shown = _css(game, ".panel.shown")
    assert [p.get_attribute("data-panel") for p in shown] == ["day-2"]
    engine = resimulate(records[0])
    day2 = [ev for ev in engine.events if ev.day == 2]
    speeches = [ev for ev in day2 if ev.kind == EventKind.SPEECH]
    cards = [c for c in _css(shown[0], ".speech") if c.is_displayed()]
    assert len(cards) == len(speeches) > 0
    panel_text = shown[0].text
    for ev in speeches:
        if ev.value.text:
            assert ev.value.text in panel_text  # shown as text, not parsed as markup
    votes = [ev for ev in day2 if ev.kind == EventKind.VOTE and ev.target >= 0]
    arrows = _css(shown[0], 'svg.vote-graph[data-kind="vote"] path.arrow, svg.vote-graph[data-kind="pk_vote"] path.arrow')
    assert len(arrows) == len(votes) > 0
    assert sorted((int(a.get_attribute("data-from")), int(a.get_attribute("data-to"))) for a in arrows) == \
        sorted((ev.actor, ev.target) for ev in votes)
    # Other panels' speeches are not shown.
    day1_speech = next(ev for ev in engine.events if ev.kind == EventKind.SPEECH and ev.day == 1 and ev.value.text)
    if day1_speech.value.text not in {ev.value.text for ev in speeches}:
        assert day1_speech.value.text not in driver.find_element("tag name", "main").text


@pytest.mark.browser
def test_the_sheriff_vote_is_marked_with_its_weight(driver, page_url, records):
    game = _open(driver, page_url, "day-2")
    engine = resimulate(records[0])
    sheriff = -1  # the badge holder when day 2's votes are cast
    for ev in engine.events:
        if ev.day == 2 and ev.kind == EventKind.VOTE:
            break
        if ev.kind in (EventKind.SHERIFF, EventKind.BADGE):
            sheriff = ev.target
    votes = [ev for ev in engine.events if ev.day == 2 and ev.kind == EventKind.VOTE and ev.target >= 0]
    if not any(ev.actor == sheriff for ev in votes):
        pytest.skip("the sheriff did not vote on day 2 in this game")
    heavy = _css(game, '.panel.shown svg.vote-graph path.arrow.sheriff')
    assert [int(a.get_attribute("data-from")) for a in heavy] == [sheriff]
    assert heavy[0].get_attribute("data-weight") == f"{engine.rules.sheriff_vote_weight:g}" == "1.5"
    assert "\u00d71.5" in _css(game, '.panel.shown svg.vote-graph[data-kind="vote"]')[0].text
    assert _css(game, f'.panel.shown svg.vote-graph g.node.sheriff[data-seat="{sheriff}"]')


@pytest.mark.browser
def test_the_roles_toggle_shows_and_hides_true_roles_and_private_events(driver, page_url, records):
    game = _open(driver, page_url, "day-1")
    badges = _css(game, ".seats .role")
    truth = [r.label for r in resimulate(records[0]).roles]
    assert not any(b.is_displayed() for b in badges), "true roles are hidden by default"
    assert "wolf chat" not in game.text.lower()
    toggle = driver.find_element("id", "toggle-roles")
    toggle.click()
    assert [b.text for b in badges if b.is_displayed()] == truth
    assert toggle.get_attribute("aria-pressed") == "true"
    _css(game, '.tl[data-panel="night-1"]')[0].click()
    private = [e for e in _css(game, ".panel.shown .private") if e.is_displayed()]
    assert private, "with roles shown, the night's private actions are listed"
    toggle.click()
    assert not any(b.is_displayed() for b in badges)
    assert not any(e.is_displayed() for e in _css(game, ".panel.shown .private"))
    _css(game, '.tl[data-panel="end"]')[0].click()  # the end panel is the reveal
    cells = [c.text for c in _css(game, ".panel.shown td.true-role")]
    assert cells == truth


@pytest.mark.browser
def test_the_game_picker_switches_games(driver, page_url, records):
    from selenium.webdriver.support.ui import Select

    _open(driver, page_url)
    Select(driver.find_element("id", "game-picker")).select_by_index(1)
    shown = _css(driver, ".game.shown")
    assert [g.get_attribute("data-game-id") for g in shown] == [records[1].header.game_id]


def _png_pixels(data: bytes):
    """(width, height, rows of bytes per pixel) from an 8-bit non-interlaced RGB/RGBA PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", chunk)
            assert depth == 8 and color in (2, 6) and interlace == 0, "chromium writes 8-bit RGB(A)"
            bpp = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw, stride, prev, rows = zlib.decompress(idat), width * bpp, bytearray(width * bpp), []
    for y in range(height):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b, c = prev[x], prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, [[row[i:i + 3] for i in range(0, stride, bpp)] for row in rows]


@pytest.mark.browser
def test_the_page_does_not_render_empty(driver, page_url, tmp_path):
    game = _open(driver, page_url, "day-1")
    body = driver.find_element("tag name", "body")
    assert len(body.text) > 500 and body.size["height"] > 800
    shot = driver.get_screenshot_as_png()
    (tmp_path / "page.png").write_bytes(shot)
    width, height, pixels = _png_pixels(shot)
    background = pixels[height - 1][width // 2]  # bottom of a long page: the plain page background
    drawn = sum(px != background for row in pixels[::4] for px in row[::4])
    assert drawn > 0.05 * (height // 4) * (width // 4), "most of the screenshot is blank"
    blank = tmp_path / "blank.html"
    blank.write_text("<!DOCTYPE html><html><body></body></html>")
    driver.get(blank.as_uri())
    assert len(shot) > 3 * len(driver.get_screenshot_as_png())
    assert game is not None
