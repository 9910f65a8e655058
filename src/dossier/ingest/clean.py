"""Raw item → Article: metadata normalised, bylines, photo credits and captions moved out of the body.

The cleaning rules read the *layout conventions* of news copy (a short paragraph
that is only a byline, a paragraph ending in ``Picture: Alamy``), not the
language of the article, so line patterns are the right tool here; everything
about meaning is left to the pipeline.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime

from dossier.ingest.items import RawItem, Rejected
from dossier.ingest.language import detect_language
from dossier.ingest.sources import read_paths
from dossier.model import Article

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
_OPEN_FRAGMENT = re.compile(r"\s*\([^)]*$")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class CleanBody:
    body: str
    authors: tuple[str, ...]
    captions: tuple[str, ...]


def read_articles(paths: Iterable[str], max_bytes: int) -> Iterator[Article | Rejected]:
    """Every input item as a cleaned article or a rejection, in input order."""
    for item in read_paths(paths, max_bytes):
        yield item if isinstance(item, Rejected) else clean_item(item)


def clean_item(item: RawItem) -> Article | Rejected:
    """Turn a raw item into an article, or reject it with a reason."""
    try:
        published = parse_published(item.published)
    except ValueError:
        return Rejected(
            item.source, f"unparseable date {item.published!r}; give ISO 8601 (YYYY-MM-DD) or RFC 2822"
        )
    cleaned = clean_body(item.text, item.title)
    if not cleaned.body:
        return Rejected(item.source, "empty: no body text after removing bylines and captions")
    return Article(
        id=item.id or content_hash(cleaned.body)[:16],
        body=cleaned.body,
        title=_normalise_space(item.title) or None,
        url=item.url,
        outlet=item.outlet,
        authors=_unique(item.authors + cleaned.authors),
        published=published,
        language=detect_language(cleaned.body),
        captions=_unique(item.captions + cleaned.captions),
        metadata={"format": item.format, "source": item.source, **item.metadata},
    )


def clean_body(text: str, title: str | None = None) -> CleanBody:
    """Split into paragraphs (one per line), pull out bylines, credits and captions, rejoin with blank lines."""
    title_key = _key(title or "")
    body: list[str] = []
    authors: list[str] = []
    captions: list[str] = []
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
        body.append(paragraph)
    return CleanBody("\n\n".join(body), tuple(authors), tuple(captions))


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
    except (TypeError, ValueError, IndexError) as exc:
        raise ValueError(text) from exc


def content_hash(body: str) -> str:
    """Hash of the body with case and spacing folded, so re-encoded copies hash alike."""
    return hashlib.sha256(_key(body).encode("utf-8")).hexdigest()


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
