"""``dossier train cues``: fit the attribution-cue scorer on PolNeAR-format training data.

Reproducible: documents are split by a hash of their name (90 % fit, 10 % to choose the decision
threshold), the solver is deterministic, and the result is a ``feature → weight`` table written
beside the code. scikit-learn is needed only here (the ``train`` extra), never at run time.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from spacy.language import Language

from dossier.errors import ConfigurationError
from dossier.evaluate.attribution import read_documents
from dossier.pipeline.cues import CueModel, cue_features, governor_lemma, is_candidate, lemma_records
from dossier.pipeline.statements import quotations, quote_context

HOLDOUT_PERCENT = 10
FOLDS = 5  # for counting how often each word is a cue without counting the document it is in
REGULARISATION_C = 0.5
MIN_ABS_WEIGHT = 1e-3


@dataclass(frozen=True, slots=True)
class Example:
    lemma: str
    governor: str | None  # the lemma of the nearest verb above
    is_verb: bool
    features: list[str]
    is_cue: bool
    held_out: bool
    fold: int


def train_cues(data: Path, nlp: Language, out: Path) -> dict[str, object]:
    try:
        from sklearn import __version__ as sklearn_version
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression
    except ImportError as exc:
        raise ConfigurationError("training needs scikit-learn: pip install 'dossier[train]'") from exc

    examples, documents = _examples(data, nlp)
    if not examples:
        raise ConfigurationError(f"no PolNeAR documents under {data}")
    # Train on the tokens the scorer will be asked about at run time: verbs, and words seen as a cue.
    cue_lemmas = frozenset(e.lemma for e in examples if e.is_cue)
    examples = _with_lemma_records([e for e in examples if e.is_verb or e.lemma in cue_lemmas])
    if all(e.is_cue for e in examples):
        raise ConfigurationError(f"every candidate in {data} is a cue: training needs unannotated uses of the same words")
    vectorizer = DictVectorizer()
    fit = [e for e in examples if not e.held_out]
    held = [e for e in examples if e.held_out]
    if not fit or not held:
        raise ConfigurationError(
            f"{data} has too few documents to hold {HOLDOUT_PERCENT} % out for the decision threshold; give it more"
        )

    def model_on(part: list[Example]) -> LogisticRegression:
        matrix = vectorizer.fit_transform([dict.fromkeys(e.features, 1) for e in part])
        model = LogisticRegression(C=REGULARISATION_C, fit_intercept=False, solver="lbfgs", max_iter=3000)
        model.fit(matrix, [e.is_cue for e in part])
        return model

    first = model_on(fit)
    probabilities = first.predict_proba(vectorizer.transform([dict.fromkeys(e.features, 1) for e in held]))[:, 1]
    threshold, precision, recall, f1 = _best_threshold([e.is_cue for e in held], list(probabilities))

    final = model_on(examples)
    weights = {
        name: round(float(w), 4)
        for name, w in zip(vectorizer.get_feature_names_out(), final.coef_[0], strict=True)
        if abs(w) >= MIN_ABS_WEIGHT
    }
    card: dict[str, object] = {
        "trained": datetime.now(UTC).date().isoformat(),
        "data": str(data),
        "documents": documents,
        "candidate_tokens": len(examples),
        "cue_tokens": sum(e.is_cue for e in examples),
        "holdout_percent": HOLDOUT_PERCENT,
        "holdout_token_precision": round(precision, 4),
        "holdout_token_recall": round(recall, 4),
        "holdout_token_f1": round(f1, 4),
        "threshold": threshold,
        "regularisation_c": REGULARISATION_C,
        "features_kept": len(weights),
        "scikit_learn": sklearn_version,
    }
    CueModel(weights, threshold, _lemma_counts(examples)).save(out, card)
    return card


def _lemma_counts(examples: list[Example]) -> dict[str, tuple[int, int]]:
    counts: dict[str, list[int]] = {}
    for example in examples:
        seen_and_cues = counts.setdefault(example.lemma, [0, 0])
        seen_and_cues[0] += 1
        seen_and_cues[1] += example.is_cue
    return {lemma: (seen, cues) for lemma, (seen, cues) in counts.items()}


def _with_lemma_records(examples: list[Example]) -> list[Example]:
    """Add each example's ``…_record`` features, counted on the other folds' documents only: at run
    time the counts come from training data the article is not part of, and some of its words are new."""
    by_fold = {fold: _lemma_counts([e for e in examples if e.fold == fold]) for fold in range(FOLDS)}
    total = _lemma_counts(examples)

    def record(lemma: str, fold: int) -> tuple[int, int] | None:
        own = by_fold[fold].get(lemma, (0, 0))
        seen, cues = total.get(lemma, (0, 0))
        return (seen - own[0], cues - own[1]) if seen > own[0] else None

    recorded = []
    for e in examples:
        records = lemma_records(e.lemma, e.governor, partial(record, fold=e.fold))
        recorded.append(Example(e.lemma, e.governor, e.is_verb, [*e.features, *records], e.is_cue, e.held_out, e.fold))
    return recorded


def _examples(data: Path, nlp: Language) -> tuple[list[Example], int]:
    documents = list(read_documents(data))
    parsed = nlp.pipe(text for _, text, _ in documents)
    examples: list[Example] = []
    for (name, text, gold), doc in zip(documents, parsed, strict=True):
        cue_roots = set()
        for relation in gold:
            for start, end in relation.cue:
                span = doc.char_span(start, end, alignment_mode="expand")
                if span is not None:
                    cue_roots.add(span.root.i)
        quotes = quotations(text)
        digest = int(hashlib.sha256(name.encode()).hexdigest(), 16)
        held_out, fold = digest % 100 < HOLDOUT_PERCENT, digest // 100 % FOLDS
        for token in doc:
            if is_candidate(token):
                features = cue_features(token, *quote_context(token, text, quotes))
                lemma, is_verb, is_cue = token.lemma_.lower(), token.pos_ == "VERB", token.i in cue_roots
                examples.append(Example(lemma, governor_lemma(token), is_verb, features, is_cue, held_out, fold))
    return examples, len(documents)


def _best_threshold(gold: list[bool], probabilities: list[float]) -> tuple[float, float, float, float]:
    best = (0.5, 0.0, 0.0, 0.0)
    for step in range(10, 91, 2):
        threshold = step / 100
        predicted = [p >= threshold for p in probabilities]
        tp = sum(p and g for p, g in zip(predicted, gold, strict=True))
        precision = tp / max(1, sum(predicted))
        recall = tp / max(1, sum(gold))
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        if f1 > best[3]:
            best = (threshold, precision, recall, f1)
    return best
