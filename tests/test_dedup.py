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


def test_exact_copy_by_hash() -> None:
    idx = index()
    idx.add("a", "hash-1", idx.signature(ORIGINAL))
    assert idx.find("hash-1", idx.signature("anything")) == "a"


def test_syndicated_near_copy_found_and_unrelated_text_not() -> None:
    idx = index()
    idx.add("a", "h1", idx.signature(ORIGINAL))
    assert idx.find("h2", idx.signature(REPRINT)) == "a"
    assert idx.find("h3", idx.signature(OTHER)) is None


def test_signatures_survive_a_round_trip_through_bytes() -> None:
    writer = index()
    stored = writer.to_bytes(writer.signature(ORIGINAL))
    reader = index()
    reader.load([("a", "h1", stored)])
    assert reader.find("h2", reader.signature(REPRINT)) == "a"
