"""Online linking of statements into claims.

Each unit waiting (see ``units``) joins the claim it is most similar to, or starts a new one when no claim
reaches the threshold. Similarity to a claim is average link, the mean over the claim's units of a weighted
sum of two cosines, embedding and character n-grams: both kinds of vector are L2-normalised, so the mean
cosine is the dot product with the claim's summed vectors divided by its size, and a claim is kept as one
sum of each (``index``). A unit is compared with the claims of the cells nearest it (``cells``), nearest first
until there are ``candidates`` of them: with every claim in a store of fewer, and with about as many in a store
of millions, so linking an article costs about the same in both. Two rules come before similarity: a denial or
refusal that answers a statement of the same article joins that statement's claim (what it denies is what that
statement said), and two figures of different classes ("personnel" sent, "casualties") never share a claim.

Articles are linked one at a time in the order stored, in the store's linking transaction, and every decision
depends only on what the store holds (the claims' sums and cells are stored with them), so linking the same
articles again from nothing (``dossier claims --rebuild``), or after a killed run, gives the same claims.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files
from itertools import groupby
from pathlib import Path
from typing import Protocol

import numpy as np

from dossier.claims.cells import Cell, Cells, bundled_cells
from dossier.claims.embed import Vectors
from dossier.claims.index import ClaimIndex, Rows
from dossier.errors import ModelUnavailableError
from dossier.model import ClaimUnit, Link, UnitToLink
from dossier.store import LinkSession

ARTICLES_PER_TRANSACTION = 200
_MODEL = "models/linking.json"
DEFAULT_MODEL_PATH = Path(__file__).resolve().parent.parent / _MODEL
_ANSWERING = frozenset({"deny", "refuse"})
_FIRST_CELLS_READ = 2
_FIRST_RANKED = 64  # cells ranked for a unit at first: a big store's unit needs a few, a small store's all
_SCORED_WHOLE = 0.25  # the share of the cached claims past which an article's units score all of them in place


@dataclass(frozen=True, slots=True)
class LinkingModel:
    """What linking decides with: the weight of the embedding cosine (the rest goes to character n-grams) and the
    similarity at or above which a unit joins a claim. Fitted by ``dossier train linking`` (``LINKING.md``)."""

    embedding_weight: float
    threshold: float

    @classmethod
    def load(cls, path: str = "") -> LinkingModel:
        try:
            text = Path(path).read_text("utf-8") if path else files("dossier").joinpath(_MODEL).read_text("utf-8")
            data = json.loads(text)
            return cls(float(data["embedding_weight"]), float(data["threshold"]))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ModelUnavailableError(f"the linking model {path or _MODEL} is not usable: {exc}") from exc


class Linkable(Protocol):
    """Where units wait: a store (``Store.link``), or memory (``replay``)."""

    def link(self, work: Callable[[LinkSession], int]) -> int: ...


@cache
def bundled_model() -> LinkingModel:
    return LinkingModel.load()


class Linker:
    """Links a store's waiting units into claims, keeping its cache of claims across calls (one per process)."""

    def __init__(self, model: LinkingModel, candidates: int, cells: Cells | None = None) -> None:
        self._model = model
        self._cells = cells or bundled_cells()
        self._candidates = candidates
        self._index = ClaimIndex(self._cells)

    def link_waiting(self, store: Linkable) -> int:
        """Link every article waiting, a transaction per ``ARTICLES_PER_TRANSACTION``; returns how many."""
        total = 0
        while True:
            done = store.link(self._step)
            total += done
            if done < ARTICLES_PER_TRANSACTION:  # none was left waiting when this transaction looked
                return total

    def _step(self, session: LinkSession) -> int:
        try:
            self._catch_up(session)
            articles, waiting = session.waiting(ARTICLES_PER_TRANSACTION)
            published: dict[str, date | None] = {w.article_id: w.published for w in waiting}
            links = [link for _, units in groupby(waiting, key=lambda w: w.article_id)
                     for link in self._link_article(session, list(units))]
            written = self._index.written()
            session.record(links, articles, published, written)
            if links or written:  # else no row has this generation yet: the next writer's rows will
                self._index.generation = session.generation
            return len(articles)
        except BaseException:
            self._index = ClaimIndex(self._cells)  # the transaction is rolled back: what the cache took in is void
            raise

    def _catch_up(self, session: LinkSession) -> None:
        """The cache brought level with the store: dropped after a removal or a change of cells (it starts empty and
        reads cells as they are asked for), else what others wrote since read again; then the claims waiting to be
        summed, summed."""
        placed_elsewhere = session.cells != self._cells.fingerprint  # a store from before cells, or other cells
        if placed_elsewhere:
            session.place_again(self._cells.fingerprint)
        if placed_elsewhere or session.epoch != self._index.epoch:
            self._index = ClaimIndex(self._cells)
            self._index.epoch = session.epoch
        else:
            self._index.refresh(session.changed(self._index.generation))
        self._index.generation = session.generation - 1
        for claim, units, latest in session.to_sum():
            self._index.sum_again(claim, units, latest)

    def _link_article(self, session: LinkSession, waiting: Sequence[UnitToLink]) -> list[Link]:
        index, weight = self._index, self._model.embedding_weight
        embeddings = np.stack([_vector(w.unit.embedding) for w in waiting])
        chars = np.stack([_vector(w.unit.chars) for w in waiting])
        near = self._near(session, embeddings)
        # Each unit against its candidates as they stood before this article, in one product; the claims this
        # article changes are scored again as each of its units joins them.
        before = np.unique(np.concatenate(near))  # by row, to be searched
        if len(before) > len(index) * _SCORED_WHOLE:  # scoring every claim in place costs less than gathering these
            base = index.similarities(embeddings, chars, weight, slice(0, len(index)))[:, before]
        else:
            base = index.similarities(embeddings, chars, weight, before)
        touched: list[int] = []
        placed: dict[str, int] = {}
        links = []
        for i, item in enumerate(waiting):
            unit = item.unit
            rows = index.in_order(near[i], also=touched)
            changed = np.isin(rows, touched)
            scores = np.empty(len(rows), dtype=np.float32)
            scores[~changed] = base[i, np.searchsorted(before, rows[~changed])]
            scores[changed] = index.similarities(embeddings[i : i + 1], chars[i : i + 1], weight, rows[changed])[0]
            _exclude_other_counts(scores, rows, index, unit, self._model.threshold)
            answered = placed.get(unit.responds_to or "") if unit.stance in _ANSWERING else None
            claim, similarity = self._choose(session, rows, scores, None if answered is None else index.row(answered))
            if (row := index.add(claim, embeddings[i], chars[i], unit.counts, item.article_seq)) not in touched:
                touched.append(row)
            placed[unit.statement] = claim
            links.append(Link(item.article_id, unit.statement, claim, similarity))
        return links

    def _near(self, session: LinkSession, embeddings: Vectors) -> list[Rows]:
        """The claims (rows) each unit is compared with: every claim while the store holds no more than
        ``candidates`` (known once every cell has been read), else that many of its nearest cells'."""
        if self._index.holds_every_claim() and len(self._index) <= self._candidates:
            return [np.arange(len(self._index), dtype=np.int64)] * len(embeddings)
        near = []
        for embedding, ranked in zip(embeddings, self._cells.ranked(embeddings, _FIRST_RANKED), strict=True):
            cells = self._nearest_cells(session, ranked)
            if len(cells) == len(ranked) < len(self._cells):  # not enough in the first ranked: rank them all
                cells = self._nearest_cells(session, self._cells.ranked(embedding[None, :], len(self._cells))[0])
            near.append(self._index.rows_in(cells, self._candidates))
        return near

    def _nearest_cells(self, session: LinkSession, ranked: Cell) -> Cell:
        """The cells nearest a unit, nearest first, until they hold ``candidates`` claims (every cell, in a store
        with fewer claims). The cells among them not read yet are read from the store, nearest first, until the
        cells read hold enough: a few at first, twice as many each time after (a big store's unit reads a cell or
        two, a small store's every cell in a dozen reads)."""
        index, reading = self._index, _FIRST_CELLS_READ
        while True:
            enough = int(np.searchsorted(np.cumsum(index.cell_sizes()[ranked]), self._candidates))
            chosen = ranked[: enough + 1]
            unread = index.unread(chosen)[:reading].tolist()
            if not unread:
                return chosen
            index.read(unread, session.in_cells(unread))
            reading *= 2

    def _choose(self, session: LinkSession, rows: Rows, scores: Vectors,
                answered_row: int | None) -> tuple[int, float | None]:
        """A denial or refusal joins the claim of what it answers; any other unit the best-scoring claim at or
        above the threshold, or a new one."""
        if answered_row is not None:
            score = scores[int(np.flatnonzero(rows == answered_row)[0])]
            return self._index.claims[answered_row], (float(score) if np.isfinite(score) else None)
        if len(scores):
            best = int(np.argmax(scores))
            if scores[best] >= self._model.threshold:
                return self._index.claims[int(rows[best])], float(scores[best])
        return session.new_claim(), None


def _exclude_other_counts(scores: Vectors, rows: Rows, index: ClaimIndex, unit: ClaimUnit,
                          threshold: float) -> None:
    """A unit whose figures count one class of thing never joins a claim whose figures count only others (troops
    sent and troops killed are two claims even in the same words). Only claims it could join are looked at."""
    if not unit.counts:
        return
    own = set(unit.counts)
    for i in np.flatnonzero(scores >= threshold):
        others = index.counts(int(rows[i]))
        if others and not own & others:
            scores[i] = -np.inf


def _vector(data: bytes) -> Vectors:
    return np.frombuffer(data, dtype="<f4")
