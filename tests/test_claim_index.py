"""The linker's in-memory index: loading a store's claims in bulk gives the sums adding units one by one gives, to the
bit, so a process that starts on a big store links exactly as the process that linked it."""

from __future__ import annotations

import numpy as np

from dossier.claims.embed import DIMENSIONS
from dossier.claims.linker import ClaimIndex
from dossier.claims.units import CHAR_DIMENSIONS


def test_loading_units_in_bulk_sums_them_as_adding_them_one_by_one() -> None:
    rng = np.random.default_rng(5)
    units = 3000  # past the index's first capacity, so it grows while loading
    claims = rng.integers(1, 1500, units).tolist()
    embeddings = rng.normal(size=(units, DIMENSIONS)).astype(np.float32)
    chars = rng.normal(size=(units, CHAR_DIMENSIONS)).astype(np.float32)
    counts = [("casualties",) if i % 7 == 0 else () for i in range(units)]
    one_by_one, bulk = ClaimIndex(), ClaimIndex()
    for i, claim in enumerate(claims):
        one_by_one.add(claim, embeddings[i], chars[i], counts[i])
    bulk.extend(claims, embeddings, chars, counts)

    assert bulk.claims == one_by_one.claims
    rows = slice(0, len(bulk))
    probe_embedding, probe_chars = embeddings[:5], chars[:5]
    assert np.array_equal(bulk.similarities(probe_embedding, probe_chars, 0.6, rows),
                          one_by_one.similarities(probe_embedding, probe_chars, 0.6, rows))
    assert all(bulk.counts(row) == one_by_one.counts(row) for row in range(len(bulk)))
