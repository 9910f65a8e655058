"""Raw item → Article: metadata normalised, bylines, photo credits and captions moved out of the body.

The cleaning rules read the *layout conventions* of news copy (a short paragraph
that is only a byline, a paragraph ending in ``Picture: Alamy``), not the
language of the article, so line patterns are the right tool here; everything
about meaning is left to the pipeline.

Cleaning also makes every text safe to analyse and store: lone surrogates (which
no encoder accepts) become U+FFFD and control characters go. An article whose text
is all invisible (zero-width and format characters) is empty.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import Any, BinaryIO

from dossier.ingest.items import Failed, RawItem, Rejected
from dossier.ingest.language import detect_language
from dossier.ingest.sources import Item, read_paths, read_streams
from dossier.model import Article
from dossier.settings import Limits

_NAME = r"[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|de|van|von|al|bin|da|di|le|la))*"
_BYLINE = re.compile(rf"^by\s+({_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*)\s*$", re.IGNORECASE)
_CREDIT = re.compile(
    r"""(?:
        \b(?:Picture|Photo|Photograph|Image|Credit|Pictured|Source)\s*:\s*[^.:]{1,60}   # Picture: Alamy
      | \((?:AP|AFP|Reuters|EPA|Getty)?\s*Photo\b[^)]{0,80}\)                            # (AP Photo/Name)
      | \b(?:AP|AFP|Reuters|EPA|Getty\s+Images)\s*/\s*[^.]{0,60}                         # Reuters / Name
    )\s*$""",
    re.VERBOSE,
)
_CAPTION_LEAD = re.compile(
    r"^(?:in\s+this\s+(?:undated\s+)?(?:photo|image|picture|handout|file\s+photo)|file\s*[-–—]|file\s+photo\b)",
    re.IGNORECASE,
)
# A wire dateline opening the first paragraph: a place in capitals, perhaps a country and an agency, a dash.
_DATELINE = re.compile(r"^(?P<place>[A-Z][A-Z'.-]+(?: [A-Z][A-Z'.-]+)*(?:, [A-Z][A-Za-z'. -]{1,30})?(?: \([^)]{1,30}\))?)"
                       r" ?[—–-]{1,2} (?=\S)")
_OPEN_FRAGMENT = re.compile(r"\s*\([^)]*$")
_SPACE = re.compile(r"\s+")
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
MAX_ID_CHARS = 200  # the id column's width


@dataclass(frozen=True, slots=True)
class CleanBody:
    body: str
    authors: tuple[str, ...]
    captions: tuple[str, ...]
    dateline: str | None = None


def read_articles(paths: Iterable[str], limits: Limits) -> Iterator[Article | Rejected | Failed]:
    """Every input item as a cleaned article, a rejection or a failure, in input order."""
    return clean_items(read_paths(paths, limits), limits)


def read_uploads(uploads: Iterable[tuple[str, BinaryIO]], limits: Limits) -> Iterator[Article | Rejected | Failed]:
    """The same for streams, each with the name it is known by (an uploaded file's)."""
    return clean_items(read_streams(uploads, limits), limits)


def clean_items(items: Iterable[Item], limits: Limits) -> Iterator[Article | Rejected | Failed]:
    for item in items:
        if isinstance(item, RawItem):
            try:
                yield clean_item(item, limits.article_chars)
            except Exception as exc:  # noqa: BLE001 (a cleaning defect fails this item, not the batch)
                yield Failed.of(item.source, "cleaning", exc)
        else:
            yield item


def clean_item(item: RawItem, max_chars: int) -> Article | Rejected:
    """Turn a raw item into an article, or reject it with a reason."""
    try:
        published = parse_published(item.published)
    except ValueError:
        return Rejected(
            item.source, f"unparseable date {item.published!r}; give ISO 8601 (YYYY-MM-DD) or RFC 2822"
        )
    title = _normalise_space(safe_text(item.title or "")) or None
    cleaned = clean_body(safe_text(item.text), title)
    if not _visible(cleaned.body):
        return Rejected(item.source, "empty: no body text after removing bylines and captions")
    captions = _unique(tuple(safe_text(c) for c in item.captions) + cleaned.captions)
    length = len(cleaned.body) + sum(len(c) for c in captions)
    if length > max_chars:
        return Rejected(
            item.source,
            f"too long to analyse ({length:,} characters, over {max_chars:,}); split it or raise "
            "DOSSIER_MAX_ARTICLE_CHARS",
        )
    item_id = safe_text(item.id) if item.id else content_hash(cleaned.body)[:16]
    if len(item_id) > MAX_ID_CHARS:
        return Rejected(item.source, f"id longer than {MAX_ID_CHARS} characters; shorten it")
    return Article(
        id=item_id,
        body=cleaned.body,
        title=title,
        url=_optional(item.url),
        outlet=_optional(item.outlet),
        authors=_unique(tuple(safe_text(a) for a in item.authors) + cleaned.authors),
        published=published,
        language=detect_language(cleaned.body),
        captions=captions,
        metadata=_safe_json({"format": item.format, "source": item.source, **item.metadata}
                            | ({"dateline": cleaned.dateline} if cleaned.dateline else {})),
    )


def safe_text(text: str) -> str:
    """Text every encoder and database takes: lone surrogates replaced, control characters other than tab and
    line breaks removed (PostgreSQL refuses NUL in text)."""
    return _CONTROL.sub("", _SURROGATE.sub("\ufffd", text))


def clean_body(text: str, title: str | None = None) -> CleanBody:
    """Split into paragraphs (one per line), pull out bylines, credits and captions, rejoin with blank lines."""
    title_key = _key(title or "")
    body: list[str] = []
    authors: list[str] = []
    captions: list[str] = []
    dateline: str | None = None
    for line in text.splitlines():
        paragraph = _normalise_space(line)
        if not paragraph:
            continue
        byline = _BYLINE.match(paragraph)
        if byline and len(paragraph.split()) <= 12:
            authors.extend(_split_names(byline.group(1)))
            continue
        credit = _CREDIT.search(paragraph)
        remainder = _strip_credit(paragraph, credit.start()) if credit else paragraph
        if title_key and _key(remainder) == title_key:
            continue  # the headline repeated above the lead image
        if credit or _CAPTION_LEAD.match(paragraph):
            if remainder:
                captions.append(remainder)
            continue
        opening = _DATELINE.match(paragraph) if not body and dateline is None else None
        if opening is not None and not paragraph[opening.end() :][:1].islower():  # "NATO — the alliance…" is prose
            dateline = opening.group("place").strip()  # "KYIV —": where the story was filed, not its first words
            paragraph = paragraph[opening.end() :]
        body.append(paragraph)
    return CleanBody("\n\n".join(body), tuple(authors), tuple(captions), dateline)


def parse_published(value: str | date | datetime | None) -> date | None:
    """ISO 8601 (with or without time, ``Z``) or RFC 2822; raises ValueError otherwise."""
    if value is None or isinstance(value, date):
        return value.date() if isinstance(value, datetime) else value
    text = value.strip()
    if not text:
        return None
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError, OverflowError) as exc:  # OverflowError: "Mon, 1 Jan 99999999999999"
        raise ValueError(text) from exc


def content_hash(body: str) -> str:
    """Hash of the body with case and spacing folded, so re-encoded copies hash alike."""
    return hashlib.sha256(_key(body).encode("utf-8")).hexdigest()


def _visible(text: str) -> bool:
    return any(unicodedata.category(c)[0] in "LNPS" for c in text)


def _optional(value: str | None) -> str | None:
    return safe_text(value) if value else None


def _safe_json(value: Any) -> Any:
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, dict):
        return {safe_text(str(k)): _safe_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_safe_json(v) for v in value]
    return value


def _strip_credit(paragraph: str, credit_start: int) -> str:
    head = _OPEN_FRAGMENT.sub("", paragraph[:credit_start])
    return head.strip(" .,;:-–—|").strip() + ("." if head.rstrip().endswith(".") else "")


def _split_names(names: str) -> list[str]:
    return [n.strip() for n in re.split(r"\s*(?:,|\band\b|&)\s*", names) if n.strip()]


def _key(text: str) -> str:
    return _normalise_space(text).casefold().rstrip(".")


def _normalise_space(text: str | None) -> str:
    return _SPACE.sub(" ", text or "").strip()


def _unique(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))
