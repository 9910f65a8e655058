"""Persistence: a small ``Store`` protocol with a SQL implementation behind it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Protocol

from dossier.errors import ConfigurationError
from dossier.model import Analysis, Article, Fingerprint
from dossier.store.sql import SqlStore

SCHEMES = ("sqlite", "postgresql")


class Store(Protocol):
    def fingerprints(self) -> Iterator[tuple[str, Fingerprint]]: ...
    def has_article(self, article_id: str) -> bool: ...
    def content_hashes(self, article_ids: Iterable[str]) -> dict[str, str]: ...
    def bodies(self, article_ids: Iterable[str]) -> dict[str, str]: ...
    def save(self, analyses: Sequence[tuple[Analysis, Fingerprint]]) -> None: ...
    def save_rejection(self, source: str, reason: str, outcome: str = "rejected") -> None: ...
    def get(self, article_id: str) -> Analysis | None: ...
    def search(self, text: str, limit: int = 20) -> list[Article]: ...
    def counts(self) -> dict[str, int]: ...
    def close(self) -> None: ...


def open_store(url: str) -> Store:
    """A store for a database URL (``sqlite:///…`` or ``postgresql://…``), migrated to the current schema."""
    scheme = url.partition(":")[0].partition("+")[0]
    if scheme not in SCHEMES:
        raise ConfigurationError(
            f"database URL {url!r}: {scheme or 'no'} database is not supported; use sqlite:///file.db or "
            "postgresql://user@host/db"
        )
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return SqlStore(url)


__all__ = ["SqlStore", "Store", "open_store"]
