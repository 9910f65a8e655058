"""Format readers: bytes of one input file → raw items.

Each reader is given the whole (already decompressed, size-checked) payload and
yields ``RawItem`` or ``Rejected``; a reader never raises for bad content, so one
broken entry cannot stop the file, and one broken file cannot stop the batch.
Third-party parsers (trafilatura, feedparser, warcio) are called only here.
"""

from __future__ import annotations

import dataclasses
import json
import re
from email.utils import parseaddr
from collections.abc import Iterator
from datetime import datetime
from time import struct_time
from typing import Any, BinaryIO

import feedparser
import trafilatura
from trafilatura.settings import Document
from lxml import html as lxml_html
from lxml.etree import ParserError
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from dossier.ingest.items import RawItem, Rejected

ItemOrRejection = RawItem | Rejected

_TEXT_HEADER = re.compile(r"^[ \t]*date[ \t]+(\S+)(?:[ \t]+(.*?))?[ \t]*$")
_JSONL_KNOWN = {"id", "url", "outlet", "section", "title", "author", "authors", "published", "text"}


def read_text(source: str, text: str) -> Iterator[ItemOrRejection]:
    """Plain text, with an optional first line ``date YYYY-MM-DD <title>``."""
    first, _, rest = text.lstrip("\ufeff\r\n").partition("\n")
    header = _TEXT_HEADER.match(first)
    if header:
        yield RawItem(source, rest, "text", published=header.group(1), title=header.group(2) or None)
    else:
        yield RawItem(source, text, "text")


def read_json(source: str, text: str) -> Iterator[ItemOrRejection]:
    """JSON Lines (one article object per line), or one JSON document holding an article or a list of them."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError:
        lines = ((f"{source}:{n}", line) for n, line in enumerate(text.splitlines(), start=1) if line.strip())
        for where, line in lines:
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Rejected(where, f"not valid JSON ({exc.msg} at column {exc.colno}); fix or remove the line")
                continue
            yield _json_article(where, obj)
        return
    if isinstance(document, list):
        for number, obj in enumerate(document, start=1):
            yield _json_article(f"{source}[{number}]", obj)
    else:
        yield _json_article(source, document)


def _json_article(where: str, obj: Any) -> ItemOrRejection:
    if not isinstance(obj, dict):
        return Rejected(where, "a JSON article must be an object with at least a 'text' field")
    body = obj.get("text")
    if not isinstance(body, str):
        return Rejected(where, "no 'text' string field: nothing to analyse")
    return RawItem(
        where,
        body,
        "jsonl",
        id=_optional_str(obj.get("id")),
        url=_optional_str(obj.get("url")),
        outlet=_optional_str(obj.get("outlet") or obj.get("section")),
        title=_optional_str(obj.get("title")),
        authors=_author_list(obj.get("authors", obj.get("author"))),
        published=_optional_str(obj.get("published")),
        metadata={k: v for k, v in obj.items() if k not in _JSONL_KNOWN},
    )


def read_html(source: str, text: str, url: str | None = None) -> Iterator[ItemOrRejection]:
    """Main text and metadata through trafilatura; figure captions from ``<figcaption>``."""
    try:
        doc = trafilatura.bare_extraction(
            text, url=url, include_comments=False, include_tables=False, with_metadata=True, as_dict=False
        )
    except (ValueError, TypeError, ParserError) as exc:
        yield Rejected(source, f"HTML could not be parsed ({exc}); check that the file is a web page")
        return
    if not isinstance(doc, Document) or not (doc.text or "").strip():
        yield Rejected(source, "no article text found in the HTML page (trafilatura extracted nothing)")
        return
    yield RawItem(
        source,
        doc.text or "",
        "html",
        url=doc.url or url,
        outlet=doc.sitename,
        title=doc.title,
        authors=_author_list(doc.author),
        published=doc.date,
        captions=_figcaptions(text),
        metadata={k: v for k, v in (("description", doc.description), ("hostname", doc.hostname)) if v},
    )


def read_feed(source: str, text: str) -> Iterator[ItemOrRejection]:
    """RSS or Atom: one article per entry (title + content or summary)."""
    feed = feedparser.parse(text)
    if feed.bozo and not feed.entries:
        yield Rejected(source, f"feed could not be parsed ({feed.get('bozo_exception')})")
        return
    outlet = feed.feed.get("title")
    for number, entry in enumerate(feed.entries, start=1):
        where = f"{source}#{entry.get('id') or number}"
        parts = [c.get("value", "") for c in entry.get("content", [])] or [entry.get("summary", "")]
        body = "\n\n".join(_html_fragment_text(p) for p in parts if p)
        published = entry.get("published_parsed") or entry.get("updated_parsed")
        yield RawItem(
            where,
            body,
            "feed",
            id=entry.get("id"),
            url=entry.get("link"),
            outlet=outlet,
            title=entry.get("title"),
            authors=_author_list(_feed_author(entry.get("author"))),
            published=_struct_to_datetime(published) if published else entry.get("published"),
        )


def read_warc(source: str, stream: BinaryIO, max_bytes: int) -> Iterator[ItemOrRejection]:
    """Every HTML response record of a WARC file is one article. The archive is streamed record by
    record (crawls run to gigabytes); the size limit applies to each page, not to the file."""
    try:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            content_type = record.http_headers.get_header("Content-Type") or ""
            if "html" not in content_type.lower():
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI")
            where = f"{source}#{uri}"
            body = record.content_stream().read(max_bytes + 1)
            if len(body) > max_bytes:
                yield Rejected(where, f"page too large (over {max_bytes:,} bytes); raise DOSSIER_MAX_ITEM_BYTES")
                continue
            html_text = _decode_html(body)
            if html_text is None:
                yield Rejected(where, "response body is not decodable text")
                continue
            warc_date = record.rec_headers.get_header("WARC-Date")
            for item in read_html(where, html_text, url=uri):
                if isinstance(item, RawItem) and item.published is None and warc_date:
                    item = dataclasses.replace(item, published=warc_date)
                yield item
    except ArchiveLoadFailed as exc:
        yield Rejected(source, f"WARC file is damaged or truncated ({exc}); re-fetch it")


def _decode_html(body: bytes) -> str | None:
    for encoding in ("utf-8", "cp1252"):
        try:
            return body.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _figcaptions(page: str) -> tuple[str, ...]:
    try:
        tree = lxml_html.fromstring(page)
    except (ParserError, ValueError):
        return ()
    captions = (" ".join(node.text_content().split()) for node in tree.iter("figcaption"))
    return tuple(c for c in captions if c)


def _html_fragment_text(fragment: str) -> str:
    if "<" not in fragment:
        return fragment.strip()
    return trafilatura.html2txt(f"<html><body>{fragment}</body></html>").strip()


def _feed_author(value: str | None) -> str | None:
    # RSS writes "email (Name)"; feedparser's own split cuts long top-level domains short.
    if not value:
        return None
    name, address = parseaddr(value)
    return name or (None if address == value.strip() else value)


def _struct_to_datetime(value: struct_time) -> datetime:
    return datetime(*value[:6])


def _optional_str(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return str(value)


def _author_list(value: Any) -> tuple[str, ...]:
    if not value:
        return ()
    if isinstance(value, list | tuple):
        return tuple(str(v).strip() for v in value if str(v).strip())
    return tuple(a.strip() for a in re.split(r";|\band\b|&", str(value)) if a.strip())
