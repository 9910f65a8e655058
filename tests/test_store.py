from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from dossier import queries
from dossier.errors import ConfigurationError, StoreError
from dossier.model import (
    Actor,
    Analysis,
    Article,
    DedupLookup,
    Entity,
    Fingerprint,
    Quantity,
    Saved,
    Source,
    Statement,
    TextSpan,
    TimeRef,
    ToStore,
)
from dossier.store import SqlStore, open_store
from dossier.store.migrations import SCHEMA_VERSION

from .conftest import BOTH_DATABASES

ARTICLE = Article(
    "a1",
    "Kremlin spokesman Dmitry Peskov denied it.",
    title="Denial",
    authors=("Ann Lee",),
    published=date(2024, 10, 17),
    language="en",
    captions=("A caption.",),
    metadata={"format": "text"},
)
PESKOV = Actor("person:dmitry-peskov", "Dmitry Peskov", "person", "RUS", "Kremlin spokesman")
ANALYSIS = Analysis(
    ARTICLE,
    entities=(
        Entity("e1", 0, 7, "Kremlin", "ORG", Actor("country:RUS", "Russia", "country", "RUS")),
        Entity("e2", 18, 31, "Dmitry Peskov", "PERSON", PESKOV),
    ),
    statements=(
        Statement(
            "s1",
            Source("Kremlin spokesman Dmitry Peskov", 0, 31, "person", "Kremlin spokesman", PESKOV,
                   TextSpan("he", 0, 2)),
            TextSpan("denied", 32, 38),
            TextSpan("it", 39, 41),
            "deny",
            via=(Source("The Times", 0, 9, "media"),),
            hedges=(TextSpan("reportedly", 0, 10),),
            responds_to="s0",
        ),
    ),
    times=(TimeRef("t1", "last week", 0, 9, "DATE", "2024-W41"), TimeRef("t2", "Oct. 6", 3, 9, "DATE", "2024-10-06", 0)),
    quantities=(Quantity("q1", "about 3,000 troops", 0, 18, 3000.0, approximate=True, qualifier="about",
                         object="troops", per="year", statement="s1"),),
    pipeline_version="test",
)


def save(store: SqlStore, analysis: Analysis, digest: str, buckets: tuple[int, ...] = (), new_version: bool = False
         ) -> Saved:
    (saved,) = store.save([ToStore(analysis, Fingerprint(digest, buckets), new_version)])
    return saved


@BOTH_DATABASES
def test_round_trip(any_store: SqlStore) -> None:
    assert save(any_store, ANALYSIS, "h1", (1, 2)) == Saved("a1")
    assert queries.get_analysis(any_store, "a1") == ANALYSIS
    assert queries.get_analysis(any_store, "a2") is None
    assert queries.counts(any_store) == {
        "articles": 1, "duplicates": 0, "rejections": 0, "failures": 0, "entities": 2, "statements": 1, "quantities": 1,
        "times": 2, "events": 0, "actors": 2, "claims": 0, "waiting_for_linking": 0,
    }


@BOTH_DATABASES
def test_full_text_search(any_store: SqlStore) -> None:
    save(any_store, ANALYSIS, "h1")
    assert [a.id for a in queries.search(any_store, "peskov denied")] == ["a1"]
    assert queries.search(any_store, "nothing-like-this") == []
    assert [a.id for a in queries.search(any_store, '"quoted" AND OR (')] == []  # user text never reaches FTS syntax


@BOTH_DATABASES
def test_actor_gains_a_country_code_once_known(any_store: SqlStore) -> None:
    unknown = Analysis(
        Article("a2", "Peskov spoke.", published=date(2024, 10, 1)),
        entities=(Entity("e1", 0, 6, "Peskov", "PERSON", Actor(PESKOV.id, "Dmitry Peskov", "person")),),
    )
    save(any_store, unknown, "h2")
    save(any_store, ANALYSIS, "h1")
    first = queries.get_analysis(any_store, "a2")
    assert first is not None and first.entities[0].actor is not None
    assert first.entities[0].actor.code is None  # the mention keeps what its own article said
    code = any_store.read(
        lambda conn: conn.execute(sa.text("SELECT code FROM actors WHERE id = :i"), {"i": PESKOV.id}).scalar_one()
    )
    assert code == "RUS"  # the actor itself learnt it


@BOTH_DATABASES
def test_a_rejection_named_with_a_nul_is_recorded(any_store: SqlStore, tmp_path: Path) -> None:
    """A WARC page's URI can hold a NUL, which PostgreSQL refuses in text: the job records it without."""
    from dossier.ingest import Rejected
    from dossier.ingestion import Ingestor
    from dossier.settings import Settings

    ingestor = Ingestor(any_store, None, Settings())  # type: ignore[arg-type]  # rejections need no analyser
    outcomes = ingestor.run([Rejected("crawl.warc#http://x/\x00\xff", "page too large\x00")])
    assert outcomes == {"rejected": 1}
    assert queries.counts(any_store)["rejections"] == 1


@BOTH_DATABASES
def test_outcomes_recorded_once(any_store: SqlStore) -> None:
    any_store.record_outcome("bad.txt", "empty")
    any_store.record_outcome("bad.txt", "empty")
    any_store.record_outcome("worse.txt", "analysis failed: ValueError", "failed")
    counts = queries.counts(any_store)
    assert (counts["rejections"], counts["failures"]) == (1, 1)


@BOTH_DATABASES
def test_duplicate_saved_and_linked_and_only_originals_searched(any_store: SqlStore) -> None:
    save(any_store, ANALYSIS, "h1", (7,))
    copy = Article("a3", ARTICLE.body, duplicate_of="a1")
    assert save(any_store, Analysis(copy, skipped="duplicate of a1"), "h1") == Saved("a3", "a1")
    stored = queries.get_analysis(any_store, "a3")
    assert stored is not None and stored.article.duplicate_of == "a1"
    assert [a.id for a in queries.search(any_store, "peskov")] == ["a1"]
    assert any_store.dedup_lookup(["a1", "a3", "zz"], ["h1", "h9"], [7, 8]) == DedupLookup(
        {"a1": "h1", "a3": "h1"}, {"h1": "a1"}, {7: frozenset({"a1"})}
    )


@BOTH_DATABASES
def test_a_second_writer_of_an_id_finds_it_stored_and_of_a_text_makes_a_copy(any_store: SqlStore) -> None:
    save(any_store, ANALYSIS, "h1")
    assert save(any_store, ANALYSIS, "h1") == Saved("a1", already_stored=True)
    same_text = dataclasses.replace(ANALYSIS, article=dataclasses.replace(ARTICLE, id="a9"))
    assert save(any_store, same_text, "h1") == Saved("a9", "a1")  # decided as an original elsewhere, stored as a copy
    assert queries.counts(any_store)["statements"] == 1


@BOTH_DATABASES
def test_a_new_version_keeps_the_earlier_text_and_replaces_the_analysis(any_store: SqlStore) -> None:
    save(any_store, ANALYSIS, "h1", (1,))
    corrected = Article("a1", "Kremlin spokesman Dmitry Peskov confirmed it.", title="Confirmation")
    assert save(any_store, Analysis(corrected, pipeline_version="test"), "h2", (2,), new_version=True) == Saved("a1")
    stored = queries.get_analysis(any_store, "a1")
    assert stored is not None and stored.article.body == corrected.body and stored.statements == ()
    assert [a.id for a in queries.search(any_store, "confirmed")] == ["a1"] and queries.search(any_store, "denied") == []
    versions = any_store.read(lambda conn: conn.execute(sa.text("SELECT version, body FROM article_versions")).all())
    assert [tuple(v) for v in versions] == [(1, ARTICLE.body)]
    assert any_store.dedup_lookup([], [], [1, 2]).candidates == {1: frozenset({"a1"}), 2: frozenset({"a1"})}


@BOTH_DATABASES
def test_settings_are_recorded_then_enforced(any_store: SqlStore) -> None:
    any_store.check_settings({"minhash_permutations": "128"})
    any_store.check_settings({"minhash_permutations": "128", "band_rows": "4"})
    with pytest.raises(ConfigurationError, match="built with minhash_permutations=128, not 64"):
        any_store.check_settings({"minhash_permutations": "64"})


@BOTH_DATABASES
def test_reanalysis_replaces_only_what_is_asked(any_store: SqlStore) -> None:
    save(any_store, ANALYSIS, "h1")
    assert [a.id for _, a, _ in any_store.articles_to_reanalyse("test", 0, 10, everything=False)] == []
    assert [a.id for _, a, _ in any_store.articles_to_reanalyse("newer", 0, 10, everything=False)] == ["a1"]
    any_store.replace_analyses([Analysis(ARTICLE, pipeline_version="newer")], {})
    stored = queries.get_analysis(any_store, "a1")
    assert stored is not None and stored.statements == () and stored.pipeline_version == "newer"


def test_migrations_are_recorded_and_reopening_is_a_no_op(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    open_store(url).close()
    open_store(url).close()
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        versions = conn.execute(sa.text("SELECT version FROM schema_version")).scalars().all()
    engine.dispose()
    assert versions == list(range(1, SCHEMA_VERSION + 1))


@pytest.mark.parametrize(
    ("url", "message"),
    [("nosuchdb://x", "not supported"), ("mysql://u@localhost/db", "mysql database is not supported"),
     ("sqlite://relative.db", "not usable"), ("notaurl", "not supported")],
)
def test_bad_url_is_a_configuration_error(url: str, message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        open_store(url)


def test_database_errors_are_store_errors_without_article_text(store: SqlStore) -> None:
    with pytest.raises(StoreError) as raised:
        store.replace_analyses([ANALYSIS, ANALYSIS], {})  # one statement key twice in one transaction
    assert ANALYSIS.article.body not in str(raised.value)
