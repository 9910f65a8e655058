"""Linking without a database: the same ``Linker`` over units held in memory, for fitting and scoring the linking
settings on annotated data (``dossier train linking``), where one set of units is linked many times."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from dossier.claims.cells import Cells
from dossier.claims.linker import Linker, LinkingModel
from dossier.model import ClaimUnit, ClaimVectors, Link, UnitToLink
from dossier.store import LinkSession

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Arrival:
    """One article's units, in the order articles arrive."""

    article_id: str
    published: date | None
    units: tuple[ClaimUnit, ...]


def replay(arrivals: Sequence[Arrival], model: LinkingModel, candidates: int,
           cells: Cells | None = None) -> dict[str, list[int]]:
    """Every article's units linked in arrival order, each compared with at most ``candidates`` claims of its nearest
    ``cells`` (the bundled ones by default: see ``Linker``); the claims of each article's units, by article id."""
    store = _MemoryStore(arrivals)
    Linker(model, candidates, cells).link_waiting(store)
    return store.claims


class _MemoryStore:
    def __init__(self, arrivals: Sequence[Arrival]) -> None:
        self._arrivals = list(arrivals)
        self._next = 0
        self._claims = 0
        self.claims: dict[str, list[int]] = {a.article_id: [] for a in arrivals}
        self.vectors: dict[int, ClaimVectors] = {}
        self.cells: str | None = None

    def link(self, work: Callable[[LinkSession], T]) -> T:
        return work(_MemorySession(self))


class _MemorySession:
    """The ``LinkSession`` a linker sees, over the arrivals: nothing linked by others, ever."""

    epoch = 0
    generation = 1

    def __init__(self, store: _MemoryStore) -> None:
        self._store = store
        self.cells = store.cells

    def place_again(self, cells: str) -> None:  # its claims are all made by this linker, in these cells
        self._store.cells = self.cells = cells

    def new_claim(self) -> int:
        self._store._claims += 1
        return self._store._claims

    def to_sum(self) -> list[tuple[int, list[ClaimUnit], int]]:
        return []

    def changed(self, after_generation: int) -> list[ClaimVectors]:
        return []

    def in_cells(self, cells: Sequence[int]) -> list[ClaimVectors]:
        wanted = set(cells)
        return [vectors for vectors in self._store.vectors.values() if vectors.cell in wanted]

    def waiting(self, articles: int) -> tuple[list[str], list[UnitToLink]]:
        store = self._store
        batch = store._arrivals[store._next : store._next + articles]
        store._next += len(batch)
        units = [UnitToLink(a.article_id, store._next + i, a.published, u) for i, a in enumerate(batch) for u in a.units]
        return [a.article_id for a in batch], units

    def record(self, links: Sequence[Link], articles: Sequence[str], published: dict[str, date | None],
               vectors: Sequence[ClaimVectors]) -> None:
        for link in links:
            self._store.claims[link.article_id].append(link.claim)
        self._store.vectors.update((v.claim, v) for v in vectors)
