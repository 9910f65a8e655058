"""Parquet output through pyarrow (the ``parquet`` extra): the flat layout with typed columns, a row group per
``ROW_GROUP_ROWS`` rows, so that memory holds one row group however many records stream through."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, TYPE_CHECKING, Any

from dossier.errors import ConfigurationError
from dossier.export import Column, flat_row

if TYPE_CHECKING:
    import pyarrow as pa

ROW_GROUP_ROWS = 50_000


def write_parquet(pages: Iterable[list[dict[str, Any]]], columns: tuple[Column, ...], out: IO[bytes]) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise ConfigurationError("the parquet format needs the parquet extra (pyarrow is missing): "
                                 "pip install 'dossier[parquet]'") from exc
    schema = pa.schema([pa.field(column.path, _arrow_type(column)) for column in columns])
    written = 0
    waiting: list[dict[str, Any]] = []
    with pq.ParquetWriter(out, schema) as writer:
        for page in pages:
            waiting += [flat_row(record, columns) for record in page]
            written += len(page)
            if len(waiting) >= ROW_GROUP_ROWS:
                writer.write_table(pa.Table.from_pylist(waiting, schema=schema))
                waiting = []
        if waiting or not written:  # an empty export is still a file with the columns
            writer.write_table(pa.Table.from_pylist(waiting, schema=schema))
    return written


def _arrow_type(column: Column) -> pa.DataType:
    import pyarrow as pa

    types = {"str": pa.string(), "json": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(),
             "date": pa.date32()}
    return types[column.type]
