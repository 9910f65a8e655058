"""``dossier train linking``: fit the linking settings (embedding weight, threshold) on Emergent, cross-validated.

Emergent's claims are split into ``FOLDS`` groups by a hash of their id, so no claim is on both sides.
Each group's headlines are linked as a stream of their own, in the order their records were made (the size
of the official test split, 60 claims, is close to a group's 48). For each held-out group, the setting with
the best mean B-cubed F1 over the other groups is applied to it: the mean of those held-out scores is the
honest estimate. The setting written is then the one with the best mean over all groups. Deterministic.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from itertools import product
from pathlib import Path
from statistics import fmean

from dossier.claims.linker import LinkingModel
from dossier.claims.linking import ClaimLinking
from dossier.claims.replay import Arrival, replay
from dossier.evaluate.linking import EmergentArticle, bcubed, emergent_articles, majority_claims
from dossier.model import Analysis
from dossier.pipeline import Analyzer
from dossier.settings import Settings

FOLDS = 5
WEIGHTS = (0.4, 0.5, 0.6, 0.7, 0.8)
THRESHOLDS = tuple(round(0.26 + 0.02 * i, 2) for i in range(16))

Setting = tuple[float, float]


def train_linking(data: Path, analyzer: Analyzer, settings: Settings, out: Path) -> dict[str, object]:
    items = emergent_articles(data)
    analyses = [a for a in analyzer.analyze_strict(i.article for i in items)]
    arrivals = _arrivals(items, analyses, ClaimLinking(settings))
    candidates = settings.linking_candidates
    folds = [[k for k, item in enumerate(items) if _fold(item.claim) == f] for f in range(FOLDS)]
    scores = {
        setting: [_score([arrivals[k] for k in fold], [items[k] for k in fold], setting, candidates) for fold in folds]
        for setting in product(WEIGHTS, THRESHOLDS)
    }
    held_out = []
    for f in range(FOLDS):
        chosen = max(scores, key=lambda s: (fmean([v for g, v in enumerate(scores[s]) if g != f]), s))
        held_out.append(scores[chosen][f])
    best = max(scores, key=lambda s: (fmean(scores[s]), s))
    whole = _score(arrivals, items, best, candidates)
    card: dict[str, object] = {
        "embedding_weight": best[0],
        "threshold": best[1],
        "cv_bcubed_f1": round(fmean(held_out), 4),
        "cv_fold_f1": [round(v, 4) for v in held_out],
        "fold_streams_f1_in_sample": round(fmean(scores[best]), 4),
        "whole_file_f1_in_sample": round(whole, 4),
        "data": data.name,
        "articles": len(items),
        "claims": len({i.claim for i in items}),
    }
    out.write_text(json.dumps(card, indent=1) + "\n", encoding="utf-8")
    return card


def _arrivals(items: Sequence[EmergentArticle], analyses: Sequence[Analysis], linking: ClaimLinking) -> list[Arrival]:
    units = linking.prepare(analyses)
    return [Arrival(i.article.id, i.article.published, units.get(i.article.id, ())) for i in items]


def _score(arrivals: Sequence[Arrival], items: Sequence[EmergentArticle], setting: Setting, candidates: int) -> float:
    claims = replay(arrivals, LinkingModel(*setting), candidates)
    chosen = majority_claims([(article, claim) for article, found in claims.items() for claim in found])
    predicted = {i.article.id: chosen.get(i.article.id, -1 - k) for k, i in enumerate(items)}
    return bcubed(predicted, {i.article.id: i.claim for i in items})[2]


def _fold(claim: str) -> int:
    return int(hashlib.sha1(claim.encode("utf-8")).hexdigest(), 16) % FOLDS


