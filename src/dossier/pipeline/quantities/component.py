"""The ``dossier_quantities`` component: each number in a Doc made into a ``Quantity`` record."""

from __future__ import annotations

from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from dossier.model import Quantity, Statement
from dossier.pipeline import extensions as _extensions  # noqa: F401  (registers doc._.quantities)
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
        previous: Number | None = None
        for number in with_cents(doc, ranges(doc, list(numbers_in(doc, blocked)))):
            quantity = _quantity(doc, number, statements, len(found) + 1)
            if previous is not None and quantity.unit is None and quantity.object is None and found[-1].unit is not None:
                if _unit_left_out(doc, previous, number):
                    quantity = replace(quantity, unit=found[-1].unit, per=quantity.per or found[-1].per)
            found.append(quantity)
            previous = number
        doc._.quantities = found
        return doc


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



def _quantity(doc: Doc, number: Number, statements: list[Statement], index: int) -> Quantity:
    span = doc[number.start : number.end]
    qualifier, start = qualifier_before(doc, unit_start(doc, number))  # "more than $52"
    start = start if qualifier is not None else number.start
    unit, unit_end, scale = unit_of(doc, number)
    if scale != 1.0:
        number.value, number.low, number.high = (None if v is None else v * scale for v in (number.value, number.low, number.high))
    end = max(number.end, unit_end)
    counted = counted_object(doc, number) if unit is None or unit == "fraction" else None
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
    )
