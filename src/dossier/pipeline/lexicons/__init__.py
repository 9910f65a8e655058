"""The word lists the pipeline's rules read: one file per list beside this module, each saying what it is for.

A ``.txt`` file is a list: one entry per line (an entry may be several words); lines starting with ``#``
and blank lines are not entries. A ``.json`` file is a table: ``{"about": "what it is for", "entries":
{key: value}}``, keys in the order written. Each file is read once per process.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from importlib.resources import files
from types import MappingProxyType
from typing import Any


@cache
def entries(name: str) -> tuple[str, ...]:
    """A list's entries, or a table's keys, in the order written, repeats kept (``tests/test_lexicons.py``
    checks that there are none)."""
    if _is_table(name):
        return tuple(key for key, _ in _table_pairs(name))
    lines = (line.strip() for line in _read(f"{name}.txt").splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


@cache
def words(name: str) -> frozenset[str]:
    """A list as a set, for membership tests."""
    return frozenset(entries(name))


@cache
def table(name: str) -> Mapping[str, Any]:
    """A table, read-only: the lexicons are shared by every Doc of the process."""
    return MappingProxyType(dict(_table_pairs(name)))


def about(name: str) -> str:
    """What a list or table is for: its ``#`` header, or its ``about``."""
    if _is_table(name):
        return str(_table_document(name).get("about", ""))
    header = (line.strip() for line in _read(f"{name}.txt").splitlines() if line.startswith("#"))
    return " ".join(line.lstrip("#").strip() for line in header)


def names() -> list[str]:
    """Every list and table, by name."""
    return sorted(
        path.name.rsplit(".", 1)[0] for path in files(__name__).iterdir() if path.name.endswith((".txt", ".json"))
    )


def _is_table(name: str) -> bool:
    return files(__name__).joinpath(f"{name}.json").is_file()


def _table_pairs(name: str) -> list[tuple[str, Any]]:
    pairs: list[tuple[str, Any]] = _table_document(name)["entries"]
    return pairs


def _table_document(name: str) -> dict[str, Any]:
    # Objects read as lists of pairs rather than dicts, so that a key written twice is still there for the
    # duplicate test to see.
    return dict(json.loads(_read(f"{name}.json"), object_pairs_hook=list))


def _read(file: str) -> str:
    return files(__name__).joinpath(file).read_text(encoding="utf-8")
