"""Claims: the most followed (``dossier claims``), the board of the latest, one claim whole."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypedDict, Unpack

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from dossier.claims.view import assemble
from dossier.model import Claim, ClaimStatus, claim_from_record
from dossier.queries.articles import naming
from dossier.queries.paging import Page, iso_day, make_cursor, read_cursor
from dossier.store import Store
from dossier.store import tables as t
from dossier.store.claims import member_analyses, members

_CLAIM_ID = "c"


@dataclass(frozen=True, slots=True)
class ClaimListing:
    """A claim as the board lists it, from its row alone. Its description (``summary``, ``status``,
    ``independent_sources``, ``figures``) is None while a claim whose units just changed waits for the linking
    run to write it."""

    id: str
    summary: str | None
    status: ClaimStatus | None
    independent_sources: int | None
    figures: int | None  # how many figures a chart of it can plot
    statements: int
    first_seen: date | None
    last_seen: date | None


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
    query = most_followed_query(about=about, since=since, min_size=min_size, limit=limit, after=after)

    def read(conn: Connection) -> Page[Claim]:
        rows = conn.execute(query).all()
        page = [row.id for row in rows[:limit]]
        next_page = make_cursor("claims", rows[limit - 1].size, rows[limit - 1].id) if len(rows) > limit else None
        return Page(assembled(conn, page), next_page)

    return store.read(read)


def most_followed_query(
    *, about: str | None = None, since: date | None = None, min_size: int = 1, limit: int = 50, after: str | None = None
) -> sa.Select[Any]:
    """The query of a page of ``claims`` (one row more than ``limit``, to know whether another page follows)."""
    c = t.claims
    query = sa.select(c.c.id, c.c.size).where(c.c.size >= min_size).order_by(c.c.size.desc(), c.c.id).limit(limit + 1)
    if since is not None:
        query = query.where(c.c.last_seen >= since)
    if about:
        query = query.where(_about(about))
    if after is not None:
        size, claim = read_cursor(after, "claims", "int", "int")
        query = query.where(sa.or_(c.c.size < size, sa.and_(c.c.size == size, c.c.id > claim)))
    return query


class BoardFilters(TypedDict, total=False):
    """What the claim board can be filtered by (``board``): see its docstring."""

    status: ClaimStatus | None
    about: str | None
    actor: str | None
    since: date | None
    until: date | None
    min_size: int


def board(store: Store, *, limit: int = 50, after: str | None = None, **filters: Unpack[BoardFilters]
          ) -> Page[ClaimListing]:
    """Claims by last update (the latest article that made them, newest first), with their status, independent
    sources and dates, from the claims' rows alone. Filters: ``status``; ``about`` a country code or words in a
    statement; ``actor`` (an actor id) as a source of the claim or named in it; last seen from ``since`` to
    ``until``; at least ``min_size`` statements."""
    query = board_query(limit=limit, after=after, **filters)
    rows = store.read(lambda conn: conn.execute(query).mappings().all())
    listed = [_listing(row) for row in rows[:limit]]
    last = rows[limit - 1] if len(rows) > limit else None
    next_page = make_cursor("board", iso_day(last["last_seen"]), last["id"]) if last is not None else None
    return Page(listed, next_page)


def board_query(*, limit: int = 50, after: str | None = None, **filters: Unpack[BoardFilters]) -> sa.Select[Any]:
    """The query of a page of ``board`` (one row more than ``limit``, to know whether another page follows)."""
    status, about, actor = filters.get("status"), filters.get("about"), filters.get("actor")
    since, until = filters.get("since"), filters.get("until")
    c = t.claims
    columns = (c.c.id, c.c.size, c.c.first_seen, c.c.last_seen, c.c.described, c.c.summary, c.c.status,
               c.c.independent_sources, c.c.figures)  # not the whole record: that is for one claim's page
    query = (sa.select(*columns).where(c.c.size >= filters.get("min_size", 1))
             .order_by(c.c.last_seen.desc().nulls_last(), c.c.id.desc()).limit(limit + 1))
    if status is not None:
        query = query.where(c.c.status == status)
    if about:
        query = query.where(_about(about))
    if actor:
        query = query.where(_involving(actor))
    if since is not None:
        query = query.where(c.c.last_seen >= since)
    if until is not None:
        query = query.where(c.c.last_seen <= until)
    if after is None:
        return query
    day, claim = read_cursor(after, "board", "date", "int")
    undated = query.where(c.c.last_seen.is_(None))
    if day is None:
        return undated.where(c.c.id < claim)
    # Two ranges of the index, each read from where the cursor is: the dated claims after the cursor's, then the
    # undated ones, listed last. One condition for both (an OR) made every page a scan from the board's top.
    dated = query.where(sa.tuple_(c.c.last_seen, c.c.id) < sa.tuple_(date.fromisoformat(day), claim))
    both = sa.union_all(dated.subquery().select(), undated.subquery().select()).subquery()
    return sa.select(*both.c).order_by(both.c.last_seen.desc().nulls_last(), both.c.id.desc()).limit(limit + 1)


def _listing(row: sa.RowMapping) -> ClaimListing:
    described = row["described"]
    return ClaimListing(
        id=f"{_CLAIM_ID}{row['id']}", summary=row["summary"] if described else None,
        status=row["status"] if described else None,
        independent_sources=row["independent_sources"] if described else None,
        figures=row["figures"] if described else None,
        statements=row["size"], first_seen=row["first_seen"], last_seen=row["last_seen"],
    )


def claim_number(claim_id: str) -> int | None:
    """The row id of a claim's public id (``c12`` → 12); None when it is not one."""
    number = claim_id.removeprefix(_CLAIM_ID)
    return int(number) if claim_id.startswith(_CLAIM_ID) and number.isdecimal() else None


def get_claim(store: Store, claim_id: str) -> Claim | None:
    """One claim whole (``c12``), or None when there is no such claim: as described on its row (one read however
    many statements it has), or assembled when its units changed since."""
    number = claim_number(claim_id)
    if number is None:
        return None

    def read(conn: Connection) -> Claim | None:
        row = conn.execute(claim_query(number)).one_or_none()
        if row is not None and row.described and row.record is not None:
            return claim_from_record(row.record)
        found = assembled(conn, [number])
        return found[0] if found else None

    return store.read(read)


def claim_query(claim: int) -> sa.Select[Any]:
    """The query of one claim's page: its row's description, when it is described."""
    c = t.claims
    return sa.select(c.c.described, c.c.record).where(c.c.id == claim)


def assembled(conn: Connection, claim_ids: Sequence[int]) -> list[Claim]:
    """These claims whole, in the order given (unknown ids left out), in a fixed number of queries."""
    found = {claim: units for claim, units in members(conn, claim_ids).items() if units}
    analyses = member_analyses(conn, found)
    return [assemble(claim, found[claim], analyses) for claim in claim_ids if claim in found]


def _about(about: str) -> sa.ColumnElement[bool]:
    """Claims with these words in one of their statements, or naming this country code inside one."""
    c, u, st = t.claims, t.claim_units, t.statements
    in_statements = (
        sa.select(u.c.claim_id).join(st, _unit_statement())
        .where(sa.func.lower(st.c.content_text).contains(about.lower(), autoescape=True))
    )
    naming_code = (
        sa.select(u.c.claim_id).join(t.entities, t.entities.c.article_id == u.c.article_id)
        .join(st, _unit_statement())
        .where(t.entities.c.actor_code == about.upper(), t.entities.c.in_title == st.c.in_title,
               t.entities.c.start >= st.c.content_start, t.entities.c.end <= st.c.content_end)
    )
    return sa.or_(c.c.id.in_(in_statements), c.c.id.in_(naming_code))


def _involving(actor_id: str) -> sa.ColumnElement[bool]:
    """Claims one of whose statements this actor made or names."""
    u, st = t.claim_units, t.statements
    statements = sa.select(u.c.claim_id).join(st, _unit_statement()).where(
        sa.or_(st.c.source_actor_id == actor_id, naming(actor_id))
    )
    return t.claims.c.id.in_(statements)


def _unit_statement() -> sa.ColumnElement[bool]:
    u, st = t.claim_units, t.statements
    return sa.and_(st.c.article_id == u.c.article_id, st.c.statement_id == u.c.statement_id)


