"""Schema migrations: frozen, ordered steps, each applied once and recorded in ``schema_version``.

Each step writes out its own DDL (tables declared here, as they were at that step, or SQL) and
never builds from ``tables``, so a step means the same thing on a database made today and on one
made a year ago. ``migrate`` runs all pending steps in one transaction under a lock (SQLite's
write lock, taken by ``BEGIN IMMEDIATE``; a PostgreSQL advisory lock), so two processes never
migrate at once and a run killed half-way leaves the database as it was.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from dossier.errors import StoreError

# Any 64-bit number unique to dossier: PostgreSQL's advisory lock is keyed by it.
_MIGRATION_LOCK = 0x646F7373696572


def _version_table(metadata: sa.MetaData) -> sa.Table:
    return sa.Table(
        "schema_version",
        metadata,
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
    )


def _v1_initial(conn: Connection) -> None:
    m = sa.MetaData()
    sa.Table(
        "articles", m,
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("content_hash", sa.String(64), nullable=False, index=True),
        sa.Column("url", sa.Text),
        sa.Column("outlet", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("authors", sa.JSON, nullable=False),
        sa.Column("published", sa.Date, index=True),
        sa.Column("language", sa.String(16)),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("captions", sa.JSON, nullable=False),
        sa.Column("metadata", sa.JSON, nullable=False),
        sa.Column("duplicate_of", sa.String(200), sa.ForeignKey("articles.id"), index=True),
        sa.Column("minhash", sa.LargeBinary),
        sa.Column("analysis_skipped", sa.Text),
        sa.Column("pipeline_version", sa.String(100)),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    )
    sa.Table(
        "actors", m,
        sa.Column("id", sa.String(300), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("code", sa.String(3), index=True),
    )
    sa.Table(
        "entities", m,
        *_v1_extraction_key("entity_id"),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("label", sa.String(20), nullable=False),
        sa.Column("actor_id", sa.String(300), sa.ForeignKey("actors.id"), index=True),
        sa.Column("actor_code", sa.String(3)),
        sa.Column("role", sa.Text),
        sa.Column("pipeline_version", sa.String(100), nullable=False),
    )
    sa.Table(
        "rejections", m,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("rejected_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("source", "reason", name="uq_rejection_source_reason"),
    )
    m.create_all(conn)
    if conn.dialect.name == "sqlite":
        conn.execute(sa.text("CREATE VIRTUAL TABLE article_search USING fts5(article_id UNINDEXED, title, body)"))
    else:
        conn.execute(sa.text(
            "CREATE INDEX ix_articles_search ON articles USING GIN "
            "(to_tsvector('english', coalesce(title, '') || ' ' || body))"
        ))


def _v1_extraction_key(key: str) -> tuple[sa.Column[str], sa.Column[str]]:
    return (
        sa.Column("article_id", sa.String(200), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column(key, sa.String(20), primary_key=True),
    )


def _v2_statements(conn: Connection) -> None:
    m = sa.MetaData()
    sa.Table("articles", m, sa.Column("id", sa.String(200), primary_key=True))
    sa.Table(
        "statements", m,
        *_v1_extraction_key("statement_id"),
        sa.Column("source", sa.JSON),
        sa.Column("source_text", sa.Text),
        sa.Column("source_kind", sa.String(20)),
        sa.Column("source_actor_id", sa.String(300), index=True),
        sa.Column("cue_text", sa.Text, nullable=False),
        sa.Column("cue_start", sa.Integer, nullable=False),
        sa.Column("cue_end", sa.Integer, nullable=False),
        sa.Column("content_text", sa.Text, nullable=False),
        sa.Column("content_start", sa.Integer, nullable=False),
        sa.Column("content_end", sa.Integer, nullable=False),
        sa.Column("stance", sa.String(10), nullable=False, index=True),
        sa.Column("via", sa.JSON, nullable=False),
        sa.Column("hedges", sa.JSON, nullable=False),
        sa.Column("direct_quote", sa.Boolean, nullable=False),
        sa.Column("responds_to", sa.String(20)),
        sa.Column("pipeline_version", sa.String(100), nullable=False),
    ).create(conn)


def _v3_quantities(conn: Connection) -> None:
    m = sa.MetaData()
    sa.Table("articles", m, sa.Column("id", sa.String(200), primary_key=True))
    sa.Table(
        "quantities", m,
        *_v1_extraction_key("quantity_id"),
        *_v3_quantity_columns(),
        sa.Column("pipeline_version", sa.String(100), nullable=False),
    ).create(conn)


def _v4_times(conn: Connection) -> None:
    m = sa.MetaData()
    sa.Table("articles", m, sa.Column("id", sa.String(200), primary_key=True))
    sa.Table(
        "times", m,
        *_v1_extraction_key("time_id"),
        *_v4_time_columns(),
        sa.Column("pipeline_version", sa.String(100), nullable=False),
    ).create(conn)


# -- step 5: failures, versions, deduplication in the store, leaner rows -------------------------------------------


def _v3_quantity_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("value", sa.Float),
        sa.Column("low", sa.Float),
        sa.Column("high", sa.Float),
        sa.Column("approximate", sa.Boolean, nullable=False),
        sa.Column("qualifier", sa.String(40)),
        sa.Column("unit", sa.String(80)),
        sa.Column("object", sa.Text, index=True),
        sa.Column("per", sa.String(20)),
        sa.Column("change", sa.String(10), nullable=False),
        sa.Column("statement_id", sa.String(20)),
    ]


def _v4_time_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("type", sa.String(10), nullable=False),
        sa.Column("value", sa.String(40), index=True),
        sa.Column("caption", sa.Integer),
    ]


def _v5_extraction_tables(m: sa.MetaData, suffix: str) -> list[sa.Table]:
    """The four extraction tables without the per-row pipeline version (the article row carries it), statements
    with their source in columns rather than repeated as JSON; in SQLite clustered on their key (WITHOUT ROWID),
    which spares a second copy of the key in an index."""
    def table(name: str, key: str, *columns: sa.Column[object]) -> sa.Table:
        return sa.Table(f"{name}{suffix}", m, *_v1_extraction_key(key), *columns, sqlite_with_rowid=False)

    return [
        table(
            "entities", "entity_id",
            sa.Column("start", sa.Integer, nullable=False),
            sa.Column("end", sa.Integer, nullable=False),
            sa.Column("text", sa.Text, nullable=False),
            sa.Column("label", sa.String(20), nullable=False),
            sa.Column("actor_id", sa.String(300), sa.ForeignKey("actors.id"), index=True),
            sa.Column("actor_code", sa.String(3)),
            sa.Column("role", sa.Text),
        ),
        table(
            "statements", "statement_id",
            sa.Column("source_text", sa.Text),
            sa.Column("source_start", sa.Integer),
            sa.Column("source_end", sa.Integer),
            sa.Column("source_kind", sa.String(20)),
            sa.Column("source_role", sa.Text),
            sa.Column("source_actor_id", sa.String(300), index=True),
            sa.Column("source_actor_code", sa.String(3)),
            sa.Column("source_actor_role", sa.Text),
            sa.Column("source_mention_text", sa.Text),
            sa.Column("source_mention_start", sa.Integer),
            sa.Column("source_mention_end", sa.Integer),
            sa.Column("cue_text", sa.Text, nullable=False),
            sa.Column("cue_start", sa.Integer, nullable=False),
            sa.Column("cue_end", sa.Integer, nullable=False),
            sa.Column("content_text", sa.Text, nullable=False),
            sa.Column("content_start", sa.Integer, nullable=False),
            sa.Column("content_end", sa.Integer, nullable=False),
            sa.Column("stance", sa.String(10), nullable=False, index=True),
            sa.Column("via", sa.JSON, nullable=False),
            sa.Column("hedges", sa.JSON, nullable=False),
            sa.Column("direct_quote", sa.Boolean, nullable=False),
            sa.Column("responds_to", sa.String(20)),
            sa.Column("responds_to_article", sa.String(200)),
        ),
        table("quantities", "quantity_id", *_v3_quantity_columns()),
        table("times", "time_id", *_v4_time_columns()),
    ]


# Keeps SQLite's full-text index in step with the originals among the articles: the index holds no copy of the
# text (external content, read through the view), so every change to an article's text reaches it through these.
_SQLITE_SEARCH = [
    "CREATE VIEW article_text AS SELECT seq, coalesce(title, '') AS title, body FROM articles "
    "WHERE duplicate_of IS NULL",
    "CREATE VIRTUAL TABLE article_search USING fts5(title, body, content='article_text', content_rowid='seq')",
    """CREATE TRIGGER articles_numbered AFTER INSERT ON articles WHEN new.seq IS NULL BEGIN
        UPDATE articles SET seq = (SELECT coalesce(max(seq), 0) + 1 FROM articles) WHERE id = new.id;
    END""",
    """CREATE TRIGGER articles_searchable AFTER UPDATE OF seq ON articles
        WHEN old.seq IS NULL AND new.duplicate_of IS NULL BEGIN
        INSERT INTO article_search (rowid, title, body) VALUES (new.seq, coalesce(new.title, ''), new.body);
    END""",
    """CREATE TRIGGER articles_search_update AFTER UPDATE OF title, body, duplicate_of ON articles BEGIN
        INSERT INTO article_search (article_search, rowid, title, body)
            SELECT 'delete', old.seq, coalesce(old.title, ''), old.body WHERE old.duplicate_of IS NULL;
        INSERT INTO article_search (rowid, title, body)
            SELECT new.seq, coalesce(new.title, ''), new.body WHERE new.duplicate_of IS NULL;
    END""",
    """CREATE TRIGGER articles_search_delete AFTER DELETE ON articles WHEN old.duplicate_of IS NULL BEGIN
        INSERT INTO article_search (article_search, rowid, title, body)
            VALUES ('delete', old.seq, coalesce(old.title, ''), old.body);
    END""",
]


def _v5_outcomes_versions_dedup_and_lean_rows(conn: Connection) -> None:
    sqlite = conn.dialect.name == "sqlite"
    m = sa.MetaData()
    sa.Table("articles", m, sa.Column("id", sa.String(200), primary_key=True))
    sa.Table("actors", m, sa.Column("id", sa.String(300), primary_key=True))
    sa.Table("store_settings", m, sa.Column("name", sa.String(100), primary_key=True),
             sa.Column("value", sa.Text, nullable=False))
    sa.Table(
        "article_bands", m,
        sa.Column("bucket", sa.BigInteger, primary_key=True),
        sa.Column("article_id", sa.String(200), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sqlite_with_rowid=False,
    )
    sa.Table(
        "article_versions", m,
        sa.Column("article_id", sa.String(200), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("published", sa.Date),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("replaced_at", sa.DateTime(timezone=True), nullable=False),
    )
    m.create_all(conn, tables=[m.tables[n] for n in ("store_settings", "article_bands", "article_versions")])
    conn.execute(sa.text("ALTER TABLE rejections ADD COLUMN outcome VARCHAR(10) NOT NULL DEFAULT 'rejected'"))

    # Articles: numbered, without the stored signature (bands replace it), one original per text.
    conn.execute(sa.text("ALTER TABLE articles ADD COLUMN seq BIGINT"))
    conn.execute(sa.text(
        "UPDATE articles SET seq = numbered.n FROM (SELECT id, row_number() OVER (ORDER BY ingested_at, id) AS n "
        "FROM articles) AS numbered WHERE numbered.id = articles.id"
    ))
    conn.execute(sa.text("CREATE UNIQUE INDEX ux_articles_seq ON articles (seq)"))
    conn.execute(sa.text("ALTER TABLE articles DROP COLUMN minhash"))
    _one_original_per_text(conn)
    conn.execute(sa.text(
        "CREATE UNIQUE INDEX ux_articles_original_text ON articles (content_hash) WHERE duplicate_of IS NULL"
    ))
    if sqlite:
        conn.execute(sa.text("DROP TABLE article_search"))
        for statement in _SQLITE_SEARCH:
            conn.execute(sa.text(statement))
        conn.execute(sa.text("INSERT INTO article_search (article_search) VALUES ('rebuild')"))
    else:
        conn.execute(sa.text("CREATE SEQUENCE articles_seq_seq OWNED BY articles.seq"))
        conn.execute(sa.text("SELECT setval('articles_seq_seq', (SELECT coalesce(max(seq), 0) + 1 FROM articles), false)"))
        conn.execute(sa.text("ALTER TABLE articles ALTER COLUMN seq SET DEFAULT nextval('articles_seq_seq')"))

    # Extraction tables rebuilt in their new shape; nothing references them, so they can be replaced whole.
    new = {t.name.removesuffix("_v5"): t for t in _v5_extraction_tables(m, "_v5")}
    for table in new.values():
        table.create(conn)
    for name in ("entities", "quantities", "times"):
        columns = ", ".join(f'"{c.name}"' for c in new[name].columns)
        conn.execute(sa.text(f"INSERT INTO {name}_v5 ({columns}) SELECT {columns} FROM {name}"))
    _copy_statements(conn, new["statements"])
    for name, table in new.items():
        conn.execute(sa.text(f"DROP TABLE {name}"))
        for index in table.indexes:  # names follow the table's; dropped with the table, made again for the new name
            conn.execute(sa.text(f"DROP INDEX IF EXISTS {index.name}"))
        conn.execute(sa.text(f"ALTER TABLE {name}_v5 RENAME TO {name}"))
        for index in table.indexes:
            columns = ", ".join(f'"{c.name}"' for c in index.columns)
            conn.execute(sa.text(f"CREATE INDEX ix_{name}_{index.columns[0].name} ON {name} ({columns})"))


def _one_original_per_text(conn: Connection) -> None:
    """Where concurrent runs stored one text twice as an original, the first stored stays the original and the
    others become its copies (their analyses go: a copy is not analysed)."""
    rows = conn.execute(sa.text(
        "SELECT id, content_hash FROM articles WHERE duplicate_of IS NULL AND content_hash IN ("
        " SELECT content_hash FROM articles WHERE duplicate_of IS NULL GROUP BY content_hash HAVING count(*) > 1)"
        " ORDER BY seq"
    )).all()
    first: dict[str, str] = {}
    for article_id, digest in rows:
        original = first.setdefault(digest, article_id)
        if original != article_id:
            for table in ("entities", "statements", "quantities", "times"):
                conn.execute(sa.text(f"DELETE FROM {table} WHERE article_id = :id"), {"id": article_id})
            conn.execute(
                sa.text("UPDATE articles SET duplicate_of = :original, analysis_skipped = :why WHERE id = :id"),
                {"original": original, "why": f"duplicate of {original}", "id": article_id},
            )


def _copy_statements(conn: Connection, target: sa.Table) -> None:
    old = sa.Table("statements", sa.MetaData(), autoload_with=conn)
    rows = conn.execute(sa.select(old)).mappings().all()
    for start in range(0, len(rows), 1000):
        conn.execute(target.insert(), [_statement_row(row) for row in rows[start : start + 1000]])


def _statement_row(row: sa.RowMapping) -> dict[str, object]:
    source = _json(row["source"])
    actor = _json(source.get("actor"))
    mention = _json(source.get("mention"))
    return dict(
        article_id=row["article_id"], statement_id=row["statement_id"],
        source_text=source.get("text"), source_start=source.get("start"), source_end=source.get("end"),
        source_kind=source.get("kind"), source_role=source.get("role"), source_actor_id=actor.get("id"),
        source_actor_code=actor.get("code"), source_actor_role=actor.get("role"),
        source_mention_text=mention.get("text"), source_mention_start=mention.get("start"),
        source_mention_end=mention.get("end"),
        **{c: row[c] for c in ("cue_text", "cue_start", "cue_end", "content_text", "content_start",
                               "content_end", "stance", "via", "hedges", "direct_quote", "responds_to")},
        responds_to_article=row["article_id"] if row["responds_to"] else None,
    )


def _json(value: object) -> dict[str, object]:
    if value is None:
        return {}
    return dict(json.loads(value) if isinstance(value, str) else value)  # type: ignore[arg-type]


def _v6_headlines(conn: Connection) -> None:
    """Records found in the headline: their offsets point into the title."""
    false = "0" if conn.dialect.name == "sqlite" else "false"
    for table in ("entities", "statements", "quantities", "times"):
        conn.execute(sa.text(f"ALTER TABLE {table} ADD COLUMN in_title BOOLEAN NOT NULL DEFAULT {false}"))


def _v7_newest_first(conn: Connection) -> None:
    """An index for listing originals newest first (undated last), and statistics so the planner picks it."""
    nulls = "" if conn.dialect.name == "sqlite" else " NULLS LAST"  # SQLite sorts NULLs last when descending
    conn.execute(sa.text(
        f"CREATE INDEX ix_originals_newest ON articles (published DESC{nulls}, seq DESC) WHERE duplicate_of IS NULL"
    ))
    conn.execute(sa.text("ANALYZE" if conn.dialect.name == "sqlite" else "ANALYZE articles"))


def _v8_claims(conn: Connection) -> None:
    """Claims and the units linked into them; every stored original waits for its units to be prepared."""
    m = sa.MetaData()
    sa.Table("articles", m, sa.Column("id", sa.String(200), primary_key=True))
    claims = sa.Table(
        "claims", m,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("first_seen", sa.Date),
        sa.Column("last_seen", sa.Date, index=True),
    )
    units = sa.Table(
        "claim_units", m,
        sa.Column("article_id", sa.String(200), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("statement_id", sa.String(20), primary_key=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("claim_id", sa.Integer, sa.ForeignKey("claims.id"), index=True),
        sa.Column("similarity", sa.Float),
        sa.Column("generation", sa.BigInteger, index=True),
        sa.Column("stance", sa.String(10), nullable=False),
        sa.Column("responds_to", sa.String(20)),
        sa.Column("counts", sa.JSON, nullable=False),
        sa.Column("embedding", sa.LargeBinary, nullable=False),
        sa.Column("chars", sa.LargeBinary, nullable=False),
    )
    claims.create(conn)
    units.create(conn)
    conn.execute(sa.text("ALTER TABLE articles ADD COLUMN claims_linked BOOLEAN"))
    conn.execute(sa.text("CREATE INDEX ix_articles_claims_linked ON articles (claims_linked)"))
    true = "1" if conn.dialect.name == "sqlite" else "true"
    conn.execute(sa.text(f"UPDATE articles SET claims_linked = {true} WHERE duplicate_of IS NOT NULL"))


def _v9_claim_descriptions(conn: Connection) -> None:
    """Each claim's summary, status, independent sources, plottable figures and whole record kept on its row, so that
    a board of claims is one indexed query and a claim page one row; existing claims wait to be described by the
    next linking run."""
    false = "0" if conn.dialect.name == "sqlite" else "false"
    for column in ("summary TEXT", "status VARCHAR(20)", "independent_sources INTEGER", "figures INTEGER", "record JSON",
                   f"described BOOLEAN NOT NULL DEFAULT {false}"):
        conn.execute(sa.text(f"ALTER TABLE claims ADD COLUMN {column}"))
    conn.execute(sa.text("CREATE INDEX ix_claims_described ON claims (described)"))
    nulls = "" if conn.dialect.name == "sqlite" else " NULLS LAST"
    conn.execute(sa.text(f"CREATE INDEX ix_claims_latest ON claims (last_seen DESC{nulls}, id DESC)"))
    conn.execute(sa.text(f"CREATE INDEX ix_claims_status_latest ON claims (status, last_seen DESC{nulls}, id DESC)"))


def _v10_actor_sectors(conn: Connection) -> None:
    """Each mention's actor sector (GOV, MIL, SPY, IGO…), kept per mention like its role, since a person's changes
    over time; rows stored before stay without one."""
    conn.execute(sa.text("ALTER TABLE entities ADD COLUMN actor_sector VARCHAR(3)"))
    conn.execute(sa.text("ALTER TABLE statements ADD COLUMN source_actor_sector VARCHAR(3)"))


def _v11_events(conn: Connection) -> None:
    """PLOVER events: type and mode, source and target codes, date and where it came from, the carrying statement
    and its stance, negation / future / hypothetical marks, the quantities in the event's text. Articles stored
    before have none until analysed again."""
    m = sa.MetaData()
    sa.Table("articles", m, sa.Column("id", sa.String(200), primary_key=True))
    sa.Table(
        "events", m,
        *_v1_extraction_key("event_id"),
        sa.Column("type", sa.String(10), nullable=False, index=True),
        sa.Column("mode", sa.String(40)),
        sa.Column("source", sa.JSON, nullable=False),
        sa.Column("target", sa.JSON, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("date", sa.String(40), index=True),
        sa.Column("date_from", sa.String(10)),
        sa.Column("statement_id", sa.String(20)),
        sa.Column("stance", sa.String(10)),
        sa.Column("negated", sa.Boolean, nullable=False),
        sa.Column("future", sa.Boolean, nullable=False),
        sa.Column("hypothetical", sa.Boolean, nullable=False),
        sa.Column("source_text", sa.Text),
        sa.Column("target_text", sa.Text),
        sa.Column("quantities", sa.JSON, nullable=False),
        sa.Column("in_title", sa.Boolean, nullable=False, server_default=sa.false()),
        sqlite_with_rowid=False,
    ).create(conn)


def _v12_claims_at_scale(conn: Connection) -> None:
    """Indexes that keep linking and listing claims as fast at a million articles as at a thousand: the articles
    waiting for linking, and those whose units were never prepared, in the order stored (each a partial index on
    the very condition linking asks, so that finding the few newest is not a walk over every article stored); and
    claims the most followed first (``dossier claims``), which sorted every claim."""
    false = "0" if conn.dialect.name == "sqlite" else "false"
    conn.execute(sa.text(f"CREATE INDEX ix_articles_waiting ON articles (seq) WHERE claims_linked IS {false}"))
    conn.execute(sa.text(
        "CREATE INDEX ix_articles_unprepared ON articles (seq) WHERE claims_linked IS NULL AND duplicate_of IS NULL"
    ))
    conn.execute(sa.text("CREATE INDEX ix_claims_most_followed ON claims (size DESC, id)"))


def _v13_claim_vectors(conn: Connection) -> None:
    """Each claim's summed unit vectors and its cell (``claims.cells``), so that linking reads the few cells a new
    unit could join instead of every unit stored; and the claims waiting to be summed again (a removal puts the
    claims it changes there). The claims stored before are summed by the next linking run, which finds no cells
    named in ``store_settings`` and so places every claim."""
    m = sa.MetaData()
    sa.Table("claims", m, sa.Column("id", sa.Integer, primary_key=True, autoincrement=False))
    sa.Table(
        "claim_vectors", m,
        sa.Column("claim_id", sa.Integer, sa.ForeignKey("claims.id"), primary_key=True, autoincrement=False),
        sa.Column("cell", sa.Integer, nullable=False, index=True),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("generation", sa.BigInteger, nullable=False, index=True),
        sa.Column("latest", sa.BigInteger, nullable=False),
        sa.Column("counts", sa.JSON, nullable=False),
        sa.Column("embedding", sa.LargeBinary, nullable=False),
        sa.Column("chars", sa.LargeBinary, nullable=False),
    ).create(conn)
    sa.Table(
        "claims_to_sum", m, sa.Column("claim_id", sa.Integer, sa.ForeignKey("claims.id"), primary_key=True,
                                      autoincrement=False),
    ).create(conn)


MIGRATIONS: list[Callable[[Connection], None]] = [
    _v1_initial, _v2_statements, _v3_quantities, _v4_times, _v5_outcomes_versions_dedup_and_lean_rows,
    _v6_headlines, _v7_newest_first, _v8_claims, _v9_claim_descriptions, _v10_actor_sectors, _v11_events,
    _v12_claims_at_scale, _v13_claim_vectors,
]
SCHEMA_VERSION = len(MIGRATIONS)


def current_version(conn: Connection) -> int:
    """The schema version of the database; 0 for an empty one."""
    if not sa.inspect(conn).has_table("schema_version"):
        return 0
    return int(conn.execute(sa.text("SELECT coalesce(max(version), 0) FROM schema_version")).scalar_one())


def migrate(conn: Connection, up_to: int = SCHEMA_VERSION) -> int:
    """Bring the database to ``up_to`` inside the caller's transaction, holding the migration lock; returns the
    version it was at. The caller's transaction must be a writing one (``BEGIN IMMEDIATE`` on SQLite)."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
    current = current_version(conn)
    if current > SCHEMA_VERSION:
        raise StoreError(
            f"the database is at schema version {current}, newer than this dossier knows ({SCHEMA_VERSION}); "
            "upgrade dossier"
        )
    if current == 0:
        _version_table(sa.MetaData()).create(conn)
    for version, step in enumerate(MIGRATIONS[current:up_to], start=current + 1):
        step(conn)
        conn.execute(
            sa.text("INSERT INTO schema_version (version, applied_at) VALUES (:v, :at)"),
            {"v": version, "at": datetime.now(UTC)},
        )
    return current
