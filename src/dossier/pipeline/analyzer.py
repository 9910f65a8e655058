"""The spaCy pipeline, loaded once, and the conversion of its Docs into dossier records."""

from __future__ import annotations

import dataclasses
import itertools
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TypeVar

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from dossier import __version__
from dossier.errors import ModelUnavailableError, describe
from dossier.model import (
    Actor,
    Analysis,
    AnalysisFailure,
    Article,
    Entity,
    Event,
    Quantity,
    Statement,
    TimeRef,
)
from dossier.pipeline import actors as _actors  # noqa: F401  (registers the component factory)
from dossier.pipeline import events as _events  # noqa: F401
from dossier.pipeline import paragraphs as _paragraphs  # noqa: F401
from dossier.pipeline import quantities as _quantities  # noqa: F401
from dossier.pipeline import statements as _statements  # noqa: F401
from dossier.pipeline import times as _times  # noqa: F401
from dossier.pipeline.tokenizer import BoundedTokenizer
from dossier.settings import Settings

R = TypeVar("R", Statement, Quantity, Event)

ANALYSED_LANGUAGES = frozenset({"en"})


def load_pipeline(model: str, statements: bool = True, cue_model: str | None = None) -> Language:
    """The model with dossier's components added, each where its inputs exist.

    ``statements=False`` leaves out the statement extractor (training its cue scorer needs the rest);
    ``cue_model`` replaces the bundled cue scorer with one written by ``dossier train cues``."""
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelUnavailableError(
            f"spaCy model {model!r} is not installed; run `make demo` (or pip install -r requirements.lock)"
        ) from exc
    nlp.tokenizer = BoundedTokenizer(nlp.tokenizer, nlp.vocab)  # no text makes tokenizing quadratic
    nlp.add_pipe("dossier_paragraphs", before="parser")
    nlp.add_pipe("dossier_actors", after="ner")
    if statements:
        nlp.add_pipe("dossier_statements", after="dossier_actors", config={"cue_model": cue_model})
    nlp.add_pipe("dossier_quantities", last=True)
    nlp.add_pipe("dossier_times", after="ner")
    if statements:
        nlp.add_pipe("dossier_events", last=True)  # reads the statements, times and quantities
    return nlp


class Analyzer:
    """Analyses articles in batches with ``nlp.pipe``; one instance per process is enough."""

    def __init__(self, model: str, batch_size: int = 32, cue_model: str | None = None) -> None:
        self.nlp = load_pipeline(model, cue_model=cue_model)
        self.batch_size = batch_size
        meta = self.nlp.meta
        self.version = f"dossier-{__version__}/{meta.get('name')}-{meta.get('version')}"

    @classmethod
    def from_settings(cls, settings: Settings) -> Analyzer:
        return cls(settings.spacy_model, settings.batch_size, settings.cue_model or None)

    def analyze(self, articles: Iterable[Article]) -> Iterator[Analysis | AnalysisFailure]:
        """One Analysis per article, in input order; an article the pipeline raises on gives an
        ``AnalysisFailure`` and the others are analysed as usual. Captions are parsed too: they name
        people's roles."""
        for batch in self._batches(articles):
            yield from self._analyze_isolated(batch)

    def analyze_strict(self, articles: Iterable[Article]) -> Iterator[Analysis]:
        """Like ``analyze``, but an exception propagates with its traceback (evaluations, benchmarks, tests)."""
        for batch in self._batches(articles):
            yield from self._pipe(batch)

    def analyze_one(self, article: Article) -> Analysis:
        return next(self._pipe([article]))

    def component_seconds(self, articles: Sequence[Article], names: Sequence[str]) -> dict[str, float]:
        """Seconds each named component spends on the articles' bodies, headlines and captions: the rest of the
        pipeline runs first (nothing in it depends on the named ones), then each named one alone, in pipeline order."""
        docs = [
            _doc_for(self.nlp, text, article, headline=part == "title")
            for article in articles
            for part, text in _parts(article)
        ]
        with self.nlp.select_pipes(disable=list(names)):
            docs = list(self.nlp.pipe(docs, batch_size=self.batch_size))
        seconds: dict[str, float] = {}
        for name in (n for n in self.nlp.pipe_names if n in names):
            component = self.nlp.get_pipe(name)
            start = time.perf_counter()
            docs = [component(doc) for doc in docs]
            seconds[name] = time.perf_counter() - start
        return seconds

    def _batches(self, articles: Iterable[Article]) -> Iterator[list[Article]]:
        iterator = iter(articles)
        while batch := list(itertools.islice(iterator, self.batch_size)):
            yield batch

    def _analyze_isolated(self, batch: list[Article]) -> Iterator[Analysis | AnalysisFailure]:
        """The batch through ``nlp.pipe``; when any article in it raises, each one again on its own, so that
        only the article at fault fails (a batch is re-run only in that rare case, never twice)."""
        try:
            analyses = list(self._pipe(batch))
        except Exception as exc:  # noqa: BLE001 (whatever a component raises stays with its article)
            if len(batch) == 1:
                yield AnalysisFailure(batch[0], f"analysis failed: {describe(exc)}")
            else:
                for article in batch:
                    yield from self._analyze_isolated([article])
            return
        yield from analyses

    def _pipe(self, batch: list[Article]) -> Iterator[Analysis]:
        """Each article's body, headline and captions through ``nlp.pipe``; the headline is read like the body (news
        puts its claim and figure there: "…, Seoul Says"), captions for the titles and dates they give."""
        docs = (
            (_doc_for(self.nlp, text, article, headline=part == "title"), (position, part))
            for position, article in enumerate(batch)
            if article.language is None or article.language in ANALYSED_LANGUAGES
            for part, text in _parts(article)
        )
        parsed = self.nlp.pipe(docs, as_tuples=True, batch_size=self.batch_size)
        docs_by_position: dict[int, dict[str | int, Doc]] = {}
        for doc, (position, part) in parsed:
            docs_by_position.setdefault(position, {})[part] = doc
        for position, article in enumerate(batch):
            if position not in docs_by_position:
                yield Analysis(
                    article,
                    skipped=f"language {article.language!r} is not analysed yet",
                    pipeline_version=self.version,
                )
                continue
            parts = docs_by_position[position]
            body, title = parts["body"], parts.get("title")
            captions = [doc for part, doc in parts.items() if isinstance(part, int)]
            statements, quantities, events = _said_counted_done(body, title)
            yield Analysis(
                article,
                entities=_entities(body, title, captions),
                statements=statements,
                quantities=quantities,
                times=_times_of(body, title, captions),
                events=events,
                pipeline_version=self.version,
            )


def _parts(article: Article) -> Iterator[tuple[str | int, str]]:
    yield "body", article.body
    if article.title:
        yield "title", article.title
    yield from enumerate(article.captions)


def _doc_for(nlp: Language, text: str, article: Article, headline: bool = False) -> Doc:
    doc = nlp.make_doc(text)
    doc._.headline = headline  # headlines have attribution forms of their own ("…, Seoul Says")
    doc._.published = article.published  # what relative dates ("last week") are resolved against
    doc._.author = " and ".join(article.authors) or article.outlet  # the source of the article's own claims
    return doc


def _said_counted_done(body: Doc, title: Doc | None) -> tuple[tuple[Statement, ...], tuple[Quantity, ...],
                                                             tuple[Event, ...]]:
    """Statements, quantities and events: the body's, then the headline's numbered on from the body's, whose
    references (the statement answered, the statement a figure or an event is in, an event's figures) follow."""
    statements, said = _body_then_headline(body._.statements, title._.statements if title else None, "s", lambda s, own: (
        dataclasses.replace(s, id=own[s.id], responds_to=own.get(s.responds_to or ""), in_title=True)))
    quantities, counted = _body_then_headline(body._.quantities, title._.quantities if title else None, "q",
                                              lambda q, own: dataclasses.replace(
        q, id=own[q.id], statement=said.get(q.statement or ""), in_title=True))
    events, _ = _body_then_headline(body._.events, title._.events if title else None, "v", lambda e, own: (
        dataclasses.replace(e, id=own[e.id], statement=said.get(e.statement or ""),
                            quantities=tuple(counted.get(q, q) for q in e.quantities), in_title=True)))
    return statements, quantities, events


def _body_then_headline(
    body: Sequence[R] | None, title: Sequence[R] | None, prefix: str, rewrite: Callable[[R, dict[str, str]], R],
) -> tuple[tuple[R, ...], dict[str, str]]:
    """The body's records, then the headline's, each ``rewrite``-n with the headline's ids renamed (``prefix`` and a
    number, on from the body's); and that renaming. A component that is disabled left None."""
    first: tuple[R, ...] = tuple(body or ())
    then: tuple[R, ...] = tuple(title or ())
    renamed = {record.id: f"{prefix}{n}" for n, record in enumerate(then, start=len(first) + 1)}
    return first + tuple(rewrite(record, renamed) for record in then), renamed


def _times_of(body: Doc, title: Doc | None, captions: list[Doc]) -> tuple[TimeRef, ...]:
    in_title = [dataclasses.replace(time, in_title=True) for time in (title._.times or () if title else ())]
    in_captions = [
        dataclasses.replace(time, caption=index)
        for index, doc in enumerate(captions)
        for time in doc._.times or ()
    ]
    found = [*(body._.times or ()), *in_title, *in_captions]
    return tuple(dataclasses.replace(time, id=f"t{n}") for n, time in enumerate(found, start=1))


def _entities(body: Doc, title: Doc | None, captions: list[Doc]) -> tuple[Entity, ...]:
    # A caption often carries the title the body omits ("North Korean leader Kim Jong Un").
    from_captions = {
        span._.actor.id: span._.actor
        for doc in captions
        for span in doc._.entities
        if span._.actor is not None and span._.actor.code is not None
    }
    spans = [(span, False) for span in body._.entities] + [(span, True) for span in (title._.entities if title else ())]
    return tuple(
        Entity(f"e{n}", span.start_char, span.end_char, span.text, span.label_, _enriched(span, from_captions), in_title)
        for n, (span, in_title) in enumerate(spans, start=1)
    )


def _enriched(span: Span, known: dict[str, Actor]) -> Actor | None:
    actor: Actor | None = span._.actor
    if actor is None or actor.code is not None or actor.id not in known:
        return actor
    other = known[actor.id]
    return dataclasses.replace(actor, code=other.code, role=actor.role or other.role)
