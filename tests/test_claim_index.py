"""The linker's cache of claims: a claim summed again from its units has the bits adding them one by one gave (so
a store's vectors are the same however they were made), a claim lives in the cell of its sum and moves with it,
and what the store says never overwrites a newer claim in the cache, except what another process changed."""

from __future__ import annotations

import numpy as np

from dossier.claims.cells import Cells
from dossier.claims.embed import DIMENSIONS
from dossier.claims.index import ClaimIndex
from dossier.claims.units import CHAR_DIMENSIONS
from dossier.model import ClaimUnit, ClaimVectors

RNG = np.random.default_rng(5)
# Four cells: the first four axes of the embedding space.
CELLS = Cells(np.eye(4, DIMENSIONS, dtype=np.float32))


def unit_vectors(rows: int, columns: int) -> np.ndarray:
    drawn = RNG.normal(size=(rows, columns)).astype(np.float32)
    normalised: np.ndarray = drawn / np.linalg.norm(drawn, axis=1, keepdims=True)
    return normalised


def along(axis: int) -> np.ndarray:
    """A unit embedding close to the ``axis``'s cell."""
    vector = np.full(DIMENSIONS, 0.01, dtype=np.float32)
    vector[axis] = 1.0
    normalised: np.ndarray = vector / np.linalg.norm(vector)
    return normalised


def test_a_claim_summed_again_from_its_units_has_the_bits_of_adding_them_one_by_one() -> None:
    embeddings, chars = unit_vectors(300, DIMENSIONS), unit_vectors(300, CHAR_DIMENSIONS)
    units = [ClaimUnit(f"s{i}", "assert", e.tobytes(), c.tobytes(), ("casualties",) if i % 7 == 0 else ())
             for i, (e, c) in enumerate(zip(embeddings, chars, strict=True))]
    one_by_one, again = ClaimIndex(CELLS), ClaimIndex(CELLS)
    for unit, embedding, char in zip(units, embeddings, chars, strict=True):
        one_by_one.add(9, embedding, char, unit.counts, 4)
    again.sum_again(9, units, 4)

    assert one_by_one.written() == again.written()


def test_a_claim_lives_in_the_cell_of_its_sum_and_moves_with_it() -> None:
    index = ClaimIndex(CELLS)
    index.add(1, along(0), unit_vectors(1, CHAR_DIMENSIONS)[0], (), 1)
    index.add(2, along(1), unit_vectors(1, CHAR_DIMENSIONS)[0], (), 1)
    assert [index.claims[row] for row in index.rows_in(np.array([0]), 10)] == [1]

    index.add(1, along(1), unit_vectors(1, CHAR_DIMENSIONS)[0], (), 1)  # a tie, first centre wins: still cell 0
    index.add(1, along(1), unit_vectors(1, CHAR_DIMENSIONS)[0], (), 1)  # now most of it points along axis 1
    assert index.rows_in(np.array([0]), 10).tolist() == []
    assert [index.claims[row] for row in index.in_order(index.rows_in(np.array([1, 3]), 10))] == [1, 2]
    assert [(v.claim, v.cell, v.size) for v in index.written()] == [(1, 1, 3), (2, 1, 1)]
    assert index.written() == []  # written once


def test_a_cell_read_from_the_store_never_replaces_a_newer_claim_but_a_refresh_does() -> None:
    index = ClaimIndex(CELLS)
    chars = unit_vectors(1, CHAR_DIMENSIONS)[0]
    index.add(1, along(2), chars, (), 1)
    index.add(1, along(2), chars, (), 1)
    index.written()
    stale = ClaimVectors(1, 2, 1, along(2).tobytes(), chars.tobytes(), (), 1)
    other = ClaimVectors(5, 2, 1, along(2).tobytes(), chars.tobytes(), ("personnel",), 1)

    assert index.unread(np.array([2, 0])).tolist() == [2, 0]
    index.read([2], [stale, other])
    assert index.unread(np.array([2, 0])).tolist() == [0]
    row = index.row(1)
    assert row is not None
    assert index.similarities(along(2)[None, :], chars[None, :], 1.0, np.array([row]))[0, 0] > 0.99  # two units, not one
    assert index.counts(index.row(5) or 0) == {"personnel"}

    moved = ClaimVectors(1, 0, 1, along(0).tobytes(), chars.tobytes(), (), 3)
    index.refresh([moved])
    assert [index.claims[r] for r in index.rows_in(np.array([0]), 10)] == [1]
    assert [index.claims[r] for r in index.rows_in(np.array([2]), 10)] == [5]
    assert index.written() == []  # what the store said is not written back


def test_past_the_room_left_a_cell_gives_the_claims_of_its_latest_articles() -> None:
    index = ClaimIndex(CELLS)
    chars = unit_vectors(1, CHAR_DIMENSIONS)[0]
    for claim, article in zip([1, 2, 3, 4, 5], [10, 50, 30, 50, 20], strict=True):
        index.add(claim, along(0), chars, (), article)
    index.add(6, along(1), chars, (), 5)
    index.add(7, along(1), chars, (), 6)

    def claims(cells: list[int], most: int) -> list[int]:
        return [index.claims[row] for row in index.in_order(index.rows_in(np.array(cells), most))]

    assert claims([0], 3) == [2, 3, 4]  # articles 50, 50 and 30; the others are older
    assert claims([1, 0], 3) == [4, 6, 7]  # the nearer cell whole, then one of the next: the latest, the higher id
    assert claims([0, 1], 10) == [1, 2, 3, 4, 5, 6, 7]
