"""Quantities: values, ranges, qualifiers, units, objects, rates, what must not be a count; the CQE scorer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dossier.evaluate.quantities import evaluate
from dossier.model import Article, Quantity
from dossier.pipeline import Analyzer, currencies


def quantities(analyzer: Analyzer, body: str) -> list[Quantity]:
    return list(analyzer.analyze_one(Article("t", body, language="en")).quantities)


def only(analyzer: Analyzer, body: str) -> Quantity:
    found = quantities(analyzer, body)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("body", "value", "counted"),
    [
        ("North Korea is sending 3,000 troops.", 3000, "troops"),
        ("3000 soldiers is not a significant amount.", 3000, "soldiers"),
        ("Newsweek reported that 18 North Korean soldiers deserted.", 18, "North Korean soldiers"),
        ("Eighteen soldiers deserted.", 18, "soldiers"),
        ("Russia fires 3 million artillery shells.", 3_000_000, "artillery shells"),
    ],
)
def test_counts_and_their_objects(analyzer: Analyzer, body: str, value: float, counted: str) -> None:
    q = only(analyzer, body)
    assert (q.value, q.object, q.unit) == (value, counted, None)


def test_qualifier_and_approximation(analyzer: Analyzer) -> None:
    q = only(analyzer, "An estimated 1.5 million shells came from Pyongyang.")
    assert (q.value, q.qualifier, q.approximate, q.text) == (1_500_000, "an estimated", True, "An estimated 1.5 million")
    assert only(analyzer, "At least 100 soldiers were killed.").qualifier == "at least"


def test_figures_side_by_side_are_two_numbers(analyzer: Analyzer) -> None:
    first = quantities(analyzer, "Boeing delivered 30 737 MAX jets in May.")[0]
    assert (first.text, first.value, first.object) == ("30", 30, "737 MAX jets")


def test_vague_plural(analyzer: Analyzer) -> None:
    q = only(analyzer, "It was hard to include hundreds of Russian prisoners.")
    assert (q.value, q.low, q.approximate, q.object) == (None, 200, True, "Russian prisoners")


@pytest.mark.parametrize("body", ["Half a million people fled.", "Their numbers swelled to half-a-million."])
def test_half_a_million(analyzer: Analyzer, body: str) -> None:
    assert only(analyzer, body).value == 500_000


@pytest.mark.parametrize(
    ("body", "text", "low", "unit"),
    [
        ("Tens of thousands of people have died.", "Tens of thousands", 20_000, None),
        ("Hundreds of thousands of people fled.", "Hundreds of thousands", 200_000, None),
        ("Hundreds of millions of dollars were lost.", "Hundreds of millions of dollars", 200_000_000, "dollar"),
    ],
)
def test_a_vague_count_of_a_vague_count(analyzer: Analyzer, body: str, text: str, low: float, unit: str | None) -> None:
    q = only(analyzer, body)
    assert (q.text, q.value, q.low, q.unit, q.approximate) == (text, None, low, unit, True)


@pytest.mark.parametrize(
    ("body", "low", "high"),
    [
        ("Between 1,500 and 3,000 special forces were moved.", 1500, 3000),
        ("Officials estimate 10,000 to 12,000 troops.", 10_000, 12_000),
        ("The plan costs 10 to 12 million dollars.", 10_000_000, 12_000_000),
        ("The new lens is a 75 -300mm zoom.", 75, 300),
        ("She could order from five or six restaurants.", 5, 6),
    ],
)
def test_ranges(analyzer: Analyzer, body: str, low: float, high: float) -> None:
    q = only(analyzer, body)
    assert (q.value, q.low, q.high) == (None, low, high)


@pytest.mark.parametrize(
    ("body", "value", "unit"),
    [
        ("Aid reached $200 million.", 200_000_000, "dollar"),
        ("The EU pledged €3 billion.", 3_000_000_000, "euro"),
        ("Prices rose 50% in a month.", 50, "percentage"),
        ("Half of the shells came from North Korea.", 0.5, "fraction"),
        ("The road is 10 miles long.", 10, "mile"),
        ("The 240mm shells hit the town.", 240, "millimetre"),
        ("A 10-gallon cooler fell over.", 10, "gallon"),
        ("The cargo weighed 16,000 metric tons.", 16_000, "metric ton"),
        ("It was 40 degrees celsius.", 40, "celsius"),
        ("The treaty is ten years old.", 10, "year of age"),
        ("The patient, aged 87, recovered.", 87, "year of age"),
        ("A 28-year-old soldier was captured.", 28, "year of age"),
        ("The bag weighs 20 (kg) in all.", 20, "kilogram"),
        ("Iran has produced 275 kilos of uranium.", 275, "kilogram"),
        ("Thailand expected 26 billion baht in revenue.", 26_000_000_000, "thai baht"),
        ("They claim a 100,000-square-kilometer stretch.", 100_000, "square kilometre"),
        ("Overnight it fell to - 20 degrees fahrenheit.", -20, "fahrenheit"),
        ("Profit improved to 361 million pounds.", 361_000_000, "pound sterling"),
        ("They shipped 2 million pounds of beef.", 2_000_000, "pound-mass"),
    ],
)
def test_units(analyzer: Analyzer, body: str, value: float, unit: str) -> None:
    q = only(analyzer, body)
    assert q.value == pytest.approx(value) and q.unit == unit


@pytest.mark.parametrize(
    ("body", "per"),
    [
        ("Russia uses 3 million shells each year.", "year"),
        ("Oil output fell by 500,000 barrels a day.", "day"),
        ("The factory makes 200 drones daily.", "day"),
    ],
)
def test_rates(analyzer: Analyzer, body: str, per: str) -> None:
    assert only(analyzer, body).per == per


def test_a_year_earlier_is_not_a_rate(analyzer: Analyzer) -> None:
    assert only(analyzer, "Sales were $1.17 billion a year earlier.").per is None


@pytest.mark.parametrize(
    "body",
    [
        "The deal was signed in 1989 in Moscow.",
        "The summit was held on Oct. 6, 2024.",
        "He came first in the race.",
        "Growth slowed in the third quarter.",
        "He sued 20th Century Fox.",
        "There is no one in Albania who can stop him.",
        "Berisha is the highest-profile one.",
        "Gangs attacked motorists on National Highway #1.",
        "Diplomats from the Group of Seven urged Russia to agree.",
    ],
)
def test_dates_years_ordinals_labels_and_pronouns_are_not_counts(analyzer: Analyzer, body: str) -> None:
    assert quantities(analyzer, body) == []


def test_change(analyzer: Analyzer) -> None:
    assert only(analyzer, "Casualties rose by 30 percent.").change == "up"
    assert only(analyzer, "Exports fell 19 percent.").change == "down"
    assert only(analyzer, "The index slipped 2.1 percent.").change == "down"
    assert only(analyzer, "Shares rallied 4 percent.").change == "up"
    slowed = only(analyzer, "Inflation slowed to 2.4 percent.")
    assert (slowed.change, slowed.object) == ("down", "Inflation")
    assert only(analyzer, "The deficit widened to $1.8 trillion.").change == "up"


def test_a_currency_word_that_is_also_an_english_word_is_not_money(analyzer: Analyzer) -> None:
    assert only(analyzer, "The index passed the 50 mark on Monday.").unit is None


def test_a_change_from_one_level_to_another_is_two_levels_not_a_range(analyzer: Analyzer) -> None:
    found = quantities(analyzer, "Casualties rose from 30 to 100.")
    assert [(q.value, q.low, q.change) for q in found] == [(30, None, "up"), (100, None, "up")]


def test_quantity_is_linked_to_the_statement_that_carries_it(analyzer: Analyzer) -> None:
    analysis = analyzer.analyze_one(
        Article("t", "A military source has revealed that North Korea is sending 3,000 troops.", language="en")
    )
    (statement,) = analysis.statements
    (quantity,) = analysis.quantities
    assert quantity.statement == statement.id


def test_offsets_point_into_the_body(analyzer: Analyzer) -> None:
    body = "Troops arrived.\n\nAbout 10,000 North Korean soldiers and $200 million in aid were sent."
    found = quantities(analyzer, body)
    assert found
    for q in found:
        assert body[q.start : q.end] == q.text


def test_per_cent_in_two_words(analyzer: Analyzer) -> None:
    q = only(analyzer, "Turnout fell by 12 per cent.")
    assert (q.value, q.unit, q.per) == (12, "percentage", None)


@pytest.mark.parametrize(
    ("body", "value", "unit"),
    [
        ("The fine was 10,000 Swiss francs.", 10_000, "swiss franc"),  # a currency's full name
        ("Nokia paid 420 million Finnish markka.", 420_000_000, "finnish markka"),
        ("Revenue was about MAUD 60 last year.", 60_000_000, "australian dollar"),  # a scaled code
        ("Losses above 30 MUSD were reported.", 30_000_000, "dollar"),
        ("They paid 75 USD million for it.", 75_000_000, "dollar"),
        ("The ticket costs 115USD.", 115, "dollar"),  # glued to the number
        ("The fee is USD115.5 a month.", 115.5, "dollar"),
        ("The fare was HK$10 before.", 10, "hong kong dollar"),
        ("Sales reached C $ 16.4 million.", 16_400_000, "canadian dollar"),  # letters apart from the sign
        ("It won a $ 700 million contract.", 700_000_000, "dollar"),  # "a" is an article here
        ("The bicycle cost 100 ₾ in Tbilisi.", 100, "georgian lari"),  # a sign from CLDR
        ("The loan was Mex$ 10 million.", 10_000_000, "mexican peso"),
        ("It costs half million usd.", 500_000, "dollar"),
        ("It costs three quarters billion us dollars.", 750_000_000, "dollar"),
        ("The bid was one-yen.", 1, "japanese yen"),
    ],
)
def test_money(analyzer: Analyzer, body: str, value: float, unit: str) -> None:
    q = only(analyzer, body)
    assert q.value == pytest.approx(value) and q.unit == unit


@pytest.mark.parametrize("body", ["It costs 15 dollars 50.", "It costs 15 dollars and 50.", "The fee rose to 15 USD 50."])
def test_cents_written_after_the_major_unit(analyzer: Analyzer, body: str) -> None:
    q = only(analyzer, body)
    assert q.value == pytest.approx(15.5)


def test_cents_do_not_swallow_a_count(analyzer: Analyzer) -> None:
    assert [q.value for q in quantities(analyzer, "The cost is $4.25 and 32 is the quantity.")] == [4.25, 32]


def test_a_rate_belongs_to_the_figure_before_it(analyzer: Analyzer) -> None:
    percent, money = quantities(analyzer, "Net fell 2% or $1.40 a share.")
    assert (percent.per, money.per) == (None, "share")
    assert only(analyzer, "It paid a 12-cent-a-share dividend.").per == "share"


def test_numbers_that_name_are_not_quantities(analyzer: Analyzer) -> None:
    q = only(analyzer, "The interchange with highway 35 lies 500 metres east of Bennett Road.")
    assert (q.value, q.unit) == (500, "metre")
    assert only(analyzer, "Flight 17 was shot down with 298 people on board.").value == 298
    assert quantities(analyzer, "Jane Doe, 123 Random Street, Cloud City") == []
    assert only(analyzer, "More than 100 Russians were killed.").object == "Russians"


def test_a_currency_code_that_is_a_word_is_not_money(analyzer: Analyzer) -> None:
    q = only(analyzer, "ALL 5 solutions are wrong.")
    assert (q.value, q.unit, q.object) == (5, None, "solutions")


def test_a_hyphen_is_not_part_of_the_counted_object(analyzer: Analyzer) -> None:
    assert only(analyzer, "Chevrolet offers a two-door version.").object == "door"


def test_dollars_and_cents_are_one_amount(analyzer: Analyzer) -> None:
    q = only(analyzer, "It costs thirteen dollars and forty-five cents.")
    assert q.value == pytest.approx(13.45) and q.unit == "dollar"


def test_the_shipped_currency_signs_are_what_babel_says() -> None:
    assert json.loads(currencies.SIGN_TABLE.read_text(encoding="utf-8")) == currencies.build_sign_table()


@pytest.mark.parametrize(
    ("body", "measured"),
    [
        ("The storm dumped 30 centimeters of snow on Boston.", "snow"),  # unit of X
        ("They signed a $5 billion deal.", "deal"),  # the measure names a noun
        ("The firm holds a 10% stake in the bank.", "stake"),
        ("The company reported revenue of $5 billion.", "revenue"),  # X of measure
        ("Unemployment fell to 3.5 percent in May.", "Unemployment"),  # the subject of a level verb
        ("Shares of Apple climbed 2.4 percent.", "Shares of Apple"),
        ("Inflation was 3% last year.", "Inflation"),
        ("The death toll rose to 30 on Sunday.", "death toll"),  # a count with no noun after it
    ],
)
def test_what_a_measure_is_of(analyzer: Analyzer, body: str, measured: str) -> None:
    assert only(analyzer, body).object == measured


def test_an_agent_is_not_what_a_measure_is_of(analyzer: Analyzer) -> None:
    assert only(analyzer, "The company paid $5 billion.").object is None


def test_cqe_scoring_of_units_changes_and_concepts(
    tmp_path: Path, analyzer: Analyzer
) -> None:
    records = [
        {"text": "About 3,000 troops arrived.", "quantities": [  # CQE writes "about" as the change "~"
            {"value": "3000", "normalized_unit": "troop", "change": "~", "referred_concepts": "troops"}]},
        {"text": "The death toll rose to 30 on Sunday.", "quantities": [
            {"value": "30", "normalized_unit": "", "change": "up", "referred_concepts": "death, toll"}]},
        {"text": "Shares of Apple climbed more than 2 percent.", "quantities": [  # a concept word too many
            {"value": "2", "normalized_unit": "percentage", "change": "up", "referred_concepts": "shares"}]},
    ]
    data = tmp_path / "news.json"
    data.write_text(json.dumps(records), encoding="utf-8")
    report = evaluate(data, analyzer)
    assert {name: (c.true_positives, c.predicted, c.gold) for name, c in report.table.items()} == {
        "value": (3, 3, 3), "value_unit": (3, 3, 3), "value_change": (3, 3, 3), "value_object": (2, 3, 3)
    }
