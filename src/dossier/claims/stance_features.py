"""What the stance model reads: the words of a text beside a claim's, and the statements dossier found in it.

A *passage* is a stretch of text with the statements in it: an Emergent headline, one statement, or a sentence of
an article body (statements whose spans overlap make one passage; the pipeline gives every sentence that
attributes nothing to the author, so the passages cover the body). Features are named numbers in [0, 1] or
indicators, so a linear model can weigh them without scaling, and words never seen in training simply carry no
weight. The word lists are data files under ``claims/data/``.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import numpy as np
from numpy.typing import NDArray

from dossier.model import Analysis, Statement

Features = dict[str, float]

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)*|\?|!")
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_CAPITALISED = re.compile(r"\b(?:[A-Z][a-zA-Z\-]+|[A-Z]{2,})\b")
# Headline frames that pass a claim on ("Report: …", "Rumor: …") or judge it ("Hoax: …", "Confirmed: …").
_FRAME_PREFIX = re.compile(
    r"(?i)^\s*(report|reports|rumou?rs?|exclusive|breaking|update|confirmed|hoax|fake|debunked|false)\b"
)
_SHOUTED_DENIAL = re.compile(r"\b(?:NOT|NO|NEVER|FAKE|HOAX|FALSE|ISN'T|DIDN'T)\b")
_VERDICT = re.compile(r"(?i)update\W|not true|is fake|a hoax|is false")
_SUFFIXES = ("'s", "ing", "ed", "es", "s")
REFUSALS_ONLY = "refusals_only"  # every statement of the passage refuses ("declined to confirm")
_SOURCE_REACH = 300  # a source named further than this from its cue is not part of the statement's passage


@dataclass(frozen=True, slots=True)
class Passage:
    text: str
    statements: tuple[Statement, ...]


@cache
def word_list(name: str) -> frozenset[str]:
    """``claims/data/stance_NAME.txt``: one entry a line, ``#`` lines say where the list comes from."""
    text = files("dossier.claims").joinpath(f"data/stance_{name}.txt").read_text("utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@cache
def prototypes() -> tuple[tuple[str, str], ...]:
    """(label, phrase) pairs of ``stance_prototypes.txt``."""
    text = files("dossier.claims").joinpath("data/stance_prototypes.txt").read_text("utf-8")
    pairs = (line.split("\t", 1) for line in text.splitlines() if line.strip() and not line.startswith("#"))
    return tuple((label, phrase) for label, phrase in pairs)


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "'"))


def stem(word: str) -> str:
    """A crude suffix stripper: enough to match "denies" with "denied" and "troops" with "troop"."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> set[str]:
    stop = word_list("stopwords")
    return {stem(w) for w in words(text) if w not in stop and len(w) > 1 and w not in {"?", "!"}}


def numbers(text: str) -> set[float]:
    found = set()
    for match in _NUMBER.findall(text):
        try:
            found.add(float(match.replace(",", "")))
        except ValueError:
            continue
    return found


def capitalised(text: str) -> set[str]:
    """Capitalised words that are not function words: names, roughly."""
    stop = word_list("stopwords")
    return {stem(t.lower()) for t in _CAPITALISED.findall(text) if t.lower() not in stop}


def negated(tokens: Iterable[str]) -> bool:
    negations = word_list("negation")
    return any(t in negations or t.endswith("n't") for t in tokens)


def cue_counts(tokens: Sequence[str], prefix: str) -> Features:
    """How many refuting, hedging, supporting and negating words, capped, and whether there is a question."""
    total = {
        "refute": sum(t in word_list("refute") for t in tokens),
        "hedge": sum(t in word_list("hedge") for t in tokens),
        "support": sum(t in word_list("support") for t in tokens),
    }
    found = {f"{prefix}{kind}": min(count, 3) / 3 for kind, count in total.items()}
    found[f"{prefix}negated"] = float(negated(tokens))
    found[f"{prefix}question"] = float("?" in tokens)
    return found


def cue_rates(tokens: Sequence[str], prefix: str) -> Features:
    """The same cues per word, for long texts where counts grow with length."""
    per = 10 / max(len(tokens), 1)
    return {
        f"{prefix}refute_rate": min(1.0, per * sum(t in word_list("refute") for t in tokens)),
        f"{prefix}hedge_rate": min(1.0, per * sum(t in word_list("hedge") for t in tokens)),
    }


def cue_words(tokens: Iterable[str], prefix: str) -> Features:
    """Each refuting, hedging and supporting word present, as its own indicator: "hoax" and "denies" differ."""
    lexicon = word_list("refute") | word_list("hedge") | word_list("support")
    return {f"{prefix}{t}": 1.0 for t in set(tokens) if t in lexicon}


def delexicalised(tokens: Sequence[str], claim_words: set[str]) -> list[str]:
    """The text's words with the claim's content words replaced by ``_c_``: the frame ("not _c_", "_c_ hoax")
    without the topic, which does not carry over from one claim to the next."""
    stop = word_list("stopwords")
    return ["_c_" if t not in stop and stem(t) in claim_words else t for t in tokens]


def ngrams(tokens: Sequence[str], prefix: str) -> Features:
    found = {f"{prefix}{t}": 1.0 for t in tokens}
    found |= {f"{prefix}{a} {b}": 1.0 for a, b in zip(tokens, tokens[1:], strict=False)}
    return found


def overlap(text: str, claim: str, prefix: str = "") -> Features:
    """How much of the claim the text says: shared content words, numbers and names."""
    mine, theirs = content_words(text), content_words(claim)
    shared = len(mine & theirs)
    my_numbers, claim_numbers = numbers(text), numbers(claim)
    claim_names = capitalised(claim)
    return {
        f"{prefix}jaccard": shared / max(len(mine | theirs), 1),
        f"{prefix}claim_covered": shared / max(len(theirs), 1),
        f"{prefix}text_covered": shared / max(len(mine), 1),
        f"{prefix}number_shared": float(bool(my_numbers & claim_numbers)),
        f"{prefix}number_conflict": float(
            bool(my_numbers and claim_numbers and not my_numbers & claim_numbers)
        ),
        f"{prefix}names_covered": len(capitalised(text) & claim_names) / max(len(claim_names), 1),
    }


def framing(text: str, tokens: Sequence[str]) -> Features:
    """Punctuation and headline forms: "Source: …", "Report: …", a question, capitals that shout a denial."""
    stripped = text.strip()
    head = stripped.split(":", 1)[0] if ":" in stripped[:40] else ""
    return {
        "question_end": float(stripped.endswith("?")),
        "exclamation": float("!" in text),
        "colon": float(":" in text),
        "quotation": float(bool(re.search(r"[\"'‘“]", text))),
        "colon_prefix": float(bool(head) and len(head.split()) <= 5),
        "frame_prefix": float(bool(_FRAME_PREFIX.match(stripped))),
        "shouted_denial": float(bool(_SHOUTED_DENIAL.search(text))),
        "verdict": float(bool(_VERDICT.search(text))),
        "according": float("according" in tokens),
        "length": min(len(tokens), 60) / 60,
        f"first={tokens[0] if tokens else ''}": 1.0,
        f"last={tokens[-1] if tokens else ''}": 1.0,
    }


def statement_features(statements: Sequence[Statement], prefix: str = "") -> Features:
    """Who says it and how, from dossier's statements: another's words reported (a source, a cue, hedges, a
    ``via`` chain) is the mark of a text that observes a claim; a denial or a refusal, of one that does not
    support it; the author's own plain assertion, of one that does."""
    found: Features = {}
    refute, hedge = word_list("refute"), word_list("hedge")
    for statement in statements:
        kind = statement.source.kind if statement.source is not None else "none"
        cue_tokens = words(statement.cue.text)
        marks = {
            "attributed": kind != "author",
            "hedged": bool(statement.hedges),
            "via": bool(statement.via),
            "direct_quote": statement.direct_quote,
        }
        names = [
            f"stance={statement.stance}",
            f"source={kind}",
            f"stance|source={statement.stance}|{kind}",
            f"cue={' '.join(cue_tokens) or 'none'}",
            *(mark for mark, present in marks.items() if present),
        ]
        # Where a refuting word sits: in the cue it judges the content ("denies that…"); inside the content
        # it may be what someone else says.
        for where, tokens in (("cue", cue_tokens), ("content", words(statement.content.text))):
            if any(t in refute for t in tokens):
                names.append(f"refute_in_{where}")
            if any(t in hedge for t in tokens):
                names.append(f"hedge_in_{where}")
        found |= {prefix + name: 1.0 for name in names}
    if not statements:
        found[prefix + "no_statement"] = 1.0
    elif all(s.stance == "refuse" for s in statements):
        found[prefix + REFUSALS_ONLY] = 1.0
    return found


def passage_features(
    claim: str, passage: Passage, similarity: float, prototype_similarity: Mapping[str, float]
) -> Features:
    """Everything the headline model reads about one passage beside one claim. ``similarity`` is the cosine of
    the two sentence embeddings; ``prototype_similarity`` the passage's to each stance's prototype phrases."""
    tokens = words(passage.text)
    claim_tokens = words(claim)
    claim_words = content_words(claim)
    features: Features = {"similarity": max(similarity, 0.0)}
    features |= cue_counts(tokens, "")
    features |= cue_words(tokens, "word=")
    features |= framing(passage.text, tokens)
    features |= overlap(passage.text, claim)
    features |= statement_features(passage.statements)
    features |= ngrams(tokens, "bow=")
    features |= ngrams(delexicalised(tokens, claim_words), "dx=")
    negation_here, negation_there = negated(tokens), negated(claim_tokens)
    features |= {
        "claim_negated": float(negation_there),
        "negation_differs": float(negation_here != negation_there),
    }
    features |= {f"prototype={name}": max(value, 0.0) for name, value in prototype_similarity.items()}
    return features


def headline_passage(analysis: Analysis) -> Passage:
    """The passage the whole article is judged by: its headline with the statements found in it, or, with no
    headline, its body (an Emergent article is one headline given as a body)."""
    title = analysis.article.title
    if title:
        return Passage(title, tuple(s for s in analysis.statements if s.in_title))
    return Passage(analysis.article.body, tuple(s for s in analysis.statements if not s.in_title))


def statement_passage(analysis: Analysis, statement: Statement) -> Passage:
    """One statement as a passage: the text from its source (when named nearby) through its cue and content."""
    text = (analysis.article.title or "") if statement.in_title else analysis.article.body
    start, end = _reach(statement)
    return Passage(text[start:end], (statement,))


def body_passages(analysis: Analysis, limit: int) -> list[Passage]:
    """The body's statements, those whose spans overlap merged into one passage, in text order; at most
    ``limit`` (a news story says what it is about early). A body with no statement is one passage."""
    body = analysis.article.body
    spans = sorted(
        ((*_reach(s), s) for s in analysis.statements if not s.in_title), key=lambda span: span[:2]
    )
    merged: list[tuple[int, int, list[Statement]]] = []
    for start, end, statement in spans:
        if merged and start < merged[-1][1]:
            last_start, last_end, members = merged[-1]
            merged[-1] = (last_start, max(last_end, end), [*members, statement])
        else:
            merged.append((start, end, [statement]))
    passages = [
        Passage(body[start:end], tuple(members)) for start, end, members in merged if body[start:end].strip()
    ]
    return passages[:limit] or [Passage(body, ())]


def _reach(statement: Statement) -> tuple[int, int]:
    start = min(statement.cue.start, statement.content.start)
    end = max(statement.cue.end, statement.content.end)
    source = statement.source
    if source is not None and source.text and source.kind != "author":  # the author is named nowhere
        named = source.mention or source
        if abs(named.start - start) <= _SOURCE_REACH and abs(named.end - end) <= _SOURCE_REACH:
            start, end = min(start, named.start), max(end, named.end)
    return start, end


def tf_idf(tokens: Iterable[str], idf: Mapping[str, float]) -> dict[str, float]:
    """An L2-normalised, sublinear tf × idf vector over the known content words."""
    stop = word_list("stopwords")
    counts = Counter(stem(t) for t in tokens if t not in stop and len(t) > 1)
    weights = {w: (1 + math.log(n)) * idf[w] for w, n in counts.items() if w in idf}
    norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0
    return {w: v / norm for w, v in weights.items()}


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())


def top_mean(values: NDArray[np.float32], count: int) -> float:
    return float(np.sort(values)[::-1][:count].mean()) if len(values) else 0.0
