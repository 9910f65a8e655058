"""Statements: one test per construction, stance, hedges, via, pronoun sources and denials."""

from __future__ import annotations

import pytest

from dossier.model import Article, Statement
from dossier.pipeline import Analyzer
from dossier.pipeline.cues import CueModel
from dossier.pipeline.statements import StatementExtractor


def all_statements(analyzer: Analyzer, body: str, **article: object) -> list[Statement]:
    return list(analyzer.analyze_one(Article("t", body, language="en", **article)).statements)  # type: ignore[arg-type]


def statements(analyzer: Analyzer, body: str) -> list[Statement]:
    """The attributed statements, without the article's own claims."""
    return [s for s in all_statements(analyzer, body) if s.source is None or s.source.kind != "author"]


def said_in(analyzer: Analyzer, body: str) -> Statement:
    """The statement whose cue is "said", among others the text makes."""
    return next(s for s in statements(analyzer, body) if s.cue.text == "said")


def only(analyzer: Analyzer, body: str) -> Statement:
    found = statements(analyzer, body)
    assert len(found) == 1, found
    return found[0]


def test_indirect_speech_with_that(analyzer: Analyzer) -> None:
    s = only(analyzer, "A Ukrainian military intelligence source has revealed that North Korea is sending 3,000 troops.")
    assert s.source is not None and s.source.text == "A Ukrainian military intelligence source"
    assert s.source.kind == "anonymous"
    assert s.cue.text == "has revealed"
    assert s.content.text == "that North Korea is sending 3,000 troops"
    assert (s.stance, s.direct_quote) == ("assert", False)


def test_denial_of_an_object_answers_the_claim_before_it(analyzer: Analyzer) -> None:
    first, denial = statements(
        analyzer,
        "Officials said North Korea had sent troops. Kremlin spokesman Dmitry Peskov has denied North Korean collaboration.",
    )
    assert denial.stance == "deny" and denial.content.text == "North Korean collaboration"
    assert denial.source is not None and denial.source.role == "Kremlin spokesman" and denial.source.kind == "person"
    assert denial.source.actor is not None and denial.source.actor.code == "RUS"
    assert denial.responds_to == first.id


def test_quote_before_the_cue(analyzer: Analyzer) -> None:
    s = only(analyzer, '"These are things that we need to sort out," Austin told reporters in Rome.')
    assert s.source is not None and s.source.text == "Austin"
    assert s.content.text == "These are things that we need to sort out" and s.direct_quote


@pytest.mark.parametrize(
    ("body", "source", "content", "stance"),
    [
        ("Troops moved. “Will Pyongyang send more?” asked one analyst.", "one analyst", "Will Pyongyang send more?", "question"),
        ("Troops moved. “It is over,” declared the minister.", "the minister", "It is over", "assert"),
    ],
)
def test_speaker_after_the_verb_that_follows_a_quote(
    analyzer: Analyzer, body: str, source: str, content: str, stance: str
) -> None:
    s = only(analyzer, body)
    assert s.source is not None and (s.source.text, s.content.text, s.stance, s.direct_quote) == (source, content, stance, True)


def test_a_verb_after_a_quoted_word_inside_the_sentence_has_no_speaker_after_it(analyzer: Analyzer) -> None:
    found = statements(analyzer, "Sanders declares ‘revolution,’ ignores losses.")
    assert found
    assert all(s.source is None or s.source.text != "losses" for s in found)


def test_unattached_quote_after_a_noun_tagged_cue(analyzer: Analyzer) -> None:
    s = only(analyzer, "One analyst shares “It wasn’t even that easy to include hundreds of Russian prisoners at first.”")
    assert s.source is not None and s.source.text == "One analyst" and s.source.kind == "anonymous"
    assert s.cue.text == "shares" and s.direct_quote


def test_according_to_with_a_via_chain(analyzer: Analyzer) -> None:
    s = only(
        analyzer,
        "According to Western intelligence stated by The Times of London, North Korean shipments supply half "
        "of the shells Russia uses, with an estimated 1.5 million shells originating from Pyongyang.",
    )
    assert s.source is not None and s.source.text == "Western intelligence"
    assert [v.text for v in s.via] == ["The Times of London"] and s.via[0].kind == "media"
    assert s.cue.text == "According to"
    assert "an estimated" in [h.text for h in s.hedges]


def test_participle_inherits_the_subject_of_its_clause(analyzer: Analyzer) -> None:
    found = statements(
        analyzer, "In June Vladimir Putin toasted a pact with Kim Jong Un stating that an attack on one is an attack on all."
    )
    stating = next(s for s in found if s.cue.text == "stating")
    assert stating.source is not None and stating.source.text == "Vladimir Putin"


@pytest.mark.parametrize(
    ("body", "source", "mention"),
    [
        ("Volodymyr Zelensky was in Brussels. He said that North Korean specialists were already there.",
         "Volodymyr Zelensky", "He"),  # a pronoun, resolved to the person named before
        ("Kim Jong Un, who said that the troops were ready, inspected the drill.",
         "Kim Jong Un", "who"),  # a relative pronoun: the noun it modifies
        ("Ambassador Fu Cong blamed the Trump administration. He said China hopes for a new deal.",
         "Fu Cong", "He"),  # "the Trump administration" names no one
    ],
)
def test_pronoun_source_resolved_to_the_named_source(analyzer: Analyzer, body: str, source: str, mention: str) -> None:
    s = said_in(analyzer, body)
    assert s.source is not None and s.source.text == source
    assert s.source.mention is not None and s.source.mention.text == mention


def test_parenthetical_cue(analyzer: Analyzer) -> None:
    s = only(analyzer, "The troops, officials said, were moved by ship to Vladivostok.")
    assert s.source is not None and s.source.text == "officials"
    assert "were moved by ship" in s.content.text


@pytest.mark.parametrize(
    ("body", "stance"),
    [
        ("Miller said it would mark a significant increase in their relationship.", "predict"),
        ("The minister said a deployment was highly likely.", "predict"),
        ("The ministry declined to comment on the reports.", "refuse"),
        ("Reporters asked whether the troops had crossed the border.", "question"),
        ("Moscow has not confirmed the deployment.", "refuse"),
        ("The Kremlin dismissed the report as fake news.", "deny"),
    ],
)
def test_stance(analyzer: Analyzer, body: str, stance: str) -> None:
    assert only(analyzer, body).stance == stance


def test_hedge_on_the_content(analyzer: Analyzer) -> None:
    s = only(analyzer, "The source said that North Korea is reportedly sending 3,000 troops.")
    assert [h.text for h in s.hedges] == ["reportedly"]


def test_media_source_kind(analyzer: Analyzer) -> None:
    s = only(analyzer, "Newsweek has reported that 18 North Korean soldiers have deserted the frontline.")
    assert s.source is not None and s.source.kind == "media"


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        ("Moscow said the talks failed.", "government"),
        ("South Korea's defence minister said the talks failed.", "government"),
        ("A U.S. official said the talks failed.", "anonymous"),
        ("A British charity said the talks failed.", "organization"),
        ("A college student in Beijing said the talks failed.", "anonymous"),
        ("The school said the girl broke a policy.", "organization"),
        ("The website adds that the sector grows.", "media"),
        ("Malawi's High Court ruled that the ban was unlawful.", "government"),
        ("Trump's lawyer said the talks failed.", "anonymous"),
        ("Trump campaign manager Paul Manafort said the talks failed.", "person"),
    ],
)
def test_source_kind(analyzer: Analyzer, body: str, kind: str) -> None:
    s = only(analyzer, body)
    assert s.source is not None and s.source.kind == kind


def test_a_date_is_not_part_of_the_source(analyzer: Analyzer) -> None:
    s = only(analyzer, "Malawi's High Court on Jan. 14 ruled that the ban was unlawful.")
    assert s.source is not None and s.source.text == "Malawi's High Court"


def test_a_surname_the_ner_model_leaves_untagged_is_the_person_named_before(analyzer: Analyzer) -> None:
    found = statements(analyzer, "President Donald Trump spoke first. Trump contended it was fine.")
    source = found[-1].source
    assert source is not None and (source.text, source.kind) == ("Trump", "person")
    assert source.actor is not None and source.actor.name == "Donald Trump"


def test_speakers_own_i_think_is_not_a_second_statement(analyzer: Analyzer) -> None:
    found = statements(analyzer, '"I think this is a very difficult investigation," Carson said.')
    assert [s.cue.text for s in found] == ["said"]


def test_shares_as_a_noun_is_not_a_cue(analyzer: Analyzer) -> None:
    assert statements(analyzer, "The analyst's shares in the company rose by 12 percent on Monday.") == []


def test_the_articles_own_claims_are_statements_by_its_author(analyzer: Analyzer) -> None:
    body = (
        "North Korea is a key supplier of artillery shells to Russia. Kremlin spokesman Dmitry Peskov has denied it. "
        '"We will win," he said. Will the troops fight?'
    )
    found = all_statements(analyzer, body, authors=("Hannah Levene",))
    own = [s for s in found if s.source is not None and s.source.kind == "author"]
    assert [s.content.text for s in own] == ["North Korea is a key supplier of artillery shells to Russia"]
    (claim,) = own
    assert claim.source is not None
    assert (claim.source.text, claim.cue.text, claim.stance, claim.direct_quote) == ("Hannah Levene", "", "assert", False)
    assert len(found) == 3  # the denial and the quotation keep their own sources; the question claims nothing


def test_without_a_byline_the_outlet_is_the_author(analyzer: Analyzer) -> None:
    (claim,) = all_statements(analyzer, "The shells are made in factories near Pyongyang.", outlet="World Desk")
    assert claim.source is not None and (claim.source.text, claim.source.kind) == ("World Desk", "author")


def test_offsets_point_into_the_body(analyzer: Analyzer) -> None:
    body = "Military ties grew.\n\nKremlin spokesman Dmitry Peskov has denied North Korean collaboration."
    found = statements(analyzer, body)
    assert found
    for s in found:
        for span in (s.cue, s.content, s.source):
            assert span is not None and body[span.start : span.end] == span.text


def test_noun_cue_with_a_possessive_source(analyzer: Analyzer) -> None:
    # A scorer that accepts exactly the lemma "claim" isolates the source rule from the learned weights.
    only_claims = StatementExtractor(CueModel({"bias": -30.0, "lemma=claim": 60.0}, 0.5, {"claim": (10, 5)}))
    with analyzer.nlp.select_pipes(disable=["dossier_statements"]):
        doc = analyzer.nlp("Peskov's claim that no North Korean troops were in Russia was soon contradicted.")
    (claim,) = only_claims(doc)._.statements
    assert claim.source is not None and claim.source.text == "Peskov"
    assert claim.content.text == "that no North Korean troops were in Russia"



def test_quote_words_parsed_as_the_subject_do_not_hide_the_speaker(analyzer: Analyzer) -> None:
    s = only(analyzer, '"Anybody who attacks him, it\'s like buyer beware," said Louise Sunshine, a longtime associate.')
    assert s.source is not None and s.source.text == "Louise Sunshine"
    assert s.content.text == "Anybody who attacks him, it's like buyer beware"


def test_speaker_between_the_quote_and_a_coordinated_cue(analyzer: Analyzer) -> None:
    body = '"The early states are obviously very important, but they award only 4 percent of the delegates," campaign manager Robby Mook said.'
    s = only(analyzer, body)
    assert s.source is not None and s.source.text == "campaign manager Robby Mook"
    assert s.direct_quote


def test_relative_clause_cue_says_the_noun_it_modifies(analyzer: Analyzer) -> None:
    s = only(analyzer, "Unity does not mean Sanders takes back everything he said.")
    assert (s.cue.text, s.content.text) == ("said", "everything")


def test_relative_clause_cue_with_a_clause_of_its_own(analyzer: Analyzer) -> None:
    said = said_in(analyzer, "Roffman signed a letter of apology that he said was drafted by the firm.")
    assert said.content.text == "was drafted by the firm"


def test_an_interjection_is_what_was_said(analyzer: Analyzer) -> None:
    found = statements(analyzer, "Asked about the plan, 46 percent of voters said yes.")
    said = next(s for s in found if s.cue.text == "said")
    assert said.source is not None and (said.source.text, said.content.text) == ("46 percent of voters", "yes")


@pytest.mark.parametrize(
    ("body", "source"),
    [
        ("Asked about the plan, 46 percent of voters said yes.", None),  # the voters were asked; the asker is unnamed
        ("Asked by reporters whether he would run, Smith said no.", "reporters"),
    ],
)
def test_a_question_put_to_the_speaker_is_not_the_speakers(analyzer: Analyzer, body: str, source: str | None) -> None:
    asked = [s for s in statements(analyzer, body) if s.cue.text == "Asked"]
    assert [s.source.text if s.source else None for s in asked] == [source]


@pytest.mark.parametrize(
    ("body", "via"),
    [
        ("Zelensky told the BBC that he was confident.", ["the BBC"]),
        ("In an interview with CNN, Zelensky said the war would end next year.", ["CNN"]),
        ("The ministry denied the claims, calling them fake news.", []),
    ],
)
def test_the_media_a_source_spoke_to_are_its_via(analyzer: Analyzer, body: str, via: list[str]) -> None:
    assert [v.text for v in statements(analyzer, body)[0].via] == via


def test_a_spy_agency_is_government_and_a_news_agency_media(analyzer: Analyzer) -> None:
    said = said_in(analyzer, "Yonhap, citing South Korea's spy agency, said 1,500 troops were sent.")
    assert said.source is not None and (said.source.text, said.source.kind) == ("South Korea's spy agency", "government")
    assert [v.text for v in said.via] == ["Yonhap"]
    s = only(analyzer, "The news agency reported that 10 people died.")
    assert s.source is not None and s.source.kind == "media"


def test_an_adverbial_cue_with_its_own_complement_is_not_parenthetical(analyzer: Analyzer) -> None:
    # The participle hangs from "said" here; where the parser hangs it inside the reported clause ("said the
    # focus is taking a toll, pointing to…"), the cue scorer reads it as part of what was said.
    body = "Packer said it hurt, pointing to Cruz's victories in Texas and Oklahoma."
    pointing = next(s for s in statements(analyzer, body) if s.cue.text.startswith("pointing"))
    assert pointing.source is not None and pointing.source.text == "Packer"
    assert pointing.content.text == "Cruz's victories in Texas and Oklahoma"


def test_a_judgement_without_a_complement_is_the_content(analyzer: Analyzer) -> None:
    s = only(analyzer, "Others, though, sounded far less welcoming.")
    assert (s.source.text if s.source else None, s.cue.text, s.content.text) == ("Others", "sounded", "far less welcoming")


def test_what_a_judgement_is_about_even_after_in(analyzer: Analyzer) -> None:
    s = only(analyzer, "Some top Democrats are confident in the Clinton operation.")
    assert s.content.text == "the Clinton operation"
