"""The constructions that attribute words to a source, each giving ``FoundStatement``s (character offsets):

1. a cue word, mostly a reporting verb, and its clause, object, infinitive or adjacent quotation;
2. "according to X";
3. a quotation the parser left unattached, with the nearest cue word before it;
4. a declarative sentence that attributes nothing: the article's own claim;
5. in a headline, the attribution headlines put last: "…, Seoul Says", "…, Spy Agency Tells Lawmakers",
   "… – U.S. Official". Title case and telegraphic grammar defeat the parser there, and these are conventions
   of layout, like a byline, so they are read from the words and punctuation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from dossier.model import Source
from dossier.pipeline import lexicons
from dossier.pipeline.statements.quotes import adjacent_quote, closes_before
from dossier.pipeline.statements.sources import describe, is_media, name_before, source_of, via_of
from dossier.pipeline.statements.spans import (
    TRIM_CHARACTERS,
    cue_offsets,
    has_words,
    noun_phrase,
    offsets,
    overlaps,
    token_end,
    trimmed,
)

_CUE_VERBS = lexicons.words("cue_verbs")
_ADDRESSEE_CUES = lexicons.words("addressee_cues")
_PLACE_AND_TIME = lexicons.words("place_and_time_prepositions")
_RELATIVE_PRONOUNS = lexicons.words("relative_pronouns")
_MIN_CLAIM_TOKENS = 5
_MIN_LEAD_TOKENS = 3  # a headline of three words ("ISIS Beheads Journalist") still makes a claim
_SOURCE_HEADS = (lexicons.words("anonymous_source_heads") | lexicons.words("government_words")
                 | lexicons.words("organization_heads") | lexicons.words("title_nouns"))
# "'Several Hundred' North Korean Casualties in Kursk – U.S. Official": a dash with a space on each side.
_HEADLINE_DASH = re.compile(r"^(?P<content>.+?)\s+(?P<dash>[–—-])\s+(?P<source>[^–—]{2,60}?)\s*$")
_MAX_HEADLINE_SOURCE_WORDS = 5
_HEADLINE_COLON = re.compile(r"^(?P<source>[^:]{2,60}?)(?P<colon>:)\s+(?P<content>.+)$")


@dataclass(slots=True)
class FoundStatement:
    """A statement as a construction finds it; the component describes its source and makes it a ``Statement``."""

    cue: tuple[int, int]  # character offsets
    content: tuple[int, int]
    source: Span | None
    cue_token: Token | None
    via: list[Source]
    by_author: bool = False  # the article's own claim: no cue, and the source is whoever wrote it


# -- 1. cue words (mostly reporting verbs) -------------------------------------------------------------------


def statements_at_cue(cue: Token, text: str, quotes: list[tuple[int, int]]) -> Iterator[FoundStatement]:
    """What a cue the scorer accepted introduces, and who says it."""
    if cue.text == ":":
        yield from _colon_statement(cue, text)
        return
    inverted = _inverted_quotation(cue, text, quotes)
    if inverted is not None:  # "“Why now?” wondered one diplomat"
        quoted, speaker = inverted
        yield FoundStatement(cue_offsets(cue), quoted, noun_phrase(speaker), cue, via_of(cue))
        return
    content = _content_of(cue, text, quotes)
    if content is None:
        return
    source, via = source_of(cue, content)
    if source is None and content[1] <= cue.idx:
        source = name_before(cue, after=content[1])  # '"…," campaign manager Robby Mook said'
    if source is not None and overlaps(offsets(source), content):
        return
    yield FoundStatement(cue_offsets(cue), content, source, cue, via)


def _colon_statement(colon: Token, text: str) -> Iterator[FoundStatement]:
    """Headline style: "Trump: 'We will win'" — a name, a colon, the words."""
    sent = colon.sent
    if colon.i - sent.start > 6:
        return
    source = colon.doc[sent.start : colon.i]
    following = colon.doc[colon.i + 1] if colon.i + 1 < len(colon.doc) else None
    if following is None:
        return
    # A transcript ("TAPPER: Donald Trump released…") often has the colon end its own sentence.
    speech = following.sent if colon.i + 1 >= sent.end else sent
    content = trimmed(text, following.idx, speech.end_char)
    named = all(t.pos_ == "PROPN" or t.text[:1].isupper() for t in source if t.is_alpha)  # the tagger calls "TAPPER" a noun
    if content is not None and named and any(t.is_alpha for t in source):
        yield FoundStatement((colon.idx, token_end(colon)), content, source, colon, [])


def _content_of(cue: Token, text: str, quotes: list[tuple[int, int]]) -> tuple[int, int] | None:
    """What the cue introduces: its clause, infinitive, object or prepositional object, else a quote."""
    lemma = cue.lemma_.lower()
    children = list(cue.children)
    for deps in ({"ccomp", "parataxis"}, {"xcomp"}):
        clauses = [c for c in children if c.dep_ in deps and (deps != {"xcomp"} or lemma not in _ADDRESSEE_CUES)]
        if clauses:
            biggest = max(clauses, key=lambda c: c.right_edge.i - c.left_edge.i)
            # "a letter that he said was drafted by the firm": the clause's subject is the relative pronoun
            start = biggest.left_edge.idx if biggest.left_edge.i > cue.i or biggest.i < cue.i else token_end(cue)
            return trimmed(text, start, token_end(biggest.right_edge))
    if cue.pos_ == "NOUN":
        clause = next((c for c in children if c.dep_ in {"acl", "relcl"} and c.i > cue.i), None)
        if clause is not None:
            return trimmed(text, clause.left_edge.idx, token_end(clause.right_edge))
    objects = [c for c in children if c.dep_ in {"dobj", "oprd", "attr", "intj"} and lemma not in _ADDRESSEE_CUES]
    if objects:
        start = min(o.left_edge.idx for o in objects)
        end = max(token_end(o.right_edge) for o in objects)
        return trimmed(text, start, end)
    # "…, pointing to his rating": an adverbial cue with a complement of its own interrupts no clause
    parenthetical = cue.dep_ != "advcl" or not any(
        c.dep_ == "prep" and c.i > cue.i and c.lower_ not in _PLACE_AND_TIME for c in children
    )
    quoted = adjacent_quote(cue, text, quotes) or (_surrounding_clause(cue, text) if parenthetical else None)
    if quoted is not None:
        return quoted
    if cue.dep_ == "relcl" and any(c.dep_ == "nsubj" and c.lower_ not in _RELATIVE_PRONOUNS for c in children):
        # "everything he said": what was said is the noun phrase the clause describes
        return trimmed(text, cue.head.left_edge.idx, cue.left_edge.idx)
    # "lashed out at Obama", "sided with Clinton", "has been critical of Trump", "was eager to prove…"
    complements = [c for c in children if c.dep_ in {"acomp", "prt"} and c.i > cue.i]
    for holder in (cue, *complements):
        for clause in (c for c in holder.children if c.i > cue.i and (c.dep_ == "xcomp" or _is_infinitive(c))):
            start = next((t for t in clause.subtree if t.dep_ != "mark"), clause).idx  # "called for Trump to quit"
            return trimmed(text, start, token_end(clause.right_edge))
        # An adjective's preposition says what the judgement is about, even "in" ("confident in the operation").
        placeless = holder.dep_ == "acomp"
        for preposition in (c for c in holder.children
                            if c.dep_ == "prep" and c.i > cue.i and (placeless or c.lower_ not in _PLACE_AND_TIME)):
            target = next((p for p in preposition.children if p.dep_ in {"pobj", "pcomp"}), None)
            if target is not None:
                return trimmed(text, target.left_edge.idx, token_end(target.right_edge))
    judgement = next((c for c in complements if c.dep_ == "acomp"), None)
    if judgement is not None:  # "sounded far less welcoming": the judgement itself
        return trimmed(text, judgement.left_edge.idx, token_end(judgement.right_edge))
    # "News of the move was first reported by the Herald": what was reported is the passive subject.
    passive = next((c for c in children if c.dep_ in {"nsubjpass", "csubjpass"}), None)
    if passive is not None:
        return trimmed(text, passive.left_edge.idx, token_end(passive.right_edge))
    return None


def _is_infinitive(clause: Token) -> bool:
    """An adverbial to-infinitive: "went on to criticize…", "called for Trump to drop out"."""
    return clause.dep_ == "advcl" and any(c.dep_ == "aux" and c.tag_ == "TO" for c in clause.children)


def _inverted_quotation(cue: Token, text: str, quotes: list[tuple[int, int]]) -> tuple[tuple[int, int], Token] | None:
    """The quotation and the speaker of '“Will they send more?” asked one analyst': a quotation opens the
    sentence and closes right before the verb, and the noun phrase after the verb ends the sentence; the parser
    often takes that speaker for an object."""
    doc = cue.doc
    opening = next((start for start, end in quotes if end <= cue.idx and not has_words(text[end : cue.idx])), None)
    if opening is None or has_words(text[cue.sent.start_char : opening]) or cue.dep_ not in {"ROOT", "parataxis"}:
        return None
    if any(c.dep_ in {"nsubj", "csubj"} or (c.dep_ == "ccomp" and c.i > cue.i) for c in cue.children):
        return None
    speaker = next((c for c in cue.rights if c.dep_ in {"dobj", "dative", "nsubj"} and not is_media(c)), None)
    if speaker is None or speaker.pos_ not in {"NOUN", "PROPN"}:
        return None
    after = speaker.right_edge.i + 1
    if not (after >= len(doc) or doc[after].is_sent_end or doc[after].text in {".", "!", "?"}):
        return None
    quoted = next((trimmed(text, start, end) for start, end in quotes if closes_before(cue, text, end)), None)
    return (quoted, speaker) if quoted is not None else None


def _surrounding_clause(cue: Token, text: str) -> tuple[int, int] | None:
    """A parenthetical cue ("The troops, officials said, were…"): the clause it interrupts, minus itself."""
    head = cue.head
    if cue.dep_ not in {"parataxis", "advcl", "ccomp"} or head is cue or head.pos_ not in {"VERB", "AUX"}:
        return None
    inner = (cue.left_edge.idx, token_end(cue.right_edge))
    outer = (head.left_edge.idx, token_end(head.right_edge))
    before, after = (outer[0], inner[0]), (inner[1], outer[1])
    larger = max(before, after, key=lambda span: span[1] - span[0])
    return trimmed(text, *larger)


# -- 2. "according to X" -------------------------------------------------------------------------------------


def according_to(doc: Doc, text: str) -> Iterator[FoundStatement]:
    """The source is the object of "to"; the content the clause the phrase modifies; a participle on the source
    ("stated by The Times") adds a ``via``."""
    for token in doc:
        if token.lower_ != "according":
            continue
        to = next((c for c in token.children if c.lower_ == "to"), None)
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
        if to is None or pobj is None:
            continue
        source = noun_phrase(pobj)
        via = [
            describe(noun_phrase(p))
            for acl in pobj.children
            if acl.dep_ == "acl"
            for agent in acl.children
            if agent.dep_ == "agent"
            for p in agent.children
            if p.dep_ == "pobj"
        ]
        phrase_end = token_end(token.right_edge)
        clause = token.head if token.head is not token else None
        if clause is None:
            continue
        if token.i < clause.i:
            start, end = phrase_end, token_end(clause.right_edge)
        else:
            start, end = clause.left_edge.idx, token.idx
        content = trimmed(text, start, end)
        if content is not None:
            yield FoundStatement((token.idx, token_end(to)), content, source, token, via)


# -- 3. quotations the parse left unattached -----------------------------------------------------------------


def unattached_quotes(doc: Doc, quotes: list[tuple[int, int]], found: list[FoundStatement]) -> Iterator[FoundStatement]:
    """"One analyst shares “…”": the nearest reporting word before a quotation no statement holds yet, and the
    name or noun phrase before that word."""
    for start, end in quotes:
        if any(overlaps((start, end), f.content) for f in found):
            continue
        quote_tokens = doc.char_span(start, end, alignment_mode="expand")
        if quote_tokens is None or len(quote_tokens) < 4:
            continue
        sent = quote_tokens[0].sent
        before = [t for t in sent if t.i < quote_tokens.start]
        cue = next((t for t in reversed(before) if _reporting_word(t)), None)
        if cue is None:
            continue
        source = name_before(cue)
        if source is not None:
            yield FoundStatement(cue_offsets(cue), (start, end), source, cue, [])


def _reporting_word(token: Token) -> bool:
    # By word form as well as lemma: the parse that left the quote unattached often tags "shares" a noun.
    lower = token.lower_
    return token.lemma_.lower() in _CUE_VERBS or lower in _CUE_VERBS or lower.removesuffix("s") in _CUE_VERBS


# -- 5. the attribution a headline puts last ---------------------------------------------------------------


def headline_attribution(doc: Doc, text: str) -> Iterator[FoundStatement]:
    """"CONTENT, SOURCE says|tells …", "CONTENT – SOURCE" or "SOURCE: CONTENT": a source named after the last comma,
    before a reporting verb, after a spaced dash, or before a colon; a source only if it names someone (an entity,
    or an official, a spokesman…: "Kremlin: …", not "Pure Evil: …")."""
    comma = text.rfind(", ")
    if comma > 0:
        words = list(re.finditer(r"\S+", text[comma + 2 :]))
        verb = next((i for i, w in enumerate(words) if i and _cue_word(w.group())), None)
        if verb is not None and verb <= _MAX_HEADLINE_SOURCE_WORDS:
            start = comma + 2
            source = (start + words[0].start(), start + words[verb - 1].end())
            cue = (start + words[verb].start(), start + words[verb].end())
            yield from _headline_statement(doc, text, (0, comma), source, cue)
            return
    dashed = _HEADLINE_DASH.match(text)
    if dashed is not None and len(dashed.group("source").split()) <= _MAX_HEADLINE_SOURCE_WORDS:
        yield from _headline_statement(doc, text, dashed.span("content"), dashed.span("source"), dashed.span("dash"))
        return
    colon = _HEADLINE_COLON.match(text)
    if colon is not None and len(colon.group("source").split()) <= _MAX_HEADLINE_SOURCE_WORDS:
        yield from _headline_statement(doc, text, colon.span("content"), colon.span("source"), colon.span("colon"))


def _headline_statement(
    doc: Doc, text: str, content_at: tuple[int, int], source_at: tuple[int, int], cue: tuple[int, int]
) -> Iterator[FoundStatement]:
    source = doc.char_span(*source_at, alignment_mode="expand")
    content = trimmed(text, *content_at)
    if source is None or content is None or not has_words(text[content[0] : content[1]]) or not _names_someone(source):
        return
    cue_span = doc.char_span(*cue, alignment_mode="expand")
    yield FoundStatement(cue, content, source, cue_span.root if cue_span is not None else None, [])


def _names_someone(span: Span) -> bool:
    return bool(span.ents) or span[-1].lower_.removesuffix("s") in _SOURCE_HEADS or span[-1].lower_ in _SOURCE_HEADS


def _cue_word(word: str) -> bool:
    """A reporting verb as a headline writes it: third person, any case ("Says", "TELLS", "denies")."""
    lower = word.lower()
    stems = {lower.removesuffix("s"), lower.removesuffix("es"), lower.removesuffix("ies") + "y"}
    return bool(stems & _CUE_VERBS)


# -- 4. what the article says in its own voice ---------------------------------------------------------------


def author_claims(
    sentences: list[Span], text: str, found: list[FoundStatement], quotes: list[tuple[int, int]]
) -> Iterator[FoundStatement]:
    """Declarative sentences that attribute nothing and quote no one are the author's own claims. The first sentence
    (a headline, or the lede of a body) is the claim the article makes whatever its syntax: headlines drop verbs and
    subjects ("Pure Evil: Islamic State Beheads American Journalist"), and a title-case verb is often parsed as a
    name, so of it only a few words are asked; a question there ("Was the Batmobile stolen?") is the article's
    question."""
    taken = [f.cue for f in found] + [f.content for f in found] + [offsets(f.source) for f in found if f.source is not None]
    for number, sent in enumerate(sentences):
        root = sent.root
        extent = trimmed(text, sent.start_char, sent.end_char)
        lead = number == 0
        if (
            extent is None
            or len(sent) < (_MIN_LEAD_TOKENS if lead else _MIN_CLAIM_TOKENS)
            or not lead and root.pos_ not in {"VERB", "AUX"}
            or not lead and not any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in root.children)
            or not lead and sent.text.rstrip(TRIM_CHARACTERS.replace("?", "")).endswith("?")
            or any(overlaps(extent, span) for span in taken)
            or any(overlaps(extent, quote) for quote in quotes)
        ):
            continue
        yield FoundStatement((extent[0], extent[0]), extent, None, None, [], by_author=True)
