"""Exact and near-duplicate detection: content hashes, and MinHash/LSH (datasketch) over word shingles.

A syndicated copy (a wire story reprinted with a new headline, a trimmed ending
or a changed byline) shares most of its word trigrams with the original. MinHash LSH
finds the candidates in sub-linear time; the decision is then taken on the true
Jaccard similarity of the shingle sets, from the candidates' texts: an estimate
from 128 permutations is off by ±0.04 or so, and the best of several noisy
estimates is biased upwards, so estimates alone call articles of similarity 0.66
copies at a threshold of 0.7. Signatures are stored with the article, so the index
is rebuilt from the store without re-reading any text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import numpy as np
from datasketch import MinHash, MinHashLSH

SHINGLE_WORDS = 3
# Stored signatures only compare with signatures of the same permutation scheme; name it, never default it.
MINHASH_SCHEME = "affine32"
_WORD = re.compile(r"\w+")
# LSH bands are tuned this far below the threshold, so that a pair at the threshold is a candidate with
# probability 0.99 (at 128 permutations; tuned at the threshold itself it is 0.44). False candidates cost one
# exact comparison each.
_CANDIDATE_MARGIN = 0.2

BodiesOf = Callable[[list[str]], dict[str, str]]


def shingles(body: str) -> set[str]:
    """Word trigrams of the case-folded text (a text of fewer words is its own one shingle)."""
    words = _WORD.findall(body.casefold())
    return {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(max(1, len(words) - SHINGLE_WORDS + 1))}


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


class DuplicateIndex:
    def __init__(self, threshold: float, num_perm: int) -> None:
        self._num_perm = num_perm
        self._by_hash: dict[str, str] = {}
        self._signatures: dict[str, MinHash] = {}
        self._lsh = MinHashLSH(threshold=max(0.05, threshold - _CANDIDATE_MARGIN), num_perm=num_perm)
        self._threshold = threshold

    def signature(self, body: str) -> MinHash:
        minhash = MinHash(num_perm=self._num_perm, scheme=MINHASH_SCHEME)
        minhash.update_batch([s.encode("utf-8") for s in shingles(body)])
        return minhash

    def to_bytes(self, signature: MinHash) -> bytes:
        return np.asarray(signature.hashvalues, dtype=np.uint64).tobytes()

    def from_bytes(self, data: bytes) -> MinHash:
        return MinHash(num_perm=self._num_perm, hashvalues=np.frombuffer(data, dtype=np.uint64), scheme=MINHASH_SCHEME)

    def add(self, article_id: str, content_hash: str, signature: MinHash) -> None:
        """Index an original; a new version of an indexed article replaces its signature."""
        self._by_hash.setdefault(content_hash, article_id)
        if article_id in self._signatures:
            self._lsh.remove(article_id)
        self._signatures[article_id] = signature
        self._lsh.insert(article_id, signature)

    def discard(self, article_id: str) -> None:
        """Forget an article that was indexed but will not be stored (its analysis failed)."""
        if self._signatures.pop(article_id, None) is not None:
            self._lsh.remove(article_id)
        for digest in [d for d, a in self._by_hash.items() if a == article_id]:
            del self._by_hash[digest]

    def load(self, rows: Iterable[tuple[str, str, bytes | None]]) -> None:
        """Fill from stored ``(article_id, content_hash, signature)`` rows of original articles."""
        for article_id, digest, data in rows:
            if data is None or len(data) != self._num_perm * 8:
                self._by_hash.setdefault(digest, article_id)
            else:
                self.add(article_id, digest, self.from_bytes(data))

    def find(
        self, article_id: str, body: str, content_hash: str, signature: MinHash, bodies_of: BodiesOf
    ) -> str | None:
        """The stored original this content copies, exactly or nearly; None when it is new. ``bodies_of`` gives
        the texts of candidate originals; an article is never a copy of an earlier version of itself."""
        exact = self._by_hash.get(content_hash)
        if exact is not None and exact != article_id:
            return exact
        candidates = [c for c in self._lsh.query(signature) if c != article_id]
        if not candidates:
            return None
        own = shingles(body)
        texts = bodies_of(candidates)
        scored = [(jaccard(own, shingles(texts[c])), c) for c in candidates if c in texts]
        best_score, best = max(scored, default=(0.0, ""))
        return best if best_score >= self._threshold else None
