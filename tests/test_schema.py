"""``dossier analyze --json`` output validates against the JSON Schema kept in the package."""

from __future__ import annotations

import json
from importlib.resources import files

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from dossier.ingest import read_articles
from dossier.model import Article, analysis_record
from dossier.pipeline import Analyzer
from dossier.settings import Settings

from .conftest import SAMPLES

SCHEMA = json.loads(files("dossier").joinpath("schema/analysis.schema.json").read_text())


def sample_articles() -> list[Article]:
    return [a for a in read_articles([str(SAMPLES)], Settings().limits) if isinstance(a, Article)]


def test_schema_is_valid() -> None:
    Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("article", sample_articles(), ids=lambda a: a.id)
def test_record_validates(analyzer: Analyzer, article: Article) -> None:
    record = json.loads(json.dumps(analysis_record(analyzer.analyze_one(article))))
    errors = sorted(Draft202012Validator(SCHEMA, format_checker=FormatChecker()).iter_errors(record), key=str)
    assert errors == []


def test_schema_rejects_a_broken_record(analyzer: Analyzer) -> None:
    record = analysis_record(analyzer.analyze_one(sample_articles()[0]))
    record["entities"][0]["start"] = -1
    assert not Draft202012Validator(SCHEMA).is_valid(record)
