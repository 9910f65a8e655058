"""Claims in the store, on both databases: linking on ingest is deterministic (incremental = rebuild = the same
linker in memory), resumes what a killed run left waiting, prepares the units of a store made before claims,
and follows a corrected article; and ``dossier claims`` shows them."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from dossier import queries
from dossier.bench import linking_cost
from dossier.claims.linker import bundled_model
from dossier.claims.linking import ClaimLinking
from dossier.claims.replay import Arrival, replay
from dossier.claims.view import assemble
from dossier.ingest import read_articles
from dossier.ingestion import Ingestor, link_claims
from dossier.model import Article, Fingerprint, ToStore, claim_record
from dossier.pipeline import Analyzer
from dossier.settings import Settings
from dossier.store import SqlStore
from dossier.store import tables as t
from dossier.store.claims import members, unit_from_row
from dossier.store.records import analyses

from .conftest import BOTH_DATABASES, SAMPLES, all_pages, limits

STORY = SAMPLES / "story.jsonl"


def _articles(*paths: Path) -> list[Article]:
    return [a for a in read_articles([str(p) for p in paths], limits()) if isinstance(a, Article)]


def _claims(store: SqlStore) -> list[dict[str, object]]:
    return [claim_record(c) for c in queries.claims(store, limit=1000).items]


def _assignment(store: SqlStore) -> dict[tuple[str, str], int]:
    u = t.claim_units
    return store.read(lambda conn: {(r.article_id, r.statement_id): r.claim_id for r in conn.execute(
        sa.select(u.c.article_id, u.c.statement_id, u.c.claim_id))})


@BOTH_DATABASES
def test_incremental_linking_equals_a_rebuild(any_store: SqlStore, analyzer: Analyzer, settings: Settings) -> None:
    articles = _articles(SAMPLES)
    ingestor = Ingestor(any_store, analyzer, settings)
    for start in range(0, len(articles), 7):  # three runs, as articles arrive
        ingestor.run(articles[start : start + 7])
    incremental, assignment = _claims(any_store), _assignment(any_store)
    assert len(incremental) > 5 and all(claim_id is not None for claim_id in assignment.values())
    assert link_claims(any_store, ClaimLinking(settings), rebuild=True) == len(
        {a for a, _ in assignment} | set(_originals_without_units(any_store)))
    assert _claims(any_store) == incremental
    assert _assignment(any_store) == assignment


def _originals_without_units(store: SqlStore) -> list[str]:
    a, u = t.articles, t.claim_units
    return store.read(lambda conn: list(conn.execute(
        sa.select(a.c.id).where(a.c.duplicate_of.is_(None), ~a.c.id.in_(sa.select(u.c.article_id)))).scalars()))


def test_the_linker_in_memory_makes_the_claims_the_store_makes(store: SqlStore, analyzer: Analyzer,
                                                                settings: Settings) -> None:
    Ingestor(store, analyzer, settings).run(_articles(STORY))

    def stored_arrivals(conn: sa.Connection) -> list[Arrival]:
        u, a = t.claim_units, t.articles
        rows = conn.execute(sa.select(a.c.id, a.c.published).where(a.c.duplicate_of.is_(None)).order_by(a.c.seq)).all()
        units = conn.execute(sa.select(u).order_by(u.c.position)).mappings().all()
        return [Arrival(row.id, row.published, tuple(unit_from_row(r) for r in units if r["article_id"] == row.id))
                for row in rows]

    arrivals = store.read(stored_arrivals)
    in_memory = replay(arrivals, bundled_model(), Settings().linking_candidates)
    stored = _assignment(store)
    pairs = {(stored[(a.article_id, u.statement)], claim)
             for a in arrivals for u, claim in zip(a.units, in_memory[a.article_id], strict=True)}
    # The same partition: the claims may be numbered otherwise, but each stored claim is one claim in memory.
    assert len(pairs) == len({s for s, _ in pairs}) == len({m for _, m in pairs})


@BOTH_DATABASES
def test_a_run_killed_before_linking_is_linked_by_the_next(any_store: SqlStore, analyzer: Analyzer,
                                                          settings: Settings) -> None:
    linking = ClaimLinking(settings)
    articles = _articles(STORY)[:3]
    analyses = list(analyzer.analyze_strict(articles))
    units = linking.prepare(analyses)
    any_store.save([ToStore(a, Fingerprint(f"h{i}", ()), False, units[a.article.id]) for i, a in enumerate(analyses)])
    assert queries.claims(any_store).items == []
    assert link_claims(any_store, linking) == 3
    assert set(_assignment(any_store).values()) != {None}


@BOTH_DATABASES
def test_a_store_from_before_claims_gets_its_units_prepared(any_store: SqlStore, analyzer: Analyzer,
                                                           settings: Settings) -> None:
    Ingestor(any_store, analyzer, settings).run(_articles(STORY))
    before = _claims(any_store)

    def as_migration_8_leaves_it(conn: sa.Connection) -> None:
        conn.execute(t.claim_vectors.delete())
        conn.execute(t.claim_units.delete())
        conn.execute(t.claims.delete())
        conn.execute(t.articles.update().where(t.articles.c.duplicate_of.is_(None)).values(claims_linked=None))

    with any_store._begin(write=True) as conn:
        as_migration_8_leaves_it(conn)
    assert queries.claims(any_store).items == []
    link_claims(any_store, ClaimLinking(settings))
    assert _claims(any_store) == before


@BOTH_DATABASES
def test_a_corrected_article_leaves_its_claims_and_joins_again(any_store: SqlStore, analyzer: Analyzer,
                                                              settings: Settings) -> None:
    articles = _articles(STORY)
    ingestor = Ingestor(any_store, analyzer, settings)
    ingestor.run(articles)
    target = articles[0]
    corrected = Article(target.id, target.body.replace("3,000", "4,000"), title=target.title, outlet=target.outlet,
                        published=target.published, metadata=target.metadata)
    outcomes = ingestor.run([corrected])
    assert outcomes["stored"] == 1
    assignment = _assignment(any_store)
    assert all(claim is not None for claim in assignment.values())
    sizes = any_store.read(lambda conn: dict(conn.execute(sa.select(t.claims.c.id, t.claims.c.size)).all()))
    counted = {claim: list(assignment.values()).count(claim) for claim in set(assignment.values())}
    assert sizes == counted  # no claim keeps a unit that left it, none is left empty


def test_cli_claims_json_and_terminal(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'claims.db'}"
    run = [sys.executable, "-m", "dossier"]
    subprocess.run([*run, "ingest", str(STORY), "--db", db], check=True, capture_output=True)
    listed = subprocess.run([*run, "claims", "--db", db, "--json"], check=True, capture_output=True, text=True)
    records = [json.loads(line) for line in listed.stdout.splitlines()]
    assert records and all(r["id"].startswith("c") and len(r["statements"]) >= 2 for r in records)
    assert {"status", "independent_sources", "stance_counts", "figures", "about", "first_seen"} <= set(records[0])
    shown = subprocess.run([*run, "claims", "--db", db, "--about", "PRK"], check=True, capture_output=True,
                           text=True).stdout
    assert "independent sources" in shown and "North Korean" in shown
    bad = subprocess.run([*run, "claims", "--db", db, "--since", "yesterday"], capture_output=True, text=True)
    assert bad.returncode == 2 and "--since" in bad.stderr


@BOTH_DATABASES
def test_claims_about_words_or_a_country_and_in_pages(any_store: SqlStore, analyzer: Analyzer,
                                                      settings: Settings) -> None:
    Ingestor(any_store, analyzer, settings).run(_articles(STORY))
    everything = queries.claims(any_store, limit=1000).items
    for about in ("troops", "PRK", "100%_"):  # a word, a country code, and LIKE's own characters taken literally
        found = queries.claims(any_store, about=about, limit=100).items
        assert len(found) < len(everything) and (found or about == "100%_"), about
    page = queries.claims(any_store, limit=2)
    assert page.next is not None
    following = queries.claims(any_store, limit=2, after=page.next).items
    assert not {c.id for c in page.items} & {c.id for c in following}
    assert queries.claims(any_store, since=date(2030, 1, 1)).items == []


def _listed_as_assembled(store: SqlStore) -> None:
    """Every claim's row says what assembling it says: the board never shows a stale status."""
    listed = {c.id: c for c in queries.board(store, limit=10_000).items}
    assembled = {c.id: c for c in queries.claims(store, limit=10_000).items}
    assert listed.keys() == assembled.keys()
    for claim_id, claim in assembled.items():
        assert queries.get_claim(store, claim_id) == claim  # the record kept on its row
        row = listed[claim_id]
        assert (row.summary, row.status, row.independent_sources, row.statements, row.first_seen, row.last_seen) == (
            claim.summary, claim.status, claim.independent_sources, len(claim.statements), claim.first_seen,
            claim.last_seen), claim_id


def _described_as_whole_analyses_assemble(store: SqlStore) -> int:
    """Every claim's stored record is the one a full assembly gives, from its articles' whole analyses (describing
    reads only the parts it needs); returns how many claims there are."""

    def read(conn: sa.Connection) -> tuple[dict[int, object], dict[int, object]]:
        c = t.claims
        stored = dict(conn.execute(sa.select(c.c.id, c.c.record).where(c.c.described.is_(True))).all())
        found = members(conn, list(conn.execute(sa.select(c.c.id)).scalars()))
        whole = {a.article.id: a for a in analyses(conn, sorted({m.article_id for ms in found.values() for m in ms}))}
        return stored, {claim: claim_record(assemble(claim, units, whole)) for claim, units in found.items()}

    stored, assembled = store.read(read)
    assert stored == assembled
    return len(stored)


@BOTH_DATABASES
def test_board_and_descriptions_equal_whole_assembly_after_every_run_and_correction(
    any_store: SqlStore, analyzer: Analyzer, settings: Settings
) -> None:
    articles = _articles(SAMPLES)
    ingestor = Ingestor(any_store, analyzer, settings)
    for start in range(0, len(articles), 7):  # claims grow across runs: each run describes them again
        ingestor.run(articles[start : start + 7])
        _listed_as_assembled(any_store)
        _described_as_whole_analyses_assemble(any_store)
    target = next(a for a in articles if "3,000" in a.body)
    ingestor.run([Article(target.id, target.body.replace("3,000", "4,000"), title=target.title,
                          outlet=target.outlet, published=target.published, metadata=target.metadata)])
    _listed_as_assembled(any_store)
    assert _described_as_whole_analyses_assemble(any_store) > 5
    statuses = {c.status for c in queries.board(any_store, limit=10_000).items}
    assert {"corroborated", "single-source"} <= statuses


@BOTH_DATABASES
def test_claims_left_undescribed_by_a_killed_run_are_described_by_the_next(
    any_store: SqlStore, analyzer: Analyzer, settings: Settings
) -> None:
    Ingestor(any_store, analyzer, settings).run(_articles(STORY))
    with any_store._begin(write=True) as conn:  # what a run killed between linking and describing leaves
        conn.execute(t.claims.update().values(described=False, status="denied"))
    waiting = queries.board(any_store, limit=1000).items
    assert waiting and all(c.status is None and c.summary is None for c in waiting)
    link_claims(any_store, ClaimLinking(settings))
    _listed_as_assembled(any_store)


@BOTH_DATABASES
def test_the_board_latest_first_in_pages_filtered_by_status_and_actor(
    any_store: SqlStore, analyzer: Analyzer, settings: Settings
) -> None:
    Ingestor(any_store, analyzer, settings).run(_articles(SAMPLES))
    whole = queries.board(any_store, limit=10_000).items
    paged = [c for page in all_pages(lambda after: queries.board(any_store, limit=4, after=after)) for c in page]
    assert paged == whole
    days = [c.last_seen for c in whole if c.last_seen is not None]
    assert days == sorted(days, reverse=True)
    corroborated = queries.board(any_store, status="corroborated", limit=1000).items
    assert corroborated and all(c.status == "corroborated" for c in corroborated) and len(corroborated) < len(whole)
    peskov = queries.board(any_store, actor="person:dmitry-peskov", limit=1000).items
    assert peskov and len(peskov) < len(whole)
    for listing in peskov:
        claim = queries.get_claim(any_store, listing.id)
        assert claim is not None and any(s.source and "Peskov" in s.source for s in claim.statements)
    assert queries.get_claim(any_store, "c999999") is None and queries.get_claim(any_store, "12") is None


def test_the_bench_links_and_describes_a_synthetic_store(analyzer: Analyzer, settings: Settings) -> None:
    # What `dossier bench` measures: its synthetic articles carry their shapes' statements, so the claims they make
    # can be described as ingestion describes them.
    analyses = list(analyzer.analyze_strict(_articles(STORY)))
    cost = linking_cost(analyses, settings, stored=60)
    assert cost["linking_stored_articles"] == 60 and cost["linking_stored_claims"] > 10
    assert 0 < cost["linking_ms_median"] <= cost["linking_ms_p90"]
