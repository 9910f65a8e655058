from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dossier.pipeline import Analyzer
from dossier.settings import Limits, Settings
from dossier.store import Store, open_store

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples" / "articles"
BROKEN = REPO / "samples" / "broken"
SHARED = REPO.parent / "shared"


def limits(item_bytes: int = 1_000_000, document_bytes: int = 10_000_000, article_chars: int = 200_000) -> Limits:
    return Limits(item_bytes, document_bytes, article_chars)


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="session")
def analyzer(settings: Settings) -> Analyzer:
    return Analyzer(settings.spacy_model, settings.batch_size)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(f"sqlite:///{tmp_path / 'test.db'}")
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def shared() -> Path:
    """../shared beside the checkout; tests that need it skip cleanly when it is absent."""
    if not (SHARED / "data").is_dir():
        pytest.skip("../shared/data is not present")
    return SHARED
