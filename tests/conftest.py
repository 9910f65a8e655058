from __future__ import annotations

import importlib.util
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest

from dossier import queries
from dossier.pipeline import Analyzer
from dossier.settings import Limits, Settings
from dossier.store import SqlStore, open_store

from . import postgres

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples" / "articles"
BROKEN = REPO / "samples" / "broken"
SHARED = REPO.parent / "shared"


T = TypeVar("T")

def limits(item_bytes: int = 1_000_000, document_bytes: int = 10_000_000, article_chars: int = 200_000) -> Limits:
    return Limits(item_bytes, document_bytes, article_chars)


def all_pages(fetch: Callable[..., queries.Page[T]]) -> list[list[T]]:
    """Every page a listing gives, following each page's cursor (``fetch(after=...)``) to the end."""
    pages: list[list[T]] = []
    after = None
    while True:
        page = fetch(after=after)
        pages.append(page.items)
        if page.next is None:
            return pages
        after = page.next


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="session")
def analyzer(settings: Settings) -> Analyzer:
    return Analyzer(settings.spacy_model, settings.batch_size)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqlStore]:
    opened = open_store(f"sqlite:///{tmp_path / 'test.db'}")
    yield opened
    opened.close()


def require_ray() -> None:
    """Skip the calling test when Ray is not installed, unless ``DOSSIER_REQUIRE_RAY=1`` makes that a failure."""
    if importlib.util.find_spec("ray") is None:
        if os.environ.get("DOSSIER_REQUIRE_RAY") == "1":
            pytest.fail("Ray is required (DOSSIER_REQUIRE_RAY=1) but is not installed (pip install 'dossier[ray]')")
        pytest.skip("Ray is not installed (pip install 'dossier[ray]')")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The URL of a PostgreSQL server started for this test session (see ``tests/postgres.py``)."""
    bindir = postgres.binaries()
    if bindir is None:
        if os.environ.get("DOSSIER_REQUIRE_POSTGRES") == "1":
            pytest.fail("PostgreSQL is required (DOSSIER_REQUIRE_POSTGRES=1) but no server binaries were found")
        pytest.skip("PostgreSQL server binaries are not installed (apt-get install postgresql)")
    with postgres.server(bindir) as url:
        yield url


def _database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    name = f"t{uuid.uuid4().hex[:12]}"
    if getattr(request, "param", "sqlite") == "sqlite":
        return f"sqlite:///{tmp_path / name}.db"
    return postgres.new_database(request.getfixturevalue("postgres_server"), name)


@pytest.fixture
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new empty database: SQLite, or PostgreSQL when the test is parametrised with ``postgresql``."""
    return _database(request, tmp_path)


@pytest.fixture
def new_database(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[], str]:
    """Makes new empty databases, all of one kind (as ``database_url``), for a test that needs several."""
    return lambda: _database(request, tmp_path)


@pytest.fixture
def any_store(database_url: str) -> Iterator[SqlStore]:
    opened = open_store(database_url)
    yield opened
    opened.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def each_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SqlStore]:
    """A new empty store on SQLite, then on PostgreSQL: a suite that must hold on both names its ``store`` so."""
    opened = open_store(_database(request, tmp_path))
    yield opened
    opened.close()


BOTH_DATABASES = pytest.mark.parametrize("database_url", ["sqlite", "postgresql"], indirect=True)
# The same for a test that makes several databases of one kind.
EACH_DATABASE_KIND = pytest.mark.parametrize("new_database", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture(scope="session")
def shared() -> Path:
    """../shared beside the checkout; tests that need it skip cleanly when it is absent."""
    if not (SHARED / "data").is_dir():
        if os.environ.get("DOSSIER_REQUIRE_SHARED") == "1":
            pytest.fail("../shared/data is required (DOSSIER_REQUIRE_SHARED=1) but not present")
        pytest.skip("../shared/data is not present")
    return SHARED
