"""Regenerate samples/articles/kremlin-archive.warc.gz: a web archive of two pages written for dossier's samples.

Run: .venv/bin/python scripts/make_sample_warc.py
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

OUT = Path(__file__).resolve().parent.parent / "samples" / "articles" / "kremlin-archive.warc.gz"

ARTICLE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Putin does not deny North Korean troops are in Russia</title>
<meta name="author" content="Irina Volkova">
<meta property="article:published_time" content="2024-10-25T08:30:00+00:00">
<meta property="og:site_name" content="Dossier Sample Review">
</head><body>
<article>
<h1>Putin does not deny North Korean troops are in Russia</h1>
<p>Russian President Vladimir Putin on Thursday did not deny reports that North Korean soldiers were in Russia,
telling reporters at the BRICS summit in Kazan that satellite photos "reflect something" if they exist.</p>
<p>Putin said the mutual defence treaty signed with Pyongyang in June allowed the two countries to decide
for themselves how to carry it out, and that what Russia did with its partners was its own business.</p>
<p>Only a week earlier, Kremlin spokesman Dmitry Peskov had called similar reports fake. South Korea's spy agency
has said about 3,000 North Korean soldiers were already in Russia, with thousands more expected by December.</p>
</article></body></html>
"""

IMAGE = b"\x89PNG\r\n\x1a\n" + bytes(32)


def main() -> None:
    with OUT.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for uri, content_type, payload in (
            ("https://samples.dossier.invalid/review/putin-does-not-deny", "text/html; charset=utf-8", ARTICLE.encode()),
            ("https://samples.dossier.invalid/review/putin.png", "image/png", IMAGE),
        ):
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(uri, "response", payload=BytesIO(payload), http_headers=headers)
            writer.write_record(record)
            record.raw_stream.close()  # warcio buffers the record in a temporary file it leaves open


if __name__ == "__main__":
    main()
