"""The relational schema as it stands (SQLAlchemy Core), portable between SQLite and PostgreSQL.

These objects are what the store reads and writes; ``migrations`` never builds from them, it
writes each step out (and owns ``schema_version``), so that this module can change while every
step stays what it was.

Every extracted row keeps its article id and its character offsets into ``articles.body``; the
pipeline version that produced a whole analysis is kept once, on the article's row. Outside one
article's record a statement (or quantity, time, entity) is addressed by its article id and its
own id together.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()


def _extraction_table(name: str, key: str, *columns: sa.Column[object]) -> sa.Table:
    """A table of things extracted from articles, keyed by article and the thing's id in its article."""
    return sa.Table(
        name,
        metadata,
        sa.Column("article_id", sa.String(200), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column(key, sa.String(20), primary_key=True),
        *columns,
        sa.Column("in_title", sa.Boolean, nullable=False, server_default=sa.false()),
    )


# What a database was built with and must be read with (the near-duplicate band scheme).
store_settings = sa.Table(
    "store_settings",
    metadata,
    sa.Column("name", sa.String(100), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

articles = sa.Table(
    "articles",
    metadata,
    sa.Column("id", sa.String(200), primary_key=True),
    # A number per article in the order stored: the full-text index's row id in SQLite, and a stable cursor.
    sa.Column("seq", sa.BigInteger, unique=True),
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
    sa.Column("analysis_skipped", sa.Text),
    sa.Column("pipeline_version", sa.String(100)),
    sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    # Linking into claims: NULL while the article's units are not prepared (a store from before claims, or a
    # re-analysed article), false while they wait for linking, true once linked (a copy has nothing to link).
    sa.Column("claims_linked", sa.Boolean, index=True),
)

# Near-duplicate candidates: one row per LSH band of an original's MinHash signature. ``bucket`` hashes the band's
# number and values together, so that one indexed column finds every original sharing a band with a new article.
article_bands = sa.Table(
    "article_bands",
    metadata,
    sa.Column("bucket", sa.BigInteger, primary_key=True),
    sa.Column("article_id", sa.String(200), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
)

# Earlier texts of an article whose id came again with a changed text (a correction): the article row holds
# the newest version and its analysis; each replaced one is kept here, numbered from 1.
article_versions = sa.Table(
    "article_versions",
    metadata,
    sa.Column("article_id", sa.String(200), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("title", sa.Text),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("published", sa.Date),
    sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("replaced_at", sa.DateTime(timezone=True), nullable=False),
)

actors = sa.Table(
    "actors",
    metadata,
    sa.Column("id", sa.String(300), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("code", sa.String(3), index=True),
)

entities = _extraction_table(
    "entities",
    "entity_id",
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("label", sa.String(20), nullable=False),
    sa.Column("actor_id", sa.String(300), sa.ForeignKey("actors.id"), index=True),
    sa.Column("actor_code", sa.String(3)),
    sa.Column("role", sa.Text),
    sa.Column("actor_sector", sa.String(3)),
)

statements = _extraction_table(
    "statements",
    "statement_id",
    sa.Column("source_text", sa.Text),
    sa.Column("source_start", sa.Integer),
    sa.Column("source_end", sa.Integer),
    sa.Column("source_kind", sa.String(20)),
    sa.Column("source_role", sa.Text),
    sa.Column("source_actor_id", sa.String(300), index=True),
    sa.Column("source_actor_code", sa.String(3)),
    sa.Column("source_actor_role", sa.Text),
    sa.Column("source_actor_sector", sa.String(3)),
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
)

quantities = _extraction_table(
    "quantities",
    "quantity_id",
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
)

times = _extraction_table(
    "times",
    "time_id",
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("type", sa.String(10), nullable=False),
    sa.Column("value", sa.String(40), index=True),
    sa.Column("caption", sa.Integer),
)
events = _extraction_table(
    "events",
    "event_id",
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
)

# Claims: propositions followed across articles. A claim is its units; what is kept here is what listing claims
# needs without reading them (how many, first and last seen, its description).
claims = sa.Table(
    "claims",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("first_seen", sa.Date),
    sa.Column("last_seen", sa.Date, index=True),
    # What listing shows without assembling the claim (``ClaimDescription``); ``described`` is false from the
    # moment its units change until the linking process describes it again.
    sa.Column("summary", sa.Text),
    sa.Column("status", sa.String(20)),
    sa.Column("independent_sources", sa.Integer),
    sa.Column("figures", sa.Integer),
    sa.Column("record", sa.JSON),  # the claim record (``model.claim_record``) as last described
    sa.Column("described", sa.Boolean, nullable=False, index=True),
)

# The statements of originals that are linked into claims (``claims.units``), with their vectors, so that claims
# rebuild without the embedding model. ``generation`` numbers the linking transaction that placed the unit, so a
# process's in-memory index catches up with what others linked since.
claim_units = sa.Table(
    "claim_units",
    metadata,
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

# What linking compares a new unit with (``claims.linker``): each claim's units' vectors summed in the order linked,
# with the cell it lives in (``claims.cells``), so that a unit reads the claims of a few cells, not every unit.
# ``generation`` is the linking transaction that last wrote the row, so a process's cache of cells catches up.
claim_vectors = sa.Table(
    "claim_vectors",
    metadata,
    sa.Column("claim_id", sa.Integer, sa.ForeignKey("claims.id"), primary_key=True, autoincrement=False),
    sa.Column("cell", sa.Integer, nullable=False, index=True),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("generation", sa.BigInteger, nullable=False, index=True),
    sa.Column("latest", sa.BigInteger, nullable=False),  # articles.seq of its latest unit's article
    sa.Column("counts", sa.JSON, nullable=False),
    sa.Column("embedding", sa.LargeBinary, nullable=False),
    sa.Column("chars", sa.LargeBinary, nullable=False),
)

# Claims whose vectors must be summed again from their units before linking goes on: units left them (a new
# version of an article, a new analysis), or they were stored before ``claim_vectors`` existed.
claims_to_sum = sa.Table(
    "claims_to_sum",
    metadata,
    sa.Column("claim_id", sa.Integer, sa.ForeignKey("claims.id"), primary_key=True, autoincrement=False),
)

# Items that did not become articles: ``rejected`` (the input is at fault; the reason says the fix) or
# ``failed`` (reading or analysis raised: the exception's class and message).
rejections = sa.Table(
    "rejections",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("rejected_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("outcome", sa.String(10), nullable=False, server_default="rejected"),
    sa.UniqueConstraint("source", "reason", name="uq_rejection_source_reason"),
)
