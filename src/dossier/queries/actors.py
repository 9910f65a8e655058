"""Actors: who is named, who speaks, and one actor's profile."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from dossier.model import Actor
from dossier.queries.paging import Page, make_cursor, read_cursor
from dossier.store import Store
from dossier.store import tables as t


@dataclass(frozen=True, slots=True)
class ActorListing:
    """An actor with how often the stored articles name it and how many statements it is the source of."""

    actor: Actor
    mentions: int
    statements: int


@dataclass(frozen=True, slots=True)
class ActorProfile:
    listing: ActorListing
    roles: tuple[str, ...]  # the roles the texts give it ("Kremlin spokesman"), the most written first
    outlets: tuple[str, ...]  # the outlets that name it, the most often first


def actors(
    store: Store, *, text: str | None = None, code: str | None = None, kind: str | None = None, limit: int = 50,
    after: str | None = None,
) -> Page[ActorListing]:
    """Actors, the most named first: those whose name has ``text``, of country ``code`` or of this ``kind``."""
    a, e = t.actors, t.entities
    mentions = sa.select(sa.func.count()).where(e.c.actor_id == a.c.id).scalar_subquery().label("mentions")
    ranked = sa.select(a, mentions)
    if text and text.strip():
        ranked = ranked.where(sa.func.lower(a.c.name).contains(text.strip().lower(), autoescape=True))
    if code:
        ranked = ranked.where(a.c.code == code.upper())
    if kind:
        ranked = ranked.where(a.c.kind == kind)
    listed = ranked.subquery()
    query = sa.select(listed).order_by(listed.c.mentions.desc(), listed.c.id).limit(limit + 1)
    if after is not None:
        count, actor_id = read_cursor(after, "actors", "int", "str")
        query = query.where(sa.or_(listed.c.mentions < count,
                                   sa.and_(listed.c.mentions == count, listed.c.id > actor_id)))

    def read(conn: Connection) -> Page[ActorListing]:
        rows = conn.execute(query).mappings().all()
        spoken = _statement_counts(conn, [row["id"] for row in rows[:limit]])
        found = [ActorListing(_actor(row), row["mentions"], spoken.get(row["id"], 0)) for row in rows[:limit]]
        last = rows[limit - 1] if len(rows) > limit else None
        return Page(found, make_cursor("actors", last["mentions"], last["id"]) if last is not None else None)

    return store.read(read)


def get_actor(store: Store, actor_id: str) -> ActorProfile | None:
    """One actor with its counts, the roles the texts give it and the outlets that name it; None if unknown."""
    a, e = t.actors, t.entities

    def read(conn: Connection) -> ActorProfile | None:
        row = conn.execute(sa.select(a).where(a.c.id == actor_id)).mappings().one_or_none()
        if row is None:
            return None
        mentions = conn.execute(sa.select(sa.func.count()).where(e.c.actor_id == actor_id)).scalar_one()
        roles = conn.execute(
            sa.select(e.c.role).where(e.c.actor_id == actor_id, e.c.role.is_not(None))
            .group_by(e.c.role).order_by(sa.func.count().desc(), e.c.role).limit(10)
        ).scalars().all()
        outlets = conn.execute(
            sa.select(t.articles.c.outlet).join(e, e.c.article_id == t.articles.c.id)
            .where(e.c.actor_id == actor_id, t.articles.c.outlet.is_not(None))
            .group_by(t.articles.c.outlet).order_by(sa.func.count().desc(), t.articles.c.outlet).limit(10)
        ).scalars().all()
        listing = ActorListing(_actor(row), mentions, _statement_counts(conn, [actor_id]).get(actor_id, 0))
        return ActorProfile(listing, tuple(roles), tuple(outlets))

    return store.read(read)


def _statement_counts(conn: Connection, actor_ids: list[str]) -> dict[str, int]:
    s = t.statements
    query = (sa.select(s.c.source_actor_id, sa.func.count()).where(s.c.source_actor_id.in_(actor_ids))
             .group_by(s.c.source_actor_id))
    return {actor_id: count for actor_id, count in conn.execute(query)}


def _actor(row: sa.RowMapping) -> Actor:
    return Actor(row["id"], row["name"], row["kind"], row["code"])
