"""Every item an outcome: each way the reliability probe (shared/reviews/reliability-2026-12-01.md) found work
lost or hidden, on inputs the tests write themselves. D1–D10 and M1–M12 name the probe's findings."""

from __future__ import annotations

import gzip
import io
import json
import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from spacy.language import Language
from spacy.tokens import Doc
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dossier import queries
from dossier.cli import main
from dossier.errors import ConfigurationError
from dossier.ingest import Failed, RawItem, Rejected, clean_item, read_articles, read_paths, read_payload
from dossier.ingestion import Ingestor
from dossier.model import Analysis, AnalysisFailure, Article, IngestResult
from dossier.pipeline import Analyzer
from dossier.settings import Settings
from dossier.store import SqlStore, Store

from .conftest import limits

NEWS = "Kremlin spokesman Dmitry Peskov denied on Tuesday that North Korean troops were in Russia."
OTHER_NEWS = "Heavy rain flooded parts of southern Spain on Wednesday, cutting power to thousands of homes."
THIRD_NEWS = "South Korea's spy agency told lawmakers on Thursday that 100 North Korean soldiers had been killed."


def outcomes_of(payload: bytes, **limit: int) -> list[RawItem | Rejected | Failed]:
    return list(read_payload("input", payload, limits(**limit)))


def reasons(payload: bytes, **limit: int) -> list[str]:
    """The rejection reasons of the payload's items, read and then cleaned."""
    cleaned = (clean_item(i, 200_000) if isinstance(i, RawItem) else i for i in outcomes_of(payload, **limit))
    return [i.reason for i in cleaned if isinstance(i, Rejected)]


def dossier(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str]:
    """The installed command's exit status and output: ``main`` maps dossier's errors to exit 2."""
    monkeypatch.setattr("sys.argv", ["dossier", *args])
    with pytest.raises(SystemExit) as exited:
        main()
    captured = capsys.readouterr()
    return int(exited.value.code or 0), captured.out + captured.err


@pytest.fixture
def store(each_store: SqlStore) -> SqlStore:
    """The ingest job's tests run on SQLite and on PostgreSQL."""
    return each_store


def ingest(store: Store, analyzer: Analyzer, settings: Settings, *paths: Path) -> list[IngestResult]:
    results: list[IngestResult] = []
    Ingestor(store, analyzer, settings).run(read_articles([str(p) for p in paths], settings.limits), results.append)
    return results


def rows(store: Store, query: str) -> list[tuple[object, ...]]:
    return store.read(lambda conn: [tuple(row) for row in conn.execute(sa.text(query))])


# -- D1: an exception in analysis fails its article, not the batch --------------------------------------------


@Language.component("dossier_test_fault")
def _fault(doc: Doc) -> Doc:
    if "FAULT" in doc.text:
        raise ValueError("a planted defect")
    return doc


@pytest.fixture
def faulty(analyzer: Analyzer) -> Iterator[Analyzer]:
    analyzer.nlp.add_pipe("dossier_test_fault", last=True)
    try:
        yield analyzer
    finally:
        analyzer.nlp.remove_pipe("dossier_test_fault")


def test_an_article_the_pipeline_raises_on_fails_alone(faulty: Analyzer) -> None:
    articles = [Article("a", NEWS), Article("b", f"FAULT {NEWS}"), Article("c", OTHER_NEWS)]
    results = list(faulty.analyze(articles))
    assert [type(r) for r in results] == [Analysis, AnalysisFailure, Analysis]
    failure = results[1]
    assert isinstance(failure, AnalysisFailure) and failure.error == "analysis failed: ValueError: a planted defect"
    assert isinstance(results[0], Analysis) and results[0].statements


def test_a_failed_article_is_recorded_and_retried_by_the_next_run(
    faulty: Analyzer, store: Store, settings: Settings, tmp_path: Path
) -> None:
    lines = [{"id": "good", "text": NEWS}, {"id": "bad", "text": f"FAULT {OTHER_NEWS}"}, {"id": "late", "text": THIRD_NEWS}]
    (tmp_path / "in.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines))
    first = ingest(store, faulty, settings, tmp_path / "in.jsonl")
    assert sorted((r.article_id, r.outcome) for r in first) == [("bad", "failed"), ("good", "stored"), ("late", "stored")]
    assert rows(store, "SELECT outcome, reason FROM rejections") == [
        ("failed", "analysis failed: ValueError: a planted defect")
    ]
    second = ingest(store, faulty, settings, tmp_path / "in.jsonl")
    assert sorted((r.article_id, r.outcome) for r in second) == [  # tried again, recorded once
        ("bad", "failed"), ("good", "duplicate"), ("late", "duplicate")
    ]
    assert rows(store, "SELECT count(*) FROM rejections") == [(1,)]


def test_a_copy_of_a_failed_original_in_the_same_batch_fails_with_it(
    faulty: Analyzer, store: Store, settings: Settings, tmp_path: Path
) -> None:
    body = f"FAULT {NEWS} {OTHER_NEWS}"
    (tmp_path / "in.jsonl").write_text(json.dumps({"id": "o", "text": body}) + "\n" + json.dumps({"id": "c", "text": body}) + "\n")
    results = ingest(store, faulty, settings, tmp_path / "in.jsonl")
    assert [r.outcome for r in results] == ["failed", "failed"]
    assert "copy of o" in (results[1].reason or "")
    assert queries.counts(store)["articles"] == 0


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("Troops arrived on February 30, 2024. Two days earlier, officials met.", date(2024, 10, 17)),
        ("Troops arrived last week, officials said. They left at Christmas and return in March.", date(1, 1, 1)),
        ("Troops arrived on Monday and left at Easter; they return in March and at Christmas.", date(9999, 12, 31)),
        ("He quoted 3 \ufdfa sayings and 4 \u0e33 more.", date(2024, 10, 17)),
    ],
    ids=["february-30", "year-1", "year-9999", "pint-assertion"],
)
def test_texts_that_crashed_the_analyser_are_analysed(analyzer: Analyzer, text: str, published: date) -> None:
    (result,) = analyzer.analyze([Article("t", text, published=published)])
    assert isinstance(result, Analysis), result


def test_lone_surrogates_are_replaced_when_read() -> None:
    (item,) = outcomes_of(b'{"id": "s\\ud800", "title": "T\\udfff", "text": "Officials said \\ud800 troops arrived.", '
                          b'"extra": {"k\\ud800": "v\\udc00"}}\n')
    assert isinstance(item, RawItem)
    article = clean_item(item, 10_000)
    assert isinstance(article, Article)
    assert (article.id, article.title, article.body) == ("s\ufffd", "T\ufffd", "Officials said \ufffd troops arrived.")
    assert article.metadata["extra"] == {"k\ufffd": "v\ufffd"}
    json.dumps(article.metadata, ensure_ascii=False).encode("utf-8")  # encodes: nothing left to raise later


def test_a_text_over_the_article_limit_is_rejected_not_crashed() -> None:
    item = RawItem("long.txt", "Officials said the troops arrived in Kursk on Thursday. " * 30, "text")
    rejected = clean_item(item, 1000)
    assert isinstance(rejected, Rejected)
    assert rejected.reason.startswith(f"too long to analyse ({len(item.text.strip()):,} characters, over 1,000)")
    assert "DOSSIER_MAX_ARTICLE_CHARS" in rejected.reason


def test_deeply_nested_json_is_rejected_and_the_next_line_read() -> None:
    deep = b'{"text": "x", "a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n"
    found = outcomes_of(deep + b'{"id": "next", "text": "The next line."}\n', item_bytes=10_000_000)
    assert [type(i) for i in found] == [Rejected, RawItem]
    assert isinstance(found[0], Rejected) and "nested too deeply" in found[0].reason


def test_a_reader_that_raises_fails_its_input_and_the_next_input_is_read(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def broken_feed(source: str, text: str) -> Iterator[RawItem]:
        raise RuntimeError("a planted reader defect")
        yield  # a generator, like the real reader

    monkeypatch.setattr("dossier.ingest.formats.feed.read_feed", broken_feed)
    (tmp_path / "a.xml").write_text("<rss><channel><item><title>T</title></item></channel></rss>")
    (tmp_path / "b.txt").write_text(NEWS)
    found = list(read_paths([str(tmp_path)], limits()))
    assert [type(i) for i in found] == [Failed, RawItem]
    assert isinstance(found[0], Failed) and found[0].error == "reading failed: RuntimeError: a planted reader defect"


# -- D2: long runs without a space are tokenized in pieces, the text left as it was ---------------------------------


@pytest.mark.parametrize(
    "run",
    ["[" * 100_000 + "]" * 100_000, "(" * 40_000, "$" * 10_000 + "5", "\U0001f600" * 5000, "'s" * 10_000],
    ids=["brackets", "parentheses", "dollars", "emoji", "apostrophe-s"],
)
def test_long_runs_are_analysed_with_the_text_unchanged(analyzer: Analyzer, run: str) -> None:
    text = f"Officials said {run} 3,000 troops arrived on Monday."
    article = clean_item(RawItem("x", text, "text"), 1_000_000)
    assert isinstance(article, Article) and article.body == text
    (result,) = analyzer.analyze([article])
    assert isinstance(result, Analysis)
    spans = [(q.start, q.end, q.text) for q in result.quantities] + [(t.start, t.end, t.text) for t in result.times]
    spans += [(e.start, e.end, e.text) for e in result.entities]
    assert spans and all(article.body[start:end] == text for start, end, text in spans)


@pytest.mark.parametrize(
    "text",
    ["Officials said " + "[" * 50_000 + " troops.", "z" * 250 + "\n\nnext " + "'s" * 300, "end " + "q" * 101, "a b  c"],
)
def test_the_bounded_tokenizer_keeps_the_text_and_makes_a_long_run_few_tokens(analyzer: Analyzer, text: str) -> None:
    doc = analyzer.nlp.make_doc(text)
    assert doc.text == text
    assert len(doc) <= len(text.split()) + len(text) // 100 + 8  # a token per 100 characters of a run, not per one


def test_a_run_in_a_caption_is_bounded_too(analyzer: Analyzer) -> None:
    article = Article("c", NEWS, captions=("[" * 20_000 + " A caption on Monday.",))
    (result,) = analyzer.analyze([article])
    assert isinstance(result, Analysis)


# -- D3: the size limit applies to each article of a JSON Lines file, not the file ----------------------------


def test_jsonl_larger_than_the_item_limit_is_read_line_by_line(tmp_path: Path) -> None:
    lines = [json.dumps({"id": f"r{i}", "text": f"Report {i}: troops crossed the border near Kursk."}) for i in range(300)]
    lines[150] = json.dumps({"id": "huge", "text": "word " * 200})
    path = tmp_path / "big.jsonl.gz"
    path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode()))
    found = list(read_paths([str(path)], limits(item_bytes=200)))
    assert sum(isinstance(i, RawItem) for i in found) == 299
    (rejected,) = [i for i in found if isinstance(i, Rejected)]
    assert rejected.source == f"{path}:151" and rejected.reason.startswith("line too large (over 200 bytes)")


def test_a_gzip_jsonl_cut_short_keeps_its_whole_lines_and_rejects_the_rest() -> None:
    lines = "".join(json.dumps({"id": f"r{i}", "text": f"Report {i} on troops near Kursk."}) + "\n" for i in range(2000))
    compressed = gzip.compress(lines.encode())
    found = outcomes_of(compressed[: len(compressed) // 2])
    assert isinstance(found[-1], Rejected) and "damaged from here on" in found[-1].reason
    assert all(isinstance(i, RawItem) for i in found[:-1]) and len(found) > 100


# -- D4: a JSON array holds articles ---------------------------------------------------------------------------


def test_a_json_array_is_read_as_articles() -> None:
    payload = json.dumps([{"id": "a1", "text": NEWS}, 5, "str", None, {"id": "a2", "text": OTHER_NEWS}]).encode()
    found = outcomes_of(payload)
    assert [i.id for i in found if isinstance(i, RawItem)] == ["a1", "a2"]
    assert [i.source for i in found if isinstance(i, Rejected)] == ["input[2]", "input[3]", "input[4]"]


@pytest.mark.parametrize(
    ("payload", "expected"),
    [(b"[Reuters] Troops crossed the border.", "text"), (b"[]", "empty: a JSON array"),
     (b'[{"id": "a", "text": "x"}, {"id"', "not valid JSON")],
)
def test_text_opening_with_a_bracket(payload: bytes, expected: str) -> None:
    (item,) = outcomes_of(payload)
    assert (item.format if isinstance(item, RawItem) else item.reason).startswith(expected)  # type: ignore[union-attr]


# -- D5: the same id with another text is never silently dropped ---------------------------------------------


def test_same_id_twice_in_one_input_rejects_the_second(store: Store, analyzer: Analyzer, settings: Settings,
                                                         tmp_path: Path) -> None:
    path = tmp_path / "same.jsonl"
    path.write_text(json.dumps({"id": "same", "text": NEWS}) + "\n" + json.dumps({"id": "same", "text": OTHER_NEWS}) + "\n")
    results = {r.source: r for r in ingest(store, analyzer, settings, path)}
    assert (results[f"{path}:1"].outcome, results[f"{path}:2"].outcome) == ("stored", "rejected")
    assert f"used earlier in this input for another text (at {path}:1)" in (results[f"{path}:2"].reason or "")


def test_a_changed_text_under_a_stored_id_is_a_new_version(store: Store, analyzer: Analyzer, settings: Settings,
                                                           tmp_path: Path) -> None:
    path = tmp_path / "story.jsonl"
    path.write_text(json.dumps({"id": "story", "text": f"{NEWS} Officials said 3,000 troops were sent."}) + "\n")
    ingest(store, analyzer, settings, path)
    path.write_text(json.dumps({"id": "story", "text": f"{NEWS} Officials said 10,000 troops were sent."}) + "\n")
    (result,) = ingest(store, analyzer, settings, path)
    assert result.outcome == "stored" and "new version" in (result.reason or "")
    stored = queries.get_analysis(store, "story")
    assert stored is not None and "10,000" in stored.article.body
    assert [q.value for q in stored.quantities] == [10000]  # the analysis is the new text's, not both
    assert rows(store, "SELECT version, body LIKE '%3,000%' FROM article_versions") == [(1, 1)]
    assert [a.id for a in queries.search(store, "10,000")] == ["story"] and queries.search(store, "3,000") == []
    (again,) = ingest(store, analyzer, settings, path)
    assert again.outcome == "duplicate"


# -- D6: a WARC file cut short is reported -------------------------------------------------------------------


def _warc(gzip_records: bool, pages: int = 3) -> tuple[bytes, list[int]]:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip_records)
    ends = []
    for n in range(pages):
        page = f"<html><body><article><p>Page {n}: {NEWS} {OTHER_NEWS}</p></article></body></html>".encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        record = writer.create_warc_record(f"https://x.invalid/p{n}", "response", payload=io.BytesIO(page),
                                           http_headers=headers)
        writer.write_record(record)
        record.raw_stream.close()
        ends.append(buffer.tell())
    return buffer.getvalue(), ends


@pytest.mark.parametrize("gzip_records", [False, True], ids=["warc", "warc.gz"])
def test_a_truncated_warc_is_reported(gzip_records: bool) -> None:
    data, ends = _warc(gzip_records)
    found = outcomes_of(data[: ends[1] + (ends[2] - ends[1]) * 3 // 4])
    assert [type(i) for i in found] == [RawItem, RawItem, Rejected]
    assert isinstance(found[2], Rejected)
    assert "truncated" in found[2].reason or "cut short" in found[2].reason


def test_a_whole_warc_has_no_truncation_report() -> None:
    data, _ = _warc(gzip_records=True)
    assert [type(i) for i in outcomes_of(data)] == [RawItem] * 3


def test_a_damaged_warc_reason_is_printable() -> None:
    data, ends = _warc(gzip_records=False)
    found = outcomes_of(data[: ends[0]] + b"\x89\xff\x00garbage\r\n" + data[ends[0]:])
    (rejected,) = [i for i in found if isinstance(i, Rejected)]
    assert rejected.reason.isprintable() and "damaged" in rejected.reason


# -- D7 and M6: folders that cannot be read, links and special files are reported ------------------------------


def test_an_unreadable_subfolder_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "a.txt").write_text(NEWS)
    (tmp_path / "b.txt").write_text(OTHER_NEWS)
    real_scandir = os.scandir

    def scandir(path: str) -> object:  # root reads any folder, so take the permission away here
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = list(read_paths([str(tmp_path)], limits()))
    assert [(type(i).__name__, Path(i.source).name) for i in found] == [("RawItem", "b.txt"), ("Rejected", "locked")]
    assert isinstance(found[1], Rejected) and found[1].reason == (
        "folder cannot be read (Permission denied); check its permissions"
    )


def test_links_and_special_files_are_reported(tmp_path: Path) -> None:
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "loop").symlink_to(tmp_path)
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "ok.txt").write_text(NEWS)
    found = {Path(i.source).name: i for i in read_paths([str(tmp_path)], limits())}
    assert isinstance(found["ok.txt"], RawItem)
    expected = {"self.txt": "leads back to itself", "gone.txt": "a link to nothing", "loop": "a link to a folder",
                "pipe": "not a regular file"}
    for name, reason in expected.items():
        item = found[name]
        assert isinstance(item, Rejected) and reason in item.reason, item
    (device,) = read_paths(["/dev/zero"], limits())
    assert isinstance(device, Rejected) and "not a regular file" in device.reason


# -- D9 (M8): a near-copy is decided on the true similarity of the texts ------------------------------------------


def _pair(similarity: float, size: int = 120) -> tuple[str, str]:
    """Two texts whose word-trigram sets have exactly this Jaccard similarity (shared words, then each its own)."""
    own = round(size * (1 - similarity) / (1 + similarity))
    shared = " ".join(f"w{i}" for i in range(size - own + 2))
    return f"{shared} " + " ".join(f"a{i}" for i in range(own)), f"{shared} " + " ".join(f"b{i}" for i in range(own))


@pytest.mark.parametrize(("similarity", "copies"), [(0.66, 0), (0.74, 1)])
def test_near_copies_just_under_and_over_the_threshold(store: Store, analyzer: Analyzer, settings: Settings,
                                                       tmp_path: Path, similarity: float, copies: int) -> None:
    first, second = _pair(similarity)
    for name, body in (("first", first), ("second", second)):
        (tmp_path / f"{name}.txt").write_text(f"date 2024-11-04 {name}\n{body}")
    results = ingest(store, analyzer, settings, tmp_path)
    assert sum(r.outcome == "duplicate" for r in results) == copies


def test_entries_sharing_one_sentence_are_not_called_copies(store: Store, analyzer: Analyzer, settings: Settings,
                                                             tmp_path: Path) -> None:
    """The probe's feed: entries of true similarity 0.65 to each other; 1,128 of 5,000 were marked copies."""
    shared = " ".join(f"common{i}" for i in range(32))
    lines = [json.dumps({"id": f"e{i}", "text": f"Entry number {i} unique words w{i}a w{i}b w{i}c. {shared}"})
             for i in range(80)]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines) + "\n")
    results = ingest(store, analyzer, settings, tmp_path / "feed.jsonl")
    assert [r.outcome for r in results] == ["stored"] * 80


# -- D10 and M11: bad settings and databases are usage errors with a message -------------------------------------


@pytest.mark.parametrize(
    ("variable", "value"),
    [("DOSSIER_BATCH_SIZE", "-5"), ("DOSSIER_MAX_ITEM_BYTES", "-1"), ("DOSSIER_NEAR_DUPLICATE_THRESHOLD", "2"),
     ("DOSSIER_NEAR_DUPLICATE_THRESHOLD", "nan"), ("DOSSIER_MINHASH_PERMUTATIONS", "0"),
     ("DOSSIER_MAX_ARTICLE_CHARS", "2000000")],
)
def test_out_of_range_settings_are_configuration_errors(monkeypatch: pytest.MonkeyPatch, variable: str,
                                                        value: str) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigurationError, match=f"\\({variable}\\) = .* is out of range"):
        Settings.from_env()


def test_cli_exit_2_for_a_bad_setting_and_an_unsupported_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.txt").write_text(NEWS)
    code, output = dossier(capsys, monkeypatch, "ingest", str(tmp_path), "--db", "mysql://u@localhost/db")
    assert code == 2 and "not supported" in output and "Traceback" not in output
    monkeypatch.setenv("DOSSIER_BATCH_SIZE", "-5")
    code, output = dossier(capsys, monkeypatch, "ingest", str(tmp_path), "--db", f"sqlite:///{tmp_path / 'x.db'}")
    assert code == 2 and "out of range" in output and "Traceback" not in output


@pytest.mark.parametrize(
    ("where", "message"),
    [("missing/dossier.db", "does not exist; create it"), ("", "is a folder; give a file"),
     ("ro.db", "is read-only; make it writable")],
)
def test_a_database_that_cannot_be_opened_or_written_says_why_before_any_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, where: str, message: str
) -> None:
    (tmp_path / "ro.db").touch()
    real_access = os.access
    # root may write anything; take the right away from the one file
    monkeypatch.setattr(os, "access", lambda path, mode: Path(path).name != "ro.db" and real_access(path, mode))
    code, output = dossier(capsys, monkeypatch, "ingest", str(tmp_path), "--db", f"sqlite:///{tmp_path / where}")
    assert code == 2 and message in output


# -- M1–M4: encodings, invisible text and empty feeds --------------------------------------------------------


def test_utf16_with_a_bom_is_decoded() -> None:
    (item,) = outcomes_of(f"date 2024-10-17 Sixteen\n{NEWS}".encode("utf-16"))
    assert isinstance(item, RawItem) and item.title == "Sixteen" and item.text.strip() == NEWS


def test_html_in_its_declared_charset_is_decoded() -> None:
    page = f'<html><head><meta charset="iso-8859-1"><title>Café</title></head><body><article><p>{NEWS} Café owners ' \
           f"in Kyiv said power cuts returned.</p></article></body></html>"
    (item,) = outcomes_of(page.encode("latin-1"))
    assert isinstance(item, RawItem) and "Café owners" in item.text


def test_an_article_of_invisible_characters_is_empty() -> None:
    assert reasons(("\u200b\u200c\u200d\ufeff\u2060" * 500).encode()) == [
        "empty: no body text after removing bylines and captions"
    ]


def test_a_feed_without_entries_is_rejected() -> None:
    assert reasons(b'<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title></channel></rss>') == [
        "a feed with no entries: nothing to read"
    ]


@pytest.mark.parametrize(("field", "value"), [("id", ["a", "b"]), ("id", True), ("outlet", ["a"]), ("url", {"k": 1})])
def test_json_fields_of_the_wrong_type_are_rejected(field: str, value: object) -> None:
    (reason,) = reasons(json.dumps({field: value, "text": NEWS}).encode() + b"\n")
    assert reason.startswith(f"field {field!r} must be a string or a number")


# -- found by the hostile corpus (scripts/hostile_corpus.py) ------------------------------------------------------


def _atom(*updated: str) -> bytes:
    entries = "".join(
        f"<entry><id>urn:e{n}</id><title>Entry {n}</title><updated>{when}</updated><content>{NEWS}</content></entry>"
        for n, when in enumerate(updated)
    )
    return f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>{entries}</feed>'.encode()


def test_a_feed_date_beyond_the_calendar_in_utc_keeps_its_text_and_loses_no_entry() -> None:
    found = outcomes_of(_atom("2024-11-04T10:00:00Z", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"))
    assert [type(i) for i in found] == [RawItem, RawItem, RawItem]
    assert [i.published for i in found if isinstance(i, RawItem)][1:] == [
        "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"
    ]


def test_a_surrogate_character_reference_in_a_feed_is_replaced() -> None:
    feed = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>Bad &#xD800; '
            f'&#55296; title</title><description>{NEWS}</description></item><item><title>Good</title><description>'
            f"{OTHER_NEWS}</description></item></channel></rss>").encode()
    found = outcomes_of(feed)
    assert [i.title for i in found if isinstance(i, RawItem)] == ["Bad \ufffd \ufffd title", "Good"]


def test_a_nul_in_one_json_line_rejects_that_line_alone() -> None:
    found = outcomes_of(b'{"id": "g1", "text": "Troops arrived on Monday."}\n{"text": "a NUL \x00 byte"}\n'
                        b'{"id": "g2", "text": "Sanctions on Tuesday."}\n')
    assert [type(i) for i in found] == [RawItem, Rejected, RawItem]


@pytest.mark.parametrize("gzip_records", [False, True], ids=["warc", "warc.gz"])
def test_a_warc_cut_anywhere_is_reported(gzip_records: bool) -> None:
    """Every cut position of a page followed by an image: each ends with the page, a rejection, or both; never in
    silence, never as a failure."""
    data, ends = _warc(gzip_records, pages=1)
    buffer = io.BytesIO(data)
    buffer.seek(0, io.SEEK_END)
    writer = WARCWriter(buffer, gzip=gzip_records)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
    record = writer.create_warc_record("https://x.invalid/i.png", "response",
                                       payload=io.BytesIO(b"\x89PNG" + b"x" * 300), http_headers=headers)
    writer.write_record(record)
    record.raw_stream.close()
    data = buffer.getvalue()
    for cut in range(ends[0] + 9, len(data) - 16):  # past the page, before the last bytes (a gzip trailer: no loss)
        found = outcomes_of(data[:cut])
        assert [type(i) for i in found] == [RawItem, Rejected], (cut, found)
    for cut in range(8, ends[0] - 16):
        kinds = [type(i) for i in outcomes_of(data[:cut])]
        assert kinds == [Rejected], (cut, kinds)


def test_a_text_header_before_any_line_break() -> None:
    (item,) = outcomes_of(b"date 2024-10-17 Title\rTroops arrived on Monday.\r")
    assert isinstance(item, RawItem) and item.title == "Title" and item.text.strip() == "Troops arrived on Monday."
