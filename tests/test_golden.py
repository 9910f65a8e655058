"""Each sample's analysis equals its golden file (regenerate with scripts/regenerate_golden.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dossier.golden import golden_records
from dossier.pipeline import Analyzer

from .conftest import REPO, SAMPLES

SAMPLE_FILES = sorted(SAMPLES.iterdir())


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.name)
def test_sample_matches_golden(analyzer: Analyzer, sample: Path) -> None:
    golden = REPO / "tests" / "golden" / f"{sample.name}.json"
    expected = json.loads(golden.read_text(encoding="utf-8"))
    actual = json.loads(json.dumps(golden_records(analyzer, sample)))
    assert actual == expected


def test_every_golden_file_has_a_sample() -> None:
    names = {p.name.removesuffix(".json") for p in (REPO / "tests" / "golden").glob("*.json")}
    assert names == {p.name for p in SAMPLE_FILES}
