from __future__ import annotations

from dossier.ingest.dedup import DuplicateIndex

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


def index() -> DuplicateIndex:
    return DuplicateIndex(threshold=0.7, num_perm=128)


def find(idx: DuplicateIndex, body: str, digest: str, stored: dict[str, str], article_id: str = "new") -> str | None:
    return idx.find(article_id, body, digest, idx.signature(body), lambda ids: {i: stored[i] for i in ids if i in stored})


def test_exact_copy_by_hash() -> None:
    idx = index()
    idx.add("a", "hash-1", idx.signature(ORIGINAL))
    assert find(idx, "anything", "hash-1", {}) == "a"


def test_syndicated_near_copy_found_and_unrelated_text_not() -> None:
    idx = index()
    idx.add("a", "h1", idx.signature(ORIGINAL))
    assert find(idx, REPRINT, "h2", {"a": ORIGINAL}) == "a"
    assert find(idx, OTHER, "h3", {"a": ORIGINAL}) is None


def test_signatures_survive_a_round_trip_through_bytes() -> None:
    writer = index()
    stored = writer.to_bytes(writer.signature(ORIGINAL))
    reader = index()
    reader.load([("a", "h1", stored)])
    assert find(reader, REPRINT, "h2", {"a": ORIGINAL}) == "a"


def _pair(similarity: float, size: int = 300) -> tuple[str, str]:
    """Two texts whose word-trigram sets have exactly this Jaccard similarity: shared words, then each text's
    own words (every word distinct, so every trigram is too)."""
    own = round(size * (1 - similarity) / (1 + similarity))  # |A∩B| / |A∪B| with |A| = |B| = size trigrams
    shared = [f"s{i}" for i in range(size - own + 2)]
    return " ".join(shared + [f"a{i}" for i in range(own)]), " ".join(shared + [f"b{i}" for i in range(own)])


def test_true_similarity_decides_just_under_and_just_over_the_threshold() -> None:
    from dossier.ingest.dedup import jaccard, shingles

    for similarity, expected in ((0.66, None), (0.74, "a")):
        first, second = _pair(similarity)
        assert abs(jaccard(shingles(first), shingles(second)) - similarity) < 0.005
        idx = index()
        idx.add("a", "h1", idx.signature(first))
        assert find(idx, second, "h2", {"a": first}) == expected, similarity


def test_feed_of_entries_sharing_one_sentence_is_not_called_copies() -> None:
    """The reliability probe's feed: 1,128 of 5,000 entries of true similarity 0.66 were marked copies."""
    shared = " ".join(f"common{i}" for i in range(32))
    entries = [f"Entry number {i} unique words w{i}a w{i}b w{i}c. {shared}" for i in range(300)]
    idx = index()
    bodies: dict[str, str] = {}
    copies = 0
    for number, body in enumerate(entries):
        article_id = f"e{number}"
        copies += find(idx, body, article_id, bodies, article_id) is not None
        idx.add(article_id, article_id, idx.signature(body))
        bodies[article_id] = body
    assert copies == 0


def test_a_new_version_is_never_a_copy_of_its_earlier_self() -> None:
    idx = index()
    idx.add("a", "h1", idx.signature(ORIGINAL))
    assert find(idx, REPRINT, "h2", {"a": ORIGINAL}, article_id="a") is None
