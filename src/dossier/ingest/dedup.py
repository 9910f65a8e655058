"""Exact and near-duplicate detection: content hashes, and MinHash/LSH (datasketch) over word shingles.

A syndicated copy (a wire story reprinted with a new headline, a trimmed ending
or a changed byline) shares most of its word trigrams with the original, so the
estimated Jaccard similarity of the shingle sets finds it in sub-linear time.
Signatures are stored with the article, so the index is rebuilt from the store
without re-reading any text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
from datasketch import MinHash, MinHashLSH

SHINGLE_WORDS = 3
# Stored signatures only compare with signatures of the same permutation scheme; name it, never default it.
MINHASH_SCHEME = "affine32"
_WORD = re.compile(r"\w+")


class DuplicateIndex:
    def __init__(self, threshold: float, num_perm: int) -> None:
        self._num_perm = num_perm
        self._by_hash: dict[str, str] = {}
        self._signatures: dict[str, MinHash] = {}
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._threshold = threshold

    def signature(self, body: str) -> MinHash:
        words = _WORD.findall(body.casefold())
        shingles = {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(max(1, len(words) - SHINGLE_WORDS + 1))}
        minhash = MinHash(num_perm=self._num_perm, scheme=MINHASH_SCHEME)
        minhash.update_batch([s.encode("utf-8") for s in shingles])
        return minhash

    def to_bytes(self, signature: MinHash) -> bytes:
        return np.asarray(signature.hashvalues, dtype=np.uint64).tobytes()

    def from_bytes(self, data: bytes) -> MinHash:
        return MinHash(num_perm=self._num_perm, hashvalues=np.frombuffer(data, dtype=np.uint64), scheme=MINHASH_SCHEME)

    def add(self, article_id: str, content_hash: str, signature: MinHash) -> None:
        self._by_hash.setdefault(content_hash, article_id)
        if article_id not in self._signatures:
            self._signatures[article_id] = signature
            self._lsh.insert(article_id, signature)

    def load(self, rows: Iterable[tuple[str, str, bytes | None]]) -> None:
        """Fill from stored ``(article_id, content_hash, signature)`` rows of original articles."""
        for article_id, digest, data in rows:
            if data is None or len(data) != self._num_perm * 8:
                self._by_hash.setdefault(digest, article_id)
            else:
                self.add(article_id, digest, self.from_bytes(data))

    def find(self, content_hash: str, signature: MinHash) -> str | None:
        """The stored original this content copies, exactly or nearly; None when it is new."""
        exact = self._by_hash.get(content_hash)
        if exact is not None:
            return exact
        candidates = self._lsh.query(signature)
        if not candidates:
            return None
        # LSH candidates can fall just under the threshold; keep the most similar that clears it.
        scored = [(self._signatures[c].jaccard(signature), c) for c in candidates]
        best_score, best = max(scored)
        return best if best_score >= self._threshold else None
