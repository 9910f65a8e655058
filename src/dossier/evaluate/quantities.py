"""Quantities on CQE-format JSON (a list of ``{text, quantities: [{value, normalized_unit, …}]}``).

One-to-one matching per text and per metric. Values compare as numbers (a range ``"8-10"`` by its
bounds); units compare after normalisation to CQE's vocabulary, where a count's unit is the counted
noun in the singular. value+change and value+object are scored when the gold records carry ``change``
and ``referred_concepts``, the way CQE's evaluation scores them: the change is CQE's symbol (``up``,
``down``, ``~`` about, ``>`` above, ``<`` below, ``=``), which dossier splits between ``change`` and
``qualifier``; the object matches when its words are the gold concept's words, no more and no fewer
(CQE's "complete" concept match).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from dossier.errors import ConfigurationError
from dossier.evaluate.scoring import Report, match_one_to_one
from dossier.model import Article, Quantity
from dossier.pipeline import Analyzer
from dossier.pipeline.quantities import APPROXIMATE

Gold = dict[str, Any]
# Qualifiers that CQE writes as a bound; the approximate ones are "~".
CQE_BOUNDS = {
    "more than": ">", "over": ">", "at least": ">", "just over": ">", "well over": ">",
    "less than": "<", "fewer than": "<", "under": "<", "up to": "<", "at most": "<", "no more than": "<",
    "just under": "<", "as many as": "<",
}
FUNCTION_WORDS = frozenset({"of", "the", "a", "an"})


def evaluate(data: Path, analyzer: Analyzer) -> Report:
    records = _records(data)
    report = Report("quantities")
    articles = [Article(f"q{n}", r["text"], language="en") for n, r in enumerate(records)]
    # Each metric judges, in a record's text, a gold and a predicted quantity.
    metrics: dict[str, Callable[[str, Gold, Quantity], bool]] = {
        "value": lambda text, g, p: _same_value(g, p),
        "value_unit": lambda text, g, p: (
            _same_value(g, p) and _unit_key(g.get("normalized_unit")) == _predicted_unit(p, text)
        ),
    }
    if any("change" in q for r in records for q in r["quantities"]):
        metrics["value_change"] = lambda text, g, p: _same_value(g, p) and g.get("change", "=") == _cqe_change(p)
    if any(q.get("referred_concepts") for r in records for q in r["quantities"]):
        metrics["value_object"] = lambda text, g, p: _same_value(g, p) and _same_object(g, p)
    for record, analysis in zip(records, analyzer.analyze_strict(articles), strict=True):
        report.documents += 1
        gold = record["quantities"]
        for name, same in metrics.items():
            matched = match_one_to_one(gold, analysis.quantities, partial(same, record["text"]))
            report.counts(name).add(matched, len(analysis.quantities), len(gold))
    return report


def _records(data: Path) -> list[dict[str, Any]]:
    files = sorted(data.glob("*.json")) if data.is_dir() else [data]
    records: list[dict[str, Any]] = []
    for file in files:
        try:
            loaded = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise ConfigurationError(f"{file} is not a CQE-format JSON file ({exc})") from exc
        records.extend(r for r in loaded if isinstance(r, dict) and "text" in r and "quantities" in r)
    if not records:
        raise ConfigurationError(f"no CQE-format records (text, quantities) in {data}")
    return records


def _bounds(value: Any) -> tuple[float, float] | None:
    text = str(value).replace(",", "").strip()
    parts = text.split("-") if "-" in text[1:] else [text]
    try:
        numbers = [float(p) for p in parts if p]
    except ValueError:
        return None
    return (min(numbers), max(numbers)) if numbers else None


def _same_value(gold: Gold, predicted: Quantity) -> bool:
    expected = _bounds(gold.get("value"))
    if expected is None:
        return False
    low = predicted.low if predicted.value is None else predicted.value
    high = predicted.high if predicted.value is None else predicted.value
    if low is None:
        return False
    high = low if high is None else high
    return math.isclose(expected[0], low, rel_tol=1e-6) and math.isclose(expected[1], high, rel_tol=1e-6)


def _predicted_unit(quantity: Quantity, text: str) -> str:
    unit = quantity.unit
    if (unit is None or unit == "fraction") and _counts(quantity, text):  # CQE: "a half turn" is 0.5 turn
        unit = quantity.object
    if unit is None:
        return "-"
    return _unit_key(f"{unit} per {quantity.per}" if quantity.per else unit)


def _counts(quantity: Quantity, text: str) -> bool:
    """Whether the object is the noun the number counts ("3,000 troops", "hundreds of the prisoners"),
    which CQE takes for a unit; not what a bare number measures ("The death toll rose to 30")."""
    if not quantity.object:
        return False
    at = text.find(quantity.object, quantity.end)
    return at >= 0 and all(word in {"of", "the"} for word in text[quantity.end : at].replace("-", " ").split())


def _unit_key(unit: str | None) -> str:
    if not unit:
        return "-"
    return " ".join(_singular(word) for word in unit.lower().split())


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(("ss", "us")) and len(word) > 3:
        return word[:-1]
    return word


def _cqe_change(quantity: Quantity) -> str:
    if quantity.change != "=":
        return quantity.change
    if quantity.qualifier in CQE_BOUNDS:
        return CQE_BOUNDS[quantity.qualifier]
    return "~" if quantity.qualifier in APPROXIMATE else "="


def _same_object(gold: Gold, predicted: Quantity) -> bool:
    concepts = gold.get("referred_concepts") or []
    expected = _concept_words(concepts if isinstance(concepts, str) else " ".join(concepts)) or ["-"]
    found = _concept_words(predicted.object or "") or ["-"]  # CQE writes "-" for no concept
    return len(set(expected) & set(found)) == len(expected) == len(found)


def _concept_words(text: str) -> list[str]:
    return [w for w in re.split(r"[,\s]+", text.lower()) if w and w not in FUNCTION_WORDS]
