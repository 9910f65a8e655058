"""Each input format is recognised by content and read into raw items with its metadata."""

from __future__ import annotations

import gzip
import io
import json
from datetime import date, datetime
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dossier.ingest import Failed, RawItem, Rejected, read_articles, read_paths, read_payload
from dossier.model import Article

from .conftest import SAMPLES, limits

LIMIT = limits()


def items(payload: bytes, source: str = "input") -> list[RawItem | Rejected | Failed]:
    return list(read_payload(source, payload, LIMIT))


def only_item(payload: bytes) -> RawItem:
    (item,) = items(payload)
    assert isinstance(item, RawItem), item
    return item


def test_text_with_date_header() -> None:
    item = only_item(b"  date 2024-10-17 Troops arrive\n\nFirst paragraph.\nSecond paragraph.\n")
    assert (item.format, item.published, item.title) == ("text", "2024-10-17", "Troops arrive")
    assert item.text.strip().splitlines() == ["First paragraph.", "Second paragraph."]


def test_text_without_header_is_all_body() -> None:
    item = only_item(b"Just a body line about a war.\n")
    assert item.published is None and item.title is None
    assert item.text.startswith("Just a body")


def test_jsonl_voa_shape_keeps_unknown_fields_as_metadata() -> None:
    line = {
        "id": "8011115", "url": "https://x.invalid/a", "section": "Europe", "title": "T", "author": "Jeff Seldin",
        "published": "2025-03-14 20:30:26Z", "keywords": "Iraq, Syria", "text": "Body text.",
    }
    item = only_item((json.dumps(line) + "\n").encode())
    assert (item.id, item.outlet, item.authors, item.published) == ("8011115", "Europe", ("Jeff Seldin",), line["published"])
    assert item.metadata == {"keywords": "Iraq, Syria"}


def test_single_json_document_is_one_article() -> None:
    item = only_item(json.dumps({"title": "T", "text": "Body"}, indent=2).encode())
    assert item.title == "T" and item.text == "Body"


def test_html_through_trafilatura_with_caption_author_and_date() -> None:
    (item,) = read_paths([str(SAMPLES / "2024-10-28-nato-kursk.html")], LIMIT)
    assert isinstance(item, RawItem)
    assert item.format == "html"
    assert item.title == "NATO confirms North Korean units are in Russia's Kursk region"
    assert item.authors == ("Tomas Reyes",)
    assert str(item.published).startswith("2024-10-28")
    assert item.captions == ("NATO Secretary General Mark Rutte speaks to reporters in Brussels on Monday.",)
    assert "Rutte said on Monday" in item.text
    assert "Reader comment" not in item.text and "Subscribe" not in item.text


def test_gzipped_html() -> None:
    page = (SAMPLES / "2024-10-28-nato-kursk.html").read_bytes()
    item = only_item(gzip.compress(page))
    assert item.format == "html" and "Kursk" in item.text


def test_rss_feed_one_article_per_entry() -> None:
    found = list(read_paths([str(SAMPLES / "world-desk-feed.xml")], LIMIT))
    assert [i.id for i in found if isinstance(i, RawItem)] == [
        "sample-wire-2024-10-31-blinken",
        "sample-wire-2024-12-23-casualties",
    ]
    first = found[0]
    assert isinstance(first, RawItem)
    assert first.outlet == "Dossier Sample Wire: World"
    assert first.authors == ("Lena Ortiz",)
    assert first.published == datetime(2024, 10, 31, 18, 20)
    assert "<p>" not in first.text and "8,000 North Korean soldiers" in first.text


def test_atom_feed() -> None:
    atom = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Desk</title><id>urn:desk</id>
<updated>2024-11-04T10:00:00Z</updated>
<entry><id>urn:desk:1</id><title>Pentagon update</title><updated>2024-11-04T10:00:00Z</updated>
<author><name>Sam Lee</name></author>
<content type="html">&lt;p&gt;The Pentagon said 10,000 troops were in Russia.&lt;/p&gt;</content></entry></feed>"""
    item = only_item(atom)
    assert (item.format, item.id, item.outlet, item.authors) == ("feed", "urn:desk:1", "Atom Desk", ("Sam Lee",))
    assert item.text == "The Pentagon said 10,000 troops were in Russia."


def _warc(gzip_records: bool) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip_records)
    page = b"<html><head><title>Archived</title></head><body><article><p>" + b"An archived report on troops. " * 20 + b"</p></article></body></html>"
    for uri, kind, payload in (("https://x.invalid/a", "text/html", page), ("https://x.invalid/i.png", "image/png", b"\x89PNG")):
        headers = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.1")
        record = writer.create_warc_record(uri, "response", payload=io.BytesIO(payload), http_headers=headers)
        writer.write_record(record)
        record.raw_stream.close()  # warcio buffers the record in a temporary file it leaves open
    return buffer.getvalue()


@pytest.mark.parametrize("gzip_records", [True, False], ids=["warc.gz", "warc"])
def test_warc_html_responses_only(gzip_records: bool) -> None:
    item = only_item(_warc(gzip_records))
    assert item.format == "html" and item.url == "https://x.invalid/a"
    assert item.published is not None  # WARC-Date stands in when the page has none
    assert "archived report" in item.text


def test_sample_warc_file() -> None:
    (item,) = read_paths([str(SAMPLES / "kremlin-archive.warc.gz")], LIMIT)
    assert isinstance(item, RawItem)
    assert item.title == "Putin does not deny North Korean troops are in Russia"
    assert item.authors == ("Irina Volkova",)


def test_folders_are_read_recursively_in_order_and_hidden_files_skipped(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text("Second article body.")
    (tmp_path / "a.txt").write_text("First article body.")
    (tmp_path / ".hidden.txt").write_text("Not an article.")
    found = list(read_paths([str(tmp_path)], LIMIT))
    assert [Path(i.source).name for i in found] == ["a.txt", "two.txt"]


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"date 2024-11-01 From a pipe\n\nPiped body.")))
    (item,) = read_paths(["-"], LIMIT)
    assert isinstance(item, RawItem) and item.source == "<stdin>" and item.title == "From a pipe"


def test_every_sample_becomes_an_article() -> None:
    found = list(read_paths([str(SAMPLES)], LIMIT))
    assert found
    assert all(isinstance(i, RawItem) for i in found)
    articles = list(read_articles([str(SAMPLES)], LIMIT))
    assert len(articles) == 20
    assert all(isinstance(a, Article) and a.published is not None for a in articles)
    assert {a.published for a in articles if isinstance(a, Article)} >= {date(2024, 10, 18), date(2024, 12, 23)}


def test_a_warc_file_larger_than_the_item_limit_is_streamed(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    path.write_bytes(_warc(gzip_records=False))
    limit = 1000  # over the one page's size, under the whole file's
    assert path.stat().st_size > limit
    (item,) = read_paths([str(path)], limits(limit))
    assert isinstance(item, RawItem) and "archived report" in item.text


def test_a_page_over_the_limit_inside_a_warc_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    path.write_bytes(_warc(gzip_records=False))
    (item,) = read_paths([str(path)], limits(100))
    assert isinstance(item, Rejected) and item.reason.startswith("page too large")
