"""The store under stress: an old database upgraded with its data, two ingests at once, kills at any moment."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from dossier import queries
from dossier.errors import ConfigurationError
from dossier.model import Source, TextSpan
from dossier.store import open_store
from dossier.store.migrations import SCHEMA_VERSION, migrate

from .conftest import BOTH_DATABASES, EACH_DATABASE_KIND, require_ray

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


# Stories of several shapes (figures, a denial answering a claim, a relayed source), so that the stores compared
# below hold claims with several members, denials and figures, not one claim per article.
_SHAPES = (
    "Report {n}: officials said {a} troops crossed the border near Kursk on day {n}, and {b} more were expected "
    "within {c} weeks, according to the ministry.",
    "Kremlin spokesman Dmitry Peskov on Tuesday denied reports that {a} North Korean soldiers were fighting in "
    "region {n}. Ukrainian intelligence said the troops had arrived {c} weeks earlier.",
    "South Korea's spy agency said {b} tonnes of munitions had been shipped to Russia since August, citing "
    "satellite images of port {n}. Pyongyang has not commented.",
    "The Pentagon said on Monday that about {a} North Korean soldiers had been killed or wounded in Kursk. A "
    "spokeswoman declined to say how the figure {n} was reached.",
)


def _articles(folder: Path, count: int, prefix: str) -> Path:
    lines = [
        json.dumps({"id": f"{prefix}{n}", "published": f"2024-11-{1 + n % 28:02d}",
                    "text": _SHAPES[n % len(_SHAPES)].format(n=n, a=n * 7 + 3, b=n * 11 + 5, c=n % 9 + 2)})
        for n in range(count)
    ]
    path = folder / f"{prefix}.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path


def _ingest(path: Path, url: str, *options: str) -> subprocess.Popen[str]:
    return subprocess.Popen([*DOSSIER, "ingest", str(path), "--db", url, *options], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)


def _kill(process: subprocess.Popen[str]) -> None:
    """``kill -9`` of the ingest and of every process it started (Ray's), as a machine dying would."""
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate()


def _stored(url: str) -> dict[str, list[tuple[object, ...]]]:
    """What an ingest leaves in a store, in a form two stores compare by: articles, statements, claims with their
    members, descriptions and vectors (to the bit), outcomes; nothing a clock or a process writes (times,
    generations, epochs)."""
    queries_by_table = {
        # In the order stored, which decides the claims; not ``seq`` itself: on PostgreSQL it comes from a sequence,
        # and a transaction a kill rolls back has used up its numbers.
        "articles": "SELECT id, content_hash, duplicate_of, pipeline_version FROM articles ORDER BY seq",
        "statements": "SELECT article_id, statement_id, stance, content_text FROM statements "
                      "ORDER BY article_id, statement_id",
        "claims": "SELECT id, size, first_seen, last_seen, summary, status, independent_sources, figures, described "
                  "FROM claims ORDER BY id",
        "claim_units": "SELECT article_id, statement_id, claim_id, similarity FROM claim_units "
                       "ORDER BY article_id, statement_id",
        "claim_vectors": "SELECT claim_id, cell, size, counts, embedding, chars FROM claim_vectors ORDER BY claim_id",
        "rejections": "SELECT source, reason, outcome FROM rejections ORDER BY source, reason",
    }
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    try:
        with engine.connect() as conn:
            return {table: [tuple(row) for row in conn.execute(sa.text(query))]
                    for table, query in queries_by_table.items()}
    finally:
        engine.dispose()


@BOTH_DATABASES
def test_four_ingests_at_once_store_each_article_once_and_each_text_once(database_url: str, tmp_path: Path) -> None:
    same_ids = _articles(tmp_path, 40, "x")
    other_ids = tmp_path / "y.jsonl"  # the same texts under other ids
    other_ids.write_text(same_ids.read_text().replace('"id": "x', '"id": "y'))
    open_store(database_url).close()  # the processes find the schema made; a new one is raced for in the kill test
    runs = [_ingest(path, database_url) for path in (same_ids, same_ids, other_ids, other_ids)]
    results = [run.communicate(timeout=600) for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0, 0], results
    store = open_store(database_url)
    try:
        counts = queries.counts(store)
        assert (counts["articles"], counts["duplicates"]) == (40, 40)  # 40 texts: one original each, 40 linked copies
        assert counts["claims"] > 0
    finally:
        store.close()


@EACH_DATABASE_KIND
def test_kills_at_random_moments_then_a_rerun_end_as_an_uninterrupted_ingest(
    new_database: Callable[[], str], tmp_path: Path,
) -> None:
    """``kill -9`` at seeded random moments of an ingest (starting up, deduplicating, analysing, storing, linking,
    describing), three times, then one run to the end: the store equals an ingest never interrupted, row for row.
    Twice, with other moments."""
    path = _articles(tmp_path, 120, "k")
    uninterrupted = new_database()
    started = time.perf_counter()
    reference = _ingest(path, uninterrupted)
    output = reference.communicate(timeout=600)
    assert reference.returncode == 0, output
    duration = time.perf_counter() - started
    expected = _stored(uninterrupted)
    assert len(expected["articles"]) == 120 and expected["claims"] and not expected["rejections"]
    for seed in (7, 2024):
        killed, moments = new_database(), random.Random(seed)
        for _ in range(3):
            process = _ingest(path, killed)
            time.sleep(moments.uniform(0.2, duration))
            _kill(process)
        finished = _ingest(path, killed)
        output = finished.communicate(timeout=600)
        assert finished.returncode == 0, output
        got = _stored(killed)
        for table in expected:
            assert got[table] == expected[table], (seed, table)
        if killed.startswith("sqlite:///"):
            with sqlite3.connect(killed.removeprefix("sqlite:///")) as conn:
                assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_kills_of_a_ray_ingest_then_a_rerun_end_as_an_uninterrupted_local_ingest(tmp_path: Path) -> None:
    """The same on the Ray engine (one worker): killed with its Ray at seeded random moments, then run to the end,
    it leaves the store an uninterrupted local ingest leaves."""
    require_ray()
    path = _articles(tmp_path, 60, "r")
    uninterrupted, killed = f"sqlite:///{tmp_path / 'local.db'}", f"sqlite:///{tmp_path / 'ray.db'}"
    reference = _ingest(path, uninterrupted)
    output = reference.communicate(timeout=600)
    assert reference.returncode == 0, output
    ray = ("--engine", "ray", "--workers", "1")
    started = time.perf_counter()
    timing = _ingest(path, f"sqlite:///{tmp_path / 'timing.db'}", *ray)
    output = timing.communicate(timeout=600)
    assert timing.returncode == 0, output
    duration = time.perf_counter() - started
    moments = random.Random(11)
    for _ in range(2):
        process = _ingest(path, killed, *ray)
        time.sleep(moments.uniform(1.0, duration))
        _kill(process)
    finished = _ingest(path, killed, *ray)
    output = finished.communicate(timeout=600)
    assert finished.returncode == 0, output
    assert _stored(killed) == _stored(uninterrupted)
    with sqlite3.connect(tmp_path / "ray.db") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)

