"""Write the fuzz targets' seed corpora under fuzz/corpus/<target>/: a few tiny inputs per format, written here
(no third-party text), byte for byte the same on every run.

Run: .venv/bin/python fuzz/make_corpus.py
"""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

CORPUS = Path(__file__).resolve().parent / "corpus"

BODY = (
    "North Korea has sent about 12,000 troops to Russia, South Korea's spy agency said on Friday.\n"
    "By Hannah Levene\n"
    "In this undated photo, soldiers march in Pyongyang. Picture: Alamy\n"
    '"We will win," Kremlin spokesman Dmitry Peskov said last week, a year after the treaty.'
)
PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Troops reach Kursk</title>
<meta name="author" content="Tomas Reyes">
<meta property="article:published_time" content="2024-10-28T09:00:00+00:00">
<meta property="og:site_name" content="Dossier Fuzz Desk">
</head><body><article><h1>Troops reach Kursk</h1>
<p>NATO said on Monday that North Korean units were in Russia's Kursk region, up from none a month earlier.</p>
<figure><img src="a.jpg"><figcaption>Mark Rutte speaks in Brussels on Monday.</figcaption></figure>
<p>Officials said 3,000 soldiers had arrived by Oct. 23, 2024.</p>
</article></body></html>
"""


def text_seeds() -> dict[str, bytes]:
    return {
        "header.txt": f"date 2024-10-17 Troops arrive in Russia\n\n{BODY}\n".encode(),
        "plain.txt": b"Just a body line about a war, with 3.5% and $5 billion.\n",
        "utf16.txt": f"date 2024-10-18 Seoul says 12,000\n{BODY}".encode("utf-16"),
        "bom.txt": "\ufeffdate 9999-12-31\nNext year, a year ago.".encode(),
        "rfc2822.txt": b"date Thu,17-Oct-2024\nBody.",
    }


def json_seeds() -> dict[str, bytes]:
    article = {"id": "fz-1", "url": "https://fuzz.invalid/1", "section": "World", "title": "Troops arrive",
               "author": "Jane Doe and John Roe", "published": "2024-10-17 20:30:26Z", "keywords": "a, b", "text": BODY}
    lines = [json.dumps(article), json.dumps({"text": "\ud800 lone surrogate", "published": 20241017}),
             '{"text": "cut', json.dumps([1, 2]), ""]
    return {
        "lines.jsonl": "\n".join(lines).encode(),
        "document.json": json.dumps(article, indent=2).encode(),
        "array.json": json.dumps([article, {"text": "Second.", "authors": ["A", "B"]}, 3]).encode(),
        "bracket.txt": b"[Reuters] Troops arrived.",
        "nested.jsonl": b'{"text": "x", "meta": ' + b"[" * 64 + b"]" * 64 + b"}\n",
    }


def feed_seeds() -> dict[str, bytes]:
    rss = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Fuzz Wire</title>
<item><guid>fz-wire-1</guid><title>Blinken on troops</title><link>https://fuzz.invalid/w1</link>
<pubDate>Thu, 31 Oct 2024 18:20:00 GMT</pubDate><author>desk@fuzz.invalid (Lena Ortiz)</author>
<description>&lt;p&gt;{BODY}&lt;/p&gt;</description></item>
<item><title>Second</title><pubDate>not a date</pubDate>
<content:encoded><![CDATA[<p>8,000 soldiers.</p>]]></content:encoded></item>
</channel></rss>"""
    atom = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Desk</title><id>urn:desk</id>
<updated>2024-11-04T10:00:00Z</updated>
<entry><id>urn:desk:1</id><title>Pentagon update</title><updated>2024-11-04T10:00:00Z</updated>
<author><name>Sam Lee</name></author>
<content type="html">&lt;p&gt;The Pentagon said 10,000 troops were in Russia.&lt;/p&gt;</content></entry></feed>"""
    return {"rss.xml": rss.encode(), "atom.xml": atom.encode(), "rdf.xml": b'<rdf:RDF><item><title>T</title></item>'}


def html_seeds() -> dict[str, bytes]:
    return {
        "page.html": PAGE.encode(),
        "cp1252.html": PAGE.replace('charset="utf-8"', 'charset="windows-1252"').replace("Kursk", "K\xfcrsk")
        .encode("cp1252"),
        "undeclared.html": b"<html><body><article><p>Caf\xe9 talks in Kursk went on for three weeks.</p></article>"
        b"</body></html>",
        "fragment.html": b"<p>Only a fragment",
    }


def warc(gzip_records: bool) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip_records)
    records = (
        ("https://fuzz.invalid/a", "text/html; charset=utf-8", PAGE.encode()),
        ("https://fuzz.invalid/i.png", "image/png", b"\x89PNG\r\n\x1a\n"),
    )
    for number, (uri, content_type, payload) in enumerate(records):
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        warc_headers = {
            "WARC-Date": "2024-10-28T09:00:00Z",
            "WARC-Record-ID": f"<urn:uuid:00000000-0000-0000-0000-{number:012d}>",
        }
        record = writer.create_warc_record(uri, "response", payload=io.BytesIO(payload), http_headers=headers,
                                           warc_headers_dict=warc_headers)
        writer.write_record(record)
        record.raw_stream.close()  # warcio buffers the record in a temporary file it leaves open
    return buffer.getvalue()


def warc_seeds() -> dict[str, bytes]:
    whole = warc(gzip_records=False)
    return {"pages.warc": whole, "pages.warc.gz": warc(gzip_records=True), "cut.warc": whole[: len(whole) // 2]}


def gzip_seeds() -> dict[str, bytes]:
    # fuzz_gzip: two bytes saying where to cut the compressed stream (0: nowhere), then the uncompressed content.
    return {
        "text": b"\x00\x00" + text_seeds()["header.txt"],
        "jsonl": b"\x00\x00" + json_seeds()["lines.jsonl"],
        "html-cut": b"\x00\x40" + PAGE.encode(),
        "rss": b"\x00\x00" + feed_seeds()["rss.xml"],
    }


def analyzer_seeds() -> dict[str, bytes]:
    # fuzz_analyzer: three bytes of day number (0: no date), then text, byline, caption and title separated by
    # U+001E.
    def seed(day: date | None, text: str, byline: str = "", caption: str = "", title: str = "") -> bytes:
        number = day.toordinal() if day else 0
        fields = "\x1e".join((text, byline, caption, title))
        return number.to_bytes(3, "big") + fields.encode("utf-8", "surrogatepass")

    return {
        "news": seed(date(2024, 10, 17), BODY, "Hannah Levene", "Soldiers march on Oct. 10, 2024.",
                     "Seoul says 12,000 North Korean troops are in Russia"),
        "first-day": seed(date.min, "A year ago, yesterday and last week the troops left. Next year they return."),
        "last-day": seed(date.max, "Tomorrow, next Christmas and in the next decade, 1e309 shells, week 54."),
        "no-date": seed(None, "February 30, 2024: between 10,000 and 12,000 soldiers, he said, up 3.5%."),
        "unicode": seed(date(2024, 2, 29), "e\u0301 \u200b\ud800 \U0001f1f0\U0001f1f5 \u202eRTL\u202c Mr. said \u00bd."),
    }


SEEDS = {
    "text": text_seeds, "json": json_seeds, "feed": feed_seeds, "html": html_seeds, "warc": warc_seeds,
    "gzip": gzip_seeds, "analyzer": analyzer_seeds,
}


def main() -> None:
    for target, seeds in SEEDS.items():
        folder = CORPUS / target
        folder.mkdir(parents=True, exist_ok=True)
        for name, payload in seeds().items():
            (folder / name).write_bytes(payload)


if __name__ == "__main__":
    main()
