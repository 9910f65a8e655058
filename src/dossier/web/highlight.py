"""An article's text with its records highlighted in place, from their character offsets.

Spans may nest or overlap (a quantity inside a statement's content, a source that runs into a content). The
text is cut at every span boundary into segments; each segment lies inside a set of spans, which are opened
outermost first (earliest start, then latest end). Between two segments the elements both share stay open and
the rest are closed and opened again, so the markup always nests: a span that crosses another is drawn as
several fragments, of which only the first carries the anchor and the tab stop.

The result is a tree of plain values (``Text`` and ``Mark``); the template renders it with autoescaping, so no
article text ever reaches the page unescaped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from dossier.model import Analysis, Quantity, Statement, TimeRef

Kind = Literal["source", "cue", "content", "quantity", "time"]
KINDS: tuple[Kind, ...] = ("source", "cue", "content", "quantity", "time")
# On equal spans, the statement's parts sit outside the quantity or time they contain.
_ORDER = {kind: i for i, kind in enumerate(KINDS)}
_PARAGRAPH = re.compile(r"\n\s*")

STANCE_WORDS = {
    "assert": "asserted", "deny": "denied", "refuse": "refused", "predict": "predicted", "question": "questioned",
    "unknown": "unclear",
}


@dataclass(frozen=True, slots=True)
class Span:
    """One highlight: where it lies, what kind it is and the record it shows."""

    start: int
    end: int
    kind: Kind
    record: str  # the record's id (``s1``, ``q2``, ``t3``)
    label: str  # a one-line description of the record, for ``title`` and the details panel
    anchor: str | None = None  # an element id for the first fragment (``s-s1``)
    stance: str | None = None


@dataclass(frozen=True, slots=True)
class Text:
    text: str


@dataclass(slots=True)
class Mark:
    span: Span
    first: bool  # the span's first fragment: it carries the anchor and the tab stop
    children: list[Text | Mark] = field(default_factory=list)


Node = Text | Mark


@dataclass(frozen=True, slots=True)
class Highlighted:
    """An article's text ready to render: the title's nodes, each body paragraph's and each caption's."""

    title: list[Node]
    paragraphs: list[list[Node]]
    captions: list[list[Node]]


def nodes(text: str, spans: Iterable[Span], start: int = 0, end: int | None = None) -> list[Node]:
    """``text[start:end]`` as nested nodes; spans are clipped to that range, empty or outside ones dropped."""
    end = len(text) if end is None else end
    placed = sorted(
        {s for s in spans if max(s.start, start) < min(s.end, end)},
        key=lambda s: (s.start, -s.end, _ORDER[s.kind], s.record),
    )
    cuts = sorted({start, end, *(max(s.start, start) for s in placed), *(min(s.end, end) for s in placed)})
    root: list[Node] = []
    stack: list[Mark] = []
    started: set[Span] = set()
    for left, right in zip(cuts, cuts[1:], strict=False):
        active = [s for s in placed if s.start <= left and s.end >= right]
        shared = 0
        while shared < len(stack) and shared < len(active) and stack[shared].span == active[shared]:
            shared += 1
        del stack[shared:]
        for span in active[shared:]:
            mark = Mark(span, first=span not in started)
            started.add(span)
            (stack[-1].children if stack else root).append(mark)
            stack.append(mark)
        (stack[-1].children if stack else root).append(Text(text[left:right]))
    return root


def paragraphs(body: str) -> list[tuple[int, int]]:
    """The body's paragraphs as (start, end) offsets: the text between line breaks, blank lines dropped."""
    found: list[tuple[int, int]] = []
    at = 0
    for gap in [*_PARAGRAPH.finditer(body), None]:
        stop = gap.start() if gap is not None else len(body)
        if body[at:stop].strip():
            found.append((at, stop))
        if gap is not None:
            at = gap.end()
    return found


def highlight(analysis: Analysis) -> Highlighted:
    article = analysis.article
    title: list[Span] = []
    body: list[Span] = []
    captions: dict[int, list[Span]] = {}
    for statement in analysis.statements:
        (title if statement.in_title else body).extend(statement_spans(statement))
    for quantity in analysis.quantities:
        (title if quantity.in_title else body).append(quantity_span(quantity))
    for time in analysis.times:
        if time.caption is not None:
            captions.setdefault(time.caption, []).append(time_span(time))
        else:
            (title if time.in_title else body).append(time_span(time))
    return Highlighted(
        title=nodes(article.title or "", title),
        paragraphs=[nodes(article.body, body, start, end) for start, end in paragraphs(article.body)],
        captions=[nodes(caption, captions.get(i, ())) for i, caption in enumerate(article.captions)],
    )


def statement_spans(statement: Statement) -> list[Span]:
    """The source, cue and content of a statement; the anchor on the content (the cue when it is empty)."""
    stance = STANCE_WORDS.get(statement.stance, statement.stance)
    who = statement.source.text if statement.source is not None else "no source"
    about = f"statement {statement.id} · {stance} · {who} {statement.cue.text}"
    anchored = "content" if statement.content.end > statement.content.start else "cue"
    spans = []
    if statement.source is not None:
        source = statement.source
        actor = f" · actor {source.actor.name}" if source.actor is not None else ""
        role = f" · {source.role}" if source.role else ""
        spans.append(Span(source.start, source.end, "source", statement.id,
                          f"Source of {about} · {source.kind}{role}{actor}", stance=statement.stance))
    spans.append(Span(statement.cue.start, statement.cue.end, "cue", statement.id, f"Cue of {about}",
                      anchor=f"s-{statement.id}" if anchored == "cue" else None, stance=statement.stance))
    quote = " · direct quote" if statement.direct_quote else ""
    spans.append(Span(statement.content.start, statement.content.end, "content", statement.id,
                      f"Content of {about}{quote}", anchor=f"s-{statement.id}" if anchored == "content" else None,
                      stance=statement.stance))
    return spans


def quantity_span(quantity: Quantity) -> Span:
    return Span(quantity.start, quantity.end, "quantity", quantity.id, f"Quantity {quantity.id} · {describe(quantity)}")


def time_span(time: TimeRef) -> Span:
    return Span(time.start, time.end, "time", time.id, f"Time {time.id} · {time.type} {time.value or 'unresolved'}")


def describe(quantity: Quantity) -> str:
    """``more than 1,000 North Korean soldiers``, ``10–20 km``: the value as the record has it."""
    if quantity.low is not None and quantity.high is not None:
        amount = f"{number(quantity.low)}–{number(quantity.high)}"
    elif quantity.value is not None:
        amount = number(quantity.value)
    elif quantity.low is not None:
        amount = f"at least {number(quantity.low)}"
    else:
        amount = f"“{quantity.text}”"
    parts = [quantity.qualifier or ("about" if quantity.approximate else ""), amount, quantity.unit or "",
             quantity.object or ""]
    if quantity.per:
        parts.append(f"per {quantity.per}")
    if quantity.change != "=":
        parts.append(f"(change {quantity.change})")
    return " ".join(p for p in parts if p)


def number(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.6g}"


def records(nodes_: Sequence[Node]) -> list[Mark]:
    """Every mark in these nodes, depth first (for tests and listings)."""
    found: list[Mark] = []
    for node in nodes_:
        if isinstance(node, Mark):
            found.append(node)
            found.extend(records(node.children))
    return found
