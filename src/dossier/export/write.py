"""Writing an export: records read a page at a time (``dossier.queries.export``), written as they come."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import IO, Any

from dossier.errors import ConfigurationError
from dossier.export import COLUMNS, Column, Exported, ExportFormat, flat_row
from dossier.export.plover import plover_record
from dossier.model import claim_record, placed_record, to_jsonable
from dossier.queries.export import PAGE_SIZE, ExportedEvent, claim_pages, event_pages, statement_pages
from dossier.store import Store


def export(store: Store, what: Exported, fmt: ExportFormat, out: IO[bytes], page_size: int = PAGE_SIZE) -> int:
    """Write every ``what`` of the store to ``out`` in ``fmt``; the number of records written."""
    if fmt is ExportFormat.plover and what is not Exported.events:
        raise ConfigurationError(f"the plover format is for events; export {what} as jsonl, csv or parquet")
    pages = record_pages(store, what, page_size, plover=fmt is ExportFormat.plover)
    if fmt is ExportFormat.parquet:
        from dossier.export.parquet import write_parquet

        return write_parquet(pages, COLUMNS[what], out)
    if fmt is ExportFormat.csv:
        return _write_csv(pages, COLUMNS[what], out)
    return _write_lines(pages, out)


def export_file(store: Store, what: Exported, fmt: ExportFormat, path: Path, page_size: int = PAGE_SIZE) -> int:
    """``export`` to a file, written beside it and renamed at the end: a failed export never leaves a truncated
    file where a complete one is expected."""
    partial = path.with_name(path.name + ".partial")
    try:
        with partial.open("wb") as sink:
            written = export(store, what, fmt, sink, page_size)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(path)
    return written


def record_pages(store: Store, what: Exported, page_size: int = PAGE_SIZE, plover: bool = False
                 ) -> Iterator[list[dict[str, Any]]]:
    """The store's ``what`` as JSON-ready records (the jsonl shapes, or PLOVER records of events), a page at a time."""
    if what is Exported.events:
        for events in event_pages(store, page_size):
            yield [plover_record(e) if plover else _event_record(e) for e in events]
    elif what is Exported.statements:
        for hits in statement_pages(store, page_size):
            yield [{"article": h.article_id, "outlet": h.outlet, "published": to_jsonable(h.published),
                    "title": h.title, "statement": placed_record(h.statement)} for h in hits]
    else:
        for claims in claim_pages(store, page_size):
            yield [claim_record(claim) for claim in claims]


def _event_record(found: ExportedEvent) -> dict[str, Any]:
    article = found.provenance
    return {"article": article.article_id, "outlet": article.outlet, "published": to_jsonable(article.published),
            "title": article.title, "event": placed_record(found.event)}


def _write_lines(pages: Iterable[list[dict[str, Any]]], out: IO[bytes]) -> int:
    written = 0
    for page in pages:
        out.write("".join(json.dumps(record, ensure_ascii=False) + "\n" for record in page).encode())
        written += len(page)
    return written


class _BytesLines:
    """A text sink for ``csv.writer`` over a binary stream (UTF-8), so that stdout and files take the same path."""

    def __init__(self, out: IO[bytes]) -> None:
        self.out = out

    def write(self, text: str) -> int:
        return self.out.write(text.encode())


def _write_csv(pages: Iterable[list[dict[str, Any]]], columns: tuple[Column, ...], out: IO[bytes]) -> int:
    writer = csv.writer(_BytesLines(out), lineterminator="\n")
    writer.writerow([column.path for column in columns])
    written = 0
    for page in pages:
        writer.writerows([_csv_cell(value) for value in flat_row(record, columns).values()] for record in page)
        written += len(page)
    return written


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
