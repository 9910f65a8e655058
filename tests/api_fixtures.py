"""What the API tests share: checking a body against the schema that ``/openapi.json`` documents for it, the one
error shape, upload bodies, and reading the list routes."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import date
from typing import Any, Protocol
from urllib.parse import quote

import jsonschema
from fastapi.testclient import TestClient
from referencing import Registry
from referencing.jsonschema import DRAFT202012

OPENAPI_URI = "urn:dossier:openapi"
ERROR_KEYS = {"status", "code", "message"}
Json = dict[str, Any]


class Answer(Protocol):
    """A response, from the test client (httpx2) or from httpx against a real server."""

    @property
    def status_code(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def headers(self) -> Mapping[str, str]: ...
    @property
    def request(self) -> Any: ...
    def json(self) -> Any: ...


def error(response: Answer, status: int, code: str | None = None) -> Json:
    assert response.status_code == status, (response.request.url, response.text)
    assert response.headers["content-type"].startswith("application/json")
    body: Json = response.json()
    assert set(body) == ERROR_KEYS and body["status"] == status
    assert isinstance(body["message"], str) and body["message"]
    if code is not None:
        assert body["code"] == code, body
    return body


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


SECURITY_HEADERS = {"content-security-policy", "x-content-type-options", "referrer-policy"}


def secured(response: Answer) -> None:
    """The security headers every response carries, errors included."""
    headers = response.headers
    assert SECURITY_HEADERS <= set(headers), (response.request.url, dict(headers))
    policy = headers["content-security-policy"]
    assert "default-src 'none'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"


def upload_files(body: bytes, name: str = "a.jsonl") -> dict[str, tuple[str, bytes, str]]:
    return {"files": (name, body, "application/jsonl")}


MULTIPART = {"Content-Type": "multipart/form-data; boundary=dossier-test-boundary"}


def multipart(size: int) -> Iterator[bytes]:
    """An upload form of one file of ``size`` bytes, streamed in chunks of 100 (so sent without Content-Length)."""
    yield b'--dossier-test-boundary\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n'
    yield b"Content-Type: text/plain\r\n\r\n"
    for _ in range(size // 100):
        yield b"Officials said troops arrived. " * 3 + b"1234567\n"
    yield b"\r\n--dossier-test-boundary--\r\n"


# --- reading the list routes ------------------------------------------------------------------------------

LIST_ROUTES = ("/api/claims", "/api/articles", "/api/statements", "/api/events", "/api/actors")


def get(client: TestClient, url: str, **params: Any) -> Any:
    response = client.get(url, params=params)
    assert response.status_code == 200, (url, params, response.text)
    assert response.headers["content-type"].startswith("application/json")
    return response.json()


def everything(client: TestClient, route: str, **params: Any) -> list[Json]:
    """Every item of a list route, in one big page."""
    page = get(client, route, limit=200, **params)
    assert page["next"] is None, f"{route} has more than 200 items; the test expects one page"
    items: list[Json] = page["items"]
    return items


def key(route: str) -> Callable[[Json], Any]:
    if route in ("/api/statements", "/api/events"):
        kind = route.removeprefix("/api/").removesuffix("s")
        return lambda item: (item["article"], item[kind]["id"])
    return lambda item: item["id"]


def ids(route: str, items: list[Json]) -> list[Any]:
    return [key(route)(item) for item in items]


def days(items: list[Json], field: str) -> list[date | None]:
    return [date.fromisoformat(i[field]) if i[field] else None for i in items]
