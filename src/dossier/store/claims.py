"""The claims side of the SQL store: units written with their article, a linking session, and removal.

Linking runs in the store's write transaction (``SqlStore.link``), so one process links at a time and
every process sees the same order: the articles waiting, in the order stored. A unit removed (its
article got a new version, or was analysed again) changes the claims behind every process's back, so
removal advances the store's ``claims_epoch`` (a cache of claims built before it is dropped) and puts the
claims it changed in ``claims_to_sum``, for the next linker to sum their vectors again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import date
from itertools import groupby
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from dossier.model import (
    Analysis,
    Article,
    ClaimDescription,
    ClaimMember,
    ClaimUnit,
    ClaimVectors,
    Link,
    Quantity,
    Statement,
    UnitToLink,
)
from dossier.store import tables as t
from dossier.store.records import KINDS, RecordKind

_KINDS = {kind.field: kind for kind in KINDS}

EPOCH = "claims_epoch"
CELLS = "claim_cells"
_STREAMED_ROWS = 10_000  # rows a streamed read of claim vectors fetches at a time
_SUMMED_AT_ONCE = 500  # claims whose units are read in one query when they are summed again


def insert_units(conn: Connection, article_id: str, units: Sequence[ClaimUnit]) -> None:
    """An original's units, waiting for linking (an article without units is linked at once: nothing to do)."""
    if units:
        conn.execute(t.claim_units.insert(), [
            {"article_id": article_id, "statement_id": u.statement, "position": i, "stance": u.stance,
             "responds_to": u.responds_to, "counts": list(u.counts), "embedding": u.embedding, "chars": u.chars}
            for i, u in enumerate(units)
        ])
    conn.execute(t.articles.update().where(t.articles.c.id == article_id).values(claims_linked=not units))


def remove_units(conn: Connection, article_ids: Sequence[str], prepared: bool = False) -> None:
    """These articles' units out of their claims (claims left empty are deleted); the articles wait for new units
    (``prepared``: they are being written now) and every index must be rebuilt."""
    if not article_ids:
        return
    u = t.claim_units
    affected = set(conn.execute(
        sa.select(u.c.claim_id).where(u.c.article_id.in_(article_ids), u.c.claim_id.is_not(None)).distinct()
    ).scalars())
    conn.execute(u.delete().where(u.c.article_id.in_(article_ids)))
    conn.execute(t.claim_vectors.delete().where(t.claim_vectors.c.claim_id.in_(affected)))
    conn.execute(t.articles.update().where(t.articles.c.id.in_(article_ids)).values(
        claims_linked=False if prepared else None
    ))
    _refresh_claims(conn, sorted(affected))
    _advance_epoch(conn)


def reset(conn: Connection) -> None:
    """Every claim undone and every prepared article waiting again: ``dossier claims --rebuild`` relinks them in
    the order stored, which is the order incremental linking saw them in."""
    conn.execute(t.claim_units.update().values(claim_id=None, similarity=None, generation=None))
    conn.execute(t.claim_vectors.delete())
    conn.execute(t.claims_to_sum.delete())
    conn.execute(t.claims.delete())
    conn.execute(t.articles.update().where(t.articles.c.claims_linked.is_(True), t.articles.c.duplicate_of.is_(None))
                 .values(claims_linked=False))
    _advance_epoch(conn)


def waiting_query(articles: int) -> sa.Select[Any]:
    """The next ``articles`` articles waiting for linking, in the order stored (``ix_articles_waiting``)."""
    a = t.articles
    return sa.select(a.c.id, a.c.seq, a.c.published).where(a.c.claims_linked.is_(False)).order_by(a.c.seq).limit(articles)


def unprepared_query(articles: int) -> sa.Select[Any]:
    """The first ``articles`` originals whose units were never prepared (``ix_articles_unprepared``)."""
    a = t.articles
    return (sa.select(a.c.id).where(a.c.claims_linked.is_(None), a.c.duplicate_of.is_(None)).order_by(a.c.seq)
            .limit(articles))


class SqlLinkSession:
    """What a linker reads and writes in one transaction: the claims' vectors, the next units to link, and its
    decisions."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self.epoch = int(conn.execute(
            sa.select(t.store_settings.c.value).where(t.store_settings.c.name == EPOCH)
        ).scalar_one_or_none() or 0)
        # After the last transaction that linked a unit or wrote a claim's vectors (summing them links nothing).
        self.generation = 1 + max(int(conn.execute(sa.select(sa.func.coalesce(sa.func.max(column), 0))).scalar_one())
                                  for column in (t.claim_units.c.generation, t.claim_vectors.c.generation))
        self._next_claim = int(conn.execute(sa.select(sa.func.coalesce(sa.func.max(t.claims.c.id), 0))).scalar_one()) + 1
        self.cells = conn.execute(
            sa.select(t.store_settings.c.value).where(t.store_settings.c.name == CELLS)
        ).scalar_one_or_none()

    def place_again(self, cells: str) -> None:
        self._conn.execute(t.claims_to_sum.delete())
        self._conn.execute(sa.insert(t.claims_to_sum).from_select(["claim_id"], sa.select(t.claims.c.id)))
        _set(self._conn, CELLS, cells)
        self.cells = cells

    def new_claim(self) -> int:
        claim = self._next_claim
        self._next_claim += 1
        return claim

    def to_sum(self) -> Iterator[tuple[int, list[ClaimUnit], int]]:
        """Each claim waiting to be summed again, with its units in the order linked and the number of the latest
        article they are in."""
        u, a = t.claim_units, t.articles
        waiting = list(self._conn.execute(sa.select(t.claims_to_sum.c.claim_id).order_by(t.claims_to_sum.c.claim_id))
                       .scalars())
        for start in range(0, len(waiting), _SUMMED_AT_ONCE):  # by the claim index, not a walk over every unit
            query = (
                sa.select(u).join(a, a.c.id == u.c.article_id)
                .where(u.c.claim_id.in_(waiting[start : start + _SUMMED_AT_ONCE]))
                .order_by(u.c.claim_id, u.c.generation, a.c.seq, u.c.position)
            )
            rows = self._conn.execute(query.add_columns(a.c.seq)).mappings()
            for claim, grouped in groupby(rows, key=lambda row: int(row["claim_id"])):
                found = list(grouped)
                yield claim, [unit_from_row(row) for row in found], max(int(row["seq"]) for row in found)

    def changed(self, after_generation: int) -> Iterator[ClaimVectors]:
        """The vectors of every claim written after ``after_generation`` (by other processes)."""
        v = t.claim_vectors
        yield from _vectors(self._conn, sa.select(v).where(v.c.generation > after_generation))

    def in_cells(self, cells: Sequence[int]) -> Iterator[ClaimVectors]:
        """The vectors of every claim in these cells (``ix_claim_vectors_cell``)."""
        v = t.claim_vectors
        yield from _vectors(self._conn, sa.select(v).where(v.c.cell.in_(list(cells))))

    def waiting(self, articles: int) -> tuple[list[str], list[UnitToLink]]:
        """The next ``articles`` prepared articles waiting for linking, in the order stored, and their units."""
        u = t.claim_units
        rows = self._conn.execute(waiting_query(articles)).all()
        if not rows:
            return [], []
        meta = {row.id: (row.seq, row.published) for row in rows}
        unit_rows = sorted(
            self._conn.execute(sa.select(u).where(u.c.article_id.in_(list(meta)))).mappings(),
            key=lambda r: (meta[r["article_id"]][0], r["position"]),
        )
        units = [UnitToLink(r["article_id"], *meta[r["article_id"]], unit_from_row(r)) for r in unit_rows]
        return [row.id for row in rows], units

    def record(self, links: Sequence[Link], articles: Sequence[str], published: dict[str, date | None],
               vectors: Sequence[ClaimVectors]) -> None:
        """The linker's decisions, with the claims they create or grow and the vectors of every claim it changed or
        summed, and these articles marked linked."""
        u, c, v = t.claim_units, t.claims, t.claim_vectors
        grown: dict[int, list[date | None]] = defaultdict(list)
        for link in links:
            grown[link.claim].append(published.get(link.article_id))
        stored = {row["id"]: row for row in self._conn.execute(sa.select(c).where(c.c.id.in_(list(grown)))).mappings()}
        for claim, days in grown.items():  # the claims first: a unit's row points at its claim's
            dated = [d for d in days if d is not None]
            first, last = min(dated, default=None), max(dated, default=None)
            row = stored.get(claim)
            if row is None:
                self._conn.execute(c.insert().values(id=claim, size=len(days), first_seen=first, last_seen=last,
                                                     described=False))
            else:
                self._conn.execute(c.update().where(c.c.id == claim).values(
                    size=row["size"] + len(days), first_seen=_earliest(row["first_seen"], first),
                    last_seen=_latest(row["last_seen"], last), described=False,
                ))
        if links:
            self._conn.execute(
                u.update().where(u.c.article_id == sa.bindparam("a"), u.c.statement_id == sa.bindparam("s"))
                .values(claim_id=sa.bindparam("c"), similarity=sa.bindparam("similar"), generation=self.generation),
                [{"a": k.article_id, "s": k.statement, "c": k.claim, "similar": k.similarity} for k in links],
            )
        if vectors:
            written = [vector.claim for vector in vectors]
            self._conn.execute(v.delete().where(v.c.claim_id.in_(written)))
            self._conn.execute(t.claims_to_sum.delete().where(t.claims_to_sum.c.claim_id.in_(written)))
            self._conn.execute(v.insert(), [
                {"claim_id": k.claim, "cell": k.cell, "size": k.size, "generation": self.generation, "latest": k.latest,
                 "counts": list(k.counts), "embedding": k.embedding, "chars": k.chars} for k in vectors
            ])
        if articles:
            self._conn.execute(t.articles.update().where(t.articles.c.id.in_(list(articles))).values(claims_linked=True))


def members(conn: Connection, claim_ids: Sequence[int]) -> dict[int, list[ClaimMember]]:
    """The units of these claims, each claim's in the order linked."""
    u, a = t.claim_units, t.articles
    found: dict[int, list[ClaimMember]] = {claim: [] for claim in claim_ids}
    for row in conn.execute(
        sa.select(u.c.claim_id, u.c.article_id, u.c.statement_id, u.c.stance, u.c.embedding)
        .join(a, a.c.id == u.c.article_id)
        .where(u.c.claim_id.in_(list(claim_ids))).order_by(u.c.generation, a.c.seq, u.c.position)
    ):
        found[row.claim_id].append(ClaimMember(row.article_id, row.statement_id, row.stance, row.embedding))
    return found


def member_analyses(conn: Connection, found: dict[int, list[ClaimMember]]) -> dict[str, Analysis]:
    """The articles these claims' units are in, by article id, cut to what assembling the claims reads
    (``claims.view.assemble``), so that a claim of hundreds of statements reads hundreds of statements, not hundreds
    of whole analyses: each article's id, outlet, address and date (no body); of its statements, the units of these
    claims, with their quantities; and of its mentions of actors, those inside these statements (what a claim is
    about) and each actor's last (how the claim names its sources: ``assemble`` keeps an actor as last mentioned)."""
    ids = sorted({m.article_id for claim in found.values() for m in claim})
    if not ids:
        return {}
    a = t.articles
    articles = {row.id: Article(id=row.id, body="", url=row.url, outlet=row.outlet, published=row.published)
                for row in conn.execute(sa.select(a.c.id, a.c.url, a.c.outlet, a.c.published).where(a.c.id.in_(ids)))}
    statements, quantities, mentions = _KINDS["statements"], _KINDS["quantities"], _KINDS["entities"]
    said: dict[str, list[Statement]] = defaultdict(list)
    for row in conn.execute(_of_units(statements, list(found))).mappings():
        said[row["article_id"]].append(statements.from_row(row))
    given: dict[str, list[Quantity]] = defaultdict(list)
    for row in conn.execute(_of_units(quantities, list(found))).mappings():
        given[row["article_id"]].append(quantities.from_row(row))
    named: dict[str, list[sa.RowMapping]] = defaultdict(list)
    for row in conn.execute(mentions.select().where(mentions.table.c.article_id.in_(ids),
                                                    mentions.table.c.actor_id.is_not(None))).mappings():
        named[row["article_id"]].append(row)
    return {
        article_id: Analysis(
            article, statements=tuple(said[article_id]), quantities=tuple(given[article_id]),
            entities=tuple(mentions.from_row(row) for row in _mentions_read(named[article_id], said[article_id])),
        )
        for article_id, article in articles.items()
    }


def _mentions_read(rows: list[sa.RowMapping], statements: list[Statement]) -> list[sa.RowMapping]:
    """Of one article's mentions of actors (in order), those assembling its statements reads: each actor's last
    mention, and every mention with a country code inside one of these statements."""
    last = {row["actor_id"]: i for i, row in enumerate(rows)}
    spans = [(s.in_title, s.content.start, s.content.end) for s in statements]
    return [row for i, row in enumerate(rows) if last[row["actor_id"]] == i or (
        row["actor_code"] and any(in_title == bool(row["in_title"]) and start <= row["start"] and row["end"] <= end
                                  for in_title, start, end in spans))]


def _of_units(kind: RecordKind, claim_ids: list[int]) -> sa.Select[Any]:
    """The records of ``kind`` that are, or belong to, a unit of these claims (its statement, the quantities it gives)."""
    u, table = t.claim_units, kind.table
    return kind.select().join(u, sa.and_(u.c.article_id == table.c.article_id, u.c.statement_id == table.c.statement_id)
                              ).where(u.c.claim_id.in_(claim_ids))


class SqlDescribeSession:
    """Claims whose units changed since they were last described, and their new descriptions, in the linking
    transaction (so no linker changes a claim between its reading and its description)."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def undescribed(self, claims: int) -> tuple[dict[int, list[ClaimMember]], dict[str, Analysis]]:
        c = t.claims
        ids = list(self._conn.execute(
            sa.select(c.c.id).where(c.c.described.is_(False)).order_by(c.c.id).limit(claims)
        ).scalars())
        found = members(self._conn, ids)
        return found, member_analyses(self._conn, found)

    def describe(self, descriptions: Sequence[ClaimDescription]) -> None:
        if descriptions:
            c = t.claims
            self._conn.execute(
                c.update().where(c.c.id == sa.bindparam("claim")).values(
                    summary=sa.bindparam("text"), status=sa.bindparam("verdict"),
                    independent_sources=sa.bindparam("sources"), figures=sa.bindparam("plottable"),
                    record=sa.bindparam("whole"), described=True,
                ),
                [{"claim": d.claim, "text": d.summary, "verdict": d.status, "sources": d.independent_sources,
                  "plottable": d.figures, "whole": d.record}
                 for d in descriptions],
            )


def _vectors(conn: Connection, query: sa.Select[Any]) -> Iterator[ClaimVectors]:
    for row in conn.execute(query.execution_options(stream_results=True, yield_per=_STREAMED_ROWS)).mappings():
        yield ClaimVectors(claim=row["claim_id"], cell=row["cell"], size=row["size"], embedding=row["embedding"],
                           chars=row["chars"], counts=tuple(row["counts"]), latest=row["latest"])


def _refresh_claims(conn: Connection, claim_ids: list[int]) -> None:
    """Size and dates of claims recomputed from the units they keep, and their vectors to be summed again; a claim
    with none left is deleted."""
    if not claim_ids:
        return
    u, a = t.claim_units, t.articles
    kept: dict[int, list[date | None]] = defaultdict(list)
    for claim, day in conn.execute(
        sa.select(u.c.claim_id, a.c.published).join(a, a.c.id == u.c.article_id).where(u.c.claim_id.in_(claim_ids))
    ):
        kept[claim].append(day)
    conn.execute(t.claims_to_sum.delete().where(t.claims_to_sum.c.claim_id.in_(claim_ids)))
    if kept:
        conn.execute(t.claims_to_sum.insert(), [{"claim_id": claim} for claim in kept])
    for claim in claim_ids:
        days = [d for d in kept.get(claim, []) if d is not None]
        if claim in kept:
            conn.execute(t.claims.update().where(t.claims.c.id == claim).values(
                size=len(kept[claim]), first_seen=min(days, default=None), last_seen=max(days, default=None),
                described=False,
            ))
        else:
            conn.execute(t.claims.delete().where(t.claims.c.id == claim))


def _advance_epoch(conn: Connection) -> None:
    current = conn.execute(sa.select(t.store_settings.c.value).where(t.store_settings.c.name == EPOCH)).scalar_one_or_none()
    _set(conn, EPOCH, str(int(current or 0) + 1))


def _set(conn: Connection, name: str, value: str) -> None:
    s = t.store_settings
    if conn.execute(s.update().where(s.c.name == name).values(value=value)).rowcount == 0:
        conn.execute(s.insert().values(name=name, value=value))


def unit_from_row(row: sa.RowMapping) -> ClaimUnit:
    return ClaimUnit(
        statement=row["statement_id"], stance=row["stance"], embedding=row["embedding"], chars=row["chars"],
        counts=tuple(row["counts"]), responds_to=row["responds_to"],
    )


def _earliest(a: date | None, b: date | None) -> date | None:
    return min(a, b) if a is not None and b is not None else a or b


def _latest(a: date | None, b: date | None) -> date | None:
    return max(a, b) if a is not None and b is not None else a or b
