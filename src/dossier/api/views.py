"""What each API route answers, as functions of the store: the JSON routes return them, and every web page
returns the same for ``?format=json``. Each calls ``dossier.queries`` and nothing else."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import Query
from pydantic import BeforeValidator

from dossier import queries
from dossier.api.errors import not_found
from dossier.api.schemas import (
    ActorOut,
    ActorPage,
    ActorProfileOut,
    ArticleOut,
    ArticlePage,
    ClaimOut,
    ClaimPage,
    EventOut,
    EventPage,
    SearchOut,
    StatementOut,
    StatementPage,
)
from dossier.model import ClaimStatus, EventType, Stance, analysis_record, claim_record
from dossier.queries.events import Side
from dossier.store import Store

MAX_PAGE = 200

Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"Items per page, 1 to {MAX_PAGE}.")]
After = Annotated[str | None, Query(max_length=500, description="The `next` cursor of the previous page.")]
# A date is ISO 8601 (YYYY-MM-DD) and nothing else: pydantic's lax mode would take "0" as a Unix time.
IsoDate = BeforeValidator(lambda value: date.fromisoformat(value) if isinstance(value, str) else value)
Since = Annotated[date | None, IsoDate, Query(description="From this date (inclusive), YYYY-MM-DD.")]
Until = Annotated[date | None, IsoDate, Query(description="Up to this date (inclusive), YYYY-MM-DD.")]
Text = Annotated[str | None, Query(max_length=200, description="Words to look for.")]
ActorId = Annotated[str | None, Query(max_length=300, description="An actor id, e.g. `person:dmitry-peskov`.")]
CountryCode = Annotated[str | None, Query(pattern="^[A-Za-z]{3}$", description="ISO alpha-3 country code, e.g. `RUS`.")]


def claim_board(
    store: Store, status: ClaimStatus | None = None, about: str | None = None, actor: str | None = None,
    since: date | None = None, until: date | None = None, limit: int = 50, after: str | None = None,
) -> ClaimPage:
    found = queries.board(store, status=status, about=about, actor=actor, since=since, until=until, limit=limit,
                          after=after)
    return ClaimPage(items=[ClaimOut.of(c) for c in found.items], next=found.next)


def claim(store: Store, claim_id: str) -> dict[str, Any]:
    found = queries.get_claim(store, claim_id)
    if found is None:
        raise not_found(f"claim {claim_id}")
    return claim_record(found)


def article_list(
    store: Store, outlet: str | None = None, since: date | None = None, until: date | None = None,
    q: str | None = None, limit: int = 50, after: str | None = None,
) -> ArticlePage:
    found = queries.articles(store, outlet=outlet, since=since, until=until, text=q, limit=limit, after=after)
    summaries = queries.summaries(store, [a.id for a in found.items])
    return ArticlePage(items=[ArticleOut.of(s) for s in summaries], next=found.next)


def article(store: Store, article_id: str) -> dict[str, Any]:
    found = queries.get_analysis(store, article_id)
    if found is None:
        raise not_found(f"article {article_id}")
    return analysis_record(found)


def statement_list(
    store: Store, actor: str | None = None, about: str | None = None, stance: Stance | None = None,
    q: str | None = None, since: date | None = None, until: date | None = None, limit: int = 50,
    after: str | None = None,
) -> StatementPage:
    found = queries.statements(store, actor=actor, about=about, stance=stance, text=q, since=since, until=until,
                               limit=limit, after=after)
    return StatementPage(items=[StatementOut.of(h) for h in found.items], next=found.next)


def event_list(
    store: Store, type: EventType | None = None, code: str | None = None, side: Side | None = None,  # noqa: A002
    claim: str | None = None, since: date | None = None, until: date | None = None, limit: int = 50,
    after: str | None = None,
) -> EventPage:
    found = queries.events(store, type=type, code=code, side=side, claim=claim, since=since, until=until,
                           limit=limit, after=after)
    return EventPage(items=[EventOut.of(h) for h in found.items], next=found.next)


def actor_list(
    store: Store, q: str | None = None, code: str | None = None, kind: str | None = None, limit: int = 50,
    after: str | None = None,
) -> ActorPage:
    found = queries.actors(store, text=q, code=code, kind=kind, limit=limit, after=after)
    return ActorPage(items=[ActorOut.of(a) for a in found.items], next=found.next)


def actor(store: Store, actor_id: str) -> ActorProfileOut:
    found = queries.get_actor(store, actor_id)
    if found is None:
        raise not_found(f"actor {actor_id}")
    return ActorProfileOut.of_profile(found)


def search(store: Store, q: str, limit: int = 10) -> SearchOut:
    """Articles (full text), statements (their content) and claims (words in a statement) at once."""
    words = q.strip()
    if not words:
        return SearchOut(query=q, articles=[], statements=[], claims=[])
    found = queries.search(store, words, limit)
    summaries = queries.summaries(store, [a.id for a in found])
    return SearchOut(
        query=q,
        articles=[ArticleOut.of(s) for s in summaries],
        statements=statement_list(store, q=words, limit=limit).items,
        claims=claim_board(store, about=words, limit=limit).items,
    )
