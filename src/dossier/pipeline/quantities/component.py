"""The ``dossier_quantities`` component: each number in a Doc made into a ``Quantity`` record."""

from __future__ import annotations

from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from dossier.model import Quantity, Statement
from dossier.pipeline import extensions as _extensions  # noqa: F401  (registers doc._.quantities)
from dossier.pipeline import lexicons
from dossier.pipeline.quantities.changes import change_of
from dossier.pipeline.quantities.numbers import (
    APPROXIMATE,
    Number,
    inside_dates_and_times,
    numbers_in,
    qualifier_before,
    ranges,
)
from dossier.pipeline.quantities.objects import counted_object, measured, rate_after
from dossier.pipeline.quantities.units import unit_of, unit_start, with_cents

_TIME_UNITS = lexicons.words("quantity_time_units")
_MOVE_VERBS = lexicons.words("up_verbs") | lexicons.words("down_verbs")
_GIVEN_ONCE_JOINERS = lexicons.words("count_given_once_joiners")
_PARALLEL_JOINERS = frozenset({"while", "whilst", "and", "but", "whereas", ";"})
_GIVEN_ONCE_REACH = 14  # tokens: how far back a figure's unit or counted noun is given once


@Language.factory(
    "dossier_quantities",
    # token.pos is read too: this model's attribute_ruler derives it from token.tag and declares nothing. (like_num,
    # also read, is a lexical attribute: no component assigns it.)
    requires=["doc.ents", "token.dep", "token.head", "token.lemma", "token.tag", "token.ent_type"],
    assigns=["doc._.quantities"],
)
def make_quantity_extractor(nlp: Language, name: str) -> QuantityExtractor:
    return QuantityExtractor()


class QuantityExtractor:
    def __call__(self, doc: Doc) -> Doc:
        blocked = inside_dates_and_times(doc)
        statements = doc._.statements or []
        found: list[Quantity] = []
        numbers: list[Number] = []
        counted: list[bool] = []  # whether each quantity's object is the noun it counts
        for number in with_cents(doc, ranges(doc, list(numbers_in(doc, blocked)))):
            quantity, counts = _quantity(doc, number, statements, len(found) + 1)
            previous = numbers[-1] if numbers else None
            if previous is not None and quantity.unit is None and quantity.object is None and found[-1].unit is not None:
                if _unit_left_out(doc, previous, number):
                    quantity = replace(quantity, unit=found[-1].unit, per=quantity.per or found[-1].per)
            if quantity.unit is None and not counts and (given := _given_once(doc, numbers, found, counted, number)):
                unit, noun = given
                quantity = replace(quantity, unit=unit, object=noun or quantity.object)
                counts = noun is not None
            found.append(quantity)
            numbers.append(number)
            counted.append(counts)
        doc._.quantities = found
        return doc


def _given_once(
    doc: Doc, numbers: list[Number], found: list[Quantity], counted: list[bool], number: Number
) -> tuple[str | None, str | None] | None:
    """The unit or counted noun a bare figure shares with an earlier one that writes it once:

    - a figure joined to the one before ("6 million homes, including 1.5 million in the city", "Three people died
      and 5 were injured"; past a length of time between them: "68,400 people out of work for a year and 95,800
      who …");
    - a level after a change by so many units ("fell 120 points to 31,500", "cut 400 jobs to 2,100"; but not
      "rose 6.5% to 164p");
    - a level parallel to an earlier level, past the changes in percent: "the TA-35 fell 1% to 1,463 points, while
      the TA-125 lost 1.1% to 1,334".

    The bare figure must count nothing of its own ("and 5 more cars" is not)."""
    if number.end < len(doc) and doc[number.end].pos_ in {"NOUN", "PROPN", "ADJ", "NUM"}:
        return None
    start = qualifier_before(doc, number.start)[1]
    if start < 1:
        return None
    before, sentence = doc[start - 1].lower_, doc[number.start].sent
    earlier_ones = [
        i for i in range(len(numbers) - 1, -1, -1)
        if doc[numbers[i].start].sent == sentence and found[i].unit not in _TIME_UNITS  # a length of time is an adjunct
    ]
    if not earlier_ones or start - numbers[earlier_ones[0]].end > _GIVEN_ONCE_REACH:
        return None
    nearest = earlier_ones[0]
    if before in _GIVEN_ONCE_JOINERS:
        carried = _carried(doc, numbers[nearest], found[nearest], counted[nearest])
        # a noun is left out before a verb ("and 5 were injured"), a unit not ("costs $4.25 and 32 is the quantity")
        subject = number.end < len(doc) and doc[number.end].pos_ in {"VERB", "AUX"}
        return None if carried is None or (subject and carried[0] is not None) else carried
    if before == "to" and found[nearest].unit != "percentage" and _changed_by(doc, numbers[nearest], start):
        return _carried(doc, numbers[nearest], found[nearest], counted[nearest])
    if before not in {"to", "at"}:
        return None
    for index in earlier_ones:  # the changes in percent between two levels are no unit of theirs
        earlier = numbers[index]
        if found[index].unit == "percentage" and found[index].change != "=":
            continue
        joined = any(t.lower_ in _PARALLEL_JOINERS for t in doc[earlier.end : start])
        if start - earlier.end > 2 * _GIVEN_ONCE_REACH or not joined or not _a_level(doc, earlier):
            return None
        return _carried(doc, earlier, found[index], counted[index])
    return None


def _carried(doc: Doc, earlier: Number, quantity: Quantity, counts: bool) -> tuple[str | None, str | None] | None:
    """An earlier figure's unit, or the noun it counts; not a count that modifies a noun ("a 5 speed gearbox")."""
    if quantity.unit is not None:
        return quantity.unit, None
    if counts and not _modifies_a_noun(doc, earlier):
        return None, quantity.object
    return None


def _changed_by(doc: Doc, earlier: Number, level_start: int) -> bool:
    """"fell 120 points to": a change by a figure, its unit or counted noun, then "to"."""
    earlier_start = qualifier_before(doc, unit_start(doc, earlier))[1]
    by = earlier_start > 0 and (
        doc[earlier_start - 1].lower_ == "by" or doc[earlier_start - 1].lemma_.lower() in _MOVE_VERBS
    )
    units_between = doc[earlier.end : level_start - 1]
    return by and len(units_between) <= 3 and not any(
        t.is_punct or t.pos_ in {"VERB", "AUX", "ADP"} for t in units_between
    )


def _a_level(doc: Doc, number: Number) -> bool:
    """A figure a move ends at: "to 1,463 points", "at 1,463 points", "to a close of 1,463 points"."""
    start = qualifier_before(doc, unit_start(doc, number))[1]
    return any(t.lower_ in {"to", "at"} for t in doc[max(0, start - 4) : start])


def _modifies_a_noun(doc: Doc, number: Number) -> bool:
    """"a 5 speed manual gearbox": the figure and the noun it counts modify another noun."""
    noun = doc[number.end] if number.end < len(doc) else None
    return noun is not None and noun.dep_ in {"compound", "nmod", "amod"} and noun.head.i > noun.i


def _unit_left_out(doc: Doc, previous: Number, number: Number) -> bool:
    """A figure whose unit the sentence gives once, on the figure before it: "from 14-18 mpg to 24", "to 8% from
    9", "increased by 2 percent but decreased by 1". The two stand after the same preposition, or as the two ends
    of "from … to", a few words apart, and nothing follows the second for it to count."""
    if number.start - previous.end > 6 or number.start < 1 or previous.start < 1 or doc[number.start].sent != doc[previous.start].sent:
        return False
    if number.end < len(doc) and doc[number.end].pos_ in {"NOUN", "PROPN"}:
        return False
    previous_start = qualifier_before(doc, previous.start)[1]  # "from about 14-18 mpg to 24"
    if previous_start < 1:
        return False
    before, before_previous = doc[number.start - 1].lower_, doc[previous_start - 1].lower_
    paired = {before_previous, before} == {"from", "to"}
    return (paired or before == before_previous) and doc[previous_start - 1].pos_ == "ADP"



def _quantity(doc: Doc, number: Number, statements: list[Statement], index: int) -> tuple[Quantity, bool]:
    """The record of a number, and whether its object is the noun it counts."""
    span = doc[number.start : number.end]
    qualifier, start = qualifier_before(doc, unit_start(doc, number))  # "more than $52"
    start = start if qualifier is not None else number.start
    unit, unit_end, scale = unit_of(doc, number)
    if scale != 1.0:
        number.value, number.low, number.high = (None if v is None else v * scale for v in (number.value, number.low, number.high))
    end = max(number.end, unit_end)
    counted = counted_object(doc, number) if unit is None or unit == "fraction" else None
    counts = counted is not None
    if counted is None:
        counted = measured(doc, doc[number.start : end])  # also "The death toll rose to 30"
    per = rate_after(doc, end)  # "12-cent-a-share dividend"; else after what is counted: "3 million artillery shells a year"
    if per is None and counted is not None and counted.start >= end:
        per = rate_after(doc, counted.end)
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
        change=change_of(doc, number.start),
        statement=statement,
    ), counts
