"""What a quantity counts or measures, and how often: the noun it counts ("3 million artillery shells"), what
a measure is of ("revenue of $5 billion", "Unemployment fell to 3.5 percent"), and a rate after it ("a year",
"per share", "daily")."""

from __future__ import annotations

from collections.abc import Mapping

from spacy.tokens import Doc, Span, Token

from dossier.pipeline import lexicons
from dossier.pipeline.quantities.numbers import Number, numeric
from dossier.pipeline.quantities.written_units import unit_name

_RATE_UNITS = lexicons.words("quantity_time_units") | lexicons.words("rate_units")
_RATE_NAMES: Mapping[str, str] = lexicons.table("rate_unit_names")
_NOT_RATE_FOLLOWERS = lexicons.words("not_rate_followers")
_RATE_ADVERBS: Mapping[str, str] = lexicons.table("rate_adverbs")
_RATE_DETERMINERS = lexicons.words("rate_determiners")
_LEVEL_VERBS = lexicons.words("up_verbs") | lexicons.words("down_verbs") | lexicons.words("level_verbs")
# Words between a number and its noun that belong to neither: "hundreds of the prisoners".
_NOT_OF_THE_OBJECT = frozenset({"of", "the", "-", "–"})
_NOT_COUNTED = lexicons.words("count_modifiers_not_counted")
_CONCEPT_MODIFIERS = frozenset({"compound", "amod", "nmod", "poss"})


def counted_object(doc: Doc, number: Number) -> Span | None:
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
    while start < head.i and (
        doc[start].dep_ in {"det", "prep"} or doc[start].lower_ in _NOT_OF_THE_OBJECT
        or (doc[start].lower_ in _NOT_COUNTED and doc[start].dep_ in {"amod", "advmod"})  # "eight more picks"
    ):
        start += 1
    if start >= len(doc):  # the figure ends the text and its head came before it: nothing after it is counted
        return None
    first = doc[start]
    if (number.value or 0) > 1 and first.tag_ == "NN" and first.dep_ == "compound" and first.i < head.i and head.tag_ == "NN":
        end = start + 1
        while end < head.i and doc[end].tag_ == "NN" and doc[end].dep_ == "compound":
            end += 1  # "a 60 basis point improvement"
        return doc[start:end]  # "a 12 page document" counts pages, "a 3 cylinder engine" cylinders
    return doc[start : head.i + 1]


def measured(doc: Doc, quantity: Span) -> Span | None:
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
    if verb is not None and verb.lemma_.lower() in _LEVEL_VERBS:
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


def rate_after(doc: Doc, after: int) -> str | None:
    """"a year", "per day", "each year", "daily" within a few words after the quantity."""
    if after < len(doc) and doc[after].text == "(":  # "C $6 (US $4.46) per share": past a figure's other currency
        closing = next((t.i for t in doc[after : min(len(doc), after + 8)] if t.text == ")"), None)
        after = closing + 1 if closing is not None else after
    window = [t for t in doc[after : min(len(doc), after + 7)] if t.text not in {"-", "–"}][:5]  # "12-cent-a-share"
    for i, token in enumerate(window):
        if token.lower_ in _RATE_ADVERBS:
            return _RATE_ADVERBS[token.lower_]
        unit = window[i + 1] if i + 1 < len(window) else None
        if token.lower_ in {"per", "/"} and unit is not None:
            name = unit.lemma_.lower() if unit.lemma_.lower() in _RATE_UNITS else unit_name(unit.text)
            if name is not None:
                return _RATE_NAMES.get(name, name)
        if token.lower_ in _RATE_DETERMINERS and unit is not None and unit.lemma_.lower() in _RATE_UNITS:
            follower = unit.nbor(1).lower_ if unit.i + 1 < len(doc) else ""
            if follower not in _NOT_RATE_FOLLOWERS:
                return _RATE_NAMES.get(unit.lemma_.lower(), unit.lemma_.lower())
        if token.is_punct or numeric(token):
            break  # the rate of a later figure ("2% or $1.40 a share") is not this one's
    return None
