"""Does a text support a claim, deny it, or merely report it; and (FNC-1) is an article about the claim at all.

Three small linear models read the features of ``stance_features`` and ``fnc_features``: one judges a headline
or a statement (for / against / observing, trained on Emergent), two judge an article body (related or not, then
agree / disagree / discuss, trained on FNC-1). Their weights are a gzipped JSON table (``models/stance.json.gz``,
written by ``dossier train stance`` and described in ``models/STANCE.md``), so scoring is dictionary lookups and
a softmax, with no machine-learning library at run time.
"""

from __future__ import annotations

import gzip
import json
import math
from bisect import bisect_right
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files
from pathlib import Path
from typing import IO, Any, Literal, get_args

import numpy as np
from numpy.typing import NDArray

from dossier.claims.embed import embedder
from dossier.claims.fnc_features import (
    Body,
    ClaimReading,
    passage_texts,
    read_body,
    read_claim,
    relatedness_features,
    stance_features,
)
from dossier.claims.stance_features import (
    REFUSALS_ONLY,
    Features,
    Passage,
    headline_passage,
    passage_features,
    prototypes,
    statement_passage,
)
from dossier.errors import ModelUnavailableError
from dossier.model import Analysis, Statement

Label = Literal["for", "against", "observing"]
FncLabel = Literal["agree", "disagree", "discuss", "unrelated"]
LABELS: tuple[Label, ...] = get_args(Label)
FNC_LABELS: tuple[FncLabel, ...] = get_args(FncLabel)
RELATED_LABELS: tuple[FncLabel, ...] = ("agree", "disagree", "discuss")
MODEL_RESOURCE = "models/stance.json.gz"
DEFAULT_MODEL_PATH = Path(__file__).resolve().parent.parent / MODEL_RESOURCE
_BODIES_KEPT = 64  # an article is usually compared with several claims in a row


@dataclass(frozen=True, slots=True)
class Judgement:
    label: Label
    probabilities: dict[str, float]


@dataclass(frozen=True, slots=True)
class LinearModel:
    """A multinomial logistic regression over named features. A feature listed in ``bins`` is also read as
    which interval between those training quantiles its value falls in (``name#k``): that lets a linear model
    give a similarity of 0.3 and one of 0.8 effects that are not in proportion."""

    labels: tuple[str, ...]
    bias: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]
    bins: dict[str, tuple[float, ...]]

    def expanded(self, features: Mapping[str, float]) -> Features:
        found = dict(features)
        for name, edges in self.bins.items():
            found[f"{name}#{bisect_right(edges, features.get(name, 0.0))}"] = 1.0
        return found

    def probabilities(self, features: Mapping[str, float]) -> dict[str, float]:
        scores = list(self.bias)
        for name, value in self.expanded(features).items():
            weights = self.weights.get(name)
            if weights is not None and value:
                scores = [s + w * value for s, w in zip(scores, weights, strict=True)]
        top = max(scores)
        exponentials = [math.exp(s - top) for s in scores]
        total = sum(exponentials)
        return {label: e / total for label, e in zip(self.labels, exponentials, strict=True)}

    def to_json(self) -> dict[str, Any]:
        return {
            "labels": list(self.labels),
            "bias": list(self.bias),
            "bins": {k: list(v) for k, v in sorted(self.bins.items())},
            "weights": {k: list(v) for k, v in sorted(self.weights.items())},
        }

    @classmethod
    def from_json(cls, payload: Mapping[str, Any]) -> LinearModel:
        return cls(
            labels=tuple(payload["labels"]),
            bias=tuple(float(b) for b in payload["bias"]),
            weights={k: tuple(float(w) for w in v) for k, v in payload["weights"].items()},
            bins={k: tuple(float(e) for e in v) for k, v in payload["bins"].items()},
        )


@dataclass(frozen=True, slots=True, eq=False)  # one model is one object: bodies read for it are cached by it
class StanceModel:
    """The headline model, and the two FNC models with the IDF they compare words by (absent when trained
    without FNC-1)."""

    headline: LinearModel
    related: LinearModel | None = None
    fnc_stance: LinearModel | None = None
    idf: dict[str, float] | None = None

    def save(self, path: Path, card: dict[str, object]) -> None:
        payload: dict[str, object] = {"card": card, "headline": self.headline.to_json()}
        if self.related is not None and self.fnc_stance is not None and self.idf is not None:
            payload |= {
                "related": self.related.to_json(),
                "fnc_stance": self.fnc_stance.to_json(),
                "idf": dict(sorted(self.idf.items())),
            }
        with gzip.open(path, "wt", encoding="utf-8") as handle:
            json.dump(payload, handle, sort_keys=True, separators=(",", ":"))


def read_stance_model(raw: IO[bytes]) -> StanceModel:
    try:
        with gzip.open(raw, "rt", encoding="utf-8") as handle:
            payload = json.load(handle)
        fnc = "related" in payload
        return StanceModel(
            headline=LinearModel.from_json(payload["headline"]),
            related=LinearModel.from_json(payload["related"]) if fnc else None,
            fnc_stance=LinearModel.from_json(payload["fnc_stance"]) if fnc else None,
            idf={k: float(v) for k, v in payload["idf"].items()} if fnc else None,
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelUnavailableError(
            f"the stance model is damaged or from another version ({exc!r}); retrain it with `dossier train stance`"
        ) from exc


@cache
def default_stance_model() -> StanceModel:
    try:
        with files("dossier").joinpath(MODEL_RESOURCE).open("rb") as raw:
            return read_stance_model(raw)
    except OSError as exc:
        raise ModelUnavailableError(
            f"the stance model {MODEL_RESOURCE} is missing ({exc}); reinstall dossier"
        ) from exc


@cache
def prototype_vectors() -> tuple[tuple[str, ...], NDArray[np.float32]]:
    """The prototype phrases' labels and embeddings, computed once per process."""
    pairs = prototypes()
    return tuple(label for label, _ in pairs), embedder()([phrase for _, phrase in pairs])


def prototype_similarity(
    vector: NDArray[np.float32], prototype: tuple[tuple[str, ...], NDArray[np.float32]]
) -> dict[str, float]:
    """The passage's best similarity to each stance's prototype phrases."""
    labels, vectors = prototype
    similarities = vectors @ vector
    best: dict[str, float] = {}
    for label, value in zip(labels, similarities, strict=True):
        best[label] = max(best.get(label, -1.0), float(value))
    return best


def headline_features(
    claim: str,
    passage: Passage,
    claim_vector: NDArray[np.float32],
    passage_vector: NDArray[np.float32],
    prototype: tuple[tuple[str, ...], NDArray[np.float32]],
) -> Features:
    """``passage_features`` with the similarities worked out from the embeddings given."""
    similarity = float(claim_vector @ passage_vector)
    return passage_features(claim, passage, similarity, prototype_similarity(passage_vector, prototype))


def stance_of(
    claim: str, analysis: Analysis, statement: Statement | None = None, model: StanceModel | None = None
) -> Judgement:
    """The stance toward ``claim`` of the article's headline (of its body when it has none), or of one of its
    statements."""
    model = model or default_stance_model()
    passage = headline_passage(analysis) if statement is None else statement_passage(analysis, statement)
    claim_vector, passage_vector = embedder()([claim, passage.text])
    return judgement(
        model.headline, headline_features(claim, passage, claim_vector, passage_vector, prototype_vectors())
    )


def judgement(headline: LinearModel, features: Features) -> Judgement:
    """The headline model's judgement of a passage's features. A passage that only refuses ("refused to
    confirm that…") is never "for": it passes the claim on without vouching for it. Emergent has too few
    refusals (8 headlines) for the model to learn that, and "confirm" is one of its support words."""
    probabilities = headline.probabilities(features)
    if features.get(REFUSALS_ONLY):
        rest = sum(p for name, p in probabilities.items() if name != "for") or 1.0
        probabilities = {name: 0.0 if name == "for" else p / rest for name, p in probabilities.items()}
    return Judgement(max(LABELS, key=lambda name: probabilities.get(name, 0.0)), probabilities)


def fnc_stance(claim: str, analysis: Analysis, model: StanceModel | None = None) -> FncLabel:
    """Whether the article's body agrees with the claim, disagrees, discusses it, or is unrelated to it."""
    model = model or default_stance_model()
    body = _read_body(analysis, model)
    return fnc_label(model, read_claim(claim, embedder()([claim])[0], _idf(model)), body)


def fnc_label(model: StanceModel, claim: ClaimReading, body: Body) -> FncLabel:
    """``fnc_stance`` of a claim and a body already read (``read_claim``, ``read_body``)."""
    related_model, stance_model = _fnc_models(model)
    related, nearest = relatedness_features(claim, body)
    return fnc_decision(
        related_model, stance_model, related, lambda: stance_features(claim, body, related, nearest)
    )


def fnc_decision(
    related_model: LinearModel, stance_model: LinearModel, related: Features, stance: Callable[[], Features]
) -> FncLabel:
    """Unrelated unless the first model says related; then the second model's label. ``stance`` gives the
    second model's features, worked out only for a related pair."""
    if related_model.probabilities(related).get("related", 0.0) < 0.5:
        return "unrelated"
    probabilities = stance_model.probabilities(stance())
    return max(RELATED_LABELS, key=lambda name: probabilities.get(name, 0.0))


def _fnc_models(model: StanceModel) -> tuple[LinearModel, LinearModel]:
    if model.related is None or model.fnc_stance is None:
        raise ModelUnavailableError("the stance model was trained without FNC-1; retrain with `--fnc`")
    return model.related, model.fnc_stance


def _idf(model: StanceModel) -> dict[str, float]:
    if model.idf is None:
        raise ModelUnavailableError("the stance model was trained without FNC-1; retrain with `--fnc`")
    return model.idf


@lru_cache(maxsize=_BODIES_KEPT)
def _read_body(analysis: Analysis, model: StanceModel) -> Body:
    return read_body(analysis, embedder()(passage_texts(analysis)), _idf(model))
