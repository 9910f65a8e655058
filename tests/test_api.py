"""The JSON API of ``dossier serve`` over a store of the sample articles: every route's shape as its OpenAPI
document says, pages that neither repeat nor skip, filters that filter, one error shape, validators, security
headers, the offline API docs, token-guarded uploads and a read-only store."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest
from fastapi.testclient import TestClient

from dossier.api.app import create_app
from dossier.errors import ConfigurationError, StoreError
from dossier.model import Analysis, Article, Fingerprint, ToStore
from dossier.pipeline import Analyzer
from dossier.settings import Settings
from dossier.store import SqlStore, open_store

from . import postgres
from .api_fixtures import (
    LIST_ROUTES,
    MULTIPART,
    SECURITY_HEADERS,
    Json,
    OpenApi,
    multipart,
    secured,
    upload_files,
)
from .api_fixtures import (
    days as _days,
)
from .api_fixtures import error as _error
from .api_fixtures import (
    everything as _everything,
)
from .api_fixtures import (
    get as _get,
)
from .api_fixtures import (
    ids as _ids,
)
from .conftest import SAMPLES
from .serving import LiveServer, build_store

TOKEN = "s3cret-token"


# --- fixtures: one sample store per database, built once for the module --------------------------------------


@pytest.fixture(scope="module")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory, analyzer: Analyzer, settings: Settings) -> str:
    return build_store(f"sqlite:///{tmp_path_factory.mktemp('api') / 'samples.db'}", analyzer, settings, [SAMPLES])


@pytest.fixture(scope="module")
def postgresql_url(request: pytest.FixtureRequest, analyzer: Analyzer, settings: Settings) -> str:
    server: str = request.getfixturevalue("postgres_server")
    url = postgres.new_database(server, f"api{uuid.uuid4().hex[:10]}")
    return build_store(url, analyzer, settings, [SAMPLES])


def _client(url: str, **overrides: Any) -> Iterator[TestClient]:
    # Opened as `dossier serve` opens it: by URL, when the app starts (read-only without a token).
    app = create_app(Settings.from_env(db=url, serve_token="", **overrides))
    with TestClient(app) as client:
        yield client


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def any_client(request: pytest.FixtureRequest) -> Iterator[TestClient]:
    """A client of the app over the sample store, on SQLite and on PostgreSQL."""
    yield from _client(request.getfixturevalue(f"{request.param}_url"))


@pytest.fixture(scope="module")
def client(sqlite_url: str) -> Iterator[TestClient]:
    yield from _client(sqlite_url)


@pytest.fixture(scope="module")
def spec(client: TestClient) -> OpenApi:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    return OpenApi(response.json())


# --- every route, its documented shape ------------------------------------------------------------------------


def test_every_read_route_answers_what_its_document_says(any_client: TestClient) -> None:
    spec = OpenApi(_get(any_client, "/openapi.json"))
    for route in LIST_ROUTES:
        page = _get(any_client, route)
        assert page["items"], f"{route} lists nothing over the samples"
        spec.check(page, route)
    claim = _get(any_client, "/api/claims")["items"][0]
    spec.check(_get(any_client, f"/api/claims/{claim['id']}"), "/api/claims/{claim_id}")
    article = _get(any_client, "/api/articles")["items"][0]
    record = _get(any_client, f"/api/articles/{article['id']}")
    assert record["article"]["id"] == article["id"]
    spec.check(record, "/api/articles/{article_id}")
    actor = _get(any_client, "/api/actors")["items"][0]
    profile = _get(any_client, f"/api/actors/{actor['id']}")
    assert profile["id"] == actor["id"] and profile["mentions"] == actor["mentions"]
    spec.check(profile, "/api/actors/{actor_id}")
    found = _get(any_client, "/api/search", q="troops")
    assert found["query"] == "troops" and found["articles"] and found["statements"] and found["claims"]
    spec.check(found, "/api/search")
    assert _get(any_client, "/api/search", q="   ") == {"query": "   ", "articles": [], "statements": [], "claims": []}


def test_every_claim_and_article_of_the_store_validates_against_the_contract(client: TestClient, spec: OpenApi) -> None:
    claim = spec.validator("/components/schemas/Claim")
    analysis = spec.validator("/components/schemas/Analysis")
    for listed in _everything(client, "/api/claims"):
        record = _get(client, f"/api/claims/{listed['id']}")
        claim.validate(record)
        assert record["id"] == listed["id"] and len(record["statements"]) == listed["statements"]
        assert (record["first_seen"], record["last_seen"]) == (listed["first_seen"], listed["last_seen"])
    for listed in _everything(client, "/api/articles"):
        analysis.validate(_get(client, f"/api/articles/{listed['id']}"))


# --- pages ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("route", LIST_ROUTES)
def test_pages_followed_to_the_end_neither_repeat_nor_skip(any_client: TestClient, route: str) -> None:
    whole = _everything(any_client, route)
    assert len(whole) > 3
    pages: list[list[Json]] = []
    after: str | None = None
    while True:
        page = _get(any_client, route, limit=3, **({"after": after} if after else {}))
        pages.append(page["items"])
        if page["next"] is None:
            break
        assert len(pages) <= len(whole), "the cursors never end"
        after = page["next"]
    assert all(len(p) == 3 for p in pages[:-1]) and 1 <= len(pages[-1]) <= 3
    paged = [item for p in pages for item in p]
    assert _ids(route, paged) == _ids(route, whole)
    assert len(set(_ids(route, paged))) == len(paged)
    assert paged == whole


def test_a_filtered_list_pages_within_its_filter(any_client: TestClient) -> None:
    whole = _everything(any_client, "/api/statements", stance="assert")
    paged: list[Json] = []
    after: str | None = None
    while True:
        page = _get(any_client, "/api/statements", stance="assert", limit=4, **({"after": after} if after else {}))
        paged += page["items"]
        if (after := page["next"]) is None:
            break
    assert paged == whole


# --- filters ----------------------------------------------------------------------------------------------------


def test_claims_filtered_by_status_dates_words_and_actor(any_client: TestClient) -> None:
    route = "/api/claims"
    board = _everything(any_client, route)
    statuses = {c["status"] for c in board}
    assert len(statuses) >= 2, statuses
    for status in statuses - {None}:
        assert _everything(any_client, route, status=status) == [c for c in board if c["status"] == status]
    seen = sorted({d for d in _days(board, "last_seen") if d is not None})
    since, until = seen[len(seen) // 4], seen[3 * len(seen) // 4]
    expected = [c for c, d in zip(board, _days(board, "last_seen"), strict=True) if d is not None and since <= d <= until]
    assert 0 < len(expected) < len(board)
    assert _everything(any_client, route, since=since.isoformat(), until=until.isoformat()) == expected
    # `about`: words in one of the claim's statements (any case), or a country code named in one
    about = _everything(any_client, route, about="KURSK")
    assert 0 < len(about) < len(board)
    for listed in about:
        record = _get(any_client, f"{route}/{listed['id']}")
        assert any("kursk" in s["text"].lower() for s in record["statements"]), record
    by_code = _everything(any_client, route, about="prk")
    assert by_code and all("PRK" in _get(any_client, f"{route}/{c['id']}")["about"] for c in by_code)
    # `actor`: an actor as a source of the claim or named in it
    peskov = _everything(any_client, route, actor="person:dmitry-peskov")
    assert 0 < len(peskov) < len(board)
    for listed in peskov:
        record = _get(any_client, f"{route}/{listed['id']}")
        assert any("peskov" in (s["source"] or "").lower() or "peskov" in s["text"].lower()
                   for s in record["statements"]), record
    assert _everything(any_client, route, actor="person:nobody-at-all") == []


def test_articles_filtered_by_outlet_dates_and_words(any_client: TestClient) -> None:
    route = "/api/articles"
    listed = _everything(any_client, route)
    outlet = next(a["outlet"] for a in listed if a["outlet"])
    expected = [a for a in listed if a["outlet"] == outlet]
    assert 0 < len(expected) < len(listed)
    assert _everything(any_client, route, outlet=outlet) == expected
    published = _days(listed, "published")
    dated = sorted({d for d in published if d is not None})
    since, until = dated[len(dated) // 4], dated[3 * len(dated) // 4]
    window = [a for a, d in zip(listed, published, strict=True) if d is not None and since <= d <= until]
    assert 0 < len(window) < len(listed)
    assert _everything(any_client, route, since=since.isoformat(), until=until.isoformat()) == window
    assert _everything(any_client, route, since=since.isoformat()) == [
        a for a, d in zip(listed, published, strict=True) if d is not None and d >= since]
    texts = {a["id"]: _get(any_client, f"{route}/{a['id']}")["article"] for a in listed}
    words = _everything(any_client, route, q="Pyongyang")
    assert 0 < len(words) < len(listed)
    assert {a["id"] for a in words} == {
        i for i, a in texts.items() if "pyongyang" in (a["body"] + " " + (a["title"] or "")).lower()}


def test_statements_filtered_by_actor_stance_words_and_dates(any_client: TestClient) -> None:
    route = "/api/statements"
    everything = _everything(any_client, route)
    stances = {s["statement"]["stance"] for s in everything}
    assert {"assert", "deny"} <= stances
    for stance in stances:
        assert _everything(any_client, route, stance=stance) == [
            s for s in everything if s["statement"]["stance"] == stance]
    actor = "person:dmitry-peskov"
    expected = [s for s in everything if ((s["statement"]["source"] or {}).get("actor") or {}).get("id") == actor]
    assert 0 < len(expected) < len(everything)
    assert _everything(any_client, route, actor=actor) == expected
    words = _everything(any_client, route, q="KURSK")
    assert words == [s for s in everything if "kursk" in s["statement"]["content"]["text"].lower()
                     or "kursk" in ((s["statement"]["source"] or {}).get("text") or "").lower()]
    assert 0 < len(words) < len(everything)
    about = _everything(any_client, route, about="country:UKR")
    assert 0 < len(about) < len(everything)
    assert all(a in everything for a in about)
    published = _days(everything, "published")
    dated = sorted({d for d in published if d is not None})
    since, until = dated[len(dated) // 3], dated[2 * len(dated) // 3]
    assert _everything(any_client, route, since=since.isoformat(), until=until.isoformat()) == [
        s for s, d in zip(everything, published, strict=True) if d is not None and since <= d <= until]


def test_events_filtered_by_type_country_side_and_dates(any_client: TestClient) -> None:
    route = "/api/events"
    everything = _everything(any_client, route)
    assert len(types := {e["event"]["type"] for e in everything}) > 1
    for kind in types:
        assert _everything(any_client, route, type=kind) == [e for e in everything if e["event"]["type"] == kind]
    assert "PRK" in {c for e in everything for c in e["event"]["source"]}
    for side in ("source", "target"):
        assert _everything(any_client, route, code="PRK", side=side) == [
            e for e in everything if "PRK" in e["event"][side]]
    assert _everything(any_client, route, code="prk") == [
        e for e in everything if "PRK" in e["event"]["source"] + e["event"]["target"]]
    published = _days(everything, "published")
    since = sorted(d for d in published if d is not None)[len(everything) // 2]
    assert _everything(any_client, route, since=since.isoformat()) == [
        e for e, d in zip(everything, published, strict=True) if d is not None and since <= d]
    for claim in _everything(any_client, "/api/claims")[:10]:  # events whose statement is one of the claim's
        record = _get(any_client, f"/api/claims/{claim['id']}")
        carried = {(s["article"], s["statement"]) for s in record["statements"]}
        assert _everything(any_client, route, claim=claim["id"]) == [
            e for e in everything if (e["article"], e["event"]["statement"]) in carried]


def test_actors_filtered_by_words_code_and_kind(any_client: TestClient) -> None:
    route = "/api/actors"
    everyone = _everything(any_client, route)
    assert _everything(any_client, route, code="rus") == [a for a in everyone if a["code"] == "RUS"]
    assert _everything(any_client, route, kind="person") == [a for a in everyone if a["kind"] == "person"]
    named = _everything(any_client, route, q="KOREA")
    assert named and named == [a for a in everyone if "korea" in a["name"].lower()]


# --- one error shape --------------------------------------------------------------------------------------------


def test_not_found_is_the_error_shape(client: TestClient, spec: OpenApi) -> None:
    for url in ("/api/claims/c999999", "/api/claims/x1", "/api/claims/c", "/api/articles/no-such-article",
                "/api/actors/person:nobody"):
        body = _error(client.get(url), 404, "not_found")
        spec.check(body, url.rsplit("/", 1)[0] + ("/{claim_id}" if "claims" in url else
                                                   "/{article_id}" if "articles" in url else "/{actor_id}"), 404)
    for url in ("/api/nothing-here", "/nothing-here", "/api", "/static/no-such-file.css", "/assets/docs/nope.js"):
        _error(client.get(url), 404, "not_found")


def test_invalid_parameters_are_422_with_every_problem_named(client: TestClient, spec: OpenApi) -> None:
    for query in ("limit=0", "limit=201", "limit=ten", "since=2024-13-45", "until=yesterday", "status=rumoured",
                  "after=" + "x" * 501):
        body = _error(client.get(f"/api/claims?{query}"), 422, "invalid_request")
        assert query.split("=")[0] in body["message"], body
        spec.check(body, "/api/claims", 422)
    body = _error(client.get("/api/statements?limit=0&since=2024-02-30&stance=maybe"), 422)
    assert all(name in body["message"] for name in ("limit", "since", "stance")), body
    _error(client.get("/api/search"), 422)  # q is required
    _error(client.get("/api/search?q=x&limit=51"), 422)


def _cursors(client: TestClient) -> dict[str, str]:
    cursors = {route: _get(client, route, limit=2)["next"] for route in LIST_ROUTES}
    assert all(cursors.values())
    return cursors


NUL_PARAMETERS = ["/api/search?q=%00z", "/api/articles?q=x%00y", "/api/statements?q=%00", "/api/claims?about=%00",
                  "/api/claims?actor=%00", "/api/actors?q=%00", "/api/articles?outlet=%00", "/api/actors/%00",
                  "/api/articles/%00", "/articles/%00", "/?about=%00"]


@pytest.mark.parametrize("url", NUL_PARAMETERS)
def test_a_nul_in_a_parameter_is_422_on_either_database(any_client: TestClient, url: str) -> None:
    # PostgreSQL refuses NUL in any text and SQLite's full-text syntax in a phrase: it never reaches them.
    body = _error(any_client.get(url), 422, "invalid_request")
    assert "NUL" in body["message"]


def test_a_cursor_not_given_out_by_that_list_is_400(client: TestClient) -> None:
    cursors = _cursors(client)
    # Every list's cursor names its list: the board's (last seen, claim) has the shape of the articles'
    # (published, seq), and is still refused there.
    foreign = [(route, cursors[other]) for route in LIST_ROUTES for other in LIST_ROUTES if other != route]
    for route, cursor in [*foreign, ("/api/claims", "not-a-cursor"), ("/api/articles", "W10"), ("/api/claims", "%%%"),
                          ("/api/actors", "WzEsIDJd"), ("/api/statements", "bnVsbA")]:
        body = _error(client.get(route, params={"after": cursor}), 400, "bad_request")
        assert "first page" in body["message"]


def test_a_method_a_route_does_not_answer_is_405(client: TestClient) -> None:
    for method, url in (("POST", "/api/claims"), ("DELETE", "/api/articles/x"), ("PUT", "/api/actors"),
                        ("GET", "/api/ingest"), ("PATCH", "/api/search")):
        _error(client.request(method, url), 405, "method_not_allowed")


@pytest.fixture(scope="module")
def small_bodies(sqlite_url: str) -> Iterator[TestClient]:
    """A server that accepts bodies of at most 1,000 bytes, with uploads on."""
    app = create_app(Settings.from_env(db=sqlite_url, serve_token=TOKEN, max_request_bytes=1000))
    with TestClient(app) as client:
        yield client


def test_a_body_declared_over_the_limit_is_413(small_bodies: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    declared = small_bodies.post("/api/ingest", files=upload_files(b"x" * 2000), headers=auth)
    _error(declared, 413, "request_too_large")
    assert SECURITY_HEADERS <= set(declared.headers)
    _error(small_bodies.post("/api/ingest", content=b"1", headers={"Content-Length": "12x"}), 413)
    _error(small_bodies.get("/api/claims", headers={"Content-Length": "5000"}), 413)
    # a body within the limit still reaches the route (here: not a form, so 422)
    _error(small_bodies.post("/api/ingest", content=b"{}", headers=auth | {"Content-Type": "application/json"}), 422)


def test_a_body_streamed_over_the_limit_is_413(small_bodies: TestClient) -> None:
    streamed = small_bodies.post("/api/ingest", content=multipart(2000),
                                 headers={"Authorization": f"Bearer {TOKEN}"} | MULTIPART)
    assert "content-length" not in {k.lower() for k in streamed.request.headers}
    assert SECURITY_HEADERS <= set(streamed.headers)
    _error(streamed, 413, "request_too_large")


def test_a_chunked_body_over_the_limit_is_413_on_a_real_server(sqlite_url: str) -> None:
    """Over HTTP/1.1 with ``Transfer-Encoding: chunked`` (no Content-Length), through uvicorn."""
    live = LiveServer(create_app(Settings.from_env(db=sqlite_url, serve_token=TOKEN, max_request_bytes=1000)))
    live.start()
    try:
        with httpx.Client(base_url=live.url, timeout=10) as http:
            response = http.post("/api/ingest", content=multipart(5000),
                                 headers={"Authorization": f"Bearer {TOKEN}"} | MULTIPART)
            assert response.request.headers.get("transfer-encoding") == "chunked"
            _error(response, 413, "request_too_large")
            assert http.get("/api/claims", params={"limit": 1}).status_code == 200  # the server still serves
    finally:
        live.stop()


# --- validators -------------------------------------------------------------------------------------------------


def test_an_etag_the_client_has_is_answered_304(client: TestClient) -> None:
    claim = _get(client, "/api/claims", limit=1)["items"][0]["id"]
    article = _get(client, "/api/articles", limit=1)["items"][0]["id"]
    for url in ("/api/claims?limit=5", f"/api/claims/{claim}", f"/api/articles/{article}", "/api/actors",
                "/openapi.json"):
        first = client.get(url)
        tag = first.headers["etag"]
        assert first.status_code == 200 and tag.startswith('W/"')
        assert client.get(url).headers["etag"] == tag  # stable while the store is unchanged
        cached = client.get(url, headers={"If-None-Match": tag})
        assert cached.status_code == 304 and cached.content == b"" and cached.headers["etag"] == tag
        assert SECURITY_HEADERS <= set(cached.headers)
        assert client.get(url, headers={"If-None-Match": f'"other", {tag}'}).status_code == 304
        assert client.get(url, headers={"If-None-Match": 'W/"other"'}).status_code == 200
    assert client.get("/api/claims?limit=5").headers["etag"] != client.get("/api/claims?limit=6").headers["etag"]
    missing = client.get("/api/claims/c999999", headers={"If-None-Match": "*"})
    assert missing.status_code == 404 and "etag" not in missing.headers


# --- security headers and the docs ------------------------------------------------------------------------------

def test_security_headers_on_every_response_errors_included(client: TestClient) -> None:
    claim = _get(client, "/api/claims", limit=1)["items"][0]["id"]
    responses = [client.get(url) for url in (
        "/api/claims", f"/api/claims/{claim}", "/api/articles", "/api/statements", "/api/events", "/api/actors",
        "/api/search?q=x",
        "/openapi.json", "/docs", "/assets/docs/swagger-ui.css", "/api/claims/c999999", "/nowhere",
        "/api/claims?limit=0", "/api/claims?after=nope")]
    responses += [client.post("/api/claims"), client.post("/api/ingest", files=upload_files(b"{}")),
                  client.get("/nowhere", headers={"Accept": "text/html"})]
    assert {r.status_code for r in responses} >= {200, 400, 403, 404, 405, 422}
    for response in responses:
        secured(response)


def test_the_docs_load_everything_from_this_server(client: TestClient) -> None:
    docs = client.get("/docs")
    assert docs.status_code == 200 and docs.headers["content-type"].startswith("text/html")
    secured(docs)
    page = docs.text
    assert "http://" not in page and "https://" not in page and "//cdn" not in page
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert assets and all(a.startswith("/assets/docs/") for a in assets), assets
    for asset in assets:
        loaded = client.get(asset)
        assert loaded.status_code == 200 and loaded.content, asset
    assert "url: '/openapi.json'" in page
    # its one inline script is allowed by its hash, and only that
    scripts = re.findall(r"<script>(.*?)</script>", page, flags=re.DOTALL)
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    assert f"'sha256-{digest}'" in docs.headers["content-security-policy"]
    assert "sha256-" not in client.get("/api/claims").headers["content-security-policy"]


# --- the OpenAPI document ---------------------------------------------------------------------------------------


def test_the_openapi_document_holds_the_contract(spec: OpenApi) -> None:
    document = spec.document
    assert document["openapi"].startswith("3.1")
    assert set(document["paths"]) == {
        "/api/claims", "/api/claims/{claim_id}", "/api/articles", "/api/articles/{article_id}", "/api/statements",
        "/api/events", "/api/actors", "/api/actors/{actor_id}", "/api/search", "/api/ingest"}
    schemas = document["components"]["schemas"]
    assert {"Error", "Claim", "Analysis", "ClaimPage", "ArticlePage", "StatementPage", "ActorPage", "SearchOut",
            "IngestOut", "ActorProfileOut"} <= set(schemas)
    assert schemas["Error"]["required"] == ["status", "code", "message"]
    refs: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("$ref"), str):
                refs.append(node["$ref"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(document)
    assert refs and all(r.startswith("#/components/schemas/") for r in refs), [r for r in refs if "#/comp" not in r]
    assert {r.removeprefix("#/components/schemas/") for r in refs} <= set(schemas)
    for schema in schemas.values():
        jsonschema.Draft202012Validator.check_schema(schema)
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            assert "200" in operation["responses"], (method, path)
            for status, answer in operation["responses"].items():
                if status != "200":
                    assert answer["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
            if path != "/api/ingest":
                assert {"404", "422"} <= set(operation["responses"]), path


# --- uploads ----------------------------------------------------------------------------------------------------


def _upload_lines() -> bytes:
    """Two small, different articles as JSON Lines (what ``dossier ingest`` reads)."""
    items = [
        {"id": "upload-1", "outlet": "Upload Wire", "published": "2024-11-02", "title": "Ministry reports troops",
         "text": "The defence ministry said on Saturday that 2,000 troops had arrived in the border region last week. "
                 "Officials denied that any soldiers had been wounded."},
        {"id": "upload-2", "outlet": "Upload Wire", "published": "2024-11-03", "title": "Talks resume in Geneva",
         "text": "Negotiators met in Geneva on Sunday, a spokesman for the foreign ministry said, and agreed to "
                 "meet again within a month to discuss grain exports and prisoner exchanges."},
    ]
    return "".join(json.dumps(item) + "\n" for item in items).encode()


def test_uploads_are_off_without_a_token(client: TestClient) -> None:
    body = _error(client.post("/api/ingest", files=upload_files(_upload_lines()),
                              headers={"Authorization": f"Bearer {TOKEN}"}), 403, "uploads_off")
    assert "read-only" in body["message"]


@pytest.fixture(scope="module")
def uploads(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """A server with uploads on, over a new empty store."""
    url = f"sqlite:///{tmp_path_factory.mktemp('uploads') / 'uploads.db'}"
    open_store(url).close()
    yield from _client_with_token(url)


def _client_with_token(url: str) -> Iterator[TestClient]:
    app = create_app(Settings.from_env(db=url, serve_token=TOKEN))
    with TestClient(app) as client:
        yield client


def test_an_upload_needs_the_token(uploads: TestClient, spec: OpenApi) -> None:
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN + "x"},
                    {"Authorization": "Basic " + TOKEN}, {"Authorization": f"Bearer {TOKEN[:-1]}"}):
        body = _error(uploads.post("/api/ingest", files=upload_files(_upload_lines()), headers=headers), 401, "unauthorized")
        spec.check(body, "/api/ingest", 401, "post")
    assert _get(uploads, "/api/articles")["items"] == []


def test_an_upload_with_the_token_is_stored_once(uploads: TestClient, spec: OpenApi) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    first = uploads.post("/api/ingest", files=upload_files(_upload_lines(), "../../etc/wire.jsonl"), headers=headers)
    assert first.status_code == 200, first.text
    spec.check(first.json(), "/api/ingest", 200, "post")
    assert first.json()["outcomes"] == {"stored": 2, "duplicate": 0, "rejected": 0, "failed": 0}
    items = first.json()["items"]
    assert all(i["source"].startswith("upload/wire.jsonl") for i in items), items  # the name, not its path
    stored = {i["article_id"] for i in items}
    listed = _everything(uploads, "/api/articles")
    assert {a["id"] for a in listed} == stored
    again = uploads.post("/api/ingest", files=upload_files(_upload_lines()), headers=headers)
    assert again.status_code == 200, again.text
    assert again.json()["outcomes"] == {"stored": 0, "duplicate": 2, "rejected": 0, "failed": 0}
    assert _everything(uploads, "/api/articles") == listed
    bad = uploads.post("/api/ingest", files=upload_files(b'{"id": "x", "text": ""}\nnot json\n'), headers=headers)
    assert bad.status_code == 200 and bad.json()["outcomes"]["stored"] == 0
    assert bad.json()["outcomes"]["rejected"] + bad.json()["outcomes"]["failed"] >= 1


# --- a read-only store ------------------------------------------------------------------------------------------


def _a_write(store: SqlStore) -> None:
    article = Article("written-by-a-test", "This should never be stored.", title="Nope")
    store.save([ToStore(Analysis(article), Fingerprint("written-by-a-test"))])


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_without_a_token_the_server_opens_the_store_read_only(request: pytest.FixtureRequest, kind: str) -> None:
    url: str = request.getfixturevalue(f"{kind}_url")
    app = create_app(Settings.from_env(db=url, serve_token=""))
    with TestClient(app) as client:
        store: SqlStore = app.state.store
        assert store.read_only
        before = _get(client, "/api/articles", limit=200)
        with pytest.raises(StoreError):
            _a_write(store)
        assert _get(client, "/api/articles", limit=200) == before
    with_token = create_app(Settings.from_env(db=url, serve_token=TOKEN))
    with TestClient(with_token):
        assert not with_token.state.store.read_only


def test_opening_read_only_needs_a_dossier_database(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    with pytest.raises(ConfigurationError, match="no readable dossier database"):
        open_store(f"sqlite:///{missing}", read_only=True)
    assert not missing.exists()  # nothing created
    empty = tmp_path / "empty.db"
    empty.touch()
    with pytest.raises(ConfigurationError, match="schema version 0.*dossier ingest"):
        open_store(f"sqlite:///{empty}", read_only=True)
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (text TEXT)")
    conn.close()
    with pytest.raises(ConfigurationError, match="schema version 0"):
        open_store(f"sqlite:///{other}", read_only=True)
    assert empty.stat().st_size == 0  # and nothing written into it
    app = create_app(Settings.from_env(db=f"sqlite:///{missing}", serve_token=""))
    with pytest.raises(ConfigurationError, match="no readable dossier database"), TestClient(app):
        pass
