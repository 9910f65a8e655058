"""Numbers: runs of number tokens ("3,000", "1.5 million", "eighteen", "hundreds", "half") read into a value, a
vague low bound or a fraction; ranges ("between 1,500 and 3,000"); the qualifier before a number ("at least");
and what is no count: years, labels ("highway 35"), "one" standing for a noun, dates and times."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token
from text_to_num import text2num

from dossier.pipeline import lexicons
from dossier.pipeline.quantities.changes import change_of
from dossier.pipeline.quantities.written_units import (
    currency_token,
    glued_money,
    glued_unit,
    number_and_unit,
    unit_name,
)

_SCALES: Mapping[str, float] = lexicons.table("number_scales")
_MONEY_ONLY_SCALES = lexicons.words("money_only_scales")
_UNICODE_FRACTIONS: Mapping[str, float] = lexicons.table("unicode_fractions")
_VAGUE: Mapping[str, float] = lexicons.table("vague_numbers")
_FRACTIONS: Mapping[str, float] = lexicons.table("fraction_words")
_SCALED_FRACTIONS: Mapping[str, float] = lexicons.table("scaled_fractions")
_QUALIFIERS = tuple(
    tuple(q.split()) for q in sorted(lexicons.entries("quantity_qualifiers"), key=lambda q: -len(q.split()))
)
APPROXIMATE = lexicons.words("approximate_qualifiers")
APPROXIMATE_SIGN = "~"
_CURRENCY_WORDS: Mapping[str, str] = lexicons.table("currency_words")
_TIME_UNITS = lexicons.words("quantity_time_units")
_AGE_WORDS = lexicons.words("age_words")
_DENOMINATORS: Mapping[str, float] = lexicons.table("fraction_denominators")
_MINUS_WORDS = lexicons.words("minus_words")
_RANK_WORDS = lexicons.words("rank_words")
_VAGUE_COUNTS = tuple(tuple(w.split()) for w in sorted(lexicons.entries("vague_counts"), key=lambda w: -len(w.split())))
_PERIOD_DETERMINERS = lexicons.words("period_determiners")
_MINUS_PREFIXES = tuple(f"{word}-" for word in _MINUS_WORDS)
_DIGITS = re.compile(r"^[+-]?((\d{1,3}(,\d{3})+|\d+)(\.\d+)?|\.\d+)$")  # also ".001"
_FRACTION = re.compile(r"^(\d+)/(\d+)$")
_YEAR = re.compile(r"^(1[89]|20)\d\d$")


@dataclass(slots=True)
class Number:
    """A number as read, before its unit, object and rate are found: a value, or a range or a vague amount
    (``value`` None, with ``low`` and ``high``)."""

    start: int  # token indices, end exclusive
    end: int
    value: float | None
    low: float | None = None
    high: float | None = None
    vague: bool = False
    fraction: bool = False
    unit: str | None = None


def inside_dates_and_times(doc: Doc) -> set[int]:
    """The tokens of date, time and ordinal entities, where no quantity is read; but a length of time
    ("eight months"), a lone number the model took for a date, and a number glued to its unit are quantities."""
    return {
        i
        for e in doc.ents
        if e.label_ in {"DATE", "TIME", "ORDINAL"} and not _is_length_of_time(e) and not _is_bare_number(e)
        and not _is_measure(e) and not _is_age(e)
        for i in range(e.start, e.end)
        if not glued_unit(doc[i])  # the NER model tags "200lbs" a date and "75ml" an ordinal
    }


def _is_measure(entity: Span) -> bool:
    """The NER model tags "9 ksi" and "10 kV/cm" a time: a figure and a unit of measure, with no other word, is a
    measure."""
    unit = "".join(t.text_with_ws for t in entity[1:]).strip()
    return (len(entity) > 1 and bool(entity[0].like_num) and unit_name(unit) is not None
            and entity[1].lemma_.lower() not in _TIME_UNITS)


def _is_age(entity: Span) -> bool:
    """"over the age of 21" is an age, not a date."""
    return any(t.like_num for t in entity) and any(t.lower_ in _AGE_WORDS for t in entity)


def _is_bare_number(entity: Span) -> bool:
    """The small NER model often tags a lone number a date ("aged 87", "15 dollars 50"); one that cannot
    be a year, with no month, weekday or time word beside it, is a number."""
    return entity.label_ == "DATE" and len(entity) == 1 and bool(entity[0].like_num) and not _YEAR.match(entity.text)


def _is_length_of_time(entity: Span) -> bool:
    """"eight months", "ten years old", "20 minutes" are amounts of time, unlike "June" or "2024"."""
    return any(t.like_num for t in entity) and any(t.lemma_.lower() in _TIME_UNITS for t in entity)


def numbers_in(doc: Doc, blocked: set[int]) -> Iterator[Number]:
    i = 0
    while i < len(doc):
        if i not in blocked and (fraction := _written_fraction(doc, i)) is not None:
            yield fraction
            i = fraction.end
            continue
        if i in blocked or not numeric(doc[i]) or _scale_of_money_before(doc, i):
            i += 1
            continue
        end = i + 1
        money = (i > 0 and currency_token(doc[i - 1]) is not None) or glued_money(doc[i])
        while end < len(doc) and end not in blocked and (
            (numeric(doc[end]) and glued_unit(doc[end]) is None and not _second_figure(doc, i, end))
            or (_scale_word(doc[end]) in _SCALES and (money or _scale_word(doc[end]) not in _MONEY_ONLY_SCALES
                                                      or _scale_letter_glued(doc, end)
                                                      or (end + 1 < len(doc) and currency_token(doc[end + 1]) is not None)))
            or _joins_number_words(doc, end)
            or _joins_a_fraction_to_its_scale(doc, i, end)
        ):
            end += 1
        number = _read(doc[i:end])
        if number is not None and number.vague:
            number = _vague_of_vague(doc, number)
            end = number.end
        elif number is not None:
            number = _some_of_a_scale(doc, number)
        if number is not None and not any(counts_nothing(doc, i, end) for counts_nothing in _COUNTING_NOTHING):
            yield _signed(doc, number)
        i = end


def _signed(doc: Doc, number: Number) -> Number:
    """"minus 233 Celsius", "negative 5 degrees": a sign written as a word before a figure (not "10 minus 3")."""
    at = number.start - 1
    if at < 0 or doc[at].lower_ not in _MINUS_WORDS or (at > 0 and numeric(doc[at - 1])) or number.value is None:
        return number
    return Number(at, number.end, -number.value, unit=number.unit)


def _written_fraction(doc: Doc, i: int) -> Number | None:
    """A fraction in words: "two-thirds", "three quarters of", "a third of", "one in five", "one out of three"."""
    first = doc[i]
    if not first.like_num and first.lower_ not in {"a", "an"}:  # asked of every token: the cheap test first
        return None
    words = [t.lower_ for t in doc[i : i + 5]]
    count = _small_count(words[0])
    if count is None:
        return None
    rest = words[1:]
    if rest[:1] == ["-"]:
        rest = rest[1:]
    denominator = _DENOMINATORS.get(rest[0]) if rest else None
    if denominator is not None:
        plural = rest[0].endswith("s")
        # "two-thirds", "a third of" (alone, "third" is an ordinal: "the third quarter")
        end = i + len(words) - len(rest) + 1
        if end < len(doc) and doc[end].lower_ in _SCALES:
            return None  # "three quarters billion" scales the billion
        if (plural and count > 1) or (count == 1 and not plural and rest[1:2] == ["of"] and words[0] in {"a", "one"}):
            return Number(i, end, count / denominator, fraction=True)
        return None
    for middle in (["out", "of"], ["in"]):
        if rest[: len(middle)] == middle and len(rest) > len(middle):
            whole = _small_count(rest[len(middle)])
            # not "Voyager 2 in 1979"
            if whole is not None and whole > count and doc[i + 1 + len(middle)].like_num and not _YEAR.match(rest[len(middle)]):
                return Number(i, i + 2 + len(middle), count / whole, fraction=True)
    return None


def _small_count(word: str) -> float | None:
    if word in {"a", "an"}:
        return 1.0
    if word.isdecimal():  # not isdigit: "³" is a digit that float() does not read
        return float(word)
    try:
        return float(text2num(word, "en"))
    except ValueError:
        return None


def _some_of_a_scale(doc: Doc, number: Number) -> Number:
    """"several hundred", "a few thousand": a vague count of a scale, at least two of it."""
    words = [t.lower_ for t in doc[number.start : number.end]]
    if number.value is None or not all(w in _SCALES for w in words):
        return number
    for vague in _VAGUE_COUNTS:
        before = [t.lower_ for t in doc[max(0, number.start - len(vague)) : number.start]]
        if before == list(vague):
            return Number(number.start - len(vague), number.end, None, low=2 * number.value, vague=True)
    return number


def _scale_word(token: Token) -> str:
    """A scale word as written, with the full stop of a sentence that ends on it ("cost HK $5.4m.")."""
    lower = token.lower_
    if lower.endswith(".") and len(lower) > 1 and (token.i + 1 == len(token.doc) or token.nbor(1).is_space):
        return lower[:-1]
    return lower


def _scale_letter_glued(doc: Doc, i: int) -> bool:
    """"4.3M", "2B": a capital scale letter the tokenizer split from its figure is a multiplier (a lower-case
    "m" is metres unless money is meant: "1.8m tall", "$5m")."""
    return doc[i].text in {"M", "B", "K"} and not doc[i - 1].whitespace_ and doc[i - 1].like_num


def _vague_of_vague(doc: Doc, number: Number) -> Number:
    """"tens of thousands" (at least 20,000), "hundreds of millions": a vague count of a vague count."""
    start, end, low = number.start, number.end, number.low or 0.0
    if end + 1 < len(doc) and doc[end].lower_ == "of" and doc[end + 1].lower_ in _VAGUE:
        # "hundreds of thousands": at least two hundred of at least one thousand (_VAGUE counts two of each)
        low, end = low * _VAGUE[doc[end + 1].lower_] / 2, end + 2
    elif start >= 2 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ == "tens":
        low, start = low * 10, start - 2  # "tens of thousands": "tens" counts nothing alone
    return Number(start, end, None, low=low, vague=True)


def _second_figure(doc: Doc, start: int, end: int) -> bool:
    """Figures side by side are two numbers, not one: "30 737 MAX jets", "one 52,000 barrel-a-day refinery" (but
    "10 1/2" is one); nor is a figure and a number word ("14 first-team players")."""
    figures = [_DIGITS.match(t.text) is not None or glued_unit(t) is not None for t in doc[start:end]]
    if _DIGITS.match(doc[end].text) is not None:
        return any(figures) or any(t.is_alpha for t in doc[start:end])
    return doc[end].is_alpha and any(figures)  # "14 first-team players"


def _scale_of_money_before(doc: Doc, i: int) -> bool:
    """"million" in "75 USD million" scales the amount before the currency; it is no number of its own."""
    return (doc[i].lower_ in _SCALES and i > 1 and currency_token(doc[i - 1]) is not None and numeric(doc[i - 2]))


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
    return (doc[start].lower_ in _SCALED_FRACTIONS and doc[i].lower_ in {"a", "-"}
            and any(t.lower_ in _SCALES for t in doc[i + 1 : i + 4]))


def _fraction(word: str) -> float:
    if word in _UNICODE_FRACTIONS:
        return _UNICODE_FRACTIONS[word]
    numerator, denominator = _FRACTION.match(word).groups()  # type: ignore[union-attr]
    return int(numerator) / int(denominator) if int(denominator) else 0.0


def _is_bare_year(doc: Doc, start: int, end: int) -> bool:
    """"in 1989" that the NER model did not tag: a four-digit year counting nothing."""
    counts_something = end < len(doc) and doc[end].pos_ == "NOUN"
    # "2000 - 2500 Calories": a range up to a figure that is no year
    ranged = end + 1 < len(doc) and doc[end].text in {"-", "–", "to"} and doc[end + 1].like_num and not _YEAR.match(doc[end + 1].text)
    return end - start == 1 and _YEAR.match(doc[start].text) is not None and not counts_something and not ranged


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
    if end - start != 1 or not doc[start].text.isdecimal():
        return False
    token = doc[start]
    if start > 0 and doc[start - 1].text in {"#", "No.", "no."}:
        return True
    if token.text.startswith("0") and len(token.text) > 1:  # a code or a clock time: "0401 GMT", "007"
        return True
    if start > 0 and _names_with_a_number(doc[start - 1]) and not _unit_follows(doc, end):
        return True
    head = token.head
    if token.dep_ != "nummod" or currency_token(head) is not None or head.lemma_.lower() in _CURRENCY_WORDS:
        return False
    names_before = (head.i < start and head.pos_ in {"NOUN", "PROPN"} and not age_after_a_name(doc, start, end)
                    and not _unit_follows(doc, end))
    # "123 Random Street", but not "100 Russians": an address names one place (a singular proper noun)
    address = (head.i > start and head.tag_ == "NNP" and head.ent_type_ != "NORP" and len(token.text) >= 3
               and unit_name(head.text) is None and unit_name(head.lower_) is None)  # not "300 Hz", "387 Fahrenheit"
    return names_before or address


def age_after_a_name(doc: Doc, start: int, end: int) -> bool:
    """A whole number from 1 to 120 right after a person's name, or set off by commas after it, and then going on
    with the sentence, is the person's age in news style: "Nick Hague 44 has spent", "Senard, 65, now faces"."""
    if end - start != 1 or not doc[start].text.isdecimal() or not 0 < int(doc[start].text) <= 120 or end >= len(doc):
        return False
    at, after = start - 1, doc[end]
    if at > 0 and doc[at].text == ",":
        if after.text != ",":
            return False
        at -= 1
    elif after.text != "," and after.pos_ not in {"AUX", "VERB"}:
        return False
    return at >= 0 and doc[at].ent_type_ == "PERSON"


def _names_with_a_number(name: Token) -> bool:
    """A proper name that a figure right after it completes: "the S&P 500", "Stoxx 600", "Euro 2020", "Model 3
    sedans"; not a person's name (a figure after it is an age) nor a currency ("CHF 500")."""
    return (
        name.tag_ == "NNP"
        and name.text[:1].isupper()
        and name.ent_type_ != "PERSON"
        and currency_token(name) is None
        and name.i > name.sent.start  # a sentence's first word is capitalised anyway
    )


def _unit_follows(doc: Doc, end: int) -> bool:
    """Whether a unit of measure follows a figure ("Tylenol 500 mg", "a 550 megawatt farm")."""
    if end >= len(doc) or doc[end].pos_ in {"VERB", "AUX"}:
        return False
    return unit_name(doc[end].text) is not None or doc[end].lemma_.lower() in _TIME_UNITS


def _is_rank(doc: Doc, start: int, end: int) -> bool:
    """"the bottom three", "in the top 10": a place in a ranking, when no noun follows for it to count."""
    before = doc[start - 1].lower_ if start > 0 else ""
    return before in _RANK_WORDS and not (end < len(doc) and doc[end].pos_ in {"NOUN", "PROPN"})


def _is_hyphenated_half(doc: Doc, start: int, end: int) -> bool:
    """"half-staff", "half-brother": a fraction word made part of a noun; but "half-hour" is half an hour."""
    if doc[start].lower_ not in _FRACTIONS or end + 1 >= len(doc) or doc[end].text != "-" or doc[end - 1].whitespace_:
        return False
    word = doc[end + 1]
    return word.lower_ not in _SCALES and word.lemma_.lower() not in _TIME_UNITS and unit_name(word.text) is None


def _is_a_period(doc: Doc, start: int, end: int) -> bool:
    """"sales this half", "the second half": a half of a year or a game, not a fraction of something."""
    before = doc[start - 1].lower_ if start > 0 else ""
    followed = end < len(doc) and doc[end].lower_ in {"of", "a", "an", "-"}
    return doc[start].lower_ in _FRACTIONS and before in _PERIOD_DETERMINERS and not followed


# Numbers that are years, names, ranks, periods or pronouns rather than counts.
_COUNTING_NOTHING = (_is_bare_year, _is_label, _is_pronoun, _is_rank, _is_hyphenated_half, _is_a_period)


def numeric(token: Token) -> bool:
    lower = token.lower_
    if lower in _VAGUE or lower in _FRACTIONS or lower in _UNICODE_FRACTIONS or glued_unit(token) is not None:
        return True
    if lower in _SCALED_FRACTIONS:
        return token.i + 1 < len(token.doc) and token.nbor(1).lower_ in _SCALES
    if lower.startswith(_MINUS_PREFIXES):  # "minus-1.4"
        return _DIGITS.match(lower.split("-", 1)[1]) is not None
    if lower.startswith(APPROXIMATE_SIGN):  # "~80%"
        return _DIGITS.match(lower[1:]) is not None
    return bool(token.like_num) and not token.is_punct


def _read(span: Span) -> Number | None:
    words = [t.lower_ for t in span]
    first = words[0]
    if first in _VAGUE:
        return Number(span.start, span.end, None, low=_VAGUE[first], vague=True)
    if any(w in _SCALED_FRACTIONS for w in words) and words[-1] in _SCALES:
        value = _scaled_fraction([w for w in words if w not in {"a", "-"}])
        return Number(span.start, span.end, value) if value is not None else None
    if first in _FRACTIONS:
        return Number(span.start, span.end, _FRACTIONS[first], fraction=True)
    if (glued := number_and_unit(span[0])) is not None:  # "240mm", "AUD1.5m", "$US113 trillion"
        scale = 1.0
        for word in (w.rstrip(".") for w in words[1:]):
            if word not in _SCALES:
                return None
            scale *= _SCALES[word]
        return Number(span.start, span.end, glued[0] * scale, unit=glued[1])
    value = _value([w for w in words if w != "-"])
    return Number(span.start, span.end, value) if value is not None else None


def _value(words: list[str]) -> float | None:
    """Digits with scale words ("1.5 million", "3bn") or a fraction ("10 1/2", "½"), else words read by
    text2num ("ninety five")."""
    if words[0].startswith(APPROXIMATE_SIGN):
        return _value([words[0][1:], *words[1:]])
    if words[0].startswith(_MINUS_PREFIXES) and (magnitude := _value([words[0].split("-", 1)[1], *words[1:]])) is not None:
        return -magnitude  # "minus-1.4 degree"
    if _DIGITS.match(words[0]) or _FRACTION.match(words[0]) or words[0] in _UNICODE_FRACTIONS:
        value = 0.0
        for word in words:
            if _DIGITS.match(word) and value == 0.0:
                value = float(word.replace(",", ""))
            elif _FRACTION.match(word) or word in _UNICODE_FRACTIONS:
                value += _fraction(word)
            elif word.rstrip(".") in _SCALES:
                value *= _SCALES[word.rstrip(".")]
            else:
                return None
        return value
    try:
        return float(text2num(" ".join(words), "en"))
    except ValueError:
        return None


def _scaled_fraction(words: list[str]) -> float | None:
    """"half million" → 500,000; "three quarters billion" → 750,000,000."""
    position = next(i for i, w in enumerate(words) if w in _SCALED_FRACTIONS)
    count = _value(words[:position]) if position and words[:position] not in (["a"], ["an"]) else 1.0
    if count is None:
        return None
    value = count * _SCALED_FRACTIONS[words[position]]
    for word in words[position + 1 :]:
        if word not in _SCALES:
            return None
        value *= _SCALES[word]
    return value


def ranges(doc: Doc, numbers: list[Number]) -> list[Number]:
    """Join "between A and B", "A to B", "A or B" and "A-B" into one quantity with low and high bounds, also with
    the unit written on both ("between 5% and 6%", "$62 and $68", "1 per cent to 1.5 per cent")."""
    joined: list[Number] = []
    i = 0
    while i < len(numbers):
        first = numbers[i]
        second = numbers[i + 1] if i + 1 < len(numbers) else None
        if second is not None and first.value is not None and second.value is not None:
            between, unit_before = _joiner(doc, first, second)
            lead = first.start - unit_before
            if unit_before == 0 and lead > 0 and currency_token(doc[lead - 1]) is not None:
                lead -= 1  # "from about $350 per kg to $680 per kg"
            lead = qualifier_before(doc, lead)[1]
            opener = doc[lead - 1].lower_ if lead > 0 else ""
            # "75 -300mm": the hyphen went to the second figure, which now reads as negative
            hyphen_on_second = not between and doc[second.start].text[:1] in {"-", "–"} and second.value < 0 <= first.value
            # "five or six restaurants" is one vague amount, as "five to six" is; "rose from 30 to 100" is two levels,
            # and so is "increased by $43.6 billion to $419.2 billion" (a change, then a level; but "dropped by 1 to
            # 1.5 degrees" is a range of changes)
            unit_on_both = second.start - first.end > len(between)
            moved = (opener == "from" or (opener == "by" and unit_on_both)) and change_of(doc, first.start) != "="
            if not moved and (
                tuple(between) in _RANGE_JOINERS or (between == ["and"] and opener == "between") or hyphen_on_second
            ):
                # "10 to 12 million": the first number borrows the second's scale.
                scale = _scale(doc, second) if _scale(doc, first) == 1 else 1
                high = -second.value if hyphen_on_second else second.value
                low, high = sorted((first.value * scale, high))  # "1.3 to 0.03" spans 0.03 to 1.3
                joined.append(Number(first.start, second.end, None, low=low, high=high, unit=second.unit))
                i += 2
                continue
        joined.append(first)
        i += 1
    return joined


_RANGE_JOINERS = {("to",), ("-",), ("–",), ("or",)}


def _joiner(doc: Doc, first: Number, second: Number) -> tuple[list[str], int]:
    """The words between two numbers with a unit written on both set aside, and how many tokens that unit takes
    before the first: "5% and 6%" → (["and"], 0), "$62 and $68" → (["and"], 1); else the words as they are."""
    between = [t.lower_ for t in doc[first.end : second.start]]
    for size in range(min(3, len(between) - 1), 0, -1):
        after_second = [t.lower_ for t in doc[second.end : second.end + size]]
        rest = between[size:]
        if between[:size] == after_second and (tuple(rest) in _RANGE_JOINERS or rest == ["and"]):
            return rest, 0
        before_first = [t.lower_ for t in doc[first.start - size : first.start]] if first.start >= size else []
        rest = between[:-size]
        if between[-size:] == before_first and (tuple(rest) in _RANGE_JOINERS or rest == ["and"]):
            return rest, size
    return between, 0


def _scale(doc: Doc, number: Number) -> float:
    scale = 1.0
    for token in doc[number.start : number.end]:
        scale *= _SCALES.get(token.lower_, 1.0)
    return scale


def qualifier_before(doc: Doc, start: int) -> tuple[str | None, int]:
    if start < len(doc) and doc[start].text.startswith(APPROXIMATE_SIGN):  # "~80%"
        return APPROXIMATE_SIGN, start
    before = [t.lower_ for t in doc[max(0, start - 3) : start]]
    for qualifier in _QUALIFIERS:
        if len(before) >= len(qualifier) and tuple(before[-len(qualifier) :]) == qualifier:
            return " ".join(qualifier), start - len(qualifier)
    return None, start
