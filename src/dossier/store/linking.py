"""What a claim linker reads and writes in one linking transaction (``Store.link``, ``Store.describe``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Protocol

from dossier.model import Analysis, ClaimDescription, ClaimMember, ClaimUnit, Link, UnitToLink


class LinkSession(Protocol):
    """``epoch`` changes whenever units leave claims (an index built before must be rebuilt); ``generation``
    numbers this transaction's links."""

    epoch: int
    generation: int

    def new_claim(self) -> int: ...

    def linked(self, after_generation: int) -> Iterable[tuple[int, int, ClaimUnit]]:
        """(generation, claim, unit) of every unit linked after ``after_generation``, in the order linked."""
        ...

    def waiting(self, articles: int) -> tuple[list[str], list[UnitToLink]]:
        """The next ``articles`` articles waiting for linking, in the order stored, and their units in order."""
        ...

    def record(self, links: Sequence[Link], articles: Sequence[str], published: dict[str, date | None]) -> None:
        """The linker's decisions, and these articles marked linked."""
        ...


class DescribeSession(Protocol):
    """Claims whose units changed, read and described in one linking transaction (``Store.describe``)."""

    def undescribed(self, claims: int) -> tuple[dict[int, list[ClaimMember]], dict[str, Analysis]]:
        """Up to ``claims`` claims waiting for a description, with their units and the analyses they are in."""
        ...

    def describe(self, descriptions: Sequence[ClaimDescription]) -> None: ...
