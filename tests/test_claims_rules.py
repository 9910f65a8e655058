"""The rules of claims, one construction per test, on hand-built records: which statements are linked and as what
text, what a figure counts, how units join claims, who counts as an independent source, and a claim's status."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from dossier.claims.cells import Cells
from dossier.claims.linker import LinkingModel
from dossier.claims.replay import Arrival, replay
from dossier.claims.units import char_vector, counted_classes, followed, headline_of, text_of
from dossier.claims.view import SourceKeys, assemble, status
from dossier.model import Actor, Analysis, Claim, ClaimMember, ClaimUnit
from dossier.settings import Settings

from .claims_records import analysis, article, author, figure, source, statement, unit

USA = Actor("country:USA", "United States", "country", "USA")
KOR = Actor("country:KOR", "South Korea", "country", "KOR")
BLINKEN = Actor("person:Antony Blinken", "Antony Blinken", "person", "USA", "Secretary of State")
RUTTE = Actor("person:Mark Rutte", "Mark Rutte", "person")
MODEL = LinkingModel(embedding_weight=1.0, threshold=0.5)


# -- which statements, as what text ------------------------------------------------------------------------

def test_headline_denials_figures_answered_and_lede_come_first_up_to_the_limit() -> None:
    body = ("Troops were sent to the border on Monday. Officials met in the capital on Tuesday. "
            "The ministry said 3,000 troops were sent. A spokesman said the talks went well. "
            "A general said the weather was cold and wet. The minister denied that any troops were sent.")
    statements = [
        statement(body, "Troops were sent to the border on Monday", 1, author()),
        statement(body, "Officials met in the capital on Tuesday", 2, author()),
        statement(body, "3,000 troops were sent", 3, source("The ministry", "government")),
        statement(body, "the talks went well", 4, source("A spokesman")),
        statement(body, "the weather was cold and wet", 5, source("A general")),
        statement(body, "any troops were sent", 6, source("The minister"), "deny", cue="denied"),
    ]
    found = analysis(article("a", body), *statements, quantities=(figure(body, "3,000", 1, "s3", 3000, "troops"),))
    assert [s.id for s in followed(found, 8)] == ["s1", "s2", "s3", "s6"]  # the lede is three statements
    assert [s.id for s in followed(found, 2)] == ["s3", "s6"]  # a denial and a figure outrank the lede


def test_a_headline_statement_is_linked_as_the_whole_headline() -> None:
    title = "ISIS beheads journalist, threatens more to come"
    cut = statement(title, "more to come", 1, source("ISIS", "organization"), "predict", cue="threatens",
                    in_title=True)
    found = analysis(article("a", "The group released a video.", title=title), cut)
    assert text_of(cut, found) == title


def test_an_article_that_is_only_a_headline_is_its_own_headline() -> None:
    body = "Joan Rivers Doctor Denies Selfie"
    assert headline_of(analysis(article("a", body))) == body
    assert headline_of(analysis(article("b", "First paragraph.\n\nSecond paragraph."))) is None


def test_a_denial_of_it_says_what_it_answers() -> None:
    body = "North Korea has sent 3,000 troops to Russia, officials said. Moscow denied it."
    claim = statement(body, "North Korea has sent 3,000 troops to Russia", 1, source("officials", "anonymous"))
    denial = statement(body, "it", 2, source("Moscow", "government"), "deny", cue="denied", responds_to="s1")
    found = analysis(article("a", body, title="A headline for the record"), claim, denial)
    assert text_of(denial, found) == "North Korea has sent 3,000 troops to Russia"


def test_a_short_content_says_its_whole_statement() -> None:
    body = "The doctor denies the selfie. Nothing else was said about the procedure."
    short = statement(body, "the selfie", 1, source("The doctor"), "deny", cue="denies")
    found = analysis(article("a", body, title="A title"), short)
    assert text_of(short, found) == "The doctor denies the selfie"


@pytest.mark.parametrize(("content", "counted", "classes"), [
    ("at least 30 North Korean soldiers were killed or wounded", "North Korean soldiers", ("casualties",)),
    ("about 10,000 North Korean soldiers have been sent to Russia", "North Korean soldiers", ("personnel",)),
    ("1,500 More Troops went east", "More Troops", ("personnel",)),
    ("the treaty passed by 397 votes", "votes", ()),
])
def test_what_a_figure_counts_is_a_class(content: str, counted: str, classes: tuple[str, ...]) -> None:
    said = statement(content, content, 1, author())
    number = next(w for w in content.split() if w[0].isdigit())
    found = analysis(article("a", content), said, quantities=(figure(content, number, 1, "s1", 1.0, counted),))
    assert counted_classes(said, found) == classes


def test_character_vectors_are_unit_length_and_the_same_in_every_process() -> None:
    vector = char_vector("North Korean troops")
    assert np.linalg.norm(vector) == pytest.approx(1.0)
    assert float(vector @ char_vector("North Korean troops")) == pytest.approx(1.0)
    assert float(vector @ char_vector("Federation Council ratifies treaty")) < 0.5


# -- linking ------------------------------------------------------------------------------------------------

def _claims(*articles: tuple[str, tuple[ClaimUnit, ...]]) -> dict[str, list[int]]:
    return replay([Arrival(a, date(2024, 10, 17), units) for a, units in articles], MODEL,
                  Settings().linking_candidates)


def test_similar_units_share_a_claim_and_others_start_their_own() -> None:
    claims = _claims(("a", (unit("s1", [1, 0]),)), ("b", (unit("s1", [0.95, 0.1]),)), ("c", (unit("s1", [0, 1]),)))
    assert claims["a"] == claims["b"] != claims["c"]


def test_a_denial_joins_the_claim_of_what_it_answers_however_unlike_it_reads() -> None:
    claims = _claims(
        ("a", (unit("s1", [1, 0]),)),
        ("b", (unit("s1", [0.9, 0.2]), unit("s2", [0, 1], "deny", responds_to="s1"))),
    )
    assert claims["b"] == [claims["a"][0], claims["a"][0]]


def test_figures_of_different_classes_never_share_a_claim() -> None:
    claims = _claims(
        ("sent", (unit("s1", [1, 0], counts=("personnel",)),)),
        ("killed", (unit("s1", [1, 0.05], counts=("casualties",)),)),
        ("more sent", (unit("s1", [1, 0.02], counts=("personnel",)),)),
    )
    assert claims["sent"] == claims["more sent"] != claims["killed"]


def test_average_link_weighs_every_member_of_a_claim() -> None:
    # b joins a (cosine 0.8); c is close to b (0.8) but not to a (0.28): its mean similarity, 0.54, still joins.
    # d is close to c alone; against the mean of three it falls below the threshold.
    a, b = [1, 0, 0], [0.8, 0.6, 0]
    c = [0.28, 0.96, 0]
    d = [0, 0.6, 0.8]
    claims = _claims(("a", (unit("s1", a),)), ("b", (unit("s1", b),)), ("c", (unit("s1", c),)), ("d", (unit("s1", d),)))
    assert claims["a"] == claims["b"] == claims["c"] != claims["d"]



def test_past_its_candidates_a_unit_is_compared_with_the_claims_of_its_nearest_cells_only() -> None:
    # Cells along the first three axes. x lives in cell 0 and y in cell 2; u is nearest cell 0 (0.6, then 0.58 for
    # cell 2) but more like y (0.76) than x (0.6). Compared with every claim it joins y; with one candidate wanted,
    # cell 0 already holds one, so it joins x: the cells trade the best match for a bounded cost.
    cells = Cells(np.eye(3, 384, dtype=np.float32))
    x, y, u = [1, 0, 0], [0, 0.436, 0.9], [0.6, 0.55, 0.58]
    arrivals = [Arrival(a, date(2024, 10, 17), (unit("s1", v),)) for a, v in (("x", x), ("y", y), ("u", u))]
    every_claim = replay(arrivals, MODEL, Settings().linking_candidates, cells)
    one_candidate = replay(arrivals, MODEL, 1, cells)
    assert every_claim["u"] == every_claim["y"] != every_claim["x"]
    assert one_candidate["u"] == one_candidate["x"] != one_candidate["y"]

# -- sources and status -------------------------------------------------------------------------------------

def test_a_government_speaks_as_one_source_and_a_surname_is_its_full_name() -> None:
    keys = SourceKeys([source("Secretary of State Antony Blinken", actor=BLINKEN)])
    assert keys.key(source("Seoul", "government", KOR), "A") == keys.key(source("South Korea's spy agency",
                                                                                 "government", KOR), "B")
    assert keys.key(source("a U.S. official", "anonymous", USA), "A") == "country:USA"
    assert keys.key(source("Blinken", actor=Actor("person:Blinken", "Blinken", "person")), "A") == "country:USA"
    rutte = keys.key(source("Rutte", actor=Actor("person:Rutte", "Rutte", "person")), "A")
    assert rutte == "person:Rutte"  # no full name known in this claim
    assert SourceKeys([source("NATO chief Mark Rutte", actor=RUTTE)]).key(
        source("Rutte", actor=Actor("person:Rutte", "Rutte", "person")), "A") == "person:Mark Rutte"


def test_an_international_organisation_speaks_as_one_source_named_by_its_name() -> None:
    nato = Actor("organization:nato", "NATO", "organization", "NAT", sector="IGO")
    chief = Actor("person:mark-rutte", "Mark Rutte", "person", "NAT", "secretary general", sector="IGO")
    keys = SourceKeys([source("NATO", "organization", nato), source("NATO chief Mark Rutte", actor=chief)])
    assert keys.key(source("NATO chief Mark Rutte", actor=chief), "A") == keys.key(
        source("NATO", "organization", nato), "B") == "country:NAT"
    assert keys.name("country:NAT") == "NATO"


def test_anonymous_sources_are_one_per_outlet_and_a_bare_definite_description_adds_none() -> None:
    keys = SourceKeys([])
    assert keys.key(source("a senior official", "anonymous"), "Wire") == keys.key(
        source("A senior official", "anonymous"), "Wire")
    assert keys.key(source("a senior official", "anonymous"), "Wire") != keys.key(
        source("a senior official", "anonymous"), "Daily")
    assert keys.key(source("The agency", "government"), "Wire") is None


def _member(found: Analysis, statement_id: str, vector: list[float]) -> ClaimMember:
    made = unit(statement_id, vector)
    return ClaimMember(found.article.id, statement_id, next(s.stance for s in found.statements if s.id == statement_id),
                  made.embedding)


def _claim_of(*items: tuple[Analysis, str]) -> Claim:
    found = {a.article.id: a for a, _ in items}
    return assemble(1, [_member(a, s, [1, 0]) for a, s in items], found)


def test_a_citation_chain_counts_its_original_source_once() -> None:
    one = "Troops were sent, the agency said, citing intelligence."
    cited = source("intelligence", "document")
    first = analysis(article("a", one, outlet="Wire"),
                     statement(one, "Troops were sent", 1, source("the agency", "media"), via=(cited,)))
    two = "Intelligence showed troops were sent."
    second = analysis(article("b", two, outlet="Daily"),
                      statement(two, "troops were sent", 1, source("Intelligence", "document"), cue="showed"))
    claim = _claim_of((first, "s1"), (second, "s1"))
    assert claim.independent_sources == 1
    assert claim.statements[0].source == "intelligence"


def test_an_outlet_that_names_its_source_is_relaying_not_a_second_source() -> None:
    body = "Troops were sent. The ministry said troops were sent."
    found = analysis(article("a", body, outlet="Wire"),
                     statement(body, "Troops were sent", 1, author("Wire")),
                     statement(body, "troops were sent", 2, source("The ministry", "government", KOR)))
    claim = _claim_of((found, "s1"), (found, "s2"))
    assert claim.independent_sources == 1
    assert claim.sources == ("South Korea",)


@pytest.mark.parametrize(("asserting", "denying", "expected"), [
    (0, 0, "single-source"), (1, 0, "single-source"), (2, 0, "corroborated"), (3, 1, "disputed"), (0, 1, "denied"),
])
def test_status(asserting: int, denying: int, expected: str) -> None:
    assert status(asserting, denying) == expected


def test_a_refusal_is_never_a_confirmation() -> None:
    one = "Troops were sent to Russia, Seoul said."
    two = "Putin refused to confirm that troops were sent to Russia."
    claim = _claim_of(
        (analysis(article("a", one), statement(one, "Troops were sent to Russia", 1, source("Seoul", "government", KOR))),
         "s1"),
        (analysis(article("b", two), statement(two, "that troops were sent to Russia", 1, source("Putin"), "refuse",
                                               cue="refused")), "s1"),
    )
    assert (claim.status, claim.independent_sources) == ("single-source", 1)
    assert claim.stance_counts == {"assert": 1, "refuse": 1}


def test_figures_come_in_date_order_and_a_vague_amount_keeps_its_words() -> None:
    later = "Several hundred soldiers were killed, an official said."
    earlier = "At least 30 soldiers were killed, Kyiv said."
    claim = _claim_of(
        (analysis(article("late", later, published=date(2024, 12, 17)),
                  statement(later, "Several hundred soldiers were killed", 1, source("an official", "anonymous")),
                  quantities=(figure(later, "Several hundred", 1, "s1", 100, "soldiers", approximate=True),)), "s1"),
        (analysis(article("early", earlier, published=date(2024, 12, 15)),
                  statement(earlier, "At least 30 soldiers were killed", 1, source("Kyiv", "government")),
                  quantities=(figure(earlier, "At least 30", 1, "s1", 30, "soldiers", "at least"),)), "s1"),
    )
    figures = claim.figures
    assert [(f.date, f.text, f.value, f.vague) for f in figures] == [
        (date(2024, 12, 15), "At least 30", 30, False), (date(2024, 12, 17), "Several hundred", None, True),
    ]
    assert figures[0].qualifier == "at least" and figures[0].source == "Kyiv"
