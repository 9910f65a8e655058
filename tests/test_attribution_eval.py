"""``dossier eval attribution`` and ``attribution-agreement`` on a tiny brat folder the test writes itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.errors import ConfigurationError
from dossier.evaluate.attribution import evaluate, evaluate_agreement
from dossier.pipeline import Analyzer

SENTENCE = "The minister said that troops had crossed the border."


def attribution(cue: str, source: str | None) -> str:
    """One brat Attribution event over SENTENCE: ``source`` (or none), ``cue`` and the rest as content."""
    start = SENTENCE.index(cue)
    content_start = start + len(cue) + 1
    lines = [
        f"T2\tCue {start} {start + len(cue)}\t{cue}",
        f"T3\tContent {content_start} {len(SENTENCE) - 1}\t{SENTENCE[content_start:-1]}",
        f"T4\tAttribution {start} {start + len(cue)}\t{cue}",
    ]
    if source is None:
        return "\n".join([*lines, "E1\tAttribution-no-source:T4 Cue:T2 Content:T3"]) + "\n"
    source_start = SENTENCE.index(source)
    lines.append(f"T1\tSource {source_start} {source_start + len(source)}\t{source}")
    return "\n".join([*lines, "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3"]) + "\n"


def write_folder(folder: Path, annotations: dict[str, str]) -> Path:
    (folder / "text").mkdir(parents=True)
    (folder / "attributions").mkdir()
    (folder / "text" / "minister.txt").write_text(SENTENCE, encoding="utf-8")
    for annotator, ann in annotations.items():
        (folder / "attributions" / f"minister_{annotator}.ann").write_text(ann, encoding="utf-8")
    return folder


def test_the_system_is_scored_against_the_first_annotator(tmp_path: Path, analyzer: Analyzer) -> None:
    data = write_folder(tmp_path, {"a1": attribution("said", "The minister"), "a2": ""})
    report = evaluate(data, analyzer)
    assert report.documents == 1
    for part in ("source", "cue", "content", "relation"):
        counts = report.counts(f"{part}_overlap")
        assert (counts.true_positives, counts.predicted, counts.gold) == (1, 1, 1), part


def test_agreement_scores_annotator_pairs_and_the_system_against_all_but_the_first(
    tmp_path: Path, analyzer: Analyzer
) -> None:
    data = write_folder(tmp_path, {
        "a1": attribution("said", "The minister"),
        "a2": attribution("said", None),  # the same cue and content, with no source marked
        "a3": "",  # an annotator who saw no attribution
    })
    report = evaluate_agreement(data, analyzer)
    assert report.documents == 1
    annotators = report.counts("annotators_cue_overlap")
    # Pairs a1–a2 (agree), a1–a3 and a2–a3 (the earlier one's cue unmatched): F1 2·1 / (1 + 3).
    assert (annotators.true_positives, annotators.predicted, annotators.gold) == (1, 1, 3)
    relations = report.counts("annotators_relation_overlap")
    assert relations.true_positives == 0  # a source on one side only is not the same relation
    system = report.counts("system_cue_overlap")
    assert (system.true_positives, system.predicted, system.gold) == (1, 2, 1)  # against a2 and a3, not a1


def test_agreement_needs_a_text_with_several_annotators(tmp_path: Path, analyzer: Analyzer) -> None:
    data = write_folder(tmp_path, {"a1": attribution("said", "The minister")})
    with pytest.raises(ConfigurationError, match="more than one annotation file"):
        evaluate_agreement(data, analyzer)
