"""RSS and Atom feeds (feedparser): one article per entry."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from email.utils import parseaddr
from time import struct_time

import feedparser

from dossier.ingest.formats.html import fragment_text
from dossier.ingest.items import ItemOrRejection, RawItem, Rejected, author_list


def read_feed(source: str, text: str) -> Iterator[ItemOrRejection]:
    """RSS or Atom: one article per entry (title + content or summary)."""
    feed = feedparser.parse(text)
    if feed.bozo and not feed.entries:
        yield Rejected(source, f"feed could not be parsed ({feed.get('bozo_exception')})")
        return
    if not feed.entries:
        yield Rejected(source, "a feed with no entries: nothing to read")
        return
    outlet = feed.feed.get("title")
    for number, entry in enumerate(feed.entries, start=1):
        where = f"{source}#{entry.get('id') or number}"
        parts = [c.get("value", "") for c in entry.get("content", [])] or [entry.get("summary", "")]
        body = "\n\n".join(fragment_text(p) for p in parts if p)
        # The plain dict's own keys: feedparser maps a missing `updated_parsed` to `published_parsed`, with a warning.
        published = dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")
        yield RawItem(
            where,
            body,
            "feed",
            id=entry.get("id"),
            url=entry.get("link"),
            outlet=outlet,
            title=entry.get("title"),
            authors=author_list(_feed_author(entry.get("author"))),
            published=_struct_to_datetime(published) if published else entry.get("published"),
        )


def _feed_author(value: str | None) -> str | None:
    # RSS writes "email (Name)"; feedparser's own split cuts long top-level domains short.
    if not value:
        return None
    name, address = parseaddr(value)
    return name or (None if address == value.strip() else value)


def _struct_to_datetime(value: struct_time) -> datetime:
    return datetime(*value[:6])
