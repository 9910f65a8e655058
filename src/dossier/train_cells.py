"""``dossier train cells``: the cells linking looks for a unit's claim in (``claims.cells``).

The cells are the centres of a spherical k-means over sentence embeddings of news: scikit-learn's ``KMeans`` on
the L2-normalised embeddings of every sentence of the training articles (``MIN_CONTENT_WORDS`` words or more,
each distinct sentence once), its centres normalised again. Sentences stand in for statements (a statement's
content is a sentence or a clause of one), so the cells need no annotation, only news text; the bundled cells
are trained on PolNeAR's training articles (US political news), not on Emergent, where linking is measured.
Deterministic for one input (``random_state``); written as float16 (the cells only rank centres for a vector).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import spacy

from dossier.claims.cells import CELLS
from dossier.claims.embed import embedder
from dossier.claims.units import MIN_CONTENT_WORDS
from dossier.errors import ConfigurationError
from dossier.ingest import read_articles
from dossier.model import Article
from dossier.settings import Settings


def train_cells(data: Path, settings: Settings, out: Path, cells: int = CELLS) -> dict[str, object]:
    sentences = news_sentences(data, settings)
    if len(sentences) < 5 * cells:
        raise ConfigurationError(f"{data} has {len(sentences)} sentences: too few for {cells} cells (5 each)")
    vectors = embedder()(sentences)
    centres = spherical_kmeans(vectors, cells)
    sizes = np.bincount(np.argmax(vectors @ centres.T, axis=1), minlength=cells)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as file:
        np.save(file, centres.astype(np.float16))
    return {"cells": cells, "sentences": len(sentences), "data": data.name,
            "sentences_per_cell_min_median_max": [int(sizes.min()), int(np.median(sizes)), int(sizes.max())]}


def news_sentences(data: Path, settings: Settings) -> list[str]:
    """Each distinct sentence of the articles dossier reads at ``data``, in the order read."""
    splitter = spacy.blank("en")
    splitter.add_pipe("sentencizer")
    bodies = [item.body for item in read_articles([str(data)], settings.limits) if isinstance(item, Article)]
    found = (" ".join(s.text.split()) for doc in splitter.pipe(bodies) for s in doc.sents)
    return list(dict.fromkeys(s for s in found if len(s.split()) >= MIN_CONTENT_WORDS))


def spherical_kmeans(vectors: np.ndarray, cells: int) -> np.ndarray:
    """``cells`` unit-length centres; each vector's cell is the centre with the largest dot product."""
    try:
        from sklearn.cluster import KMeans
    except ImportError as exc:
        raise ConfigurationError("training cells needs the `train` extra (scikit-learn)") from exc
    fitted = KMeans(n_clusters=cells, n_init=1, max_iter=100, random_state=0).fit(vectors)
    centres = np.asarray(fitted.cluster_centers_, dtype=np.float32)
    normalised: np.ndarray = centres / np.maximum(np.linalg.norm(centres, axis=1, keepdims=True), 1e-12)
    return normalised
