"""Persistence: a small ``Store`` protocol with a SQL implementation behind it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol

from dossier.model import Analysis, Article, Fingerprint
from dossier.store.sql import SqlStore


class Store(Protocol):
    def fingerprints(self) -> Iterator[tuple[str, Fingerprint]]: ...
    def has_article(self, article_id: str) -> bool: ...
    def save(self, analyses: Sequence[tuple[Analysis, Fingerprint]]) -> None: ...
    def save_rejection(self, source: str, reason: str) -> None: ...
    def get(self, article_id: str) -> Analysis | None: ...
    def search(self, text: str, limit: int = 20) -> list[Article]: ...
    def counts(self) -> dict[str, int]: ...
    def close(self) -> None: ...


def open_store(url: str) -> Store:
    """A store for a database URL (``sqlite:///…`` or ``postgresql://…``), migrated to the current schema."""
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return SqlStore(url)


__all__ = ["SqlStore", "Store", "open_store"]
