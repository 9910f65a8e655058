"""Golden files: the expected analysis of each bundled sample, stored beside the tests.

``scripts/regenerate_golden.py`` writes them; ``tests/test_golden.py`` compares against them.
Both call ``golden_records`` so the two can never disagree on what is compared.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from dossier import queries
from dossier.ingest import read_articles
from dossier.model import Article, analysis_record, claim_record
from dossier.pipeline import Analyzer
from dossier.settings import Settings
from dossier.store import open_store


def golden_records(analyzer: Analyzer, sample: Path) -> list[dict[str, Any]]:
    articles = [a for a in read_articles([str(sample)], Settings().limits) if isinstance(a, Article)]
    records = [analysis_record(analysis) for analysis in analyzer.analyze_strict(articles)]
    for record in records:
        # The version names the code, not the behaviour under test; leaving it out keeps diffs meaningful.
        record["analysis"].pop("pipeline_version")
    return records


def golden_claims(analyzer: Analyzer, samples: Path) -> list[dict[str, Any]]:
    """Every claim the samples make, ingested together into a new store (``dossier claims --json --min-size 1``)."""
    from dossier.ingestion import Ingestor

    with tempfile.TemporaryDirectory(prefix="dossier-golden-") as folder:
        settings = Settings(db=f"sqlite:///{folder}/golden.db")
        store = open_store(settings.db)
        try:
            Ingestor(store, analyzer, settings).run(read_articles([str(samples)], settings.limits))
            return [claim_record(c) for c in queries.claims(store, limit=10_000).items]
        finally:
            store.close()
