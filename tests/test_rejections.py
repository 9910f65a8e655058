"""Every rejection reason: the item is rejected with a reason a person can act on, and the batch goes on."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from dossier.ingest import RawItem, Rejected, clean_item, read_articles, read_paths, read_payload
from dossier.model import Article

from .conftest import BROKEN, limits


def reasons(payload: bytes, limit: int = 1_000_000) -> list[str]:
    """The rejection reason of every item the payload yields (read, then cleaned); accepted items give none."""
    found = []
    for item in read_payload("input", payload, limits(limit)):
        outcome = item if not isinstance(item, RawItem) else clean_item(item, 200_000)
        if isinstance(outcome, Rejected):
            found.append(outcome.reason)
    return found


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
    found = reasons(payload)
    assert any(expected in reason for reason in found), found


def test_too_large() -> None:
    assert reasons(b"word " * 100, limit=50) == ["too large (over 50 bytes); split it or raise DOSSIER_MAX_ITEM_BYTES"]


def test_too_large_after_decompression() -> None:
    (reason,) = reasons(gzip.compress(b"word " * 1000), limit=500)
    assert reason.startswith("too large")


def test_missing_path() -> None:
    (item,) = read_paths(["/no/such/file.txt"], limits(1000))
    assert isinstance(item, Rejected) and "no such file" in item.reason


def test_broken_samples_each_rejected_without_stopping_the_batch() -> None:
    found = list(read_articles([str(BROKEN)], limits()))
    rejected = {Path(r.source.split(":")[0]).name for r in found if isinstance(r, Rejected)}
    assert rejected == {"bad-date.txt", "bad-lines.jsonl", "empty.txt", "latin1.txt", "picture.png"}
    # The good line of bad-lines.jsonl still becomes an article.
    assert [a.id for a in found if isinstance(a, Article)] == ["ok-1"]
