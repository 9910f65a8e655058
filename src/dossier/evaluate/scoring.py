"""Shared scoring: precision/recall/F1, span overlap by shared tokens, one-to-one matching."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

_TOKEN = re.compile(r"\w+|[^\w\s]")
_EDGE_PUNCTUATION = " \t\n.,;:!?\"'“”‘’«»()[]—–-"

G = TypeVar("G")
P = TypeVar("P")


@dataclass(slots=True)
class Counts:
    true_positives: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, matched: int, predicted: int, gold: int) -> None:
        self.true_positives += matched
        self.predicted += predicted
        self.gold += gold


@dataclass(slots=True)
class Report:
    task: str
    documents: int = 0
    table: dict[str, Counts] = field(default_factory=dict)
    extra: dict[str, float] = field(default_factory=dict)
    title: str | None = None  # the first line, when "TASK: N documents" does not say what was scored
    notes: list[str] = field(default_factory=list)  # lines printed before the summary (a confusion matrix…)

    def counts(self, name: str) -> Counts:
        return self.table.setdefault(name, Counts())

    def lines(self) -> list[str]:
        rows = [self.title or f"{self.task}: {self.documents} documents"]
        width = max((len(n) for n in self.table), default=0)
        for name, c in self.table.items():
            rows.append(
                f"  {name:<{width}}  P={c.precision:.3f} R={c.recall:.3f} F1={c.f1:.3f}"
                f"  (tp={c.true_positives} pred={c.predicted} gold={c.gold})"
            )
        rows.extend(self.notes)
        rows.append(self.task + " " + " ".join(f"{k}={_number(v)}" for k, v in self.metrics().items()))
        return rows

    def metrics(self) -> dict[str, float]:
        """Every score by name, as the last line prints them: each table's ``…_f1`` and the extras."""
        return {f"{name}_f1": c.f1 for name, c in self.table.items()} | self.extra


def _number(value: float) -> str:
    return str(value) if isinstance(value, int) else f"{value:.3f}"


Spans = Sequence[tuple[int, int]]


def token_set(text: str, spans: Spans) -> set[int]:
    """Start offsets of the word and punctuation tokens inside any of ``spans``."""
    found: set[int] = set()
    for start, end in spans:
        for match in _TOKEN.finditer(text, start, end):
            if match.group().strip(_EDGE_PUNCTUATION):
                found.add(match.start())
    return found


def overlap(text: str, a: Spans, b: Spans) -> bool:
    return bool(token_set(text, a) & token_set(text, b))


def exact(text: str, a: Spans, b: Spans) -> bool:
    return _trimmed(text, a) == _trimmed(text, b)


def _trimmed(text: str, spans: Spans) -> tuple[int, int] | None:
    if not spans:
        return None
    start, end = min(s for s, _ in spans), max(e for _, e in spans)
    while start < end and text[start] in _EDGE_PUNCTUATION:
        start += 1
    while end > start and text[end - 1] in _EDGE_PUNCTUATION:
        end -= 1
    return start, end


def match_one_to_one(gold: Sequence[G], predicted: Sequence[P], matches: Callable[[G, P], bool]) -> int:
    """Greedy one-to-one matching in document order; returns the number of matched pairs."""
    used: set[int] = set()
    matched = 0
    for g in gold:
        for j, p in enumerate(predicted):
            if j not in used and matches(g, p):
                used.add(j)
                matched += 1
                break
    return matched
