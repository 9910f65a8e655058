"""The SQL store: SQLite by default, PostgreSQL by URL. SQLAlchemy errors become ``StoreError`` here."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from dossier.errors import ConfigurationError, StoreError
from dossier.model import (
    Actor,
    Analysis,
    Article,
    Entity,
    Fingerprint,
    Quantity,
    Source,
    Statement,
    TextSpan,
    TimeRef,
    to_jsonable,
)
from dossier.store import tables as t
from dossier.store.migrations import migrate

T = TypeVar("T")


class SqlStore:
    def __init__(self, url: str) -> None:
        self.url = url
        try:
            # hide_parameters: an error message must never carry article text from a statement's parameters.
            self._engine: Engine = sa.create_engine(url, hide_parameters=True)
        except (ArgumentError, NoSuchModuleError) as exc:
            raise ConfigurationError(
                f"database URL {url!r} is not usable ({exc}); use sqlite:///file.db or postgresql://user@host/db"
            ) from exc
        if self._engine.dialect.name == "sqlite":
            _check_sqlite_path(self._engine.url.database)
            sa.event.listen(self._engine, "connect", _sqlite_pragmas)
        with self._begin() as conn:
            migrate(conn)

    @property
    def dialect(self) -> str:
        return self._engine.dialect.name

    def close(self) -> None:
        self._engine.dispose()

    @contextmanager
    def _begin(self) -> Iterator[Connection]:
        try:
            with self._engine.begin() as conn:
                yield conn
        except SQLAlchemyError as exc:
            # The driver's own message, without the SQL statement SQLAlchemy appends to it.
            reason = getattr(exc, "orig", None) or exc
            raise StoreError(f"database error on {self._engine.url!r}: {reason}") from exc

    def _read(self, query: Callable[[Connection], T]) -> T:
        with self._begin() as conn:
            return query(conn)

    # -- deduplication -----------------------------------------------------------------------------

    def fingerprints(self) -> Iterator[tuple[str, Fingerprint]]:
        """Fingerprints of the stored originals (not of stored duplicates)."""
        query = sa.select(t.articles.c.id, t.articles.c.content_hash, t.articles.c.minhash).where(
            t.articles.c.duplicate_of.is_(None)
        )
        rows = self._read(lambda conn: conn.execute(query).all())
        for article_id, digest, minhash in rows:
            yield article_id, Fingerprint(digest, minhash)

    def has_article(self, article_id: str) -> bool:
        query = sa.select(t.articles.c.id).where(t.articles.c.id == article_id)
        return self._read(lambda conn: conn.execute(query).first() is not None)

    def content_hashes(self, article_ids: Iterable[str]) -> dict[str, str]:
        """The content hash of each of these ids that is stored."""
        query = sa.select(t.articles.c.id, t.articles.c.content_hash).where(t.articles.c.id.in_(list(article_ids)))
        return self._read(lambda conn: {row.id: row.content_hash for row in conn.execute(query)})

    def bodies(self, article_ids: Iterable[str]) -> dict[str, str]:
        """The body of each of these ids that is stored."""
        query = sa.select(t.articles.c.id, t.articles.c.body).where(t.articles.c.id.in_(list(article_ids)))
        return self._read(lambda conn: {row.id: row.body for row in conn.execute(query)})

    # -- writing -----------------------------------------------------------------------------------

    def save(self, analyses: Sequence[tuple[Analysis, Fingerprint]]) -> None:
        """Store analysed (or skipped, or duplicate) articles with their extractions, in one transaction."""
        if not analyses:
            return
        now = datetime.now(UTC)
        with self._begin() as conn:
            rows = [_article_row(a.article, fp, a, now) for a, fp in analyses]
            replaced = self._keep_earlier_versions(conn, [row["id"] for row in rows], now)
            for row in (row for row in rows if row["id"] in replaced):
                conn.execute(t.articles.update().where(t.articles.c.id == row["id"]).values(row))
            new_rows = [row for row in rows if row["id"] not in replaced]
            if new_rows:
                conn.execute(t.articles.insert(), new_rows)
            self._save_actors(conn, [e.actor for a, _ in analyses for e in a.entities if e.actor])
            entity_rows = [_entity_row(a, e) for a, _ in analyses for e in a.entities]
            if entity_rows:
                conn.execute(t.entities.insert(), entity_rows)
            statement_rows = [_statement_row(a, s) for a, _ in analyses for s in a.statements]
            if statement_rows:
                conn.execute(t.statements.insert(), statement_rows)
            quantity_rows = [_quantity_row(a, q) for a, _ in analyses for q in a.quantities]
            if quantity_rows:
                conn.execute(t.quantities.insert(), quantity_rows)
            time_rows = [
                {"article_id": a.article.id, "time_id": x.id, "pipeline_version": a.pipeline_version,
                 **{name: getattr(x, name) for name in _TIME_FIELDS}}
                for a, _ in analyses
                for x in a.times
            ]
            if time_rows:
                conn.execute(t.times.insert(), time_rows)
            self._index_for_search(conn, [a.article for a, _ in analyses if a.article.duplicate_of is None])

    def save_rejection(self, source: str, reason: str, outcome: str = "rejected") -> None:
        """Record a rejected (or failed) item once; the same outcome on a re-run changes nothing."""
        with self._begin() as conn:
            seen = conn.execute(
                sa.select(t.rejections.c.id).where(t.rejections.c.source == source, t.rejections.c.reason == reason)
            ).first()
            if seen is None:
                conn.execute(
                    t.rejections.insert().values(
                        source=source, reason=reason, outcome=outcome, rejected_at=datetime.now(UTC)
                    )
                )

    def _keep_earlier_versions(self, conn: Connection, article_ids: list[str], now: datetime) -> set[str]:
        """For each id already stored: its text kept in ``article_versions``, its analysis and search entry removed,
        so the row can take the new version. Returns those ids."""
        stored = conn.execute(sa.select(t.articles).where(t.articles.c.id.in_(article_ids))).mappings().all()
        if not stored:
            return set()
        ids = [row["id"] for row in stored]
        counts: dict[str, int] = dict(
            conn.execute(
                sa.select(t.article_versions.c.article_id, sa.func.count())
                .where(t.article_versions.c.article_id.in_(ids))
                .group_by(t.article_versions.c.article_id)
            ).all()
        )
        conn.execute(
            t.article_versions.insert(),
            [
                {"article_id": row["id"], "version": counts.get(row["id"], 0) + 1, "replaced_at": now,
                 **{name: row[name] for name in ("content_hash", "title", "body", "published", "ingested_at")}}
                for row in stored
            ],
        )
        for table in (t.entities, t.statements, t.quantities, t.times):
            conn.execute(table.delete().where(table.c.article_id.in_(ids)))
        if self.dialect == "sqlite":
            conn.execute(
                sa.text("DELETE FROM article_search WHERE article_id IN :ids").bindparams(
                    sa.bindparam("ids", expanding=True)
                ),
                {"ids": ids},
            )
        return set(ids)

    def _save_actors(self, conn: Connection, found: list[Actor]) -> None:
        latest = {actor.id: actor for actor in found}
        if not latest:
            return
        known = dict(conn.execute(sa.select(t.actors.c.id, t.actors.c.code).where(t.actors.c.id.in_(latest))).all())
        new = [a for a in latest.values() if a.id not in known]
        if new:
            conn.execute(t.actors.insert(), [{"id": a.id, "name": a.name, "kind": a.kind, "code": a.code} for a in new])
        for actor in latest.values():
            if actor.id in known and known[actor.id] is None and actor.code is not None:
                conn.execute(t.actors.update().where(t.actors.c.id == actor.id).values(code=actor.code))

    def _index_for_search(self, conn: Connection, articles: list[Article]) -> None:
        if self.dialect == "sqlite" and articles:
            conn.execute(
                sa.text("INSERT INTO article_search (article_id, title, body) VALUES (:id, :title, :body)"),
                [{"id": a.id, "title": a.title or "", "body": a.body} for a in articles],
            )
        # PostgreSQL searches through an expression index on articles; nothing to write.

    # -- reading -----------------------------------------------------------------------------------

    def get(self, article_id: str) -> Analysis | None:
        def query(conn: Connection) -> Analysis | None:
            row = conn.execute(sa.select(t.articles).where(t.articles.c.id == article_id)).mappings().first()
            if row is None:
                return None
            entity_rows = conn.execute(
                sa.select(t.entities, t.actors.c.name, t.actors.c.kind)
                .select_from(t.entities.outerjoin(t.actors, t.entities.c.actor_id == t.actors.c.id))
                .where(t.entities.c.article_id == article_id)
                .order_by(t.entities.c.start)
            ).mappings()
            statement_rows = conn.execute(
                sa.select(t.statements).where(t.statements.c.article_id == article_id).order_by(t.statements.c.cue_start)
            ).mappings()
            quantity_rows = conn.execute(
                sa.select(t.quantities).where(t.quantities.c.article_id == article_id).order_by(t.quantities.c.start)
            ).mappings()
            time_rows = conn.execute(
                sa.select(t.times).where(t.times.c.article_id == article_id).order_by(
                    t.times.c.caption.is_not(None), t.times.c.caption, t.times.c.start
                )
            ).mappings()
            return Analysis(
                _article(row),
                quantities=tuple(_quantity(q) for q in quantity_rows),
                times=tuple(TimeRef(id=x["time_id"], **{name: x[name] for name in _TIME_FIELDS}) for x in time_rows),
                entities=tuple(_entity(e) for e in entity_rows),
                statements=tuple(_statement(s) for s in statement_rows),
                skipped=row["analysis_skipped"],
                pipeline_version=row["pipeline_version"] or "",
            )

        return self._read(query)

    def search(self, text: str, limit: int = 20) -> list[Article]:
        """Full-text search over titles and bodies of stored originals, best match first."""
        query: sa.Executable
        if self.dialect == "sqlite":
            query = sa.text(
                "SELECT a.* FROM article_search s JOIN articles a ON a.id = s.article_id "
                "WHERE article_search MATCH :q ORDER BY rank LIMIT :n"
            ).bindparams(q=_fts5_phrase(text), n=limit)
        else:
            document = sa.func.to_tsvector("english", sa.func.coalesce(t.articles.c.title, "") + " " + t.articles.c.body)
            tsquery = sa.func.plainto_tsquery("english", text)
            query = (
                sa.select(t.articles)
                .where(document.op("@@")(tsquery), t.articles.c.duplicate_of.is_(None))
                .order_by(sa.func.ts_rank(document, tsquery).desc())
                .limit(limit)
            )
        return self._read(lambda conn: [_article(row) for row in conn.execute(query).mappings()])

    def counts(self) -> dict[str, int]:
        def query(conn: Connection) -> dict[str, int]:
            def count(table: sa.Table, *where: Any) -> int:
                return int(conn.execute(sa.select(sa.func.count()).select_from(table).where(*where)).scalar_one())

            return {
                "articles": count(t.articles, t.articles.c.duplicate_of.is_(None)),
                "duplicates": count(t.articles, t.articles.c.duplicate_of.is_not(None)),
                "rejections": count(t.rejections),
                "entities": count(t.entities),
                "statements": count(t.statements),
                "quantities": count(t.quantities),
                "times": count(t.times),
                "actors": count(t.actors),
            }

        return self._read(query)


def _check_sqlite_path(database: str | None) -> None:
    """Say why a SQLite file cannot be opened or written, and what to do, before any work is done."""
    if not database or database == ":memory:":
        return
    path = Path(database)
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


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _fts5_phrase(text: str) -> str:
    # Each word quoted: user text never reaches FTS5's query syntax (AND, NEAR, column filters).
    return " ".join('"' + word.replace('"', '""') + '"' for word in text.split())


def _article_row(article: Article, fingerprint: Fingerprint, analysis: Analysis, now: datetime) -> dict[str, Any]:
    return {
        "id": article.id,
        "content_hash": fingerprint.content_hash,
        "minhash": fingerprint.minhash,
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
        "analysis_skipped": analysis.skipped,
        "pipeline_version": analysis.pipeline_version,
        "ingested_at": now,
    }


def _entity_row(analysis: Analysis, entity: Entity) -> dict[str, Any]:
    actor = entity.actor
    return {
        "article_id": analysis.article.id,
        "entity_id": entity.id,
        "start": entity.start,
        "end": entity.end,
        "text": entity.text,
        "label": entity.label,
        "actor_id": actor.id if actor else None,
        "actor_code": actor.code if actor else None,
        "role": actor.role if actor else None,
        "pipeline_version": analysis.pipeline_version,
    }


def _statement_row(analysis: Analysis, statement: Statement) -> dict[str, Any]:
    source = statement.source
    return {
        "article_id": analysis.article.id,
        "statement_id": statement.id,
        "source": to_jsonable(source),
        "source_text": source.text if source else None,
        "source_kind": source.kind if source else None,
        "source_actor_id": source.actor.id if source and source.actor else None,
        "cue_text": statement.cue.text,
        "cue_start": statement.cue.start,
        "cue_end": statement.cue.end,
        "content_text": statement.content.text,
        "content_start": statement.content.start,
        "content_end": statement.content.end,
        "stance": statement.stance,
        "via": to_jsonable(statement.via),
        "hedges": to_jsonable(statement.hedges),
        "direct_quote": statement.direct_quote,
        "responds_to": statement.responds_to,
        "pipeline_version": analysis.pipeline_version,
    }


def _statement(row: Any) -> Statement:
    return Statement(
        id=row["statement_id"],
        source=_source(row["source"]) if row["source"] else None,
        cue=TextSpan(row["cue_text"], row["cue_start"], row["cue_end"]),
        content=TextSpan(row["content_text"], row["content_start"], row["content_end"]),
        stance=row["stance"],
        via=tuple(_source(v) for v in row["via"]),
        hedges=tuple(TextSpan(**h) for h in row["hedges"]),
        direct_quote=bool(row["direct_quote"]),
        responds_to=row["responds_to"],
    )


def _source(data: dict[str, Any]) -> Source:
    actor = Actor(**data["actor"]) if data.get("actor") else None
    mention = TextSpan(**data["mention"]) if data.get("mention") else None
    return Source(**{**data, "actor": actor, "mention": mention})


_TIME_FIELDS = ("text", "start", "end", "type", "value", "caption")
_QUANTITY_FIELDS = ("text", "start", "end", "value", "low", "high", "approximate", "qualifier", "unit", "object",
                    "per", "change")


def _quantity_row(analysis: Analysis, quantity: Quantity) -> dict[str, Any]:
    return {
        "article_id": analysis.article.id,
        "quantity_id": quantity.id,
        "statement_id": quantity.statement,
        "pipeline_version": analysis.pipeline_version,
        **{name: getattr(quantity, name) for name in _QUANTITY_FIELDS},
    }


def _quantity(row: Any) -> Quantity:
    return Quantity(id=row["quantity_id"], statement=row["statement_id"], **{name: row[name] for name in _QUANTITY_FIELDS})


def _article(row: Any) -> Article:
    return Article(
        id=row["id"],
        body=row["body"],
        title=row["title"],
        url=row["url"],
        outlet=row["outlet"],
        authors=tuple(row["authors"]),
        published=row["published"],
        language=row["language"],
        captions=tuple(row["captions"]),
        duplicate_of=row["duplicate_of"],
        metadata=row["metadata"],
    )


def _entity(row: Any) -> Entity:
    actor = None
    if row["actor_id"] is not None:
        actor = Actor(row["actor_id"], row["name"], row["kind"], row["actor_code"], row["role"])
    return Entity(row["entity_id"], row["start"], row["end"], row["text"], row["label"], actor)
