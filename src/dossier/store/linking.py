"""What a claim linker reads and writes in one linking transaction (``Store.link``, ``Store.describe``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Protocol

from dossier.model import Analysis, ClaimDescription, ClaimMember, ClaimUnit, ClaimVectors, Link, UnitToLink


class LinkSession(Protocol):
    """``epoch`` changes whenever units leave claims (a cache of claims built before must be dropped);
    ``generation`` numbers this transaction's links and the claim vectors it writes."""

    epoch: int
    generation: int
    cells: str | None  # the fingerprint of the cells the stored claims are placed in

    def place_again(self, cells: str) -> None:
        """Every claim to be summed again and placed in ``cells`` (named by their fingerprint), as they now are."""
        ...

    def new_claim(self) -> int: ...

    def to_sum(self) -> Iterable[tuple[int, list[ClaimUnit], int]]:
        """Each claim whose vectors must be summed again from its units, with them in the order linked, and the
        number (``articles.seq``) of the latest article they are in."""
        ...

    def changed(self, after_generation: int) -> Iterable[ClaimVectors]:
        """The vectors of every claim written after ``after_generation``."""
        ...

    def in_cells(self, cells: Sequence[int]) -> Iterable[ClaimVectors]:
        """The vectors of every claim in these cells."""
        ...

    def waiting(self, articles: int) -> tuple[list[str], list[UnitToLink]]:
        """The next ``articles`` articles waiting for linking, in the order stored, and their units in order."""
        ...

    def record(self, links: Sequence[Link], articles: Sequence[str], published: dict[str, date | None],
               vectors: Sequence[ClaimVectors]) -> None:
        """The linker's decisions, the vectors of the claims it changed or summed, and these articles marked linked."""
        ...


class DescribeSession(Protocol):
    """Claims whose units changed, read and described in one linking transaction (``Store.describe``)."""

    def undescribed(self, claims: int) -> tuple[dict[int, list[ClaimMember]], dict[str, Analysis]]:
        """Up to ``claims`` claims waiting for a description, with their units and the analyses they are in."""
        ...

    def describe(self, descriptions: Sequence[ClaimDescription]) -> None: ...
