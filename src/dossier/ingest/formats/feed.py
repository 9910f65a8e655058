"""RSS and Atom feeds (feedparser): one article per entry."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from email.utils import parseaddr
from time import struct_time
from typing import Any

import feedparser

from dossier.errors import describe
from dossier.ingest.formats.html import fragment_text
from dossier.ingest.items import Failed, ItemOrRejection, RawItem, Rejected, author_list

_CHARACTER_REFERENCE = re.compile(r"&#(x[0-9a-f]{1,8}|[0-9]{1,10});", re.IGNORECASE)


def read_feed(source: str, text: str) -> Iterator[ItemOrRejection | Failed]:
    """RSS or Atom: one article per entry (title + content or summary). An entry that cannot be read fails alone."""
    try:
        feed = feedparser.parse(_CHARACTER_REFERENCE.sub(_valid_reference, text))
    except Exception as exc:  # noqa: BLE001 (the parser's own defects on hostile markup: the feed is unreadable)
        yield Rejected(source, f"feed could not be parsed ({describe(exc)})")
        return
    if feed.bozo and not feed.entries:
        yield Rejected(source, f"feed could not be parsed ({feed.get('bozo_exception')})")
        return
    if not feed.entries:
        yield Rejected(source, "a feed with no entries: nothing to read")
        return
    outlet = feed.feed.get("title")
    for number, entry in enumerate(feed.entries, start=1):
        where = f"{source}#{entry.get('id') or number}"
        try:
            yield _entry(where, entry, outlet)
        except Exception as exc:  # noqa: BLE001 (a defect on one entry must not lose the next)
            yield Failed.of(where, "reading", exc)


def _entry(where: str, entry: Any, outlet: str | None) -> RawItem:
    parts = [c.get("value", "") for c in entry.get("content", [])] or [entry.get("summary", "")]
    body = "\n\n".join(fragment_text(p) for p in parts if p)
    # The plain dict's own keys: feedparser maps a missing `updated_parsed` to `published_parsed`, with a warning.
    parsed = _as_datetime(dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed"))
    return RawItem(
        where,
        body,
        "feed",
        id=entry.get("id"),
        url=entry.get("link"),
        outlet=outlet,
        title=entry.get("title"),
        authors=author_list(_feed_author(entry.get("author"))),
        published=parsed or dict.get(entry, "published") or dict.get(entry, "updated"),
    )


def _valid_reference(match: re.Match[str]) -> str:
    """A numeric character reference to a surrogate or beyond Unicode (feedparser raises on them) as U+FFFD."""
    digits = match.group(1)
    code = int(digits[1:], 16) if digits[:1] in "xX" else int(digits)
    return "&#xFFFD;" if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF else match.group()


def _feed_author(value: str | None) -> str | None:
    # RSS writes "email (Name)"; feedparser's own split cuts long top-level domains short.
    if not value:
        return None
    name, address = parseaddr(value)
    return name or (None if address == value.strip() else value)


def _as_datetime(value: struct_time | None) -> datetime | None:
    """The parsed date, or None when feedparser's conversion to UTC left years 1 to 9999 (the date's text is used)."""
    if value is None:
        return None
    try:
        return datetime(*value[:6])
    except (ValueError, OverflowError):
        return None
