"""Reads for exports: every event, statement or claim of a store, a page at a time.

Each reader is a generator of pages. A page is one read (a fixed number of queries) over at most ``page_size``
articles (claims), found by keyset on ``articles.seq`` (``claims.id``): memory holds one page however large the
store, and a page never depends on an offset, so a store that grows during an export is read without repeats.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any, Protocol, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from dossier.model import Actor, Claim, Event, Statement, claim_from_record
from dossier.queries.articles import StatementHit
from dossier.queries.claims import assembled
from dossier.store import Store
from dossier.store import tables as t
from dossier.store.records import KINDS

_EVENTS = next(kind for kind in KINDS if kind.table is t.events)
_STATEMENTS = next(kind for kind in KINDS if kind.table is t.statements)
PAGE_SIZE = 500
T = TypeVar("T")


class _PageReader(Protocol[T]):
    """Reads the page after the row with key ``after``: its records and the key of its last row."""

    def __call__(self, conn: Connection, after: int, page_size: int) -> tuple[list[T], int]: ...


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a record was found: the article, as a citation names it, and the pipeline that analysed it."""

    article_id: str
    url: str | None
    title: str | None
    outlet: str | None
    published: date | None
    language: str | None
    pipeline_version: str | None


@dataclass(frozen=True, slots=True)
class ExportedEvent:
    """An event with its article, the statement that carries it, and the actors named by its source and target
    mentions (``actors``: mention text → the actor linked at that mention inside the event's text)."""

    provenance: Provenance
    event: Event
    statement: Statement | None
    actors: dict[str, Actor]


def event_pages(store: Store, page_size: int = PAGE_SIZE) -> Iterator[list[ExportedEvent]]:
    """Every event of the stored originals, in the order stored (article by article, each in document order)."""
    return _pages(store, _event_page, page_size)


def statement_pages(store: Store, page_size: int = PAGE_SIZE) -> Iterator[list[StatementHit]]:
    """Every statement of the stored originals, in the order stored (article by article, by cue)."""
    return _pages(store, _statement_page, page_size)


def claim_pages(store: Store, page_size: int = PAGE_SIZE) -> Iterator[list[Claim]]:
    """Every claim by id: as last described on its row (one read, however many statements it has), or assembled
    from its units while it waits to be described again."""
    return _pages(store, _claim_page, page_size)


def _pages(store: Store, read_page: _PageReader[T], page_size: int) -> Iterator[list[T]]:
    """Pages read one after the other, each in its own read, from the key where the last one stopped."""
    after = -1
    while True:
        found, after = store.read(partial(read_page, after=after, page_size=page_size))
        if not found:
            return
        yield found


def _articles_with(conn: Connection, table: sa.Table, after: int, page_size: int) -> list[sa.RowMapping]:
    """The next originals after ``after`` (by ``seq``) that have rows in ``table``: the primary key of ``table``
    starts with the article id, so the EXISTS is an index probe per article, never a scan of the table."""
    a = t.articles
    has_rows = sa.exists().where(table.c.article_id == a.c.id)
    query = (
        sa.select(a.c.seq, a.c.id, a.c.url, a.c.title, a.c.outlet, a.c.published, a.c.language, a.c.pipeline_version)
        .where(a.c.seq > after, a.c.duplicate_of.is_(None), has_rows)
        .order_by(a.c.seq)
        .limit(page_size)
    )
    return list(conn.execute(query).mappings())


def _provenance(row: sa.RowMapping) -> Provenance:
    return Provenance(row["id"], row["url"], row["title"], row["outlet"], row["published"], row["language"],
                      row["pipeline_version"])


def _event_page(conn: Connection, after: int, page_size: int) -> tuple[list[ExportedEvent], int]:
    articles = _articles_with(conn, t.events, after, page_size)
    if not articles:
        return [], after
    ids = [row["id"] for row in articles]
    events: dict[str, list[Event]] = {article_id: [] for article_id in ids}
    for row in conn.execute(_EVENTS.select().where(t.events.c.article_id.in_(ids))).mappings():
        events[row["article_id"]].append(_EVENTS.from_row(row))
    carriers = {
        (row["article_id"], row["statement_id"]): _STATEMENTS.from_row(row)
        for row in conn.execute(_STATEMENTS.select().where(t.statements.c.article_id.in_(ids), _carries_an_event()))
        .mappings()
    }
    actors = _mentioned_actors(conn, ids)
    found = [
        ExportedEvent(_provenance(article), event, carriers.get((article["id"], event.statement or "")),
                      actors.get((article["id"], event.id), {}))
        for article in articles
        for event in events[article["id"]]
    ]
    return found, articles[-1]["seq"]


def _carries_an_event() -> sa.ColumnElement[bool]:
    e, s = t.events, t.statements
    return sa.exists().where(e.c.article_id == s.c.article_id, e.c.statement_id == s.c.statement_id)


def _mentioned_actors(conn: Connection, article_ids: Sequence[str]) -> dict[tuple[str, str], dict[str, Actor]]:
    """For each event (article id, event id): its source and target mentions' texts → the actor linked to an
    entity of that text inside the event's span (the event keeps the mention's text and the country code only)."""
    e, n = t.events, t.entities
    query = (
        sa.select(e.c.article_id, e.c.event_id, n.c.text, n.c.actor_id, n.c.actor_code, n.c.role, n.c.actor_sector,
                  t.actors.c.name, t.actors.c.kind)
        .join(n, sa.and_(n.c.article_id == e.c.article_id, n.c.in_title == e.c.in_title, n.c.start >= e.c.start,
                         n.c.end <= e.c.end, sa.or_(n.c.text == e.c.source_text, n.c.text == e.c.target_text)))
        .join(t.actors, t.actors.c.id == n.c.actor_id)
        .where(e.c.article_id.in_(article_ids))
        .order_by(e.c.article_id, e.c.event_id, n.c.start)
    )
    found: dict[tuple[str, str], dict[str, Actor]] = {}
    for row in conn.execute(query).mappings():
        named = found.setdefault((row["article_id"], row["event_id"]), {})
        named.setdefault(row["text"], Actor(row["actor_id"], row["name"], row["kind"], row["actor_code"], row["role"],
                                            row["actor_sector"]))
    return found


def _statement_page(conn: Connection, after: int, page_size: int) -> tuple[list[StatementHit], int]:
    articles = _articles_with(conn, t.statements, after, page_size)
    if not articles:
        return [], after
    by_id = {row["id"]: row for row in articles}
    rows = conn.execute(_STATEMENTS.select().where(t.statements.c.article_id.in_(list(by_id)))).mappings()
    statements: dict[str, list[Statement]] = {article_id: [] for article_id in by_id}
    for row in rows:
        statements[row["article_id"]].append(_STATEMENTS.from_row(row))
    found = [
        StatementHit(article["id"], article["outlet"], article["published"], article["title"], statement)
        for article in articles
        for statement in statements[article["id"]]
    ]
    return found, articles[-1]["seq"]


def _claim_page(conn: Connection, after: int, page_size: int) -> tuple[list[Claim], int]:
    c = t.claims
    query = sa.select(c.c.id, c.c.described, c.c.record).where(c.c.id > after).order_by(c.c.id).limit(page_size)
    rows = conn.execute(query).all()
    if not rows:
        return [], after
    waiting = [row.id for row in rows if not (row.described and row.record is not None)]
    fresh: dict[int, Claim] = {int(claim.id.removeprefix("c")): claim for claim in assembled(conn, waiting)}
    found: list[Claim] = []
    for row in rows:
        record: dict[str, Any] | None = row.record
        if row.id in fresh:
            found.append(fresh[row.id])
        elif row.described and record is not None:
            found.append(claim_from_record(record))
    return found, rows[-1].id
