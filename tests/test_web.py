"""The web pages through the ASGI app (no browser): every page answers, each page's JSON twin is what the API
answers, highlights sit on their offsets however they overlap, and article text is always escaped."""

from __future__ import annotations

import re
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from fastapi.testclient import TestClient

from dossier import queries
from dossier.api.app import create_app
from dossier.api.middleware import CONTENT_SECURITY_POLICY
from dossier.model import Analysis, Article, Figure, Quantity, Source, Statement, TextSpan, TimeRef
from dossier.pipeline import Analyzer
from dossier.settings import Settings
from dossier.store import SqlStore
from dossier.web import charts, highlight
from dossier.web.pages import safe_url

from .serving import sample_store

HTML = {"accept": "text/html,application/xhtml+xml"}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory, analyzer: Analyzer, settings: Settings) -> Iterator[TestClient]:
    url = sample_store(tmp_path_factory.mktemp("web"), analyzer, settings)
    with TestClient(create_app(Settings.from_env(db=url))) as opened:
        yield opened


@pytest.fixture(scope="module")
def known(client: TestClient) -> dict[str, Any]:
    """Ids from the store to visit: a claim with figures and one without, an article, an actor."""
    board = client.get("/api/claims?limit=200").json()["items"]
    claims = {c["id"]: client.get(f"/api/claims/{c['id']}").json() for c in board}
    with_figures = max(claims, key=lambda c: len(claims[c]["figures"]))
    without = next(c for c in claims if not claims[c]["figures"])
    return {"claim": with_figures, "record": claims[with_figures], "bare_claim": without,
            "article": "story-2024-12-27-kirby", "actor": "person:dmitry-peskov"}


def _doc(text: str) -> Any:
    return lxml.html.document_fromstring(text)


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


# ---- every page, and its JSON twin -------------------------------------------------------------------------------


def test_every_page_answers_html_with_a_title_and_the_security_headers(client: TestClient, known: dict[str, Any]) -> None:
    pages = ["/", f"/claims/{known['claim']}", f"/claims/{known['bare_claim']}", "/articles",
             f"/articles/{known['article']}", "/actors", f"/actors/{known['actor']}", "/search?q=Kirby", "/search",
             "/events", "/events?type=AID&code=prk&side=source"]
    for page in pages:
        response = client.get(page, headers=HTML)
        assert response.status_code == 200, page
        assert response.headers["content-type"].startswith("text/html")
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        doc = _doc(response.text)
        assert doc.findtext(".//title").endswith("· dossier"), page
        assert len(doc.findtext(".//title")) > len(" · dossier"), page
        # Nothing the CSP would block: no inline script, no inline style, no event handler attribute.
        assert all(s.get("src", "").startswith("/static/") for s in doc.iter("script")), page
        assert not doc.xpath("//style | //*[@style]"), page
        assert not [a for e in doc.iter() for a in e.attrib if a.lower().startswith("on")], page
        assert doc.xpath("//a[@class='skip-link']/@href") == ["#main"] and doc.get_element_by_id("main") is not None


@pytest.mark.parametrize(("page", "api"), [
    ("/?format=json", "/api/claims"),
    ("/?format=json&status=corroborated&limit=3", "/api/claims?status=corroborated&limit=3"),
    ("/?format=json&about=PRK&since=2024-10-20&until=2024-12-31", "/api/claims?about=PRK&since=2024-10-20&until=2024-12-31"),
    ("/?format=json&actor=person:dmitry-peskov", "/api/claims?actor=person:dmitry-peskov"),
    ("/articles?format=json", "/api/articles"),
    ("/articles?format=json&q=Kirby&limit=2", "/api/articles?q=Kirby&limit=2"),
    ("/articles?format=json&outlet=Dossier+Sample+Wire", "/api/articles?outlet=Dossier+Sample+Wire"),
    ("/articles/story-2024-12-27-kirby?format=json", "/api/articles/story-2024-12-27-kirby"),
    ("/events?format=json", "/api/events"),
    ("/events?format=json&type=AID&code=prk&side=source&since=2024-10-01", "/api/events?type=AID&code=PRK&side=source&since=2024-10-01"),
    ("/actors?format=json&q=kim", "/api/actors?q=kim"),
    ("/actors?format=json&limit=5", "/api/actors?limit=5"),
    ("/actors/person:dmitry-peskov?format=json", "/api/actors/person:dmitry-peskov"),
    ("/search?format=json&q=Kirby", "/api/search?q=Kirby"),
    ("/search?format=json&q=troops&limit=3", "/api/search?q=troops&limit=3"),
])
def test_json_twins_equal_the_api(client: TestClient, page: str, api: str) -> None:
    twin, answer = client.get(page), client.get(api)
    assert twin.status_code == answer.status_code == 200
    assert twin.headers["content-type"] == "application/json"
    assert twin.json() == answer.json()


def test_claim_twin_and_cursor_pages_equal_the_api(client: TestClient, known: dict[str, Any]) -> None:
    assert client.get(f"/claims/{known['claim']}?format=json").json() == known["record"]
    first = client.get("/?format=json&limit=4").json()
    assert first["next"] is not None
    twin = client.get(f"/?format=json&limit=4&after={first['next']}").json()
    assert twin == client.get(f"/api/claims?limit=4&after={first['next']}").json()
    # The page's "next" link carries the filters and the cursor.
    doc = _doc(client.get("/?limit=4&status=", headers=HTML).text)
    assert doc.xpath("//a[@rel='next']/@href") == [f"/?limit=4&after={first['next']}"]


def test_blank_form_fields_mean_no_filter_and_bad_ones_answer_the_error_shape(client: TestClient) -> None:
    assert client.get("/?format=json&status=&about=&since=&until=").json() == client.get("/api/claims").json()
    assert client.get("/articles?format=json&q=&outlet=&since=").json() == client.get("/api/articles").json()
    bad = client.get("/?format=json&since=yesterday")
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_request" and "since" in bad.json()["message"]
    assert client.get("/?format=json&status=rumour").status_code == 422
    page = client.get("/?since=2024-13-01", headers=HTML)
    assert page.status_code == 422 and "text/html" in page.headers["content-type"]
    missing = client.get("/claims/c999999", headers=HTML)
    assert missing.status_code == 404 and "claim c999999 is not in this store" in missing.text
    assert client.get("/claims/c999999?format=json").json() == {
        "status": 404, "code": "not_found", "message": "claim c999999 is not in this store"}
    assert client.get("/articles/nope?format=json").status_code == 404
    assert client.get("/actors/person:nobody?format=json").status_code == 404


# ---- what the pages show -----------------------------------------------------------------------------------------


def test_board_lists_each_claim_with_its_numbers_and_a_sparkline(client: TestClient) -> None:
    items = client.get("/api/claims").json()["items"]
    doc = _doc(client.get("/", headers=HTML).text)
    rows = doc.xpath("//ol[@class='claims']/li")
    assert len(rows) == len(items)
    for row, item in zip(rows, items, strict=True):
        link = row.xpath(".//p[@class='claim-summary']/a")[0]
        assert link.get("href") == f"/claims/{item['id']}" and link.text_content() == item["summary"]
        assert row.xpath(".//span[contains(@class,'badge')]")[0].get("class") == f"badge status-{item['status']}"
        text = " ".join(row.text_content().split())
        assert f"{item['independent_sources']} independent source" in text
        assert f"{item['statements']} statement" in text
        assert f"first {item['first_seen']}, last {item['last_seen']}" in text
        sparks = row.xpath(".//img[@class='spark']")
        assert len(sparks) == (1 if item["figures"] else 0)  # a sparkline only where there is a figure to plot
        if sparks:
            assert sparks[0].get("src") == f"/claims/{item['id']}/sparkline.png" and sparks[0].get("alt")
    assert any(item["figures"] for item in items) and not all(item["figures"] for item in items)


def test_claim_page_links_every_statement_to_its_place_in_the_article(client: TestClient, known: dict[str, Any]) -> None:
    record = known["record"]
    doc = _doc(client.get(f"/claims/{known['claim']}", headers=HTML).text)
    items = doc.xpath("//ol[@class='timeline']/li")
    assert len(items) == len(record["statements"])
    anchors: dict[str, set[str]] = {}
    for item, statement in zip(items, record["statements"], strict=True):
        href = item.xpath(".//a[@class='to-article']/@href")[0]
        assert href == f"/articles/{statement['article']}#s-{statement['statement']}"
        assert statement["text"] in item.text_content()
        assert item.xpath(".//span[contains(@class,'badge')]/@class")[0] == f"badge stance-{statement['stance']}"
        anchors.setdefault(statement["article"], set()).add(f"s-{statement['statement']}")
    for article, ids in anchors.items():
        page = _doc(client.get(f"/articles/{article}", headers=HTML).text)
        assert ids <= set(page.xpath("//mark/@id")), article
    grouped = doc.xpath("//section[h2[@id='h-who']]")[0].text_content()
    assert "Asserted by" in grouped
    table = doc.xpath("//table[@class='data']/tbody/tr")
    assert len(table) == len(record["figures"])
    assert doc.xpath("//figure[@class='chart']/img/@src") == [f"/claims/{known['claim']}/figures.png"]


def test_claim_without_figures_has_no_chart(client: TestClient, known: dict[str, Any]) -> None:
    doc = _doc(client.get(f"/claims/{known['bare_claim']}", headers=HTML).text)
    assert not doc.xpath("//figure[@class='chart']")
    assert client.get(f"/claims/{known['bare_claim']}/figures.png").status_code == 404
    assert client.get(f"/claims/{known['bare_claim']}/sparkline.png").status_code == 404


def test_charts_are_small_pngs(client: TestClient, known: dict[str, Any]) -> None:
    spark = client.get(f"/claims/{known['claim']}/sparkline.png")
    assert spark.headers["content-type"] == "image/png" and _png_size(spark.content) == (160, 36)
    assert len(spark.content) < 8_000
    chart = client.get(f"/claims/{known['claim']}/figures.png")
    assert _png_size(chart.content) == (720, 300) and len(chart.content) < 60_000
    assert client.get("/claims/c999999/sparkline.png").status_code == 404


def test_actor_page_shows_what_they_said_and_what_was_said_about_them(client: TestClient) -> None:
    said = client.get("/api/statements?actor=person:dmitry-peskov&limit=20").json()["items"]
    doc = _doc(client.get("/actors/person:dmitry-peskov", headers=HTML).text)
    assert doc.findtext(".//h1") == "Dmitry Peskov"
    listed = doc.xpath("//section[h2[@id='h-said']]//li[@class='statement-item']")
    assert len(listed) == len(said) > 0
    for item, hit in zip(listed, said, strict=True):
        assert hit["statement"]["content"]["text"] in item.text_content()
    actors = _doc(client.get("/actors", headers=HTML).text)
    assert "/actors/person:dmitry-peskov" in actors.xpath("//table//a/@href")


def test_search_page_lists_the_three_kinds(client: TestClient) -> None:
    found = client.get("/api/search?q=Kirby").json()
    doc = _doc(client.get("/search?q=Kirby", headers=HTML).text)
    assert doc.findtext(".//title") == "Search: Kirby · dossier"
    assert len(doc.xpath("//ol[@class='articles']/li")) == len(found["articles"]) > 0
    assert len(doc.xpath("//ol[@class='statements']/li")) == len(found["statements"])
    assert len(doc.xpath("//ol[@class='claims']/li")) == len(found["claims"])


# ---- highlights on a hand-built analysis -------------------------------------------------------------------------

TITLE = 'Officials say 500 <b>troops</b> & "more" moved'
BODY = ("Officials said about 500 troops <script>alert(1)</script> moved, a spokesman said on Monday.\n\n"
        "A second paragraph with </textarea> and no records.")
CAPTION = "Photo taken on Monday <i>x</i>"


def _span(text: str, part: str, after: int = 0) -> TextSpan:
    start = text.index(part, after)
    return TextSpan(part, start, start + len(part))


def _hand_built() -> Analysis:
    def source(text: str, part: str, after: int = 0) -> Source:
        span = _span(text, part, after)
        return Source(span.text, span.start, span.end, "government", role="officials")

    s1_content = _span(BODY, "about 500 troops <script>alert(1)</script> moved")
    s2_content = _span(BODY, "troops <script>alert(1)</script> moved, a spokesman")  # crosses s1's end
    statements = (
        Statement("s1", source(BODY, "Officials"), _span(BODY, "said"), s1_content, "assert"),
        Statement("s2", source(BODY, "a spokesman"), _span(BODY, "said", 20), s2_content, "deny"),
        Statement("s3", source(TITLE, "Officials"), _span(TITLE, "say"),
                  _span(TITLE, '500 <b>troops</b> & "more" moved'), "assert", in_title=True),
    )
    q1, q2 = _span(BODY, "about 500"), _span(TITLE, "500")
    t1, t2 = _span(BODY, "Monday"), _span(CAPTION, "Monday")
    return Analysis(
        article=Article("hand-1", BODY, title=TITLE, outlet="Hand <Outlet>", captions=(CAPTION,),
                        url="javascript:alert(3)"),
        statements=statements,
        quantities=(Quantity("q1", q1.text, q1.start, q1.end, 500.0, approximate=True, qualifier="about"),
                    Quantity("q2", q2.text, q2.start, q2.end, 500.0, in_title=True)),
        times=(TimeRef("t1", t1.text, t1.start, t1.end, "DATE", "2024-11-04"),
               TimeRef("t2", t2.text, t2.start, t2.end, "DATE", "2024-11-04", caption=0)),
    )


def _fragments(root: Any, record: str, kind: str) -> list[Any]:
    return list(root.xpath(".//mark[@data-record=$r and @data-kind=$k]", r=record, k=kind))


def test_overlapping_highlights_nest_and_sit_on_their_offsets(
    store: SqlStore, settings: Settings, monkeypatch: pytest.MonkeyPatch,
) -> None:
    analysis = _hand_built()
    monkeypatch.setattr(queries, "get_analysis", lambda _store, article_id: analysis if article_id == "hand-1" else None)
    with TestClient(create_app(settings, store)) as client:
        response = client.get("/articles/hand-1", headers=HTML)
    assert response.status_code == 200
    doc = _doc(response.text)
    title, body = doc.get_element_by_id("article-title"), doc.xpath("//div[@class='article-body']")[0]
    caption = doc.xpath("//p[@class='caption']")[0]
    # The visible text is the article's, character for character (escaped markup shows as text).
    assert title.text_content() == TITLE
    assert [p.text_content() for p in body.xpath("./p")] == BODY.split("\n\n")
    assert caption.text_content() == CAPTION
    expected = [(body, s.id, kind, getattr(s, kind)) for s in analysis.statements[:2]
                for kind in ("source", "cue", "content")]
    expected += [(title, "s3", kind, getattr(analysis.statements[2], kind)) for kind in ("source", "cue", "content")]
    expected += [(body, "q1", "quantity", analysis.quantities[0]), (title, "q2", "quantity", analysis.quantities[1]),
                 (body, "t1", "time", analysis.times[0]), (caption, "t2", "time", analysis.times[1])]
    for root, record, kind, span in expected:
        fragments = _fragments(root, record, kind)
        assert fragments, (record, kind)
        assert "".join(f.text_content() for f in fragments) == span.text, (record, kind)
        assert [f.get("tabindex") for f in fragments] == ["0"] + [None] * (len(fragments) - 1)
        assert all(f.get("title") == f.get("data-info") and f.get("title") for f in fragments)
    # s2's content crosses the end of s1's: drawn as two fragments, the anchor on the first.
    s2 = _fragments(body, "s2", "content")
    assert len(s2) == 2 and s2[0].get("id") == "s-s2" and s2[1].get("id") is None
    # A quantity inside a content is nested in it; the content's anchor is on the content.
    q1 = _fragments(body, "q1", "quantity")[0]
    assert q1.getparent().get("id") == "s-s1" and q1.getparent().get("data-kind") == "content"
    assert _fragments(title, "q2", "quantity")[0].xpath("ancestor::mark[@id='s-s3']")
    assert sorted(doc.xpath("//mark/@id")) == ["s-s1", "s-s2", "s-s3"]
    assert doc.xpath("//ol[@class='side-statements']//a/@href") == ["#s-s3", "#s-s1", "#s-s2"]
    # Escaped, never markup: the article's tags do not exist as elements, and its javascript: address is no link.
    assert "<script>alert(1)</script>" not in response.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    assert not doc.xpath("//main//script | //main//b | //main//i | //main//textarea")
    assert not [h for h in doc.xpath("//a/@href") if h.lower().startswith("javascript")]
    assert "Hand <Outlet>" in doc.xpath("//article/p[@class='meta']")[0].text_content()
    assert "s2" in _fragments(body, "s2", "source")[0].get("data-info") and "denied" in s2[0].get("data-info")


def test_nodes_split_crossing_spans_into_nested_fragments() -> None:
    text = "abcdefghij"
    spans = [highlight.Span(0, 6, "content", "s1", "c"), highlight.Span(4, 9, "source", "s2", "s"),
             highlight.Span(2, 4, "quantity", "q1", "q"), highlight.Span(3, 3, "time", "t0", "empty")]
    tree = highlight.nodes(text, spans)

    def show(nodes: list[highlight.Node]) -> str:
        return "".join(n.text if isinstance(n, highlight.Text) else
                       f"[{n.span.record}{'' if n.first else '+'}:{show(n.children)}]" for n in nodes)

    assert show(tree) == "[s1:ab[q1:cd][s2:ef]][s2+:ghi]j"
    assert [m.span.record for m in highlight.records(tree)] == ["s1", "q1", "s2", "s2"]
    assert highlight.paragraphs("a\n\n b\n\n\nc \n") == [(0, 1), (4, 5), (8, 10)]


def test_only_web_addresses_become_links() -> None:
    assert safe_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    for bad in ("javascript:alert(3)", "JavaScript:alert(1)", "data:text/html,x", "//evil", "http://", None, ""):
        assert safe_url(bad) is None


# ---- charts ------------------------------------------------------------------------------------------------------


def _figure(day: str, value: float | None, unit: str | None = None, *, low: float | None = None,
            high: float | None = None, vague: bool = False) -> Figure:
    from datetime import date

    return Figure(date.fromisoformat(day), value, low, high, None, unit, vague, "x", None, None, None, "a", "s1")


def test_charts_plot_the_most_common_unit_and_leave_out_vague_amounts() -> None:
    figures = [_figure("2024-10-01", 100), _figure("2024-10-02", None, low=200, high=300),
               _figure("2024-10-03", None, low=200, vague=True), _figure("2024-10-04", 5, "km"),
               _figure("2024-10-05", 150)]
    plotted = charts.plottable(figures)
    assert plotted.unit is None and plotted.left_out == 2
    assert [p[0].isoformat() for p in plotted.points] == ["2024-10-01", "2024-10-02", "2024-10-05"]
    assert charts.plottable([_figure("2024-10-04", 5, "km"), _figure("2024-10-05", 6, "km"),
                             _figure("2024-10-06", 7)]).unit == "km"
    assert _png_size(charts.sparkline(figures)) == (160, 36)
    assert _png_size(charts.timeline(figures)) == (720, 300)
    assert charts.sparkline(figures) is charts.sparkline(list(figures))  # cached by what it plots
    assert charts.plottable([_figure("2024-10-03", None, low=200, vague=True)]).points == ()


def test_static_assets_are_served(client: TestClient) -> None:
    for asset, kind in (("dossier.css", "text/css"), ("dossier.js", "javascript"), ("favicon.svg", "image/svg")):
        response = client.get(f"/static/{asset}")
        assert response.status_code == 200 and kind in response.headers["content-type"], asset
    assert re.search(r"\.hl-content\b", client.get("/static/dossier.css").text)


def test_the_package_ships_one_template_per_page(tmp_path: Path) -> None:
    folder = Path(highlight.__file__).parent
    assert {p.name for p in (folder / "templates").glob("*.html")} >= {
        "base.html", "board.html", "claim.html", "articles.html", "article.html", "actors.html", "actor.html",
        "search.html", "events.html", "error.html"}
    for path in [*folder.rglob("*.py"), *folder.rglob("*.html"), *folder.rglob("*.css"), *folder.rglob("*.js")]:
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 600, path


def test_article_page_lists_its_events_each_linked_to_its_statement(client: TestClient) -> None:
    listed = client.get("/api/articles", params={"limit": 100}).json()["items"]
    records = [client.get(f"/api/articles/{a['id']}").json() for a in listed]
    with_events = [r for r in records if r["events"]]
    assert with_events
    for record in with_events:
        page = _doc(client.get(f"/articles/{record['article']['id']}", headers=HTML).text)
        items = page.xpath("//ol[@class='side-events']/li")
        assert [i.get("data-event") for i in items] == [e["id"] for e in record["events"]]
        for item, event in zip(items, record["events"], strict=True):
            assert item.xpath(".//span[contains(@class,'event-type')]")[0].text_content().startswith(event["type"])
            assert ("denied" in item.text_content()) == event["negated"]
            if event["statement"]:
                assert item.xpath(".//a/@href") == [f"#s-{event['statement']}"]


def test_events_page_lists_each_event_with_its_article_and_statement(client: TestClient) -> None:
    listed = client.get("/api/events", params={"type": "AID"}).json()["items"]
    assert listed
    doc = _doc(client.get("/events?type=AID", headers=HTML).text)
    items = doc.xpath("//ol[contains(@class,'events')]/li")
    assert [i.get("data-event") for i in items] == [h["event"]["id"] for h in listed]
    for item, hit in zip(items, listed, strict=True):
        links = item.xpath(".//a/@href")
        assert f"/articles/{hit['article']}#s-{hit['event']['statement']}" in links
        assert f"/articles/{hit['article']}" in links
    assert doc.xpath("//select[@id='f-type']/option[@selected]/@value") == ["AID"]
    assert client.get("/events?type=NOPE", headers=HTML).status_code == 422


def test_claim_page_lists_the_events_its_statements_report(client: TestClient) -> None:
    claims = client.get("/api/claims", params={"limit": 200}).json()["items"]
    shown = 0
    for listed in claims:
        events = client.get("/api/events", params={"claim": listed["id"], "limit": 200}).json()["items"]
        doc = _doc(client.get(f"/claims/{listed['id']}", headers=HTML).text)
        items = doc.xpath("//section[h2[@id='h-events']]//li[@class='event']")
        assert [i.get("data-event") for i in items] == [h["event"]["id"] for h in events][:20], listed["id"]
        shown += len(items)
    assert shown > 0

