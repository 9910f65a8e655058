"""What the format readers hand on: raw items before cleaning, or a rejection."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class RawItem:
    """One article as a reader found it. ``source`` names it for people (``file.jsonl:12``)."""

    source: str
    text: str
    format: str
    id: str | None = None
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | date | datetime | None = None
    captions: tuple[str, ...] = ()
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Rejected:
    """An input item that cannot become an article, with a reason a person can act on."""

    source: str
    reason: str
