"""The SQL store: SQLite by default, PostgreSQL by URL. SQLAlchemy errors become ``StoreError`` here.

Writes are idempotent and safe to run from several processes at once: an article is inserted with
``ON CONFLICT DO NOTHING``, so a second writer of the same id finds it stored, and a unique index on
the content hash of originals lets only one original per text in, the other becoming its copy.
SQLite transactions that write start with ``BEGIN IMMEDIATE`` (taking the write lock at once, so two
writers queue rather than fail on upgrading a read lock); reads start with a plain ``BEGIN``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from dossier.errors import ConfigurationError, StoreError
from dossier.model import Analysis, Article, ClaimUnit, DedupLookup, Saved, ToStore
from dossier.store import claims as claim_rows
from dossier.store import tables as t
from dossier.store.linking import DescribeSession, LinkSession
from dossier.store.migrations import SCHEMA_VERSION, current_version, migrate
from dossier.store.records import KINDS, actors_of, article_from_row

T = TypeVar("T")
_WRITE = "dossier_write"
_SQLITE_BUSY_SECONDS = 60  # how long a writer waits for another's transaction before giving up
_KEYS_PER_QUERY = 5000  # well under SQLite's 32,766 bound parameters a statement
_LINKING_LOCK = 0x646F737369657201  # PostgreSQL advisory lock: one process links at a time


class SqlStore:
    def __init__(self, url: str, upgrade: bool = False, read_only: bool = False) -> None:
        """Open the database at ``url``. An empty database is given the schema at once; an older one is
        upgraded only with ``upgrade`` (``dossier migrate``), else opening it says what to run. ``read_only``: the
        database must exist at this version, and the connections cannot write (what ``dossier serve`` opens)."""
        self.url = url
        self.read_only = read_only
        self._shown_url = _shown(url)
        try:
            # hide_parameters: an error message must never carry article text from a statement's parameters.
            self._engine: Engine = sa.create_engine(_engine_url(url, read_only), hide_parameters=True,
                                                    **_connect_args(url, read_only))
        except (ArgumentError, NoSuchModuleError) as exc:
            raise ConfigurationError(
                f"database URL {url!r} is not usable ({exc}); use sqlite:///file.db or postgresql://user@host/db"
            ) from exc
        if self.dialect == "sqlite":
            _check_sqlite_path(sa.engine.make_url(url).database, read_only)
            sa.event.listen(self._engine, "connect", _sqlite_read_only if read_only else _sqlite_connect)
            sa.event.listen(self._engine, "begin", _sqlite_begin)
        self._writer = self._engine.execution_options(**{_WRITE: True})
        try:
            self.migrated_from = self._open(upgrade)
        except BaseException:
            self._engine.dispose()
            raise

    @property
    def dialect(self) -> str:
        return self._engine.dialect.name

    def close(self) -> None:
        self._engine.dispose()

    def _open(self, upgrade: bool) -> int:
        with self._begin() as conn:
            version = current_version(conn)
        if version == SCHEMA_VERSION:
            return version
        if self.read_only:
            what = "run `dossier ingest` first" if not version else f"run `dossier migrate --db {self.url}`"
            raise ConfigurationError(
                f"the database {self.url} is at schema version {version}, and this dossier reads {SCHEMA_VERSION} "
                f"when read-only: {what}"
            )
        if version > SCHEMA_VERSION or (version and not upgrade):
            what = "upgrade dossier" if version > SCHEMA_VERSION else f"run `dossier migrate --db {self.url}`"
            raise ConfigurationError(
                f"the database {self.url} is at schema version {version}; this dossier uses {SCHEMA_VERSION}: {what}"
            )
        with self._begin(write=True) as conn:  # under the lock: another process may have migrated meanwhile
            return migrate(conn)

    @contextmanager
    def _begin(self, write: bool = False) -> Iterator[Connection]:
        try:
            with (self._writer if write else self._engine).begin() as conn:
                yield conn
        except SQLAlchemyError as exc:
            # The driver's own message, without the SQL statement SQLAlchemy appends to it.
            reason = getattr(exc, "orig", None) or exc
            raise StoreError(f"database error on {self._shown_url}: {reason}") from exc

    def read(self, query: Callable[[Connection], T]) -> T:
        """Run a read-only query function (see ``dossier.queries``) in one transaction."""
        with self._begin() as conn:
            return query(conn)

    # -- deduplication -----------------------------------------------------------------------------

    def check_settings(self, expected: dict[str, str]) -> None:
        """Record what the database is built with on first use; after that, refuse other values (stored near-duplicate
        bands only match bands made the same way)."""
        with self._begin(write=True) as conn:
            stored = dict(conn.execute(sa.select(t.store_settings.c.name, t.store_settings.c.value)).all())
            missing = [{"name": k, "value": v} for k, v in expected.items() if k not in stored]
            if missing:
                conn.execute(_insert(conn, t.store_settings).on_conflict_do_nothing(), missing)
        for name, value in expected.items():
            if name in stored and stored[name] != value:
                raise ConfigurationError(
                    f"the database {self.url} was built with {name}={stored[name]}, not {value}; set "
                    f"DOSSIER_{name.upper()}={stored[name]} (or ingest into a new database)"
                )

    def dedup_lookup(self, article_ids: Iterable[str], digests: Iterable[str], buckets: Iterable[int]) -> DedupLookup:
        ids, hashes, keys = list(set(article_ids)), list(set(digests)), list(set(buckets))
        a, b = t.articles, t.article_bands

        def query(conn: Connection) -> DedupLookup:
            stored = conn.execute(sa.select(a.c.id, a.c.content_hash).where(a.c.id.in_(ids))).all()
            originals = conn.execute(
                sa.select(a.c.content_hash, a.c.id).where(a.c.content_hash.in_(hashes), a.c.duplicate_of.is_(None))
            ).all()
            candidates: dict[int, set[str]] = {}
            for start in range(0, len(keys), _KEYS_PER_QUERY):  # 32 buckets an article: a big batch has many
                chunk = keys[start : start + _KEYS_PER_QUERY]
                for bucket, article_id in conn.execute(sa.select(b.c.bucket, b.c.article_id).where(b.c.bucket.in_(chunk))):
                    candidates.setdefault(bucket, set()).add(article_id)
            return DedupLookup(dict(stored), dict(originals), {k: frozenset(v) for k, v in candidates.items()})

        return self.read(query)

    def bodies(self, article_ids: Iterable[str]) -> dict[str, str]:
        """The body of each of these ids that is stored."""
        query = sa.select(t.articles.c.id, t.articles.c.body).where(t.articles.c.id.in_(list(set(article_ids))))
        return self.read(lambda conn: dict(conn.execute(query).all()))

    # -- writing -----------------------------------------------------------------------------------

    def save(self, items: Sequence[ToStore]) -> list[Saved]:
        """Store analysed (or skipped, or copied) articles with their extractions, in one transaction; originals
        first, since a copy may point at an original of the same batch. Returns what became of each, in order."""
        now = datetime.now(UTC)
        results: dict[str, Saved] = {}
        analysed: list[Analysis] = []
        with self._begin(write=True) as conn:
            for item in sorted(items, key=lambda i: i.analysis.article.duplicate_of is not None):
                saved = self._save_article(conn, item, now)
                results[saved.article_id] = saved
                if saved.duplicate_of is None and not saved.already_stored:
                    analysed.append(item.analysis)
                    claim_rows.insert_units(conn, saved.article_id, item.units)
                    if item.fingerprint.buckets:
                        conn.execute(
                            _insert(conn, t.article_bands).on_conflict_do_nothing(),
                            [{"bucket": b, "article_id": saved.article_id} for b in set(item.fingerprint.buckets)],
                        )
            self._save_analyses(conn, analysed)
        return [results[item.analysis.article.id] for item in items]

    def _save_article(self, conn: Connection, item: ToStore, now: datetime) -> Saved:
        article = item.analysis.article
        row = _article_row(item, now)
        if item.new_version:
            self._keep_earlier_version(conn, article.id, now)
            conn.execute(t.articles.update().where(t.articles.c.id == article.id).values(row))
            return Saved(article.id, article.duplicate_of)
        inserted = conn.execute(
            _insert(conn, t.articles).values(row).on_conflict_do_nothing().returning(t.articles.c.id)
        ).first()
        if inserted is not None:
            return Saved(article.id, article.duplicate_of)
        if conn.execute(sa.select(t.articles.c.id).where(t.articles.c.id == article.id)).first() is not None:
            return Saved(article.id, already_stored=True)  # another process stored this id meanwhile
        # Another process stored the same text under another id meanwhile: this one is its copy.
        original = conn.execute(
            sa.select(t.articles.c.id).where(
                t.articles.c.content_hash == row["content_hash"], t.articles.c.duplicate_of.is_(None)
            )
        ).scalar_one()
        copy = conn.execute(
            _insert(conn, t.articles).values(
                {**row, "duplicate_of": original, "analysis_skipped": f"duplicate of {original}", "claims_linked": True}
            ).on_conflict_do_nothing().returning(t.articles.c.id)
        ).first()
        if copy is None:
            return Saved(article.id, already_stored=True)  # and another stored this id since the lookup just above
        return Saved(article.id, original)

    def _save_analyses(self, conn: Connection, analyses: list[Analysis]) -> None:
        actors = {a.id: a for analysis in analyses for a in actors_of(analysis)}
        if actors:
            upsert = _insert(conn, t.actors)
            conn.execute(
                upsert.on_conflict_do_update(  # a country code learnt later fills one not known before
                    index_elements=[t.actors.c.id],
                    set_={"code": sa.func.coalesce(t.actors.c.code, upsert.excluded.code)},
                ),
                [{"id": a.id, "name": a.name, "kind": a.kind, "code": a.code} for a in actors.values()],
            )
        for kind in KINDS:
            rows = [row for analysis in analyses for row in kind.rows(analysis)]
            if rows:
                conn.execute(kind.table.insert(), rows)

    def replace_analyses(self, analyses: Sequence[Analysis], units: Mapping[str, Sequence[ClaimUnit]]) -> None:
        """The stored analyses of these (stored, original) articles replaced by these new ones, and their units out
        of their claims and replaced, waiting for linking: ``dossier reanalyze``."""
        ids = [a.article.id for a in analyses]
        with self._begin(write=True) as conn:
            for kind in KINDS:
                conn.execute(kind.table.delete().where(kind.table.c.article_id.in_(ids)))
            claim_rows.remove_units(conn, ids, prepared=True)
            for article_id in ids:
                claim_rows.insert_units(conn, article_id, units.get(article_id, ()))
            for analysis in analyses:
                conn.execute(
                    t.articles.update().where(t.articles.c.id == analysis.article.id).values(
                        analysis_skipped=analysis.skipped, pipeline_version=analysis.pipeline_version
                    )
                )
            self._save_analyses(conn, list(analyses))

    def record_outcome(self, source: str, reason: str, outcome: str = "rejected") -> None:
        """Record a rejected (or failed) item once; the same outcome on a re-run changes nothing."""
        with self._begin(write=True) as conn:
            conn.execute(
                _insert(conn, t.rejections)
                .values(source=source, reason=reason, outcome=outcome, rejected_at=datetime.now(UTC))
                .on_conflict_do_nothing()
            )

    def _keep_earlier_version(self, conn: Connection, article_id: str, now: datetime) -> None:
        """The stored text of the article kept in ``article_versions`` and its analysis removed, so that the row can
        take the new version. Its old buckets stay: they only ever make it a candidate, which the comparison with its
        current text then settles, and finding them would take an index as large as the bands themselves."""
        row = conn.execute(sa.select(t.articles).where(t.articles.c.id == article_id)).mappings().one()
        count = conn.execute(
            sa.select(sa.func.count()).where(t.article_versions.c.article_id == article_id)
        ).scalar_one()
        conn.execute(t.article_versions.insert().values(
            article_id=article_id, version=count + 1, replaced_at=now,
            **{name: row[name] for name in ("content_hash", "title", "body", "published", "ingested_at")},
        ))
        for kind in KINDS:
            conn.execute(kind.table.delete().where(kind.table.c.article_id == article_id))
        claim_rows.remove_units(conn, [article_id], prepared=True)

    # -- claims ------------------------------------------------------------------------------------

    @contextmanager
    def _linking(self) -> Iterator[Connection]:
        """One writing transaction, alone: one process links or describes claims at a time."""
        with self._begin(write=True) as conn:
            if self.dialect == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LINKING_LOCK})
            yield conn

    def link(self, work: Callable[[LinkSession], T]) -> T:
        """Run a linker's ``work`` in one linking transaction."""
        with self._linking() as conn:
            return work(claim_rows.SqlLinkSession(conn))

    def describe(self, work: Callable[[DescribeSession], T]) -> T:
        """Run ``work`` describing claims in one linking transaction."""
        with self._linking() as conn:
            return work(claim_rows.SqlDescribeSession(conn))

    def reset_claims(self) -> None:
        """Every claim undone; the stored units wait to be linked again, in the order stored."""
        with self._begin(write=True) as conn:
            claim_rows.reset(conn)

    def unprepared(self, limit: int) -> list[str]:
        """Originals whose units were never prepared (stored before claims existed), the first ``limit``."""
        return self.read(lambda conn: list(conn.execute(claim_rows.unprepared_query(limit)).scalars()))

    def save_units(self, units: Mapping[str, Sequence[ClaimUnit]]) -> None:
        """Units prepared for stored originals (see ``unprepared``), waiting for linking."""
        with self._begin(write=True) as conn:
            for article_id, article_units in units.items():
                claim_rows.insert_units(conn, article_id, article_units)

    # -- reading (the rest is in dossier.queries) -------------------------------------------------

    def articles_to_reanalyse(
        self, current: str, after_seq: int, limit: int, everything: bool
    ) -> list[tuple[int, Article, str | None]]:
        """Stored originals analysed by another pipeline version than ``current`` (or, with ``everything``, all),
        the next ``limit`` after ``after_seq`` in the order stored: each with its number and the version that
        analysed it."""
        a = t.articles
        query = (
            sa.select(a).where(a.c.duplicate_of.is_(None), a.c.seq > after_seq).order_by(a.c.seq).limit(limit)
        )
        if not everything:
            query = query.where(sa.or_(a.c.pipeline_version.is_(None), a.c.pipeline_version != current))
        return self.read(lambda conn: [
            (row["seq"], article_from_row(row), row["pipeline_version"]) for row in conn.execute(query).mappings()
        ])


def _shown(url: str) -> str:
    """The URL as an error may show it: without its password."""
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "the database"


def _engine_url(url: str, read_only: bool) -> str | sa.URL:
    parsed = sa.engine.make_url(url)
    if not read_only or parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return url
    # SQLite's own read-only mode: the file is opened by URI with mode=ro, so no statement can write to it.
    path = Path(parsed.database).resolve()
    return parsed.set(database=f"file:{path}", query={"mode": "ro", "uri": "true"})


def _connect_args(url: str, read_only: bool) -> dict[str, Any]:
    if url.startswith("sqlite"):
        return {"connect_args": {"timeout": _SQLITE_BUSY_SECONDS, "check_same_thread": False}}
    if read_only:
        return {"connect_args": {"options": "-c default_transaction_read_only=on"}}
    return {}


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite opens and commits transactions on its own terms (DDL outside them); dossier says BEGIN itself.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _sqlite_read_only(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(_WRITE) else "BEGIN")


def _insert(conn: Connection, table: sa.Table) -> Any:
    """The dialect's INSERT, which knows ON CONFLICT."""
    return (postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert)(table)


def _check_sqlite_path(database: str | None, read_only: bool) -> None:
    """Say why a SQLite file cannot be opened or written, and what to do, before any work is done."""
    if not database or database == ":memory:":
        return
    path = Path(database)
    if read_only:
        if not path.is_file() or not os.access(path, os.R_OK):
            raise ConfigurationError(f"no readable dossier database at {path}; run `dossier ingest` first or give "
                                     "another --db")
        return
    folder = path.parent
    if path.is_dir():
        raise ConfigurationError(f"the database path {path} is a folder; give a file, e.g. sqlite:///{path}/dossier.db")
    if not folder.is_dir():
        raise ConfigurationError(f"the folder {folder} of the database does not exist; create it or choose another --db")
    if not os.access(folder, os.W_OK | os.X_OK):
        # SQLite writes its journal beside the database file, so the folder must be writable too.
        raise ConfigurationError(f"the folder {folder} of the database is not writable; fix its permissions or "
                                 "choose another --db")
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        raise ConfigurationError(f"the database file {path} is read-only; make it writable (chmod u+rw) or choose "
                                 "another --db")


def _article_row(item: ToStore, now: datetime) -> dict[str, Any]:
    article, analysis = item.analysis.article, item.analysis
    return {
        "id": article.id,
        "content_hash": item.fingerprint.content_hash,
        "url": article.url,
        "outlet": article.outlet,
        "title": article.title,
        "authors": list(article.authors),
        "published": article.published,
        "language": article.language,
        "body": article.body,
        "captions": list(article.captions),
        "metadata": article.metadata,
        "duplicate_of": article.duplicate_of,
        "claims_linked": True if article.duplicate_of is not None else None,
        "analysis_skipped": analysis.skipped,
        "pipeline_version": analysis.pipeline_version,
        "ingested_at": now,
    }

