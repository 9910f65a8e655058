"""Times: TIMEX3 type and value resolved against the publication date; the TimeML reader and scorer."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dossier.evaluate.timex import evaluate, read_meantime, read_tml
from dossier.model import Article
from dossier.pipeline import Analyzer
from dossier.pipeline.time_values import Tense
from dossier.pipeline.timex import normalize

PUBLISHED = date(2024, 10, 17)  # a Thursday


@pytest.mark.parametrize(
    ("text", "tense", "expected"),
    [
        ("last week", None, ("DATE", "2024-W41")),
        ("June", "past", ("DATE", "2024-06")),
        ("in June", None, ("DATE", "2024-06")),
        ("this month", None, ("DATE", "2024-10")),
        ("the entire year", None, ("DATE", "2024")),
        ("Q3 2024", None, ("DATE", "2024-Q3")),
        ("H1", None, ("DATE", "2024-H1")),
        ("earlier this month", None, ("DATE", "2024-10")),
        ("late last year", None, ("DATE", "2023")),
        ("Sunday, Oct. 6, 2024", None, ("DATE", "2024-10-06")),
        ("Oct. 6", None, ("DATE", "2024-10-06")),
        ("6 October 2024", None, ("DATE", "2024-10-06")),
        ("December", "past", ("DATE", "2023-12")),
        ("each year", None, ("SET", "P1Y")),
        ("annually", None, ("SET", "P1Y")),
        ("every night", None, ("SET", "XXXX-XX-XXTNI")),
        ("Monday", "past", ("DATE", "2024-10-14")),
        ("Monday", "future", ("DATE", "2024-10-21")),
        ("Tuesday", None, ("DATE", "2024-10-15")),
        ("two years ago", None, ("DATE", "2022")),
        ("a year ago", None, ("DATE", "2023")),
        ("the past six months", None, ("DURATION", "P6M")),
        ("three days", None, ("DURATION", "P3D")),
        ("several weeks", None, ("DURATION", "PXW")),
        ("48 hours", None, ("DURATION", "PT48H")),
        ("the third quarter", None, ("DATE", "2024-Q3")),
        ("the 1990s", None, ("DATE", "199")),
        ("this spring", None, ("DATE", "2024-SP")),
        ("3 p.m.", None, ("TIME", "2024-10-17T15:00")),
        ("this morning", None, ("TIME", "2024-10-17TMO")),
        ("yesterday", None, ("DATE", "2024-10-16")),
        ("now", None, ("DATE", "PRESENT_REF")),
        ("next week", None, ("DATE", "2024-W43")),
        ("last April", None, ("DATE", "2024-04")),
        ("July last year", None, ("DATE", "2023-07")),
        ("1998", None, ("DATE", "1998")),
        ("fiscal 1989", None, ("DATE", "1989")),
        ("nineteen ninety-six", None, ("DATE", "1996")),
        ("30-year", None, ("DURATION", "P30Y")),
        ("the weekend", "past", ("DATE", "2024-W41-WE")),
        ("the latest quarter", None, ("DATE", "2024-Q3")),
        ("the year two thousand", None, ("DATE", "2000")),
        ("January nineteen ninety-seven", None, ("DATE", "1997-01")),
        ("the mid-1990s", None, ("DATE", "199")),
        ("the nineties", None, ("DATE", "199")),
        ("the 20th century", None, ("DATE", "19")),
        ("2 1/2 years", None, ("DURATION", "P2Y6M")),
        ("a minute and a half", None, ("DURATION", "PT1M30S")),
        ("at least 72 hours", None, ("DURATION", "PT72H")),
        ("the first nine months of 2024", None, ("DURATION", "P9M")),
        ("almost four years ago", None, ("DATE", "2020")),
        ("several years ago", None, ("DATE", "PAST_REF")),
        ("coming months", None, ("DATE", "FUTURE_REF")),
        ("the next few days", None, ("DURATION", "PXD")),
        ("in the future", None, ("DATE", "FUTURE_REF")),
        ("in the near term", None, ("DATE", "FUTURE_REF")),
        ("the current fiscal year", None, ("DATE", "2024")),
        ("this year's third quarter", None, ("DATE", "2024-Q3")),
        ("the 2023 second quarter", None, ("DATE", "2023-Q2")),
        ("last Thursday", None, ("DATE", "2024-10-10")),
        ("noon Saturday", "past", ("TIME", "2024-10-12T12:00")),
        ("5 p.m. EST, Nov. 6", None, ("TIME", "2024-11-06T17:00")),
        ("4 in the morning", None, ("TIME", "2024-10-17T04:00")),
        ("the week of Oct. 7", None, ("DATE", "2024-W41")),
        ("every quarter", None, ("SET", "P1Q")),
        ("a week", None, ("DURATION", "P1W")),
        ("last Oct. 23", None, ("DATE", "2023-10-23")),
        ("mid-afternoon yesterday", None, ("TIME", "2024-10-16TAF")),
        ("around year end", None, ("DATE", "2024-12-31")),
        ("year-end", "past", ("DATE", "2023-12-31")),
        ("the latest period", None, ("DATE", "2024-Q3")),
        ("the last quarter", None, ("DATE", "2024-Q3")),
        ("the first quarter of last year", None, ("DATE", "2023-Q1")),
        ("the final quarter of 2009", None, ("DATE", "2009-Q4")),
        ("16:08 UTC", None, ("TIME", "2024-10-17T16:08Z")),
        ("0800 GMT", None, ("TIME", "2024-10-17T08:00Z")),
        ("since '82", None, ("DATE", "1982")),
        ("the 70s", None, ("DATE", "197")),
        ("7/8/07", None, ("DATE", "2007-07-08")),
        ("October of next year", None, ("DATE", "2025-10")),
        ("for the long term", None, ("DATE", "FUTURE_REF")),
        ("for the time being", None, ("DATE", "PRESENT_REF")),
        ("Tuesdays", None, ("SET", "XXXX-WXX-2")),
        ("Christmas Eve", "future", ("DATE", "2024-12-24")),
        ("each Thursday", None, ("SET", "XXXX-WXX-4")),
        ("Tuesday nights", None, ("SET", "XXXX-WXX-2TNI")),
        ("March", None, ("DATE", "2024-03")),
        ("April 5", None, ("DATE", "2024-04-05")),
    ],
)
def test_normalize(text: str, tense: str | None, expected: tuple[str, str]) -> None:
    assert normalize(text, PUBLISHED, tense) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        ("a year earlier", "2024-Q3", ("DATE", "2023-Q3")),  # at the granularity of the date last named
        ("the year-ago quarter", "2024-Q3", ("DATE", "2023-Q3")),
        ("the quarter", "2024-Q2", ("DATE", "2024-Q2")),
        ("the 2023 quarter", "2024-Q3", ("DATE", "2023-Q3")),
        ("that year", "2019-05-04", ("DATE", "2019")),
        ("the following month", "2019-05", ("DATE", "2019-06")),
        ("earlier that day", "2019-05-04", ("DATE", "2019-05-04")),
        ("two days later", "2019-05-04", ("DATE", "2019-05-06")),
        ("a day earlier", "2019-05", ("DATE", "2024-10-16")),  # a month is too coarse to count days from
        ("10 p.m.", "2019-05-04", ("TIME", "2019-05-04T22:00")),
        ("a year ago", "2019-05-04", ("DATE", "2023")),  # "ago" counts from publication
    ],
)
def test_anaphoric_expressions_resolve_against_the_date_last_named(text: str, anchor: str, expected: tuple[str, str]) -> None:
    assert normalize(text, PUBLISHED, None, anchor) == expected


@pytest.mark.parametrize(
    ("text", "tense", "expected"),
    [
        ("Thanksgiving", None, "2024-11-28"),  # the nearest one
        ("last Christmas", None, "2023-12-25"),
        ("Easter", "past", "2024-03-31"),
        ("Election Day 2020", None, "2020-11-03"),
        ("Good Friday", "future", "2025-04-18"),
    ],
)
def test_holidays(text: str, tense: Tense, expected: str) -> None:
    assert normalize(text, PUBLISHED, tense) == ("DATE", expected)


def test_a_holiday_the_ner_model_calls_an_event_is_a_time(analyzer: Analyzer) -> None:
    article = Article("t", "Castro spoke on Thanksgiving Day in Havana.", published=date(1999, 11, 26))
    assert [(t.text, t.value) for t in analyzer.analyze_one(article).times] == [("Thanksgiving Day", "1999-11-25")]


def test_unknown_form_is_none() -> None:
    assert normalize("the Hundred Years' War era", PUBLISHED) is None


def test_the_early_hours_are_a_part_of_a_day_not_a_duration(analyzer: Analyzer) -> None:
    assert normalize("the early hours", PUBLISHED) is None
    article = Article("t", "Rebels attacked in the early hours of Sunday.", published=PUBLISHED)
    assert [(t.text, t.value) for t in analyzer.analyze_one(article).times] == [("Sunday", "2024-10-13")]


def test_component_uses_the_tense_and_publication_date(analyzer: Analyzer) -> None:
    article = Article("t", "Putin sent a message last week. Talks will resume on Monday.", published=PUBLISHED)
    values = {t.text: t.value for t in analyzer.analyze_one(article).times}
    assert values == {"last week": "2024-W41", "Monday": "2024-10-21"}


def test_joined_expressions_are_read_apart(analyzer: Analyzer) -> None:
    article = Article("t", "Profit rose in the quarter ended Sept. 30, and sales grew from 2019 to 2022.", published=PUBLISHED)
    values = [(t.text, t.value) for t in analyzer.analyze_one(article).times]
    assert values == [("the quarter", "2024-Q3"), ("Sept. 30", "2024-09-30"), ("2019", "2019"), ("2022", "2022")]


def test_a_span_of_a_year_is_read_apart_but_a_quarter_of_a_year_is_one_date(analyzer: Analyzer) -> None:
    text = "Jobs grew in the first nine months of 1997. Profit rose in the first quarter of 2009."
    values = [(t.text, t.value) for t in analyzer.analyze_one(Article("t", text, published=PUBLISHED)).times]
    assert values == [("the first nine months", "P9M"), ("1997", "1997"), ("the first quarter of 2009", "2009-Q1")]


def test_a_weekday_and_its_date_are_one_expression(analyzer: Analyzer) -> None:
    article = Article("t", "$14 million of that seeped out Friday Oct. 13 alone.", published=date(1989, 10, 27))
    assert [(t.text, t.value) for t in analyzer.analyze_one(article).times] == [("Friday Oct. 13", "1989-10-13")]


def test_the_determiner_the_ner_model_leaves_out_is_kept(analyzer: Analyzer) -> None:
    article = Article("t", "This year's results included a gain of $70.2 million.", published=PUBLISHED)
    assert [(t.text, t.type, t.value) for t in analyzer.analyze_one(article).times] == [("This year", "DATE", "2024")]


def test_the_year_the_ner_model_leaves_out_of_a_season_is_kept(analyzer: Analyzer) -> None:
    article = Article("t", "It happened in the summer of 2022.", published=PUBLISHED)
    assert [(t.text, t.value) for t in analyzer.analyze_one(article).times] == [("the summer of 2022", "2022-SU")]


def test_the_untagged_year_that_ends_a_range_is_kept(analyzer: Analyzer) -> None:
    article = Article("t", "The party governed Syria from 1963 to late 2024. Experts agreed.", published=PUBLISHED)
    assert [(t.text, t.value) for t in analyzer.analyze_one(article).times] == [("1963", "1963"), ("late 2024", "2024")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Italy reported 144 deaths Sunday, down from the day before.", [("Sunday", "2024-10-13"), ("the day before", "2024-10-12")]),
        ("He was seen Oct. 3, the day before police issued a warrant.", [("Oct. 3", "2024-10-03"), ("the day", "2024-10-03")]),
    ],
)
def test_the_day_before_as_an_adverb(analyzer: Analyzer, text: str, expected: list[tuple[str, str]]) -> None:
    assert [(t.text, t.value) for t in analyzer.analyze_one(Article("t", text, published=PUBLISHED)).times] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The day before last Tuesday's hearing, he flew home.", [("The day before last Tuesday", "2024-10-14")]),
        ("She left the day before Thanksgiving.", [("the day before Thanksgiving", "2023-11-22")]),
        ("They met the week after Christmas.", [("the week after Christmas", "2024-W01")]),
    ],
)
def test_a_unit_before_or_after_a_date_named_counts_from_it(analyzer: Analyzer, text: str, expected: list[tuple[str, str]]) -> None:
    assert [(t.text, t.value) for t in analyzer.analyze_one(Article("t", text, published=PUBLISHED)).times] == expected


def test_a_verb_the_ner_model_takes_in_is_left_out(analyzer: Analyzer) -> None:
    article = Article("t", "The operation was meant to last a few months.", published=PUBLISHED)
    assert [(t.text, t.value) for t in analyzer.analyze_one(article).times] == [("a few months", "PXM")]


def test_later_is_a_signal_outside_the_duration(analyzer: Analyzer) -> None:
    article = Article("t", "Three days later, the index closed higher.", published=PUBLISHED)
    assert [(t.text, t.type, t.value) for t in analyzer.analyze_one(article).times] == [("Three days", "DURATION", "P3D")]


def test_a_quarter_not_yet_begun_in_a_past_clause_is_last_years(analyzer: Analyzer) -> None:
    article = Article("t", "Foreclosures rose in the fourth quarter.", published=date(2007, 3, 13))
    assert [t.value for t in analyzer.analyze_one(article).times] == ["2006-Q4"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Dow Jones was down 2.62% at 16:08 UTC, a slight increase.", ("16:08 UTC", "2024-10-17T16:08Z")),
        ("At a press conference at 16:15 UTC, Oct. 1, the chief spoke.", ("16:15 UTC, Oct. 1", "2024-10-01T16:15Z")),
        ("The date matches the designation written in the American format, 7/8/07.", ("7/8/07", "2007-07-08")),
    ],
)
def test_written_times_the_ner_model_misses(analyzer: Analyzer, text: str, expected: tuple[str, str]) -> None:
    assert [(t.text, t.value) for t in analyzer.analyze_one(Article("t", text, published=PUBLISHED)).times] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russia may keep the base for at least 20 more years.", [("20 more years", "DURATION", "P20Y")]),
        ("The tour is likely to last over a week.", [("over a week", "DURATION", "P1W")]),
        ("She spent about 5 1/2 hours in Nairobi.", [("about 5 1/2 hours", "DURATION", "PT5H30M")]),
        ("The jet is almost two and a half years late.", [("two and a half years", "DURATION", "P2Y6M")]),
        ("No trips were cancelled after the Aug. 7 Embassy bombings.", [("Aug. 7", "DATE", "2024-08-07")]),
        ("After a flat second quarter, profits rose.", [("second quarter", "DATE", "2024-Q2")]),
        ("It made a profit after several quarters of losses.", [("several quarters", "DURATION", "PXQ")]),
        ("Lawyers left their third day-long meeting.", [("day-long", "DURATION", "P1D")]),
        ("Hours later, the rebels fled.", [("Hours", "DURATION", "PTXH")]),
        ("Net income for the fiscal second-quarter rose.", [("second-quarter", "DATE", "2024-Q2")]),
    ],
)
def test_counted_periods_and_dates_the_ner_model_misses(
    analyzer: Analyzer, text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert [(t.text, t.type, t.value) for t in analyzer.analyze_one(Article("t", text, published=PUBLISHED)).times] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The summit will be held on April 24 and 25.", [("April 24", "2025-04-24"), ("25", "2025-04-25")]),
        ("Voting took place on March 3-4.", [("March 3", "2024-03-03"), ("4", "2024-03-04")]),
        ("Talks are set for Nov. 5 and 6 in Geneva.", [("Nov. 5", "2024-11-05"), ("6", "2024-11-06")]),
        ("On Nov. 5 and 6 people died.", [("Nov. 5", "2024-11-05")]),
    ],
)
def test_a_second_day_of_the_same_month(analyzer: Analyzer, text: str, expected: list[tuple[str, str]]) -> None:
    assert [(t.text, t.value) for t in analyzer.analyze_one(Article("t", text, published=PUBLISHED)).times] == expected


def test_an_infinitive_under_a_simple_past_says_nothing_of_direction(analyzer: Analyzer) -> None:
    text = "Russia used its veto in March to shut down the monitoring panel in April."
    values = [t.value for t in analyzer.analyze_one(Article("t", text, published=date(2024, 6, 28))).times]
    assert values == ["2024-03", "2024-04"]


def test_a_plan_in_the_past_perfect_is_over(analyzer: Analyzer) -> None:
    text = "The offer had been scheduled to expire at midnight Friday. It is now due to expire Friday."
    values = [t.value for t in analyzer.analyze_one(Article("t", text, published=date(1989, 10, 30))).times]
    assert values == ["1989-10-27T24:00", "PRESENT_REF", "1989-11-03"]


def test_an_untensed_quarter_far_ahead_is_last_years(analyzer: Analyzer) -> None:
    article = Article("t", "AT&T announced a drop in profits for the fourth quarter.", published=date(1998, 1, 26))
    assert [t.value for t in analyzer.analyze_one(article).times] == ["1997-Q4"]


def test_a_modal_puts_a_month_ahead(analyzer: Analyzer) -> None:
    article = Article("t", "The transaction should be completed in October.", published=date(2009, 6, 5))
    assert [t.value for t in analyzer.analyze_one(article).times] == ["2009-10"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sales rose 43% in February compared to the same period last year.", ("the same period last year", "2023-02")),
        ("Sales fell 35% in January, compared to the same month a year ago.", ("the same month a year ago", "2023-01")),
        ("Net was $2 million in the third quarter, against $3 million in the corresponding period last year.",
         ("the corresponding period last year", "2023-Q3")),
    ],
)
def test_the_same_period_a_year_before_the_one_named(analyzer: Analyzer, text: str, expected: tuple[str, str]) -> None:
    times = analyzer.analyze_one(Article("t", text, published=PUBLISHED)).times
    assert (times[-1].text, times[-1].value) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The year-earlier results are those of the quarter compared, not of a year before the year-ago quarter.
        ("Net fell in the third quarter from the year-ago quarter. The year-earlier results were restated.",
         [("the third quarter", "2024-Q3"), ("the year-ago quarter", "2023-Q3"), ("year-earlier", "2023-Q3")]),
        # With no date named, "a year earlier" counts from publication, like "a year ago".
        ("Sales fell from a year ago. Costs rose from a year earlier.", [("a year ago", "2023"), ("a year earlier", "2023")]),
    ],
)
def test_each_year_earlier_comparison_counts_from_the_same_period(
    analyzer: Analyzer, text: str, expected: list[tuple[str, str]]
) -> None:
    assert [(t.text, t.value) for t in analyzer.analyze_one(Article("t", text, published=PUBLISHED)).times] == expected


def test_a_year_ago_quarter_after_a_year_is_the_last_full_quarter_a_year_back(analyzer: Analyzer) -> None:
    text = "Profit for 1989 will rise. U.K. sales for last year's quarter were about $3 million."
    times = analyzer.analyze_one(Article("t", text, published=date(1989, 11, 1))).times
    assert [(t.text, t.value) for t in times] == [("1989", "1989"), ("last year's quarter", "1988-Q3")]


def test_a_fiscal_year_ended_before_december_is_twelve_months(analyzer: Analyzer) -> None:
    text = "For the year ended March 31, revenue rose. For the year ending Dec. 31, it fell."
    values = [(t.text, t.type, t.value) for t in analyzer.analyze_one(Article("t", text, published=PUBLISHED)).times]
    assert values[0] == ("the year", "DURATION", "P1Y")
    assert values[2] == ("the year", "DATE", "2024")


def test_a_hyphenated_word_is_not_a_range(analyzer: Analyzer) -> None:
    text = "In the year-earlier quarter, the tax credit was $3.3 million."
    values = [(t.text, t.value) for t in analyzer.analyze_one(Article("t", text, published=PUBLISHED)).times]
    assert values == [("the year-earlier quarter", "2023-Q3")]


def test_the_date_last_named_anchors_later_expressions(analyzer: Analyzer) -> None:
    text = "The plant opened in March 2019. Later that year it was closed, and a year earlier it had flooded."
    values = {t.text: t.value for t in analyzer.analyze_one(Article("t", text, published=PUBLISHED)).times}
    assert values["March 2019"] == "2019-03"
    assert values["a year earlier"] == "2018-03"  # anchored on March 2019, not on "that year"


def test_a_present_passive_does_not_push_a_month_into_the_past(analyzer: Analyzer) -> None:
    text = "The sale is expected in December. The deal closed in January."
    values = {t.text: t.value for t in analyzer.analyze_one(Article("t", text, published=PUBLISHED)).times}
    assert values == {"December": "2024-12", "January": "2024-01"}


def test_a_month_held_by_a_noun_or_since_ignores_the_clause_tense(analyzer: Analyzer) -> None:
    text = "The bank will try to sell itself under a June agreement. Nobody will be allowed in since Jan. 13."
    values = {t.text: t.value for t in analyzer.analyze_one(Article("t", text, published=date(1989, 10, 27))).times}
    assert values == {"June": "1989-06", "Jan. 13": "1989-01-13"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A new office of the chairman was created, effective Feb. 1.", "1990-02-01"),
        ("The official said the accession was planned for early March.", "1990-03"),
        ("The bank has extended loans through January.", "1990-01"),
        ("Qantas will almost double its flights between Australia and India by August.", "1990-08"),
    ],
)
def test_plans_effective_dates_and_deadlines_look_ahead(analyzer: Analyzer, text: str, expected: str) -> None:
    article = Article("t", text, published=date(1989, 10, 26))
    assert [t.value for t in analyzer.analyze_one(article).times] == [expected]


def test_an_untensed_month_far_ahead_is_the_one_before(analyzer: Analyzer) -> None:
    article = Article("t", "Police have searched for him since shortly after the Oct. 23 slaying.", published=date(1999, 5, 6))
    assert [t.value for t in analyzer.analyze_one(article).times] == ["1998-10-23"]


def test_an_untensed_weekday_is_in_the_past_week_or_the_next_day(analyzer: Analyzer) -> None:
    text = "The Friday meeting drew crowds. The Saturday rally drew more."
    values = [t.value for t in analyzer.analyze_one(Article("t", text, published=PUBLISHED)).times]
    assert values == ["2024-10-18", "2024-10-12"]


def test_a_future_weekday_may_be_publication_day(analyzer: Analyzer) -> None:
    article = Article("t", "The minister will travel to Paris on Thursday.", published=PUBLISHED)
    assert [t.value for t in analyzer.analyze_one(article).times] == ["2024-10-17"]


def test_a_rate_is_a_set_and_a_span_is_a_duration(analyzer: Analyzer) -> None:
    text = "Exiles send $1 billion a year home. The probe will end within a year. Tankers come at a rate of 15 a year."
    values = [(t.text, t.type, t.value) for t in analyzer.analyze_one(Article("t", text, published=PUBLISHED)).times]
    assert values == [("a year", "SET", "P1Y"), ("a year", "DURATION", "P1Y"), ("a year", "SET", "P1Y")]


def test_untagged_expressions_are_found(analyzer: Analyzer) -> None:
    text = "She prays every day. The deal should close by year-end. The latest period had a loss."
    values = [(t.text, t.value) for t in analyzer.analyze_one(Article("t", text, published=PUBLISHED)).times]
    assert values == [("every day", "P1D"), ("year-end", "2024-12-31"), ("The latest period", "2024-Q3")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("She took the stand for more than four hours Friday.", [("more than four hours", "PT4H"), ("Friday", "2024-10-11")]),
        ("During the day Friday, the boy played outside.", [("Friday", "2024-10-11")]),
        ("Cars crossed the border in 1994, 1995 and 1997.", [("1994", "1994"), ("1995", "1995"), ("1997", "1997")]),
        ("Jobs are at a quarter-century low.", []),
    ],
)
def test_an_entity_not_understood_whole_gives_its_understood_parts(analyzer: Analyzer, text: str, expected: list[tuple[str, str]]) -> None:
    assert [(t.text, t.value) for t in analyzer.analyze_one(Article("t", text, published=PUBLISHED)).times] == expected


def test_ages_are_not_times(analyzer: Analyzer) -> None:
    article = Article("t", "A 6-year-old girl, her 6-month-old son and her father, 44 and in his 40s, were hurt.", published=PUBLISHED)
    assert analyzer.analyze_one(article).times == ()


@pytest.mark.parametrize(
    "text",
    [
        "Funds account for more than a quarter of the entire market.",
        "Chrysler wants to eliminate 789, or about a quarter, of its 3,200 dealers.",
        'Gonzalez said on CBS\'s "60 Minutes" that he was sad.',
        "The story ran in USA Today.",
        "Good evening from the central park in downtown Havana.",
    ],
)
def test_shares_names_and_greetings_are_not_times(analyzer: Analyzer, text: str) -> None:
    assert analyzer.analyze_one(Article("t", text, published=PUBLISHED)).times == ()


def test_a_capitalised_word_opening_a_quoted_sentence_is_still_a_time(analyzer: Analyzer) -> None:
    article = Article("t", "He spoke. ``Today is a sad day,'' he said.", published=PUBLISHED)
    assert [t.value for t in analyzer.analyze_one(article).times] == ["2024-10-17"]


def test_a_frequency_word_naming_a_paper_is_not_a_time(analyzer: Analyzer) -> None:
    article = Article("t", "The Communist Party daily Granma compared him with Marti.", published=PUBLISHED)
    assert analyzer.analyze_one(article).times == ()


def test_caption_dates_point_into_their_caption(analyzer: Analyzer) -> None:
    caption = "In this photo provided on Sunday, Oct. 6, 2024, a leader watches a drill."
    article = Article("t", "Troops were sent.", published=PUBLISHED, captions=(caption,))
    (time,) = analyzer.analyze_one(article).times
    assert (time.caption, time.value) == (0, "2024-10-06")
    assert caption[time.start : time.end] == time.text


TML = """<?xml version="1.0" ?>
<TimeML><DOCID>X</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-11-20" functionInDocument="CREATION_TIME">1998-11-20</TIMEX3></DCT>
<TEXT>The activist fled <TIMEX3 tid="t1" type="DATE" value="1998-10">last month</TIMEX3>, the paper \
<EVENT eid="e1">reported</EVENT> <TIMEX3 tid="t2" type="DATE" value="1998-11-20">today</TIMEX3>.</TEXT>
</TimeML>
"""


def test_tml_reader_offsets(tmp_path: Path) -> None:
    path = tmp_path / "doc.tml"
    path.write_text(TML, encoding="utf-8")
    text, dct, gold = read_tml(path)
    assert dct == date(1998, 11, 20)
    assert [text[g.start : g.end] for g in gold] == ["last month", "today"]
    assert [g.value for g in gold] == ["1998-10", "1998-11-20"]


def test_timex_scoring_on_a_tiny_corpus(tmp_path: Path, analyzer: Analyzer) -> None:
    (tmp_path / "doc.tml").write_text(TML, encoding="utf-8")
    report = evaluate(tmp_path, analyzer)
    assert report.counts("relaxed").f1 == 1.0 and report.extra["value_f1"] == 1.0


MEANTIME = """<?xml version="1.0" ?><Document doc_id="1" doc_name="x" lang="en">
<token number="0" sentence="0" t_id="1">Ford</token>
<token number="1" sentence="0" t_id="2">posts</token>
<token number="2" sentence="0" t_id="3">profit</token>
<token number="3" sentence="1" t_id="4">January</token>
<token number="4" sentence="1" t_id="5">28</token>
<token number="5" sentence="1" t_id="6">,</token>
<token number="6" sentence="1" t_id="7">2010</token>
<token number="7" sentence="2" t_id="8">Ford</token>
<token number="8" sentence="2" t_id="9">gained</token>
<token number="9" sentence="2" t_id="10">last</token>
<token number="10" sentence="2" t_id="11">year</token>
<token number="11" sentence="2" t_id="12">.</token>
<token number="12" sentence="6" t_id="13">Unscored</token>
<Markables>
<TIMEX3 functionInDocument="CREATION_TIME" m_id="1" type="DATE" value="2010-01-28">
<token_anchor t_id="4"/><token_anchor t_id="5"/><token_anchor t_id="6"/><token_anchor t_id="7"/>
</TIMEX3>
<TIMEX3 functionInDocument="NONE" m_id="2" type="DATE" value="2009">
<token_anchor t_id="10"/><token_anchor t_id="11"/>
</TIMEX3>
</Markables>
</Document>
"""


def test_meantime_reader_leaves_out_the_dateline_and_unscored_sentences(tmp_path: Path, analyzer: Analyzer) -> None:
    path = tmp_path / "doc.xml"
    path.write_text(MEANTIME, encoding="utf-8")
    text, dct, gold = read_meantime(path)
    assert (text, dct) == ("Ford posts profit\nFord gained last year.", date(2010, 1, 28))
    assert [(text[g.start : g.end], g.value) for g in gold] == [("last year", "2009")]
    assert evaluate(tmp_path, analyzer).extra["value_f1"] == 1.0
