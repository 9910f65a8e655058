"""Each sample's analysis equals its golden file (regenerate with scripts/regenerate_golden.py).

The golden files are snapshots of what the pipeline produces today, not a gold standard: known_wrong.json lists the
entries known to be wrong (see tests/golden/README.md).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dossier.golden import golden_records
from dossier.pipeline import Analyzer

from .conftest import REPO, SAMPLES

SAMPLE_FILES = sorted(SAMPLES.iterdir())
GOLDEN = REPO / "tests" / "golden"
KNOWN_WRONG = GOLDEN / "known_wrong.json"


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.name)
def test_sample_matches_golden(analyzer: Analyzer, sample: Path) -> None:
    golden = REPO / "tests" / "golden" / f"{sample.name}.json"
    expected = json.loads(golden.read_text(encoding="utf-8"))
    actual = json.loads(json.dumps(golden_records(analyzer, sample)))
    assert actual == expected


def test_every_golden_file_has_a_sample() -> None:
    names = {p.name.removesuffix(".json") for p in GOLDEN.glob("*.json") if p != KNOWN_WRONG}
    assert names == {p.name for p in SAMPLE_FILES}


def _resolve(document: Any, pointer: str) -> Any:
    """The value at an RFC 6901 JSON Pointer; KeyError, IndexError or ValueError where there is none."""
    for token in pointer.split("/")[1:] if pointer else []:
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(document, list):
            if not token.isdigit() or (token != "0" and token.startswith("0")):
                raise ValueError(f"{token!r} is not an array index")
            document = document[int(token)]
        else:
            document = document[token]
    return document


def test_known_wrong_entries_still_hold() -> None:
    """Each entry of known_wrong.json still points at its value: a change that alters one must update the list."""
    known_wrong = json.loads(KNOWN_WRONG.read_text(encoding="utf-8"))
    stale = []
    for name, entries in known_wrong.items():
        if name == "missed":
            continue
        golden = json.loads((GOLDEN / name).read_text(encoding="utf-8"))
        for entry in entries:
            try:
                value = _resolve(golden, entry["pointer"])
            except (KeyError, IndexError, ValueError, TypeError):
                stale.append(f"{name}{entry['pointer']}: no longer resolves")
                continue
            if _canonical(value) != _canonical(entry["is"]):  # strict: 1 is not true, 100 is not "100"
                stale.append(f"{name}{entry['pointer']}: is {value!r}, the list says {entry['is']!r}")
            elif _canonical(entry["is"]) == _canonical(entry["should_be"]):
                stale.append(f"{name}{entry['pointer']}: already what it should be")
    advice = "known_wrong.json is stale: remove the entries a change fixed, update those it moved"
    assert not stale, advice + "\n" + "\n".join(stale)


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True)
