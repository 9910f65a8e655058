"""Helpers for the web and API tests: a store of ingested articles, and a real HTTP server (uvicorn in a thread)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import uvicorn
from fastapi import FastAPI

from dossier.api.app import create_app
from dossier.ingest import read_articles
from dossier.ingestion import Ingestor
from dossier.model import Article
from dossier.pipeline import Analyzer
from dossier.settings import Settings
from dossier.store import open_store

from .conftest import SAMPLES, limits

# An article built to break a page that forgets to escape: markup, script, an event handler, a javascript: link
# and a textarea's end tag, in the title and the body, around a statement and a figure the pipeline finds.
HOSTILE_TITLE = "<script>alert(1)</script> Officials say <img src=x onerror=alert(2)> 500 troops moved"
HOSTILE_BODY = (
    "Defense officials said on Monday that about 500 troops had moved to the border <script>alert(1)</script> "
    "near the river.\n"
    "The ministry said <img src=x onerror=alert(2)> the report was false, according to a statement posted at "
    "javascript:alert(3) on its site.\n"
    "Residents said they saw </textarea><b>convoys</b> at night, and a spokesman said more would follow."
)
HOSTILE_STRINGS = ("<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "javascript:alert(3)",
                   "</textarea>")


def build_store(url: str, analyzer: Analyzer, settings: Settings, inputs: Sequence[Path]) -> str:
    """The (new, empty) database at ``url`` with these inputs ingested, every article stored; its URL."""
    store = open_store(url)
    try:
        items = read_articles([str(p) for p in inputs], limits())
        outcomes = Ingestor(store, analyzer, settings).run(a for a in items if isinstance(a, Article))
    finally:
        store.close()
    assert outcomes["stored"] and not outcomes["failed"], outcomes
    return url


_built: dict[str, str] = {}


def sample_store(folder: Path, analyzer: Analyzer, settings: Settings) -> str:
    """The URL of a store of ``samples/articles``, built once per test session (the first caller's folder)."""
    if "samples" not in _built:
        folder.mkdir(parents=True, exist_ok=True)
        _built["samples"] = build_store(f"sqlite:///{folder / 'samples.db'}", analyzer, settings, [SAMPLES])
    return _built["samples"]


def hostile_input(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "hostile.jsonl"
    record = {"id": "hostile-1", "outlet": "Hostile <b>Outlet</b>", "published": "2024-11-04",
              "url": "javascript:alert(4)", "title": HOSTILE_TITLE, "text": HOSTILE_BODY}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path


class LiveServer:
    """``app`` served by uvicorn on a free loopback port, in a daemon thread."""

    def __init__(self, app: FastAPI) -> None:
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning",
                                                    access_log=False, lifespan="on"))
        self.thread = threading.Thread(target=self.server.run, daemon=True, name="dossier-test-server")

    @property
    def url(self) -> str:
        port = self.server.servers[0].sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    def start(self, timeout: float = 20.0) -> None:
        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@contextmanager
def serving(db_url: str) -> Iterator[str]:
    """A server over the store at ``db_url`` (read-only, as ``dossier serve`` opens it); yields its base URL."""
    live = LiveServer(create_app(Settings.from_env(db=db_url)))
    live.start()
    try:
        yield live.url
    finally:
        live.stop()
