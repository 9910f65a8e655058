"""Every rejection reason: the item is rejected with a reason a person can act on, and the batch goes on."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from dossier.ingest import RawItem, Rejected, clean_item, read_paths, read_payload

from .conftest import BROKEN


def rejection(payload: bytes, limit: int = 1_000_000) -> str:
    (item,) = list(read_payload("input", payload, limit))
    if isinstance(item, RawItem):
        item = clean_item(item)
    assert isinstance(item, Rejected), item
    return item.reason


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        (b"", "empty"),
        (b" \n\t\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        (b"Caf\xe9 society", "not UTF-8"),
        (b"date 2024-13-45 Impossible day\n\nBody.", "unparseable date '2024-13-45'"),
        (b"By Jane Doe\n", "empty: no body text"),
        (b'{"title": "no text field"}\n', "no 'text'"),
        (b'{"text": "fine"}\n{"text": \n', "not valid JSON"),
        (b"<html><head><title>Empty page</title></head><body><div></div></body></html>", "no article text"),
        (gzip.compress(b"x" * 100)[:-8] + b"garbage!", "gzip data is damaged"),
    ],
    ids=["empty", "blank", "binary", "undecodable", "bad-date", "only-byline", "no-text", "bad-json-line",
         "html-no-text", "bad-gzip"],
)
def test_reason(payload: bytes, expected: str) -> None:
    reasons = [
        (i.reason if isinstance(i, Rejected) else None) for i in read_payload("input", payload, 1_000_000)
    ]
    if reasons == [None]:
        reasons = [rejection(payload)]
    assert any(r and expected in r for r in reasons), reasons


def test_too_large() -> None:
    assert "too large" in rejection(b"word " * 100, limit=50)


def test_too_large_after_decompression() -> None:
    assert "too large" in rejection(gzip.compress(b"word " * 1000), limit=500)


def test_missing_path() -> None:
    (item,) = read_paths(["/no/such/file.txt"], 1000)
    assert isinstance(item, Rejected) and "no such file" in item.reason


def test_broken_samples_each_rejected_without_stopping_the_batch() -> None:
    found = [i if isinstance(i, Rejected) else clean_item(i) for i in read_paths([str(BROKEN)], 1_000_000)]
    rejected = {Path(r.source.split(":")[0]).name for r in found if isinstance(r, Rejected)}
    assert rejected == {"bad-date.txt", "bad-lines.jsonl", "empty.txt", "latin1.txt", "picture.png"}
    # The good line of bad-lines.jsonl still becomes an article.
    assert [a.id for a in found if not isinstance(a, Rejected)] == ["ok-1"]
