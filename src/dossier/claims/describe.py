"""Claims described after linking: each claim whose units changed gets its summary, status and independent
sources written on its row, so that listing claims never assembles them."""

from __future__ import annotations

from dossier.claims.view import assemble, describe
from dossier.store import DescribeSession, Store

CLAIMS_PER_TRANSACTION = 200


def describe_claims(store: Store) -> int:
    """Every claim waiting for a description described, a transaction per ``CLAIMS_PER_TRANSACTION``; returns
    how many. A run killed part way leaves the rest waiting for the next."""
    total = 0
    while True:
        done = store.describe(_describe_some)
        total += done
        if done < CLAIMS_PER_TRANSACTION:  # none was left waiting: no need for a transaction to find that out
            return total


def _describe_some(session: DescribeSession) -> int:
    members, analyses = session.undescribed(CLAIMS_PER_TRANSACTION)
    session.describe([describe(assemble(claim, found, analyses)) for claim, found in members.items()])
    return len(members)
