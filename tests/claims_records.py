"""Hand-built records for the claims tests: articles, statements and figures written out the way the pipeline
would produce them, so each rule is tested on exactly the case it is about."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np

from dossier.model import (
    Actor,
    Analysis,
    Article,
    ClaimUnit,
    Quantity,
    Source,
    SourceKind,
    Stance,
    Statement,
    TextSpan,
)


def article(article_id: str, body: str, title: str | None = None, outlet: str | None = "Outlet",
            published: date | None = date(2024, 10, 17)) -> Article:
    return Article(id=article_id, body=body, title=title, outlet=outlet, published=published)


def source(text: str, kind: SourceKind = "person", actor: Actor | None = None) -> Source:
    return Source(text, 0, len(text), kind, actor=actor)


def author(name: str = "Outlet") -> Source:
    return Source(name, 0, 0, "author")


def statement(
    body: str, content: str, number: int = 1, who: Source | None = None, stance: Stance = "assert",
    cue: str = "said", via: tuple[Source, ...] = (), responds_to: str | None = None, in_title: bool = False,
) -> Statement:
    """A statement whose content is the first occurrence of ``content`` in ``body`` (the headline when
    ``in_title``); its cue is the first occurrence of ``cue``, or an empty cue for the author's own claim."""
    start = body.index(content)
    cue_at = body.find(cue) if cue and who is not None and who.kind != "author" else start
    cue_span = TextSpan(cue, cue_at, cue_at + len(cue)) if cue_at >= 0 and cue else TextSpan("", start, start)
    return Statement(
        id=f"s{number}", source=who, cue=cue_span, content=TextSpan(content, start, start + len(content)),
        stance=stance, via=via, responds_to=responds_to, in_title=in_title,
    )


def figure(body: str, text: str, number: int, statement_id: str, value: float | None, obj: str | None,
           qualifier: str | None = None, approximate: bool = False) -> Quantity:
    start = body.index(text)
    return Quantity(id=f"q{number}", text=text, start=start, end=start + len(text), value=value, qualifier=qualifier,
                    approximate=approximate, object=obj, statement=statement_id)


def unit(statement_id: str, vector: Sequence[float], stance: Stance = "assert", counts: tuple[str, ...] = (),
         responds_to: str | None = None) -> ClaimUnit:
    """A unit with a hand-made direction in a 384-dimensional embedding space and no character n-grams, so the
    similarity of two units is the embedding weight times the cosine of their directions."""
    embedding = np.zeros(384, dtype=np.float32)
    embedding[: len(vector)] = vector
    embedding /= np.linalg.norm(embedding)
    return ClaimUnit(statement_id, stance, embedding.astype("<f4").tobytes(), np.zeros(256, "<f4").tobytes(), counts,
                     responds_to)


def analysis(art: Article, *statements: Statement, quantities: tuple[Quantity, ...] = ()) -> Analysis:
    return Analysis(art, statements=statements, quantities=quantities)
