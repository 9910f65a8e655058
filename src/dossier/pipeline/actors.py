"""``dossier_actors``: named entities cleaned and linked to actors.

* Countries by name, spelling, capital, demonym or seat of power ("the Kremlin")
  → ISO alpha-3 (see ``gazetteer``). Country terms the NER model missed are
  added from an exact-case phrase match.
* People get a stable id from their full name; a short mention ("Putin") is
  the same actor as the longest full mention it ends with ("Vladimir Putin").
  Role and country come from the title next to any mention: a left modifier
  ("Kremlin spokesman Dmitry Peskov", "Russian President Vladimir Putin") or a
  title appositive ("Matthew Miller, US state department spokesman").
* Organisations get a stable id and, when their name holds a country term, its code.

Output: ``doc._.entities`` — the entity spans, each with ``span._.actor`` set
(a frozen ``dossier.model.Actor``, or None for labels that are not actors).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from dossier.model import Actor, ActorKind
from dossier.pipeline import extensions as _extensions  # noqa: F401  (registers doc._.entities, span._.actor)
from dossier.pipeline import lexicons
from dossier.pipeline.gazetteer import CountryTerm, country_terms, lookup

# Numeric and temporal labels belong to the quantity and time extractors, not to entities.
NON_NAME_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
_ACTOR_LABELS = frozenset({"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC"})
_GAZETTEER_LABEL = {"name": "GPE", "capital": "GPE", "demonym": "NORP", "seat": "ORG"}
_POSSESSIVE = lexicons.words("possessive_endings")
_TITLE_NOUNS = lexicons.words("title_nouns")
_MAX_ROLE_TOKENS = 7


@Language.factory(
    "dossier_actors",
    # token.pos is read too: this model's attribute_ruler derives it from token.tag and declares nothing.
    requires=["doc.ents", "token.lemma", "token.tag"],
    assigns=["doc._.entities", "span._.actor"],
)
def make_actor_linker(nlp: Language, name: str) -> ActorLinker:
    return ActorLinker(nlp)


class ActorLinker:
    def __init__(self, nlp: Language) -> None:
        self._matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        for surface, term in country_terms().items():
            self._matcher.add(term.kind, [nlp.make_doc(surface)])

    def __call__(self, doc: Doc) -> Doc:
        spans = _surnames_as_people(self._entity_spans(doc))
        people = _people_by_full_name(spans)
        doc._.entities = [_with_actor(span, people) for span in spans]
        return doc

    def _entity_spans(self, doc: Doc) -> list[Span]:
        named = [_trim(e) for e in doc.ents if e.label_ not in NON_NAME_LABELS]
        found = [
            Span(doc, start, end, label=_GAZETTEER_LABEL[doc.vocab.strings[match_id]])
            for match_id, start, end in self._matcher(doc)
        ]
        # Model entities win overlaps; the gazetteer fills gaps ("Kremlin" untagged, say).
        taken = {i for span in named if span is not None for i in range(span.start, span.end)}
        extra = [s for s in filter_spans(found) if not taken.intersection(range(s.start, s.end))]
        return sorted((s for s in named + extra if s is not None), key=lambda s: s.start)


def people_by_surname(spans: Iterable[Span]) -> dict[str, Span]:
    """The people an article names in full, by surname, for the bare surnames the model mistags or leaves
    untagged. A country's name is never a surname, whatever the model made of a heading ("Position on China
    Beyond Ukraine")."""
    return {s[-1].text: s for s in spans if s.label_ == "PERSON" and len(s) > 1 and s[-1].text not in country_terms()}


def _surnames_as_people(spans: list[Span]) -> list[Span]:
    """The model sometimes tags a bare surname as ORG, GPE or even WORK_OF_ART ("Blinken said", "…,” Risch
    told Politico"); in an article that names the person in full, the surname is that person."""
    surnames = people_by_surname(spans)
    return [
        Span(s.doc, s.start, s.end, label="PERSON")
        if len(s) == 1 and s.label_ not in NON_NAME_LABELS and s.text in surnames
        else s
        for s in spans
    ]


def _trim(span: Span) -> Span | None:
    start, end = span.start, span.end
    doc = span.doc
    while end > start and (doc[end - 1].text in _POSSESSIVE or doc[end - 1].is_punct):
        end -= 1
    while start < end and doc[start].is_punct:
        start += 1
    return Span(doc, start, end, label=span.label) if end > start else None


class _Person:
    def __init__(self, full: Span) -> None:
        self.full_name = full.text
        self.id = "person:" + slug(full.text)
        self.role: str | None = None
        self.code: str | None = None


def _people_by_full_name(spans: Iterable[Span]) -> dict[str, _Person]:
    """Each PERSON mention → the person it names, with role and country from any of its mentions."""
    mentions = [s for s in spans if s.label_ == "PERSON"]
    by_text: dict[str, _Person] = {}
    for span in sorted(mentions, key=len, reverse=True):
        words = span.text.split()
        full = next(
            (p for text, p in by_text.items() if text.split()[-len(words) :] == words and text != span.text),
            None,
        )
        by_text[span.text] = full or by_text.get(span.text) or _Person(span)
    for span in mentions:
        person = by_text[span.text]
        role = _role_of(span)
        if role is not None and person.role is None:
            person.role = role.text
            person.code = _country_in(role)
    return by_text


def _with_actor(span: Span, people: dict[str, _Person]) -> Span:
    span._.actor = _actor_for(span, people)
    return span


def _actor_for(span: Span, people: dict[str, _Person]) -> Actor | None:
    label = span.label_
    if label not in _ACTOR_LABELS:
        return None
    if label == "PERSON":
        person = people[span.text]
        return Actor(person.id, person.full_name, "person", person.code, person.role)
    term = lookup(span.text)
    if term is not None:
        return country_actor(term)
    if label == "NORP":
        return Actor("group:" + slug(span.text), span.text, "group")
    kind: ActorKind = "location" if label in {"GPE", "LOC", "FAC"} else "organization"
    return Actor(f"{kind[:3]}:{slug(span.text)}", span.text, kind, _country_in(span) or _owner_country(span))


def country_actor(term: CountryTerm) -> Actor:
    return Actor("country:" + term.code, term.country, "country", term.code)


def _role_of(person: Span) -> Span | None:
    """The title beside a person mention: to its left, or in an appositive after a comma."""
    doc = person.doc
    start = person.start
    while start > 0 and person.start - start < _MAX_ROLE_TOKENS and _role_token(doc[start - 1]):
        start -= 1
    while start < person.start and doc[start].lower_ == "of":
        start += 1
    left = doc[start : person.start]
    if any(token.lemma_.lower() in _TITLE_NOUNS for token in left):
        return left
    return _appositive_title(person)


def _role_token(token: Token) -> bool:
    # "of" keeps "Secretary of State" together; a role never starts with it (trimmed above).
    return token.pos_ in {"PROPN", "NOUN", "ADJ"} or token.text in _POSSESSIVE or token.lower_ == "of"


def _appositive_title(person: Span) -> Span | None:
    """``Name, <title>``: the longest run of name-like words after the comma that ends in a title noun,
    without its article ("Dmitry Peskov, the Kremlin spokesman")."""
    doc = person.doc
    first = person.end + 1
    if first >= len(doc) or doc[person.end].text != ",":
        return None
    if doc[first].lower_ in {"the", "a", "an"}:
        first += 1
    last_title = None
    for i in range(first, min(len(doc), first + _MAX_ROLE_TOKENS)):
        if not _role_token(doc[i]):
            break
        if doc[i].lemma_.lower() in _TITLE_NOUNS:
            last_title = i
    return doc[first : last_title + 1] if last_title is not None else None


def _country_in(span: Span) -> str | None:
    """The first country named inside a span (a title, an organisation's name)."""
    for start in range(span.start, span.end):
        for end in range(min(span.end, start + 4), start, -1):
            term = country_terms().get(span.doc[start:end].text)
            if term is not None:
                return term.code
    return None


def _owner_country(span: Span) -> str | None:
    """A country written as the owner of a name: "South Korea's National Intelligence Service"."""
    doc = span.doc
    if span.start < 2 or doc[span.start - 1].text not in _POSSESSIVE:
        return None
    for start in range(max(0, span.start - 4), span.start - 1):
        term = country_terms().get(doc[start : span.start - 1].text)
        if term is not None:
            return term.code
    return None


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
