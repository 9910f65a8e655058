"""The claims' vectors and cells in the store, on both databases: each row is the sum of its claim's units in the
order linked (to the bit) in the cell of that sum, after growth, a removal and a store from before the vectors;
and linkers in several processes, each with its own cache of cells, link as one linker would."""

from __future__ import annotations

import numpy as np
import sqlalchemy as sa

from dossier import queries
from dossier.claims.cells import bundled_cells
from dossier.claims.embed import DIMENSIONS
from dossier.claims.linking import ClaimLinking
from dossier.claims.units import CHAR_DIMENSIONS
from dossier.ingest import read_articles
from dossier.ingestion import Ingestor, link_claims
from dossier.model import Article, ClaimUnit, claim_record
from dossier.pipeline import Analyzer
from dossier.settings import Settings
from dossier.store import SqlStore
from dossier.store import tables as t
from dossier.store.claims import CELLS, SqlLinkSession

from .conftest import BOTH_DATABASES, SAMPLES, limits


def _articles() -> list[Article]:
    return [a for a in read_articles([str(SAMPLES)], limits()) if isinstance(a, Article)]


def _vectors(store: SqlStore) -> list[tuple[object, ...]]:
    v = t.claim_vectors
    return store.read(lambda conn: [tuple(row) for row in conn.execute(
        sa.select(v.c.claim_id, v.c.cell, v.c.size, v.c.counts, v.c.embedding, v.c.chars).order_by(v.c.claim_id))])


def _sums_of_units(store: SqlStore) -> list[tuple[object, ...]]:
    """Each claim's row as its units make it: summed one by one in the order linked, in the cell of the sum."""
    def read(conn: sa.Connection) -> list[tuple[object, ...]]:
        conn.execute(sa.insert(t.claims_to_sum).from_select(["claim_id"], sa.select(t.claims.c.id)))
        return [(claim, *_summed(units)) for claim, units, _ in SqlLinkSession(conn).to_sum()]

    with store._begin(write=True) as conn:  # looked at, then rolled back
        found = read(conn)
        conn.rollback()
    return found


def _summed(units: list[ClaimUnit]) -> tuple[object, ...]:
    embedding = np.zeros(DIMENSIONS, dtype=np.float32)
    chars = np.zeros(CHAR_DIMENSIONS, dtype=np.float32)
    for unit in units:
        embedding += np.frombuffer(unit.embedding, dtype="<f4")
        chars += np.frombuffer(unit.chars, dtype="<f4")
    counts = sorted({c for unit in units for c in unit.counts})
    cell = int(bundled_cells().of(embedding[None, :])[0])
    return cell, len(units), counts, embedding.tobytes(), chars.tobytes()


@BOTH_DATABASES
def test_each_claims_vectors_are_its_units_summed_after_growth_and_a_removal(
    any_store: SqlStore, analyzer: Analyzer, settings: Settings,
) -> None:
    articles = _articles()
    ingestor = Ingestor(any_store, analyzer, settings)
    ingestor.run(articles[:10])
    ingestor.run(articles[10:])
    assert _vectors(any_store) == _sums_of_units(any_store)
    sizes = any_store.read(lambda conn: dict(conn.execute(sa.select(t.claims.c.id, t.claims.c.size)).all()))
    assert {row[0]: row[2] for row in _vectors(any_store)} == sizes and any(size > 2 for size in sizes.values())

    grown = max(articles, key=lambda a: a.body.count("North Korea"))  # an article in the biggest claims
    corrected = Article(grown.id, grown.body.replace("North Korea", "Pyongyang"), title=grown.title,
                        outlet=grown.outlet, published=grown.published, metadata=grown.metadata)
    assert ingestor.run([corrected])["stored"] == 1  # its units left their claims, and joined again
    assert _vectors(any_store) == _sums_of_units(any_store)
    assert any_store.read(lambda conn: conn.execute(sa.select(sa.func.count()).select_from(t.claims_to_sum))
                          .scalar_one()) == 0


@BOTH_DATABASES
def test_a_store_from_before_the_vectors_gets_them_summed_and_links_on_as_before(
    any_store: SqlStore, analyzer: Analyzer, settings: Settings,
) -> None:
    articles = _articles()
    ingestor = Ingestor(any_store, analyzer, settings)
    ingestor.run(articles[:12])
    before = _vectors(any_store)
    with any_store._begin(write=True) as conn:  # what migration 13 leaves: no vectors, no cells named
        conn.execute(t.claim_vectors.delete())
        conn.execute(t.store_settings.delete().where(t.store_settings.c.name == CELLS))
    Ingestor(any_store, analyzer, settings).run(articles[12:])  # a new process: nothing cached
    claims = [claim_record(c) for c in queries.claims(any_store, limit=1000).items]
    vectors = _vectors(any_store)
    assert {row[0] for row in before} <= {row[0] for row in vectors}

    link_claims(any_store, ClaimLinking(settings), rebuild=True)
    assert [claim_record(c) for c in queries.claims(any_store, limit=1000).items] == claims
    assert _vectors(any_store) == vectors


@BOTH_DATABASES
def test_linkers_in_turn_each_with_its_cache_link_as_one_linker(
    any_store: SqlStore, analyzer: Analyzer, settings: Settings,
) -> None:
    articles = _articles()
    first, second = Ingestor(any_store, analyzer, settings), Ingestor(any_store, analyzer, settings)
    for start, ingestor in zip(range(0, len(articles), 5), [first, second, first, second, first], strict=False):
        ingestor.run(articles[start : start + 5])  # each reads the other's changes into its cache
    claims, vectors = [claim_record(c) for c in queries.claims(any_store, limit=1000).items], _vectors(any_store)

    link_claims(any_store, ClaimLinking(settings), rebuild=True)
    assert [claim_record(c) for c in queries.claims(any_store, limit=1000).items] == claims
    assert _vectors(any_store) == vectors
