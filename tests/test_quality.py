"""Quality gate: the scores each capability reaches on the shared dev data, pinned a little below the
numbers reported in the closing notes, so that a change which lowers one fails here rather than going
unnoticed. Skipped when ../shared is absent; raise a floor when a change lifts its score for good."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.evaluate import TASKS
from dossier.pipeline import Analyzer
from dossier.settings import Settings
from dossier.train_linking import train_linking
from dossier.train_stance import cross_validate_stance

MEANTIME = "meantime-en/data/meantime_newsreader_english_oct15/intra-doc_annotation"
EMERGENT = "emergent/url-versions-2015-06-14-clean-train.csv"

FLOORS = [
    ("timex", "timebank", {"value_f1": 0.805, "relaxed_f1": 0.940, "type_f1": 0.890}),
    ("timex", MEANTIME, {"value_f1": 0.790, "relaxed_f1": 0.905}),
    ("attribution", "polnear/data/dev", {
        "cue_overlap_f1": 0.770, "source_overlap_f1": 0.765, "content_overlap_f1": 0.770, "relation_overlap_f1": 0.690,
    }),
    ("quantities", "quantities/recognizers/age-model.json", {"value_f1": 0.970, "value_unit_f1": 0.970}),
    ("quantities", "quantities/recognizers/currency-model.json", {"value_f1": 0.930, "value_unit_f1": 0.865}),
    ("quantities", "quantities/recognizers/dimension-model.json", {"value_f1": 0.905, "value_unit_f1": 0.850}),
    ("quantities", "quantities/newsquant-dev/NewsQuant-dev.json", {
        "value_f1": 0.950, "value_unit_f1": 0.882, "value_change_f1": 0.815,
    }),
    # A regression check only: quantulum3's own unit tests, its unit names (quantulum's vocabulary, not CQE's).
    ("quantities", "quantities/quantulum3-tests/quantulum3/_lang/en_US/tests/quantities.json", {
        "value_f1": 0.665, "value_unit_f1": 0.360,
    }),
    ("quantities", "quantities/recognizers/temperature-model.json", {"value_f1": 0.995, "value_unit_f1": 0.965}),
    # In sample: the linking threshold was chosen on this file (its held-out score is the next test's).
    ("linking", EMERGENT, {"bcubed_f1": 0.830}),
    # In sample: the stance model was trained on this file (its held-out score is below). FNC-1 takes 5 minutes to
    # score and is left out of the gate.
    ("stance", EMERGENT, {"accuracy": 0.860}),
]


@pytest.mark.parametrize(("task", "data", "floors"), FLOORS, ids=[f"{t}:{Path(d).stem}" for t, d, _ in FLOORS])
def test_dev_scores_stay_above_their_floors(shared: Path, analyzer: Analyzer, task: str, data: str, floors: dict[str, float]) -> None:
    metrics = TASKS[task](shared / "data" / data, analyzer).metrics()
    below = {name: round(metrics[name], 3) for name, floor in floors.items() if metrics[name] < floor}
    assert not below, f"{task} on {data} fell below its floor: {below} (floors {floors})"


def test_linking_held_out_score_stays_above_its_floor(shared: Path, analyzer: Analyzer, tmp_path: Path) -> None:
    """Claim-disjoint cross-validation on Emergent, as ``dossier train linking`` reports it (0.903 when written)."""
    card = train_linking(shared / "data" / EMERGENT, analyzer, Settings(), tmp_path / "linking.json")
    assert float(card["cv_bcubed_f1"]) >= 0.895, card  # type: ignore[arg-type]


def test_stance_held_out_score_stays_above_its_floor(shared: Path, analyzer: Analyzer) -> None:
    """Emergent, 5 folds by claim, as ``dossier train stance --cross-validate`` reports it (0.768 when written)."""
    metrics = cross_validate_stance(shared / "data" / EMERGENT, analyzer).metrics()
    assert metrics["accuracy"] >= 0.755, metrics
