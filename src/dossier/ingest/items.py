"""What the format readers hand on: raw items before cleaning, or a rejection."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from dossier.errors import describe


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


@dataclass(frozen=True, slots=True)
class Failed:
    """An input item whose reading raised: a defect in dossier or a library it calls, not in the input alone.
    ``error`` is the exception's class and message; the batch goes on."""

    source: str
    error: str

    @classmethod
    def of(cls, source: str, stage: str, exc: BaseException) -> Failed:
        return cls(source, f"{stage} failed: {describe(exc)}")



def author_list(value: Any) -> tuple[str, ...]:
    """Authors as a reader found them (a list, or one string joined by ';', 'and' or '&') as names."""
    if not value:
        return ()
    if isinstance(value, list | tuple):
        return tuple(str(v).strip() for v in value if str(v).strip())
    return tuple(a.strip() for a in re.split(r";|\band\b|&", str(value)) if a.strip())


ItemOrRejection = RawItem | Rejected
