"""Exact and near-duplicate detection: content hashes, and MinHash LSH bands (datasketch) over word shingles.

A syndicated copy (a wire story reprinted with a new headline, a trimmed ending or a changed
byline) shares most of its word trigrams with the original. Each original's MinHash signature is
cut into bands of ``BAND_ROWS`` values; the store keeps one row per band (its bucket), so any
number of processes share one index and nothing is loaded at start. Articles sharing a bucket
with a new one are only candidates: the decision is taken on the true Jaccard similarity of the
shingle sets, from the candidates' texts. (Estimates from 128 permutations are off by ±0.04 or so,
and the best of several noisy estimates is biased upwards: on estimates alone, articles of
similarity 0.66 were called copies at a threshold of 0.7.)

Four rows a band, 32 bands at 128 permutations: a pair of similarity 0.6 shares a bucket with
probability 0.99, 0.7 with 0.9999, 0.3 with 0.23 and 0.1 with 0.003. The bands do not depend on the
threshold, so the threshold can change on a stored database; the permutations cannot.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np
from datasketch import MinHash

SHINGLE_WORDS = 3
# Stored buckets only match buckets made the same way: the scheme is named, never defaulted, and recorded in the
# store with the permutations and rows per band (``settings``).
MINHASH_SCHEME = "affine32"
BAND_ROWS = 4
_WORD = re.compile(r"\w+")


def shingles(body: str) -> set[str]:
    """Word trigrams of the case-folded text (a text of fewer words is its own one shingle)."""
    words = _WORD.findall(body.casefold())
    return {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(max(1, len(words) - SHINGLE_WORDS + 1))}


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


class Bander:
    """Cuts texts' MinHash signatures into LSH buckets; one per process (the permutations are drawn once)."""

    def __init__(self, permutations: int) -> None:
        self._permutations = permutations
        self._template = MinHash(num_perm=permutations, scheme=MINHASH_SCHEME)

    @property
    def settings(self) -> dict[str, str]:
        """What a store's buckets were made with; a store refuses buckets made otherwise."""
        return {"minhash_permutations": str(self._permutations), "minhash_scheme": MINHASH_SCHEME,
                "band_rows": str(BAND_ROWS), "shingle_words": str(SHINGLE_WORDS)}

    def buckets(self, body: str) -> tuple[int, ...]:
        signature = MinHash(num_perm=self._permutations, scheme=MINHASH_SCHEME, permutations=self._template.permutations)
        signature.update_batch([s.encode("utf-8") for s in shingles(body)])
        values = np.asarray(signature.hashvalues, dtype=np.uint64)
        return tuple(_bucket(band, values[start : start + BAND_ROWS])
                     for band, start in enumerate(range(0, self._permutations - BAND_ROWS + 1, BAND_ROWS)))


def _bucket(band: int, values: np.ndarray) -> int:
    digest = hashlib.blake2b(band.to_bytes(2, "little") + values.tobytes(), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)  # a signed 64-bit key fits BIGINT in every database
