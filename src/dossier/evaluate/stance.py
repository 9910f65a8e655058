"""Stance against Emergent (claim, headline: for / against / observing) and FNC-1 (headline, body: agree /
disagree / discuss / unrelated).

An Emergent headline is analysed as an article whose body is the headline (there is no title); an FNC-1 body as
an article whose body is the text. Accuracy and per-class F1 are over all rows; the FNC-1 score is the
competition's: 0.25 for each correct related/unrelated decision, 0.75 more for the exact label of a related
pair, divided by the best possible (its "relative score").
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dossier.claims.embed import embedder
from dossier.claims.fnc_features import Body, ClaimReading, passage_texts, read_body, read_claim
from dossier.claims.stance import (
    FNC_LABELS,
    LABELS,
    RELATED_LABELS,
    StanceModel,
    default_stance_model,
    fnc_label,
    headline_features,
    judgement,
    prototype_vectors,
)
from dossier.claims.stance_features import Features, headline_passage
from dossier.errors import ConfigurationError
from dossier.evaluate.emergent import EmergentRow, read_emergent
from dossier.evaluate.scoring import Counts, Report
from dossier.model import Analysis, Article
from dossier.pipeline import Analyzer


@dataclass(frozen=True, slots=True)
class FncPair:
    headline: str
    body_id: str
    stance: str


def evaluate_stance(data: Path, analyzer: Analyzer) -> Report:
    """The shipped model scored on an Emergent CSV or an FNC-1 folder."""
    model = default_stance_model()
    if data.is_dir():
        bodies, pairs = read_fnc(data)
        claims, read = fnc_inputs(bodies, pairs, analyzer, _idf(model))
        labelled = [fnc_label(model, claims[p.headline], read[p.body_id]) for p in pairs]
        return fnc_report([p.stance for p in pairs], labelled)
    rows = read_emergent(data)
    judged = [judgement(model.headline, found).label for found in emergent_features(rows, analyzer)]
    return emergent_report([r.stance for r in rows], judged)


def read_fnc(folder: Path) -> tuple[dict[str, str], list[FncPair]]:
    """The bodies (``*bodies*.csv``: Body ID, articleBody) and the pairs (``*stances*.csv``: Headline, Body ID,
    Stance) of an FNC-1 folder."""
    body_files, stance_files = sorted(folder.glob("*bodies*.csv")), sorted(folder.glob("*stances*.csv"))
    if len(body_files) != 1 or len(stance_files) != 1:
        raise ConfigurationError(f"{folder} must hold one *bodies*.csv and one *stances*.csv (FNC-1 format)")
    try:
        with body_files[0].open(newline="", encoding="utf-8") as handle:
            bodies = {r["Body ID"]: r["articleBody"] for r in csv.DictReader(handle)}
        with stance_files[0].open(newline="", encoding="utf-8") as handle:
            pairs = [FncPair(r["Headline"], r["Body ID"], r["Stance"]) for r in csv.DictReader(handle)]
    except (OSError, KeyError, UnicodeDecodeError) as exc:
        raise ConfigurationError(f"{folder} is not in FNC-1 format: {exc}") from exc
    missing = {p.body_id for p in pairs} - bodies.keys()
    if missing:
        raise ConfigurationError(f"{folder}: pairs name bodies that are not there ({sorted(missing)[:5]})")
    unknown = {p.stance for p in pairs} - set(FNC_LABELS)
    if unknown:
        raise ConfigurationError(f"{folder}: stances {sorted(unknown)} are not among {list(FNC_LABELS)}")
    return bodies, pairs


def emergent_features(rows: Sequence[EmergentRow], analyzer: Analyzer) -> list[Features]:
    """The headline model's features of each row: every headline analysed and embedded once."""
    headlines = sorted({r.headline for r in rows})
    articles = [Article(id=f"emergent-{i}", body=text) for i, text in enumerate(headlines)]
    passages = {
        text: headline_passage(a)
        for text, a in zip(headlines, analyzer.analyze_strict(articles), strict=True)
    }
    claims = sorted({r.claim for r in rows})
    vectors = embedder()([passages[h].text for h in headlines] + claims)
    vector_of = dict(zip([*headlines, *claims], vectors, strict=True))
    prototype = prototype_vectors()
    return [
        headline_features(r.claim, passages[r.headline], vector_of[r.claim], vector_of[r.headline], prototype)
        for r in rows
    ]


def analysed_bodies(bodies: dict[str, str], analyzer: Analyzer) -> dict[str, Analysis]:
    ids = sorted(bodies)
    articles = [Article(id=body_id, body=bodies[body_id]) for body_id in ids]
    return dict(zip(ids, analyzer.analyze_strict(articles), strict=True))


def fnc_inputs(
    bodies: dict[str, str], pairs: Sequence[FncPair], analyzer: Analyzer, idf: dict[str, float]
) -> tuple[dict[str, ClaimReading], dict[str, Body]]:
    """Each headline and each body read once (analysed, embedded), for comparing every pair."""
    analyses = analysed_bodies(bodies, analyzer)
    return read_fnc_inputs(analyses, sorted({p.headline for p in pairs}), idf)


def read_fnc_inputs(
    analyses: dict[str, Analysis], headlines: Sequence[str], idf: dict[str, float]
) -> tuple[dict[str, ClaimReading], dict[str, Body]]:
    texts = {body_id: passage_texts(analysis) for body_id, analysis in analyses.items()}
    flat = [t for body_id in sorted(texts) for t in texts[body_id]]
    vectors = embedder()([*flat, *headlines])
    read: dict[str, Body] = {}
    offset = 0
    for body_id in sorted(texts):
        count = len(texts[body_id])
        read[body_id] = read_body(analyses[body_id], vectors[offset : offset + count], idf)
        offset += count
    claims = {h: read_claim(h, vectors[offset + i], idf) for i, h in enumerate(headlines)}
    return claims, read


def emergent_report(gold: Sequence[str], predicted: Sequence[str], title: str = "stance (Emergent)") -> Report:
    accuracy = sum(g == p for g, p in zip(gold, predicted, strict=True)) / max(len(gold), 1)
    f1 = per_class_f1(gold, predicted, LABELS)
    return Report(
        "stance", len(gold), title=f"{title}: {len(gold)} headlines", notes=confusion_lines(gold, predicted, LABELS),
        extra={"accuracy": accuracy} | {f"f1_{label}": value for label, value in f1.items()} | {"n": len(gold)},
    )


def fnc_report(gold: Sequence[str], predicted: Sequence[str], title: str = "stance (FNC-1)") -> Report:
    f1 = per_class_f1(gold, predicted, FNC_LABELS)
    related_right = sum(
        (g in RELATED_LABELS) == (p in RELATED_LABELS) for g, p in zip(gold, predicted, strict=True)
    )
    notes = [f"  related/unrelated accuracy={related_right / max(len(gold), 1):.4f}",
             *confusion_lines(gold, predicted, FNC_LABELS)]
    return Report(
        "stance", len(gold), title=f"{title}: {len(gold)} pairs", notes=notes,
        extra={"fnc_score": fnc_score(gold, predicted)} | {f"f1_{label}": value for label, value in f1.items()}
        | {"n": len(gold)},
    )


def fnc_score(gold: Sequence[str], predicted: Sequence[str]) -> float:
    score = best = 0.0
    for g, p in zip(gold, predicted, strict=True):
        related = g in RELATED_LABELS
        best += 1.0 if related else 0.25
        score += 0.25 * (related == (p in RELATED_LABELS)) + 0.75 * (related and g == p)
    return score / best if best else 0.0


def per_class_f1(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> dict[str, float]:
    found = {}
    for label in labels:
        counts = Counts()
        counts.add(
            sum(g == p == label for g, p in zip(gold, predicted, strict=True)),
            sum(p == label for p in predicted),
            sum(g == label for g in gold),
        )
        found[label] = counts.f1
    return found


def confusion_lines(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> list[str]:
    """The confusion matrix: a row per gold label, a column per predicted one."""
    index = {label: i for i, label in enumerate(labels)}
    matrix = np.zeros((len(labels), len(labels)), dtype=np.int64)
    for g, p in zip(gold, predicted, strict=True):
        matrix[index[g], index[p]] += 1
    width = max(len(label) for label in labels) + 2
    header = "  gold \\ predicted".ljust(width + 4) + "".join(label.rjust(width) for label in labels)
    return [header] + [
        f"  {label}".ljust(width + 4) + "".join(str(n).rjust(width) for n in row)
        for label, row in zip(labels, matrix, strict=True)
    ]


def _idf(model: StanceModel) -> dict[str, float]:
    if model.idf is None:
        raise ConfigurationError(
            "the shipped stance model was trained without FNC-1; retrain it with `--fnc`"
        )
    return model.idf
