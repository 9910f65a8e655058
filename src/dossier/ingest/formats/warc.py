"""WARC crawls (warcio): every HTML response record is one article."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator, UnseekableYetTellable
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from dossier.errors import describe
from dossier.ingest.formats.html import charset, decode_html, read_html
from dossier.ingest.items import ItemOrRejection, RawItem, Rejected

# The blank lines after an uncompressed record (4 bytes) or a gzip trailer (8) are no lost record.
_WARC_SLACK = 8


def read_warc(source: str, stream: BinaryIO, max_bytes: int) -> Iterator[ItemOrRejection]:
    """Every HTML response record of a WARC file is one article. The archive is streamed record by
    record (crawls run to gigabytes); the size limit applies to each page, not to the file. A file cut
    short is reported wherever the cut falls: in a page, in another record, in a record's headers, or
    as bytes after the last whole record."""
    counted = UnseekableYetTellable(stream)  # counts the bytes read: did the file end after its last record?
    records = ArchiveIterator(counted)
    end_of_records = 0
    while True:
        try:
            record = next(records, None)
        except ArchiveLoadFailed as exc:
            first_line = ascii(str(exc).rpartition("first line: ")[2])[:80]
            yield Rejected(source, f"WARC file is damaged after byte {end_of_records:,} (a record starts "
                           f"{first_line}); re-fetch it")
            return
        except Exception as exc:  # noqa: BLE001 (warcio fails in other ways on a record cut inside its headers)
            yield Rejected(source, f"WARC file is truncated or damaged after byte {end_of_records:,} "
                           f"({describe(exc)}); re-fetch it")
            return
        if record is None:
            break
        declared = record.rec_headers.get_header("Content-Length") or ""
        if not declared.strip().isdigit() or not hasattr(record.raw_stream, "limit"):
            # Every WARC record states its length; without one the headers were cut, and nothing after is sure.
            yield Rejected(source, f"WARC file is truncated after byte {end_of_records:,} (a record's headers are cut "
                           "short); re-fetch it")
            return
        page = _warc_page(source, record, max_bytes)
        records.read_to_end(record)
        if page is not None:
            yield from page
        elif record.raw_stream.limit > 0:  # a record that is no page, cut short: what followed it is lost
            uri = record.rec_headers.get_header("WARC-Target-URI") or record.rec_type
            yield Rejected(f"{source}#{uri}", "record cut short: the WARC file is truncated here; re-fetch it")
        end_of_records = records.get_record_offset() + records.get_record_length()
    if counted.tell() > end_of_records + _WARC_SLACK or (end_of_records == 0 and counted.tell() > 0):
        yield Rejected(source, f"WARC file is truncated: {counted.tell() - end_of_records:,} bytes after the last whole "
                       "record do not form a record; re-fetch it")


def _warc_page(source: str, record: ArcWarcRecord, max_bytes: int) -> Iterator[ItemOrRejection] | None:
    if record.rec_type != "response" or record.http_headers is None:
        return None
    content_type = record.http_headers.get_header("Content-Type") or ""
    if "html" not in content_type.lower():
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI")
    where = f"{source}#{uri}"
    body = record.content_stream().read(max_bytes + 1)
    if len(body) > max_bytes:
        return iter([Rejected(where, f"page too large (over {max_bytes:,} bytes); raise DOSSIER_MAX_ITEM_BYTES")])
    if record.raw_stream.limit > 0:  # the record says it is longer than what the file still holds
        return iter([Rejected(where, "page cut short: the WARC file is truncated here; re-fetch it")])
    html_text = decode_html(body, charset(content_type))
    if html_text is None:
        return iter([Rejected(where, "response body is not decodable text")])
    warc_date = record.rec_headers.get_header("WARC-Date")
    return (
        dataclasses.replace(item, published=warc_date)
        if isinstance(item, RawItem) and item.published is None and warc_date
        else item
        for item in read_html(where, html_text, url=uri)
    )
