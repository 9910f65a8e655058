"""Persistence: a small ``Store`` protocol with a SQL implementation behind it. Reading beyond what ingestion
needs goes through ``dossier.queries``, on ``Store.read``."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Protocol, TypeVar

from sqlalchemy.engine import Connection

from dossier.errors import ConfigurationError
from dossier.model import Analysis, Article, ClaimUnit, DedupLookup, Saved, ToStore
from dossier.store.linking import DescribeSession, LinkSession
from dossier.store.sql import SqlStore

SCHEMES = ("sqlite", "postgresql")
T = TypeVar("T")


class Store(Protocol):
    url: str

    def check_settings(self, expected: dict[str, str]) -> None: ...
    def dedup_lookup(self, article_ids: Iterable[str], digests: Iterable[str], buckets: Iterable[int]) -> DedupLookup: ...
    def bodies(self, article_ids: Iterable[str]) -> dict[str, str]: ...
    def save(self, items: Sequence[ToStore]) -> list[Saved]: ...
    def replace_analyses(self, analyses: Sequence[Analysis], units: Mapping[str, Sequence[ClaimUnit]]) -> None: ...
    def record_outcome(self, source: str, reason: str, outcome: str = "rejected") -> None: ...
    def articles_to_reanalyse(
        self, current: str, after_seq: int, limit: int, everything: bool
    ) -> list[tuple[int, Article, str | None]]: ...
    def link(self, work: Callable[[LinkSession], T]) -> T: ...
    def describe(self, work: Callable[[DescribeSession], T]) -> T: ...
    def reset_claims(self) -> None: ...
    def unprepared(self, limit: int) -> list[str]: ...
    def save_units(self, units: Mapping[str, Sequence[ClaimUnit]]) -> None: ...
    def read(self, query: Callable[[Connection], T]) -> T: ...
    def close(self) -> None: ...


def open_store(url: str, upgrade: bool = False, read_only: bool = False) -> SqlStore:
    """A store for a database URL (``sqlite:///…`` or ``postgresql://…``). A new database gets the current schema;
    an older one is upgraded only with ``upgrade`` (what ``dossier migrate`` does), else opening it says so.
    ``read_only``: an existing database at this version, opened so that nothing can write to it."""
    scheme = url.partition(":")[0].partition("+")[0]
    if scheme not in SCHEMES:
        raise ConfigurationError(
            f"database URL {url!r}: {scheme or 'no'} database is not supported; use sqlite:///file.db or "
            "postgresql://user@host/db"
        )
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return SqlStore(url, upgrade, read_only)


__all__ = ["DescribeSession", "LinkSession", "SqlStore", "Store", "open_store"]
