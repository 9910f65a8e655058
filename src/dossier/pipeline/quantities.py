"""``dossier_quantities``: numbers with their value, range, qualifier, unit, object and rate.

A quantity is a run of number tokens ("3,000", "1.5 million", "eighteen", "hundreds", "half") outside
date and time expressions. Around it the parse gives the rest: the noun it counts ("3 million
artillery shells") or what a measure is of ("revenue of $5 billion", "Unemployment fell to 3.5
percent"), a unit (a currency sign, "%", or a unit pint knows: "240mm", "10 miles"), a
qualifier before it ("at least", "an estimated"), a range ("between 1,500 and 3,000", "10,000 to
12,000") and a rate after it ("a year", "each year", "daily"). Word numbers are read by text2num;
units are named in the vocabulary of the CQE evaluation sets ("metre", "pound-mass", "percentage").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import pint
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from text_to_num import text2num

from dossier.model import Quantity, Statement
from dossier.pipeline import currencies
from dossier.pipeline import extensions as _extensions  # noqa: F401  (registers doc._.quantities)

SCALES = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "lakh": 1e5, "crore": 1e7,
    "k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12,
}
# Letters that scale money ("$5m", "£3bn") but are units elsewhere ("1.8m tall", "100t").
MONEY_ONLY_SCALES = frozenset({"m", "b", "k"})
UNICODE_FRACTIONS = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3}
# Plural round numbers name an unknown amount of at least two of them ("hundreds of prisoners").
VAGUE = {"dozens": 24.0, "hundreds": 200.0, "thousands": 2000.0, "millions": 2e6, "billions": 2e9}
# "third" and "quarter" are far more often ordinals and periods ("third quarter") than fractions.
FRACTIONS = {"half": 0.5}
QUALIFIERS: tuple[tuple[str, ...], ...] = tuple(
    tuple(q.split())
    for q in sorted(
        (
            "at least", "at most", "more than", "less than", "fewer than", "up to", "as many as", "as few as",
            "nearly", "almost", "about", "around", "approximately", "roughly", "some", "an estimated",
            "estimated", "over", "under", "close to", "just over", "just under", "well over", "no more than",
        ),
        key=lambda q: -len(q.split()),
    )
)
APPROXIMATE = frozenset({"about", "around", "approximately", "roughly", "some", "an estimated", "estimated",
                         "nearly", "almost", "close to"})
# Letters written apart from the "$" that are words more often than currencies: "a $700 million contract".
NOT_DOLLAR_LETTERS = frozenset({"a", "s"})
# The last word of a currency's name, alone: the currency news usually means by it.
CURRENCY_WORDS = {
    "dollar": "dollar", "euro": "euro", "sterling": "pound sterling", "yen": "japanese yen", "yuan": "chinese yuan",
    "rouble": "russian ruble", "ruble": "russian ruble", "rupee": "rupee", "franc": "swiss franc", "won": "south korean won",
    "hryvnia": "ukrainian hryvnia", "cent": "cent", "penny": "penny", "pence": "penny", "usd": "dollar", "eur": "euro",
    "gbp": "pound sterling", "jpy": "japanese yen", "cny": "chinese yuan", "rmb": "chinese yuan", "lira": "turkish lira",
    "markka": "finnish markka", "peso": "mexican peso", "rand": "south african rand", "real": "brazilian real",
    "bitcoin": "bitcoin",
}
# Words for a currency's main unit, which cents may follow ("15 dollars 50"); "pound" is not in
# CURRENCY_WORDS because alone it is usually weight, but with cents after it it is money.
MAJOR_CURRENCY_WORDS = {**{w: CURRENCY_WORDS[w] for w in ("dollar", "euro", "yen", "yuan", "franc", "rupee", "peso", "ruble", "rouble")},
                        "pound": "pound sterling"}
MINOR_CURRENCY_WORDS = frozenset({"cent", "penny", "pence"})
PERCENT_WORDS = frozenset({"%", "percent", "pct"})
TIME_UNITS = frozenset({"year", "month", "week", "day", "hour", "minute", "second"})
RATE_UNITS = TIME_UNITS | {"annum", "share", "barrel", "ton", "tonne", "gallon", "head", "person", "capita", "dozen"}
RATE_NAMES = {"annum": "year"}
# "a year earlier" dates a figure; it is not a rate.
NOT_RATE_FOLLOWERS = frozenset({"earlier", "ago", "before", "later", "after", "from", "since"})
TEMPERATURE_SCALES = {"c": "celsius", "celsius": "celsius", "celcius": "celsius", "centigrade": "celsius",
                      "f": "fahrenheit", "fahrenheit": "fahrenheit", "farenheit": "fahrenheit"}
DEGREE_WORDS = frozenset({"degree", "degrees", "deg", "°"})
# Verbs of change, by direction ("rose 5%", "slipped to 3%"), and verbs that give their subject a level
# or a change ("Unemployment fell to 3.5 percent", "Inflation was 3%").
UP_VERBS = frozenset(
    "rise increase grow climb jump gain soar surge rally advance rebound up accelerate double triple quadruple widen "
    "expand swell spike balloon skyrocket".split()
)
DOWN_VERBS = frozenset(
    "fall decrease drop decline shrink sink plunge plummet slump slide slip tumble dip sag lose ease cut down slow "
    "halve narrow contract shed".split()
)
LEVEL_VERBS = UP_VERBS | DOWN_VERBS | frozenset("reach hit stand total amount top exceed be remain stay average cost".split())
_CONCEPT_MODIFIERS = frozenset({"compound", "amod", "nmod", "poss"})
RATE_ADVERBS = {"annually": "year", "yearly": "year", "monthly": "month", "weekly": "week", "daily": "day",
                "hourly": "hour"}
RATE_DETERMINERS = frozenset({"a", "an", "per", "each", "every"})
# pint knows these words, but in news they are counted things, not units.
NOT_UNITS = frozenset({"a", "an", "at", "in", "g", "s", "b", "us", "point", "points", "count", "bar", "are", "min", "year",
                       "years", "day", "days", "month", "months", "week", "weeks", "percent"})
# Abbreviations and short forms pint reads differently or not at all ("kilos" would be kiloseconds).
UNIT_ABBREVIATIONS = {"lb": "pound-mass", "lbs": "pound-mass", "ml": "millilitre", "km": "kilometre", "kg": "kilogram",
                      "kilo": "kilogram", "kilos": "kilogram",
                      "mm": "millimetre", "cm": "centimetre", "ft": "foot", "mph": "mile per hour",
                      "kph": "kilometre per hour", "kmh": "kilometre per hour", "sq": "square"}
UNIT_PREFIXES = frozenset({"square", "cubic", "metric"})
POWERS = {"2": "square", "²": "square", "3": "cubic", "³": "cubic"}
# pint's names → the CQE evaluation vocabulary.
UNIT_NAMES = {
    "meter": "metre", "kilometer": "kilometre", "centimeter": "centimetre", "millimeter": "millimetre",
    "decimeter": "decimetre", "picometer": "picometre", "micrometer": "micrometre", "nanometer": "nanometre",
    "liter": "litre", "milliliter": "millilitre", "pound": "pound-mass", "metric_ton": "metric ton",
    "degree_Celsius": "celsius", "degree_Fahrenheit": "fahrenheit", "degree": "degree", "square_meter": "square metre",
    "kilometer / hour": "kilometre per hour", "mile / hour": "mile per hour", "meter / second": "metre per second",
    "tonne": "metric ton",
}
_DIGITS = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
_FRACTION = re.compile(r"^(\d+)/(\d+)$")
_YEAR = re.compile(r"^(1[89]|20)\d\d$")
_NUMBER_AND_UNIT = re.compile(r"^(\d+(?:\.\d+)?)([a-zA-Z]+[23²³]?|[^\s\d.,])$")  # "240mm", "115USD", "100元"
_UNIT_AND_NUMBER = re.compile(r"^([A-Za-z]{1,4}\$?|[^\w\s])(\d+(?:\.\d+)?)$")  # "USD115.5", "HK$10"
_ORDINAL_SUFFIXES = frozenset({"st", "nd", "rd", "th"})
# Fractions that scale a number word after them: "half a million", "a quarter million", "three quarters billion".
SCALED_FRACTIONS = {"half": 0.5, "quarter": 0.25, "quarters": 0.25}
AGE_WORDS = frozenset({"age", "aged"})
BRACKETS = {"(": ")", "[": "]", "{": "}", "<": ">"}


@Language.factory(
    "dossier_quantities",
    # token.pos is read too: this model's attribute_ruler derives it from token.tag and declares nothing. (like_num,
    # also read, is a lexical attribute: no component assigns it.)
    requires=["doc.ents", "token.dep", "token.head", "token.lemma", "token.tag", "token.ent_type"],
    assigns=["doc._.quantities"],
)
def make_quantity_extractor(nlp: Language, name: str) -> QuantityExtractor:
    return QuantityExtractor()


@dataclass(slots=True)
class _Number:
    start: int  # token indices, end exclusive
    end: int
    value: float | None
    low: float | None = None
    high: float | None = None
    vague: bool = False
    fraction: bool = False
    unit: str | None = None


class QuantityExtractor:
    def __call__(self, doc: Doc) -> Doc:
        blocked = {
            i
            for e in doc.ents
            if e.label_ in {"DATE", "TIME", "ORDINAL"} and not _is_length_of_time(e) and not _is_bare_number(e)
            for i in range(e.start, e.end)
            if not _glued_unit(doc[i])  # the NER model tags "200lbs" a date and "75ml" an ordinal
        }
        statements = doc._.statements or []
        found: list[Quantity] = []
        for number in _with_cents(doc, _ranges(doc, list(_numbers(doc, blocked)))):
            found.append(_quantity(doc, number, statements, len(found) + 1))
        doc._.quantities = found
        return doc


def _is_bare_number(entity: Span) -> bool:
    """The small NER model often tags a lone number a date ("aged 87", "15 dollars 50"); one that cannot
    be a year, with no month, weekday or time word beside it, is a number."""
    return entity.label_ == "DATE" and len(entity) == 1 and bool(entity[0].like_num) and not _YEAR.match(entity.text)


def _is_length_of_time(entity: Span) -> bool:
    """"eight months", "ten years old", "20 minutes" are amounts of time, unlike "June" or "2024"."""
    return any(t.like_num for t in entity) and any(t.lemma_.lower() in TIME_UNITS for t in entity)


def _numbers(doc: Doc, blocked: set[int]) -> Iterator[_Number]:
    i = 0
    while i < len(doc):
        if i in blocked or not _numeric(doc[i]) or _scale_of_money_before(doc, i):
            i += 1
            continue
        end = i + 1
        money = i > 0 and _currency_token(doc[i - 1]) is not None
        while end < len(doc) and end not in blocked and (
            (_numeric(doc[end]) and _glued_unit(doc[end]) is None and not _second_figure(doc, i, end))
            or (doc[end].lower_ in SCALES and (money or doc[end].lower_ not in MONEY_ONLY_SCALES
                                               or (end + 1 < len(doc) and _currency_token(doc[end + 1]) is not None)))
            or _joins_number_words(doc, end)
            or _joins_a_fraction_to_its_scale(doc, i, end)
        ):
            end += 1
        number = _read(doc[i:end])
        if number is not None and number.vague:
            number = _vague_of_vague(doc, number)
            end = number.end
        if number is not None and not any(counts_nothing(doc, i, end) for counts_nothing in _COUNTING_NOTHING):
            yield number
        i = end


def _vague_of_vague(doc: Doc, number: _Number) -> _Number:
    """"tens of thousands" (at least 20,000), "hundreds of millions": a vague count of a vague count."""
    start, end, low = number.start, number.end, number.low or 0.0
    if end + 1 < len(doc) and doc[end].lower_ == "of" and doc[end + 1].lower_ in VAGUE:
        # "hundreds of thousands": at least two hundred of at least one thousand (VAGUE counts two of each)
        low, end = low * VAGUE[doc[end + 1].lower_] / 2, end + 2
    elif start >= 2 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ == "tens":
        low, start = low * 10, start - 2  # "tens of thousands": "tens" counts nothing alone
    return _Number(start, end, None, low=low, vague=True)


def _second_figure(doc: Doc, start: int, end: int) -> bool:
    """Figures side by side are two numbers, not one: "30 737 MAX jets" (but "10 1/2" is one)."""
    return _DIGITS.match(doc[end].text) is not None and any(_DIGITS.match(t.text) for t in doc[start:end])


def _scale_of_money_before(doc: Doc, i: int) -> bool:
    """"million" in "75 USD million" scales the amount before the currency; it is no number of its own."""
    return (doc[i].lower_ in SCALES and i > 1 and _currency_token(doc[i - 1]) is not None and _numeric(doc[i - 2]))


def _joins_number_words(doc: Doc, i: int) -> bool:
    """The hyphen of "forty-five": between two number words, with no space around it."""
    return (
        doc[i].text == "-"
        and 0 < i < len(doc) - 1
        and not doc[i - 1].whitespace_
        and not doc[i].whitespace_
        and doc[i - 1].is_alpha
        and doc[i + 1].is_alpha
        and doc[i - 1].like_num
        and doc[i + 1].like_num
    )


def _joins_a_fraction_to_its_scale(doc: Doc, start: int, i: int) -> bool:
    """The "a" and hyphens of "half a million", "half-a-million"."""
    return (doc[start].lower_ in SCALED_FRACTIONS and doc[i].lower_ in {"a", "-"}
            and any(t.lower_ in SCALES for t in doc[i + 1 : i + 4]))


def _glued(token: Token) -> tuple[float, str] | None:
    """A number written together with its unit, and that unit: "240mm", "115USD", "100元", "USD115.5", "HK$10"."""
    if (number_first := _NUMBER_AND_UNIT.match(token.text)) is not None:
        value_text, unit_text = number_first.group(1), number_first.group(2)
    elif (unit_first := _UNIT_AND_NUMBER.match(token.text)) is not None:
        value_text, unit_text = unit_first.group(2), unit_first.group(1)
    else:
        return None
    if unit_text.lower() in _ORDINAL_SUFFIXES:
        return None
    code = currencies.by_code(unit_text)
    unit = code[0] if code is not None and code[1] == 1.0 else currencies.by_sign(unit_text)
    if unit is None and number_first is not None:
        unit = _unit_name(unit_text)  # a unit of measure comes after the number, never before
    return (float(value_text), unit) if unit is not None else None


def _glued_unit(token: Token) -> str | None:
    glued = _glued(token)
    return glued[1] if glued is not None else None


def _currency_token(token: Token) -> tuple[str, float] | None:
    """A currency written as one token, and any scale it carries: "$", "€", "USD", "MUSD", "usd$"."""
    by_code = currencies.by_code(token.text)
    if by_code is not None:
        return by_code
    sign = currencies.by_sign(token.text)
    return (sign, 1.0) if sign is not None else None


def _fraction(word: str) -> float:
    if word in UNICODE_FRACTIONS:
        return UNICODE_FRACTIONS[word]
    numerator, denominator = _FRACTION.match(word).groups()  # type: ignore[union-attr]
    return int(numerator) / int(denominator) if int(denominator) else 0.0


def _is_bare_year(doc: Doc, start: int, end: int) -> bool:
    """"in 1989" that the NER model did not tag: a four-digit year counting nothing."""
    counts_something = end < len(doc) and doc[end].pos_ == "NOUN"
    return end - start == 1 and _YEAR.match(doc[start].text) is not None and not counts_something


def _is_pronoun(doc: Doc, start: int, end: int) -> bool:
    """"No one", "the highest-profile one", "one should not read too much into it": "one" standing for a
    noun, not counting one ("one soldier", "one of the prisoners")."""
    token = doc[start]
    if end - start != 1 or token.lower_ != "one" or token.dep_ in {"nummod", "quantmod", "compound"}:
        return False
    return not (end < len(doc) and doc[end].lower_ == "of")


def _is_label(doc: Doc, start: int, end: int) -> bool:
    """A number that names rather than counts: "highway 35", "exit 436", "flight 17", "123 Random Street",
    "Highway #1", "the Group of Seven"."""
    if start > 1 and doc[start - 1].lower_ == "of" and doc[start - 2].pos_ == "PROPN" and doc[start].dep_ == "pobj":
        return True  # the number ends a name
    if end - start != 1 or not doc[start].text.isdigit():
        return False
    token = doc[start]
    if start > 0 and doc[start - 1].text in {"#", "No.", "no."}:
        return True
    head = token.head
    if token.dep_ != "nummod" or _currency_token(head) is not None or head.lemma_.lower() in CURRENCY_WORDS:
        return False
    names_before = head.i < start and head.pos_ in {"NOUN", "PROPN"}
    # "123 Random Street", but not "100 Russians": an address names one place (a singular proper noun)
    address = head.i > start and head.tag_ == "NNP" and head.ent_type_ != "NORP" and len(token.text) >= 3
    return names_before or address


# Numbers that are years, names or pronouns rather than counts.
_COUNTING_NOTHING = (_is_bare_year, _is_label, _is_pronoun)


def _numeric(token: Token) -> bool:
    lower = token.lower_
    if lower in VAGUE or lower in FRACTIONS or lower in UNICODE_FRACTIONS or _glued_unit(token) is not None:
        return True
    if lower in SCALED_FRACTIONS:
        return token.i + 1 < len(token.doc) and token.nbor(1).lower_ in SCALES
    return bool(token.like_num) and not token.is_punct


def _read(span: Span) -> _Number | None:
    words = [t.lower_ for t in span]
    first = words[0]
    if first in VAGUE:
        return _Number(span.start, span.end, None, low=VAGUE[first], vague=True)
    if any(w in SCALED_FRACTIONS for w in words) and words[-1] in SCALES:
        value = _scaled_fraction([w for w in words if w not in {"a", "-"}])
        return _Number(span.start, span.end, value) if value is not None else None
    if first in FRACTIONS:
        return _Number(span.start, span.end, FRACTIONS[first], fraction=True)
    if len(span) == 1 and (glued := _glued(span[0])) is not None:
        return _Number(span.start, span.end, glued[0], unit=glued[1])
    value = _value([w for w in words if w != "-"])
    return _Number(span.start, span.end, value) if value is not None else None


def _value(words: list[str]) -> float | None:
    """Digits with scale words ("1.5 million", "3bn") or a fraction ("10 1/2", "½"), else words read by
    text2num ("ninety five")."""
    if _DIGITS.match(words[0]) or _FRACTION.match(words[0]) or words[0] in UNICODE_FRACTIONS:
        value = 0.0
        for word in words:
            if _DIGITS.match(word) and value == 0.0:
                value = float(word.replace(",", ""))
            elif _FRACTION.match(word) or word in UNICODE_FRACTIONS:
                value += _fraction(word)
            elif word in SCALES:
                value *= SCALES[word]
            else:
                return None
        return value
    try:
        return float(text2num(" ".join(words), "en"))
    except ValueError:
        return None


def _scaled_fraction(words: list[str]) -> float | None:
    """"half million" → 500,000; "three quarters billion" → 750,000,000."""
    position = next(i for i, w in enumerate(words) if w in SCALED_FRACTIONS)
    count = _value(words[:position]) if position and words[:position] not in (["a"], ["an"]) else 1.0
    if count is None:
        return None
    value = count * SCALED_FRACTIONS[words[position]]
    for word in words[position + 1 :]:
        if word not in SCALES:
            return None
        value *= SCALES[word]
    return value


def _ranges(doc: Doc, numbers: list[_Number]) -> list[_Number]:
    """Join "between A and B", "A to B", "A or B" and "A-B" into one quantity with low and high bounds."""
    joined: list[_Number] = []
    i = 0
    while i < len(numbers):
        first = numbers[i]
        second = numbers[i + 1] if i + 1 < len(numbers) else None
        if second is not None and first.value is not None and second.value is not None:
            between = [t.lower_ for t in doc[first.end : second.start]]
            opener = doc[first.start - 1].lower_ if first.start > 0 else ""
            # "75 -300mm": the hyphen went to the second figure, which now reads as negative
            hyphen_on_second = not between and doc[second.start].text[:1] in {"-", "–"} and second.value < 0 <= first.value
            # "five or six restaurants" is one vague amount, as "five to six" is; "rose from 30 to 100" is two levels
            moved = opener == "from" and _change(doc, first.start) != "="
            if not moved and (
                between in (["to"], ["-"], ["–"], ["or"]) or (between == ["and"] and opener == "between") or hyphen_on_second
            ):
                # "10 to 12 million": the first number borrows the second's scale.
                scale = _scale(doc, second) if _scale(doc, first) == 1 else 1
                high = -second.value if hyphen_on_second else second.value
                joined.append(_Number(first.start, second.end, None, low=first.value * scale, high=high, unit=second.unit))
                i += 2
                continue
        joined.append(first)
        i += 1
    return joined


def _with_cents(doc: Doc, numbers: list[_Number]) -> list[_Number]:
    """"thirteen dollars and forty-five cents", "15 dollars 50", "17 USD 25": one amount, in the major unit."""
    joined: list[_Number] = []
    for number in numbers:
        previous = joined[-1] if joined else None
        major = _major_currency(doc, previous) if previous is not None else None
        if previous is not None and major is not None and _is_cents(doc, number, major[1]):
            previous.unit = major[0]
            previous.value = (previous.value or 0.0) + (number.value or 0.0) / 100
            minor_word = number.end < len(doc) and doc[number.end].lemma_.lower() in MINOR_CURRENCY_WORDS
            previous.end = number.end + (1 if minor_word else 0)
            continue
        joined.append(number)
    return joined


def _major_currency(doc: Doc, number: _Number) -> tuple[str, int] | None:
    """The currency right after a whole amount ("15 dollars", "10 $", "17 USD") and where it ends."""
    if number.value is None or not number.value.is_integer() or number.end >= len(doc):
        return None
    after = doc[number.end]
    if after.lemma_.lower() in MAJOR_CURRENCY_WORDS:
        return MAJOR_CURRENCY_WORDS[after.lemma_.lower()], number.end + 1
    currency = _currency_token(after)
    if currency is not None and currency[1] == 1.0:
        return currency[0], number.end + 1
    return None


def _is_cents(doc: Doc, number: _Number, after_currency: int) -> bool:
    """A whole number under 100 right after the currency (or after "and"), named as cents or followed
    by nothing it could count: "… dollars 50.", "… dollars and forty-five cents"."""
    between = [t.lower_ for t in doc[after_currency : number.start]]
    if between not in ([], ["and"]) or number.value is None or not number.value.is_integer() or not 0 < number.value < 100:
        return False
    if number.end >= len(doc):
        return True
    after = doc[number.end]
    return after.lemma_.lower() in MINOR_CURRENCY_WORDS or after.is_punct or after.is_space


def _scale(doc: Doc, number: _Number) -> float:
    scale = 1.0
    for token in doc[number.start : number.end]:
        scale *= SCALES.get(token.lower_, 1.0)
    return scale


def _quantity(doc: Doc, number: _Number, statements: list[Statement], index: int) -> Quantity:
    span = doc[number.start : number.end]
    qualifier, start = _qualifier(doc, number.start)
    unit, unit_end, scale = _unit(doc, number)
    if scale != 1.0:
        number.value, number.low, number.high = (None if v is None else v * scale for v in (number.value, number.low, number.high))
    end = max(number.end, unit_end)
    counted = _object(doc, number) if unit is None or unit == "fraction" else None
    if counted is None:
        counted = _measured(doc, doc[number.start : end])  # also "The death toll rose to 30"
    per = _rate(doc, end)  # "12-cent-a-share dividend"; else after what is counted: "3 million artillery shells a year"
    if per is None and counted is not None and counted.start >= end:
        per = _rate(doc, counted.end)
    approximate = number.vague or (qualifier in APPROXIMATE if qualifier else False)
    text_span = doc[start:end]
    start_char, end_char = text_span.start_char, text_span.end_char
    statement = next(
        (s.id for s in statements if s.content.start <= span.start_char and span.end_char <= s.content.end), None
    )
    return Quantity(
        id=f"q{index}",
        text=text_span.text,
        start=start_char,
        end=end_char,
        value=number.value,
        low=number.low,
        high=number.high,
        approximate=approximate,
        qualifier=qualifier,
        unit=unit,
        object=counted.text if counted is not None else None,
        per=per,
        change=_change(doc, number.start),
        statement=statement,
    )


def _qualifier(doc: Doc, start: int) -> tuple[str | None, int]:
    before = [t.lower_ for t in doc[max(0, start - 3) : start]]
    for qualifier in QUALIFIERS:
        if len(before) >= len(qualifier) and tuple(before[-len(qualifier) :]) == qualifier:
            return " ".join(qualifier), start - len(qualifier)
    return None, start


def _unit(doc: Doc, number: _Number) -> tuple[str | None, int, float]:
    """The unit, where it ends, and any scale it carries ("30 MUSD" is thirty million dollars)."""
    if number.unit is not None:
        return number.unit, number.end, 1.0
    if number.fraction:
        return "fraction", number.end, 1.0
    money = _money(doc, number)
    if money is not None:
        return money
    before = doc[number.start - 1].lower_ if number.start > 0 else ""
    if before in AGE_WORDS:  # "aged 87", "a man of age 87"
        return "year of age", number.end, 1.0
    end = number.end
    if end + 2 < len(doc) and doc[end].text in BRACKETS and doc[end + 2].text == BRACKETS[doc[end].text]:
        end += 1  # "20 (kg)", "20 [kg]"
    if end >= len(doc):
        return None, number.end, 1.0
    after = doc[end]
    lemma = after.lemma_.lower()
    following = [t.lower_ for t in doc[end + 1 : end + 4]]
    if after.lower_ in PERCENT_WORDS:
        return "percentage", end + 1, 1.0
    if after.lower_ == "per" and following[:1] == ["cent"]:
        return "percentage", end + 2, 1.0
    if after.lower_ in DEGREE_WORDS or after.lower_ in TEMPERATURE_SCALES:
        if after.lower_ in TEMPERATURE_SCALES:
            return TEMPERATURE_SCALES[after.lower_], end + 1, _sign(doc, number)
        if following and following[0] in TEMPERATURE_SCALES:
            return TEMPERATURE_SCALES[following[0]], end + 2, _sign(doc, number)
        return "degree", end + 1, 1.0
    if after.lower_ in {"yo", "y.o."}:  # "an 87 yo man"
        return "year of age", end + 1, 1.0
    if after.text in {"-", "–"}:  # "a 3-inch blade", "a 28-year-old", "a one-yen bid"
        if following[:3] == ["year", "-", "old"] or following[:3] == ["years", "-", "old"]:
            return "year of age", end + 4, 1.0
        hyphenated = doc[end + 1] if end + 1 < len(doc) else None
        if hyphenated is not None and hyphenated.lower_ in UNIT_PREFIXES and following[1:2] == ["-"] and end + 3 < len(doc):
            name = _unit_name(doc[end + 3].text)  # "a 100,000-square-kilometer stretch"
            if name is not None:
                return f"{hyphenated.lower_} {name}", end + 4, 1.0
        if hyphenated is not None:
            name = CURRENCY_WORDS.get(hyphenated.lemma_.lower()) or _unit_name(hyphenated.text)
            if hyphenated.lemma_.lower() in TIME_UNITS:
                name = hyphenated.lemma_.lower()
            if name is not None:
                return name, end + 2, 1.0
    if lemma in TIME_UNITS:
        if following[:1] == ["old"]:
            return f"{lemma} of age", end + 2, 1.0
        if following[:2] == ["of", "age"]:
            return f"{lemma} of age", end + 3, 1.0
        return lemma, end + 1, 1.0
    if after.lower_ in UNIT_PREFIXES and end + 1 < len(doc):
        name = _unit_name(doc[end + 1].text)  # "190,000 square meters", "16,000 metric tons"
        if name is not None:
            return f"{after.lower_} {name}", end + 2, 1.0
    name = _unit_name(after.text)
    if name == "pound-mass" and _pounds_are_money(doc, number, end):
        name = "pound sterling"
    if name is not None:
        return name, end + 1, 1.0
    return None, number.end, 1.0


def _money(doc: Doc, number: _Number) -> tuple[str, int, float] | None:
    """A currency before the number ("$", "USD", "MAUD", "C $") or after it ("25 €", "30 MUSD",
    "10 us dollar", "420 million finnish markka", "75 USD million")."""
    if number.start > 0:
        before = doc[number.start - 1]
        prefix = doc[number.start - 2].lower_ if number.start > 1 else ""
        if before.text == "$" and prefix not in NOT_DOLLAR_LETTERS and (dollar := currencies.dollar_of(prefix)) is not None:
            return dollar, number.end, 1.0
        currency = _currency_token(before)
        if currency is not None:
            return currency[0], number.end, currency[1]
    if number.end >= len(doc):
        return None
    for length in (3, 2):  # a currency's full name: "swiss francs", "new zealand dollars"
        words = doc[number.end : number.end + length]
        name = currencies.by_name(" ".join(t.lower_ for t in words)) if len(words) == length else None
        if name is not None:
            return name, number.end + length, 1.0
    after = doc[number.end]
    currency = _currency_token(after)
    if currency is not None:
        name, scale = currency
        end = number.end + 1
        if end < len(doc) and doc[end].lower_ in SCALES and doc[end].lower_ not in MONEY_ONLY_SCALES:
            scale *= SCALES[doc[end].lower_]  # "75 USD million"
            end += 1
        return name, end, scale
    if (named := _currency_word(after)) is not None:
        return named, number.end + 1, 1.0
    if number.vague and after.lower_ == "of" and number.end + 1 < len(doc):  # "millions of dollars"
        if (named := _currency_word(doc[number.end + 1])) is not None:
            return named, number.end + 2, 1.0
    return None


def _currency_word(token: Token) -> str | None:
    """A currency written as a word: "dollars", "yen", or the last word of its name alone ("baht", "naira")."""
    return CURRENCY_WORDS.get(token.lemma_.lower()) or currencies.by_last_word(token.text)


def _pounds_are_money(doc: Doc, number: _Number, end: int) -> bool:
    """"361 million pounds" is money; "2 million pounds of beef" and "200 pounds" are weight."""
    scaled = any(t.lower_ in SCALES for t in doc[number.start : number.end])
    weighed = end + 1 < len(doc) and doc[end + 1].lower_ == "of"
    return scaled and not weighed


def _sign(doc: Doc, number: _Number) -> float:
    """A temperature's minus sign written apart from it: "convert - 20 degrees"."""
    minus = doc[number.start - 1] if number.start > 0 else None
    previous = doc[number.start - 2] if number.start > 1 else None
    if minus is not None and minus.text in {"-", "−"} and (previous is None or not _numeric(previous)):
        return -1.0
    return 1.0


@cache
def _registry() -> pint.UnitRegistry:
    return pint.UnitRegistry()


@cache
def _unit_name(word: str) -> str | None:
    if word.lower() in UNIT_ABBREVIATIONS:
        return UNIT_ABBREVIATIONS[word.lower()]
    if len(word) > 1 and word[-1] in POWERS:  # "km2", "m³"
        base = _unit_name(word[:-1])
        return f"{POWERS[word[-1]]} {base}" if base is not None else None
    if word.lower() in NOT_UNITS or not word.isalpha():
        return None
    try:
        unit = _registry().parse_units(word)
    except Exception:  # noqa: BLE001 (pint raises AssertionError, among others, on some letters: "3 ﷺ")
        return None
    name = str(unit)
    return UNIT_NAMES.get(name, name.replace("_", " "))


def _object(doc: Doc, number: _Number) -> Span | None:
    """The noun a number counts, with its modifiers: "3 million artillery shells", "18 North Korean soldiers"."""
    last = doc[number.end - 1]
    head = last.head if last.dep_ in {"nummod", "quantmod", "compound", "amod"} else None
    if head is None or head.i < number.end:
        # "half of the shells", "hundreds of Russian prisoners"
        of = next((c for c in doc[number.start : number.end].root.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        head = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if head is None or head.pos_ not in {"NOUN", "PROPN"}:
        return None
    start = number.end
    while start < head.i and (doc[start].dep_ in {"det", "prep"} or doc[start].lower_ in {"of", "the", "-", "–"}):
        start += 1
    return doc[start : head.i + 1]


def _measured(doc: Doc, quantity: Span) -> Span | None:
    """What a measure is of: "30 centimeters of snow", "a $5 billion deal", "revenue of $5 billion",
    "Unemployment fell to 3.5 percent", "Inflation was 3%"."""
    root = quantity.root
    of = next((c for c in root.children if c.dep_ == "prep" and c.lower_ == "of" and c.i >= quantity.end), None)
    target = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if target is not None and target.pos_ in {"NOUN", "PROPN"}:
        return _concept(target, quantity)
    head = root.head
    if root.dep_ in {"compound", "amod", "nmod", "nummod"} and head.i >= quantity.end and head.pos_ == "NOUN":
        return _concept(head, quantity)
    if root.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN" and head.head.i < quantity.start:
        return _concept(head.head, quantity)
    verb = None
    if root.dep_ == "pobj" and head.dep_ == "prep":
        verb = head.head  # "fell to 3.5 percent", "rose by 5%"
    elif root.dep_ in {"dobj", "npadvmod", "attr", "advmod"}:
        verb = head
    if verb is not None and verb.lemma_.lower() in LEVEL_VERBS:
        subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subject is not None and subject.pos_ in {"NOUN", "PROPN"}:
            return _concept(subject, quantity)
    return None


def _concept(noun: Token, quantity: Span) -> Span:
    """A noun with the words that narrow it ("oil prices", "Apple's shares") and an "of" phrase
    ("shares of Apple"), without determiners and without the quantity itself ("a 10% stake")."""
    doc = noun.doc
    modifiers = [c for c in noun.lefts if c.dep_ in _CONCEPT_MODIFIERS]
    start = min((m.left_edge.i for m in modifiers), default=noun.i)
    if start < quantity.end <= noun.i:
        start = quantity.end
    while start < noun.i and doc[start].dep_ == "det":
        start += 1
    end = noun.i + 1
    of = next((c for c in noun.rights if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is not None and of.right_edge.i - noun.i <= 4 and not of.i < quantity.end <= of.right_edge.i + 1:
        end = of.right_edge.i + 1
    return doc[start:end]


def _rate(doc: Doc, after: int) -> str | None:
    """"a year", "per day", "each year", "daily" within a few words after the quantity."""
    window = [t for t in doc[after : min(len(doc), after + 7)] if t.text not in {"-", "–"}][:5]  # "12-cent-a-share"
    for i, token in enumerate(window):
        if token.lower_ in RATE_ADVERBS:
            return RATE_ADVERBS[token.lower_]
        unit = window[i + 1] if i + 1 < len(window) else None
        if token.lower_ in {"per", "/"} and unit is not None:
            name = unit.lemma_.lower() if unit.lemma_.lower() in RATE_UNITS else _unit_name(unit.text)
            if name is not None:
                return RATE_NAMES.get(name, name)
        if token.lower_ in RATE_DETERMINERS and unit is not None and unit.lemma_.lower() in RATE_UNITS:
            follower = unit.nbor(1).lower_ if unit.i + 1 < len(doc) else ""
            if follower not in NOT_RATE_FOLLOWERS:
                return RATE_NAMES.get(unit.lemma_.lower(), unit.lemma_.lower())
        if token.is_punct or _numeric(token):
            break  # the rate of a later figure ("2% or $1.40 a share") is not this one's
    return None


def _change(doc: Doc, start: int) -> str:
    """"rose by 5%" → up, "fell 3%" → down; otherwise the figure is a level (=)."""
    token = doc[start]
    for _ in range(4):  # up through "percent", "by" to the verb
        token = token.head
        lemma = token.lemma_.lower()
        if lemma in UP_VERBS:
            return "up"
        if lemma in DOWN_VERBS:
            return "down"
        if token.pos_ == "VERB":
            break
    return "="
