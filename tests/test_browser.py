"""The web UI in real headless Chromium (Debian's ``chromium`` driven by Playwright) against a real server: what a
person sees on the claim board, a claim, an article and a search, where highlights sit, where links go, the
keyboard, both widths (screenshots in ``tests/artifacts/screenshots/``) and an article built to attack the page.

Skipped when Chromium or Playwright is missing, unless ``DOSSIER_REQUIRE_BROWSER=1`` makes that a failure."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from dossier.pipeline import Analyzer
from dossier.settings import Settings

from .serving import HOSTILE_STRINGS, build_store, hostile_input, sample_store, serving

SCREENSHOTS = Path(__file__).resolve().parent / "artifacts" / "screenshots"
WIDTHS = ((1280, 900), (390, 844))
ARTICLE = "story-2024-12-27-kirby"


def _chromium() -> str:
    path = shutil.which("chromium")
    problem = None
    if path is None:
        problem = "Debian's chromium is not installed (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "Playwright's Python package is not installed (pip install playwright)"
    if problem is not None:
        if os.environ.get("DOSSIER_REQUIRE_BROWSER") == "1":
            pytest.fail(f"the browser tests are required (DOSSIER_REQUIRE_BROWSER=1) but {problem}")
        pytest.skip(problem)
    assert path is not None
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = _chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, analyzer: Analyzer, settings: Settings) -> Iterator[str]:
    _chromium()
    with serving(sample_store(tmp_path_factory.mktemp("browser"), analyzer, settings)) as url:
        yield url


class Watched:
    """A page whose dialogs, console errors and uncaught exceptions are recorded."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.dialogs: list[str] = []
        self.errors: list[str] = []

        def on_dialog(dialog: Any) -> None:
            self.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.on("console", lambda m: self.errors.append(f"console: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))


@pytest.fixture
def watched(browser: Any) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": WIDTHS[0][0], "height": WIDTHS[0][1]})
    watched = Watched(context.new_page())
    yield watched
    context.close()
    assert watched.dialogs == [] and watched.errors == []


def _shoot(page: Any, name: str) -> None:
    """Screenshots at both widths; at the narrow one the page itself must not scroll sideways."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in WIDTHS:
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
        if width <= 390:
            assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} scrolls sideways"
    page.set_viewport_size({"width": WIDTHS[0][0], "height": WIDTHS[0][1]})


def _api(base: str, path: str) -> Any:
    return httpx.get(base + path, timeout=10).json()


def _text(page: Any, selector: str) -> str:
    return " ".join(page.inner_text(selector).split())


# The concatenated text of every fragment of one record's highlight, inside one container.
_MARKED = """([root, record, kind]) => Array.from(document.querySelectorAll(root + ' mark[data-record]'))
    .filter(m => m.dataset.record === record && m.dataset.kind === kind).map(m => m.textContent).join('')"""


def test_board_to_claim_to_the_statement_in_its_article(base: str, watched: Watched) -> None:
    page = watched.page
    board = _api(base, "/api/claims")["items"]
    response = page.goto(base + "/")
    assert response.status == 200 and page.title() == "Claim board · dossier"
    rows = page.locator("ol.claims > li")
    assert rows.count() == len(board)
    assert _text(page, "ol.claims > li:first-child .claim-summary") == " ".join(board[0]["summary"].split())
    assert f"{board[0]['statements']} statement" in _text(page, "ol.claims > li:first-child .meta")
    _shoot(page, "board")
    sparks = page.evaluate("Array.from(document.querySelectorAll('img.spark')).map(i => [i.hidden, i.naturalWidth])")
    assert any(not hidden and width == 160 for hidden, width in sparks)  # a claim with figures shows its line
    assert all(hidden == (width == 1) for hidden, width in sparks)  # and one without shows nothing

    claims = {c["id"]: _api(base, f"/api/claims/{c['id']}") for c in board}
    chosen = max(claims, key=lambda c: (len(claims[c]["figures"]), c))
    record = claims[chosen]
    page.click(f"ol.claims a[href='/claims/{chosen}']")
    page.wait_for_url(f"{base}/claims/{chosen}")
    assert _text(page, "h1") == " ".join(record["summary"].split())
    assert page.title().startswith(f"Claim {chosen}: ")
    assert page.locator("ol.timeline > li").count() == len(record["statements"])
    assert page.evaluate("document.querySelector('figure.chart img').naturalWidth") == 720
    assert page.locator("table.data tbody tr").count() == len(record["figures"])
    _shoot(page, "claim")

    statement = next(s for s in record["statements"] if s["in"] is None)
    index = record["statements"].index(statement)
    page.locator("ol.timeline > li").nth(index).locator("a.to-article").click()
    anchor = f"s-{statement['statement']}"
    page.wait_for_url(f"{base}/articles/{statement['article']}#{anchor}")
    target = page.locator(f"[id='{anchor}']")
    assert target.text_content() == statement["text"]
    assert target.is_visible() and page.evaluate("location.hash") == f"#{anchor}"
    box = target.bounding_box()
    # Scrolled to the top of the view: a highlight's box may start a fraction of a pixel above it (rounding).
    assert box is not None and -1 < box["y"] < page.viewport_size["height"]


def test_article_highlights_sit_on_their_records_words(base: str, watched: Watched) -> None:
    page = watched.page
    record = _api(base, f"/api/articles/{ARTICLE}")
    page.goto(f"{base}/articles/{ARTICLE}")
    assert page.title() == f"{record['article']['title']} · dossier"
    checked = 0
    for statement in record["statements"]:
        root = "#article-title" if statement.get("in") == "title" else ".article-body"
        for kind in ("source", "cue", "content"):
            if statement[kind] is not None:
                assert page.evaluate(_MARKED, [root, statement["id"], kind]) == statement[kind]["text"]
                checked += 1
    for kind, records in (("quantity", record["quantities"]), ("time", record["times"])):
        for found in records:
            root = "#article-title" if found.get("in") == "title" else ".article-body"
            assert page.evaluate(_MARKED, [root, found["id"], kind]) == found["text"]
            checked += 1
    assert checked >= 10
    # Hovering a figure shows its record in the panel.
    quantity = record["quantities"][0]
    page.hover(f".article-body mark[data-record='{quantity['id']}']")
    assert _text(page, "#record-text").startswith(f"Quantity {quantity['id']}")
    side = page.locator("ol.side-statements > li")
    assert side.count() == len(record["statements"])
    _shoot(page, "article")


def test_keyboard_reaches_skip_link_then_nav_then_a_highlight(base: str, watched: Watched) -> None:
    page = watched.page
    page.goto(f"{base}/articles/{ARTICLE}")
    focused = "() => { const e = document.activeElement; return [e.tagName, e.className, e.textContent.trim()]; }"
    page.keyboard.press("Tab")
    assert page.evaluate(focused) == ["A", "skip-link", "Skip to content"]
    box = page.locator(".skip-link").bounding_box()
    assert box is not None and box["y"] >= 0  # visible when focused
    stops = []
    for _ in range(5):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(focused)[2])
    assert stops == ["dossier", "Claims", "Articles", "Events", "Actors"]
    # Back to the skip link: Enter moves focus to the content, and the next stops reach a highlight.
    for _ in stops:
        page.keyboard.press("Shift+Tab")
    assert page.evaluate(focused)[1] == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('mark.hl')"):
            break
    assert page.evaluate("document.activeElement.matches('mark.hl')")
    info = page.evaluate("document.activeElement.dataset.info")
    assert info and _text(page, "#record-text") == " ".join(info.split())
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_search_from_the_header(base: str, watched: Watched) -> None:
    page = watched.page
    found = _api(base, "/api/search?q=Kirby")
    page.goto(base + "/articles")
    _shoot(page, "articles")
    page.fill("#site-q", "Kirby")
    page.press("#site-q", "Enter")
    page.wait_for_url(f"{base}/search?q=Kirby")
    assert _text(page, "h1") == "Results for “Kirby”"
    assert page.locator("ol.articles > li").count() == len(found["articles"]) > 0
    assert page.locator("ol.statements > li").count() == len(found["statements"]) > 0
    _shoot(page, "search")
    first = found["articles"][0]
    page.click(f"ol.articles a[href='/articles/{first['id']}']")
    page.wait_for_url(f"{base}/articles/{first['id']}")
    assert _text(page, "h1") == " ".join(first["title"].split())


def test_actor_pages_at_both_widths(base: str, watched: Watched) -> None:
    page = watched.page
    page.goto(base + "/actors")
    _shoot(page, "actors")
    page.click("table a[href='/actors/person:dmitry-peskov']")
    page.wait_for_url(f"{base}/actors/person:dmitry-peskov")
    assert _text(page, "h1") == "Dmitry Peskov"
    assert page.locator("section:has(#h-said) li.statement-item").count() > 0
    _shoot(page, "actor")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory, analyzer: Analyzer, settings: Settings) -> Iterator[str]:
    _chromium()
    folder = tmp_path_factory.mktemp("hostile")
    url = build_store(f"sqlite:///{folder / 'hostile.db'}", analyzer, settings, [hostile_input(folder / "in")])
    with serving(url) as base_url:
        yield base_url


def test_a_hostile_article_breaks_nothing_and_runs_nothing(hostile: str, watched: Watched) -> None:
    page = watched.page
    for path, name in (("/articles/hostile-1", "hostile-article"), ("/", "hostile-board"),
                       ("/search?q=alert", "hostile-search"), ("/articles", None)):
        response = page.goto(hostile + path)
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert "unsafe-inline" not in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
        shown = page.inner_text("main")
        if path == "/articles/hostile-1":
            assert all(raw in shown for raw in HOSTILE_STRINGS), shown
        if path.startswith("/search"):
            assert all(raw in shown for raw in HOSTILE_STRINGS[:2]), shown  # the title's, in the article found
        if name is not None:
            _shoot(page, name)
        assert page.evaluate("document.querySelectorAll('main script, main img[src=x], main textarea').length") == 0
        assert page.evaluate("Array.from(document.links).filter(a => a.protocol === 'javascript:').length") == 0
    page.goto(hostile + "/articles/hostile-1")
    assert page.title().startswith("<script>alert(1)</script>")  # the title shows the text, as text
    assert watched.dialogs == [] and watched.errors == []
