"""The claims a linker has in memory: a cache of the store's ``claim_vectors``, read a cell at a time.

Similarity to a claim is average link (see ``linker``), so a claim is kept as the sums of its units' two vectors
and their number; each sum is float32, its units added in the order linked (summing a claim again from its
units, after a removal, adds them in that order too, so both ways give the same bits). A claim in the cache is
never older than the store's row: the cache is dropped when units leave claims (the store's epoch), brought up
to date with what other processes wrote at the start of each linking transaction, and a cell read later never
replaces a claim the cache already has.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

import numpy as np
from numpy.typing import NDArray

from dossier.claims.cells import Cell, Cells
from dossier.claims.embed import DIMENSIONS, Vectors
from dossier.claims.units import CHAR_DIMENSIONS
from dossier.model import ClaimUnit, ClaimVectors

_FIRST_CAPACITY = 1024

Rows = NDArray[np.int64]


class ClaimIndex:
    """Claims by row: their summed vectors, sizes, figure classes and cells, as of a store's epoch and generation."""

    def __init__(self, cells: Cells) -> None:
        self.epoch = -1
        self.generation = 0
        self.claims: list[int] = []
        self._cells = cells
        self._rows: dict[int, int] = {}
        self._embedding = np.zeros((_FIRST_CAPACITY, DIMENSIONS), dtype=np.float32)
        self._chars = np.zeros((_FIRST_CAPACITY, CHAR_DIMENSIONS), dtype=np.float32)
        self._size = np.zeros(_FIRST_CAPACITY, dtype=np.float32)
        self._claim_of = np.zeros(_FIRST_CAPACITY, dtype=np.int64)
        self._latest = np.zeros(_FIRST_CAPACITY, dtype=np.int64)  # each claim's latest article (its number)
        self._counts: list[set[str]] = []
        self._cell_of: list[int] = []
        self._in_cell: dict[int, set[int]] = defaultdict(set)  # cell → its rows
        self._cell_sizes = np.zeros(len(cells), dtype=np.int64)
        self._read = np.zeros(len(cells), dtype=bool)  # cells read whole from the store
        self._changed: dict[int, None] = {}  # rows to write back, in the order first changed
        self._unplaced: dict[int, None] = {}  # rows whose sums changed since their cell was found

    def __len__(self) -> int:
        return len(self.claims)

    def row(self, claim: int) -> int | None:
        return self._rows.get(claim)

    def unread(self, cells: Cell) -> Cell:
        """Of these cells, those not read from the store yet, in the same order."""
        unread: Cell = cells[~self._read[cells]]
        return unread

    def read(self, cells: Sequence[int], stored: Iterable[ClaimVectors]) -> None:
        """The claims stored in ``cells`` taken in, but for those already here (as new as the store, or newer)."""
        self._put_all([vectors for vectors in stored if vectors.claim not in self._rows])
        self._read[list(cells)] = True

    def holds_every_claim(self) -> bool:
        """Whether every cell has been read: the cache then holds every claim stored."""
        return bool(self._read.all())

    def cell_sizes(self) -> NDArray[np.int64]:
        """How many claims each cell holds, as far as this cache knows (all of them, in a cell read)."""
        self._place_changed()
        return self._cell_sizes

    def refresh(self, stored: Iterable[ClaimVectors]) -> None:
        """Claims another process changed: their stored vectors replace what is here."""
        self._put_all(list(stored))

    def sum_again(self, claim: int, units: Sequence[ClaimUnit], latest: int) -> None:
        """A claim's vectors summed from its units, in the order linked (to be written back)."""
        embedding = np.cumsum(np.stack([_vector(u.embedding) for u in units]), axis=0, dtype=np.float32)[-1]
        chars = np.cumsum(np.stack([_vector(u.chars) for u in units]), axis=0, dtype=np.float32)[-1]
        row = self._set(claim, embedding, chars, len(units), {count for u in units for count in u.counts})
        self._unplaced[row] = None
        self._changed[row] = None
        self._latest[row] = latest

    def add(self, claim: int, embedding: Vectors, chars: Vectors, counts: Sequence[str], article: int) -> int:
        """A unit (of the article numbered ``article``) added to its claim (a new row for a new claim), which may
        move it to another cell; returns the claim's row."""
        row = self._row(claim)
        self._embedding[row] += embedding
        self._chars[row] += chars
        self._size[row] += 1
        self._counts[row].update(counts)
        self._unplaced[row] = None
        self._changed[row] = None
        self._latest[row] = article
        return row

    def rows_in(self, cells: Cell, most: int) -> Rows:
        """The rows of the claims in these cells, at most ``most``: of the last cell, when it holds more than there
        is room for, those with the latest articles (the claim id breaks ties), since news goes on with what is
        moving. (Article numbers, not linking transactions: they order claims the same way however a run was cut.)"""
        if len(cells) == len(self._cell_sizes):  # every cell: every claim
            return np.arange(len(self.claims), dtype=np.int64)
        self._place_changed()
        whole = [np.fromiter(self._in_cell.get(int(cell), ()), dtype=np.int64) for cell in cells]
        room = most - sum(len(rows) for rows in whole[:-1])
        if len(whole[-1]) > room:
            last = whole[-1]
            whole[-1] = last[np.lexsort((-self._claim_of[last], -self._latest[last]))[: max(room, 0)]]
        return np.concatenate(whole)

    def in_order(self, rows: Rows, also: Iterable[int] = ()) -> Rows:
        """``rows`` and the rows ``also``, each once, in the order of claim ids (so that a tie goes the same way
        whatever the cache held)."""
        both = np.union1d(rows, np.fromiter(also, dtype=np.int64))
        ordered: Rows = both[np.argsort(self._claim_of[both], kind="stable")]
        return ordered

    def similarities(self, embeddings: Vectors, chars: Vectors, weight: float, rows: Rows | slice) -> Vectors:
        """Average-link similarity of each unit (a row of ``embeddings``/``chars``) to each claim of ``rows`` (a
        slice reads the claims in place; an array of rows copies them first)."""
        size = self._size[rows]
        mixed = weight * (embeddings @ self._embedding[rows].T) + (1.0 - weight) * (chars @ self._chars[rows].T)
        return np.asarray(mixed / np.maximum(size, 1.0), dtype=np.float32)

    def counts(self, row: int) -> set[str]:
        return self._counts[row]

    def written(self) -> list[ClaimVectors]:
        """The claims changed since the last call, as the store keeps them; they count as written."""
        self._place_changed()
        done = [ClaimVectors(self.claims[row], self._cell_of[row], int(self._size[row]),
                             self._embedding[row].astype("<f4").tobytes(), self._chars[row].astype("<f4").tobytes(),
                             tuple(sorted(self._counts[row])), int(self._latest[row]))
                for row in self._changed]
        self._changed.clear()
        return done

    def _put_all(self, stored: Sequence[ClaimVectors]) -> None:
        """Claims as stored, each vector array written in one assignment (a cell holds thousands at scale)."""
        if not stored:
            return
        rows = [self._row(vectors.claim) for vectors in stored]
        self._embedding[rows] = _matrix([vectors.embedding for vectors in stored])
        self._chars[rows] = _matrix([vectors.chars for vectors in stored])
        self._size[rows] = [vectors.size for vectors in stored]
        self._latest[rows] = [vectors.latest for vectors in stored]
        for row, vectors in zip(rows, stored, strict=True):
            self._counts[row] = set(vectors.counts)
            self._place(row, vectors.cell)

    def _set(self, claim: int, embedding: Vectors, chars: Vectors, size: int, counts: set[str]) -> int:
        row = self._row(claim)
        self._embedding[row], self._chars[row], self._size[row], self._counts[row] = embedding, chars, size, counts
        return row

    def _place_changed(self) -> None:
        """The claims whose sums changed moved to the cells of their new sums, in one product (a unit's own cells
        are chosen before it joins, so its claim's move can wait until a cell is next asked for)."""
        if self._unplaced:
            rows = list(self._unplaced)
            for row, cell in zip(rows, self._cells.of(self._embedding[rows]).tolist(), strict=True):
                self._place(row, cell)
            self._unplaced.clear()

    def _place(self, row: int, cell: int) -> None:
        old = self._cell_of[row]
        if old != cell:
            if old >= 0:
                self._in_cell[old].discard(row)
                self._cell_sizes[old] -= 1
            self._in_cell[cell].add(row)
            self._cell_sizes[cell] += 1
            self._cell_of[row] = cell

    def _row(self, claim: int) -> int:
        """The claim's row, a new one for a new claim."""
        row = self._rows.get(claim)
        if row is None:
            row = len(self.claims)
            if row == len(self._size):
                self._grow()
            self._rows[claim] = row
            self.claims.append(claim)
            self._claim_of[row] = claim
            self._counts.append(set())
            self._cell_of.append(-1)
        return row

    def _grow(self) -> None:
        capacity = 2 * len(self._size)
        self._embedding, self._chars, self._size, self._claim_of, self._latest = (
            _enlarged(a, capacity) for a in (self._embedding, self._chars, self._size, self._claim_of, self._latest))


def _enlarged(rows: np.ndarray, capacity: int) -> np.ndarray:
    """``rows`` followed by rows of zeros up to ``capacity`` (a copy: ``np.resize`` repeats the data, slowly)."""
    enlarged = np.zeros((capacity, *rows.shape[1:]), dtype=rows.dtype)
    enlarged[: len(rows)] = rows
    return enlarged


def _vector(data: bytes) -> Vectors:
    return np.frombuffer(data, dtype="<f4")


def _matrix(rows: Sequence[bytes]) -> Vectors:
    """Vectors of one length, a row each."""
    return np.frombuffer(b"".join(rows), dtype="<f4").reshape(len(rows), -1)
