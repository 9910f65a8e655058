from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from dossier.errors import ConfigurationError, StoreError
from dossier.model import Actor, Analysis, Article, Entity, Fingerprint, Quantity, Source, Statement, TextSpan, TimeRef
from dossier.store import Store, open_store
from dossier.store.migrations import SCHEMA_VERSION

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


def test_round_trip(store: Store) -> None:
    store.save([(ANALYSIS, Fingerprint("h1", b"\x00" * 8))])
    assert store.get("a1") == ANALYSIS
    assert store.has_article("a1") and not store.has_article("a2")
    assert store.counts() == {
        "articles": 1, "duplicates": 0, "rejections": 0, "entities": 2, "statements": 1, "quantities": 1, "times": 2,
        "actors": 2,
    }


def test_full_text_search(store: Store) -> None:
    store.save([(ANALYSIS, Fingerprint("h1", None))])
    assert [a.id for a in store.search("peskov denied")] == ["a1"]
    assert store.search("nothing-like-this") == []
    assert [a.id for a in store.search('"quoted" AND OR (')] == []  # user text never reaches FTS syntax


def test_actor_gains_a_country_code_once_known(store: Store) -> None:
    unknown = Analysis(
        Article("a2", "Peskov spoke.", published=date(2024, 10, 1)),
        entities=(Entity("e1", 0, 6, "Peskov", "PERSON", Actor(PESKOV.id, "Dmitry Peskov", "person")),),
    )
    store.save([(unknown, Fingerprint("h2", None))])
    store.save([(ANALYSIS, Fingerprint("h1", None))])
    first = store.get("a2")
    assert first is not None and first.entities[0].actor is not None
    assert first.entities[0].actor.code is None  # the mention keeps what its own article said


def test_rejections_recorded_once(store: Store) -> None:
    store.save_rejection("bad.txt", "empty")
    store.save_rejection("bad.txt", "empty")
    assert store.counts()["rejections"] == 1


def test_duplicate_saved_and_linked(store: Store) -> None:
    store.save([(ANALYSIS, Fingerprint("h1", b"1" * 8))])
    copy = Article("a3", ARTICLE.body, duplicate_of="a1")
    store.save([(Analysis(copy, skipped="duplicate of a1"), Fingerprint("h1", None))])
    assert [aid for aid, _ in store.fingerprints()] == ["a1"]
    stored = store.get("a3")
    assert stored is not None and stored.article.duplicate_of == "a1"


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


def test_database_errors_are_store_errors_without_article_text(store: Store) -> None:
    with pytest.raises(StoreError) as raised:
        store.save([(ANALYSIS, Fingerprint("h1", None))] * 2)  # one primary key twice in one transaction
    assert ANALYSIS.article.body not in str(raised.value)
