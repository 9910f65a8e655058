"""dossier export: each format round-trips the store built from the samples, PLOVER records carry the manual's
fields, and a small page size streams the same records as one page."""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dossier.cli import app
from dossier.errors import ConfigurationError
from dossier.export import COLUMNS, Column, Exported, ExportFormat, flat_row
from dossier.export.plover import QUAD_CODES
from dossier.export.write import export, record_pages
from dossier.model import (
    EVENT_TYPES,
    Analysis,
    Article,
    Event,
    Fingerprint,
    Statement,
    TextSpan,
    ToStore,
    placed_record,
)
from dossier.pipeline import Analyzer
from dossier.queries import analyses
from dossier.settings import Settings
from dossier.store import SqlStore, open_store

from .conftest import BOTH_DATABASES
from .serving import sample_store

# The PLOVER manual's record fields (table 6.1) and entity fields (table 6.2), and dossier's own additions.
PLOVER_FIELDS = {"id", "has_event", "date", "time", "enddate", "endtime", "actor", "recipient", "event", "event_loc",
                 "event_text", "quad_code", "event_scale", "mode", "context", "link", "text", "text_info",
                 "cite_info", "coder", "coded_date", "coded_time", "comment"}
DOSSIER_FIELDS = {"statement", "stance", "date_from", "timex"}
ENTITY_FIELDS = {"code", "sector", "entity_text", "identifier_id", "identifier_text", "religion", "ethnicity",
                 "office", "gender", "age"}
AUXILIARY_MODES = {"negation", "future", "hypothetical"}


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory, analyzer: Analyzer, settings: Settings) -> str:
    return sample_store(tmp_path_factory.mktemp("export"), analyzer, settings)


def exported(url: str, what: Exported, fmt: ExportFormat, page_size: int = 500) -> bytes:
    store = open_store(url, read_only=True)
    try:
        out = io.BytesIO()
        export(store, what, fmt, out, page_size)
        return out.getvalue()
    finally:
        store.close()


def lines(data: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in data.decode().splitlines()]


def test_jsonl_events_are_the_stored_analyses_events(samples: str) -> None:
    records = lines(exported(samples, Exported.events, ExportFormat.jsonl))
    store = open_store(samples, read_only=True)
    try:
        stored = store.read(lambda conn: analyses(conn, sorted({r["article"] for r in records})))
    finally:
        store.close()
    expected = {(a.article.id, e.id): placed_record(e) for a in stored for e in a.events}
    assert {(r["article"], r["event"]["id"]): r["event"] for r in records} == expected
    assert len(records) == len(expected) >= 10


def test_plover_records_carry_the_manuals_fields(samples: str) -> None:
    records = lines(exported(samples, Exported.events, ExportFormat.plover))
    assert records and len({r["id"] for r in records}) == len(records)
    for record in records:
        assert set(record) <= PLOVER_FIELDS | DOSSIER_FIELDS, set(record) - PLOVER_FIELDS - DOSSIER_FIELDS
        assert {"id", "date", "actor", "event"} <= set(record)  # the manual's required fields
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", record["date"])
        assert record["event"][0] in EVENT_TYPES and record["quad_code"] == QUAD_CODES[record["event"][0]]
        for entity in record["actor"] + record["recipient"]:
            assert set(entity) <= ENTITY_FIELDS and len(entity["code"]) == 3


def test_plover_keeps_the_denial_that_carries_an_event(samples: str) -> None:
    records = {r["id"]: r for r in lines(exported(samples, Exported.events, ExportFormat.plover))}
    denied = records["story-2024-10-18-peskov:v1"]  # "Peskov dismissed reports that North Korea was sending soldiers"
    assert denied["event"] == ["AID"] and denied["mode"] == ["military", "negation"]
    assert denied["stance"] == "deny"
    assert denied["statement"]["source"] == "Kremlin spokesman Dmitry Peskov"
    assert denied["actor"] == [{"code": "PRK", "entity_text": "North Korea", "identifier_id": "country:PRK",
                                "identifier_text": "North Korea"}]
    signed = records["story-2024-11-09-putin-signs:v1"]
    assert signed["actor"] == [{"code": "RUS", "entity_text": "Vladimir Putin", "sector": "GOV", "office": "President",
                                "identifier_id": "person:vladimir-putin", "identifier_text": "Vladimir Putin"}]
    assert signed["recipient"][0]["code"] == "PRK" and signed["date"] == "2024-11-09"
    assert not AUXILIARY_MODES & set(signed["mode"])


def test_plover_dates_a_coarser_time_by_its_first_and_last_day(store: SqlStore) -> None:
    body = "North Korea sent troops to Russia in the week of 7 October."
    event = Event("v1", "AID", "military", ("PRK",), ("RUS",), body, 0, len(body), "2024-W41", "time")
    article = Article("weekly", body, published=date(2024, 10, 17), language="en")
    store.save([ToStore(Analysis(article, events=(event,)), Fingerprint("weekly"))])
    (record,) = [r for page in record_pages(store, Exported.events, plover=True) for r in page]
    assert (record["date"], record["enddate"], record["timex"]) == ("2024-10-07", "2024-10-13", "2024-W41")


def csv_value(cell: str, column: Column) -> Any:
    """A CSV cell read back as the flat layout holds it (empty is null)."""
    if cell == "":
        return None
    readers: dict[str, Any] = {"int": int, "float": float, "bool": lambda c: c == "true", "date": date.fromisoformat}
    return readers.get(column.type, str)(cell)


@pytest.mark.parametrize("what", list(Exported))
def test_csv_rows_are_the_jsonl_records_flattened(samples: str, what: Exported) -> None:
    records = lines(exported(samples, what, ExportFormat.jsonl))
    rows = list(csv.reader(io.StringIO(exported(samples, what, ExportFormat.csv).decode())))
    columns = COLUMNS[what]
    assert rows[0] == [c.path for c in columns]
    read_back = [{c.path: csv_value(cell, c) for c, cell in zip(columns, row, strict=True)} for row in rows[1:]]
    # An empty cell is null; an empty text (the cue of an author's own statement) is empty in CSV too.
    expected = [{path: None if value == "" else value for path, value in flat_row(r, columns).items()} for r in records]
    assert read_back == expected and len(records) > 5


@pytest.mark.parametrize("what", list(Exported))
def test_every_field_of_a_jsonl_record_has_a_column(samples: str, what: Exported) -> None:
    # A field added to a record must reach the flat layout too: every leaf path is a column or under a json one.
    record = lines(exported(samples, what, ExportFormat.jsonl))[0]
    paths = {c.path for c in COLUMNS[what]}

    def leaves(value: Any, prefix: str) -> list[str]:
        if isinstance(value, dict) and prefix not in paths:
            return [p for k, v in value.items() for p in leaves(v, f"{prefix}.{k}" if prefix else k)]
        return [prefix]

    assert set(leaves(record, "")) <= paths


@pytest.mark.parametrize("what", list(Exported))
def test_parquet_round_trips_with_typed_columns(samples: str, what: Exported) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    table = pq.read_table(io.BytesIO(exported(samples, what, ExportFormat.parquet)))
    columns = COLUMNS[what]
    assert table.column_names == [c.path for c in columns]
    records = lines(exported(samples, what, ExportFormat.jsonl))
    assert table.to_pylist() == [flat_row(r, columns) for r in records]


def test_parquet_without_pyarrow_says_which_extra(samples: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # an import of a None module raises ImportError
    with pytest.raises(ConfigurationError, match=r"pip install 'dossier\[parquet\]'"):
        exported(samples, Exported.claims, ExportFormat.parquet)


def test_plover_is_for_events_only(samples: str) -> None:
    with pytest.raises(ConfigurationError, match="plover format is for events"):
        exported(samples, Exported.statements, ExportFormat.plover)


@pytest.mark.parametrize("what", list(Exported))
def test_small_pages_give_the_same_export_as_one_page(samples: str, what: Exported) -> None:
    assert exported(samples, what, ExportFormat.jsonl, page_size=3) == exported(samples, what, ExportFormat.jsonl)


def synthetic_store(url: str, articles: int) -> None:
    """``articles`` articles of two statements and one event each, saved without the pipeline."""
    body = "Ukraine said Russia launched drones at Kyiv. Moscow denied it."
    store = open_store(url)
    try:
        items = []
        for n in range(articles):
            said = Statement("s1", None, TextSpan("said", 8, 12), TextSpan("Russia launched drones at Kyiv", 13, 43),
                             "assert")
            denied = Statement("s2", None, TextSpan("denied", 52, 58), TextSpan("it", 59, 61), "deny")
            event = Event("v1", "ASSAULT", None, ("RUS",), ("UKR",), "Russia launched drones at Kyiv", 13, 43,
                          "2024-11-04", "published", "s1", "assert")
            analysis_article = Article(f"synthetic-{n:04d}", body, published=date(2024, 11, 4), language="en")
            items.append(ToStore(Analysis(analysis_article, statements=(said, denied), events=(event,)),
                                 Fingerprint(f"synthetic-{n}")))
        store.save(items)
    finally:
        store.close()


@BOTH_DATABASES
def test_an_export_reads_a_page_at_a_time(database_url: str) -> None:
    url = database_url
    synthetic_store(url, 300)
    store = open_store(url, read_only=True)
    try:
        pages = list(record_pages(store, Exported.statements, page_size=7))
        one_page = list(record_pages(store, Exported.statements, page_size=10_000))
    finally:
        store.close()
    assert [len(page) for page in pages] == [14] * 42 + [12]  # 7 articles of two statements a page
    assert [r for page in pages for r in page] == one_page[0] and len(one_page) == 1
    assert exported(url, Exported.events, ExportFormat.csv, page_size=7) == exported(url, Exported.events,
                                                                                      ExportFormat.csv)


def test_the_command_writes_a_file_and_refuses_an_unknown_format(samples: str, tmp_path: Path) -> None:
    target = tmp_path / "events.plover.jsonl"
    runner = CliRunner()
    done = runner.invoke(app, ["export", "events", "--format", "plover", "--db", samples, "--out", str(target)])
    assert done.exit_code == 0, done.output
    assert target.read_bytes() == exported(samples, Exported.events, ExportFormat.plover)
    assert not list(tmp_path.glob("*.partial"))
    refused = runner.invoke(app, ["export", "claims", "--format", "xml", "--db", samples])
    assert refused.exit_code == 2 and "xml" in refused.output
