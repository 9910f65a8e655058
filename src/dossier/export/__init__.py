"""Exports of a whole store (``dossier export``): events, statements or claims, as PLOVER JSON lines (events),
JSON Lines, CSV or Parquet, written a page at a time so that a store of any size streams through bounded memory.

- **jsonl**: one record a line in the contract's shapes: an event or a statement with its global address
  (``{"article", "outlet", "published", "title", "event"|"statement": {...}}``, the record as ``dossier analyze
  --json`` writes it), a claim as ``dossier claims --json`` writes it.
- **plover**: events only, one PLOVER record a line (``dossier.export.plover``).
- **csv** and **parquet**: one row per record, flattened from the jsonl record: nested objects become columns
  named by their path (``statement.source.actor.code``), lists and open-ended objects (``event.source``,
  ``statement.hedges``, a claim's ``statements`` and ``figures``) stay JSON text in one column. In CSV an empty
  cell is null (or an empty text: the cue of an author's own statement) and booleans are ``true``/``false``; in
  Parquet columns have their types (dates, integers, floats, booleans) and nulls are nulls. The columns are
  ``COLUMNS[what]``.

This module holds the formats and the flat layout (cheap to import: the CLI reads them to build its options);
``dossier.export.write`` writes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, Literal


class ExportFormat(StrEnum):
    plover = "plover"
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


class Exported(StrEnum):
    events = "events"
    statements = "statements"
    claims = "claims"


ColumnType = Literal["str", "int", "float", "bool", "date", "json"]


@dataclass(frozen=True, slots=True)
class Column:
    """A column of the flat layout: its path into the jsonl record (dotted) and its type."""

    path: str
    type: ColumnType = "str"

    def value(self, record: dict[str, Any]) -> Any:
        found: Any = record
        for key in self.path.split("."):
            found = found.get(key) if isinstance(found, dict) else None
        return found


_PLACE = (Column("article"), Column("outlet"), Column("published", "date"), Column("title"))


def _span(prefix: str) -> tuple[Column, ...]:
    return Column(f"{prefix}.text"), Column(f"{prefix}.start", "int"), Column(f"{prefix}.end", "int")


COLUMNS: dict[Exported, tuple[Column, ...]] = {
    Exported.events: (
        *_PLACE,
        *(Column(f"event.{name}") for name in ("id", "type", "mode")),
        Column("event.source", "json"), Column("event.target", "json"), Column("event.source_text"),
        Column("event.target_text"), *_span("event"), Column("event.in"), Column("event.date"),
        Column("event.date_from"), Column("event.statement"), Column("event.stance"),
        *(Column(f"event.{flag}", "bool") for flag in ("negated", "future", "hypothetical")),
        Column("event.quantities", "json"),
    ),
    Exported.statements: (
        *_PLACE,
        Column("statement.id"),
        *_span("statement.source"), Column("statement.source.kind"), Column("statement.source.role"),
        *(Column(f"statement.source.actor.{name}") for name in ("id", "name", "kind", "code", "role", "sector")),
        Column("statement.source.mention", "json"),
        *_span("statement.cue"), *_span("statement.content"), Column("statement.stance"),
        Column("statement.via", "json"), Column("statement.hedges", "json"), Column("statement.direct_quote", "bool"),
        Column("statement.responds_to"), Column("statement.in"),
    ),
    Exported.claims: (
        Column("id"), Column("summary"), Column("about", "json"), Column("first_seen", "date"),
        Column("last_seen", "date"), Column("status"), Column("independent_sources", "int"), Column("sources", "json"),
        Column("stance_counts", "json"), Column("statements", "json"), Column("figures", "json"),
    ),
}


def flat_row(record: dict[str, Any], columns: Iterable[Column]) -> dict[str, Any]:
    """A jsonl record as one row of the flat layout: each column's value, JSON text for ``json`` columns and
    dates as ``date``."""
    row: dict[str, Any] = {}
    for column in columns:
        value = column.value(record)
        if value is not None and column.type == "json":
            value = json.dumps(value, ensure_ascii=False)
        elif value is not None and column.type == "date":
            value = date.fromisoformat(value)
        row[column.path] = value
    return row
