"""Golden files: the expected analysis of each bundled sample, stored beside the tests.

``scripts/regenerate_golden.py`` writes them; ``tests/test_golden.py`` compares against them.
Both call ``golden_records`` so the two can never disagree on what is compared.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dossier.ingest import read_articles
from dossier.model import Article, analysis_record
from dossier.pipeline import Analyzer
from dossier.settings import Settings


def golden_records(analyzer: Analyzer, sample: Path) -> list[dict[str, Any]]:
    articles = [a for a in read_articles([str(sample)], Settings().limits) if isinstance(a, Article)]
    records = [analysis_record(analysis) for analysis in analyzer.analyze_strict(articles)]
    for record in records:
        # The version names the code, not the behaviour under test; leaving it out keeps diffs meaningful.
        record["analysis"].pop("pipeline_version")
    return records
