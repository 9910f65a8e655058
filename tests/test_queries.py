"""The read functions the CLI and the API share: filters, pages that neither repeat nor skip, a fixed number of
queries; and the commands built on them."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from dossier import queries
from dossier.cli import app
from dossier.errors import ConfigurationError
from dossier.ingest import read_articles
from dossier.ingestion import Ingestor
from dossier.model import Actor, Analysis, Article, Fingerprint, Source, Statement, TextSpan, ToStore
from dossier.pipeline import Analyzer
from dossier.settings import Settings
from dossier.store import SqlStore

from .conftest import BOTH_DATABASES, SAMPLES, all_pages, limits

PESKOV = Actor("person:dmitry-peskov", "Dmitry Peskov", "person", "RUS")
OUTLETS = ("Wire A", "Wire B", None)


def _statement(n: int, stance: str) -> Statement:
    return Statement(f"s{n}", Source("Dmitry Peskov", 0, 13, "person", actor=PESKOV), TextSpan("said", 14, 18),
                     TextSpan(f"claim {n}", 19, 26), stance)  # type: ignore[arg-type]


def _fill(store: SqlStore) -> None:
    """30 articles over 10 days (three a day, one undated of every ten), three statements each."""
    items = []
    for n in range(30):
        published = None if n % 10 == 9 else date(2024, 10, 1) + timedelta(days=n // 3)
        article = Article(f"a{n:02d}", f"Article {n} body about troops.", title=f"Title {n}", outlet=OUTLETS[n % 3],
                          published=published)
        statements = tuple(_statement(k, "deny" if k == 2 else "assert") for k in range(3))
        items.append(ToStore(Analysis(article, statements=statements, pipeline_version="v"), Fingerprint(f"h{n}")))
    store.save(items)


@BOTH_DATABASES
def test_articles_newest_first_in_pages_that_neither_repeat_nor_skip(any_store: SqlStore) -> None:
    _fill(any_store)
    pages = all_pages(lambda after: queries.articles(any_store, limit=7, after=after))
    found = [a for page in pages for a in page]
    assert [len(p) for p in pages] == [7, 7, 7, 7, 2]
    assert sorted(a.id for a in found) == [f"a{n:02d}" for n in range(30)]
    dated = [a.published for a in found if a.published is not None]
    assert dated and found[len(dated):]
    assert dated == sorted(dated, reverse=True) and all(a.published is None for a in found[len(dated):])
    wire_a = queries.articles(any_store, outlet="Wire A", since=date(2024, 10, 3), until=date(2024, 10, 5), limit=50)
    assert sorted(a.id for a in wire_a.items) == ["a06", "a12"] and wire_a.next is None


@BOTH_DATABASES
def test_statements_by_actor_and_stance_in_pages(any_store: SqlStore) -> None:
    _fill(any_store)
    pages = all_pages(lambda after: queries.statements(any_store, actor=PESKOV.id, limit=4, after=after))
    hits = [h for page in pages for h in page]
    assert len(hits) == 90 and len({(h.article_id, h.statement.id) for h in hits}) == 90
    denials = queries.statements(any_store, stance="deny", since=date(2024, 10, 10), limit=50)
    # a29 is undated, so not since anything; of the same day, the later stored comes first
    assert [(h.article_id, h.statement.id) for h in denials.items] == [("a28", "s2"), ("a27", "s2")]
    assert all(h.statement.source is not None and h.statement.source.actor == PESKOV for h in hits)


@BOTH_DATABASES
def test_articles_by_words_and_outlet(any_store: SqlStore) -> None:
    _fill(any_store)
    any_store.save([ToStore(Analysis(Article("k1", "Drones struck Kursk overnight.", title="Kursk", outlet="Wire A",
                                             published=date(2024, 10, 2)), pipeline_version="v"), Fingerprint("k1"))])
    assert [a.id for a in queries.articles(any_store, text="kursk drones").items] == ["k1"]
    assert [a.id for a in queries.articles(any_store, text="kursk", outlet="Wire B").items] == []
    assert len(queries.articles(any_store, text="   ", limit=100).items) == 31  # no words: no filter


@BOTH_DATABASES
def test_actors_most_named_first_with_profiles_and_statements_about_them(
    any_store: SqlStore, analyzer: Analyzer, settings: Settings
) -> None:
    Ingestor(any_store, analyzer, settings).run(
        [a for a in read_articles([str(SAMPLES / "story.jsonl")], limits()) if isinstance(a, Article)]
    )
    pages = all_pages(lambda after: queries.actors(any_store, limit=5, after=after))
    listed = [a for page in pages for a in page]
    assert len(listed) == len({a.actor.id for a in listed}) == queries.counts(any_store)["actors"]
    assert [a.mentions for a in listed] == sorted((a.mentions for a in listed), reverse=True)
    named = queries.actors(any_store, text="peskov").items
    assert [a.actor.id for a in named] == ["person:dmitry-peskov"] and named[0].statements >= 1
    profile = queries.get_actor(any_store, "person:dmitry-peskov")
    assert profile is not None and profile.listing.actor.code == "RUS" and profile.outlets
    assert queries.get_actor(any_store, "person:nobody") is None
    about = queries.statements(any_store, about="country:PRK", limit=100).items
    assert about and all("North Kore" in hit.statement.content.text or "Pyongyang" in hit.statement.content.text
                         for hit in about)
    said = queries.statements(any_store, text="peskov", limit=100).items
    assert said and all("peskov" in ((h.statement.source.text if h.statement.source else "") +
                                     h.statement.content.text).lower() for h in said)


def test_one_article_in_a_fixed_number_of_queries(store: SqlStore) -> None:
    _fill(store)
    executed: list[str] = []
    sa.event.listen(store._engine, "before_cursor_execute", lambda *args: executed.append(args[2]))
    queries.get_analysis(store, "a01")
    one = len(executed)
    executed.clear()
    store.read(lambda conn: queries.analyses(conn, [f"a{n:02d}" for n in range(30)]))
    assert len(executed) == one  # thirty articles cost what one does
    executed.clear()
    queries.summaries(store, [f"a{n:02d}" for n in range(30)])
    assert len(executed) <= 6


def test_a_cursor_from_elsewhere_is_a_clear_error(store: SqlStore) -> None:
    with pytest.raises(ConfigurationError, match="not one this store gave out"):
        queries.articles(store, after="garbage")


runner = CliRunner()


def test_cli_search_migrate_and_reanalyze(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    assert runner.invoke(app, ["ingest", str(SAMPLES), "--db", db]).exit_code == 0
    found = runner.invoke(app, ["search", "Kursk", "--db", db, "--json"])
    assert found.exit_code == 0, found.output
    ids = [json.loads(line)["id"] for line in found.output.splitlines()]
    assert ids and "sample-2024-10-24-austin-reprint" not in ids  # copies are not searched
    table = runner.invoke(app, ["search", "Kursk", "--db", db])
    assert table.exit_code == 0 and "found" in table.output
    said = runner.invoke(app, ["search", "Peskov", "--in", "statements", "--db", db, "--json"])
    assert said.exit_code == 0 and all("Peskov" in json.dumps(json.loads(line)) for line in said.output.splitlines())
    claims = runner.invoke(app, ["search", "troops", "--in", "claims", "--db", db])
    assert claims.exit_code == 0 and "statements" in claims.output
    assert runner.invoke(app, ["search", "troops", "--in", "videos", "--db", db]).exit_code == 2
    migrated = runner.invoke(app, ["migrate", "--db", db])
    assert migrated.exit_code == 0 and "migrate at version" in migrated.output
    nothing = runner.invoke(app, ["reanalyze", "--db", db])
    assert nothing.exit_code == 0 and "reanalyze stored=0 failed=0" in nothing.output
    everything = runner.invoke(app, ["reanalyze", "--all", "--db", db])
    assert everything.exit_code == 0 and "reanalyze stored=18 failed=0" in everything.output
    older = runner.invoke(app, ["reanalyze", "--all", "--since-version", "0.0.1", "--db", db])
    assert "reanalyze stored=0 failed=0" in older.output  # every analysis is from a later release than 0.0.1
