"""Input paths → raw items. Formats are recognised by content, not by file name."""

from __future__ import annotations

import gzip
import io
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from dossier.ingest.formats import ItemOrRejection, read_feed, read_html, read_json, read_text, read_warc
from dossier.ingest.items import Rejected

STDIN = "-"
_GZIP_MAGIC = b"\x1f\x8b"
_PEEK_BYTES = 4096


def read_paths(paths: Iterable[str], max_bytes: int) -> Iterator[ItemOrRejection]:
    """Files, folders (recursively, in sorted order, hidden entries skipped) and ``-`` for stdin."""
    for raw in paths:
        if raw == STDIN:
            yield from read_payload("<stdin>", sys.stdin.buffer.read(max_bytes + 1), max_bytes)
            continue
        path = Path(raw)
        if path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.is_file()):
                if not any(part.startswith(".") for part in file.relative_to(path).parts):
                    yield from read_file(file, max_bytes)
        elif path.is_file():
            yield from read_file(path, max_bytes)
        else:
            yield Rejected(raw, "no such file or folder; check the path")


def read_file(path: Path, max_bytes: int) -> Iterator[ItemOrRejection]:
    try:
        with path.open("rb") as handle:
            head = handle.read(_PEEK_BYTES)
            if _is_warc(_peek_gzip(head) if head.startswith(_GZIP_MAGIC) else head):
                handle.seek(0)
                yield from read_warc(str(path), handle, max_bytes)
                return
            payload = head + handle.read(max_bytes + 1 - len(head))
    except OSError as exc:
        yield Rejected(str(path), f"cannot be read ({exc.strerror}); check its permissions")
        return
    yield from read_payload(str(path), payload, max_bytes)


def read_payload(source: str, payload: bytes, max_bytes: int) -> Iterator[ItemOrRejection]:
    """Decompress, check size and encoding, recognise the format and hand over to its reader."""
    compressed = payload.startswith(_GZIP_MAGIC)
    if _is_warc(_peek_gzip(payload) if compressed else payload):
        yield from read_warc(source, io.BytesIO(payload), max_bytes)  # warcio reads .warc.gz itself
        return
    if len(payload) > max_bytes:
        yield _too_large(source, max_bytes)
        return
    if compressed:
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(payload)) as handle:
                payload = handle.read(max_bytes + 1)
        except (OSError, EOFError, zlib.error) as exc:
            yield Rejected(source, f"gzip data is damaged ({exc}); re-create the file")
            return
    if len(payload) > max_bytes:
        yield _too_large(source, max_bytes)
        return
    if b"\x00" in payload:
        yield Rejected(source, "binary file, not text; give text, JSONL, HTML, a feed or WARC")
        return
    try:
        text = payload.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        yield Rejected(source, f"not UTF-8 text (bad byte at offset {exc.start}); convert it to UTF-8")
        return
    if not text.strip():
        yield Rejected(source, "empty: no text to analyse")
        return
    yield from _dispatch(source, text)


def _dispatch(source: str, text: str) -> Iterator[ItemOrRejection]:
    head = text.lstrip()[:1024].lower()
    if head.startswith("{"):
        yield from read_json(source, text)
    elif head.startswith("<?xml") or head.startswith("<rss") or head.startswith("<feed"):
        if "<rss" in head or "<feed" in head or "<rdf:rdf" in head:
            yield from read_feed(source, text)
        else:
            yield from read_html(source, text)
    elif head.startswith("<"):
        yield from read_html(source, text)
    else:
        yield from read_text(source, text)


def _is_warc(head: bytes) -> bool:
    return head.startswith(b"WARC/")


def _peek_gzip(payload: bytes) -> bytes:
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(payload[:_PEEK_BYTES], 16)
    except zlib.error:
        return b""


def _too_large(source: str, max_bytes: int) -> Rejected:
    return Rejected(source, f"too large (over {max_bytes:,} bytes); split it or raise DOSSIER_MAX_ITEM_BYTES")
