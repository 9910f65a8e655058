"""Attribution (source / cue / content) on PolNeAR-format brat folders (``text/``, ``attributions/``).

Gold relations are the ``E`` lines of type Attribution or Attribution-no-source that have a Cue and
a Content (Content2 joins the content); where several annotators exist, the first ``.ann`` in sorted
order is used. Spans match by *overlap* (a shared token) or *exactly* (same start and end after trimming
whitespace and punctuation); a predicted statement matches a gold relation when cue, content and source
all overlap (or neither has a source), one to one.

``attribution-agreement`` reads the same folders for the texts that several annotators annotated: it
scores every pair of annotators against each other and the system against each but the first, so the system's
scores can be read against how far people agree on the same texts. In an annotator pair the earlier file
plays gold, so only the F1 of those rows is symmetric.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import combinations
from pathlib import Path
from typing import TypeVar

from dossier.errors import ConfigurationError
from dossier.evaluate.scoring import Report, Spans, exact, match_one_to_one, overlap
from dossier.model import Article, Statement
from dossier.pipeline import Analyzer

RELATION_TYPES = ("Attribution", "Attribution-no-source")
Gold = TypeVar("Gold")  # one annotator's relations, or every annotator's


@dataclass(frozen=True, slots=True)
class Relation:
    source: Spans
    cue: Spans
    content: Spans


def evaluate(data: Path, analyzer: Analyzer) -> Report:
    documents = list(read_documents(data))
    if not documents:
        raise ConfigurationError(f"no PolNeAR documents under {data}: expected text/*.txt and attributions/*.ann")
    report = Report("attribution")
    for text, gold, predicted in _analyzed(documents, analyzer):
        report.documents += 1
        _score(report, "", text, gold, predicted)
    return report


def evaluate_agreement(data: Path, analyzer: Analyzer) -> Report:
    shared = [(name, text, versions) for name, text, versions in read_annotations(data) if len(versions) > 1]
    if not shared:
        raise ConfigurationError(f"no text under {data} has more than one annotation file (attributions/NAME_*.ann)")
    report = Report("attribution-agreement")
    for text, versions, predicted in _analyzed(shared, analyzer):
        report.documents += 1
        for first, second in combinations(versions, 2):
            _score(report, "annotators_", text, first, second)
        # Not against the first: it is the one `eval attribution` scores against and `train cues` learns from.
        for version in versions[1:]:
            _score(report, "system_", text, version, predicted)
    return report


def _analyzed(documents: list[tuple[str, str, Gold]], analyzer: Analyzer) -> Iterator[tuple[str, Gold, list[Relation]]]:
    """(text, gold, predicted relations) for each document, in order."""
    articles = [Article(name, text, language="en") for name, text, _ in documents]
    for (_, text, gold), analysis in zip(documents, analyzer.analyze_strict(articles), strict=True):
        # PolNeAR annotates attributions only; the article's own claims are not in its gold.
        predicted = [_as_relation(s) for s in analysis.statements if s.source is None or s.source.kind != "author"]
        yield text, gold, predicted


def _score(report: Report, prefix: str, text: str, gold: Sequence[Relation], predicted: Sequence[Relation]) -> None:
    for part in ("source", "cue", "content"):
        gold_spans = [getattr(g, part) for g in gold if getattr(g, part)]
        predicted_spans = [getattr(p, part) for p in predicted if getattr(p, part)]
        for mode, same in (("overlap", overlap), ("exact", exact)):
            matched = match_one_to_one(gold_spans, predicted_spans, partial(_same_span, same, text))
            report.counts(f"{prefix}{part}_{mode}").add(matched, len(predicted_spans), len(gold_spans))
    matched = match_one_to_one(gold, predicted, partial(_same_relation, text))
    report.counts(f"{prefix}relation_overlap").add(matched, len(predicted), len(gold))


def _same_span(same: Callable[[str, Spans, Spans], bool], text: str, gold: Spans, predicted: Spans) -> bool:
    return same(text, gold, predicted)


def _same_relation(text: str, gold: Relation, predicted: Relation) -> bool:
    if not (overlap(text, gold.cue, predicted.cue) and overlap(text, gold.content, predicted.content)):
        return False
    if not gold.source or not predicted.source:
        return not gold.source and not predicted.source
    return overlap(text, gold.source, predicted.source)


def _as_relation(statement: Statement) -> Relation:
    source: Spans = ()
    if statement.source is not None:
        where = statement.source.mention or statement.source
        source = ((where.start, where.end),)
    return Relation(source, ((statement.cue.start, statement.cue.end),), ((statement.content.start, statement.content.end),))


def read_documents(data: Path) -> Iterator[tuple[str, str, list[Relation]]]:
    """(name, text, gold relations) for each text that has at least one annotation file; the first in
    sorted order where several annotators annotated it."""
    for name, text, versions in read_annotations(data):
        yield name, text, versions[0]


def read_annotations(data: Path) -> Iterator[tuple[str, str, list[list[Relation]]]]:
    """(name, text, each annotator's relations, in sorted file order) for each text with an annotation file."""
    annotations = sorted((data / "attributions").glob("*.ann"))
    for text_path in sorted((data / "text").glob("*.txt")):
        candidates = [a for a in annotations if a.name.startswith(text_path.stem + "_") or a.stem == text_path.stem]
        if candidates:
            text = text_path.read_text(encoding="utf-8")
            yield text_path.stem, text, [parse_ann(c.read_text(encoding="utf-8")) for c in candidates]


def parse_ann(ann: str) -> list[Relation]:
    spans: dict[str, tuple[tuple[int, int], ...]] = {}
    events: list[tuple[str, dict[str, str]]] = []
    for line in ann.splitlines():
        fields = line.split("\t")
        if line.startswith("T") and len(fields) >= 2:
            _label, _, offsets = fields[1].partition(" ")
            spans[fields[0]] = tuple(
                (int(s), int(e)) for s, e in (part.split() for part in offsets.split(";"))
            )
        elif line.startswith("E") and len(fields) >= 2:
            kind, *arguments = fields[1].split()
            roles = dict(argument.split(":", 1) for argument in arguments)
            events.append((kind.split(":")[0], roles))
    relations = []
    for kind, roles in events:
        if kind not in RELATION_TYPES or "Cue" not in roles or "Content" not in roles:
            continue
        content = spans[roles["Content"]] + (spans[roles["Content2"]] if "Content2" in roles else ())
        source = spans[roles["Source"]] if "Source" in roles else ()
        relations.append(Relation(source, spans[roles["Cue"]], content))
    return relations
