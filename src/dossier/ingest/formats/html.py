"""HTML pages: main text and metadata through trafilatura, captions from ``<figcaption>``, the page's encoding."""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from email.message import Message

import trafilatura
from lxml import html as lxml_html
from lxml.etree import ParserError
from trafilatura.settings import Document

from dossier.ingest.items import ItemOrRejection, RawItem, Rejected, author_list

_CHARSET_PEEK_BYTES = 4096


def read_html(source: str, text: str, url: str | None = None) -> Iterator[ItemOrRejection]:
    """Main text and metadata through trafilatura; figure captions from ``<figcaption>``."""
    try:
        doc = trafilatura.bare_extraction(
            text, url=url, include_comments=False, include_tables=False, with_metadata=True, as_dict=False
        )
    except (ValueError, TypeError, ParserError, AssertionError) as exc:  # AssertionError: lxml on <math><guid>
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
        authors=author_list(doc.author),
        published=doc.date,
        captions=_figcaptions(text),
        metadata={k: v for k, v in (("description", doc.description), ("hostname", doc.hostname)) if v},
    )


def decode_html(body: bytes, declared: str | None = None) -> str | None:
    """A web page's text: UTF-8, else the encoding the server or the page declares, else Windows-1252
    (what browsers assume for undeclared Western pages)."""
    for encoding in ("utf-8", _character_set(declared or _declared_charset(body)), "cp1252"):
        if encoding is None:
            continue
        try:
            return body.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _character_set(name: str | None) -> str | None:
    """A declared encoding Python knows as a character set; None for an unknown name and for codecs that are no
    character set (``unicode_escape`` reads backslashes as escapes, ``rot13`` and ``hex`` transform text)."""
    if not name:
        return None
    try:
        codec = codecs.lookup(name)
    except (LookupError, ValueError):  # ValueError: a name holding a NUL character
        return None
    if not getattr(codec, "_is_text_encoding", True) or codec.name.endswith("escape"):
        return None
    return codec.name


def _declared_charset(page: bytes) -> str | None:
    try:  # Latin-1 maps every byte to a character, so the ASCII markup of any Western encoding reads right
        tree = lxml_html.fromstring(page[:_CHARSET_PEEK_BYTES].decode("latin-1"))
    except (ParserError, ValueError):
        return None
    for meta in tree.iter("meta"):
        if meta.get("charset"):
            return str(meta.get("charset")).strip()
        if (meta.get("http-equiv") or "").lower() == "content-type":
            return charset(meta.get("content") or "")
    return None


def charset(content_type: str) -> str | None:
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


def fragment_text(fragment: str) -> str:
    if "<" not in fragment:
        return fragment.strip()
    return trafilatura.html2txt(f"<html><body>{fragment}</body></html>").strip()
