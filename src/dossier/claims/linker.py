"""Online linking of statements into claims.

Each unit waiting (see ``units``) joins the claim it is most similar to, or starts a new one when no claim
reaches the threshold. Similarity to a claim is average link, the mean over the claim's units of a weighted
sum of two cosines, embedding and character n-grams: both kinds of vector are L2-normalised, so the mean
cosine is the dot product with the claim's summed vectors divided by its size, and the index keeps only one
sum of each per claim. Two rules come before similarity: a denial or refusal that answers a statement of the
same article joins that statement's claim (what it denies is what that statement said), and two figures of
different classes ("personnel" sent, "casualties") never share a claim.

Articles are linked one at a time in the order stored, in the store's linking transaction, so linking the
same articles again from nothing (``dossier claims --rebuild``) gives the same claims.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files
from itertools import groupby, islice
from pathlib import Path
from typing import Protocol

import numpy as np

from dossier.claims.embed import DIMENSIONS, Vectors
from dossier.claims.units import CHAR_DIMENSIONS
from dossier.errors import ModelUnavailableError
from dossier.model import ClaimUnit, Link, UnitToLink
from dossier.store import LinkSession

ARTICLES_PER_TRANSACTION = 200
_MODEL = "models/linking.json"
DEFAULT_MODEL_PATH = Path(__file__).resolve().parent.parent / _MODEL
_ANSWERING = frozenset({"deny", "refuse"})
_LOADED_PER_STEP = 50_000  # units a store's claims are loaded by: two copies of their vectors at a time, not all


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


class ClaimIndex:
    """Every claim's summed unit vectors and size, in memory, as of a store's epoch and linking generation."""

    def __init__(self) -> None:
        self.epoch = -1
        self.generation = 0
        self.claims: list[int] = []
        self._rows: dict[int, int] = {}
        self._embedding = np.zeros((1024, DIMENSIONS), dtype=np.float32)
        self._chars = np.zeros((1024, CHAR_DIMENSIONS), dtype=np.float32)
        self._counts: list[set[str]] = []
        self._size = np.zeros(1024, dtype=np.float32)

    def __len__(self) -> int:
        return len(self.claims)

    def row(self, claim: int) -> int | None:
        return self._rows.get(claim)

    def add(self, claim: int, embedding: Vectors, chars: Vectors, counts: Sequence[str]) -> int:
        """The unit's vectors added to its claim (a new row for a new claim); returns the claim's row."""
        row = self._row(claim)
        self._embedding[row] += embedding
        self._chars[row] += chars
        self._size[row] += 1
        self._counts[row].update(counts)
        return row

    def extend(self, claims: Sequence[int], embeddings: Vectors, chars: Vectors, counts: Sequence[Sequence[str]]) -> None:
        """Many units added as ``add`` adds them one by one, in a few array operations: how a store's claims are
        loaded. Each claim's sum must be the same float32 sum, its units added in the same order, so the units go
        in layers: every claim's first unit, then every claim's second, and so on (within a layer no two units
        share a claim, so one array addition adds them all)."""
        rows = np.array([self._row(claim) for claim in claims], dtype=np.int64)
        by_row = np.argsort(rows, kind="stable")
        ordered = rows[by_row]
        firsts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
        place = np.empty(len(rows), dtype=np.int64)  # each unit's place among its claim's units here: its layer
        place[by_row] = np.arange(len(rows)) - np.repeat(firsts, np.diff(np.r_[firsts, len(rows)]))
        by_layer = np.argsort(place, kind="stable")
        for layer in np.split(by_layer, np.flatnonzero(np.diff(place[by_layer])) + 1):
            self._embedding[rows[layer]] += embeddings[layer]
            self._chars[rows[layer]] += chars[layer]
            self._size[rows[layer]] += 1
        for row, unit_counts in zip(rows.tolist(), counts, strict=True):
            if unit_counts:
                self._counts[row].update(unit_counts)

    def _row(self, claim: int) -> int:
        """The claim's row, a new one for a new claim."""
        row = self._rows.get(claim)
        if row is None:
            row = len(self.claims)
            if row == len(self._size):
                self._grow()
            self._rows[claim] = row
            self.claims.append(claim)
            self._counts.append(set())
        return row

    def similarities(self, embeddings: Vectors, chars: Vectors, weight: float, rows: slice | list[int]) -> Vectors:
        """Average-link similarity of each unit (a row of ``embeddings``/``chars``) to each claim of ``rows``."""
        size = self._size[rows]
        mixed = weight * (embeddings @ self._embedding[rows].T) + (1.0 - weight) * (chars @ self._chars[rows].T)
        return np.asarray(mixed / np.maximum(size, 1.0), dtype=np.float32)

    def counts(self, row: int) -> set[str]:
        return self._counts[row]

    def _grow(self) -> None:
        capacity = 2 * len(self._size)
        self._embedding, self._chars, self._size = (_enlarged(a, capacity) for a in (self._embedding, self._chars,
                                                                                     self._size))


class Linker:
    """Links a store's waiting units into claims, keeping its index across calls (one per process)."""

    def __init__(self, model: LinkingModel | None = None) -> None:
        self._model = model or bundled_model()
        self._index = ClaimIndex()

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
            session.record(links, articles, published)
            self._index.generation = session.generation
            return len(articles)
        except BaseException:
            self._index = ClaimIndex()  # the transaction is rolled back: what the index took in with it is void
            raise

    def _catch_up(self, session: LinkSession) -> None:
        """The index brought level with the store: rebuilt after a removal, else what others linked added."""
        if session.epoch != self._index.epoch:
            self._index = ClaimIndex()
            self._index.epoch = session.epoch
        linked = iter(session.linked(self._index.generation))
        while step := list(islice(linked, _LOADED_PER_STEP)):
            self._index.extend([claim for _, claim, _ in step], _matrix([u.embedding for _, _, u in step]),
                               _matrix([u.chars for _, _, u in step]), [u.counts for _, _, u in step])
            self._index.generation = max([self._index.generation, *(generation for generation, _, _ in step)])

    def _link_article(self, session: LinkSession, waiting: Sequence[UnitToLink]) -> list[Link]:
        index, weight = self._index, self._model.embedding_weight
        embeddings = np.stack([_vector(w.unit.embedding) for w in waiting])
        chars = np.stack([_vector(w.unit.chars) for w in waiting])
        before = len(index)
        # Against the claims as they stood before this article, in one product; claims this article changes are
        # scored again as each of its units joins them.
        base = index.similarities(embeddings, chars, weight, slice(0, before)) if before else None
        touched: list[int] = []
        placed: dict[str, int] = {}
        links = []
        for i, item in enumerate(waiting):
            unit = item.unit
            scores = np.full(len(index), -np.inf, dtype=np.float32)
            if base is not None:
                scores[:before] = base[i]
            if touched:
                scores[touched] = index.similarities(embeddings[i : i + 1], chars[i : i + 1], weight, touched)[0]
            _exclude_other_counts(scores, index, unit, self._model.threshold)
            claim, similarity = self._choose(session, unit, scores, placed)
            touched_row = index.add(claim, embeddings[i], chars[i], unit.counts)
            if touched_row not in touched:
                touched.append(touched_row)
            placed[unit.statement] = claim
            links.append(Link(item.article_id, unit.statement, claim, similarity))
        return links

    def _choose(
        self, session: LinkSession, unit: ClaimUnit, scores: Vectors, placed: dict[str, int]
    ) -> tuple[int, float | None]:
        if unit.stance in _ANSWERING and unit.responds_to in placed:
            claim = placed[unit.responds_to]
            row = self._index.row(claim)
            return claim, (float(scores[row]) if row is not None and np.isfinite(scores[row]) else None)
        if len(scores):
            best = int(np.argmax(scores))
            if scores[best] >= self._model.threshold:
                return self._index.claims[best], float(scores[best])
        return session.new_claim(), None


def _exclude_other_counts(scores: Vectors, index: ClaimIndex, unit: ClaimUnit, threshold: float) -> None:
    """A unit whose figures count one class of thing never joins a claim whose figures count only others (troops
    sent and troops killed are two claims even in the same words). Only claims it could join are looked at."""
    if not unit.counts:
        return
    own = set(unit.counts)
    for row in np.flatnonzero(scores >= threshold):
        others = index.counts(int(row))
        if others and not own & others:
            scores[row] = -np.inf


def _enlarged(rows: Vectors, capacity: int) -> Vectors:
    """``rows`` followed by rows of zeros up to ``capacity`` (a copy: ``np.resize`` repeats the data, slowly)."""
    enlarged = np.zeros((capacity, *rows.shape[1:]), dtype=rows.dtype)
    enlarged[: len(rows)] = rows
    return enlarged


def _vector(data: bytes) -> Vectors:
    return np.frombuffer(data, dtype="<f4")


def _matrix(rows: Sequence[bytes]) -> Vectors:
    """Vectors of one length, a row each."""
    return np.frombuffer(b"".join(rows), dtype="<f4").reshape(len(rows), -1)
