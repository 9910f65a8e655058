"""Which statements of an article are followed as claims, and their vectors for linking.

An article's claim is in its headline and its first sentences; what an analyst follows beyond that is a
figure, a denial or a refusal. So an article's units are, in this order of precedence, its headline
statements, its denials and refusals, the statements carrying a figure, the statements others answer, and
its lede (the first body statements), up to ``limit`` of them; the rest (most quotes of opinion) are not
linked. Embedding every statement would triple the cost of analysing an article (see ``LINKING.md``).

A unit is represented by two vectors (see ``Linker``): the sentence embedding of its content, and its
character 2–5-grams within words, hashed with a sign into ``CHAR_DIMENSIONS`` buckets (signed hashing keeps
dot products unbiased) with sublinear counts. The n-grams catch shared names and figures that embeddings
blur; hashing needs no vocabulary, so a vector never changes as the store grows and a rebuild of the claims
reproduces incremental linking exactly.
"""

from __future__ import annotations

import json
import math
import re
import zlib
from collections import Counter
from collections.abc import Sequence
from functools import cache
from importlib.resources import files

import numpy as np

from dossier.claims.embed import Embedder, Vectors
from dossier.model import Analysis, ClaimUnit, Statement

CHAR_DIMENSIONS = 256
LEDE_STATEMENTS = 3
MIN_CONTENT_WORDS = 3
HEADLINE_WORDS = 40
_WORD = re.compile(r"\w+")


def units(analyses: Sequence[Analysis], embed: Embedder, limit: int) -> dict[str, tuple[ClaimUnit, ...]]:
    """Each analysed article's units, by article id; the embeddings of a whole batch are computed at once."""
    chosen = {a.article.id: [(s, text_of(s, a)) for s in followed(a, limit)] for a in analyses}
    # Each text once: a headline's statements all say the headline.
    texts = list(dict.fromkeys(text for picked in chosen.values() for _, text in picked))
    vectors = dict(zip(texts, embed(texts), strict=True)) if texts else {}
    return {
        analysis.article.id: tuple(_unit(statement, analysis, vectors[text], char_vector(text))
                                   for statement, text in chosen[analysis.article.id])
        for analysis in analyses
    }


def followed(analysis: Analysis, limit: int) -> list[Statement]:
    """The statements of an article that are linked into claims, in the article's order (headline first)."""
    answered = {s.responds_to for s in analysis.statements if s.responds_to}
    carrying_figures = {q.statement for q in analysis.quantities if q.statement}
    body = [s for s in analysis.statements if not s.in_title]
    lede = {s.id for s in sorted(body, key=lambda s: s.content.start)[:LEDE_STATEMENTS]}

    def precedence(statement: Statement) -> int:
        if statement.in_title:
            return 0
        if statement.stance in ("deny", "refuse"):
            return 1
        if statement.id in carrying_figures:
            return 2
        if statement.id in answered:
            return 3
        return 4 if statement.id in lede else 5

    candidates = [s for s in analysis.statements if precedence(s) < 5 and _words(text_of(s, analysis)) >= MIN_CONTENT_WORDS]
    kept = {s.id for s in sorted(candidates, key=lambda s: (precedence(s), s.in_title is False, s.content.start))[:limit]}
    return sorted((s for s in analysis.statements if s.id in kept), key=lambda s: (not s.in_title, s.content.start))


def text_of(statement: Statement, analysis: Analysis) -> str:
    """What a unit says. A headline is one claim, whatever statements it was cut into ("ISIS beheads journalist,
    threatens more to come"), so a statement of the headline says the whole headline. Else its content; but a
    content of a word or two does not say it: for a denial or refusal that answers another statement ("denied
    it", "dismissed the reports"), the answered statement's content, which is what it denies; else the whole
    statement, source and cue with it ("Joan Rivers Doctor Denies Selfie")."""
    headline = headline_of(analysis)
    if headline is not None and (statement.in_title or analysis.article.title is None):
        return headline
    if _words(statement.content.text) >= MIN_CONTENT_WORDS:
        return statement.content.text
    answered = _answered(statement, analysis)
    if answered is not None:
        return answered.content.text
    spans = [statement.content, statement.cue] + ([statement.source] if statement.source is not None else [])
    text = (analysis.article.title or "") if statement.in_title else analysis.article.body
    start, end = min(s.start for s in spans), max(s.end for s in spans)
    return text[start:end] if end > start else statement.content.text


def headline_of(analysis: Analysis) -> str | None:
    """The article's headline: its title, or its whole text when that is one short line (a feed item or a data set
    that gives only the headline)."""
    article = analysis.article
    if article.title:
        return article.title
    body = article.body.strip()
    return body if "\n" not in body and _words(body) <= HEADLINE_WORDS else None


def char_vector(text: str) -> Vectors:
    """Signed, hashed counts of the character 2–5-grams within words (padded by a space each side), sublinear
    and L2-normalised."""
    vector = np.zeros(CHAR_DIMENSIONS, dtype=np.float32)
    grams: Counter[str] = Counter()
    for word in _WORD.findall(text.lower()):
        padded = f" {word} "
        for n in range(2, 6):
            grams.update(padded[i : i + n] for i in range(len(padded) - n + 1))
    for gram, count in grams.items():
        code = zlib.crc32(gram.encode("utf-8"))
        vector[code % CHAR_DIMENSIONS] += (1.0 + math.log(count)) * (1.0 if code & (1 << 20) else -1.0)
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0 else vector


def counted_classes(statement: Statement, analysis: Analysis) -> tuple[str, ...]:
    """The classes of what the statement's figures count (``data/figure_classes.json``): an outcome its words name
    ("killed": casualties), else the class of each figure's counted object ("More Troops": personnel). A statement
    without figures has none: outcome words alone ("first losses") decide too little (measured on Emergent,
    classing them costs 0.011 of held-out B-cubed F1)."""
    figures = [q for q in analysis.quantities if q.statement == statement.id]
    if not figures:
        return ()
    outcomes, objects = _figure_classes()
    words = set(_WORD.findall(text_of(statement, analysis).lower()))
    named = sorted(name for name, cues in outcomes.items() if words & cues)
    if named:
        return tuple(named)
    heads = (_WORD.findall(q.object.lower())[-1:] if q.object else [] for q in figures)
    return tuple(sorted({objects[head[0]] for head in heads if head and head[0] in objects}))


@cache
def _figure_classes() -> tuple[dict[str, frozenset[str]], dict[str, str]]:
    """(outcome class → its words, counted object → its class)."""
    table = json.loads(files("dossier.claims").joinpath("data/figure_classes.json").read_text("utf-8"))
    outcomes = {name: frozenset(words) for name, words in table["outcomes"].items()}
    objects = {word: name for name, words in table["objects"].items() for word in words}
    return outcomes, objects


def _unit(statement: Statement, analysis: Analysis, embedding: Vectors, chars: Vectors) -> ClaimUnit:
    return ClaimUnit(
        statement=statement.id,
        stance=statement.stance,
        embedding=np.asarray(embedding, dtype="<f4").tobytes(),
        chars=np.asarray(chars, dtype="<f4").tobytes(),
        counts=counted_classes(statement, analysis),
        responds_to=statement.responds_to,
    )


def _answered(statement: Statement, analysis: Analysis) -> Statement | None:
    if statement.responds_to is None:
        return None
    return next((s for s in analysis.statements if s.id == statement.responds_to), None)


def _words(text: str) -> int:
    return len(_WORD.findall(text))
