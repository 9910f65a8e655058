"""The records dossier produces, as frozen dataclasses.

These mirror the analysis record of ``CONTRACT.md``. spaCy objects never leave
``dossier.pipeline``; everything downstream (store, CLI, API) speaks these types.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, get_args

ActorKind = Literal["country", "person", "organization", "location", "group"]
SourceKind = Literal["person", "anonymous", "organization", "government", "media", "document", "author"]
Stance = Literal["assert", "deny", "predict", "question", "refuse", "unknown"]
ClaimStatus = Literal["single-source", "corroborated", "disputed", "denied"]
Outcome = Literal["stored", "duplicate", "rejected", "failed"]
OUTCOMES: tuple[Outcome, ...] = get_args(Outcome)


@dataclass(frozen=True, slots=True)
class Actor:
    """Who or what a mention refers to: a stable id, a canonical name and, where known, a country (ISO alpha-3, or
    an international organisation's code such as UNO), a role and a PLOVER/CAMEO sector (GOV, MIL, SPY, IGO…)."""

    id: str
    name: str
    kind: ActorKind
    code: str | None = None
    role: str | None = None
    sector: str | None = None


@dataclass(frozen=True, slots=True)
class Entity:
    """A named mention. Offsets point into the body, or into the headline when ``in_title`` (so for every record
    kind below)."""

    id: str
    start: int
    end: int
    text: str
    label: str
    actor: Actor | None = None
    in_title: bool = False


@dataclass(frozen=True, slots=True)
class TextSpan:
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Source:
    """Who a statement is attributed to. ``mention`` is where the article names them when that differs
    from ``text`` (a pronoun resolved to its antecedent: text "Volodymyr Zelensky", mention "he")."""

    text: str
    start: int
    end: int
    kind: SourceKind
    role: str | None = None
    actor: Actor | None = None
    mention: TextSpan | None = None


@dataclass(frozen=True, slots=True)
class Statement:
    """Someone says (denies, predicts…) something, possibly through others (``via``, nearest first)."""

    id: str
    source: Source | None
    cue: TextSpan
    content: TextSpan
    stance: Stance
    via: tuple[Source, ...] = ()
    hedges: tuple[TextSpan, ...] = ()
    direct_quote: bool = False
    responds_to: str | None = None
    in_title: bool = False


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number as the article gives it: a value or a range, how hedged, in what unit, counting or measuring
    what (``object``), how often."""

    id: str
    text: str
    start: int
    end: int
    value: float | None
    low: float | None = None
    high: float | None = None
    approximate: bool = False
    qualifier: str | None = None
    unit: str | None = None
    object: str | None = None
    per: str | None = None
    change: str = "="
    statement: str | None = None
    in_title: bool = False


@dataclass(frozen=True, slots=True)
class TimeRef:
    """A time expression with its TIMEX3 type and value (``2024-W41``, ``P1Y``), resolved against publication.

    Offsets point into the body, the headline when ``in_title``, or ``article.captions[caption]`` when ``caption``
    is set (a photo's date)."""

    id: str
    text: str
    start: int
    end: int
    type: Literal["DATE", "TIME", "DURATION", "SET"]
    value: str | None
    caption: int | None = None
    in_title: bool = False


EventType = Literal["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
                    "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]
EVENT_TYPES: tuple[EventType, ...] = get_args(EventType)


@dataclass(frozen=True, slots=True)
class Event:
    """A PLOVER event the text reports: its type and mode, who did it to whom (country codes, with the mentions
    that name them), when (``date``: a time expression of its sentence, else the publication date, as
    ``date_from`` says), the statement that carries it and that statement's stance. ``negated``, ``future`` and
    ``hypothetical`` mark events denied, predicted or only supposed (PLOVER's negation, future, hypothetical);
    ``quantities`` are the ids of the figures inside its text."""

    id: str
    type: EventType
    mode: str | None
    source: tuple[str, ...]
    target: tuple[str, ...]
    text: str
    start: int
    end: int
    date: str | None
    date_from: Literal["time", "published"] | None = None
    statement: str | None = None
    stance: Stance | None = None
    negated: bool = False
    future: bool = False
    hypothetical: bool = False
    source_text: str | None = None
    target_text: str | None = None
    quantities: tuple[str, ...] = ()
    in_title: bool = False


@dataclass(frozen=True, slots=True)
class Article:
    """One cleaned news article. ``body`` is what every offset points into."""

    id: str
    body: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    authors: tuple[str, ...] = ()
    published: date | None = None
    language: str | None = None
    captions: tuple[str, ...] = ()
    duplicate_of: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything dossier extracted from one article.

    ``skipped`` names why the article was not analysed (e.g. a language the
    pipeline does not cover yet); the article itself is still kept.
    """

    article: Article
    entities: tuple[Entity, ...] = ()
    statements: tuple[Statement, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    times: tuple[TimeRef, ...] = ()
    events: tuple[Event, ...] = ()
    skipped: str | None = None
    pipeline_version: str = ""


@dataclass(frozen=True, slots=True)
class AnalysisFailure:
    """An article the pipeline raised on: ``error`` is the exception's class and message. The article is not
    stored, so a later run (after the defect is fixed) analyses it again."""

    article: Article
    error: str


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What deduplication compares: a hash of the normalised body, and for an original the LSH buckets of its
    MinHash signature (a copy is never a candidate, so it has none)."""

    content_hash: str
    buckets: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class ClaimUnit:
    """One statement of an article prepared for linking into claims: its vectors (float32 bytes: the sentence
    embedding of its content and its hashed character n-grams), its stance, the statement it answers, and the
    classes of what its figures count ("personnel", "casualties"). Kept in the store, so claims rebuild without
    re-embedding."""

    statement: str
    stance: Stance
    embedding: bytes
    chars: bytes
    counts: tuple[str, ...] = ()
    responds_to: str | None = None


@dataclass(frozen=True, slots=True)
class ClaimMember:
    """One unit of a claim as stored: where it is, its stance and its embedding."""

    article_id: str
    statement_id: str
    stance: Stance
    embedding: bytes


@dataclass(frozen=True, slots=True)
class ClaimDescription:
    """What reading claims needs without assembling them, kept on the claim row: its summary, status, independent
    sources, plottable figures and whole record (``claims.view.assemble``), rewritten whenever its units change."""

    claim: int
    summary: str
    status: ClaimStatus
    independent_sources: int
    figures: int  # how many of its figures a chart can plot (``Figure.plottable``)
    record: dict[str, Any]  # the whole claim record (``claim_record``): what one claim's page shows


@dataclass(frozen=True, slots=True)
class UnitToLink:
    """A stored unit waiting for its claim, with its article's number (articles are linked in the order stored)."""

    article_id: str
    article_seq: int
    published: date | None
    unit: ClaimUnit


@dataclass(frozen=True, slots=True)
class Link:
    """What linking decided for one unit: its claim (a new one when the claim is not stored yet) and its similarity
    to the claim as it stood (None for the unit that started it)."""

    article_id: str
    statement: str
    claim: int
    similarity: float | None


@dataclass(frozen=True, slots=True)
class ClaimVectors:
    """A claim as linking compares units with it: the sums of its units' two vectors (float32 bytes, added in the
    order linked), how many units, the classes its figures count, its cell (``claims.cells``), and the number
    (``articles.seq``) of the latest article it has a unit of."""

    claim: int
    cell: int
    size: int
    embedding: bytes
    chars: bytes
    counts: tuple[str, ...]
    latest: int


@dataclass(frozen=True, slots=True)
class ToStore:
    """One article for ``Store.save``: its analysis (or, for a copy, its link), its fingerprint, whether it
    replaces the stored text of its id (a new version), and its statements prepared for linking."""

    analysis: Analysis
    fingerprint: Fingerprint
    new_version: bool = False
    units: tuple[ClaimUnit, ...] = ()


@dataclass(frozen=True, slots=True)
class Saved:
    """What ``Store.save`` did with one article. ``duplicate_of`` is set when it was stored as a copy, also of an
    original another process stored meanwhile; ``already_stored`` when another process had stored the id."""

    article_id: str
    duplicate_of: str | None = None
    already_stored: bool = False


@dataclass(frozen=True, slots=True)
class DedupLookup:
    """What the store knows about a batch of new articles, fetched at once: the content hash stored under each
    id that is taken, the original stored for each content hash, and the originals in each LSH bucket."""

    stored_hashes: dict[str, str]
    originals: dict[str, str]
    candidates: dict[int, frozenset[str]]


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What became of one input item: exactly one outcome, with the reason a person can act on."""

    source: str
    outcome: Outcome
    article_id: str | None = None
    duplicate_of: str | None = None
    reason: str | None = None


def source_of(article: Article) -> str:
    """Where the article was read from, for people (``file.jsonl:12``); its id when it came from elsewhere."""
    return str(article.metadata.get("source", article.id))


def to_jsonable(value: Any) -> Any:
    """Dataclasses, dates and tuples → JSON-ready dicts, strings and lists."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


def article_record(article: Article) -> dict[str, Any]:
    record: dict[str, Any] = to_jsonable(article)
    record.pop("metadata")
    return record


def analysis_record(analysis: Analysis) -> dict[str, Any]:
    """The contract's analysis record (``dossier analyze --json``)."""
    return {
        "article": article_record(analysis.article),
        "analysis": {"skipped": analysis.skipped, "pipeline_version": analysis.pipeline_version},
        "entities": [placed_record(e) for e in analysis.entities],
        "statements": [placed_record(s) for s in analysis.statements],
        "quantities": [placed_record(q) for q in analysis.quantities],
        "times": [placed_record(t) for t in analysis.times],
        "events": [placed_record(e) for e in analysis.events],
    }


def placed_record(record: Entity | Statement | Quantity | TimeRef | Event) -> dict[str, Any]:
    """A record as the contract writes it: ``"in": "title"`` for one found in the headline, nothing for the body."""
    found: dict[str, Any] = to_jsonable(record)
    if found.pop("in_title"):
        found["in"] = "title"
    return found


@dataclass(frozen=True, slots=True)
class ClaimStatement:
    """One statement of a claim. ``source`` is the original source (the end of its ``via`` chain; the outlet for
    the outlet's own assertion) and ``stance`` its stance toward the claim."""

    article: str
    statement: str
    outlet: str | None
    published: date | None
    source: str | None
    stance: Stance
    text: str
    in_title: bool = False


@dataclass(frozen=True, slots=True)
class Figure:
    """A figure given for a claim: a value or a range, or a vague amount ("several hundred") kept as its text."""

    date: date | None
    value: float | None
    low: float | None
    high: float | None
    qualifier: str | None
    unit: str | None
    vague: bool
    text: str
    object: str | None
    source: str | None
    outlet: str | None
    article: str
    statement: str

    @property
    def plottable(self) -> bool:
        """Dated, not vague, with a value or both ends of a range: a point a chart of the claim can place."""
        has_value = self.value is not None or (self.low is not None and self.high is not None)
        return self.date is not None and not self.vague and has_value


@dataclass(frozen=True, slots=True)
class Claim:
    """One proposition followed across articles (``dossier claims --json``; ``CONTRACT.md``)."""

    id: str
    summary: str
    about: tuple[str, ...]
    first_seen: date | None
    last_seen: date | None
    status: ClaimStatus
    independent_sources: int
    sources: tuple[str, ...]
    stance_counts: dict[str, int]
    statements: tuple[ClaimStatement, ...]
    figures: tuple[Figure, ...]


def claim_record(claim: Claim) -> dict[str, Any]:
    """The contract's claim record."""
    record: dict[str, Any] = to_jsonable(claim)
    for statement in record["statements"]:
        statement["in"] = "title" if statement.pop("in_title") else None
    return record


def claim_from_record(record: dict[str, Any]) -> Claim:
    """The claim a ``claim_record`` was written from."""
    def day(value: str | None) -> date | None:
        return date.fromisoformat(value) if value else None

    statements = tuple(
        ClaimStatement(**{**{k: v for k, v in s.items() if k != "in"}, "published": day(s["published"]),
                          "in_title": s["in"] == "title"})
        for s in record["statements"]
    )
    figures = tuple(Figure(**{**f, "date": day(f["date"])}) for f in record["figures"])
    return Claim(**{**record, "about": tuple(record["about"]), "first_seen": day(record["first_seen"]),
                    "last_seen": day(record["last_seen"]), "sources": tuple(record["sources"]),
                    "statements": statements, "figures": figures})
