"""The Ray engine stores what the local engine stores: the same outcome for each item, articles, copies, claims.

Skipped when Ray is not installed (``pip install 'dossier[ray]'``), unless ``DOSSIER_REQUIRE_RAY=1`` makes that
a failure. One local Ray of 2 CPUs serves the module.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from spacy.language import Language
from spacy.tokens import Doc
from typer.testing import CliRunner

from dossier import ingestion_ray, queries
from dossier.cli import app
from dossier.errors import ConfigurationError
from dossier.ingest import read_articles
from dossier.ingestion import Ingestor, Items
from dossier.ingestion_ray import RayIngestor
from dossier.model import Article, IngestResult
from dossier.pipeline import Analyzer
from dossier.settings import Settings
from dossier.store import Store, open_store
from dossier.store import tables as t

from .conftest import BROKEN, SAMPLES, require_ray

# Ray's own DataContext sets its deprecated defaults when it is first made (ray 2.60), warning at itself.
pytestmark = pytest.mark.filterwarnings(r"ignore::DeprecationWarning:ray\.data\.context")

# Small batches, so that copies meet their originals in later batches as well as in their own.
SETTINGS = Settings(batch_size=4)
PENTAGON = "The Pentagon said on Monday that about 10,000 North Korean troops had been sent to eastern Russia for training."
SEOUL = "Seoul said on Tuesday that 1,500 North Korean special forces had been moved to Vladivostok by ship."


@pytest.fixture(scope="module")
def ray_cluster() -> Iterator[None]:
    require_ray()
    import ray

    ray.init(num_cpus=2, include_dashboard=False)
    try:
        yield
    finally:
        ray.shutdown()


@Language.component("dossier_test_ray_fault")
def _fault(doc: Doc) -> Doc:
    if "FAULT" in doc.text:
        raise ValueError("a planted defect")
    return doc


def faulty_analyzer(settings: Settings) -> Analyzer:
    """A pipeline that raises on any text with FAULT in it; the Ray actors import it from this module."""
    analyzer = Analyzer.from_settings(settings)
    analyzer.nlp.add_pipe("dossier_test_ray_fault", last=True)
    return analyzer


def ingest(engine: Ingestor | RayIngestor, items: Items) -> list[IngestResult]:
    """Each item's result, by where it was read (the engines report them in different orders)."""
    results: list[IngestResult] = []
    engine.run(items, results.append)
    return sorted(results, key=lambda r: r.source)


def stored(store: Store) -> dict[str, Any]:
    """The store's counts, its articles and copies, and the claim of each linked statement."""

    def query(conn: sa.Connection) -> list[tuple[Any, ...]]:
        joined = t.articles.outerjoin(t.claim_units, t.claim_units.c.article_id == t.articles.c.id)
        columns = (t.articles.c.id, t.articles.c.duplicate_of, t.claim_units.c.statement_id, t.claim_units.c.claim_id)
        return [tuple(row) for row in conn.execute(sa.select(*columns).select_from(joined).order_by(*columns[::2]))]

    return {"counts": queries.counts(store), "rows": store.read(query)}


def test_ray_stores_what_the_local_engine_stores(
    ray_cluster: None, analyzer: Analyzer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Windows of two batches (after a first of one a worker): copies meet their originals across windows too.
    monkeypatch.setattr(ingestion_ray, "FIRST_WINDOW_BATCHES", 1)
    monkeypatch.setattr(ingestion_ray, "WINDOW_BATCHES", 2)

    def items() -> Items:
        return read_articles([str(SAMPLES), str(BROKEN)], SETTINGS.limits)

    local, distributed = open_store(f"sqlite:///{tmp_path / 'local.db'}"), open_store(f"sqlite:///{tmp_path / 'ray.db'}")
    try:
        local_results = ingest(Ingestor(local, analyzer, SETTINGS), items())
        ray_results = ingest(RayIngestor(distributed, SETTINGS, workers=2), items())
        assert ray_results == local_results
        assert stored(distributed) == stored(local)
        outcomes = {r.article_id: (r.outcome, r.duplicate_of) for r in ray_results}
        assert outcomes["story-2024-10-28-pentagon-reprint"] == ("duplicate", "story-2024-10-28-pentagon")
        assert sum(r.outcome == "rejected" for r in ray_results) == 6
        assert stored(distributed)["counts"]["claims"] > 0

        again = ingest(RayIngestor(distributed, SETTINGS, workers=2), items())
        assert {r.outcome for r in again} == {"duplicate", "rejected"}
        assert stored(distributed) == stored(local)
    finally:
        local.close()
        distributed.close()


def test_an_article_the_actors_fail_on_fails_alone_and_so_do_its_later_copies(ray_cluster: None, tmp_path: Path) -> None:
    faulty = f"FAULT {PENTAGON}"
    articles = [Article("bad", faulty), Article("good", SEOUL), Article("a", "Kyiv said the troops reached Kursk."),
                Article("b", "Moscow denied that North Korean troops were in Russia.")]
    articles += [Article("copy", faulty), Article("other", "NATO said it could not confirm the figure.")]
    local, distributed = open_store(f"sqlite:///{tmp_path / 'local.db'}"), open_store(f"sqlite:///{tmp_path / 'ray.db'}")
    try:
        local_results = ingest(Ingestor(local, faulty_analyzer(SETTINGS), SETTINGS), articles)
        ray_results = ingest(RayIngestor(distributed, SETTINGS, workers=2, make_analyzer=faulty_analyzer), articles)
        assert stored(distributed) == stored(local)
    finally:
        local.close()
        distributed.close()
    by_id = {r.article_id: (r.outcome, r.reason) for r in ray_results}
    assert by_id["bad"] == ("failed", "analysis failed: ValueError: a planted defect")
    assert by_id["copy"] == ("failed", "copy of bad, which was not stored")  # a later batch than its original
    assert {by_id[i][0] for i in ("good", "a", "b", "other")} == {"stored"}
    assert ray_results == local_results


def test_without_ray_the_engine_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, store: Store, settings: Settings
) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray now raises ImportError
    monkeypatch.setitem(sys.modules, "ray.data", None)
    with pytest.raises(ConfigurationError, match=r"pip install 'dossier\[ray\]'"):
        RayIngestor(store, settings, workers=2)


def test_cli_ingest_on_ray(ray_cluster: None, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(SAMPLES / "wire.jsonl"), "--db", db, "--engine", "ray", "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert "ingest stored=3 duplicate=1 rejected=0 failed=0" in result.output
    usage = runner.invoke(app, ["ingest", str(SAMPLES / "wire.jsonl"), "--db", db, "--address", "10.0.0.1:6379"])
    assert isinstance(usage.exception, ConfigurationError) and "--engine ray" in str(usage.exception)  # exit 2
