"""The JSON API under ``/api``: thin routes over ``views``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request

from dossier.api import views
from dossier.api.schemas import (
    ActorPage,
    ActorProfileOut,
    ArticlePage,
    ClaimPage,
    EventPage,
    SearchOut,
    StatementPage,
)
from dossier.api.views import ActorId, After, CountryCode, Limit, Since, Text, Until
from dossier.model import ClaimStatus, EventType, Stance
from dossier.queries.events import Side
from dossier.store import Store

_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"description": text, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    for status, text in ((400, "A value is not usable (e.g. a cursor from another store)."),
                         (404, "Not in this store."), (422, "A parameter is not valid."),
                         (503, "The database failed to answer."))
}

router = APIRouter(prefix="/api", responses=_ERRORS)


def store_of(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def _contract(name: str) -> dict[int | str, dict[str, Any]]:
    return {200: {"description": f"The contract's {name} record.",
                  "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name.capitalize()}"}}}}}


@router.get("/claims", response_model=ClaimPage, tags=["claims"])
def claims(
    request: Request,
    status: ClaimStatus | None = None,
    about: Annotated[str | None, Query(max_length=200, description="A country code or words in a statement.")] = None,
    actor: ActorId = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = 50,
    after: After = None,
) -> ClaimPage:
    """The claim board: claims by last update, newest first."""
    return views.claim_board(store_of(request), status, about, actor, since, until, limit, after)


@router.get("/claims/{claim_id}", responses=_contract("claim"), tags=["claims"])
def claim(request: Request, claim_id: Annotated[str, Path(max_length=30)]) -> Any:
    """One claim: its statements, who asserted, denied or refused it, and its figures over time."""
    return views.claim(store_of(request), claim_id)


@router.get("/articles", response_model=ArticlePage, tags=["articles"])
def articles(
    request: Request,
    outlet: Annotated[str | None, Query(max_length=200)] = None,
    since: Since = None,
    until: Until = None,
    q: Text = None,
    limit: Limit = 50,
    after: After = None,
) -> ArticlePage:
    """Stored articles (originals), newest publication first."""
    return views.article_list(store_of(request), outlet, since, until, q, limit, after)


@router.get("/articles/{article_id}", responses=_contract("analysis"), tags=["articles"])
def article(request: Request, article_id: Annotated[str, Path(max_length=200)]) -> Any:
    """One article with its analysis: entities, statements, quantities and times with their offsets."""
    return views.article(store_of(request), article_id)


@router.get("/statements", response_model=StatementPage, tags=["statements"])
def statements(
    request: Request,
    actor: ActorId = None,
    about: Annotated[str | None, Query(max_length=300, description="An actor id named in the statement.")] = None,
    stance: Stance | None = None,
    q: Text = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = 50,
    after: After = None,
) -> StatementPage:
    """Statements by source actor, actor named, stance and words, newest article first."""
    return views.statement_list(store_of(request), actor, about, stance, q, since, until, limit, after)


@router.get("/events", response_model=EventPage, tags=["events"])
def events(
    request: Request,
    type: EventType | None = None,  # noqa: A002 (PLOVER's field name)
    code: CountryCode = None,
    side: Annotated[Side | None, Query(description="Where `code` must be: source or target (default: either).")]
    = None,
    claim: Annotated[str | None, Query(pattern="^c[0-9]{1,18}$", description="Only events a statement of this claim "
                                       "carries, e.g. `c12`.")] = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = 50,
    after: After = None,
) -> EventPage:
    """PLOVER events by type and by a country on either side, newest article first; each with the statement that
    carries it, its stance, and whether it was denied, predicted or supposed."""
    return views.event_list(store_of(request), type, code, side, claim, since, until, limit, after)


@router.get("/actors", response_model=ActorPage, tags=["actors"])
def actors(
    request: Request,
    q: Text = None,
    code: Annotated[str | None, Query(max_length=3, description="ISO alpha-3 country code.")] = None,
    kind: Annotated[str | None, Query(max_length=20)] = None,
    limit: Limit = 50,
    after: After = None,
) -> ActorPage:
    """Actors, the most named first."""
    return views.actor_list(store_of(request), q, code, kind, limit, after)


@router.get("/actors/{actor_id}", response_model=ActorProfileOut, tags=["actors"])
def actor(request: Request, actor_id: Annotated[str, Path(max_length=300)]) -> ActorProfileOut:
    """One actor: how often named, how often a source, the roles and outlets it comes with."""
    return views.actor(store_of(request), actor_id)


@router.get("/search", response_model=SearchOut, tags=["search"])
def search(
    request: Request, q: Annotated[str, Query(max_length=200)], limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> SearchOut:
    """Articles, statements and claims with these words."""
    return views.search(store_of(request), q, limit)
