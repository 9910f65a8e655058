"""Who says it: the source a cue's clause names, what a pronoun source refers to, the media the words went
through (``via``), and what kind of source it is (person, media, document, anonymous, government,
organisation)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from spacy.tokens import Span, Token

from dossier.model import Actor, Source, SourceKind, TextSpan
from dossier.pipeline import lexicons
from dossier.pipeline.actors import is_office, people_by_surname
from dossier.pipeline.gazetteer import country_terms
from dossier.pipeline.statements.spans import TRIM_CHARACTERS, noun_phrase, offsets, overlaps

_ADDRESSEE_CUES = lexicons.words("addressee_cues")
_ANONYMOUS_HEADS = lexicons.words("anonymous_source_heads")
_MEDIA_WORDS = lexicons.words("media_words")
_MEDIA_LEMMAS = lexicons.words("media_lemmas")
_GOVERNMENT_WORDS = lexicons.words("government_words")
_ORGANIZATION_HEADS = lexicons.words("organization_heads")
_DOCUMENT_WORDS = lexicons.words("document_words")
_TITLE_NOUNS = lexicons.words("title_nouns")
_PRONOUNS = lexicons.words("personal_pronouns")
_RELATIVE_PRONOUNS = lexicons.words("relative_pronouns")
_ANTECEDENT_SENTENCES = 3


def source_of(cue: Token, content: tuple[int, int]) -> tuple[Span | None, list[Source]]:
    """The cue's subject, or the subject of the clause it hangs from; plus any 'told <media>' via. A
    subject inside the content is the parser mistaking the quotation's first words for the speaker."""
    via = via_of(cue)
    if cue.pos_ == "NOUN":
        # "Trump's claim that…", "a statement from the ministry", "remarks by the minister"
        owner = next((c for c in cue.children if c.dep_ == "poss"), None)
        if owner is None:
            owner = next(
                (p for c in cue.children if c.dep_ == "prep" and c.lower_ in {"from", "by"}
                 for p in c.children if p.dep_ == "pobj"),
                None,
            )
        if owner is not None:
            return noun_phrase(owner), via
    token: Token | None = cue
    for _ in range(5):
        if token is None:
            break
        subjects = (noun_phrase(c) for c in token.children if c.dep_ in {"nsubj", "csubj"})
        subject = next((s for s in subjects if not overlaps(offsets(s), content)), None)
        agent = next((c for c in token.children if c.dep_ == "agent"), None)
        if subject is not None:
            return subject, via
        if agent is not None and any(c.dep_ == "pobj" for c in agent.children):
            pobj = next(c for c in agent.children if c.dep_ == "pobj")
            return noun_phrase(pobj), via
        if token.dep_ == "relcl":
            return noun_phrase(token.head), via
        if token.dep_ not in {"advcl", "xcomp", "conj", "acl", "pcomp", "prep", "pobj", "dobj", "appos"}:
            break
        if token.tag_ == "VBN" and not any(c.dep_ in {"aux", "auxpass"} for c in token.children):
            break  # "Asked about the plan, voters said…": a bare participle is passive; the voters were asked
        token = token.head if token.head is not token else None
    return None, via


def name_before(cue: Token, after: int = 0) -> Span | None:
    """The person named before a cue, else the noun phrase ending right before it; both starting at
    or after the character offset ``after``."""
    sent = cue.sent
    people = [
        e for e in cue.doc._.entities
        if e.label_ == "PERSON" and sent.start <= e.start and e.end <= cue.i and e.start_char >= after
        and not is_office(e)  # "the Russian president" is found whole as the noun phrase below
    ]
    if people:
        person: Span = people[-1]
        return person
    end = cue.i
    start = end
    while (start > sent.start and cue.doc[start - 1].idx >= after
           and cue.doc[start - 1].pos_ in {"NOUN", "PROPN", "ADJ", "NUM", "DET", "PRON"}):
        start -= 1
    return cue.doc[start:end] if start < end else None


def resolved_source(source: Span | None, via: list[Source], cue: Token | None) -> tuple[Source | None, list[Source]]:
    """The source a construction found, described: through what it cites, and for a pronoun what it refers to
    (its ``mention`` the pronoun)."""
    if source is None:
        return None, via
    span = source
    via = list(via)
    # "Y, citing Z, said": Z is the original source and Y the channel it came through.
    if cue is not None:
        for child in cue.children:
            if child.dep_ == "advcl" and child.lemma_ == "cite":
                cited = next((c for c in child.children if c.dep_ == "dobj"), None)
                if cited is not None:
                    via.insert(0, describe(span))
                    span = noun_phrase(cited)
    antecedent = _referent(span[0]) if len(span) == 1 else None
    if antecedent is not None:
        described = describe(antecedent)
        mention = TextSpan(span.text, span.start_char, span.end_char)
        return dataclasses.replace(described, mention=mention), via
    return describe(span), via


def _referent(token: Token) -> Span | None:
    """What a pronoun source refers to: "he" → the last person named; "who" → the noun it modifies."""
    if token.lower_ in _RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
        return noun_phrase(token.head.head)
    if token.lower_ in _PRONOUNS:
        return _antecedent(token)
    return None


def _antecedent(pronoun: Token) -> Span | None:
    doc = pronoun.doc
    wanted = {"PERSON"} if pronoun.lower_ in {"he", "she", "him", "her"} else {"ORG", "GPE", "NORP", "PERSON"}
    first_sentence = pronoun.sent.start
    sentences = list(doc.sents)
    index = next(i for i, s in enumerate(sentences) if s.start == first_sentence)
    window_start = sentences[max(0, index - _ANTECEDENT_SENTENCES)].start
    candidates = [
        e for e in doc._.entities
        # "the Trump administration" names no one "he" could be
        if e.label_ in wanted and window_start <= e.start and e.end <= pronoun.i and e.root.dep_ != "compound"
    ]
    if not candidates:
        return None
    # an office ("the Russian president") stands for its whole noun phrase, which describe() links to its holder
    return noun_phrase(candidates[-1].root) if is_office(candidates[-1]) else candidates[-1]


def describe(span: Span) -> Source:
    """A source phrase as a ``Source``: its kind, role and actor."""
    entities = [e for e in span.doc._.entities if span.start <= e.start and e.end <= span.end]
    head = span.root
    # an office named without a name ("the Russian president") keeps the kind and role its words give; its actor
    # is the holder at the article's date (dossier_actors)
    office = next((e for e in entities if is_office(e) and e.start <= head.i < e.end), None)
    entities = [e for e in entities if not is_office(e)]
    # the person the phrase is: "Trump campaign manager Paul Manafort" is Manafort; "Trump's lawyer" is not Trump
    person = next((e for e in entities if e.label_ == "PERSON" and e.start <= head.i < e.end), None)
    person = person or (None if entities else _named_before(span))
    named = person or next((e for e in entities if e.label_ in {"ORG", "GPE", "NORP", "FAC"}), None)
    actor: Actor | None = named._.actor if named is not None else None
    words = {t.lower_ for t in span}
    kind: SourceKind
    if person is not None:
        kind = "person"
    elif is_media(head) or (named is not None and named.label_ == "ORG" and words & _MEDIA_WORDS):
        kind = "media"
    elif head.lemma_.lower() in _DOCUMENT_WORDS:
        kind = "document"
    elif head.lower_ in _ANONYMOUS_HEADS or head.lemma_.lower() in _ANONYMOUS_HEADS or (
        # an unnamed office-holder ("Trump's lawyer"), unless it speaks for a country ("South Korea's defence minister")
        head.lemma_.lower() in _TITLE_NOUNS and (actor is None or actor.kind != "country")
    ):
        kind = "anonymous"
    elif words & _GOVERNMENT_WORDS or (actor is not None and actor.kind == "country" and _speaks_for_a_country(head, named)):
        kind = "government"
    elif head.lemma_.lower() in _ORGANIZATION_HEADS or (named is not None and named.start <= head.i < named.end):
        kind = "organization"  # a named body ("Tencent", "the Democrats") or an unnamed one ("a British charity")
    else:
        kind = "anonymous"  # "a college student in Beijing": a person the place does not name
    role = actor.role if actor is not None and actor.kind == "person" else None
    if role is None and head.lemma_.lower() in _TITLE_NOUNS:
        role = span.text.strip(TRIM_CHARACTERS)
        if actor is None:
            code = _country_code(span)
            actor = Actor("role:" + role.lower(), role, "group", code) if code else None
    if office is not None:
        actor = office._.actor
    text = span.text.strip(TRIM_CHARACTERS)
    start = span.start_char + (len(span.text) - len(span.text.lstrip(TRIM_CHARACTERS)))
    return Source(text, start, start + len(text), kind, role, actor)


def _named_before(span: Span) -> Span | None:
    """The person a bare surname the NER model left untagged stands for ("Trump contended"): the person of
    that surname the article names in full."""
    if len(span) > 2 or not all(t.text[:1].isupper() for t in span):  # the tagger may call "Trump" a noun
        return None
    return people_by_surname(span.doc._.entities).get(span[-1].text)


def _speaks_for_a_country(head: Token, country: Span | None) -> bool:
    """"Moscow", "South Korea's defence minister": the country itself or its office-holder; "a British charity"
    is an organisation from a country."""
    return country is not None and (country.start <= head.i < country.end or head.lemma_.lower() in _TITLE_NOUNS)


def _country_code(span: Span) -> str | None:
    for entity in span.doc._.entities:
        if span.start <= entity.start and entity.end <= span.end and entity._.actor is not None:
            if entity._.actor.code:
                return str(entity._.actor.code)
    for token in span:
        term = country_terms().get(token.text)
        if term is not None:
            return term.code
    return None


def via_of(cue: Token) -> list[Source]:
    """The media a cue's words went through, as sources: "told Reuters"."""
    return [describe(noun_phrase(outlet)) for outlet in _outlets_spoken_to(cue)]


def _outlets_spoken_to(cue: Token) -> Iterator[Token]:
    """The media a cue's words went through: "told Reuters", "in an interview with CNN" (but "calling them
    fake news" is no channel)."""
    if cue.lemma_.lower() in _ADDRESSEE_CUES:
        yield from (c for c in cue.children if c.dep_ in {"dative", "dobj"} and is_media(c))
    for preposition in (c for c in cue.children if c.dep_ == "prep" and c.lower_ == "in"):
        for interview in (p for p in preposition.children if p.dep_ == "pobj" and p.lemma_.lower() == "interview"):
            for with_ in (c for c in interview.children if c.dep_ == "prep" and c.lower_ == "with"):
                yield from (p for p in with_.children if p.dep_ == "pobj" and is_media(p))


def is_media(token: Token) -> bool:
    lemma = token.lemma_.lower()
    if lemma == "agency":  # a news agency, not a spy, space or environment agency
        return any(c.lower_ in {"news", "press", "wire"} for c in token.lefts)
    return token.lower_ in _MEDIA_WORDS or lemma in _MEDIA_LEMMAS
