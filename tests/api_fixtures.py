"""What the API tests share: a store of the sample articles, and checking a body against the schema that
``/openapi.json`` documents for it."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import jsonschema
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from dossier.ingest import read_articles
from dossier.ingestion import Ingestor
from dossier.pipeline import Analyzer
from dossier.settings import Settings
from dossier.store import open_store

from .conftest import SAMPLES

OPENAPI_URI = "urn:dossier:openapi"
ERROR_KEYS = {"status", "code", "message"}


def build_sample_store(url: str, analyzer: Analyzer, settings: Settings) -> str:
    """The sample articles ingested into the (new, empty) database at ``url``; returns the URL."""
    store = open_store(url)
    try:
        outcomes = Ingestor(store, analyzer, settings).run(read_articles([str(SAMPLES)], settings.limits))
    finally:
        store.close()
    assert outcomes["stored"] >= 15 and not outcomes["failed"], outcomes
    return url


class OpenApi:
    """An OpenAPI document, able to validate a body against any schema in it (``$ref``s resolved inside it)."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        # No "$schema" in an OpenAPI document: its schemas are JSON Schema 2020-12 (OpenAPI 3.1).
        self.registry: Registry[Any] = Registry().with_resource(OPENAPI_URI, DRAFT202012.create_resource(document))

    def validator(self, pointer: str) -> jsonschema.Draft202012Validator:
        """A validator for the schema at this JSON pointer of the document (``/components/schemas/Claim``)."""
        reference = OPENAPI_URI + "#" + quote(pointer, safe="/~")
        return jsonschema.Draft202012Validator({"$ref": reference}, registry=self.registry)

    def response_pointer(self, path: str, status: int, method: str = "get") -> str:
        """The pointer to the JSON schema documented for this route's answer with this status."""
        operation = self.document["paths"][path][method]
        assert str(status) in operation["responses"], f"{method.upper()} {path} does not document {status}"
        escaped = path.replace("~", "~0").replace("/", "~1")
        return f"/paths/{escaped}/{method}/responses/{status}/content/application~1json/schema"

    def check(self, body: Any, path: str, status: int = 200, method: str = "get") -> None:
        """Fails with every violation when ``body`` is not what the document says this route answers."""
        errors = sorted(self.validator(self.response_pointer(path, status, method)).iter_errors(body), key=str)
        assert not errors, f"{method.upper()} {path} {status}: " + "; ".join(
            f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:5])
