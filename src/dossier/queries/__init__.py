"""Read functions over a store: what the CLI, the HTTP API and the web pages show, and nothing else does SQL
of its own.

Each function takes the store and returns frozen records; each runs a fixed number of queries however many
rows it returns (no query per row). Lists are pages: ``Page.next`` is an opaque cursor to pass back as
``after`` for the following page, stable while new articles arrive.
"""

from dossier.queries.actors import ActorListing, ActorProfile, actors, get_actor
from dossier.queries.articles import (
    ArticleSummary,
    StatementHit,
    articles,
    counts,
    get_analysis,
    search,
    statements,
    summaries,
)
from dossier.queries.claims import ClaimListing, board, claims, get_claim
from dossier.queries.events import EventHit, events
from dossier.queries.paging import Page
from dossier.store.records import analyses

__all__ = [
    "ActorListing", "ActorProfile", "ArticleSummary", "ClaimListing", "EventHit", "Page", "StatementHit", "actors",
    "analyses", "articles", "board", "claims", "counts", "events", "get_actor", "get_analysis", "get_claim", "search",
    "statements", "summaries",
]
