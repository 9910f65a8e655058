"""Pages of results and their cursors: opaque tokens holding the sort key of a page's last row, so that the
next page starts after it and stays stable while new articles arrive."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

import sqlalchemy as sa

from dossier.errors import ConfigurationError
from dossier.store import tables as t

T = TypeVar("T")
S = TypeVar("S", bound=sa.Select[Any])


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: list[T]
    next: str | None = None


def make_cursor(listing: str, *values: str | int | None) -> str:
    """A cursor of the list ``listing`` after the row with these sort-key values."""
    return base64.urlsafe_b64encode(json.dumps([listing, *values]).encode()).decode().rstrip("=")


def read_cursor(token: str, listing: str, *shape: str) -> list[Any]:
    """The values of a cursor this store gave out for the list ``listing``, checked against the shape of its sort
    key (each ``"date"``, an ISO date or None, ``"int"`` or ``"str"``); anything else, a cursor of another list
    included, is a ``ConfigurationError`` that says to start again."""
    try:
        found = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        if not isinstance(found, list) or len(found) != len(shape) + 1 or found[0] != listing:
            raise ValueError("not a cursor of this list")
        values = found[1:]
        for value, kind in zip(values, shape, strict=True):
            if kind == "date" and value is not None:
                date.fromisoformat(value)
            elif not isinstance(value, _TYPES[kind]) or isinstance(value, bool):
                raise ValueError(f"{value!r} is not a {kind}")
        return values
    except (ValueError, TypeError) as exc:
        raise ConfigurationError(f"cursor {token!r} is not one this store gave out; start from the first page") from exc


_TYPES: dict[str, type | tuple[type, ...]] = {"date": (str, type(None)), "int": int, "str": str}


def published_between(query: S, since: date | None, until: date | None) -> S:
    """Only articles published from ``since`` to ``until`` (inclusive, either open)."""
    if since is not None:
        query = query.where(t.articles.c.published >= since)
    if until is not None:
        query = query.where(t.articles.c.published <= until)
    return query


# Newest publication first, undated articles last; of one day, the later stored first. A partial index on the
# originals serves this order (migration 7).
NEWEST_FIRST = (t.articles.c.published.desc().nulls_last(), t.articles.c.seq.desc())


def after_article(day: str | None, seq: int) -> sa.ColumnElement[bool]:
    """The articles that come after the cursor's article in newest-first order."""
    a = t.articles
    if day is None:
        return sa.and_(a.c.published.is_(None), a.c.seq < seq)
    published = date.fromisoformat(day)
    return sa.or_(a.c.published < published, sa.and_(a.c.published == published, a.c.seq < seq),
                  a.c.published.is_(None))


def iso_day(published: date | None) -> str | None:
    return published.isoformat() if published is not None else None
