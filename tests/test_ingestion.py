"""The ingest job end to end on the bundled samples, through the library and through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dossier import queries
from dossier.claims.linking import ClaimLinking
from dossier.cli import app
from dossier.ingest import read_articles
from dossier.ingestion import Ingestor
from dossier.model import Analysis, Article, ClaimUnit, IngestResult
from dossier.pipeline import Analyzer
from dossier.settings import Settings
from dossier.store import SqlStore, Store

from .conftest import BROKEN, SAMPLES


@pytest.fixture
def store(each_store: SqlStore) -> SqlStore:
    """The ingest job's tests run on SQLite and on PostgreSQL."""
    return each_store


def ingest(store: Store, analyzer: Analyzer, settings: Settings, *paths: Path) -> list[IngestResult]:
    results: list[IngestResult] = []
    Ingestor(store, analyzer, settings).run(read_articles([str(p) for p in paths], settings.limits), results.append)
    return results


def test_samples_stored_copy_linked_and_rerun_changes_nothing(store: Store, analyzer: Analyzer, settings: Settings) -> None:
    first = ingest(store, analyzer, settings, SAMPLES)
    outcomes = {r.article_id: (r.outcome, r.duplicate_of) for r in first}
    assert outcomes["sample-2024-10-24-austin-reprint"] == ("duplicate", "sample-2024-10-23-austin")
    assert outcomes["story-2024-10-28-pentagon-reprint"] == ("duplicate", "story-2024-10-28-pentagon")
    assert sum(r.outcome == "stored" for r in first) == 18
    counts = queries.counts(store)
    assert (counts["articles"], counts["duplicates"]) == (18, 2)

    french = queries.get_analysis(store, "sample-2024-11-05-fr")
    assert french is not None and french.article.language == "fr" and french.skipped is not None

    second = ingest(store, analyzer, settings, SAMPLES)
    assert {r.outcome for r in second} == {"duplicate"}
    assert queries.counts(store) == counts


def test_broken_inputs_are_rejected_and_recorded(store: Store, analyzer: Analyzer, settings: Settings) -> None:
    results = ingest(store, analyzer, settings, BROKEN, SAMPLES / "wire.jsonl")
    rejected = [r for r in results if r.outcome == "rejected"]
    assert len(rejected) == 6 and all(r.reason for r in rejected)
    assert queries.counts(store)["rejections"] == 6
    assert sum(r.outcome == "stored" for r in results) == 4  # ok-1 from the broken folder, three from wire.jsonl


def test_duplicate_within_one_batch(store: Store, analyzer: Analyzer, settings: Settings, tmp_path: Path) -> None:
    body = "The Pentagon said on Monday that about 10,000 North Korean troops had been sent to eastern Russia for training."
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "one.txt").write_text(f"date 2024-11-04 One\n\n{body}")
    (folder / "two.txt").write_text(f"date 2024-11-05 Two\n\n{body.replace('Monday', 'Monday,')} Officials added no detail.")
    results = ingest(store, analyzer, settings, folder)
    assert sorted((r.outcome, r.duplicate_of) for r in results) == [
        ("duplicate", results[0].article_id if results[0].outcome == "stored" else results[1].article_id),
        ("stored", None),
    ]
    assert queries.counts(store)["duplicates"] == 1


def test_copies_in_the_batches_after_their_original_are_duplicates(store: Store, analyzer: Analyzer) -> None:
    """With one article a batch, each copy is deduplicated while its original may still be in flight (being
    embedded and stored in the worker) or already stored: either way it is a copy of it."""
    body = "The Pentagon said on Monday that about 10,000 North Korean troops had been sent to eastern Russia for training."
    articles = [Article("original", body), Article("near", body.replace("Monday", "Monday,") + " No detail."),
                Article("exact", body), Article("other", "Seoul said 1,500 special forces had been moved by ship.")]
    results: list[IngestResult] = []
    Ingestor(store, analyzer, Settings(batch_size=1)).run(articles, results.append)
    assert {r.article_id: (r.outcome, r.duplicate_of) for r in results} == {
        "original": ("stored", None), "near": ("duplicate", "original"), "exact": ("duplicate", "original"),
        "other": ("stored", None),
    }


def test_a_batch_whose_embedding_raises_fails_and_so_do_later_copies_of_it(
    store: Store, analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = "The Pentagon said on Monday that about 10,000 North Korean troops had been sent to eastern Russia for training."
    calls = []

    def prepare_once_broken(self: ClaimLinking, analyses: list[Analysis]) -> dict[str, tuple[ClaimUnit, ...]]:
        calls.append(len(analyses))
        if len(calls) == 1:
            raise RuntimeError("model gone")
        return {}

    monkeypatch.setattr(ClaimLinking, "prepare", prepare_once_broken)
    results: list[IngestResult] = []
    articles = [Article("original", body), Article("copy", body), Article("other", "Seoul said 1,500 troops moved.")]
    outcomes = Ingestor(store, analyzer, Settings(batch_size=1)).run(articles, results.append)
    by_id = {r.article_id: r for r in results}
    assert by_id["original"].outcome == "failed" and "model gone" in (by_id["original"].reason or "")
    assert by_id["copy"].outcome == "failed" and "not stored" in (by_id["copy"].reason or "")
    assert by_id["other"].outcome == "stored"
    assert (outcomes["failed"], outcomes["stored"]) == (2, 1)
    assert queries.counts(store)["articles"] == 1


runner = CliRunner()


def test_cli_ingest_exit_status_and_summary(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    result = runner.invoke(app, ["ingest", str(SAMPLES), "--db", db])
    assert result.exit_code == 0, result.output
    assert "ingest stored=18 duplicate=2 rejected=0 failed=0" in result.output
    again = runner.invoke(app, ["ingest", str(SAMPLES), str(BROKEN), "--db", db])
    assert again.exit_code == 1
    assert "ingest stored=1 duplicate=20 rejected=6" in again.output


def test_cli_analyze_json_lines() -> None:
    result = runner.invoke(app, ["analyze", str(SAMPLES / "wire.jsonl"), "--json"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    assert [r["article"]["id"] for r in records][:2] == ["sample-2024-10-23-austin", "sample-2024-10-24-austin-reprint"]


def test_cli_usage_error_exit_status() -> None:
    assert runner.invoke(app, ["ingest"]).exit_code == 2


@pytest.mark.parametrize("command", [["analyze", "--help"], ["ingest", "--help"], ["bench", "--help"]])
def test_cli_help(command: list[str]) -> None:
    assert runner.invoke(app, command).exit_code == 0


def test_component_seconds_times_each_named_component_and_leaves_the_pipeline_as_it_was(analyzer: Analyzer) -> None:
    article = next(iter(read_articles([str(SAMPLES / "wire.jsonl")], Settings().limits)))
    assert isinstance(article, Article)
    disabled = list(analyzer.nlp.disabled)
    seconds = analyzer.component_seconds([article], ["dossier_quantities", "dossier_times"])
    assert list(seconds) == ["dossier_times", "dossier_quantities"]  # in pipeline order
    assert all(s > 0 for s in seconds.values())
    assert analyzer.nlp.disabled == disabled
