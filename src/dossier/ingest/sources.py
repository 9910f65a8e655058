"""Input paths → raw items. Formats are recognised by content, not by file name.

Every path ends in items or in a reason: a folder that cannot be listed, a link that leads
nowhere or round in a circle, a device or FIFO, each is reported rather than skipped. Files
are streamed: JSON Lines and WARC are read an article at a time, so the size limit applies to
each article, never to the file; formats that must be parsed whole (a feed, a JSON array) have
a separate, larger document limit. Any exception a reader raises becomes a ``Failed`` item for
that input and the next input is read: one bad file never stops the batch. The readers of HTML,
feeds and WARC are imported when such an input turns up: their libraries take a second to load.
"""

from __future__ import annotations

import errno
import gzip
import io
import os
import stat
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from dossier.ingest.formats.jsonl import is_json, read_json_lines, read_json_text
from dossier.ingest.formats.text import read_text
from dossier.ingest.items import Failed, ItemOrRejection, Rejected
from dossier.settings import Limits

STDIN = "-"
_GZIP_MAGIC = b"\x1f\x8b"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_PEEK_BYTES = 4096
_GZIP_DAMAGED = (OSError, EOFError, zlib.error)

Item = ItemOrRejection | Failed


def read_paths(paths: Iterable[str], limits: Limits) -> Iterator[Item]:
    """Files, folders (recursively, in sorted order, hidden entries skipped) and ``-`` for stdin."""
    for raw in paths:
        if raw == STDIN:
            yield from _guarded("<stdin>", read_stream("<stdin>", sys.stdin.buffer, limits))
        else:
            yield from _read_path(Path(raw), limits, given=True)


def read_payload(source: str, payload: bytes, limits: Limits) -> Iterator[Item]:
    """The items of one input held in memory (the library's entry point for bytes from elsewhere)."""
    yield from _guarded(source, read_stream(source, io.BytesIO(payload), limits))


def _read_path(path: Path, limits: Limits, given: bool) -> Iterator[Item]:
    source = str(path)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        reason = "a link to nothing (its target is gone)" if path.is_symlink() else "no such file or folder"
        yield Rejected(source, f"{reason}; check the path")
        return
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            yield Rejected(source, "a link that leads back to itself; point it at a file or folder")
        else:
            yield Rejected(source, f"cannot be looked at ({exc.strerror}); check the permissions of its folder")
        return
    if stat.S_ISDIR(mode):
        if given or not path.is_symlink():
            yield from _read_folder(path, limits)
        else:
            yield Rejected(source, "a link to a folder, not followed (it may loop); give the folder itself")
    elif stat.S_ISREG(mode):
        yield from _guarded(source, _read_file(path, limits))
    else:
        yield Rejected(source, "not a regular file (a device, FIFO or socket); give a file or a folder")


def _read_folder(folder: Path, limits: Limits) -> Iterator[Item]:
    unreadable: list[OSError] = []
    for root, folders, files in os.walk(folder, onerror=unreadable.append):
        for error in unreadable:
            yield Rejected(str(error.filename), f"folder cannot be read ({error.strerror}); check its permissions")
        unreadable.clear()
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        # os.walk lists a link to a folder among the files' neighbours but never enters it; report it.
        for name in sorted([*files, *(f for f in folders if (Path(root) / f).is_symlink())]):
            if not name.startswith("."):
                yield from _read_path(Path(root) / name, limits, given=False)
    for error in unreadable:  # the folder itself could not be listed
        yield Rejected(str(error.filename), f"folder cannot be read ({error.strerror}); check its permissions")


def _read_file(path: Path, limits: Limits) -> Iterator[Item]:
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield Rejected(str(path), f"cannot be read ({exc.strerror}); check its permissions")
        return
    with handle:
        yield from read_stream(str(path), handle, limits)


def read_streams(named: Iterable[tuple[str, BinaryIO]], limits: Limits) -> Iterator[Item]:
    """The items of each stream in turn, each stream known by its name."""
    for source, handle in named:
        yield from _guarded(source, read_stream(source, handle, limits))


def read_stream(source: str, handle: BinaryIO, limits: Limits) -> Iterator[Item]:
    """Recognise the format from the first bytes, decompressing gzip, and hand the stream to its reader."""
    head = handle.read(_PEEK_BYTES)
    stream: BinaryIO = io.BufferedReader(_Prefixed(head, handle))
    compressed = head.startswith(_GZIP_MAGIC)
    if compressed:
        head = _peek_gzip(head)
    if head.startswith(b"WARC/"):
        from dossier.ingest.formats.warc import read_warc

        yield from read_warc(source, stream, limits.item_bytes)  # warcio reads .warc.gz itself
        return
    if compressed:
        stream = gzip.GzipFile(fileobj=stream)  # type: ignore[assignment]
    if head.startswith(_UTF16_BOMS):
        yield from _read_whole(source, stream, limits, limits.document_bytes, encoding="utf-16")
        return
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if start == b"{":  # before the binary check: a JSON line holding a NUL is rejected alone, not the file
        yield from _read_json_stream(source, stream, limits)
    elif b"\x00" in head:
        yield Rejected(source, "binary file, not text; give text, JSONL, HTML, a feed or WARC")
    else:
        document = start == b"[" or _looks_like_feed(head)
        yield from _read_whole(source, stream, limits, limits.document_bytes if document else limits.item_bytes)


def _read_whole(
    source: str, stream: BinaryIO, limits: Limits, cap: int, encoding: str = "utf-8-sig"
) -> Iterator[Item]:
    """Read an input that is parsed whole (text, HTML, a feed, a JSON array), up to ``cap`` bytes."""
    try:
        payload = stream.read(cap + 1)
    except _GZIP_DAMAGED as exc:
        yield Rejected(source, f"gzip data is damaged ({exc}); re-create the file")
        return
    if len(payload) > cap:
        setting = "DOSSIER_MAX_ITEM_BYTES" if cap == limits.item_bytes else "DOSSIER_MAX_DOCUMENT_BYTES"
        yield Rejected(source, f"too large (over {cap:,} bytes); split it or raise {setting}")
        return
    if encoding.startswith("utf-8") and b"\x00" in payload:
        yield Rejected(source, "binary file, not text; give text, JSONL, HTML, a feed or WARC")
        return
    text = _decode(payload, encoding)
    if text is None:
        yield Rejected(source, _not_utf8(payload))
        return
    if not text.strip():
        yield Rejected(source, "empty: no text to analyse")
        return
    yield from _dispatch(source, text, limits)


def _read_json_stream(source: str, stream: BinaryIO, limits: Limits) -> Iterator[Item]:
    """JSON Lines, streamed line by line; a pretty-printed JSON document (its first line alone is not JSON)
    is read whole."""
    try:
        first = stream.readline(limits.item_bytes + 1)
    except _GZIP_DAMAGED as exc:
        yield Rejected(source, f"gzip data is damaged ({exc}); re-create the file")
        return
    rest = io.BufferedReader(_Prefixed(first, stream))
    if is_json(first):
        yield from read_json_lines(source, rest, limits.item_bytes)
    else:
        yield from _read_whole(source, rest, limits, limits.document_bytes)


def _dispatch(source: str, text: str, limits: Limits) -> Iterator[Item]:
    head = text.lstrip("\ufeff \t\r\n")[:1024].lower()
    if head.startswith(("{", "[")):
        yield from read_json_text(source, text, limits.item_bytes)
    elif _looks_like_feed(head.encode()):
        from dossier.ingest.formats.feed import read_feed

        yield from read_feed(source, text)
    elif head.startswith("<"):
        from dossier.ingest.formats.html import read_html

        yield from read_html(source, text)
    else:
        yield from read_text(source, text)


def _looks_like_feed(head: bytes) -> bool:
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1024].lower()
    return lowered.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf:rdf")) and any(
        tag in lowered for tag in (b"<rss", b"<feed", b"<rdf:rdf")
    )


def _decode(payload: bytes, encoding: str) -> str | None:
    try:
        return payload.decode(encoding)
    except UnicodeDecodeError:
        # A web page may say which encoding it is in; a plain text file may not, and is never guessed.
        if payload.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] != b"<":
            return None
        from dossier.ingest.formats.html import decode_html

        return decode_html(payload)


def _not_utf8(payload: bytes) -> str:
    try:
        payload.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"not UTF-8 text (bad byte at offset {exc.start}); convert it to UTF-8"
    return "not UTF-8 text; convert it to UTF-8"


def _guarded(source: str, items: Iterator[Item]) -> Iterator[Item]:
    """The items of one input; an exception from its reader ends that input as ``Failed``, not the batch."""
    count = 0
    try:
        for item in items:
            count += 1
            yield item
    except Exception as exc:  # noqa: BLE001 (any reader defect must stay with its input)
        where = source if count == 0 else f"{source} (after {count} items)"
        yield Failed.of(where, "reading", exc)


def _peek_gzip(payload: bytes) -> bytes:
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(payload[:_PEEK_BYTES], _PEEK_BYTES)
    except zlib.error:
        return b""


class _Prefixed(io.RawIOBase):
    """A stream whose first bytes were already read (to recognise the format) put back in front of the rest,
    so that pipes and stdin need no seeking."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._head:
            count = min(len(buffer), len(self._head))
            buffer[:count] = self._head[:count]
            self._head = self._head[count:]
            return count
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)
