"""Units and money: what a number is in. A currency before or after it ("$", "USD", "25 €", "30 MUSD",
"swiss francs"), a percentage, degrees and temperatures, an age, a unit of time or of measure ("240mm",
"10 miles", "190,000 square meters"); and an amount with its cents ("15 dollars 50") as one."""

from __future__ import annotations

from collections.abc import Mapping

from spacy.tokens import Doc

from dossier.pipeline import currencies, lexicons
from dossier.pipeline.quantities.numbers import Number, age_after_a_name, numeric
from dossier.pipeline.quantities.written_units import currency_token, currency_word, unit_name

_SCALES: Mapping[str, float] = lexicons.table("number_scales")
_MONEY_ONLY_SCALES = lexicons.words("money_only_scales")
_NOT_DOLLAR_LETTERS = lexicons.words("not_dollar_letters")
_CURRENCY_WORDS: Mapping[str, str] = lexicons.table("currency_words")
# "pound" alone is usually weight; with cents after it, it is money.
_MAJOR_CURRENCY_WORDS = {
    **{word: _CURRENCY_WORDS[word] for word in lexicons.entries("currency_words_before_cents")}, "pound": "pound sterling"
}
_MINOR_CURRENCY_WORDS = lexicons.words("minor_currency_words")
_PERCENT_WORDS = lexicons.words("percent_words")
_TIME_UNITS = lexicons.words("quantity_time_units")
_TEMPERATURE_SCALES: Mapping[str, str] = lexicons.table("temperature_scales")
_DEGREE_WORDS = lexicons.words("degree_words")
_UNIT_PREFIXES = lexicons.words("unit_prefixes")
_AGE_WORDS = lexicons.words("age_words")
_ENGLISH_CURRENCY_WORDS: Mapping[str, list[str]] = lexicons.table("currency_words_in_english")
_PRIMES: Mapping[str, str] = lexicons.table("prime_units")
_GLUED_LETTERS: Mapping[str, str] = lexicons.table("glued_unit_letters")
_BRACKETS = {"(": ")", "[": "]", "{": "}", "<": ">"}


def unit_of(doc: Doc, number: Number) -> tuple[str | None, int, float]:
    """The unit, where it ends, and any scale it carries ("30 MUSD" is thirty million dollars)."""
    if number.unit is not None:
        if number.unit in _UNIT_PREFIXES and number.end < len(doc):  # "3923sq m": the prefix glued to the figure
            name = unit_name(doc[number.end].text)
            if name is not None:
                return f"{number.unit} {name}", number.end + 1, 1.0
        return number.unit, number.end, 1.0
    if number.fraction:
        return "fraction", number.end, 1.0
    money = _money(doc, number)
    if money is not None:
        return money
    before = doc[number.start - 1].lower_ if number.start > 0 else ""
    # "aged 87", "a man of age 87", "over the age of 21 (years)", "Nick Hague, 44,"
    of_age = before == "of" and number.start > 1 and doc[number.start - 2].lower_ in _AGE_WORDS
    if before in _AGE_WORDS or of_age or age_after_a_name(doc, number.start, number.end):
        if number.end < len(doc) and doc[number.end].lemma_.lower() == "year":
            return "year of age", number.end + 1, 1.0
        return "year of age", number.end, 1.0
    end = number.end
    if end + 2 < len(doc) and doc[end].text in _BRACKETS and doc[end + 2].text == _BRACKETS[doc[end].text]:
        end += 1  # "20 (kg)", "20 [kg]"
    if end >= len(doc):
        return None, number.end, 1.0
    after = doc[end]
    lemma = after.lemma_.lower()
    following = [t.lower_ for t in doc[end + 1 : end + 4]]
    if after.lower_ in _PERCENT_WORDS:
        return "percentage", end + 1, 1.0
    if after.text in _PRIMES and _is_prime(doc, number, end):  # "an altitude of 30'", "a 6′2″ player"
        return _PRIMES[after.text], end + 1, 1.0
    if after.text in _GLUED_LETTERS and not doc[end - 1].whitespace_:  # "4G networks"
        return _GLUED_LETTERS[after.text], end + 1, 1.0
    if after.lower_ == "per" and following[:1] == ["cent"]:
        return "percentage", end + 2, 1.0
    if after.lower_ in _DEGREE_WORDS or after.lower_ in _TEMPERATURE_SCALES:
        if after.lower_ in _TEMPERATURE_SCALES:
            return _TEMPERATURE_SCALES[after.lower_], end + 1, _sign(doc, number)
        if following and following[0] in _TEMPERATURE_SCALES:
            return _TEMPERATURE_SCALES[following[0]], end + 2, _sign(doc, number)
        return "degree", end + 1, 1.0
    if after.lower_ in {"yo", "y.o."}:  # "an 87 yo man"
        return "year of age", end + 1, 1.0
    if after.text in {"-", "–"}:  # "a 3-inch blade", "a 28-year-old", "a one-yen bid"
        if following[:3] == ["year", "-", "old"] or following[:3] == ["years", "-", "old"]:
            return "year of age", end + 4, 1.0
        hyphenated = doc[end + 1] if end + 1 < len(doc) else None
        if hyphenated is not None and hyphenated.lower_ in _UNIT_PREFIXES and following[1:2] == ["-"] and end + 3 < len(doc):
            name = unit_name(doc[end + 3].text)  # "a 100,000-square-kilometer stretch"
            if name is not None:
                return f"{hyphenated.lower_} {name}", end + 4, 1.0
        if hyphenated is not None:
            name = _CURRENCY_WORDS.get(hyphenated.lemma_.lower()) or unit_name(hyphenated.text)
            if hyphenated.lemma_.lower() in _TIME_UNITS:
                name = hyphenated.lemma_.lower()
            if name is not None:
                return name, end + 2, 1.0
    if lemma in _TIME_UNITS:
        if following[:1] == ["old"] or following[:2] == ["-", "old"]:  # "ten years old", "a 60 year-old"
            return f"{lemma} of age", end + (2 if following[:1] == ["old"] else 3), 1.0
        if following[:1] == ["old"]:
            return f"{lemma} of age", end + 2, 1.0
        if following[:2] == ["of", "age"]:
            return f"{lemma} of age", end + 3, 1.0
        return lemma, end + 1, 1.0
    if after.lower_ in _UNIT_PREFIXES and end + 1 < len(doc):
        name = unit_name(doc[end + 1].text)  # "190,000 square meters", "16,000 metric tons"
        if name is not None:
            return f"{after.lower_} {name}", end + 2, 1.0
    if following[:1] == ["/"] and end + 2 < len(doc) and not after.whitespace_ and not doc[end + 1].whitespace_:
        quotient = unit_name(f"{after.text}/{doc[end + 2].text}")  # "0.03 A/cm2" as three tokens
        if quotient is not None:
            return quotient, end + 3, 1.0
    if following[:1] == ["-"] and end + 2 < len(doc) and not after.whitespace_ and not doc[end + 1].whitespace_:
        hyphenated_unit = unit_name(f"{after.text}-{doc[end + 2].text}")  # "586 lb-ft", "400 pound-feet" of torque
        if hyphenated_unit is not None:
            return hyphenated_unit, end + 3, 1.0
    name = unit_name(after.text)
    if name == "pound-mass" and _pounds_are_money(doc, number, end):
        name = "pound sterling"
    if name is not None:
        return name, end + 1, 1.0
    return None, number.end, 1.0


def _is_prime(doc: Doc, number: Number, end: int) -> bool:
    """A prime right after a figure, not a quotation mark closing a quote ("he said: 'two'")."""
    mark = doc[end].text
    if doc[end - 1].whitespace_ or not doc[number.start].text[:1].isdigit():
        return False
    return not any(t.text == mark for t in doc[doc[number.start].sent.start : number.start])


def unit_start(doc: Doc, number: Number) -> int:
    """Where a currency written before the number begins ("$52", "US $4.46", "$US113 trillion"), else the number's
    start: a qualifier stands before it ("more than $52")."""
    start = number.start
    if start > 0 and (currency_token(doc[start - 1]) is not None or doc[start - 1].text == "$"):
        start -= 1
        letters = doc[start - 1].lower_ if start > 0 else ""
        if doc[start].text == "$" and letters not in _NOT_DOLLAR_LETTERS and currencies.dollar_of(letters) is not None:
            start -= 1  # "US $4.46"
    return start


def _money(doc: Doc, number: Number) -> tuple[str, int, float] | None:
    """A currency before the number ("$", "USD", "MAUD", "C $") or after it ("25 €", "30 MUSD",
    "10 us dollar", "420 million finnish markka", "75 USD million")."""
    if number.start > 0:
        before = doc[number.start - 1]
        prefix = doc[number.start - 2].lower_ if number.start > 1 else ""
        if before.text == "$" and prefix not in _NOT_DOLLAR_LETTERS and (dollar := currencies.dollar_of(prefix)) is not None:
            return dollar, number.end, 1.0
        currency = currency_token(before)
        if currency is not None:
            return currency[0], number.end, currency[1]
    if number.end >= len(doc):
        return None
    for length in (3, 2):  # a currency's full name: "swiss francs", "new zealand dollars", "Danish crowns"
        words = doc[number.end : number.end + length]
        name = _currency_name([t.lower_ for t in words]) if len(words) == length else None
        if name is not None:
            return name, number.end + length, 1.0
    after = doc[number.end]
    currency = currency_token(after)
    if currency is not None:
        name, scale = currency
        end = number.end + 1
        if end < len(doc) and doc[end].lower_ in _SCALES and doc[end].lower_ not in _MONEY_ONLY_SCALES:
            scale *= _SCALES[doc[end].lower_]  # "75 USD million"
            end += 1
        return name, end, scale
    if (named := currency_word(after)) is not None:
        return named, number.end + 1, 1.0
    if number.vague and after.lower_ == "of" and number.end + 1 < len(doc):  # "millions of dollars"
        if (named := currency_word(doc[number.end + 1])) is not None:
            return named, number.end + 2, 1.0
    return None


def _currency_name(words: list[str]) -> str | None:
    """A currency's full name, also with its last word in English: "danish crowns" is the Danish krone."""
    name = currencies.by_name(" ".join(words))
    for native in _ENGLISH_CURRENCY_WORDS.get(words[-1], ()) if name is None else ():
        name = name or currencies.by_name(" ".join([*words[:-1], native]))
    return name


def _pounds_are_money(doc: Doc, number: Number, end: int) -> bool:
    """"361 million pounds" is money; "2 million pounds of beef" and "200 pounds" are weight."""
    scaled = any(t.lower_ in _SCALES for t in doc[number.start : number.end])
    weighed = end + 1 < len(doc) and doc[end + 1].lower_ == "of"
    return scaled and not weighed


def _sign(doc: Doc, number: Number) -> float:
    """A temperature's minus sign written apart from it: "convert - 20 degrees"."""
    minus = doc[number.start - 1] if number.start > 0 else None
    previous = doc[number.start - 2] if number.start > 1 else None
    if minus is not None and minus.text in {"-", "−"} and (previous is None or not numeric(previous)):
        return -1.0
    return 1.0


def with_cents(doc: Doc, numbers: list[Number]) -> list[Number]:
    """"thirteen dollars and forty-five cents", "15 dollars 50", "17 USD 25": one amount, in the major unit."""
    joined: list[Number] = []
    for number in numbers:
        previous = joined[-1] if joined else None
        major = _major_currency(doc, previous) if previous is not None else None
        if previous is not None and major is not None and _is_cents(doc, number, major[1]):
            previous.unit = major[0]
            previous.value = (previous.value or 0.0) + (number.value or 0.0) / 100
            minor_word = number.end < len(doc) and doc[number.end].lemma_.lower() in _MINOR_CURRENCY_WORDS
            previous.end = number.end + (1 if minor_word else 0)
            continue
        joined.append(number)
    return joined


def _major_currency(doc: Doc, number: Number) -> tuple[str, int] | None:
    """The currency right after a whole amount ("15 dollars", "10 $", "17 USD") and where it ends."""
    if number.value is None or not number.value.is_integer() or number.end >= len(doc):
        return None
    after = doc[number.end]
    if after.lemma_.lower() in _MAJOR_CURRENCY_WORDS:
        return _MAJOR_CURRENCY_WORDS[after.lemma_.lower()], number.end + 1
    currency = currency_token(after)
    if currency is not None and currency[1] == 1.0:
        return currency[0], number.end + 1
    return None


def _is_cents(doc: Doc, number: Number, after_currency: int) -> bool:
    """A whole number under 100 right after the currency (or after "and"), named as cents or followed
    by nothing it could count: "… dollars 50.", "… dollars and forty-five cents"."""
    between = [t.lower_ for t in doc[after_currency : number.start]]
    if between not in ([], ["and"]) or number.value is None or not number.value.is_integer() or not 0 < number.value < 100:
        return False
    if number.end >= len(doc):
        return True
    after = doc[number.end]
    return after.lemma_.lower() in _MINOR_CURRENCY_WORDS or after.is_punct or after.is_space
