"""Cells: where linking looks for a unit's claim, so that linking one article costs the same in a store of a
thousand claims and of a million.

The embedding space is cut into ``CELLS`` cells by fixed centres (trained once on news sentences: ``dossier train
cells``). Each claim lives in the cell of its summed embedding (the centre with the largest dot product), and is
kept there in the store (``claim_vectors.cell``), moving when a unit joins it; a unit is compared only with the
claims of the ``probed`` cells nearest to its own embedding. This is the inverted-file index of vector search
(FAISS's IVF), kept in the store's own tables rather than beside them: a claim's cell is a function of its sum
alone, so the cells never disagree with the claims, a rollback or a killed run leaves them as consistent as the
rest of the store, and linking the same articles again gives the same claims. Probing fewer cells is faster
and may miss a claim that all of them would find; ``LINKING.md`` measures what the default costs on Emergent.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib.resources import files
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from dossier.claims.embed import DIMENSIONS, Vectors
from dossier.errors import ModelUnavailableError

CELLS = 4096
_MODEL = "models/claim_cells.npy"
DEFAULT_CELLS_PATH = Path(__file__).resolve().parent.parent / _MODEL

Cell = NDArray[np.int64]


class Cells:
    """Unit-length centres, a row each; a vector's cell is its row number. The fingerprint names the centres: a
    store keeps the fingerprint of the cells its claims were placed in, and other cells place them again."""

    def __init__(self, centres: Vectors) -> None:
        if centres.ndim != 2 or centres.shape[1] != DIMENSIONS or not len(centres):
            raise ModelUnavailableError(f"claim cells must be a matrix of {DIMENSIONS} columns, not {centres.shape}")
        self._centres = np.ascontiguousarray(centres, dtype=np.float32)
        self.fingerprint = hashlib.sha256(self._centres.astype("<f4").tobytes()).hexdigest()[:16]

    @classmethod
    def load(cls, path: str = "") -> Cells:
        try:
            with (Path(path).open("rb") if path else files("dossier").joinpath(_MODEL).open("rb")) as file:
                return cls(np.load(file, allow_pickle=False))
        except (OSError, ValueError) as exc:
            raise ModelUnavailableError(f"the claim cells {path or _MODEL} are not usable: {exc}") from exc

    def __len__(self) -> int:
        return len(self._centres)

    def of(self, embeddings: Vectors) -> Cell:
        """The cell of each row of ``embeddings`` (a claim's summed embedding: its length does not matter)."""
        cells: Cell = np.argmax(embeddings @ self._centres.T, axis=1).astype(np.int64)
        return cells

    def ranked(self, embeddings: Vectors, first: int) -> Cell:
        """For each row of ``embeddings``, its ``first`` nearest cells (all of them if fewer), the nearest first."""
        scores = -(embeddings @ self._centres.T)
        if first < len(self._centres):
            nearest = np.argpartition(scores, first - 1, axis=1)[:, :first]
            order = np.argsort(np.take_along_axis(scores, nearest, axis=1), axis=1, kind="stable")
            ranked: Cell = np.take_along_axis(nearest, order, axis=1).astype(np.int64)
            return ranked
        return np.argsort(scores, axis=1, kind="stable").astype(np.int64)


@cache
def bundled_cells() -> Cells:
    return Cells.load()
