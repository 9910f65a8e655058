"""What the API answers, as models that document themselves in ``/openapi.json``. The two contract records
(an article's analysis, a claim) are not modelled again here: they are served as written by
``dossier.model`` and documented by the contract's JSON Schemas (``dossier/schema/*.schema.json``)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from dossier.model import ClaimStatus, placed_record, to_jsonable
from dossier.queries import ActorListing, ActorProfile, ArticleSummary, ClaimListing, EventHit, StatementHit


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ClaimOut(_Out):
    id: str = Field(pattern=r"^c[0-9]+$")
    summary: str | None = Field(description="Null while the claim waits for its description after a change.")
    status: ClaimStatus | None
    independent_sources: int | None
    figures: int | None = Field(description="How many of its figures a chart can plot.")
    statements: int
    first_seen: dt.date | None
    last_seen: dt.date | None

    @classmethod
    def of(cls, listing: ClaimListing) -> ClaimOut:
        return cls(**to_jsonable(listing))


class ArticleOut(_Out):
    id: str
    title: str | None
    outlet: str | None
    published: dt.date | None
    url: str | None
    statements: int
    quantities: int
    times: int
    actors: list[str] = Field(description="The most named actors, 'Name (CODE)'.")

    @classmethod
    def of(cls, summary: ArticleSummary) -> ArticleOut:
        a = summary.article
        return cls(id=a.id, title=a.title, outlet=a.outlet, published=a.published, url=a.url,
                   statements=summary.statements, quantities=summary.quantities, times=summary.times,
                   actors=list(summary.actors))


class StatementOut(_Out):
    article: str
    outlet: str | None
    published: dt.date | None
    title: str | None
    statement: dict[str, Any] = Field(description="The contract's statement record (see the analysis record).")

    @classmethod
    def of(cls, hit: StatementHit) -> StatementOut:
        return cls(article=hit.article_id, outlet=hit.outlet, published=hit.published, title=hit.title,
                   statement=placed_record(hit.statement))


class EventOut(_Out):
    article: str
    outlet: str | None
    published: dt.date | None
    title: str | None
    event: dict[str, Any] = Field(description="The contract's event record (see the analysis record).")

    @classmethod
    def of(cls, hit: EventHit) -> EventOut:
        return cls(article=hit.article_id, outlet=hit.outlet, published=hit.published, title=hit.title,
                   event=placed_record(hit.event))


class ActorOut(_Out):
    id: str
    name: str
    kind: str
    code: str | None
    mentions: int
    statements: int

    @classmethod
    def of(cls, listing: ActorListing) -> ActorOut:
        a = listing.actor
        return cls(id=a.id, name=a.name, kind=a.kind, code=a.code, mentions=listing.mentions,
                   statements=listing.statements)


class ActorProfileOut(ActorOut):
    roles: list[str]
    outlets: list[str]

    @classmethod
    def of_profile(cls, profile: ActorProfile) -> ActorProfileOut:
        return cls(**ActorOut.of(profile.listing).model_dump(), roles=list(profile.roles),
                   outlets=list(profile.outlets))


class ClaimPage(_Out):
    items: list[ClaimOut]
    next: str | None = Field(description="Pass as `after` for the next page; null on the last.")


class ArticlePage(_Out):
    items: list[ArticleOut]
    next: str | None


class StatementPage(_Out):
    items: list[StatementOut]
    next: str | None


class EventPage(_Out):
    items: list[EventOut]
    next: str | None


class ActorPage(_Out):
    items: list[ActorOut]
    next: str | None


class SearchOut(_Out):
    query: str
    articles: list[ArticleOut]
    statements: list[StatementOut]
    claims: list[ClaimOut]


class IngestOut(_Out):
    outcomes: dict[Literal["stored", "duplicate", "rejected", "failed"], int]
    items: list[dict[str, str | None]] = Field(description="Each item's source, outcome, article id and reason.")


