"""schemathesis against ``/openapi.json`` over a store of the sample articles: generated requests to every read
route (valid and invalid), each answer checked against the document (no 5xx, the documented status, content type
and schema). Bounded: a few dozen examples a route, no deadline. ``POST /api/ingest`` is left out: it runs the
pipeline and writes, and ``tests/test_api.py`` tests it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import Case, GenerationMode
from schemathesis.core.result import Ok
from schemathesis.schemas import BaseSchema
from schemathesis.specs.openapi.checks import positive_data_acceptance

from dossier.api.app import create_app
from dossier.pipeline import Analyzer
from dossier.settings import Settings
from dossier.store import open_store

from .conftest import SAMPLES
from .serving import build_store


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, analyzer: Analyzer, settings: Settings) -> Iterator[FastAPI]:
    url = build_store(f"sqlite:///{Path(tmp_path_factory.mktemp('schema')) / 'samples.db'}", analyzer, settings,
                      [SAMPLES])
    store = open_store(url, read_only=True)  # as `dossier serve` opens it without a token
    application = create_app(Settings.from_env(db=url, serve_token=""), store=store)
    try:
        with TestClient(application):  # runs the start-up, which puts the store on the app's state
            yield application
    finally:
        store.close()


@pytest.fixture(scope="module")
def api(app: FastAPI) -> BaseSchema:
    loaded = schemathesis.openapi.from_asgi("/openapi.json", app).exclude(path="/api/ingest")
    # A NUL in any parameter is refused by design (422: no database stores one; test_api.py tests it), which the
    # document's plain "string" cannot say: generated strings keep NUL out so that valid data stays valid.
    loaded.config.generation.update(allow_x00=False)
    return loaded


# Every operation but the upload. (schemathesis' own pytest loaders, ``schemathesis.pytest.from_fixture`` with
# ``@schema.parametrize()``, fail on pytest 9: they read ``request.node._nodeid``, which pytest 9 no longer has; so
# each operation is driven here through its Hypothesis strategy, as schemathesis documents for `@given` tests.)
OPERATIONS = ["/api/claims", "/api/claims/{claim_id}", "/api/articles", "/api/articles/{article_id}",
              "/api/statements", "/api/events", "/api/actors", "/api/actors/{actor_id}", "/api/search"]
BOUNDED = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None,
                   phases=[Phase.explicit, Phase.generate])


def test_every_operation_is_fuzzed(api: BaseSchema) -> None:
    found = set()
    for operation in api.get_all_operations():
        assert isinstance(operation, Ok), operation
        found.add(operation.ok().path)
    assert found == set(OPERATIONS)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=str)
@pytest.mark.parametrize("path", OPERATIONS)
def test_the_api_answers_as_its_document_says(api: BaseSchema, path: str, mode: GenerationMode) -> None:
    """No 5xx, and every answer (data or error) with a documented status, content type and schema."""
    operation = api[path]["GET"]

    @given(case=operation.as_strategy(generation_mode=mode))
    @BOUNDED
    def run(case: Case[Any]) -> None:
        query = case.query or {}
        response = case.call()
        if mode is GenerationMode.POSITIVE and "after" in query:
            # A cursor is opaque: the document can say only "a string", so a made-up one is schema-valid, and the
            # server answers it with the documented 400 (start from the first page). Every other check runs.
            case.validate_response(response, excluded_checks=[positive_data_acceptance])
            if response.status_code == 400:
                assert response.json()["message"].startswith("cursor "), response.text
        else:
            case.validate_response(response)

    run()


@pytest.mark.parametrize(("path", "listing"), [("/api/claims/{claim_id}", "/api/claims"),
                                                ("/api/articles/{article_id}", "/api/articles"),
                                                ("/api/actors/{actor_id}", "/api/actors")])
def test_records_that_exist_answer_as_documented(app: FastAPI, api: BaseSchema, path: str, listing: str) -> None:
    """Generated ids are mostly not in the store (404): these requests ask for ones that are."""
    with TestClient(app) as client:
        ids = [item["id"] for item in client.get(listing, params={"limit": 200}).json()["items"]]
    assert ids
    name = path.rsplit("{", 1)[1].rstrip("}")
    for found in ids[:10]:
        case = api[path]["GET"].Case(path_parameters={name: found})
        response = case.call_and_validate()
        assert response.status_code == 200, (found, response.text[:200])


@pytest.mark.parametrize("url", ["/api/articles?until=0", "/api/claims?since=0.0", "/api/statements?until=86400"])
def test_a_date_must_be_an_iso_date(app: FastAPI, url: str) -> None:
    with TestClient(app) as client:
        assert client.get(url).status_code == 422
