"""One error shape for every error the server answers, JSON or page: ``{"status", "code", "message"}``.

dossier's own exceptions are mapped here, at the boundary: a bad value (``ConfigurationError``) is 400, a
database failure (``StoreError``) 503; FastAPI's validation errors are 422 with every problem in the message;
anything unexpected is 500 with a message that reveals nothing of the server."""

from __future__ import annotations

import logging
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from dossier.errors import ConfigurationError, DossierError, StoreError

log = logging.getLogger("dossier.api")

ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["status", "code", "message"],
    "properties": {
        "status": {"type": "integer", "description": "The HTTP status, repeated."},
        "code": {"type": "string", "description": "A stable name for the kind of error, e.g. `not_found`."},
        "message": {"type": "string", "description": "What went wrong and what to do, for a person."},
    },
}


# Codes for the statuses the framework raises, fixed here rather than taken from phrases that vary by Python version.
_CODES = {404: "not_found", 405: "method_not_allowed", 413: "request_too_large"}


class ApiError(Exception):
    """An error a route answers on purpose."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def not_found(what: str) -> ApiError:
    return ApiError(404, "not_found", f"{what} is not in this store")


def error_body(status: int, code: str, message: str) -> dict[str, Any]:
    return {"status": status, "code": code, "message": message}


def install(app: FastAPI, render: Callable[[Request, dict[str, Any]], Response]) -> None:
    """Map every error to the shape; ``render(request, body)`` answers it (a JSON or an HTML response)."""

    async def api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return render(request, error_body(exc.status, exc.code, exc.message))

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        status = HTTPStatus(exc.status_code)
        code = _CODES.get(exc.status_code) or status.phrase.lower().replace(" ", "_").replace("-", "_")
        message = exc.detail if isinstance(exc.detail, str) else status.description
        response = render(request, error_body(exc.status_code, code, message))
        response.headers.update(exc.headers or {})
        return response

    async def invalid(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        return render(request, error_body(422, "invalid_request", problems or "the request is not valid"))

    async def dossier_error(request: Request, exc: Exception) -> Response:
        if isinstance(exc, ConfigurationError):
            return render(request, error_body(400, "bad_request", str(exc)))
        if isinstance(exc, StoreError):
            log.error("store error: %s", exc)
            return render(request, error_body(503, "store_unavailable", "the database failed to answer; try again"))
        return await unexpected(request, exc)

    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path, exc_info=exc)
        return render(request, error_body(500, "internal_error", "the server failed; the error is in its log"))

    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(DossierError, dossier_error)
    app.add_exception_handler(Exception, unexpected)


def json_error(body: dict[str, Any]) -> JSONResponse:
    return JSONResponse(body, status_code=body["status"])
