"""JSON: JSON Lines streamed line by line, or one document holding an article or an array of them."""

from __future__ import annotations

import io
import json
import re
import zlib
from collections.abc import Iterator
from typing import Any, BinaryIO

from dossier.ingest.formats.text import read_text
from dossier.ingest.items import ItemOrRejection, RawItem, Rejected, author_list

_JSONL_KNOWN = {"id", "url", "outlet", "section", "title", "author", "authors", "published", "text"}
_SCALAR_FIELDS = ("id", "url", "outlet", "section", "title", "published")
_ARRAY_OF_OBJECTS = re.compile(r"\A[\ufeff\s]*\[\s*\{")
_SKIP_BYTES = 1 << 20
MAX_DEPTH = 64  # lists and objects in an article's fields: metadata, never a tree


def is_json(text: str | bytes) -> bool:
    """Whether the text is one whole JSON value (JSON Lines' first line is; a pretty-printed document's is not).
    A value nested too deeply to parse counts: it is JSON, and its reader rejects it."""
    try:
        json.loads(text)
    except RecursionError:
        return True
    except ValueError:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        return False
    return True


def read_json_text(source: str, text: str, max_line_bytes: int) -> Iterator[ItemOrRejection]:
    """One JSON document holding an article or an array of them, else JSON Lines. Text that opens with ``[``
    but is no array of objects ("[Reuters] Troops…") is plain text."""
    try:
        document = json.loads(text)
    except RecursionError:
        if text.lstrip("\ufeff \t\r\n").startswith("[") and not _ARRAY_OF_OBJECTS.match(text):
            yield from read_text(source, text)  # "[[[[…": brackets, not articles
        else:
            yield _too_deep(source)
        return
    except ValueError:  # JSONDecodeError, or a number of over 4,300 digits
        if text.lstrip("\ufeff \t\r\n").startswith("["):
            if _ARRAY_OF_OBJECTS.match(text):
                yield Rejected(source, "not valid JSON (a JSON array of articles that does not parse); fix the file")
            else:
                yield from read_text(source, text)
            return
        yield from read_json_lines(source, io.BytesIO(text.encode("utf-8", "surrogatepass")), max_line_bytes)
        return
    if isinstance(document, list):
        if not document:
            yield Rejected(source, "empty: a JSON array with no articles")
        for number, obj in enumerate(document, start=1):
            yield _json_article(f"{source}[{number}]", obj)
    else:
        yield _json_article(source, document)


def read_json_lines(source: str, stream: BinaryIO, max_line_bytes: int) -> Iterator[ItemOrRejection]:
    """JSON Lines, one article object a line, streamed: the size limit applies to each line, and a damaged
    stream (a gzip file cut short) rejects what remains of it, with the line it stopped at."""
    number = 0
    try:
        while line := stream.readline(max_line_bytes + 1):
            number += 1
            where = f"{source}:{number}"
            if len(line) > max_line_bytes and not line.endswith(b"\n"):
                while (rest := stream.readline(_SKIP_BYTES)) and not rest.endswith(b"\n"):
                    pass  # the rest of the oversized line, read and dropped in bounded pieces
                yield Rejected(where, f"line too large (over {max_line_bytes:,} bytes); split it or raise "
                               "DOSSIER_MAX_ITEM_BYTES")
                continue
            if not line.strip():
                continue
            yield _json_line(where, line)
    except (OSError, EOFError, zlib.error) as exc:
        yield Rejected(f"{source}:{number + 1}", f"the file is damaged from here on ({exc}); re-create it")


def _json_line(where: str, line: bytes) -> ItemOrRejection:
    if b"\x00" in line:
        return Rejected(where, "binary data (NUL bytes) in the line, not text; fix or remove the line")
    try:
        text = line.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Rejected(where, f"not UTF-8 text (bad byte at offset {exc.start} of the line); convert it to UTF-8")
    try:
        obj = json.loads(text)
    except RecursionError:
        return _too_deep(where)
    except json.JSONDecodeError as exc:
        return Rejected(where, f"not valid JSON ({exc.msg} at column {exc.colno}); fix or remove the line")
    except ValueError as exc:  # a number too long for Python to convert (over 4,300 digits)
        return Rejected(where, f"not readable JSON ({exc}); fix or remove the line")
    return _json_article(where, obj)


def _deeper_than(value: Any, limit: int) -> bool:
    """Whether lists and objects nest more than ``limit`` deep (walked without recursion)."""
    level: list[Any] = [value]
    for _ in range(limit + 1):
        level = [child for item in level if isinstance(item, dict | list)
                 for child in (item.values() if isinstance(item, dict) else item)]
        if not level:
            return False
    return True


def _too_deep(where: str) -> Rejected:
    return Rejected(where, "JSON nested too deeply to read (an article is a flat object); fix the data")


def _json_article(where: str, obj: Any) -> ItemOrRejection:
    if not isinstance(obj, dict):
        return Rejected(where, "a JSON article must be an object with at least a 'text' field")
    if _deeper_than(obj, MAX_DEPTH):
        return _too_deep(where)
    body = obj.get("text")
    if not isinstance(body, str):
        return Rejected(where, "no 'text' string field: nothing to analyse")
    for name in _SCALAR_FIELDS:
        value = obj.get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, str | int | float)):
            return Rejected(where, f"field {name!r} must be a string or a number, not {type(value).__name__}; fix "
                            "the data")
    return RawItem(
        where,
        body,
        "jsonl",
        id=_optional_str(obj.get("id")),
        url=_optional_str(obj.get("url")),
        outlet=_optional_str(obj.get("outlet") or obj.get("section")),
        title=_optional_str(obj.get("title")),
        authors=author_list(obj.get("authors", obj.get("author"))),
        published=_optional_str(obj.get("published")),
        metadata={k: v for k, v in obj.items() if k not in _JSONL_KNOWN},
    )


def _optional_str(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return str(value)
