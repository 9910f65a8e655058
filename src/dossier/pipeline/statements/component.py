"""The ``dossier_statements`` component: the constructions run over a Doc, and what they found made into
``Statement`` records with source, stance, hedges and links."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from dossier.errors import ModelUnavailableError
from dossier.model import Source, Statement, TextSpan
from dossier.pipeline import extensions as _extensions  # noqa: F401  (registers doc._.statements, doc._.author)
from dossier.pipeline.cues import CueModel, default_cue_model, read_cue_model
from dossier.pipeline.statements.constructions import (
    FoundStatement,
    according_to,
    author_claims,
    headline_attribution,
    statements_at_cue,
    unattached_quotes,
)
from dossier.pipeline.statements.quotes import quotations, quote_context
from dossier.pipeline.statements.sources import resolved_source
from dossier.pipeline.statements.spans import inside
from dossier.pipeline.statements.stance import hedges_in, linked_responses, stance_of


@Language.factory(
    "dossier_statements",
    # token.pos is read too: this model's attribute_ruler derives it from token.tag and declares nothing.
    requires=["doc.sents", "token.dep", "token.head", "token.lemma", "token.tag", "token.ent_type", "doc._.entities"],
    assigns=["doc._.statements"],
    default_config={"cue_model": None},
)
def make_statement_extractor(nlp: Language, name: str, cue_model: str | None) -> StatementExtractor:
    """``cue_model``: a cue scorer written by ``dossier train cues --out PATH``; the bundled one by default."""
    if cue_model is None:
        return StatementExtractor(default_cue_model())
    try:
        with Path(cue_model).open("rb") as raw:
            return StatementExtractor(read_cue_model(raw))
    except OSError as exc:
        raise ModelUnavailableError(f"cannot read the cue model {cue_model} ({exc})") from exc


class StatementExtractor:
    def __init__(self, cues: CueModel) -> None:
        self._cues = cues

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text  # Doc.text rebuilds the string on every access: read it once
        quotes = quotations(text)
        sentences = list(doc.sents)  # Doc.sents scans every token: once per document
        found: list[FoundStatement] = []
        for sent in sentences:
            found.extend(self._cue_statements(sent, text, quotes))
        if "according" in text.lower():
            found.extend(according_to(doc, text))
        found.extend(unattached_quotes(doc, quotes, found))
        if doc._.headline and not found:
            found.extend(headline_attribution(doc, text))
        found = _deduplicated(found)
        found.extend(author_claims(sentences, text, found, quotes))
        doc._.statements = _finish(doc, text, found, quotes)
        return doc

    def _cue_statements(self, sent: Span, text: str, quotes: list[tuple[int, int]]) -> Iterator[FoundStatement]:
        for token in sent:
            if token.lower_ != "according" and self._cues.may_be_cue(token):
                if self._cues.is_cue(self._cues.features(token, *quote_context(token, text, quotes))):
                    yield from statements_at_cue(token, text, quotes)


def _finish(doc: Doc, text: str, found: list[FoundStatement], quotes: list[tuple[int, int]]) -> list[Statement]:
    statements: list[Statement] = []
    for number, item in enumerate(sorted(found, key=lambda f: f.cue), start=1):
        content = TextSpan(text[item.content[0] : item.content[1]], *item.content)
        cue = TextSpan(text[item.cue[0] : item.cue[1]], *item.cue)
        source, via = resolved_source(item.source, item.via, item.cue_token)
        if item.by_author:
            source = Source(doc._.author or "", item.cue[0], item.cue[0], "author")
        statements.append(
            Statement(
                id=f"s{number}",
                source=source,
                cue=cue,
                content=content,
                stance=stance_of(item.cue_token, item.content, doc, content.text),
                via=tuple(via),
                hedges=tuple(hedges_in(doc, text, item.cue_token, item.content)),
                direct_quote=any(qs - 1 <= content.start and content.end <= qe + 1 for qs, qe in quotes),
            )
        )
    return linked_responses(statements)


def _deduplicated(found: Iterable[FoundStatement]) -> list[FoundStatement]:
    """One statement per cue, and none whose content is another's cue-and-content ("said" inside a quote)."""
    by_cue: dict[tuple[int, int], FoundStatement] = {}
    for item in found:
        by_cue.setdefault(item.cue, item)
    items = list(by_cue.values())
    return [
        item for item in items
        if not any(other is not item and inside(item.cue, other.content) and inside(item.content, other.content)
                   and other.source is not None and item.source is None for other in items)
    ]
