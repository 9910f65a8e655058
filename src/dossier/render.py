"""Claims and statements on a terminal: what ``dossier claims`` and ``dossier search`` print without ``--json``
(Rich)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.markup import escape

from dossier.model import Claim, Figure
from dossier.queries import ClaimListing, StatementHit

_STATUS_STYLE = {"corroborated": "green", "single-source": "yellow", "disputed": "magenta", "denied": "red"}


def print_claims(console: Console, claims: Sequence[Claim]) -> None:
    if not claims:
        console.print("no claims (ingest articles first, or lower --min-size)")
        return
    for claim in claims:
        style = _STATUS_STYLE[claim.status]
        seen = f"{claim.first_seen or '?'} → {claim.last_seen or '?'}"
        console.rule(f"[bold]{claim.id}[/bold] [{style}]{claim.status}[/{style}] · {seen}")
        console.print(f"[bold]{escape(claim.summary)}[/bold]")
        about = f" · about {', '.join(claim.about)}" if claim.about else ""
        stances = ", ".join(f"{n} {stance}" for stance, n in sorted(claim.stance_counts.items()))
        console.print(f"{len(claim.statements)} statements ({stances}){about}", highlight=False)
        sources = "; ".join(escape(s) for s in claim.sources) or "none named"
        console.print(f"{claim.independent_sources} independent sources: {sources}", highlight=False)
        for statement in claim.statements:
            if statement.stance in ("deny", "refuse"):
                console.print(f"  [red]{statement.stance}[/red] {statement.published or '?'} "
                              f"{escape(statement.source or '?')}: {escape(statement.text)}", highlight=False)
        for figure in claim.figures:
            console.print(_figure(figure), highlight=False)


def _figure(figure: Figure) -> str:
    """One line of the figure timeline: date, figure and what it counts, who gave it, in which outlet."""
    counted = f" {escape(figure.object)}" if figure.object else ""
    vague = " (vague)" if figure.vague else ""
    outlet = f" ({escape(figure.outlet)})" if figure.outlet else ""
    return f"  {figure.date or '?'}  [bold]{escape(figure.text)}[/bold]{counted}{vague} — {escape(figure.source or '?')}{outlet}"


def print_listings(console: Console, listed: Sequence[ClaimListing]) -> None:
    """Claims as the board lists them: one line each, the latest first."""
    if not listed:
        console.print("no claims found")
    for claim in listed:
        status = claim.status or "waiting"
        style = _STATUS_STYLE.get(status, "dim")
        sources = f"{claim.independent_sources} sources" if claim.independent_sources is not None else ""
        console.print(f"[bold]{claim.id}[/bold] [{style}]{status}[/{style}] {claim.last_seen or '?'} "
                      f"{claim.statements} statements {sources}: {escape(claim.summary or '')}", highlight=False)


def print_statements(console: Console, hits: Sequence[StatementHit]) -> None:
    """Statements: date, outlet, who, stance and what, one line each."""
    if not hits:
        console.print("no statements found")
    for hit in hits:
        s = hit.statement
        who = s.source.text if s.source else "?"
        console.print(f"{hit.published or '?'} {escape(hit.outlet or '')} [bold]{escape(who)}[/bold] "
                      f"{s.stance}: {escape(s.content.text)}  [dim]{hit.article_id}#{s.id}[/dim]", highlight=False)
