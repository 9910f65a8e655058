"""Format readers: one input (decompressed) → raw items.

JSON Lines and WARC readers are given the stream and read an article at a time; the
others are given the whole, size-checked text. Each yields ``RawItem`` or ``Rejected``
and never raises for bad content, so one broken entry cannot stop the file, and one
broken file cannot stop the batch. Third-party parsers (trafilatura, feedparser,
warcio) are called only here.
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
import zlib
from collections.abc import Iterator
from email.message import Message
from email.utils import parseaddr
from datetime import datetime
from time import struct_time
from typing import Any, BinaryIO

import feedparser
import trafilatura
from trafilatura.settings import Document
from lxml import html as lxml_html
from lxml.etree import ParserError
from warcio.archiveiterator import ArchiveIterator, UnseekableYetTellable
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from dossier.ingest.items import RawItem, Rejected

ItemOrRejection = RawItem | Rejected

_TEXT_HEADER = re.compile(r"^[ \t]*date[ \t]+(\S+)(?:[ \t]+(.*?))?[ \t]*$")
_JSONL_KNOWN = {"id", "url", "outlet", "section", "title", "author", "authors", "published", "text"}
# Blank lines after the last record, and a gzip trailer that lost its last bytes, are no lost page.
_WARC_SLACK = 16
_CHARSET_PEEK_BYTES = 4096
_SCALAR_FIELDS = ("id", "url", "outlet", "section", "title", "published")
_ARRAY_OF_OBJECTS = re.compile(r"\A[\ufeff\s]*\[\s*\{")
_SKIP_BYTES = 1 << 20


def read_text(source: str, text: str) -> Iterator[ItemOrRejection]:
    """Plain text, with an optional first line ``date YYYY-MM-DD <title>``."""
    first, _, rest = text.lstrip("\ufeff\r\n").partition("\n")
    header = _TEXT_HEADER.match(first)
    if header:
        yield RawItem(source, rest, "text", published=header.group(1), title=header.group(2) or None)
    else:
        yield RawItem(source, text, "text")


def is_json(text: str | bytes) -> bool:
    """Whether the text is one whole JSON value (JSON Lines' first line is; a pretty-printed document's is not).
    A value nested too deeply to parse counts: it is JSON, and its reader rejects it."""
    try:
        json.loads(text)
    except RecursionError:
        return True
    except ValueError:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        return False
    return True


def read_json_text(source: str, text: str, max_line_bytes: int) -> Iterator[ItemOrRejection]:
    """One JSON document holding an article or an array of them, else JSON Lines. Text that opens with ``[``
    but is no array of objects ("[Reuters] Troops…") is plain text."""
    try:
        document = json.loads(text)
    except RecursionError:
        yield _too_deep(source)
        return
    except ValueError:  # JSONDecodeError, or a number of over 4,300 digits
        if text.lstrip("\ufeff \t\r\n").startswith("["):
            if _ARRAY_OF_OBJECTS.match(text):
                yield Rejected(source, "not valid JSON (a JSON array of articles that does not parse); fix the file")
            else:
                yield from read_text(source, text)
            return
        yield from read_json_lines(source, io.BytesIO(text.encode("utf-8", "surrogatepass")), max_line_bytes)
        return
    if isinstance(document, list):
        if not document:
            yield Rejected(source, "empty: a JSON array with no articles")
        for number, obj in enumerate(document, start=1):
            yield _json_article(f"{source}[{number}]", obj)
    else:
        yield _json_article(source, document)


def read_json_lines(source: str, stream: BinaryIO, max_line_bytes: int) -> Iterator[ItemOrRejection]:
    """JSON Lines, one article object a line, streamed: the size limit applies to each line, and a damaged
    stream (a gzip file cut short) rejects what remains of it, with the line it stopped at."""
    number = 0
    try:
        while line := stream.readline(max_line_bytes + 1):
            number += 1
            where = f"{source}:{number}"
            if len(line) > max_line_bytes and not line.endswith(b"\n"):
                while (rest := stream.readline(_SKIP_BYTES)) and not rest.endswith(b"\n"):
                    pass  # the rest of the oversized line, read and dropped in bounded pieces
                yield Rejected(where, f"line too large (over {max_line_bytes:,} bytes); split it or raise "
                               "DOSSIER_MAX_ITEM_BYTES")
                continue
            if not line.strip():
                continue
            yield _json_line(where, line)
    except (OSError, EOFError, zlib.error) as exc:
        yield Rejected(f"{source}:{number + 1}", f"the file is damaged from here on ({exc}); re-create it")


def _json_line(where: str, line: bytes) -> ItemOrRejection:
    if b"\x00" in line:
        return Rejected(where, "binary data (NUL bytes) in the line, not text; fix or remove the line")
    try:
        text = line.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Rejected(where, f"not UTF-8 text (bad byte at offset {exc.start} of the line); convert it to UTF-8")
    try:
        obj = json.loads(text)
    except RecursionError:
        return _too_deep(where)
    except json.JSONDecodeError as exc:
        return Rejected(where, f"not valid JSON ({exc.msg} at column {exc.colno}); fix or remove the line")
    except ValueError as exc:  # a number too long for Python to convert (over 4,300 digits)
        return Rejected(where, f"not readable JSON ({exc}); fix or remove the line")
    return _json_article(where, obj)


def _too_deep(where: str) -> Rejected:
    return Rejected(where, "JSON nested too deeply to read (an article is a flat object); fix the data")


def _json_article(where: str, obj: Any) -> ItemOrRejection:
    if not isinstance(obj, dict):
        return Rejected(where, "a JSON article must be an object with at least a 'text' field")
    body = obj.get("text")
    if not isinstance(body, str):
        return Rejected(where, "no 'text' string field: nothing to analyse")
    for name in _SCALAR_FIELDS:
        value = obj.get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, str | int | float)):
            return Rejected(where, f"field {name!r} must be a string or a number, not {type(value).__name__}; fix "
                            "the data")
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
    if not feed.entries:
        yield Rejected(source, "a feed with no entries: nothing to read")
        return
    outlet = feed.feed.get("title")
    for number, entry in enumerate(feed.entries, start=1):
        where = f"{source}#{entry.get('id') or number}"
        parts = [c.get("value", "") for c in entry.get("content", [])] or [entry.get("summary", "")]
        body = "\n\n".join(_html_fragment_text(p) for p in parts if p)
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
            authors=_author_list(_feed_author(entry.get("author"))),
            published=_struct_to_datetime(published) if published else entry.get("published"),
        )


def read_warc(source: str, stream: BinaryIO, max_bytes: int) -> Iterator[ItemOrRejection]:
    """Every HTML response record of a WARC file is one article. The archive is streamed record by
    record (crawls run to gigabytes); the size limit applies to each page, not to the file. A file cut
    short is reported: the page it cuts, or the bytes after the last whole record."""
    counted = UnseekableYetTellable(stream)  # counts the bytes read: did the file end after its last record?
    records = ArchiveIterator(counted)
    end_of_records = 0
    try:
        for record in records:
            item = _warc_page(source, record, max_bytes)
            records.read_to_end(record)
            end_of_records = records.get_record_offset() + records.get_record_length()
            if item is not None:
                yield from item
    except ArchiveLoadFailed as exc:
        first_line = ascii(str(exc).rpartition("first line: ")[2])[:80]
        yield Rejected(source, f"WARC file is damaged after byte {end_of_records:,} (a record starts {first_line}); "
                       "re-fetch it")
        return
    if counted.tell() > end_of_records + _WARC_SLACK:
        yield Rejected(source, f"WARC file is truncated: {counted.tell() - end_of_records:,} bytes after the last whole "
                       "record do not form a record; re-fetch it")


def _warc_page(source: str, record: ArcWarcRecord, max_bytes: int) -> Iterator[ItemOrRejection] | None:
    if record.rec_type != "response" or record.http_headers is None:
        return None
    content_type = record.http_headers.get_header("Content-Type") or ""
    if "html" not in content_type.lower():
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI")
    where = f"{source}#{uri}"
    body = record.content_stream().read(max_bytes + 1)
    if len(body) > max_bytes:
        return iter([Rejected(where, f"page too large (over {max_bytes:,} bytes); raise DOSSIER_MAX_ITEM_BYTES")])
    if record.raw_stream.limit > 0:  # the record says it is longer than what the file still holds
        return iter([Rejected(where, "page cut short: the WARC file is truncated here; re-fetch it")])
    html_text = decode_html(body, _charset(content_type))
    if html_text is None:
        return iter([Rejected(where, "response body is not decodable text")])
    warc_date = record.rec_headers.get_header("WARC-Date")
    return (
        dataclasses.replace(item, published=warc_date)
        if isinstance(item, RawItem) and item.published is None and warc_date
        else item
        for item in read_html(where, html_text, url=uri)
    )


def decode_html(body: bytes, declared: str | None = None) -> str | None:
    """A web page's text: UTF-8, else the encoding the server or the page declares, else Windows-1252
    (what browsers assume for undeclared Western pages)."""
    for encoding in ("utf-8", declared or _declared_charset(body), "cp1252"):
        if encoding is None:
            continue
        try:
            return body.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return None


def _declared_charset(page: bytes) -> str | None:
    try:  # Latin-1 maps every byte to a character, so the ASCII markup of any Western encoding reads right
        tree = lxml_html.fromstring(page[:_CHARSET_PEEK_BYTES].decode("latin-1"))
    except (ParserError, ValueError):
        return None
    for meta in tree.iter("meta"):
        if meta.get("charset"):
            return str(meta.get("charset")).strip()
        if (meta.get("http-equiv") or "").lower() == "content-type":
            return _charset(meta.get("content") or "")
    return None


def _charset(content_type: str) -> str | None:
    message = Message()
    message["content-type"] = content_type
    charset = message.get_content_charset()
    return str(charset) if charset else None


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
