"""Time expressions on TimeML ``.tml`` files (TimeBank, AQUAINT, TempEval-3), scored TempEval-3 style.

Counts are pooled over documents. Gold and predicted expressions pair one to one when their spans
overlap (relaxed); strict pairs have identical spans. Type and value accuracy are exact-string matches
over relaxed pairs; type F1 and value F1 are accuracy × relaxed F1. The document creation time is the
publication date and is not scored.
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
    files = sorted(data.rglob("*.tml")) if data.is_dir() else [data]
    documents = [read_tml(f) for f in files]
    if not documents:
        raise ConfigurationError(f"no TimeML .tml files under {data}")
    report = Report("timex")
    articles = [Article(f"d{n}", text, published=dct, language="en") for n, (text, dct, _) in enumerate(documents)]
    type_hits = value_hits = relaxed_pairs = 0
    for (_, _, gold), analysis in zip(documents, analyzer.analyze(articles), strict=True):
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
