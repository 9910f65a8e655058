"""The claim board's pages at any depth: a page after a cursor is read from where the cursor is in the index (the
store-at-scale bench, ``scripts/scale_bench.py``, shows the plans), and paging still lists every claim once, the
undated ones last."""

from __future__ import annotations

from datetime import date

from dossier import queries
from dossier.store import SqlStore
from dossier.store import tables as t

from .conftest import BOTH_DATABASES, all_pages


@BOTH_DATABASES
def test_paging_the_board_lists_each_claim_once_dated_newest_first_then_undated(any_store: SqlStore) -> None:
    days = [date(2024, 10, 1 + n % 5) if n % 4 else None for n in range(23)]  # ties on a day, and undated claims
    with any_store._begin(write=True) as conn:
        conn.execute(t.claims.insert(), [{"id": n + 1, "size": 1, "last_seen": day, "described": False}
                                         for n, day in enumerate(days)])
    paged = [c for page in all_pages(lambda after: queries.board(any_store, limit=3, after=after)) for c in page]
    expected = sorted(range(1, 24), key=lambda claim: (days[claim - 1] is None, -(days[claim - 1] or date.min).toordinal(),
                                                       -claim))
    assert [c.id for c in paged] == [f"c{claim}" for claim in expected]
    corroborated_only = queries.board(any_store, limit=3, status="corroborated", after=queries.board(any_store, limit=3).next)
    assert corroborated_only.items == []
