"""A claim as a reader sees it, assembled from its units and their articles' analyses: who backs it and how
independently, who denies it, what it is called and how its figures moved.

What counts as one source (``SourceKeys``): a source is who a statement is finally attributed to, after
its ``via`` chain ("X, citing Y" and "according to Y, as reported by X" both go back to Y). A government
speaks with many voices, and they are one source: a country's agencies, capital, officials and unnamed
officials ("Seoul", "South Korea's spy agency", "a U.S. official", "Pentagon spokeswoman Sabrina Singh") all
count as that country; so do an international organisation and its officials ("NATO", "NATO Secretary General
Mark Rutte"). Other named people and organisations are one source each, however they are written
("Zelensky", "President Volodymyr Zelensky"). An anonymous source is one per outlet (two outlets' "a senior
official" cannot be told apart, one outlet's can be assumed the same), and a definite description with no
name ("the agency", "the source") refers back to a source already named, so it adds none. The outlet's own
assertion (a headline or sentence with no attribution) counts the outlet as a source, but only where the
article attributes the claim to nobody else: an outlet that says who told it is relaying, not a second
source. Syndicated copies and the same text in two feeds are stored as duplicates and never analysed, so a
wire story reprinted counts once.

Status: ``denied`` when someone denies it and nobody asserts it; ``disputed`` when it is both asserted and
denied; ``corroborated`` when two or more independent sources assert it; else ``single-source``. A refusal
to confirm ("declined to confirm or deny") is counted as a refusal, never as an assertion.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from urllib.parse import urlsplit

import numpy as np

from dossier.model import (
    Actor,
    Analysis,
    Claim,
    ClaimDescription,
    ClaimMember,
    ClaimStatement,
    ClaimStatus,
    Figure,
    Source,
    Stance,
    Statement,
    claim_record,
)

_ASSERTING = frozenset({"assert"})
_DETERMINERS = re.compile(r"^(?:a|an|the|one)\s+", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
ABOUT_CODES = 3


def assemble(claim_id: int, members: Sequence[ClaimMember], analyses: Mapping[str, Analysis]) -> Claim:
    """The claim record of one claim, its members in the order linked."""
    statements: list[tuple[Statement, Analysis, Stance]] = []
    for member in members:
        analysis = analyses[member.article_id]
        statement = next(s for s in analysis.statements if s.id == member.statement_id)
        statements.append((statement, analysis, member.stance))
    records = [_claim_statement(s, a, stance) for s, a, stance in statements]
    named = {e.actor.id: e.actor for a in {a.article.id: a for _, a, _ in statements}.values()
             for e in a.entities if e.actor is not None}
    sources = SourceKeys([o for s, _, _ in statements if (o := original_source(s)) is not None], list(named.values()))
    keys = [_counted_source(s, a, statements, sources) for s, a, _ in statements]
    asserting = {k for k, (_, _, stance) in zip(keys, statements, strict=True) if k and stance in _ASSERTING}
    denying = {k for k, (_, _, stance) in zip(keys, statements, strict=True) if k and stance == "deny"}
    days = [r.published for r in records if r.published is not None]
    return Claim(
        id=f"c{claim_id}",
        summary=_summary(members, [s for s, _, _ in statements]),
        about=_about(statements),
        first_seen=min(days, default=None),
        last_seen=max(days, default=None),
        status=status(len(asserting), len(denying)),
        independent_sources=len(asserting),
        sources=tuple(sorted({sources.name(k) for k in asserting})),
        stance_counts=dict(Counter(r.stance for r in records)),
        statements=tuple(sorted(records, key=lambda r: (r.published or date.max, r.article, r.statement))),
        figures=tuple(sorted(
            (f for s, a, _ in statements for f in figures(s, a)),
            key=lambda f: (f.date or date.max, f.article, f.statement, f.text),
        )),
    )


def describe(claim: Claim) -> ClaimDescription:
    return ClaimDescription(int(claim.id.removeprefix("c")), claim.summary, claim.status, claim.independent_sources,
                            sum(f.plottable for f in claim.figures), claim_record(claim))


def status(asserting: int, denying: int) -> ClaimStatus:
    if denying:
        return "disputed" if asserting else "denied"
    return "corroborated" if asserting >= 2 else "single-source"


def original_source(statement: Statement) -> Source | None:
    """Who the statement goes back to: the end of its ``via`` chain (nearest first), else its source."""
    return statement.via[-1] if statement.via else statement.source


class SourceKeys:
    """One key per independent source among a claim's statements (see the module's doc), with a name for each."""

    def __init__(self, sources: Sequence[Source], named: Sequence[Actor] = ()) -> None:
        """``named``: the actors the claim's articles name, where a bare surname finds its full name."""
        people = [s.actor for s in sources if s.actor is not None and s.actor.kind == "person"]
        full = [a for a in [*named, *people] if a.kind == "person" and len(a.name.split()) > 1]
        # A person named in full somewhere in the claim's articles: a bare surname elsewhere is the same person.
        self._full_names = {a.name.split()[-1]: a.name for a in full}
        self._officials = {a.name: a.code for a in [*named, *people] if a.kind == "person" and a.code and a.role}
        actors = [*named, *(s.actor for s in sources if s.actor is not None)]
        # A code's name: its country's, or an international organisation's ("NAT" is NATO, whose secretary general
        # speaks for it as an official speaks for a country).
        self._countries = {a.code: a.name for a in actors if a.code and a.kind == "organization" and a.sector == "IGO"}
        self._countries.update({a.code: a.name for a in actors if a.kind == "country" and a.code})

    def key(self, source: Source | None, outlet: str) -> str | None:
        if source is None:
            return None
        if source.kind == "author":
            return f"outlet:{outlet}"
        actor = source.actor
        if actor is None:
            if source.kind == "anonymous":
                return f"anonymous:{outlet}:{_plain(source.text)}"
            if source.text.lower().startswith("the "):
                return None
            return f"source:{_plain(source.text)}"
        speaks_for_its_code = actor.kind == "country" or actor.sector == "IGO" or actor.role
        if actor.code and (speaks_for_its_code or source.kind in ("government", "anonymous")):
            return f"country:{actor.code}"
        if actor.kind == "person" or actor.name in self._full_names:  # "Blinken" is no place, whatever NER said
            name = self._full_names.get(actor.name, actor.name)
            code = self._officials.get(name)
            return f"country:{code}" if code else f"person:{name}"
        return f"actor:{actor.name}"

    def name(self, key: str) -> str:
        kind, _, rest = key.partition(":")
        if kind == "country":
            return self._countries.get(rest, rest)
        return rest.rpartition(":")[2] if kind == "anonymous" else rest


def _plain(text: str) -> str:
    return _DETERMINERS.sub("", " ".join(text.split())).lower()


def figures(statement: Statement, analysis: Analysis) -> list[Figure]:
    """The figures a statement gives, each with who gave it and when."""
    article = analysis.article
    source_name = _source_name(statement, analysis)
    return [
        Figure(
            date=article.published, value=None if vague else q.value, low=q.low, high=q.high, qualifier=q.qualifier,
            unit=q.unit, vague=vague, text=q.text, object=q.object, source=source_name, outlet=article.outlet,
            article=article.id, statement=statement.id,
        )
        for q in analysis.quantities
        if q.statement == statement.id
        # "several hundred", "dozens": a vague amount, kept as its words rather than as a made-up number
        for vague in [_DIGIT.search(q.text) is None and q.approximate]
    ]


def outlet_of(analysis: Analysis) -> str:
    """The outlet's name, else its web address's host, else the article's id."""
    article = analysis.article
    if article.outlet:
        return article.outlet
    host = urlsplit(article.url).hostname if article.url else None
    return host.removeprefix("www.") if host else article.id


def _source_name(statement: Statement, analysis: Analysis) -> str | None:
    """Who the statement goes back to, as written; the outlet for its own assertion."""
    source = original_source(statement)
    if source is None:
        return None
    return outlet_of(analysis) if source.kind == "author" else source.text


def _claim_statement(statement: Statement, analysis: Analysis, stance: Stance) -> ClaimStatement:
    return ClaimStatement(
        article=analysis.article.id, statement=statement.id, outlet=analysis.article.outlet,
        published=analysis.article.published, source=_source_name(statement, analysis), stance=stance,
        text=statement.content.text, in_title=statement.in_title,
    )


def _counted_source(
    statement: Statement, analysis: Analysis, members: Sequence[tuple[Statement, Analysis, Stance]], keys: SourceKeys
) -> str | None:
    source = original_source(statement)
    if source is not None and source.kind == "author":
        relayed = any(a.article.id == analysis.article.id and (o := original_source(s)) is not None
                      and o.kind != "author" for s, a, _ in members)
        if relayed:
            return None
    return keys.key(source, outlet_of(analysis))


def _summary(members: Sequence[ClaimMember], statements: Sequence[Statement]) -> str:
    """The content of the unit nearest the claim's centroid: the most typical wording (the earliest on a tie)."""
    vectors = np.stack([np.frombuffer(m.embedding, dtype="<f4") for m in members])
    closeness = vectors @ vectors.sum(axis=0)
    return statements[int(np.argmax(closeness))].content.text


def _about(statements: Sequence[tuple[Statement, Analysis, Stance]]) -> tuple[str, ...]:
    """The country codes most named inside the claim's statements (their content, not their sources)."""
    codes: Counter[str] = Counter()
    for statement, analysis, _ in statements:
        span = statement.content
        for entity in analysis.entities:
            inside = entity.in_title == statement.in_title and span.start <= entity.start and entity.end <= span.end
            if inside and entity.actor is not None and entity.actor.code:
                codes[entity.actor.code] += 1
    return tuple(code for code, _ in codes.most_common(ABOUT_CODES))
