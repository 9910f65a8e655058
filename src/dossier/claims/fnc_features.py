"""What the article-level stance model reads (FNC-1): is a body about a claim, and if so how does it stand.

A body is read as passages (``stance_features.body_passages``). Relatedness comes from how well the best
passages match the claim, by TF-IDF over content words and by sentence embeddings; stance from the cues of the
claim itself, of the passages nearest it and of the whole body, and from the statements dossier found there
(a body that reports others' words discusses; one that denies disagrees).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from dossier.claims.stance_features import (
    Features,
    Passage,
    body_passages,
    capitalised,
    content_words,
    cosine,
    cue_counts,
    cue_rates,
    cue_words,
    negated,
    numbers,
    statement_features,
    tf_idf,
    top_mean,
    words,
)
from dossier.model import Analysis

MAX_PASSAGES = 60
NEAREST = 3  # passages read for stance: the ones most like the claim


@dataclass(frozen=True, slots=True)
class Body:
    """One article body, read once however many claims it is compared with."""

    passages: tuple[Passage, ...]
    vectors: NDArray[np.float32]  # one L2-normalised embedding per passage
    passage_tf_idf: tuple[dict[str, float], ...]
    body_tf_idf: dict[str, float]
    centroid: NDArray[np.float32]
    tokens: tuple[str, ...]
    content: frozenset[str]
    numbers: frozenset[float]
    names: frozenset[str]
    summary: Features  # the body's cues and statements, claim aside


@dataclass(frozen=True, slots=True)
class ClaimReading:
    """A claim as the article-level models read it: its words weighted, its embedding, its content words."""

    text: str
    vector: NDArray[np.float32]
    tf_idf: dict[str, float]
    content: frozenset[str]


def passage_texts(analysis: Analysis) -> list[str]:
    """The texts to embed for ``read_body``, in its order."""
    return [p.text for p in body_passages(analysis, MAX_PASSAGES)]


def read_body(analysis: Analysis, vectors: NDArray[np.float32], idf: Mapping[str, float]) -> Body:
    """``vectors``: the embeddings of ``passage_texts(analysis)``."""
    passages = tuple(body_passages(analysis, MAX_PASSAGES))
    body = analysis.article.body
    tokens = tuple(words(body))
    centroid = vectors.mean(axis=0)
    statements = [s for s in analysis.statements if not s.in_title]
    count = max(len(statements), 1)
    summary = cue_rates(tokens, "body_") | {
        "body_attributed_share": sum(s.source is None or s.source.kind != "author" for s in statements)
        / count,
        "body_deny_share": min(1.0, 5 * sum(s.stance == "deny" for s in statements) / count),
        "body_refuse": float(any(s.stance == "refuse" for s in statements)),
        "body_hedged_share": sum(bool(s.hedges) for s in statements) / count,
        "body_question": float(any(s.stance == "question" for s in statements)),
    }
    return Body(
        passages=passages,
        vectors=vectors,
        passage_tf_idf=tuple(tf_idf(words(p.text), idf) for p in passages),
        body_tf_idf=tf_idf(tokens, idf),
        centroid=centroid / max(float(np.linalg.norm(centroid)), 1e-9),
        tokens=tokens,
        content=frozenset(content_words(body)),
        numbers=frozenset(numbers(body)),
        names=frozenset(capitalised(body)),
        summary=summary,
    )


def read_claim(text: str, vector: NDArray[np.float32], idf: Mapping[str, float]) -> ClaimReading:
    return ClaimReading(text, vector, tf_idf(words(text), idf), frozenset(content_words(text)))


def relatedness_features(claim: ClaimReading, body: Body) -> tuple[Features, list[int]]:
    """Features of whether the body is about the claim, and the passages nearest the claim (best first)."""
    embedded = body.vectors @ claim.vector
    lexical = np.array([cosine(claim.tf_idf, p) for p in body.passage_tf_idf], dtype=np.float32)
    nearest = [int(i) for i in np.argsort(-(embedded + lexical), kind="stable")[:NEAREST]]
    near_content = content_words(" ".join(body.passages[i].text for i in nearest))
    claim_numbers, claim_names = numbers(claim.text), capitalised(claim.text)
    features = {
        "tfidf_body": cosine(claim.tf_idf, body.body_tf_idf),
        "tfidf_best": float(lexical.max()),
        "tfidf_top": top_mean(lexical, NEAREST),
        "embedding_best": max(float(embedded.max()), 0.0),
        "embedding_top": max(top_mean(embedded, NEAREST), 0.0),
        "embedding_mean": max(float(embedded.mean()), 0.0),
        "embedding_centroid": max(float(body.centroid @ claim.vector), 0.0),
        "covered_body": len(claim.content & body.content) / max(len(claim.content), 1),
        "covered_nearest": len(claim.content & near_content) / max(len(claim.content), 1),
        "number_shared": float(bool(claim_numbers & body.numbers)),
        "names_covered": len(claim_names & body.names) / max(len(claim_names), 1),
        "claim_length": min(len(claim.content), 20) / 20,
        "best_is_first": float(int(np.argmax(embedded)) == 0),
    }
    return features, nearest


def stance_features(claim: ClaimReading, body: Body, related: Features, nearest: Sequence[int]) -> Features:
    """Features of how a related body stands toward the claim: ``related`` and ``nearest`` are what
    ``relatedness_features`` gave."""
    claim_tokens = words(claim.text)
    near_tokens = [t for i in nearest for t in words(body.passages[i].text)]
    near_statements = [s for i in nearest for s in body.passages[i].statements]
    features = dict(related) | body.summary
    features |= cue_counts(claim_tokens, "claim_") | cue_words(claim_tokens, "claim_word=")
    features |= cue_counts(near_tokens, "near_") | cue_words(near_tokens, "near_word=")
    features |= cue_rates(near_tokens, "near_")
    features |= statement_features(near_statements, "near_")
    features["negation_differs"] = float(negated(claim_tokens) != negated(near_tokens))
    features["claim_question"] = float(claim.text.strip().endswith("?"))
    return features
