"""The ASGI application of ``dossier serve``: the JSON API (``/api``), the web pages, the API docs (``/docs``,
``/openapi.json``), one error shape and the security headers, over one store opened read-only unless uploads
are on."""

from __future__ import annotations

import base64
import hashlib
import re
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from importlib.resources import files
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

import dossier
from dossier.api import errors, openapi, routes, upload
from dossier.api.errors import ApiError
from dossier.api.middleware import BodyLimit, ETags, SecurityHeaders
from dossier.ingestion import Ingestor
from dossier.settings import Settings
from dossier.store import SqlStore, Store, open_store
from dossier.web import pages

_DOCS_ASSETS = "/assets/docs"


def create_app(settings: Settings, store: Store | None = None) -> FastAPI:
    """The application over ``store``, or over ``settings.db`` opened when it starts (read-only unless
    ``settings.serve_token`` turns uploads on)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        opened = store is None
        app.state.store = store if store is not None else open_store(settings.db, read_only=not settings.serve_token)
        try:
            yield
        finally:
            if opened:
                app.state.store.close()

    app = FastAPI(
        title="dossier", version=dossier.__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
        dependencies=[Depends(_refuse_nul)],
        description="Claims, statements, articles and actors from a dossier store. Every error has one shape: "
                    "`{status, code, message}`. Lists are pages: pass `next` back as `after`.",
    )
    app.state.settings = settings
    app.state.ingestor = _ingestor_factory(app, settings)
    errors.install(app, _render_error)
    app.include_router(routes.router)
    app.include_router(upload.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=str(files("dossier.web").joinpath("static"))), name="static")
    app.mount(_DOCS_ASSETS, StaticFiles(directory=_swagger_assets()), name="docs-assets")
    app.openapi = lambda: openapi.openapi(app)  # type: ignore[method-assign]
    _add_docs(app)
    app.add_middleware(ETags)
    app.add_middleware(BodyLimit, limit=settings.max_request_bytes)
    app.add_middleware(SecurityHeaders)
    return app


def _refuse_nul(request: Request) -> None:
    """A NUL character in a parameter is a 422: no database stores one (PostgreSQL refuses it in any text, SQLite's
    full-text syntax in a phrase), and no name, word or id holds one."""
    for name, value in [*request.path_params.items(), *request.query_params.multi_items()]:
        if isinstance(value, str) and "\x00" in value:
            raise ApiError(422, "invalid_request", f"{name}: a NUL character is not allowed")


def _render_error(request: Request, body: dict[str, Any]) -> Response:
    """JSON for the API and for ``?format=json``; a page for a person's browser."""
    wants_page = (not request.url.path.startswith("/api") and request.query_params.get("format") != "json"
                  and "text/html" in request.headers.get("accept", ""))
    return pages.error_page(request, body) if wants_page else errors.json_error(body)


def _ingestor_factory(app: FastAPI, settings: Settings) -> Callable[[], Ingestor]:
    """The pipeline is loaded on the first upload, not at start: a read-only server never needs it."""
    loaded: list[Ingestor] = []
    lock = threading.Lock()

    def get() -> Ingestor:
        with lock:
            if not loaded:
                from dossier.pipeline import Analyzer

                store: SqlStore = app.state.store
                loaded.append(Ingestor(store, Analyzer.from_settings(settings), settings))
            return loaded[0]

    return get


def _swagger_assets() -> str:
    # Swagger UI's files as the fastapi-offline package ships them: nothing is fetched from a CDN.
    import fastapi_offline

    return str(files(fastapi_offline).joinpath("static"))


def _add_docs(app: FastAPI) -> None:
    html = get_swagger_ui_html(
        openapi_url="/openapi.json", title="dossier API", swagger_js_url=f"{_DOCS_ASSETS}/swagger-ui-bundle.js",
        swagger_css_url=f"{_DOCS_ASSETS}/swagger-ui.css", swagger_favicon_url=f"{_DOCS_ASSETS}/favicon.png",
    ).body
    page = bytes(html).decode()
    # The page's one inline script (Swagger UI's start-up) is allowed by its hash, never by 'unsafe-inline'.
    hashes = tuple(
        "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"
        for script in re.findall(r"<script>(.*?)</script>", page, flags=re.DOTALL)
    )

    @app.get("/docs", include_in_schema=False)
    def docs(request: Request) -> HTMLResponse:
        request.scope.setdefault("state", {})["script_hashes"] = hashes
        return HTMLResponse(page)
