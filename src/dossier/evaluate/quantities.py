"""Quantities on CQE-format JSON (a list of ``{text, quantities: [{value, normalized_unit, …}]}``).

One-to-one matching per text and per metric. Values compare as numbers (a range ``"8-10"`` by its
bounds); units compare after normalisation to CQE's vocabulary, where a count's unit is the counted
noun in the singular. value+change and value+object are scored when the gold records carry ``change``
and ``referred_concepts``, the way CQE's evaluation scores them: the change is CQE's symbol (``up``,
``down``, ``~`` about, ``>`` above, ``<`` below, ``=``), which dossier splits between ``change`` and
``qualifier``; the object matches when its words are the gold concept's words, no more and no fewer
(CQE's "complete" concept match).

NewsQuant writes two shapes differently from dossier's record, and the scorer maps dossier's to NewsQuant's
before matching (``newsquant_form``); the records themselves keep dossier's shape:

- a move between two levels ("Horsepower jumped from 240 to 273", "narrowed to 138,285 lots from 212,577 lots"):
  dossier keeps two levels, each with the move's ``change`` (the figure series of claims needs the levels);
  NewsQuant writes one range with that change. Two levels in a row that the text
  joins as "from A to B" or "to B from A" (a few words apart: "from 20 miles per gallon in 2008 to 29 mpg") are
  scored as one range from A to B with the first's change and unit.
- a vague amount ("hundreds of miles", "tens of millions of dollars"): dossier records its low bound (at least two
  hundred; at least twenty million) with ``approximate``; NewsQuant writes the order of magnitude the words name,
  up to the next (100-1000; 10,000,000-100,000,000). A vague amount is scored as that range: from the power of
  ten at or below its low bound to ten times it.

Two of NewsQuant's unit names differ from dossier's, and ``_predicted_unit`` scores dossier's in NewsQuant's:

- a fraction of a group ("One out of three Germans", "two-thirds of the voters", "one in five adults"): dossier
  records the value with unit ``fraction`` and the group as the object; NewsQuant writes the unit ``% <group>``
  ("% Germans"), and ``% -`` where it names no group. A fraction before the noun it measures ("a half turn") is
  that noun, as CQE writes it.
- pence written with the figure ("rose 6.5% to 164p"): dossier records ``penny``; NewsQuant normalises the
  ``p`` to ``point`` on every one, and the scorer does the same with a ``p`` glued to a figure.

Where dossier records no unit, a counted object is scored as the unit (CQE's and NewsQuant's way: "3,000 troops"
is 3,000 "troop"): an object right after the figure ("eight more picks"), or one the figure shares with an
earlier figure ("6 million homes, including 1.5 million in the city", where the extractor gave the second figure
the first one's object). The object is the extractor's; the scorer only decides that it is counted.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

from text_to_num import text2num

from dossier.errors import ConfigurationError
from dossier.evaluate.scoring import Report, match_one_to_one
from dossier.model import Article, Quantity
from dossier.pipeline import Analyzer, lexicons
from dossier.pipeline.quantities import APPROXIMATE

_FROM_TO = re.compile(r"\bfrom\W*$", re.IGNORECASE), re.compile(r"^\W*(?:\S+\s+){0,4}?to\W*$", re.IGNORECASE)
_TO_FROM = re.compile(r"\bto\W*$", re.IGNORECASE), re.compile(r"^\W*(?:\S+\s+){0,4}?from\W*$", re.IGNORECASE)

_PARTITIVE = re.compile(r"\s(?:out\s+of|in)\s", re.IGNORECASE)  # "one out of three", "one in five"
_OF_AFTER = re.compile(r"\s*of\b", re.IGNORECASE)  # "a third of those screened"
_NOT_COUNTED = lexicons.words("count_modifiers_not_counted")  # "eight more picks" counts picks
_GLUED_PENCE = re.compile(r"\dp$")  # "164p", not "pence" written out

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
            predicted = newsquant_form(record["text"], list(analysis.quantities))
            matched = match_one_to_one(gold, predicted, partial(same, record["text"]))
            report.counts(name).add(matched, len(predicted), len(gold))
    return report


def newsquant_form(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """The quantities as NewsQuant writes them: a move between two levels as one range, a vague amount as the
    order of magnitude it names (see the module's docstring)."""
    scored: list[Quantity] = []
    i = 0
    while i < len(quantities):
        first = quantities[i]
        second = quantities[i + 1] if i + 1 < len(quantities) else None
        if second is not None and _a_move(text, first, second):
            low, high = sorted((first.value or 0.0, second.value or 0.0))  # "fell from $2,415 to $2,315"
            scored.append(replace(first, text=text[first.start : second.end], end=second.end, value=None,
                                  low=low, high=high, unit=first.unit or second.unit))
            i += 2
            continue
        if first.value is None and first.high is None and first.low is not None and first.low > 0 and first.approximate:
            magnitude = 10 ** math.floor(math.log10(first.low) + 1e-9)
            first = replace(first, low=float(magnitude), high=float(magnitude * 10))
        scored.append(first)
        i += 1
    return scored


def _a_move(text: str, first: Quantity, second: Quantity) -> bool:
    if first.value is None or second.value is None:
        return False
    before, between = text[max(0, first.start - 12) : first.start], text[first.end : second.start]
    return any(b.search(before) is not None and m.match(between) is not None for b, m in (_FROM_TO, _TO_FROM))


def _records(data: Path) -> list[dict[str, Any]]:
    """CQE-format records from a file or a folder of files; quantulum3's test files (``{req, res: [{value, unit,
    surface}]}``) are read as CQE records of their sentence, value and unit name."""
    files = sorted(data.glob("*.json")) if data.is_dir() else [data]
    records: list[dict[str, Any]] = []
    for file in files:
        try:
            loaded = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise ConfigurationError(f"{file} is not a CQE-format JSON file ({exc})") from exc
        for record in loaded if isinstance(loaded, list) else []:
            if isinstance(record, dict) and "text" in record and "quantities" in record:
                records.append(record)
            elif isinstance(record, dict) and isinstance(record.get("req"), str) and isinstance(record.get("res"), list):
                records.append({"text": record["req"], "quantities": [
                    {"value": str(q.get("value")), "normalized_unit": q.get("unit") or "-"}
                    for q in record["res"] if isinstance(q, dict)
                ]})
    if not records:
        raise ConfigurationError(f"no CQE-format records (text, quantities) or quantulum3 tests (req, res) in {data}")
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
    if unit == "fraction" and _of_a_group(quantity, text):  # NewsQuant: "One out of three Germans" is 1/3 "% Germans"
        return _unit_key(f"% {quantity.object if quantity.object and _counts(quantity, text) else '-'}")
    if unit == "penny" and _GLUED_PENCE.search(quantity.text):  # NewsQuant: "164p" is 164 "point"
        return "point"
    if (unit is None or unit == "fraction") and _counts(quantity, text):  # CQE: "a half turn" is 0.5 turn
        unit = quantity.object
    if unit is None:
        return "-"
    return _unit_key(f"{unit} per {quantity.per}" if quantity.per else unit)


def _of_a_group(quantity: Quantity, text: str) -> bool:
    """A fraction of a group: "one out of three Germans", "one in five adults", "a third of those screened"."""
    return _PARTITIVE.search(quantity.text) is not None or _OF_AFTER.match(text[quantity.end :]) is not None


def _counts(quantity: Quantity, text: str) -> bool:
    """Whether the object is the noun the number counts ("3,000 troops", "hundreds of the prisoners"),
    which CQE takes for a unit; not what a bare number measures ("The death toll rose to 30")."""
    if not quantity.object:
        return False
    at = text.find(quantity.object, quantity.end)
    between = text[quantity.end : at].replace("-", " ").lower().split()
    if at >= 0 and all(word in {"of", "the"} or word in _NOT_COUNTED for word in between):  # "eight more picks"
        return True
    # a noun counted once for two figures: "6 million homes, including 1.5 million in the city"
    earlier = re.compile(rf"(\S+)\s+{re.escape(quantity.object)}\b")
    return any(_a_number(m.group(1)) for m in earlier.finditer(text, 0, quantity.start))


def _a_number(word: str) -> bool:
    if word[:1].isdigit():
        return True
    try:
        text2num(word.lower(), "en")
    except ValueError:
        return False
    return True


def _unit_key(unit: str | None) -> str:
    if not unit:
        return "-"
    words = re.sub(r"['’]s?\b", "", unit.lower()).split()  # "Johnson’s deputies": a possessive is no other word
    return " ".join(_singular(word) for word in words)


IRREGULAR_PLURALS = {"children": "child", "people": "people", "feet": "foot", "teeth": "tooth", "mice": "mouse"}


def _singular(word: str) -> str:
    if word in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[word]
    if word.endswith("men") and len(word) > 3:  # "fishermen", "women"
        return word[:-3] + "man"
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zzes")) or (word.endswith("uses") and not word.endswith("ouses")):
        return word[:-2]  # "bosses", "catches", "viruses"
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
