"""Entities linked to actors: countries by every name news uses, people with roles and countries."""

from __future__ import annotations

import pytest

from dossier.model import Actor, Article, Entity
from dossier.pipeline import Analyzer


def entities(analyzer: Analyzer, body: str, captions: tuple[str, ...] = ()) -> list[Entity]:
    return list(analyzer.analyze_one(Article("t", body, captions=captions)).entities)


def actor_of(found: list[Entity], text: str) -> Actor:
    actor = next(e.actor for e in found if e.text == text)
    assert actor is not None, text
    return actor


@pytest.mark.parametrize(
    ("sentence", "mention", "code"),
    [
        ("Pyongyang sent troops to the front.", "Pyongyang", "PRK"),
        ("The Kremlin denied the report on Tuesday.", "Kremlin", "RUS"),
        ("Officials in Moscow declined to comment.", "Moscow", "RUS"),
        ("Kyiv said the attack was repelled.", "Kyiv", "UKR"),
        ("Seoul raised its alert level.", "Seoul", "KOR"),
        ("Washington imposed new sanctions.", "Washington", "USA"),
        ("Beijing urged restraint.", "Beijing", "CHN"),
        ("North Korean soldiers were seen near the border.", "North Korean", "PRK"),
        ("The United States and Britain condemned the move.", "Britain", "GBR"),
    ],
)
def test_countries_by_name_capital_demonym_and_seat(analyzer: Analyzer, sentence: str, mention: str, code: str) -> None:
    actor = actor_of(entities(analyzer, sentence), mention)
    assert (actor.kind, actor.code, actor.id) == ("country", code, f"country:{code}")


def test_possessive_is_trimmed(analyzer: Analyzer) -> None:
    found = entities(analyzer, "South Korea’s defence minister said a deployment was highly likely.")
    assert "South Korea" in [e.text for e in found]
    span = next(e for e in found if e.text == "South Korea")
    assert (span.start, span.end) == (0, 11)


def test_numbers_are_not_entities(analyzer: Analyzer) -> None:
    found = entities(analyzer, "An estimated 1.5 million shells came from North Korea last year.")
    assert [e.text for e in found] == ["North Korea"]


def test_role_and_country_from_a_title_before_the_name(analyzer: Analyzer) -> None:
    actor = actor_of(entities(analyzer, "Kremlin spokesman Dmitry Peskov has denied the report."), "Dmitry Peskov")
    assert (actor.id, actor.kind, actor.code, actor.role) == ("person:dmitry-peskov", "person", "RUS", "Kremlin spokesman")


def test_role_from_a_title_appositive(analyzer: Analyzer) -> None:
    text = "Matthew Miller, US state department spokesman, said it would mark an escalation."
    actor = actor_of(entities(analyzer, text), "Matthew Miller")
    assert (actor.code, actor.role) == ("USA", "US state department spokesman")


def test_role_from_a_title_appositive_with_an_article(analyzer: Analyzer) -> None:
    text = '"We have no such information," said Dmitry Peskov, the Kremlin spokesman.'
    actor = actor_of(entities(analyzer, text), "Dmitry Peskov")
    assert (actor.code, actor.role) == ("RUS", "Kremlin spokesman")


def test_title_with_of(analyzer: Analyzer) -> None:
    actor = actor_of(entities(analyzer, "Secretary of State Antony Blinken spoke in Seoul."), "Antony Blinken")
    assert actor.role == "Secretary of State"


def test_short_name_is_the_same_actor_as_the_full_name(analyzer: Analyzer) -> None:
    found = entities(analyzer, "Russian President Vladimir Putin spoke on Thursday. Later, Putin said little more.")
    people = {e.text: e.actor for e in found if e.actor and e.actor.kind == "person"}
    assert people["Putin"] == people["Vladimir Putin"]
    assert people["Putin"] is not None and people["Putin"].code == "RUS"


def test_a_surname_tagged_as_anything_but_a_person_is_the_person_named_in_full(analyzer: Analyzer) -> None:
    body = (
        "U.S. Senator James Risch said the deal was bad. “The U.S. and our allies must take a long-term approach when "
        "it comes to making decisions that affect our strategic competition with China, or we will all lose,” Risch "
        "told Politico."
    )
    people = {e.text: e.actor for e in entities(analyzer, body) if e.actor and e.actor.kind == "person"}
    assert people["Risch"] == people["James Risch"]


def test_a_country_is_never_taken_for_the_surname_of_a_mistagged_person(analyzer: Analyzer) -> None:
    # the model reads "Rubio Beyond Ukraine" as one person; "Ukraine" alone is still the country
    found = entities(analyzer, "Rubio Beyond Ukraine said the talks went well. Ukraine said it was ready to accept.")
    ukraine = actor_of(found, "Ukraine")
    assert (ukraine.kind, ukraine.code) == ("country", "UKR")


def test_no_role_from_a_preposition(analyzer: Analyzer) -> None:
    # someone the actor table does not know, so that only the text could give a role
    actor = actor_of(entities(analyzer, "Russia signed a pact with Tomas Verhoeven in June."), "Tomas Verhoeven")
    assert actor.role is None and actor.code is None


def test_a_person_the_table_knows_needs_no_title(analyzer: Analyzer) -> None:
    actor = actor_of(entities(analyzer, "Russia signed a pact with Kim Jong Un in June."), "Kim Jong Un")
    assert (actor.code, actor.role, actor.sector) == ("PRK", "supreme leader", "GOV")


def test_caption_supplies_a_title_the_body_lacks(analyzer: Analyzer) -> None:
    found = entities(
        analyzer,
        "Russia signed a pact with Tomas Verhoeven in June.",
        captions=("Dutch ambassador Tomas Verhoeven watches an artillery drill.",),
    )
    actor = actor_of(found, "Tomas Verhoeven")
    assert (actor.code, actor.role) == ("NLD", "Dutch ambassador")


def test_a_title_in_the_text_wins_over_the_table(analyzer: Analyzer) -> None:
    found = entities(
        analyzer,
        "Russia signed a pact with Kim Jong Un in June.",
        captions=("North Korean leader Kim Jong Un watches an artillery drill.",),
    )
    actor = actor_of(entities(analyzer, "North Korean leader Kim Jong Un watches an artillery drill."), "Kim Jong Un")
    assert (actor.code, actor.role, actor.sector) == ("PRK", "North Korean leader", "GOV")
    assert actor_of(found, "Kim Jong Un").code == "PRK"


def test_organisation_takes_the_country_in_its_name(analyzer: Analyzer) -> None:
    actor = actor_of(entities(analyzer, "The Times of London reported the shipments."), "The Times of London")
    assert (actor.kind, actor.code) == ("organization", "GBR")


def test_offsets_point_into_the_body(analyzer: Analyzer) -> None:
    body = "Military ties grew.\n\nKremlin spokesman Dmitry Peskov denied it in Moscow."
    found = entities(analyzer, body)
    assert found
    for entity in found:
        assert body[entity.start : entity.end] == entity.text


def test_sentences_never_cross_paragraphs(analyzer: Analyzer) -> None:
    doc = analyzer.nlp("The minister said\n\nthat troops were sent")
    assert [s.text.strip() for s in doc.sents] == ["The minister said", "that troops were sent"]


def test_non_english_article_is_kept_with_analysis_skipped(analyzer: Analyzer) -> None:
    analysis = analyzer.analyze_one(Article("fr", "Des soldats au combat.", language="fr"))
    assert analysis.skipped == "language 'fr' is not analysed yet" and analysis.entities == ()
