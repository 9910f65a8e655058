"""dossier's components declare what they read and write, so that spaCy's ``analyze_pipes`` can check that each
one runs after the components that set what it needs."""

from __future__ import annotations

from dossier.pipeline import Analyzer, load_pipeline
from dossier.settings import Settings

COMPONENTS = {"dossier_paragraphs", "dossier_actors", "dossier_statements", "dossier_quantities", "dossier_times"}


def test_the_pipeline_has_no_unmet_requirements(analyzer: Analyzer) -> None:
    analysis = analyzer.nlp.analyze_pipes(pretty=False)
    assert analysis is not None
    problems = analysis["problems"]
    assert COMPONENTS <= problems.keys()
    assert {name: missing for name, missing in problems.items() if missing} == {}


def test_the_pipeline_without_statements_has_no_unmet_requirements(settings: Settings) -> None:
    """``dossier train cues`` leaves the statement extractor out; the quantities do without its statements."""
    nlp = load_pipeline(settings.spacy_model, statements=False)
    analysis = nlp.analyze_pipes(pretty=False)
    assert analysis is not None
    problems = analysis["problems"]
    assert COMPONENTS - {"dossier_statements"} <= problems.keys()
    assert {name: missing for name, missing in problems.items() if missing} == {}
