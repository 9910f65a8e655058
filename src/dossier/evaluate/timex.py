"""Time expressions on TimeML ``.tml`` files (TimeBank, AQUAINT, TempEval-3) or MEANTIME's NAF-like
``.xml`` files, scored TempEval-3 style.

MEANTIME marks times only in each article's title, dateline and first four sentences, so only those are
read; the dateline is the creation time and is left out of the text. Counts are pooled over documents.
Gold and predicted expressions pair one to one when their spans overlap (relaxed); strict pairs have
identical spans. Type and value accuracy are exact-string matches over relaxed pairs; type F1 and value
F1 are accuracy × relaxed F1. The document creation time is the publication date and is not scored.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from dossier.errors import ConfigurationError
from dossier.evaluate.scoring import Report, match_one_to_one
from dossier.model import Article, TimeRef
from dossier.pipeline import Analyzer


@dataclass(frozen=True, slots=True)
class GoldTimex:
    start: int
    end: int
    type: str
    value: str


def evaluate(data: Path, analyzer: Analyzer) -> Report:
    files = (sorted(data.rglob("*.tml")) or sorted(data.rglob("*.xml"))) if data.is_dir() else [data]
    documents = [read_meantime(f) if f.suffix == ".xml" else read_tml(f) for f in files]
    if not documents:
        raise ConfigurationError(f"no TimeML .tml or MEANTIME .xml files under {data}")
    report = Report("timex")
    articles = [Article(f"d{n}", text, published=dct, language="en") for n, (text, dct, _) in enumerate(documents)]
    type_hits = value_hits = relaxed_pairs = 0
    for (_, _, gold), analysis in zip(documents, analyzer.analyze_strict(articles), strict=True):
        report.documents += 1
        predicted = [t for t in analysis.times if t.caption is None]
        strict = match_one_to_one(gold, predicted, lambda g, p: (g.start, g.end) == (p.start, p.end))
        report.counts("strict").add(strict, len(predicted), len(gold))
        pairs = _relaxed_pairs(gold, predicted)
        report.counts("relaxed").add(len(pairs), len(predicted), len(gold))
        relaxed_pairs += len(pairs)
        type_hits += sum(g.type == p.type for g, p in pairs)
        value_hits += sum(g.value == p.value for g, p in pairs)
    relaxed_f1 = report.counts("relaxed").f1
    report.extra["type_accuracy"] = type_hits / relaxed_pairs if relaxed_pairs else 0.0
    report.extra["value_accuracy"] = value_hits / relaxed_pairs if relaxed_pairs else 0.0
    report.extra["type_f1"] = report.extra["type_accuracy"] * relaxed_f1
    report.extra["value_f1"] = report.extra["value_accuracy"] * relaxed_f1
    return report


def _relaxed_pairs(gold: list[GoldTimex], predicted: list[TimeRef]) -> list[tuple[GoldTimex, TimeRef]]:
    used: set[int] = set()
    pairs = []
    for g in gold:
        for j, p in enumerate(predicted):
            if j not in used and p.start < g.end and g.start < p.end:
                used.add(j)
                pairs.append((g, p))
                break
    return pairs


def read_tml(path: Path) -> tuple[str, date | None, list[GoldTimex]]:
    """The TEXT element as plain text, the creation date, and the gold TIMEX3 spans with offsets."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise ConfigurationError(f"{path} is not well-formed TimeML ({exc})") from exc
    dct_element = root.find("DCT/TIMEX3")
    dct = date.fromisoformat(dct_element.get("value", "")[:10]) if dct_element is not None else None
    text_element = root.find("TEXT")
    if text_element is None:
        raise ConfigurationError(f"{path} has no TEXT element")
    parts: list[str] = []
    gold: list[GoldTimex] = []

    def walk(element: ET.Element) -> None:
        start = sum(map(len, parts))
        parts.append(element.text or "")
        for child in element:
            walk(child)
            parts.append(child.tail or "")
        if element.tag == "TIMEX3":
            end = sum(map(len, parts))
            gold.append(GoldTimex(start, end, element.get("type", ""), element.get("value", "")))

    walk(text_element)
    return "".join(parts), dct, gold


# MEANTIME gives tokens only; these attach to the token before them when the text is rebuilt.
_NO_SPACE_BEFORE = frozenset({",", ".", ";", ":", "!", "?", ")", "%", "'s", "’s", "n't", "'"})
_MEANTIME_SCORED_SENTENCES = 6  # the title, the dateline and four sentences


def read_meantime(path: Path) -> tuple[str, date | None, list[GoldTimex]]:
    """The annotated sentences of a MEANTIME article as plain text (tokens joined, the dateline left out),
    the creation date, and the gold TIMEX3 spans with offsets."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise ConfigurationError(f"{path} is not well-formed XML ({exc})") from exc
    if root.tag != "Document":
        raise ConfigurationError(f"{path} is not a MEANTIME document")
    timexes = list(root.iter("TIMEX3"))
    creation = next((t for t in timexes if t.get("functionInDocument") == "CREATION_TIME"), None)
    dateline = {a.get("t_id") for a in creation.iter("token_anchor")} if creation is not None else set()
    text, offsets, in_title = "", {}, True
    for token in root.iter("token"):
        word, sentence = token.text or "", int(token.get("sentence", "0"))
        if token.get("t_id") in dateline or sentence >= _MEANTIME_SCORED_SENTENCES:
            continue
        if in_title and sentence > 0:
            text, in_title = text + "\n", False  # the title has no full stop to end it
        elif text and word not in _NO_SPACE_BEFORE and not text.endswith(("(", "$")):
            text += " "
        offsets[token.get("t_id")] = (len(text), len(text) + len(word))
        text += word
    gold = []
    for timex in timexes:
        spans = [offsets[a.get("t_id")] for a in timex.iter("token_anchor") if a.get("t_id") in offsets]
        if spans and timex is not creation:
            gold.append(GoldTimex(min(s for s, _ in spans), max(e for _, e in spans), timex.get("type", ""), timex.get("value", "")))
    return text, _meantime_date(creation.get("value", "")) if creation is not None else None, gold


def _meantime_date(value: str) -> date | None:
    """ISO, or day-month-year as one file writes it."""
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        day, month, year = (value.split("-") + ["", "", ""])[:3]
        return date(int(year), int(month), int(day)) if f"{day}{month}{year}".isdigit() else None
