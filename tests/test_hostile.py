"""A small hostile corpus (scripts/hostile_corpus.py) through the real `dossier ingest`: the batch finishes, nothing
fails, every item ends in exactly one outcome, and the database holds a row for each."""

from __future__ import annotations

import importlib.util
import os
import re
import sqlite3
import sys
from collections import Counter
from contextlib import closing
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from typer.testing import CliRunner

from dossier.cli import app

from .conftest import REPO

SEED = 1201
COUNT = 50  # every kind the generator puts first (one of each format, the truncated files, the worst inputs)
SUMMARY = re.compile(r"^ingest stored=(\d+) duplicate=(\d+) rejected=(\d+) failed=(\d+)$", re.MULTILINE)
OUTCOME_LINE = re.compile(r"^(rejected|failed) ", re.MULTILINE)


def _generator(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    spec = importlib.util.spec_from_file_location("hostile_corpus", REPO / "scripts" / "hostile_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _rows(db: Path) -> dict[str, int]:
    with closing(sqlite3.connect(db)) as conn:
        originals, copies = conn.execute(
            "select count(*) - count(duplicate_of), count(duplicate_of) from articles"
        ).fetchone()
        by_outcome = dict(conn.execute("select outcome, count(*) from rejections group by outcome").fetchall())
    return {"originals": originals, "copies": copies, **by_outcome}


def _files_off(db: Path, corpus: Path, expected: dict[str, Any]) -> list[str]:
    """The files whose rows (articles by their source, rejections) do not match their expected outcomes."""
    files = {str(corpus / f["path"]): f for f in expected["files"]}
    found: Counter[str] = Counter()
    with closing(sqlite3.connect(db)) as conn:
        sources = conn.execute(
            "select source from rejections union all select json_extract(metadata, '$.source') from articles"
        ).fetchall()
    for (source,) in sources:
        found[next((p for p in files if source == p or source.startswith((f"{p}:", f"{p}[", f"{p}#", f"{p} "))), "?")] += 1
    off = []
    for path, f in files.items():
        low = f["outcomes"] if f["outcomes_min"] is None else f["outcomes_min"]
        if not low - f["silent_duplicates"] <= found[path] <= f["outcomes"] - f["silent_duplicates"]:
            off.append(f"  {f['path']}: {found[path]} rows, expected {f['outcomes'] - f['silent_duplicates']} ({f['note']})")
    return off


def test_hostile_corpus_every_item_one_outcome(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [n for n in os.environ if n.startswith("DOSSIER_")]:
        monkeypatch.delenv(name)  # the corpus's expectations assume the default limits
    corpus = tmp_path / "hostile"
    expected: dict[str, Any] = _generator(monkeypatch).generate(corpus, COUNT, SEED)
    assert expected["items"] == COUNT
    db = tmp_path / "hostile.db"

    result = CliRunner().invoke(app, ["ingest", str(corpus), "--db", f"sqlite:///{db}"])

    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit), result.exception  # typer.Exit, not a crash
    assert result.exit_code == 1, result.output[-3000:]  # some items rejected
    summaries = SUMMARY.findall(result.stdout)
    assert len(summaries) == 1, result.stdout[-3000:]
    stored, duplicate, rejected, failed = map(int, summaries[0])
    total = stored + duplicate + rejected + failed
    rows = _rows(db)
    # Every check at once, so that one run names every defect the corpus finds.
    problems = [line for line in result.stderr.splitlines() if line.startswith("failed ")]
    checks = {
        f"outcomes: {total}, expected {expected['outcomes_min']}..{expected['outcomes']}":
            expected["outcomes_min"] <= total <= expected["outcomes"],
        f"printed rejections {len(OUTCOME_LINE.findall(result.stderr))} != rejected + failed {rejected + failed}":
            len(OUTCOME_LINE.findall(result.stderr)) == rejected + failed,
        f"rejected + failed {rejected + failed} < {expected['must_reject']} that must be":
            rejected + failed >= expected["must_reject"],
        f"stored + duplicate {stored + duplicate} < {expected['must_accept']} that must be":
            stored + duplicate >= expected["must_accept"],
        # Stored items are original rows; a duplicate is a row linked to its original, except the same id with the
        # same text again, which adds no row; rejected and failed items are rows of `rejections`.
        f"article rows {rows['originals']} != stored {stored}": rows["originals"] == stored,
        f"copy rows {rows['copies']} + {expected['silent_duplicates']} repeats != duplicate {duplicate}":
            rows["copies"] + expected["silent_duplicates"] == duplicate,
        f"rejection rows {rows.get('rejected', 0)} != rejected {rejected}": rows.get("rejected", 0) == rejected,
        f"failure rows {rows.get('failed', 0)} != failed {failed}": rows.get("failed", 0) == failed,
    }
    problems += [check for check, ok in checks.items() if not ok]
    if problems:
        problems += ["files whose items did not all get an outcome (or one too many):", *_files_off(db, corpus, expected)]
    assert not problems, "\n".join(problems)
