"""Schema migrations: an ordered list of steps, each applied once and recorded in ``schema_version``.

Steps are plain functions over a connection rather than Alembic scripts: the schema
ships inside the library and every ``open_store`` upgrades it in place, the way
sqlite-utils and datasette projects do; each step must stay valid for both dialects.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from dossier.store import tables as t


def _v1_initial(conn: Connection) -> None:
    t.metadata.create_all(conn, tables=[t.articles, t.actors, t.entities, t.rejections])
    if conn.dialect.name == "sqlite":
        # IF NOT EXISTS: pysqlite commits DDL on its own, so a run killed here may have left the table behind.
        conn.execute(
            sa.text("CREATE VIRTUAL TABLE IF NOT EXISTS article_search USING fts5(article_id UNINDEXED, title, body)")
        )
    elif conn.dialect.name == "postgresql":
        conn.execute(
            sa.text(
                "CREATE INDEX ix_articles_search ON articles USING GIN "
                "(to_tsvector('english', coalesce(title, '') || ' ' || body))"
            )
        )


def _v2_statements(conn: Connection) -> None:
    t.statements.create(conn)


def _v3_quantities(conn: Connection) -> None:
    t.quantities.create(conn)


def _v4_times(conn: Connection) -> None:
    t.times.create(conn)


def _v5_failures_and_versions(conn: Connection) -> None:
    # Written out rather than taken from ``tables``: a step must stay what it was when the live tables change.
    # Step 1 still builds ``rejections`` from the live table, so on a new database the column is there already.
    if "outcome" not in {column["name"] for column in sa.inspect(conn).get_columns("rejections")}:
        conn.execute(sa.text("ALTER TABLE rejections ADD COLUMN outcome VARCHAR(10) NOT NULL DEFAULT 'rejected'"))
    conn.execute(
        sa.text(
            "CREATE TABLE IF NOT EXISTS article_versions ("
            " article_id VARCHAR(200) NOT NULL REFERENCES articles (id) ON DELETE CASCADE,"
            " version INTEGER NOT NULL,"
            " content_hash VARCHAR(64) NOT NULL,"
            " title TEXT,"
            " body TEXT NOT NULL,"
            " published DATE,"
            " ingested_at TIMESTAMP WITH TIME ZONE NOT NULL,"
            " replaced_at TIMESTAMP WITH TIME ZONE NOT NULL,"
            " PRIMARY KEY (article_id, version))"
        )
    )


MIGRATIONS: list[Callable[[Connection], None]] = [
    _v1_initial, _v2_statements, _v3_quantities, _v4_times, _v5_failures_and_versions
]
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: Connection) -> int:
    """Bring the database to ``SCHEMA_VERSION``; returns the version it was at."""
    t.schema_version.create(conn, checkfirst=True)
    current = conn.execute(sa.select(sa.func.max(t.schema_version.c.version))).scalar() or 0
    for version, step in enumerate(MIGRATIONS[current:], start=current + 1):
        step(conn)
        conn.execute(t.schema_version.insert().values(version=version, applied_at=datetime.now(UTC)))
    return int(current)
