"""``dossier train stance``: fit the stance models on Emergent (headlines) and FNC-1 (bodies); and their honest
cross-validated scores.

Each model is a multinomial logistic regression (scikit-learn, lbfgs: deterministic) whose regularisation is
chosen by a grouped 3-fold split of its training data alone; the result is written as a ``feature → weights``
table (``models/stance.json.gz``). Cross-validation groups rows so that no claim (Emergent: ``claimId``) or no
headline (FNC-1) is on both sides, and fits everything (binning, pruning, regularisation, weights) on the
training folds only. scikit-learn is needed only here (the ``train`` extra), never at run time.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import numpy as np

from dossier.claims.fnc_features import relatedness_features, stance_features
from dossier.claims.stance import LinearModel, StanceModel, fnc_decision, judgement
from dossier.claims.stance_features import Features, content_words, words
from dossier.errors import ConfigurationError
from dossier.evaluate.emergent import read_emergent
from dossier.evaluate.scoring import Report
from dossier.evaluate.stance import (
    FncPair,
    analysed_bodies,
    emergent_features,
    emergent_report,
    fnc_report,
    read_fnc,
    read_fnc_inputs,
)
from dossier.model import Analysis
from dossier.pipeline import Analyzer
from dossier.settings import Settings

INNER_FOLDS = 3
HEADLINE_C = (0.01, 0.03, 0.1, 0.3, 1.0)
RELATED_C = (1.0, 3.0, 10.0, 30.0)
FNC_STANCE_C = (0.1, 0.3, 1.0, 3.0)
BINS = 6  # quantile intervals a continuous feature is also read by
MIN_EXAMPLES = 2  # a feature seen in fewer training rows gets no weight (a word of one headline is its topic)
MIN_ABS_WEIGHT = 1e-4
MIN_IDF_DOCUMENTS = 2


@dataclass(frozen=True, slots=True)
class FncData:
    """Every FNC-1 pair read once: relatedness features for all, stance features (computed when first asked)
    for the related ones."""

    pairs: list[FncPair]
    related: list[Features]
    stance: Callable[[int], Features]
    idf: dict[str, float]


def train_stance(emergent: Path, fnc: Path | None, out: Path) -> dict[str, object]:
    """Fit on all of ``emergent`` (and of ``fnc``), write the model to ``out``, return its card."""
    sklearn_version = _sklearn_version()
    analyzer = Analyzer.from_settings(Settings.from_env())
    rows = read_emergent(emergent)
    features, labels, groups = (
        emergent_features(rows, analyzer),
        [r.stance for r in rows],
        [r.claim_id for r in rows],
    )
    headline_c = choose_c(features, labels, groups, HEADLINE_C)
    headline = fit_linear(features, labels, headline_c)
    predicted = [judgement(headline, f).label for f in features]
    card: dict[str, object] = {
        "trained": datetime.now(UTC).date().isoformat(),
        "emergent": str(emergent),
        "emergent_rows": len(rows),
        "headline_c": headline_c,
        "headline_features": len(headline.weights),
        "in_sample": emergent_report(labels, predicted).lines()[-1],
        "scikit_learn": sklearn_version,
    }
    model = StanceModel(headline)
    if fnc is not None:
        data = fnc_data(fnc, analyzer)
        related_model, stance_model, choices = fit_fnc(data, list(range(len(data.pairs))))
        model = StanceModel(headline, related_model, stance_model, data.idf)
        gold = [p.stance for p in data.pairs]
        predicted_fnc = [
            fnc_decision(related_model, stance_model, data.related[i], partial(data.stance, i))
            for i in range(len(gold))
        ]
        card |= choices | {
            "fnc": str(fnc),
            "fnc_pairs": len(gold),
            "idf_words": len(data.idf),
            "related_features": len(related_model.weights),
            "fnc_stance_features": len(stance_model.weights),
            "fnc_in_sample": fnc_report(gold, predicted_fnc).lines()[-1],
        }
    model.save(out, card)
    return card


def cross_validate_stance(data: Path, analyzer: Analyzer, folds: int = 5) -> Report:
    """Held-out scores: GroupKFold by ``claimId`` (Emergent) or by headline (FNC-1; also by story, the connected
    headlines and bodies of related pairs, printed before the summary line), each row predicted by the models
    fitted without its group."""
    _sklearn_version()
    if data.is_dir():
        fnc = fnc_data(data, analyzer)
        gold = [p.stance for p in fnc.pairs]
        by_story = _fnc_held_out(fnc, _stories(fnc.pairs), folds)
        by_headline = _fnc_held_out(fnc, [p.headline for p in fnc.pairs], folds)
        story = fnc_report(gold, by_story, f"stance (FNC-1), {folds} folds by story").lines()
        report = fnc_report(gold, by_headline, f"stance (FNC-1), {folds} folds by headline")
        report.notes = [*story[:-1], "  by story: " + story[-1], *report.notes]
        return report
    rows = read_emergent(data)
    features, labels, groups = (
        emergent_features(rows, analyzer),
        [r.stance for r in rows],
        [r.claim_id for r in rows],
    )
    predicted = [""] * len(rows)
    accuracies = []
    for train, test in _group_folds(groups, folds):
        model = fit_linear(
            [features[i] for i in train],
            [labels[i] for i in train],
            choose_c(
                [features[i] for i in train],
                [labels[i] for i in train],
                [groups[i] for i in train],
                HEADLINE_C,
            ),
        )
        for i in test:
            predicted[i] = judgement(model, features[i]).label
        accuracies.append(sum(predicted[i] == labels[i] for i in test) / len(test))
    report = emergent_report(labels, predicted, f"stance (Emergent), {folds} folds by claimId")
    report.notes.append(f"  fold accuracy {min(accuracies):.3f}–{max(accuracies):.3f}")
    return report


def fnc_data(folder: Path, analyzer: Analyzer) -> FncData:
    bodies, pairs = read_fnc(folder)
    analyses = analysed_bodies(bodies, analyzer)
    idf = idf_of(analyses.values())
    claims, read = read_fnc_inputs(analyses, sorted({p.headline for p in pairs}), idf)
    related_and_nearest = [relatedness_features(claims[p.headline], read[p.body_id]) for p in pairs]
    cache: dict[int, Features] = {}

    def stance(index: int) -> Features:
        if index not in cache:
            pair = pairs[index]
            related, nearest = related_and_nearest[index]
            cache[index] = stance_features(claims[pair.headline], read[pair.body_id], related, nearest)
        return cache[index]

    return FncData(pairs, [r for r, _ in related_and_nearest], stance, idf)


def idf_of(analyses: Iterable[Analysis]) -> dict[str, float]:
    """Smoothed inverse document frequency of the content words of the bodies (no labels are read), for words
    in at least ``MIN_IDF_DOCUMENTS`` of them."""
    documents = [content_words(" ".join(words(a.article.body))) for a in analyses]
    counts = Counter(w for d in documents for w in d)
    n = len(documents)
    return {
        w: round(math.log((1 + n) / (1 + df)) + 1, 4) for w, df in counts.items() if df >= MIN_IDF_DOCUMENTS
    }


def fit_fnc(data: FncData, train: Sequence[int]) -> tuple[LinearModel, LinearModel, dict[str, object]]:
    """The relatedness model on every training pair, the stance model on the related ones."""
    groups = [data.pairs[i].headline for i in train]
    related_labels = ["unrelated" if data.pairs[i].stance == "unrelated" else "related" for i in train]
    related_features = [data.related[i] for i in train]
    related_c = choose_c(related_features, related_labels, groups, RELATED_C)
    related = [i for i in train if data.pairs[i].stance != "unrelated"]
    stance_features_ = [data.stance(i) for i in related]
    stance_labels = [data.pairs[i].stance for i in related]
    stance_c = choose_c(
        stance_features_, stance_labels, [data.pairs[i].headline for i in related], FNC_STANCE_C
    )
    choices: dict[str, object] = {"related_c": related_c, "fnc_stance_c": stance_c}
    return (
        fit_linear(related_features, related_labels, related_c),
        fit_linear(stance_features_, stance_labels, stance_c),
        choices,
    )


def fit_linear(examples: Sequence[Features], labels: Sequence[str], c: float) -> LinearModel:
    """A multinomial logistic regression over the examples' features, with continuous features binned by their
    training quantiles and features seen in fewer than ``MIN_EXAMPLES`` rows left out."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    binned = LinearModel((), (), {}, _bins(examples))
    expanded = [binned.expanded(e) for e in examples]
    seen = Counter(name for e in expanded for name, value in e.items() if value)
    kept = [{name: value for name, value in e.items() if seen[name] >= MIN_EXAMPLES} for e in expanded]
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform(kept)
    regression = LogisticRegression(C=c, max_iter=5000)
    regression.fit(matrix, list(labels))
    classes = [str(c) for c in regression.classes_]
    coefficients, intercepts = regression.coef_, regression.intercept_
    if len(classes) == 2:  # one score for the second class: the same softmax as ±half of it for each class
        coefficients = np.vstack([-coefficients[0] / 2, coefficients[0] / 2])
        intercepts = np.array([-intercepts[0] / 2, intercepts[0] / 2])
    weights = {
        str(name): tuple(round(float(w), 4) for w in column)
        for name, column in zip(vectorizer.get_feature_names_out(), coefficients.T, strict=True)
        if np.abs(column).max() >= MIN_ABS_WEIGHT
    }
    return LinearModel(tuple(classes), tuple(round(float(b), 4) for b in intercepts), weights, binned.bins)


def choose_c(
    examples: Sequence[Features], labels: Sequence[str], groups: Sequence[str], grid: Sequence[float]
) -> float:
    """The regularisation with the best accuracy over a grouped split of the training rows alone; the smaller
    of equals (the simpler model)."""
    best_c, best_accuracy = grid[0], -1.0
    for c in grid:
        right = 0
        for train, test in _group_folds(groups, INNER_FOLDS):
            model = fit_linear([examples[i] for i in train], [labels[i] for i in train], c)
            right += sum(_best(model, examples[i]) == labels[i] for i in test)
        if right / len(labels) > best_accuracy + 1e-9:
            best_c, best_accuracy = c, right / len(labels)
    return best_c


def _fnc_held_out(data: FncData, groups: Sequence[str], folds: int) -> list[str]:
    predicted = [""] * len(data.pairs)
    for train, test in _group_folds(groups, folds):
        related_model, stance_model, _ = fit_fnc(data, train)
        for i in test:
            predicted[i] = fnc_decision(related_model, stance_model, data.related[i], partial(data.stance, i))
    return predicted


def _stories(pairs: Sequence[FncPair]) -> list[str]:
    """The connected component of each pair's headline in the graph of headlines and bodies joined by related
    pairs: one story (≈ an Emergent claim), so that no story's headlines or bodies are on both sides."""
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for pair in pairs:
        if pair.stance != "unrelated":
            parent[root("h:" + pair.headline)] = root("b:" + pair.body_id)
    return [root("h:" + pair.headline) for pair in pairs]


def _group_folds(groups: Sequence[str], folds: int) -> list[tuple[list[int], list[int]]]:
    from sklearn.model_selection import GroupKFold

    ids = np.unique(np.array(groups), return_inverse=True)[1]
    if ids.max() + 1 < folds:
        raise ConfigurationError(
            f"{folds} folds need at least {folds} groups (claims or headlines); there are {ids.max() + 1}"
        )
    splits = GroupKFold(n_splits=folds).split(np.zeros(len(groups)), groups=ids)
    return [([int(i) for i in train], [int(i) for i in test]) for train, test in splits]


def _bins(examples: Sequence[Features]) -> dict[str, tuple[float, ...]]:
    """Quantile edges of each continuous feature (one that takes a value other than 0 and 1)."""
    continuous = sorted({name for e in examples for name, value in e.items() if value not in (0.0, 1.0)})
    bins = {}
    for name in continuous:
        values = np.array([e.get(name, 0.0) for e in examples])
        edges = np.unique(np.quantile(values, [k / BINS for k in range(1, BINS)]))
        bins[name] = tuple(round(float(x), 4) for x in edges)
    return bins


def _best(model: LinearModel, features: Features) -> str:
    probabilities = model.probabilities(features)
    return max(model.labels, key=lambda name: probabilities[name])


def _sklearn_version() -> str:
    try:
        from sklearn import __version__
    except ImportError as exc:
        raise ConfigurationError("training needs scikit-learn: pip install 'dossier[train]'") from exc
    return str(__version__)
