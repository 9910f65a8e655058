"""Headlines are read like the body, with the attribution forms headlines have of their own."""

from __future__ import annotations

from datetime import date

import pytest

from dossier.model import Analysis, Article
from dossier.pipeline import Analyzer

BODY = "Officials spoke on Monday."


def headline(analyzer: Analyzer, title: str) -> Analysis:
    (result,) = analyzer.analyze([Article("h", BODY, title=title, published=date(2024, 11, 4))])
    assert isinstance(result, Analysis)
    return result


@pytest.mark.parametrize(
    ("title", "source", "code", "cue", "content"),
    [
        ("North Korea Sent 1,500 More Troops to Russia, South Korea's Spy Agency Tells Lawmakers",
         "South Korea's Spy Agency", "KOR", "Tells", "North Korea Sent 1,500 More Troops to Russia"),
        ("'Several Hundred' North Korean Casualties in Russia's Kursk – U.S. Official", "U.S. Official", "USA", "–",
         "Several Hundred' North Korean Casualties in Russia's Kursk"),
        ("North Korean troops in Kursk, Ukraine says", "Ukraine", "UKR", "says", "North Korean troops in Kursk"),
        ("Seoul Says 12,000 North Korean Troops Sent to Russia", "Seoul", "KOR", "Says",
         "12,000 North Korean Troops Sent to Russia"),
        ("Kremlin: No North Korean Troops in Russia", "Kremlin", "RUS", ":", "No North Korean Troops in Russia"),
        ("US: 10,000 North Korean soldiers in Russia", "US", "USA", ":", "10,000 North Korean soldiers in Russia"),
    ],
    ids=["comma-tells", "dash-official", "comma-says", "says-first", "colon", "colon-country"],
)
def test_headline_attribution(analyzer: Analyzer, title: str, source: str, code: str, cue: str, content: str) -> None:
    result = headline(analyzer, title)
    (statement,) = [s for s in result.statements if s.in_title]
    assert statement.source is not None and statement.source.actor is not None
    assert (statement.source.text, statement.source.actor.code, statement.cue.text, statement.content.text) == (
        source, code, cue, content
    )
    for span in (statement.source, statement.cue, statement.content):
        assert title[span.start : span.end] == span.text  # offsets point into the title, not the body


def test_a_headline_figure_belongs_to_the_headline_statement(analyzer: Analyzer) -> None:
    result = headline(analyzer, "North Korea Sent 1,500 More Troops to Russia, South Korea's Spy Agency Tells Lawmakers")
    (statement,) = [s for s in result.statements if s.in_title]
    (figure,) = [q for q in result.quantities if q.in_title]
    assert (figure.value, figure.statement, statement.id) == (1500, statement.id, "s2")  # numbered after the body's
    assert result.article.title is not None and result.article.title[figure.start : figure.end] == "1,500"


@pytest.mark.parametrize(
    "title", ["Troops, tanks and drones - the new front line", "Russia, North Korea sign defense pact"]
)
def test_a_comma_or_a_dash_alone_attributes_nothing(analyzer: Analyzer, title: str) -> None:
    statements = [s for s in headline(analyzer, title).statements if s.in_title]
    assert all(s.source is None or s.source.kind == "author" for s in statements)


@pytest.mark.parametrize(
    ("title", "stance"),
    [("Pure Evil: Islamic State Beheads American Journalist", "assert"), ("ISIS Beheads American Journalist", "assert"),
     ("Was the Batmobile Stolen in Detroit?", "question")],
)
def test_a_headline_that_attributes_nothing_is_the_outlets_claim(analyzer: Analyzer, title: str, stance: str) -> None:
    (statement,) = [s for s in headline(analyzer, title).statements if s.in_title]
    assert statement.source is not None and statement.source.kind == "author"
    assert (statement.content.text, statement.stance) == (title, stance)
