"""The pages: each calls the same view function as its JSON twin (``dossier.api.views``), which it answers for
``?format=json``; the HTML is rendered from the same views, or from the same ``dossier.queries`` reads where a
page needs the typed records (an article's analysis to highlight, a claim's figures to chart).

Article text is untrusted: templates autoescape everything, nothing is marked safe, and the security middleware
forbids inline script and style, so the one script and the one stylesheet are files under ``/static``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from importlib.resources import files
from typing import Annotated, Any, TypeVar, get_args
from urllib.parse import quote, urlencode, urlsplit

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel

from dossier import queries
from dossier.api import views
from dossier.api.errors import ApiError, not_found
from dossier.api.views import MAX_PAGE
from dossier.model import EVENT_TYPES, Claim, ClaimStatus, Figure
from dossier.queries.events import Side
from dossier.store import Store
from dossier.web import charts
from dossier.web.highlight import STANCE_WORDS, highlight, number

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(files("dossier.web").joinpath("templates")))

STATUSES: tuple[ClaimStatus, ...] = get_args(ClaimStatus)
SIDES: tuple[Side, ...] = get_args(Side)
C = TypeVar("C", bound=str)
STATUS_WORDS = {"single-source": "single source", "corroborated": "corroborated", "disputed": "disputed",
                "denied": "denied"}
# The groups of a claim page, in the order shown: who asserted, denied, refused, ...
STANCE_GROUPS = {"assert": "Asserted by", "deny": "Denied by", "refuse": "Refused to confirm",
                 "predict": "Predicted by", "question": "Questioned by", "unknown": "Stance unclear"}
PNG_CACHE = "public, max-age=60"
CLAIM_EVENTS = 20  # a claim page lists its first events; the events page lists them all

Format = Annotated[str | None, Query(max_length=10, description="`json` for the page's JSON twin.")]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE)]
After = Annotated[str | None, Query(max_length=500)]
Field = Annotated[str | None, Query(max_length=200)]  # a form field: blank means not set
ClaimId = Annotated[str, Path(max_length=30)]


def error_page(request: Request, body: dict[str, Any]) -> HTMLResponse:
    return templates.TemplateResponse(request, "error.html", {"error": body, "nav": None}, status_code=body["status"])


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def _json(found: BaseModel | Mapping[str, Any]) -> JSONResponse:
    """The JSON twin: exactly what the API route serialises for the same view."""
    return JSONResponse(found.model_dump(mode="json") if isinstance(found, BaseModel) else dict(found))


def _wants_json(format_: str | None) -> bool:
    return format_ == "json"


def _page(request: Request, template: str, nav: str | None, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, template, {"nav": nav, **context})


def _blank(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


def _day(value: str | None, name: str) -> date | None:
    text = _blank(value)
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ApiError(422, "invalid_request", f"query.{name}: not a date (YYYY-MM-DD): {text!r}") from None


def _one_of(value: str | None, name: str, choices: tuple[C, ...]) -> C | None:
    """A form field that must be one of ``choices`` (blank: not set), as the choice itself."""
    text = _blank(value)
    if text is None:
        return None
    chosen = next((c for c in choices if c == text), None)
    if chosen is None:
        raise ApiError(422, "invalid_request", f"query.{name}: must be one of {', '.join(choices)}")
    return chosen


def _country(value: str | None) -> str | None:
    """A country code field: three letters, in either case."""
    text = _blank(value)
    if text is not None and not (len(text) == 3 and text.isascii() and text.isalpha()):
        raise ApiError(422, "invalid_request", f"query.code: not a three-letter country code: {text!r}")
    return text.upper() if text else None


def _next_url(request: Request, cursor: str | None, key: str = "after") -> str | None:
    """This page's address with the same filters and ``key`` set to the next page's cursor."""
    if cursor is None:
        return None
    params = {k: v for k, v in request.query_params.items() if v and k not in (key, "format")}
    params[key] = cursor
    return f"{request.url.path}?{urlencode(params)}"


# ---- the claim board -------------------------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def board(
    request: Request, status: Field = None, about: Field = None, actor: Annotated[str | None, Query(max_length=300)] = None,
    since: Field = None, until: Field = None, limit: Limit = 50, after: After = None, format: Format = None,
) -> Response:
    chosen, words, who = _one_of(status, "status", STATUSES), _blank(about), _blank(actor)
    first, last = _day(since, "since"), _day(until, "until")
    found = views.claim_board(_store(request), chosen, words, who, first, last, limit, _blank(after))
    filters = {"status": chosen, "about": words, "actor": who, "since": first, "until": last}
    if _wants_json(format):
        return _json(found)
    return _page(request, "board.html", "claims", claims=found.items, filters=filters, statuses=STATUSES,
                 next_url=_next_url(request, found.next), filtered=any(v is not None for v in filters.values()))


# ---- one claim ---------------------------------------------------------------------------------------------------


@router.get("/claims/{claim_id}", response_class=HTMLResponse)
def claim(request: Request, claim_id: ClaimId, format: Format = None) -> Response:
    if _wants_json(format):
        return _json(views.claim(_store(request), claim_id))
    found = _claim(request, claim_id)
    plotted = charts.plottable(found.figures)
    events = views.event_list(_store(request), claim=found.id, limit=CLAIM_EVENTS)
    return _page(request, "claim.html", "claims", claim=found, groups=stance_groups(found),
                 plotted=plotted, figures=[figure_row(f) for f in found.figures], events=events.items,
                 more_events=f"/events?claim={found.id}" if events.next else None)


@router.get("/claims/{claim_id}/figures.png")
def figures_chart(request: Request, claim_id: ClaimId) -> Response:
    return _chart(request, claim_id, charts.timeline)


@router.get("/claims/{claim_id}/sparkline.png")
def sparkline(request: Request, claim_id: ClaimId) -> Response:
    """The board's small chart (the board shows it only for claims with figures to plot)."""
    return _chart(request, claim_id, charts.sparkline)


def _chart(request: Request, claim_id: str, draw: Callable[[Sequence[Figure]], bytes]) -> Response:
    found = _claim(request, claim_id)
    if not charts.plottable(found.figures).points:
        raise not_found(f"a figure to plot for claim {claim_id}")
    return Response(draw(found.figures), media_type="image/png", headers={"Cache-Control": PNG_CACHE})


def _claim(request: Request, claim_id: str) -> Claim:
    found = queries.get_claim(_store(request), claim_id)
    if found is None:
        raise not_found(f"claim {claim_id}")
    return found


def stance_groups(found: Claim) -> list[tuple[str, str, list[tuple[str, int]]]]:
    """(stance, heading, [(source, statements)]) for each stance the claim's statements take, in a fixed order."""
    by_stance: dict[str, Counter[str]] = {}
    for statement in found.statements:
        who = statement.source or statement.outlet or "unattributed"
        by_stance.setdefault(statement.stance, Counter())[who] += 1
    return [(stance, heading, sorted(by_stance[stance].items(), key=lambda kv: (-kv[1], kv[0].lower())))
            for stance, heading in STANCE_GROUPS.items() if stance in by_stance]


def figure_row(figure: Figure) -> dict[str, Any]:
    """A figure as the page's table shows it: the value (or range, or the vague words) and where it came from."""
    if figure.vague:
        value = f"“{figure.text}” (vague)"
    elif figure.low is not None and figure.high is not None:
        value = f"{number(figure.low)}–{number(figure.high)}"
    elif figure.value is not None:
        value = " ".join(p for p in (figure.qualifier, number(figure.value)) if p)
    else:
        value = f"“{figure.text}”"
    return {"date": figure.date, "value": value, "text": figure.text, "unit": figure.unit, "object": figure.object,
            "source": figure.source, "outlet": figure.outlet, "article": figure.article,
            "statement": figure.statement}


# ---- articles ----------------------------------------------------------------------------------------------------


@router.get("/articles", response_class=HTMLResponse)
def article_list(
    request: Request, outlet: Field = None, q: Field = None, since: Field = None, until: Field = None,
    limit: Limit = 50, after: After = None, format: Format = None,
) -> Response:
    where, words = _blank(outlet), _blank(q)
    first, last = _day(since, "since"), _day(until, "until")
    found = views.article_list(_store(request), where, first, last, words, limit, _blank(after))
    filters = {"outlet": where, "q": words, "since": first, "until": last}
    if _wants_json(format):
        return _json(found)
    return _page(request, "articles.html", "articles", articles=found.items, filters=filters,
                 next_url=_next_url(request, found.next), filtered=any(v is not None for v in filters.values()))


@router.get("/articles/{article_id:path}", response_class=HTMLResponse)
def article(request: Request, article_id: Annotated[str, Path(max_length=200)], format: Format = None) -> Response:
    if _wants_json(format):
        return _json(views.article(_store(request), article_id))
    found = queries.get_analysis(_store(request), article_id)
    if found is None:
        raise not_found(f"article {article_id}")
    return _page(request, "article.html", "articles", analysis=found, article=found.article,
                 text=highlight(found), url=safe_url(found.article.url),
                 statements=sorted(found.statements, key=lambda s: (not s.in_title, s.content.start, s.id)))


def safe_url(url: str | None) -> str | None:
    """The article's address, only when it is a web address a link may point to (never ``javascript:``)."""
    if not url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme in ("http", "https") and parts.netloc else None


# ---- events ------------------------------------------------------------------------------------------------------


@router.get("/events", response_class=HTMLResponse)
def event_list(
    request: Request, type: Field = None, code: Field = None, side: Field = None,  # noqa: A002 (PLOVER's name)
    claim: Annotated[str | None, Query(max_length=30)] = None, since: Field = None, until: Field = None,
    limit: Limit = 50, after: After = None, format: Format = None,
) -> Response:
    kind, country, where = _one_of(type, "type", EVENT_TYPES), _country(code), _one_of(side, "side", SIDES)
    first, last, of_claim = _day(since, "since"), _day(until, "until"), _blank(claim)
    found = views.event_list(_store(request), kind, country, where, of_claim, first, last, limit, _blank(after))
    filters = {"type": kind, "code": country, "side": where, "claim": of_claim, "since": first, "until": last}
    if _wants_json(format):
        return _json(found)
    return _page(request, "events.html", "events", events=found.items, filters=filters, types=EVENT_TYPES,
                 sides=SIDES, next_url=_next_url(request, found.next),
                 filtered=any(v is not None for v in filters.values()))


# ---- actors ------------------------------------------------------------------------------------------------------


@router.get("/actors", response_class=HTMLResponse)
def actor_list(
    request: Request, q: Field = None, limit: Limit = 50, after: After = None, format: Format = None,
) -> Response:
    found = views.actor_list(_store(request), _blank(q), None, None, limit, _blank(after))
    if _wants_json(format):
        return _json(found)
    return _page(request, "actors.html", "actors", actors=found.items, q=_blank(q),
                 next_url=_next_url(request, found.next))


@router.get("/actors/{actor_id:path}", response_class=HTMLResponse)
def actor(
    request: Request, actor_id: Annotated[str, Path(max_length=300)], said_after: After = None,
    about_after: After = None, format: Format = None,
) -> Response:
    store = _store(request)
    profile = views.actor(store, actor_id)
    if _wants_json(format):
        return _json(profile)
    said = views.statement_list(store, actor=actor_id, limit=20, after=_blank(said_after))
    about = views.statement_list(store, about=actor_id, limit=20, after=_blank(about_after))
    return _page(request, "actor.html", "actors", actor=profile, said=said.items, about=about.items,
                 said_next=_next_url(request, said.next, "said_after"),
                 about_next=_next_url(request, about.next, "about_after"))


# ---- search ------------------------------------------------------------------------------------------------------


@router.get("/search", response_class=HTMLResponse)
def search(
    request: Request, q: Annotated[str, Query(max_length=200)] = "",
    limit: Annotated[int, Query(ge=1, le=50)] = 10, format: Format = None,
) -> Response:
    found = views.search(_store(request), q, limit)
    if _wants_json(format):
        return _json(found)
    return _page(request, "search.html", "search", found=found, q=q.strip())


# ---- template helpers --------------------------------------------------------------------------------------------


def path_part(value: str) -> str:
    """An id as one path segment (``/`` and every reserved character escaped; ``:`` kept readable)."""
    return quote(value, safe=":@")


def statement_url(article_id: str, statement_id: str) -> str:
    return f"/articles/{path_part(article_id)}#s-{quote(statement_id, safe='')}"


templates.env.filters["path"] = path_part
templates.env.filters["number"] = number
templates.env.globals.update(
    statement_url=statement_url, STANCE_WORDS=STANCE_WORDS, STATUS_WORDS=STATUS_WORDS,
)
