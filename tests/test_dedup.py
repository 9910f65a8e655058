"""Near-copies are candidates by LSH bucket and copies by their true word-trigram similarity."""

from __future__ import annotations

from dossier.ingest.dedup import Bander, jaccard, shingles

ORIGINAL = (
    "U.S. Defense Secretary Lloyd Austin said on Wednesday that there was evidence North Korean troops were in "
    "Russia, the first time Washington had publicly backed reports of the deployment. White House spokesman John "
    "Kirby said later that at least 3,000 North Korean soldiers had been moved by ship to eastern Russia in early "
    "to mid-October and were training at several military sites."
)
REPRINT = ORIGINAL.replace("said on Wednesday", "said Wednesday") + " The report first ran on a partner wire."
OTHER = (
    "South Korea's spy agency told lawmakers on Thursday that at least 100 North Korean soldiers had been killed "
    "and about 1,000 wounded since they entered combat in Russia's Kursk region in early December."
)


def _pair(similarity: float, size: int = 300) -> tuple[str, str]:
    """Two texts whose word-trigram sets have exactly this Jaccard similarity: shared words, then each text's
    own words (every word distinct, so every trigram is too)."""
    own = round(size * (1 - similarity) / (1 + similarity))  # |A∩B| / |A∪B| with |A| = |B| = size trigrams
    shared = [f"s{i}" for i in range(size - own + 2)]
    return " ".join(shared + [f"a{i}" for i in range(own)]), " ".join(shared + [f"b{i}" for i in range(own)])


def test_a_reprint_shares_buckets_and_an_unrelated_text_none() -> None:
    bander = Bander(128)
    original = set(bander.buckets(ORIGINAL))
    assert len(original) == 32
    assert original & set(bander.buckets(REPRINT))
    assert not original & set(bander.buckets(OTHER))


def test_buckets_are_the_same_in_every_process() -> None:
    assert Bander(128).buckets(ORIGINAL) == Bander(128).buckets(ORIGINAL)
    assert Bander(64).buckets(ORIGINAL) != Bander(128).buckets(ORIGINAL)[:16]


def test_pairs_around_the_threshold_are_candidates_and_their_true_similarity_is_exact() -> None:
    bander = Bander(128)
    for similarity in (0.66, 0.74):
        first, second = _pair(similarity)
        assert abs(jaccard(shingles(first), shingles(second)) - similarity) < 0.005
        assert set(bander.buckets(first)) & set(bander.buckets(second))  # a candidate, to be decided exactly
