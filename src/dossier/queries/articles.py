"""Articles and statements: listing, one article's analysis, full-text search, counts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from dossier.model import Analysis, Article, Statement
from dossier.queries.paging import (
    NEWEST_FIRST,
    Page,
    after_article,
    iso_day,
    make_cursor,
    published_between,
    read_cursor,
)
from dossier.store import Store
from dossier.store import tables as t
from dossier.store.records import KINDS, RecordKind, analyses, article_from_row

_STATEMENTS = next(kind for kind in KINDS if kind.table is t.statements)


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


def search(store: Store, text: str, limit: int = 20) -> list[Article]:
    """Full-text search over titles and bodies of stored originals, best match first."""
    return store.read(lambda conn: [article_from_row(row) for row in conn.execute(_search(conn, text, limit)).mappings()])


def _search(conn: Connection, text: str, limit: int) -> sa.Executable:
    if conn.dialect.name == "sqlite":
        return sa.text(
            "SELECT a.* FROM article_search s JOIN articles a ON a.seq = s.rowid "
            "WHERE article_search MATCH :q AND a.duplicate_of IS NULL ORDER BY rank LIMIT :n"
        ).bindparams(q=_fts5_phrase(text), n=limit)
    return (
        sa.select(t.articles)
        .where(matching(conn, text), t.articles.c.duplicate_of.is_(None))
        .order_by(sa.func.ts_rank(_document(), sa.func.plainto_tsquery("english", text)).desc())
        .limit(limit)
    )


def matching(conn: Connection, text: str) -> sa.ColumnElement[bool]:
    """Articles whose title or body has these words, by the database's full-text index (FTS5 on SQLite, a GIN
    index of ``to_tsvector`` on PostgreSQL)."""
    if conn.dialect.name == "sqlite":
        found = sa.text("SELECT rowid FROM article_search WHERE article_search MATCH :words").bindparams(
            words=_fts5_phrase(text)
        )
        return t.articles.c.seq.in_(found)
    return _document().op("@@")(sa.func.plainto_tsquery("english", text))


def _document() -> sa.ColumnElement[Any]:
    return sa.func.to_tsvector("english", sa.func.coalesce(t.articles.c.title, "") + " " + t.articles.c.body)


def _fts5_phrase(text: str) -> str:
    # Each word quoted: user text never reaches FTS5's query syntax (AND, NEAR, column filters).
    return " ".join('"' + word.replace('"', '""') + '"' for word in text.split())


def articles(
    store: Store,
    *,
    outlet: str | None = None,
    since: date | None = None,
    until: date | None = None,
    text: str | None = None,
    originals_only: bool = True,
    limit: int = 50,
    after: str | None = None,
) -> Page[Article]:
    """Stored articles, newest publication first, filtered by outlet, publication dates (inclusive) and words of
    their title or body."""
    a = t.articles
    query = sa.select(a).order_by(*NEWEST_FIRST).limit(limit + 1)
    if originals_only:
        query = query.where(a.c.duplicate_of.is_(None))
    if outlet is not None:
        query = query.where(a.c.outlet == outlet)
    query = published_between(query, since, until)
    if after is not None:
        day, seq = read_cursor(after, "articles", "date", "int")
        query = query.where(after_article(day, seq))

    def read(conn: Connection) -> Sequence[sa.RowMapping]:
        filtered = query.where(matching(conn, text)) if text and text.split() else query
        return conn.execute(filtered).mappings().all()

    rows = store.read(read)
    next_page = None
    if len(rows) > limit:
        last = rows[limit - 1]
        next_page = make_cursor("articles", iso_day(last["published"]), last["seq"])
    return Page([article_from_row(row) for row in rows[:limit]], next_page)


def statements(
    store: Store,
    *,
    actor: str | None = None,
    about: str | None = None,
    stance: str | None = None,
    text: str | None = None,
    since: date | None = None,
    until: date | None = None,
    limit: int = 50,
    after: str | None = None,
) -> Page[StatementHit]:
    """Statements by their source's actor id (``person:dmitry-peskov``, ``country:RUS``), ``about`` an actor id
    (named inside what they say), by stance, by words of their content or source, and by publication date of
    their article, newest first."""
    s = t.statements
    conditions: list[sa.ColumnElement[bool]] = []
    if actor is not None:
        conditions.append(s.c.source_actor_id == actor)
    if about is not None:
        conditions.append(naming(about))
    if stance is not None:
        conditions.append(s.c.stance == stance)
    if text and text.strip():
        words = text.strip().lower()
        conditions.append(sa.or_(sa.func.lower(s.c.content_text).contains(words, autoescape=True),
                                 sa.func.lower(s.c.source_text).contains(words, autoescape=True)))
    rows, next_page = newest_first(store, _STATEMENTS, s.c.cue_start, "statements", conditions, since, until, limit,
                                   after)
    return Page([StatementHit(row["article_id"], row["outlet"], row["published"], row["title"],
                              _STATEMENTS.from_row(row)) for row in rows], next_page)


def newest_first(
    store: Store, kind: RecordKind, position: sa.Column[int], listing: str,
    conditions: Sequence[sa.ColumnElement[bool]], since: date | None, until: date | None, limit: int,
    after: str | None,
) -> tuple[list[sa.RowMapping], str | None]:
    """A page of records of one kind (with their article's outlet, date and title) that meet ``conditions``:
    the newest article first, each article's in text order (by ``position``, then id); and the next page's
    cursor of the list ``listing``."""
    a, table = t.articles, kind.table
    _, record_id = table.primary_key.columns  # (article_id, the record's id in its article)
    query = (
        kind.select()
        .join(a, a.c.id == table.c.article_id)
        .add_columns(a.c.outlet, a.c.published, a.c.title, a.c.seq)
        .where(*conditions)
        .order_by(None)
        .order_by(*NEWEST_FIRST, position, record_id)
        .limit(limit + 1)
    )
    query = published_between(query, since, until)
    if after is not None:
        day, seq, place, last_id = read_cursor(after, listing, "date", "int", "int", "str")
        later_in_article = sa.or_(position > place, sa.and_(position == place, record_id > last_id))
        query = query.where(sa.or_(after_article(day, seq), sa.and_(a.c.seq == seq, later_in_article)))
    rows = store.read(lambda conn: conn.execute(query).mappings().all())
    if len(rows) <= limit:
        return list(rows), None
    last = rows[limit - 1]
    return list(rows[:limit]), make_cursor(listing, iso_day(last["published"]), last["seq"], last[position.name],
                                           last[record_id.name])


def naming(actor_id: str) -> sa.ColumnElement[bool]:
    """Statements whose content names this actor (an entity linked to it inside the content's span)."""
    s, e = t.statements, t.entities
    return sa.exists().where(
        e.c.article_id == s.c.article_id, e.c.actor_id == actor_id, e.c.in_title == s.c.in_title,
        e.c.start >= s.c.content_start, e.c.end <= s.c.content_end,
    )


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
