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
from dossier.pipeline.quantities.written_units import currency_token, glued_unit, number_and_unit

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
_CURRENCY_WORDS: Mapping[str, str] = lexicons.table("currency_words")
_TIME_UNITS = lexicons.words("quantity_time_units")
_DIGITS = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
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
        for i in range(e.start, e.end)
        if not glued_unit(doc[i])  # the NER model tags "200lbs" a date and "75ml" an ordinal
    }


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
        if i in blocked or not numeric(doc[i]) or _scale_of_money_before(doc, i):
            i += 1
            continue
        end = i + 1
        money = i > 0 and currency_token(doc[i - 1]) is not None
        while end < len(doc) and end not in blocked and (
            (numeric(doc[end]) and glued_unit(doc[end]) is None and not _second_figure(doc, i, end))
            or (doc[end].lower_ in _SCALES and (money or doc[end].lower_ not in _MONEY_ONLY_SCALES
                                               or (end + 1 < len(doc) and currency_token(doc[end + 1]) is not None)))
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
    """Figures side by side are two numbers, not one: "30 737 MAX jets" (but "10 1/2" is one)."""
    return _DIGITS.match(doc[end].text) is not None and any(_DIGITS.match(t.text) for t in doc[start:end])


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
    if token.dep_ != "nummod" or currency_token(head) is not None or head.lemma_.lower() in _CURRENCY_WORDS:
        return False
    names_before = head.i < start and head.pos_ in {"NOUN", "PROPN"}
    # "123 Random Street", but not "100 Russians": an address names one place (a singular proper noun)
    address = head.i > start and head.tag_ == "NNP" and head.ent_type_ != "NORP" and len(token.text) >= 3
    return names_before or address


# Numbers that are years, names or pronouns rather than counts.
_COUNTING_NOTHING = (_is_bare_year, _is_label, _is_pronoun)


def numeric(token: Token) -> bool:
    lower = token.lower_
    if lower in _VAGUE or lower in _FRACTIONS or lower in _UNICODE_FRACTIONS or glued_unit(token) is not None:
        return True
    if lower in _SCALED_FRACTIONS:
        return token.i + 1 < len(token.doc) and token.nbor(1).lower_ in _SCALES
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
    if len(span) == 1 and (glued := number_and_unit(span[0])) is not None:
        return Number(span.start, span.end, glued[0], unit=glued[1])
    value = _value([w for w in words if w != "-"])
    return Number(span.start, span.end, value) if value is not None else None


def _value(words: list[str]) -> float | None:
    """Digits with scale words ("1.5 million", "3bn") or a fraction ("10 1/2", "½"), else words read by
    text2num ("ninety five")."""
    if _DIGITS.match(words[0]) or _FRACTION.match(words[0]) or words[0] in _UNICODE_FRACTIONS:
        value = 0.0
        for word in words:
            if _DIGITS.match(word) and value == 0.0:
                value = float(word.replace(",", ""))
            elif _FRACTION.match(word) or word in _UNICODE_FRACTIONS:
                value += _fraction(word)
            elif word in _SCALES:
                value *= _SCALES[word]
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
    """Join "between A and B", "A to B", "A or B" and "A-B" into one quantity with low and high bounds."""
    joined: list[Number] = []
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
            moved = opener == "from" and change_of(doc, first.start) != "="
            if not moved and (
                between in (["to"], ["-"], ["–"], ["or"]) or (between == ["and"] and opener == "between") or hyphen_on_second
            ):
                # "10 to 12 million": the first number borrows the second's scale.
                scale = _scale(doc, second) if _scale(doc, first) == 1 else 1
                high = -second.value if hyphen_on_second else second.value
                joined.append(Number(first.start, second.end, None, low=first.value * scale, high=high, unit=second.unit))
                i += 2
                continue
        joined.append(first)
        i += 1
    return joined


def _scale(doc: Doc, number: Number) -> float:
    scale = 1.0
    for token in doc[number.start : number.end]:
        scale *= _SCALES.get(token.lower_, 1.0)
    return scale


def qualifier_before(doc: Doc, start: int) -> tuple[str | None, int]:
    before = [t.lower_ for t in doc[max(0, start - 3) : start]]
    for qualifier in _QUALIFIERS:
        if len(before) >= len(qualifier) and tuple(before[-len(qualifier) :]) == qualifier:
            return " ".join(qualifier), start - len(qualifier)
    return None, start
