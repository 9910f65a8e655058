from __future__ import annotations

import csv
import itertools
from pathlib import Path

import pytest

from dossier.claims.stance import (
    LinearModel,
    default_stance_model,
    fnc_stance,
    stance_of,
)
from dossier.claims.stance_features import body_passages, delexicalised, statement_passage, words
from dossier.evaluate.stance import evaluate_stance, fnc_score
from dossier.model import Analysis, Article, Source, SourceKind, Stance, Statement, TextSpan
from dossier.pipeline import Analyzer

CLAIM = "North Korean troops are fighting for Russia"


def _span(text: str, part: str) -> TextSpan:
    start = text.index(part)
    return TextSpan(part, start, start + len(part))


def _statement(
    text: str,
    cue: str,
    content: str,
    stance: Stance = "assert",
    source: tuple[str, SourceKind] | None = None,
    hedges: tuple[str, ...] = (),
    number: int = 1,
) -> Statement:
    said = _span(text, content)
    # The pipeline's outlet's own claim: an empty source and cue where the content starts.
    named = Source("", said.start, said.start, "author")
    if source is not None:
        where = _span(text, source[0])
        named = Source(where.text, where.start, where.end, source[1])
    return Statement(
        id=f"s{number}",
        source=named,
        cue=_span(text, cue) if cue else TextSpan("", said.start, said.start),
        content=said,
        stance=stance,
        hedges=tuple(_span(text, h) for h in hedges),
    )


def _headline(text: str, *statements: Statement) -> Analysis:
    """An Emergent-style article: the headline given as the body."""
    return Analysis(Article(id="a1", body=text), statements=statements)


def test_a_denial_is_against() -> None:
    text = "Kremlin denies reports that North Korean troops are fighting for Russia"
    denial = _statement(
        text,
        "denies",
        "reports that North Korean troops are fighting for Russia",
        "deny",
        ("Kremlin", "government"),
    )
    judgement = stance_of(CLAIM, _headline(text, denial))
    assert judgement.label == "against"
    assert abs(sum(judgement.probabilities.values()) - 1.0) < 1e-9


def test_a_hoax_headline_is_against() -> None:
    text = "Hoax: North Korean troops are not fighting for Russia"
    claim = _statement(text, "", text)
    assert stance_of(CLAIM, _headline(text, claim)).label == "against"


def test_a_hedged_report_observes() -> None:
    text = "North Korean troops may be fighting for Russia, Seoul reportedly says"
    report = _statement(
        text,
        "says",
        "North Korean troops may be fighting for Russia",
        source=("Seoul", "government"),
        hedges=("may",),
    )
    assert stance_of(CLAIM, _headline(text, report)).label == "observing"


def test_a_plain_assertion_is_for() -> None:
    text = "North Korean troops are fighting for Russia in Kursk"
    own = _statement(text, "", text)
    assert stance_of(CLAIM, _headline(text, own)).label == "for"


def test_a_refusal_is_not_for() -> None:
    text = "Pentagon refuses to confirm that North Korean troops are fighting for Russia"
    refusal = _statement(
        text,
        "refuses to confirm",
        "North Korean troops are fighting for Russia",
        "refuse",
        ("Pentagon", "government"),
    )
    assert stance_of(CLAIM, _headline(text, refusal)).label != "for"


def test_one_statement_of_an_article_is_judged_on_its_own() -> None:
    body = (
        "Seoul said North Korean troops are fighting for Russia. "
        "The Kremlin called the reports that North Korean troops are fighting for Russia fake."
    )
    first = _statement(
        body, "said", "North Korean troops are fighting for Russia", source=("Seoul", "government")
    )
    denial = _statement(
        body,
        "called",
        "the reports that North Korean troops are fighting for Russia fake",
        "deny",
        ("The Kremlin", "government"),
        number=2,
    )
    analysis = Analysis(Article(id="a2", body=body), statements=(first, denial))
    assert statement_passage(analysis, denial).text.startswith("The Kremlin called")
    assert stance_of(CLAIM, analysis, denial).label == "against"
    assert stance_of(CLAIM, analysis, first).label != "against"


def test_an_unrelated_body_is_unrelated() -> None:
    body = (
        "A cat in Ohio has learned to open the fridge. Its owner said the cat, named Biscuit, "
        "took the milk out twice last week. Neighbours filmed the feat and the video has been watched a million times."
    )
    statement = _statement(
        body,
        "said",
        "the cat, named Biscuit, took the milk out twice last week",
        source=("Its owner", "person"),
    )
    assert fnc_stance(CLAIM, Analysis(Article(id="a3", body=body), statements=(statement,))) == "unrelated"


def test_a_body_repeating_the_claim_is_related() -> None:
    body = (
        "North Korean troops are fighting for Russia, Ukraine's military intelligence said on Friday. "
        "Thousands of North Korean soldiers were sent to fight for Russia in the Kursk region, it said."
    )
    first = _statement(
        body,
        "said",
        "North Korean troops are fighting for Russia",
        source=("Ukraine's military intelligence", "government"),
    )
    assert fnc_stance(CLAIM, Analysis(Article(id="a4", body=body), statements=(first,))) != "unrelated"


def test_overlapping_statements_make_one_passage() -> None:
    body = "Officials said Kyiv claimed troops arrived. Nothing else happened today."
    outer = _statement(body, "said", "Kyiv claimed troops arrived", source=("Officials", "government"))
    inner = _statement(body, "claimed", "troops arrived", source=("Kyiv", "government"), number=2)
    own = _statement(body, "", "Nothing else happened today.", number=3)
    passages = body_passages(Analysis(Article(id="a5", body=body), statements=(outer, inner, own)), limit=10)
    assert [p.text for p in passages] == [
        "Officials said Kyiv claimed troops arrived",
        "Nothing else happened today.",
    ]
    assert [len(p.statements) for p in passages] == [2, 1]


def test_delexicalised_keeps_the_frame() -> None:
    assert delexicalised(words("Troops in Russia? Not true"), {"troop", "russia"}) == [
        "_c_",
        "in",
        "_c_",
        "?",
        "not",
        "true",
    ]


def test_binned_linear_model() -> None:
    model = LinearModel(("no", "yes"), (0.0, 0.0), {"x#1": (-1.0, 1.0)}, {"x": (0.5,)})
    assert model.expanded({"x": 0.7}) == {"x": 0.7, "x#1": 1.0}
    assert model.probabilities({"x": 0.7})["yes"] > 0.8
    assert model.probabilities({"x": 0.2}) == {"no": 0.5, "yes": 0.5}


def test_fnc_score_weighs_related_pairs() -> None:
    gold = ["unrelated", "agree", "discuss"]
    assert fnc_score(gold, gold) == 1.0
    # an unrelated pair right earns 0.25 of 2.25; a related pair called by the wrong related label 0.25 of its 1.0
    assert fnc_score(gold, ["unrelated", "discuss", "unrelated"]) == pytest.approx(0.5 / 2.25)


def test_the_shipped_model_loads_with_both_parts() -> None:
    model = default_stance_model()
    assert set(model.headline.labels) == {"for", "against", "observing"}
    assert model.related is not None and set(model.related.labels) == {"related", "unrelated"}
    assert model.fnc_stance is not None and set(model.fnc_stance.labels) == {"agree", "disagree", "discuss"}
    assert model.idf


@pytest.mark.shared_data
def test_evaluate_stance_on_emergent(shared: Path, analyzer: Analyzer, tmp_path: Path) -> None:
    source = shared / "data" / "emergent" / "url-versions-2015-06-14-clean-train.csv"
    sample = tmp_path / "emergent.csv"
    with (
        source.open(newline="", encoding="utf-8") as handle,
        sample.open("w", newline="", encoding="utf-8") as out,
    ):
        reader = csv.DictReader(handle)
        writer = csv.DictWriter(out, fieldnames=list(reader.fieldnames or []))
        writer.writeheader()
        writer.writerows(itertools.islice(reader, 150))
    lines = evaluate_stance(sample, analyzer).lines()
    last = dict(item.split("=") for item in lines[-1].split()[1:])
    assert lines[-1].startswith("stance accuracy=")
    assert set(last) == {"accuracy", "f1_for", "f1_against", "f1_observing", "n"}
    assert last["n"] == "150"
    assert float(last["accuracy"]) > 0.7  # in-sample: the shipped model was trained on these rows
