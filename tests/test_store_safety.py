"""The store under stress: an old database upgraded with its data, two ingests at once, kills at any moment."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from dossier import queries
from dossier.errors import ConfigurationError
from dossier.model import Source, TextSpan
from dossier.store import open_store
from dossier.store.migrations import SCHEMA_VERSION, migrate

from .conftest import BOTH_DATABASES

DOSSIER = [sys.executable, "-m", "dossier"]
BODY = "Kremlin spokesman Dmitry Peskov denied on Tuesday that North Korean troops were in Russia."


def _v4_database(url: str) -> None:
    """A database as dossier 0.1.0 left it (schema version 4), with the rows that version wrote: a source kept as
    JSON, versions on every row, a signature per article, and one text stored twice as an original (two ingests at
    once could do that)."""
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as conn:
        migrate(conn, up_to=4)
        now = datetime.now(UTC)
        for article_id in ("a1", "a2"):
            conn.execute(
                sa.text(
                    "INSERT INTO articles (id, content_hash, title, authors, body, captions, metadata, minhash, "
                    "pipeline_version, ingested_at) VALUES (:id, 'h1', 'Denial', '[]', :body, '[]', '{}', :sig, 'v4', :now)"
                ),
                {"id": article_id, "body": BODY, "sig": b"\x00" * 16, "now": now},
            )
            source = {"text": "Kremlin spokesman Dmitry Peskov", "start": 0, "end": 31, "kind": "person",
                      "role": "Kremlin spokesman", "mention": {"text": "he", "start": 0, "end": 2},
                      "actor": {"id": "person:dmitry-peskov", "name": "Dmitry Peskov", "kind": "person",
                                "code": "RUS", "role": "Kremlin spokesman"}}
            conn.execute(
                sa.text(
                    "INSERT INTO statements (article_id, statement_id, source, source_text, source_kind, "
                    "source_actor_id, cue_text, cue_start, cue_end, content_text, content_start, content_end, stance, "
                    "via, hedges, direct_quote, responds_to, pipeline_version) VALUES (:id, 's1', :source, 'x', "
                    "'person', 'person:dmitry-peskov', 'denied', 32, 38, 'that…', 39, 90, 'deny', '[]', '[]', "
                    ":false, NULL, 'v4')"
                ),
                {"id": article_id, "source": json.dumps(source), "false": False},
            )
            if conn.dialect.name == "sqlite":
                conn.execute(sa.text("INSERT INTO article_search (article_id, title, body) VALUES (:id, 'Denial', :b)"),
                             {"id": article_id, "b": BODY})
        conn.execute(sa.text("INSERT INTO actors (id, name, kind, code) VALUES ('person:dmitry-peskov', "
                             "'Dmitry Peskov', 'person', 'RUS')"))
    engine.dispose()


@BOTH_DATABASES
def test_an_old_database_is_told_to_migrate_then_keeps_its_data(database_url: str) -> None:
    _v4_database(database_url)
    with pytest.raises(ConfigurationError, match="at schema version 4; this dossier uses .*run `dossier migrate"):
        open_store(database_url)
    store = open_store(database_url, upgrade=True)
    try:
        assert store.migrated_from == 4
        first, second = (queries.get_analysis(store, i) for i in ("a1", "a2"))
        assert first is not None and second is not None
        assert first.statements[0].source == Source(
            "Kremlin spokesman Dmitry Peskov", 0, 31, "person", "Kremlin spokesman",
            first.statements[0].source.actor if first.statements[0].source else None, TextSpan("he", 0, 2),
        )
        assert first.statements[0].source is not None and first.statements[0].source.actor is not None
        assert first.statements[0].source.actor.code == "RUS"
        assert second.article.duplicate_of == "a1" and second.statements == ()  # one original per text
        assert [a.id for a in queries.search(store, "peskov")] == ["a1"]
    finally:
        store.close()
    reopened = open_store(database_url)  # at the current version now: opens without a word
    reopened.close()


def test_a_newer_database_asks_for_a_newer_dossier(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"
    open_store(url).close()
    with sqlite3.connect(tmp_path / "new.db") as conn:
        conn.execute("INSERT INTO schema_version VALUES (?, '2030-01-01')", (SCHEMA_VERSION + 1,))
    with pytest.raises(ConfigurationError, match="upgrade dossier"):
        open_store(url)


def test_a_kill_at_any_moment_of_the_first_migration_leaves_a_database_the_next_run_completes(tmp_path: Path) -> None:
    """The reliability probe killed 120 first runs 0–60 ms in: 10 databases were left unusable for good."""
    opener = "import sys; from dossier.store import open_store; open_store(sys.argv[1]).close()"
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", opener, f"sqlite:///{tmp_path / 'timing.db'}"], check=True)
    full = time.perf_counter() - started
    for step in range(24):
        db = tmp_path / f"k{step}.db"
        process = subprocess.Popen([sys.executable, "-c", opener, f"sqlite:///{db}"])
        time.sleep(full * step / 24)
        process.send_signal(signal.SIGKILL)
        process.wait()
        store = open_store(f"sqlite:///{db}")  # completes (or finds complete) whatever the kill left
        assert queries.counts(store)["articles"] == 0
        store.close()
        with sqlite3.connect(db) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert conn.execute("SELECT max(version) FROM schema_version").fetchone() == (SCHEMA_VERSION,)


def _articles(folder: Path, count: int, prefix: str) -> Path:
    lines = [
        json.dumps({"id": f"{prefix}{n}", "published": "2024-11-04",
                    "text": f"Report {n}: officials said {n * 7 + 3} troops crossed the border near Kursk on day {n}, "
                            f"and {n * 11 + 5} more were expected within {n + 2} weeks, according to the ministry."})
        for n in range(count)
    ]
    path = folder / f"{prefix}.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path


@BOTH_DATABASES
def test_two_ingests_at_once_store_each_article_once_and_each_text_once(database_url: str, tmp_path: Path) -> None:
    same_ids = _articles(tmp_path, 40, "x")
    other_ids = tmp_path / "y.jsonl"  # the same texts under other ids
    other_ids.write_text(same_ids.read_text().replace('"id": "x', '"id": "y'))
    open_store(database_url).close()  # both processes find the schema made; a new one is raced for in the kill test
    runs = [subprocess.Popen([*DOSSIER, "ingest", str(path), "--db", database_url], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
            for path in (same_ids, same_ids, other_ids)]
    results = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0], results
    store = open_store(database_url)
    try:
        counts = queries.counts(store)
        assert (counts["articles"], counts["duplicates"]) == (40, 40)  # 40 texts: one original each, 40 linked copies
    finally:
        store.close()


def test_a_killed_ingest_resumes_and_ends_as_an_uninterrupted_one(tmp_path: Path) -> None:
    path = _articles(tmp_path, 120, "k")
    db = f"sqlite:///{tmp_path / 'killed.db'}"
    for after in (1.0, 4.0, 7.0):
        process = subprocess.Popen([*DOSSIER, "ingest", str(path), "--db", db], stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        time.sleep(after)
        process.send_signal(signal.SIGKILL)
        process.wait()
    finished = subprocess.run([*DOSSIER, "ingest", str(path), "--db", db], capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stderr
    store = open_store(db)
    try:
        counts = queries.counts(store)
        assert (counts["articles"], counts["duplicates"], counts["rejections"]) == (120, 0, 0)
        assert counts["statements"] > 0
    finally:
        store.close()
    with sqlite3.connect(tmp_path / "killed.db") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
