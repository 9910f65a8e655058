"""Read functions over a store: what the CLI shows now and the HTTP API serves next.

Each function takes the store and returns frozen records; each runs a fixed number of queries
however many rows it returns (no query per row). Lists are pages: ``Page.next`` is an opaque cursor
to pass back as ``after`` for the following page, stable while new articles arrive.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from dossier.claims.view import Member, assemble
from dossier.errors import ConfigurationError
from dossier.model import Analysis, Article, Claim, Statement
from dossier.store import Store
from dossier.store import tables as t
from dossier.store.records import KINDS, article_from_row

T = TypeVar("T")
S = TypeVar("S", bound=sa.Select[Any])


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: list[T]
    next: str | None = None


@dataclass(frozen=True, slots=True)
class StatementHit:
    """A statement with its global address (article id and statement id) and where it appeared."""

    article_id: str
    outlet: str | None
    published: date | None
    title: str | None
    statement: Statement


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    article: Article
    statements: int
    quantities: int
    times: int
    actors: tuple[str, ...]  # the most named, "Name (CODE)", most named first


def get_analysis(store: Store, article_id: str) -> Analysis | None:
    found = store.read(lambda conn: analyses(conn, [article_id]))
    return found[0] if found else None


def analyses(conn: Connection, article_ids: Sequence[str]) -> list[Analysis]:
    """The analyses of these articles, in the order given (unknown ids left out): one query for the articles and
    one per kind of extraction."""
    rows = {row["id"]: row for row in conn.execute(sa.select(t.articles).where(t.articles.c.id.in_(article_ids))).mappings()}
    found: dict[str, dict[str, list[Any]]] = {article_id: {} for article_id in rows}
    for kind in KINDS:
        for row in conn.execute(kind.select().where(kind.table.c.article_id.in_(list(rows)))).mappings():
            found[row["article_id"]].setdefault(kind.field, []).append(kind.from_row(row))
    return [
        Analysis(
            article_from_row(rows[article_id]),
            skipped=rows[article_id]["analysis_skipped"],
            pipeline_version=rows[article_id]["pipeline_version"] or "",
            **{field: tuple(records) for field, records in found[article_id].items()},
        )
        for article_id in article_ids
        if article_id in rows
    ]


def search(store: Store, text: str, limit: int = 20) -> list[Article]:
    """Full-text search over titles and bodies of stored originals, best match first."""
    return store.read(lambda conn: [article_from_row(row) for row in conn.execute(_search(conn, text, limit)).mappings()])


def _search(conn: Connection, text: str, limit: int) -> sa.Executable:
    if conn.dialect.name == "sqlite":
        return sa.text(
            "SELECT a.* FROM article_search s JOIN articles a ON a.seq = s.rowid "
            "WHERE article_search MATCH :q ORDER BY rank LIMIT :n"
        ).bindparams(q=_fts5_phrase(text), n=limit)
    document = sa.func.to_tsvector("english", sa.func.coalesce(t.articles.c.title, "") + " " + t.articles.c.body)
    tsquery = sa.func.plainto_tsquery("english", text)
    return (
        sa.select(t.articles)
        .where(document.op("@@")(tsquery), t.articles.c.duplicate_of.is_(None))
        .order_by(sa.func.ts_rank(document, tsquery).desc())
        .limit(limit)
    )


def _fts5_phrase(text: str) -> str:
    # Each word quoted: user text never reaches FTS5's query syntax (AND, NEAR, column filters).
    return " ".join('"' + word.replace('"', '""') + '"' for word in text.split())


def articles(
    store: Store,
    *,
    outlet: str | None = None,
    since: date | None = None,
    until: date | None = None,
    originals_only: bool = True,
    limit: int = 50,
    after: str | None = None,
) -> Page[Article]:
    """Stored articles, newest publication first, filtered by outlet and publication dates (inclusive)."""
    a = t.articles
    query = sa.select(a).order_by(*_NEWEST_FIRST).limit(limit + 1)
    if originals_only:
        query = query.where(a.c.duplicate_of.is_(None))
    if outlet is not None:
        query = query.where(a.c.outlet == outlet)
    query = _published_between(query, since, until)
    if after is not None:
        day, seq = _cursor(after, 2)
        query = query.where(_after_article(day, seq))
    rows = store.read(lambda conn: conn.execute(query).mappings().all())
    found = [article_from_row(row) for row in rows[:limit]]
    next_page = None
    if len(rows) > limit:
        last = rows[limit - 1]
        next_page = _make_cursor(_day(last["published"]), last["seq"])
    return Page(found, next_page)


def statements(
    store: Store,
    *,
    actor: str | None = None,
    stance: str | None = None,
    since: date | None = None,
    until: date | None = None,
    limit: int = 50,
    after: str | None = None,
) -> Page[StatementHit]:
    """Statements by source actor id (``person:dmitry-peskov``, ``country:RUS``), stance and publication date of their
    article, newest first."""
    a, s = t.articles, t.statements
    statement_kind = next(kind for kind in KINDS if kind.table is s)
    query = (
        statement_kind.select()
        .join(a, a.c.id == s.c.article_id)
        .add_columns(a.c.outlet, a.c.published, a.c.title, a.c.seq)
        .order_by(None)
        .order_by(*_NEWEST_FIRST, s.c.cue_start, s.c.statement_id)
        .limit(limit + 1)
    )
    if actor is not None:
        query = query.where(s.c.source_actor_id == actor)
    if stance is not None:
        query = query.where(s.c.stance == stance)
    query = _published_between(query, since, until)
    if after is not None:
        day, seq, cue_start, statement_id = _cursor(after, 4)
        later_in_article = sa.or_(
            s.c.cue_start > cue_start, sa.and_(s.c.cue_start == cue_start, s.c.statement_id > statement_id)
        )
        query = query.where(sa.or_(_after_article(day, seq), sa.and_(a.c.seq == seq, later_in_article)))
    rows = store.read(lambda conn: conn.execute(query).mappings().all())
    hits = [
        StatementHit(row["article_id"], row["outlet"], row["published"], row["title"], statement_kind.from_row(row))
        for row in rows[:limit]
    ]
    next_page = None
    if len(rows) > limit:
        last = rows[limit - 1]
        next_page = _make_cursor(_day(last["published"]), last["seq"], last["cue_start"], last["statement_id"])
    return Page(hits, next_page)


def summaries(store: Store, article_ids: Sequence[str]) -> list[ArticleSummary]:
    """For a listing: each article with how many statements, quantities and times it has and its most named
    actors, in four queries."""
    ids = list(article_ids)

    def query(conn: Connection) -> list[ArticleSummary]:
        rows = {r["id"]: r for r in conn.execute(sa.select(t.articles).where(t.articles.c.id.in_(ids))).mappings()}
        counted: dict[str, dict[str, int]] = {i: {} for i in rows}
        for table in (t.statements, t.quantities, t.times):
            grouped = sa.select(table.c.article_id, sa.func.count()).where(table.c.article_id.in_(ids))
            for article_id, count in conn.execute(grouped.group_by(table.c.article_id)):
                counted[article_id][table.name] = count
        named = (
            sa.select(t.entities.c.article_id, t.actors.c.name, t.entities.c.actor_code, sa.func.count())
            .join(t.actors, t.actors.c.id == t.entities.c.actor_id)
            .where(t.entities.c.article_id.in_(ids))
            .group_by(t.entities.c.article_id, t.actors.c.name, t.entities.c.actor_code)
            .order_by(sa.func.count().desc(), t.actors.c.name)
        )
        actors: dict[str, list[str]] = {i: [] for i in rows}
        for article_id, name, code, _ in conn.execute(named):
            label = f"{name} ({code})" if code else name
            if label not in actors[article_id]:
                actors[article_id].append(label)
        return [
            ArticleSummary(article_from_row(rows[i]), counted[i].get("statements", 0), counted[i].get("quantities", 0),
                           counted[i].get("times", 0), tuple(actors[i][:6]))
            for i in ids
            if i in rows
        ]

    return store.read(query)


def counts(store: Store) -> dict[str, int]:
    """How many of each kind of row the store holds; each count an indexed query."""

    def query(conn: Connection) -> dict[str, int]:
        def count(table: sa.Table, *where: Any) -> int:
            return int(conn.execute(sa.select(sa.func.count()).select_from(table).where(*where)).scalar_one())

        found = {
            "articles": count(t.articles, t.articles.c.duplicate_of.is_(None)),
            "duplicates": count(t.articles, t.articles.c.duplicate_of.is_not(None)),
            "rejections": count(t.rejections, t.rejections.c.outcome == "rejected"),
            "failures": count(t.rejections, t.rejections.c.outcome == "failed"),
        }
        found.update({kind.field: count(kind.table) for kind in KINDS})
        found["actors"] = count(t.actors)
        found["claims"] = count(t.claims)
        found["waiting_for_linking"] = count(t.articles, t.articles.c.claims_linked.is_not(True))
        return found

    return store.read(query)


def claims(
    store: Store,
    *,
    about: str | None = None,
    since: date | None = None,
    min_size: int = 1,
    limit: int = 50,
    after: str | None = None,
) -> Page[Claim]:
    """Claims, the most followed first (most statements, then the earliest made): those with at least ``min_size``
    statements, seen since ``since``, and ``about`` a country code ("PRK") or with these words in a statement."""
    c, u, st = t.claims, t.claim_units, t.statements
    query = sa.select(c.c.id, c.c.size).where(c.c.size >= min_size).order_by(c.c.size.desc(), c.c.id).limit(limit + 1)
    if since is not None:
        query = query.where(c.c.last_seen >= since)
    if about:
        in_statements = (
            sa.select(u.c.claim_id).join(st, sa.and_(st.c.article_id == u.c.article_id,
                                                    st.c.statement_id == u.c.statement_id))
            .where(sa.func.lower(st.c.content_text).contains(about.lower(), autoescape=True))
        )
        naming = (
            sa.select(u.c.claim_id).join(t.entities, t.entities.c.article_id == u.c.article_id)
            .join(st, sa.and_(st.c.article_id == u.c.article_id, st.c.statement_id == u.c.statement_id))
            .where(t.entities.c.actor_code == about.upper(), t.entities.c.in_title == st.c.in_title,
                   t.entities.c.start >= st.c.content_start, t.entities.c.end <= st.c.content_end)
        )
        query = query.where(sa.or_(c.c.id.in_(in_statements), c.c.id.in_(naming)))
    if after is not None:
        size, claim = _claim_cursor(after)
        query = query.where(sa.or_(c.c.size < size, sa.and_(c.c.size == size, c.c.id > claim)))

    def read(conn: Connection) -> Page[Claim]:
        rows = conn.execute(query).all()
        page = [row.id for row in rows[:limit]]
        members: dict[int, list[Member]] = {claim: [] for claim in page}
        for row in conn.execute(
            sa.select(u.c.claim_id, u.c.article_id, u.c.statement_id, u.c.stance, u.c.embedding)
            .join(t.articles, t.articles.c.id == u.c.article_id)
            .where(u.c.claim_id.in_(page)).order_by(u.c.generation, t.articles.c.seq, u.c.position)
        ):
            members[row.claim_id].append(Member(row.article_id, row.statement_id, row.stance, row.embedding))
        found = {a.article.id: a for a in analyses(conn, sorted({m.article_id for ms in members.values() for m in ms}))}
        next_page = _make_cursor(rows[limit - 1].size, rows[limit - 1].id) if len(rows) > limit else None
        return Page([assemble(claim, members[claim], found) for claim in page], next_page)

    return store.read(read)


def _claim_cursor(token: str) -> tuple[int, int]:
    try:
        size, claim = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        return int(size), int(claim)
    except (ValueError, TypeError) as exc:
        raise ConfigurationError(f"cursor {token!r} is not one this store gave out; start from the first page") from exc


def _published_between(query: S, since: date | None, until: date | None) -> S:
    """Only articles published from ``since`` to ``until`` (inclusive, either open)."""
    if since is not None:
        query = query.where(t.articles.c.published >= since)
    if until is not None:
        query = query.where(t.articles.c.published <= until)
    return query


# Newest publication first, undated articles last; of one day, the later stored first. A partial index on the
# originals serves this order (migration 7).
_NEWEST_FIRST = (t.articles.c.published.desc().nulls_last(), t.articles.c.seq.desc())


def _after_article(day: str | None, seq: int) -> sa.ColumnElement[bool]:
    """The articles that come after the cursor's article in newest-first order."""
    a = t.articles
    if day is None:
        return sa.and_(a.c.published.is_(None), a.c.seq < seq)
    published = date.fromisoformat(day)
    return sa.or_(a.c.published < published, sa.and_(a.c.published == published, a.c.seq < seq),
                  a.c.published.is_(None))


def _day(published: date | None) -> str | None:
    return published.isoformat() if published is not None else None


def _make_cursor(*values: str | int | None) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def _cursor(token: str, size: int) -> list[Any]:
    try:
        values = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        if values[0] is not None:
            date.fromisoformat(values[0])
    except (ValueError, TypeError, IndexError, KeyError) as exc:
        raise ConfigurationError(f"cursor {token!r} is not one this store gave out; start from the first page") from exc
    if not isinstance(values, list) or len(values) != size:
        raise ConfigurationError(f"cursor {token!r} is not one this store gave out; start from the first page")
    return values
