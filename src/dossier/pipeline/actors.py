"""``dossier_actors``: named entities cleaned and linked to actors.

* Countries by name, spelling, capital, demonym or seat of power ("the Kremlin")
  → ISO alpha-3 (see ``gazetteer``). Country terms the NER model missed are
  added from an exact-case phrase match.
* People get a stable id from their full name; a short mention ("Putin") is
  the same actor as the longest full mention it ends with ("Vladimir Putin").
  Role and country come from the title next to any mention: a left modifier
  ("Kremlin spokesman Dmitry Peskov", "Russian President Vladimir Putin") or a
  title appositive ("Matthew Miller, US state department spokesman").
* The actor table (``actor_table``) knows people and organisations with dated
  roles; the article's date (``doc._.published``) picks the row. A person it
  knows takes its canonical name, code, role and sector even with no title in
  sight ("Putin" in 2024 → RUS, president, GOV; a bare surname only when one
  person of the table holds a role under it that day); a title in the text
  still gives the role. An office named without a name ("the Russian
  president", "Russia's foreign minister", "the U.S. secretary of state") is a
  PERSON entity of its own, marked ``kb_id_ == OFFICE``, whose actor is the
  holder that day (Medvedev in 2010, Putin in 2024).
* Organisations get a stable id and, when their name holds a country term, its
  code; the table gives the ones it knows their canonical name, code and sector
  (GRU → RUS SPY, NATO → NAT IGO).

Output: ``doc._.entities`` — the entity spans, each with ``span._.actor`` set
(a frozen ``dossier.model.Actor``, or None for labels that are not actors).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from dossier.model import Actor, ActorKind
from dossier.pipeline import actor_table, lexicons
from dossier.pipeline import extensions as _extensions  # noqa: F401  (registers doc._.entities, span._.actor)
from dossier.pipeline.actor_table import ActorTable, Resolution
from dossier.pipeline.gazetteer import CountryTerm, country_terms, lookup
from dossier.settings import Settings

# Numeric and temporal labels belong to the quantity and time extractors, not to entities.
NON_NAME_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
_ACTOR_LABELS = frozenset({"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC"})
_GAZETTEER_LABEL = {"name": "GPE", "capital": "GPE", "demonym": "NORP", "seat": "ORG"}
_POSSESSIVE = lexicons.words("possessive_endings")
_TITLE_NOUNS = lexicons.words("title_nouns")
_GIVEN_NAME_CAPITALS = lexicons.words("capitals_that_are_given_names")
_MAX_ROLE_TOKENS = 7
# The kb_id of an entity that is an office named without a name ("the Russian president").
OFFICE = "office"
# Words before an office that make it someone other than its holder that day ("a former Russian president").
_NOT_THE_HOLDER = frozenset({
    "a", "an", "another", "former", "ex", "then", "late", "deputy", "vice", "first", "assistant", "future", "next",
    "previous", "incoming", "outgoing", "would-be", "its", "their", "his", "her", "any", "every", "each", "no",
})
_JOINING = frozenset({"of", "the", "'s", "’s", "-"})


@Language.factory(
    "dossier_actors",
    # token.pos is read too: this model's attribute_ruler derives it from token.tag and declares nothing.
    requires=["doc.ents", "token.lemma", "token.tag"],
    assigns=["doc._.entities", "span._.actor"],
    default_config={"actor_tables": None},
)
def make_actor_linker(nlp: Language, name: str, actor_tables: str | None) -> ActorLinker:
    """``actor_tables``: the user's table files (as the ``DOSSIER_ACTOR_TABLES`` setting); None: from the
    environment."""
    return ActorLinker(nlp, Settings.from_env().actor_tables if actor_tables is None else actor_tables)


class ActorLinker:
    def __init__(self, nlp: Language, actor_tables: str = "") -> None:
        self._matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        for surface, term in country_terms().items():
            self._matcher.add(term.kind, [nlp.make_doc(surface)])
        self._table = actor_table.load_setting(actor_tables)
        # Names and aliases of the table the model may leave untagged, as written and without accents.
        self._names = PhraseMatcher(nlp.vocab, attr="ORTH")
        by_kind: dict[str, set[str]] = {}
        for surface, kind in self._table.surfaces.items():
            if _findable(surface):
                by_kind.setdefault(kind, set()).update({surface, _ascii(surface)})
        for label, surfaces in by_kind.items():
            self._names.add(label, [nlp.make_doc(s) for s in sorted(surfaces)])
        # Surnames of the table's people ("Lavrov"), kept only where the tagger calls them proper nouns and the
        # table knows one person of that name that day.
        self._surnames = PhraseMatcher(nlp.vocab, attr="ORTH")
        surnames = {
            form
            for surface, kind in self._table.surfaces.items()
            if kind == "person" and " " in surface
            for form in (surface.split()[-1], _ascii(surface.split()[-1]))
            if len(form) >= 4 and form[0].isupper()
        }
        self._surnames.add("surname", [nlp.make_doc(s) for s in sorted(surnames)])
        self._person_keys = frozenset(key for kind, key in self._table.keys if kind == "person")
        # Offices as news names them ("secretary of state", "kremlin spokesman"), compiled once.
        self._offices = PhraseMatcher(nlp.vocab, attr="LOWER")
        for phrase in self._table.phrases:
            self._offices.add(phrase, [nlp.make_doc(phrase)])

    def __call__(self, doc: Doc) -> Doc:
        day = _day(doc._.published)
        spans = _surnames_as_people(self._entity_spans(doc, day))
        spans = [self._relabelled(span, day) for span in spans]
        surnames = {s[-1].text for s in spans if s.label_ == "PERSON" and len(s) > 1}
        spans = [self._capital_as_place(span, surnames, day) for span in spans]
        people = _people_by_full_name(spans, self._table, day)
        entities = [_with_actor(span, people, self._table, day) for span in spans]
        offices = self._office_spans(doc, entities, day)
        doc._.entities = sorted(entities + offices, key=lambda s: s.start) if offices else entities
        return doc

    def _entity_spans(self, doc: Doc, day: dt.date | None) -> list[Span]:
        named = [_trim(e) for e in doc.ents if e.label_ not in NON_NAME_LABELS]
        found = [
            Span(doc, start, end, label=_GAZETTEER_LABEL[doc.vocab.strings[match_id]])
            for match_id, start, end in self._matcher(doc)
        ]
        # Model entities win overlaps; the gazetteer fills gaps ("Kremlin" untagged, say).
        taken = {i for span in named if span is not None for i in range(span.start, span.end)}
        extra = [s for s in filter_spans(found) if not taken.intersection(range(s.start, s.end))]
        # Then the table's names, where neither the model (numbers included) nor the gazetteer found anything.
        taken.update(i for e in doc.ents for i in range(e.start, e.end))
        taken.update(i for s in extra for i in range(s.start, s.end))
        names = [
            Span(doc, start, end, label="PERSON" if doc.vocab.strings[match_id] == "person" else "ORG")
            for match_id, start, end in self._names(doc)
        ]
        names += [
            Span(doc, start, end, label="PERSON")
            for _, start, end in self._surnames(doc)
            if all(t.tag_ == "NNP" for t in doc[start:end]) and self._table.person(doc[start:end].text, day)
        ]
        extra += [s for s in filter_spans(names) if not taken.intersection(range(s.start, s.end))]
        return sorted((s for s in named + extra if s is not None), key=lambda s: s.start)

    def _relabelled(self, span: Span, day: dt.date | None) -> Span:
        """A name of the table's people the model tagged as something else ("Zelenskyy" as ORG) is a PERSON: a full
        name or alias, or one word that is the surname of one person the table knows that day; never a country's
        name or an organisation of the table."""
        if span.label_ in NON_NAME_LABELS or lookup(span.text) is not None:
            return span
        if span.label_ == "PERSON":  # "the Houthis" tagged as people
            known = self._table.organization(span.text, day) is not None and self._table.person(span.text, day) is None
            return Span(span.doc, span.start, span.end, label="ORG") if known else span
        if self._table.organization(span.text, day) is not None or self._table.person(span.text, day) is None:
            return span
        if len(span) > 1 and actor_table.normalise(span.text) not in self._person_keys:
            return span  # several words: only a full name or alias of the table ("Zelenskyy", "Recep Erdogan")
        return Span(span.doc, span.start, span.end, label="PERSON")

    def _capital_as_place(self, span: Span, surnames: set[str], day: dt.date | None) -> Span:
        """The small model tags some capitals as people ("Russian missiles struck Kyiv"): one word the gazetteer
        knows as a capital is the place unless it is also a given name ("Douglas"), a person of the table or the
        surname of someone the article names in full. Countries' own names ("Jordan", "Chad") are never moved."""
        if span.label_ != "PERSON" or len(span) != 1 or span.text in surnames:
            return span
        term = lookup(span.text)
        if term is None or term.kind != "capital" or span.text.lower() in _GIVEN_NAME_CAPITALS:
            return span
        if self._table.person(span.text, day) is not None:
            return span
        return Span(span.doc, span.start, span.end, label="GPE")

    def _office_spans(self, doc: Doc, entities: list[Span], day: dt.date | None) -> list[Span]:
        """Offices named without a name, each a PERSON span whose actor is the holder that day."""
        matches = {(start, end): doc.vocab.strings[match_id] for match_id, start, end in self._offices(doc)}
        if not matches:
            return []
        covered = {i: e for e in entities for i in range(e.start, e.end)}
        titled = {i for e in entities if e.label_ == "PERSON" for r in [_role_of(e)] if r is not None
                  for i in range(r.start, r.end)}
        found = []
        for match in filter_spans([Span(doc, s, e) for s, e in matches]):
            phrase = self._table.phrases[matches[match.start, match.end]]
            if titled.intersection(range(match.start, match.end)) or _names_someone(doc, match.end, covered):
                continue  # "Russian President Vladimir Putin", "Peskov, the Kremlin spokesman": the name is there
            code, first = _office_country(match, covered)
            code = phrase.code or code
            if code is None or (first > 0 and _not_the_holder(doc, first)):
                continue
            holder = self._table.holder(code, phrase.role, day)
            office = _uncovered(match, covered)
            if holder is None or office is None:
                continue
            span = Span(doc, office[0], office[1], label="PERSON", kb_id=OFFICE)
            span._.actor = Actor("person:" + slug(holder.name), holder.name, "person", holder.code, holder.role,
                                 holder.sector)
            found.append(span)
        return found


def is_office(span: Span) -> bool:
    """An entity that is an office named without a name ("the Russian president")."""
    return bool(span.kb_id_ == OFFICE)


def _office_country(match: Span, covered: dict[int, Span]) -> tuple[str | None, int]:
    """The code of the country or international organisation an office belongs to, and where the whole expression
    starts: a name inside the phrase ("Russian Foreign Ministry spokeswoman"), before it ("the Russian president",
    "Russia's foreign minister", "NATO's secretary general"), or after it ("the president of Iran")."""
    doc = match.doc
    inside = covered.get(match.start)
    if inside is not None and inside._.actor is not None and inside._.actor.code:
        return inside._.actor.code, min(inside.start, match.start)
    before = match.start - 1
    if before >= 0 and doc[before].text in _POSSESSIVE:
        before -= 1
    left = covered.get(before)
    if left is not None and left.end == before + 1 and _speaks_for_a_state(left):
        return left._.actor.code, left.start
    after = match.end + 1 if match.end < len(doc) and doc[match.end].lower_ == "of" else None
    if after is not None and after < len(doc) and doc[after].lower_ == "the":
        after += 1
    right = covered.get(after) if after is not None else None
    if right is not None and right.start == after and _speaks_for_a_state(right):
        return right._.actor.code, match.start
    return None, match.start


def _speaks_for_a_state(span: Span) -> bool:
    actor = span._.actor
    return actor is not None and bool(actor.code) and (actor.kind == "country" or actor.sector == "IGO")


def _not_the_holder(doc: Doc, start: int) -> bool:
    """"a Russian minister", "the former Russian president", "ex-Russian president": not the holder that day."""
    previous = doc[start - 1]
    if previous.text == "-" and start >= 2:
        previous = doc[start - 2]
    return previous.lower_ in _NOT_THE_HOLDER


def _names_someone(doc: Doc, end: int, covered: dict[int, Span]) -> bool:
    after = covered.get(end)
    return after is not None and after.start == end and after.label_ == "PERSON"


def _uncovered(match: Span, covered: dict[int, Span]) -> tuple[int, int] | None:
    """The words of an office phrase that no other entity holds ("Kremlin spokesman" → "spokesman"): the longest
    such run, without joining words at its edges."""
    runs: list[tuple[int, int]] = []
    start = None
    for i in range(match.start, match.end + 1):
        free = i < match.end and i not in covered
        if free and start is None:
            start = i
        elif not free and start is not None:
            runs.append((start, i))
            start = None
    if not runs:
        return None
    first, last = max(runs, key=lambda r: r[1] - r[0])
    doc = match.doc
    while first < last and doc[first].lower_ in _JOINING:
        first += 1
    while last > first and doc[last - 1].lower_ in _JOINING:
        last -= 1
    return (first, last) if last > first else None


def _findable(surface: str) -> bool:
    """A name the phrase matcher may look for in running text: several words, or one of four letters or more
    that is not an acronym ("GRU", "NIS", "WHO" stay with the model, which tells the agency from the word)."""
    return " " in surface or (len(surface) >= 4 and not surface.isupper())


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _day(published: object) -> dt.date | None:
    if isinstance(published, dt.datetime):
        return published.date()
    return published if isinstance(published, dt.date) else None


def people_by_surname(spans: Iterable[Span]) -> dict[str, Span]:
    """The people an article names in full, by surname, for the bare surnames the model mistags or leaves
    untagged. A country's name is never a surname, whatever the model made of a heading ("Position on China
    Beyond Ukraine"); an office ("the foreign minister") has none."""
    return {
        s[-1].text: s
        for s in spans
        if s.label_ == "PERSON" and len(s) > 1 and s[-1].text not in country_terms() and not is_office(s)
    }


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
        self.sector: str | None = None

    def known_as(self, found: Resolution) -> None:
        """What the actor table says, under what the text says: a title in the text keeps its words."""
        self.full_name = found.name
        self.id = "person:" + slug(found.name)
        self.code = self.code or found.code
        self.role = self.role or found.role
        self.sector = found.sector


def _people_by_full_name(spans: Iterable[Span], table: ActorTable, day: dt.date | None) -> dict[str, _Person]:
    """Each PERSON mention → the person it names, with role and country from any of its mentions, then from the
    actor table at the article's date."""
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
    for person in {id(p): p for p in by_text.values()}.values():
        found = table.person(person.full_name, day)
        if found is not None:
            person.known_as(found)
    return by_text


def _with_actor(span: Span, people: dict[str, _Person], table: ActorTable, day: dt.date | None) -> Span:
    span._.actor = _actor_for(span, people, table, day)
    return span


def _actor_for(span: Span, people: dict[str, _Person], table: ActorTable, day: dt.date | None) -> Actor | None:
    label = span.label_
    if label not in _ACTOR_LABELS:
        return None
    if label == "PERSON":
        person = people[span.text]
        return Actor(person.id, person.full_name, "person", person.code, person.role, person.sector)
    term = lookup(span.text)
    if term is not None:
        return country_actor(term)  # a metonym ("the Kremlin", "Pyongyang") stays the country
    known = table.organization(span.text, day)
    if known is not None:
        return Actor("org:" + slug(known.name), known.name, "organization", known.code, None, known.sector)
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
