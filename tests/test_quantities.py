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


@pytest.mark.parametrize(
    ("body", "value", "unit"),
    [
        ("The striker joined for a PS4.5m fee.", 4_500_000, "pound sterling"),  # "£" as ASCII writes it
        ("The takeover was worth PS2.7bn.", 2_700_000_000, "pound sterling"),
        ("The flat sold for AUD2.4m last week.", 2_400_000, "australian dollar"),
        ("The ferry should have cost HK $3.2m.", 3_200_000, "hong kong dollar"),
        ("The album sold 2.1M copies.", 2_100_000, None),  # a capital scale letter split from its figure
        ("The estate was valued at $US41,500,000 in March.", 41_500_000, "dollar"),
        ("The payout was $A7,250 per person.", 7250, "australian dollar"),
        ("The debt stood at $US12 trillion.", 12_000_000_000_000, "dollar"),
        ("The carmaker slid 2 percent to Y=12,400 in Tokyo.", 12_400, "japanese yen"),
        ("Shares in the miner closed at 212.5p on Friday.", 212.5, "penny"),
    ],
)
def test_multipliers_and_currencies_written_with_the_figure(
    analyzer: Analyzer, body: str, value: float, unit: str | None
) -> None:
    q = next(q for q in quantities(analyzer, body) if q.value == pytest.approx(value))
    assert q.unit == unit


def test_a_console_is_no_amount_in_pounds(analyzer: Analyzer) -> None:
    assert all(q.unit != "pound sterling" for q in quantities(analyzer, "She bought a PS5 for her son."))


def test_a_resolution_is_no_amount_in_pence(analyzer: Analyzer) -> None:
    assert all(q.unit != "penny" for q in quantities(analyzer, "The camera records 1080p video."))


@pytest.mark.parametrize(
    ("body", "low", "high", "unit"),
    [
        ("Rents are forecast to rise between 3% and 4% next year.", 3, 4, "percentage"),
        ("Tickets will sell for between $20 and $30 each.", 20, 30, "dollar"),
        ("Regulators could impose a penalty of $2 billion to $4 billion.", 2e9, 4e9, "dollar"),
        ("Fees range from 2 per cent to 2.5 per cent a year.", 2, 2.5, "percentage"),
        ("Analysts expect between $US90 million and $US95 million in sales.", 9e7, 9.5e7, "dollar"),
        ("Adults burn about 1800 - 2200 Calories a day.", 1800, 2200, "calorie"),  # "1800" is no year here
        ("The cells run at 2.4 A/cm2 to 0.05 A/cm2.", 0.05, 2.4, "ampere per square centimetre"),
    ],
)
def test_ranges_with_the_unit_written_on_both_ends(
    analyzer: Analyzer, body: str, low: float, high: float, unit: str
) -> None:
    q = only(analyzer, body)
    assert q.value is None and q.low == pytest.approx(low) and q.high == pytest.approx(high) and q.unit == unit


def test_a_change_then_a_level_is_no_range(analyzer: Analyzer) -> None:
    found = quantities(analyzer, "The deficit widened by $12.5 billion to $301.4 billion.")
    assert [(q.value, q.change) for q in found] == [(12_500_000_000, "up"), (301_400_000_000, "up")]


@pytest.mark.parametrize(
    ("body", "value", "unit"),
    [
        ("Overnight it fell to minus 40 Celsius.", -40, "celsius"),
        ("The probe measured minus-2.5 degrees at the surface.", -2.5, "degree"),
        ("Nearly two-thirds of the voters stayed home.", 2 / 3, "fraction"),
        ("A quarter of the budget goes to defence.", 0.25, "fraction"),
        ("One in five adults smokes.", 0.2, "fraction"),
        ("Four out of ten households rent.", 0.4, "fraction"),
    ],
)
def test_signs_and_fractions_in_words(analyzer: Analyzer, body: str, value: float, unit: str) -> None:
    q = only(analyzer, body)
    assert q.value == pytest.approx(value) and q.unit == unit


def test_a_quarter_before_a_scale_still_scales_it(analyzer: Analyzer) -> None:
    assert only(analyzer, "The bridge cost three quarters billion euros.").value == 750_000_000


@pytest.mark.parametrize(
    ("body", "value", "unit"),
    [
        ("The alloy failed at 12 ksi.", 12, "kilopound per square inch"),
        ("The grid ran at 50 Hz all week.", 50, "hertz"),
        ("The grid frequency dipped to 49.8 HZ on Monday.", 49.8, "hertz"),
        ("The field reached 8 kV/cm.", 8, "kilovolt per centimetre"),
        ("The hatchback returns 25 mpg in town.", 25, "mile per gallon"),
        ("Tests found 40 ppb of lead in the water.", 40, "parts-per-billion"),
        ("The plan offers 15Mbps downloads.", 15, "megabit per second"),
        ("Gilts yield 2.5pc now.", 2.5, "percentage"),
        ("The glacier loses 30 gigatonnes of ice.", 30, "gigaton"),
        ("The reactor burns 12 ppm of boron.", 12, "parts-per-million"),
        ("The crate holds 24 units.", 24, None),  # pint's "micro-nit" is no unit of news
        ("The cabin is 9' tall.", 9, "foot"),
        ("Operators are rolling out 5G networks.", 5, "generation wireless"),
        ("Drillers leased 20 sections of land.", 20, None),  # pint's survey section
        ("The deal was worth 9.5 million Danish crowns.", 9_500_000, "danish krone"),
        ("Turnover reached 2.2 billion shekels.", 2_200_000_000, "shekel"),
        ("The yen eased to 109.5 JPY= in Tokyo.", 109.5, "japanese yen"),
        ("The tumour shrank to ~1.5mm.", 1.5, "millimetre"),
    ],
)
def test_units_of_news(analyzer: Analyzer, body: str, value: float, unit: str | None) -> None:
    q = only(analyzer, body)
    assert q.value == pytest.approx(value) and q.unit == unit


def test_a_tilde_is_an_approximation(analyzer: Analyzer) -> None:
    q = only(analyzer, "The tumour shrank to ~1.5mm.")
    assert (q.qualifier, q.approximate) == ("~", True)


def test_a_refinery_of_a_rate(analyzer: Analyzer) -> None:
    q = next(q for q in quantities(analyzer, "The port has one 80,000 barrel-a-day refinery.") if q.value == 80_000)
    assert (q.unit, q.per) == ("barrel", "day")


def test_a_figure_then_a_number_word_are_two(analyzer: Analyzer) -> None:
    q = next(q for q in quantities(analyzer, "As many as 11 first-choice players were injured.") if q.value == 11)
    assert q.qualifier == "as many as"


@pytest.mark.parametrize(
    "body",
    [
        "Traders watched the Stoxx 600 index closely.",
        "The S&P 500 opened flat.",
        "Fans travelled to the Euro 2024 final.",
        "The plant builds Model 3 sedans.",
        "The order was signed at 0930 GMT.",
        "The shop opened at 6.15am.",
        "The club sits in the bottom three.",
        "Flags flew at half-mast.",
        "Sales should recover this half.",
    ],
)
def test_names_codes_times_ranks_and_periods_count_nothing(analyzer: Analyzer, body: str) -> None:
    assert quantities(analyzer, body) == []


@pytest.mark.parametrize(
    ("body", "value"),
    [
        ("Maria Lopez, 52, said she would stand again.", 52),
        ("Astronaut Jane Doyle 47 has flown twice.", 47),
        ("The offer is open to anyone over the age of 30.", 30),
    ],
)
def test_ages_after_names_and_of_age(analyzer: Analyzer, body: str, value: float) -> None:
    q = next(q for q in quantities(analyzer, body) if q.value == value)
    assert q.unit == "year of age"


def test_a_unit_on_a_name_is_no_label(analyzer: Analyzer) -> None:
    q = only(analyzer, "The Hornsea 1200 megawatt farm opened.")
    assert (q.value, q.unit) == (1200, "megawatt")


def test_a_qualifier_stands_before_the_currency(analyzer: Analyzer) -> None:
    q = only(analyzer, "The bonds traded at more than $40 on Monday.")
    assert (q.qualifier, q.text, q.unit) == ("more than", "more than $40", "dollar")


def test_a_unit_given_once_for_two_levels(analyzer: Analyzer) -> None:
    found = quantities(analyzer, "Economy improved from 18 mpg to 22 for the base model.")
    assert [(q.value, q.unit) for q in found] == [(18, "mile per gallon"), (22, "mile per gallon")]


def test_a_rate_after_a_figure_in_another_currency(analyzer: Analyzer) -> None:
    q = quantities(analyzer, "Holders get C $8 (US $6.10) per share in cash.")[0]
    assert (q.value, q.unit, q.per) == (8, "canadian dollar", "share")


def test_a_count_of_the_noun_before_another(analyzer: Analyzer) -> None:
    assert only(analyzer, "The inquiry released a 40 page report.").object == "page"


def test_newsquant_form_of_moves_and_vague_amounts(tmp_path: Path, analyzer: Analyzer) -> None:
    records = [  # NewsQuant writes a move between two levels as one range, a vague plural as its decade
        {"text": "Output jumped from 180 to 195 last year.", "quantities": [
            {"value": "180-195", "normalized_unit": "-", "change": "up", "referred_concepts": "Output"}]},
        {"text": "Volume eased to 4,200 lots from 5,100 lots.", "quantities": [
            {"value": "5100-4200", "normalized_unit": "lot", "change": "down", "referred_concepts": "Volume"}]},
        {"text": "The storm cut power to thousands of homes.", "quantities": [
            {"value": "1000-10000", "normalized_unit": "home", "change": "=", "referred_concepts": "-"}]},
    ]
    data = tmp_path / "newsquant.json"
    data.write_text(json.dumps(records), encoding="utf-8")
    assert evaluate(data, analyzer).table["value"].true_positives == 3


def test_dossier_keeps_the_two_levels_of_a_move(analyzer: Analyzer) -> None:
    found = quantities(analyzer, "Output jumped from 180 to 195 last year.")
    assert [(q.value, q.change) for q in found] == [(180, "up"), (195, "up")]


@pytest.mark.parametrize(("body", "low"), [("Several hundred people marched.", 200), ("A few thousand fans waited.", 2000)])
def test_some_of_a_scale_is_vague(analyzer: Analyzer, body: str, low: float) -> None:
    q = only(analyzer, body)
    assert (q.value, q.low, q.high, q.approximate) == (None, low, None, True)


def test_quantulum3_test_files_are_read_as_cqe_records(analyzer: Analyzer, tmp_path: Path) -> None:
    data = tmp_path / "quantities.json"
    data.write_text(json.dumps([
        {"req": "The pier is 40 metres long.", "res": [{"value": 40, "unit": "metre", "surface": "40 metres"}]},
        {"req": "Nothing is counted here.", "res": []},
    ]))
    report = evaluate(data, analyzer)
    assert report.documents == 2 and report.table["value"].true_positives == 1


def test_a_unit_written_with_a_hyphen(analyzer: Analyzer) -> None:
    q = only(analyzer, "The new engine makes 420 lb-ft of torque.")
    assert (q.value, q.unit, q.text) == (420, "foot pound-force", "420 lb-ft")


def test_more_is_not_what_is_counted(analyzer: Analyzer) -> None:
    q = only(analyzer, "The club signed four more strikers in January.")
    assert (q.value, q.object) == (4, "strikers")


@pytest.mark.parametrize(
    ("body", "value", "unit", "counted"),
    [
        ("Floods damaged 2,000 homes, including 300 in the capital.", 300, None, "homes"),
        ("Two officers died and 7 were wounded in the attack.", 7, None, "officers"),
        ("The Nikkei fell 310 points to 27,400 on Tuesday.", 27_400, None, "points"),
        ("The FTSE 100 fell 0.5% to 7,400 points, while the FTSE 250 rose 0.2% to 19,100.", 19_100, None, "points"),
        ("The plant shipped 900 tonnes in March and 750 in April.", 750, "metric ton", None),
    ],
)
def test_a_unit_or_counted_noun_given_once_for_two_figures(
    analyzer: Analyzer, body: str, value: float, unit: str | None, counted: str | None
) -> None:
    q = next(q for q in quantities(analyzer, body) if q.value == value)
    assert q.unit == unit
    assert counted is None or q.object == counted


@pytest.mark.parametrize(
    ("body", "value"),
    [
        ("Shares rose 4% to 212 on Monday.", 212),  # a level is no percentage of a change
        ("The ticket is $12 and 40 is the limit.", 40),  # a figure with its own verb shares no unit
        ("The 6 speed manual version is cheaper and 3,000 were sold.", 3000),  # "6 speed" modifies "version"
    ],
)
def test_no_unit_given_once_where_none_is_shared(analyzer: Analyzer, body: str, value: float) -> None:
    q = next(q for q in quantities(analyzer, body) if q.value == value)
    assert q.unit is None and q.object in {None, "Shares"}


def test_newsquant_units_of_fractions_of_a_group_and_of_pence(tmp_path: Path, analyzer: Analyzer) -> None:
    records = [  # NewsQuant writes a fraction of a group as "% group" and pence glued to a figure as "point"
        {"text": "One in four voters stayed home.", "quantities": [{"value": "0.25", "normalized_unit": "% voters"}]},
        {"text": "A third of the budget goes to roads.", "quantities": [{"value": "0.3333333333", "normalized_unit": "% budget"}]},
        {"text": "The miner closed at 212p.", "quantities": [{"value": "212", "normalized_unit": "point"}]},
        {"text": "Floods damaged 2,000 homes, including 300 in the capital.", "quantities": [
            {"value": "2000", "normalized_unit": "home"}, {"value": "300", "normalized_unit": "home"}]},
    ]
    data = tmp_path / "newsquant.json"
    data.write_text(json.dumps(records), encoding="utf-8")
    assert evaluate(data, analyzer).table["value_unit"].true_positives == 5


def test_superscript_digits_are_not_read_as_numbers(analyzer: Analyzer) -> None:
    # "³".isdigit() is true, but float() cannot read it: the article must be analysed, and no figure read from it.
    found = quantities(analyzer, "The tank holds 3³ litres, and ² stands alone after 4 ³ marks.")
    assert all("³" not in q.text and "²" not in q.text for q in found)
