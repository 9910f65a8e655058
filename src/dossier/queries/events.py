"""Events: PLOVER events found in stored articles, by type and by the country codes on either side."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

import sqlalchemy as sa

from dossier.model import Event, EventType
from dossier.queries.articles import newest_first
from dossier.queries.claims import claim_number
from dossier.queries.paging import Page
from dossier.store import Store
from dossier.store import tables as t
from dossier.store.records import KINDS

_EVENTS = next(kind for kind in KINDS if kind.table is t.events)
Side = Literal["source", "target"]


@dataclass(frozen=True, slots=True)
class EventHit:
    """An event with its global address (article id and event id) and where it appeared."""

    article_id: str
    outlet: str | None
    published: date | None
    title: str | None
    event: Event


def events(
    store: Store,
    *,
    type: EventType | None = None,  # noqa: A002 (the PLOVER field's own name, as in the API)
    code: str | None = None,
    side: Side | None = None,
    claim: str | None = None,
    since: date | None = None,
    until: date | None = None,
    limit: int = 50,
    after: str | None = None,
) -> Page[EventHit]:
    """Events by PLOVER type, by a country code (``RUS``) on their ``side`` (source or target; either when
    None), carried by a statement of ``claim`` (``c12``), and by publication date of their article, newest first,
    each article's in text order."""
    e = t.events
    conditions: list[sa.ColumnElement[bool]] = []
    if type is not None:
        conditions.append(e.c.type == type)
    if code is not None:
        sides = (side,) if side else ("source", "target")
        conditions.append(sa.or_(*(_holds(e.c[s], code.upper()) for s in sides)))
    if claim is not None:
        conditions.append(_carried_by_claim(claim_number(claim)))
    rows, next_page = newest_first(store, _EVENTS, e.c.start, "events", conditions, since, until, limit, after)
    return Page([EventHit(row["article_id"], row["outlet"], row["published"], row["title"], _EVENTS.from_row(row))
                 for row in rows], next_page)


def _carried_by_claim(number: int | None) -> sa.ColumnElement[bool]:
    """Events whose carrying statement is a unit of the claim (none when ``number`` names no claim)."""
    if number is None:
        return sa.false()
    e, u = t.events, t.claim_units
    return sa.exists().where(u.c.article_id == e.c.article_id, u.c.statement_id == e.c.statement_id,
                             u.c.claim_id == number)


def _holds(codes: sa.Column[object], code: str) -> sa.ColumnElement[bool]:
    """A JSON list of country codes that holds ``code``: the quoted code inside the list's text (codes are three
    capitals, so a quoted one never matches inside another)."""
    return sa.cast(codes, sa.Text).contains(f'"{code}"', autoescape=True)
