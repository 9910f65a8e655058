"""``dossier train cues`` end to end on a tiny brat folder the test writes itself."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from dossier.errors import ModelUnavailableError
from dossier.pipeline import load_pipeline
from dossier.pipeline.cues import cue_features, read_cue_model
from dossier.settings import Settings
from dossier.train import train_cues

SENTENCES = [
    ("The minister said that troops had crossed the border.", "said"),
    ("Officials said the convoy left on Monday.", "said"),
    ("A spokesman denied that any soldiers were sent.", "denied"),
    ("The agency reported that shells were shipped by rail.", "reported"),
]


# The same words where nobody is quoted: the negative examples.
UNATTRIBUTED = [
    "The reported attack on the depot happened on Monday.",
    "Troops said to be near Kursk were moved by rail.",
]


def write_brat(folder: Path, copies: int) -> None:
    (folder / "text").mkdir(parents=True)
    (folder / "attributions").mkdir()
    for n in range(copies):
        for m, sentence in enumerate(UNATTRIBUTED):
            (folder / "text" / f"plain{n}-{m}.txt").write_text(sentence, encoding="utf-8")
            (folder / "attributions" / f"plain{n}-{m}_a1.ann").write_text("", encoding="utf-8")
        for m, (sentence, cue) in enumerate(SENTENCES):
            name = f"doc{n}-{m}"
            (folder / "text" / f"{name}.txt").write_text(sentence, encoding="utf-8")
            start = sentence.index(cue)
            content_start = start + len(cue) + 1
            ann = (
                f"T1\tSource 0 {start - 1}\t{sentence[: start - 1]}\n"
                f"T2\tCue {start} {start + len(cue)}\t{cue}\n"
                f"T3\tContent {content_start} {len(sentence) - 1}\t{sentence[content_start:-1]}\n"
                f"T4\tAttribution {start} {start + len(cue)}\t{cue}\n"
                "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n"
            )
            (folder / "attributions" / f"{name}_a1.ann").write_text(ann, encoding="utf-8")


def test_training_writes_a_model_that_prefers_the_annotated_cues(tmp_path: Path, settings: Settings) -> None:
    write_brat(tmp_path / "data", copies=5)
    out = tmp_path / "cues.json.gz"
    nlp = load_pipeline(settings.spacy_model, statements=False)
    card = train_cues(tmp_path / "data", nlp, out)
    assert card["documents"] == 30 and card["cue_tokens"] == 20
    with out.open("rb") as handle:
        model = read_cue_model(handle)
    doc = nlp("The ministry said that the border was closed.")
    said, border = doc[2], doc[5]
    assert model.probability(cue_features(said, False, False)) > model.probability(cue_features(border, False, False))


def test_a_damaged_model_file_is_a_clear_error() -> None:
    with pytest.raises(ModelUnavailableError, match="retrain it"):
        read_cue_model(io.BytesIO(b"not gzip at all"))
