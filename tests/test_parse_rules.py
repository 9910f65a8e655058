"""The parse rules on hand-built Docs: words, tags, lemmas, dependencies and entities are written out here, so each
test checks what dossier's components make of a given parse, not what the statistical model makes of a sentence.
A model upgrade that parses differently changes tests/test_statements.py and its kin, never these.

Each Doc is built as the model parses the sentence today (checked when the test was written) and the dossier
components run on it directly, in pipeline order: times, actors, statements, quantities. The cue scorer is
dossier's own (``models/cues.json.gz``): it reads the lemmas, tags, dependencies and entity types given here.
"""

from __future__ import annotations

from datetime import date

import pytest
from spacy.tokens import Doc

from dossier.model import Quantity, Source, Statement, TextSpan, TimeRef
from dossier.pipeline import Analyzer

PUBLISHED = date(2024, 10, 17)  # a Thursday, in ISO week 42
COMPONENTS = ("dossier_times", "dossier_actors", "dossier_statements", "dossier_quantities")

# word, tag, pos, lemma, dep, head (index of the head token; a root heads itself), entity (IOB-label or "O")
Row = tuple[str, str, str, str, str, int, str]


def hand_built(analyzer: Analyzer, text: str, rows: list[Row], author: str | None = None) -> Doc:
    """The Doc the rows describe, its words laid over ``text`` (single spaces between them, or none), with dossier's
    components run on it as ``Analyzer`` runs them: the publication date and the author set first."""
    words = [row[0] for row in rows]
    spaces: list[bool] = []
    position = 0
    for word in words:
        assert text.startswith(word, position), (word, text[position:])
        position += len(word)
        spaces.append(text.startswith(" ", position))
        position += spaces[-1]
    assert position == len(text)
    doc = Doc(
        analyzer.nlp.vocab,
        words=words,
        spaces=spaces,
        tags=[row[1] for row in rows],
        pos=[row[2] for row in rows],
        lemmas=[row[3] for row in rows],
        deps=[row[4] for row in rows],
        heads=[row[5] for row in rows],
        ents=[row[6] for row in rows],
    )
    assert doc.text == text
    doc._.published = PUBLISHED
    doc._.author = author
    for name in COMPONENTS:
        doc = analyzer.nlp.get_pipe(name)(doc)
    return doc


def at(text: str, fragment: str, after: int = 0) -> TextSpan:
    """The fragment's first occurrence in ``text`` at or after ``after``, as a ``TextSpan``."""
    start = text.index(fragment, after)
    return TextSpan(fragment, start, start + len(fragment))


def statements(doc: Doc) -> list[Statement]:
    """The attributed statements, without the article's own claims."""
    found: list[Statement] = doc._.statements
    return [s for s in found if s.source is None or s.source.kind != "author"]


def only_statement(doc: Doc) -> Statement:
    found = statements(doc)
    assert len(found) == 1, found
    return found[0]


def source_at(source: Source | None) -> tuple[str, int, int, str]:
    assert source is not None
    return source.text, source.start, source.end, source.kind


def quantities(doc: Doc) -> list[Quantity]:
    found: list[Quantity] = doc._.quantities
    return found


def times(doc: Doc) -> list[tuple[TextSpan, str, str | None]]:
    found: list[TimeRef] = doc._.times
    return [(TextSpan(t.text, t.start, t.end), t.type, t.value) for t in found]


# -- "X said (that) Y", with a counted quantity in what was said ----------------------------------------------

SAID_THAT = "Officials said that North Korea had sent 3,000 troops to Russia."
SAID_THAT_ROWS: list[Row] = [
    ("Officials", "NNS", "NOUN", "official", "nsubj", 1, "O"),
    ("said", "VBD", "VERB", "say", "ROOT", 1, "O"),
    ("that", "IN", "SCONJ", "that", "mark", 6, "O"),
    ("North", "NNP", "PROPN", "North", "compound", 4, "B-GPE"),
    ("Korea", "NNP", "PROPN", "Korea", "nsubj", 6, "I-GPE"),
    ("had", "VBD", "AUX", "have", "aux", 6, "O"),
    ("sent", "VBN", "VERB", "send", "ccomp", 1, "O"),
    ("3,000", "CD", "NUM", "3,000", "nummod", 8, "B-CARDINAL"),
    ("troops", "NNS", "NOUN", "troop", "dobj", 6, "O"),
    ("to", "IN", "ADP", "to", "prep", 6, "O"),
    ("Russia", "NNP", "PROPN", "Russia", "pobj", 9, "B-GPE"),
    (".", ".", "PUNCT", ".", "punct", 1, "O"),
]


def test_said_that_gives_source_cue_and_clausal_content(analyzer: Analyzer) -> None:
    doc = hand_built(analyzer, SAID_THAT, SAID_THAT_ROWS)
    s = only_statement(doc)
    assert source_at(s.source) == ("Officials", 0, 9, "anonymous")
    assert s.cue == at(SAID_THAT, "said")
    assert s.content == at(SAID_THAT, "that North Korea had sent 3,000 troops to Russia")
    assert (s.stance, s.via, s.hedges, s.direct_quote, s.responds_to) == ("assert", (), (), False, None)


def test_a_number_counts_the_noun_it_modifies(analyzer: Analyzer) -> None:
    doc = hand_built(analyzer, SAID_THAT, SAID_THAT_ROWS)
    [q] = quantities(doc)
    assert TextSpan(q.text, q.start, q.end) == at(SAID_THAT, "3,000")
    assert (q.value, q.unit, q.qualifier, q.object, q.change) == (3000, None, None, "troops", "=")
    assert q.statement == only_statement(doc).id  # the figure is part of what the officials said


# -- "X said Y" without "that", and a denial answering it ----------------------------------------------------

SAID_AND_DENIED = "Officials said North Korea had sent troops. Peskov denied the report."
SAID_AND_DENIED_ROWS: list[Row] = [
    ("Officials", "NNS", "NOUN", "official", "nsubj", 1, "O"),
    ("said", "VBD", "VERB", "say", "ROOT", 1, "O"),
    ("North", "NNP", "PROPN", "North", "compound", 3, "B-GPE"),
    ("Korea", "NNP", "PROPN", "Korea", "nsubj", 5, "I-GPE"),
    ("had", "VBD", "AUX", "have", "aux", 5, "O"),
    ("sent", "VBN", "VERB", "send", "ccomp", 1, "O"),
    ("troops", "NNS", "NOUN", "troop", "dobj", 5, "O"),
    (".", ".", "PUNCT", ".", "punct", 1, "O"),
    ("Peskov", "NNP", "PROPN", "Peskov", "nsubj", 9, "B-PERSON"),
    ("denied", "VBD", "VERB", "deny", "ROOT", 9, "O"),
    ("the", "DT", "DET", "the", "det", 11, "O"),
    ("report", "NN", "NOUN", "report", "dobj", 9, "O"),
    (".", ".", "PUNCT", ".", "punct", 9, "O"),
]


def test_said_without_that_and_a_denial_of_an_object_that_answers_it(analyzer: Analyzer) -> None:
    doc = hand_built(analyzer, SAID_AND_DENIED, SAID_AND_DENIED_ROWS)
    said, denied = statements(doc)
    assert source_at(said.source) == ("Officials", 0, 9, "anonymous")
    assert (said.cue, said.content, said.stance) == (
        at(SAID_AND_DENIED, "said"), at(SAID_AND_DENIED, "North Korea had sent troops"), "assert"
    )
    assert source_at(denied.source) == ("Peskov", 44, 50, "person")
    assert (denied.cue, denied.content, denied.stance) == (
        at(SAID_AND_DENIED, "denied"), at(SAID_AND_DENIED, "the report"), "deny"
    )
    assert denied.responds_to == said.id


# -- "X denied that Y": stance, and the source's role and country from its title -----------------------------

DENIED_THAT = "Kremlin spokesman Dmitry Peskov denied that Moscow had received any troops."
DENIED_THAT_ROWS: list[Row] = [
    ("Kremlin", "NNP", "PROPN", "Kremlin", "compound", 1, "B-ORG"),
    ("spokesman", "NN", "NOUN", "spokesman", "compound", 3, "O"),
    ("Dmitry", "NNP", "PROPN", "Dmitry", "compound", 3, "B-PERSON"),
    ("Peskov", "NNP", "PROPN", "Peskov", "nsubj", 4, "I-PERSON"),
    ("denied", "VBD", "VERB", "deny", "ROOT", 4, "O"),
    ("that", "IN", "SCONJ", "that", "mark", 8, "O"),
    ("Moscow", "NNP", "PROPN", "Moscow", "nsubj", 8, "B-GPE"),
    ("had", "VBD", "AUX", "have", "aux", 8, "O"),
    ("received", "VBN", "VERB", "receive", "ccomp", 4, "O"),
    ("any", "DT", "DET", "any", "det", 10, "O"),
    ("troops", "NNS", "NOUN", "troop", "dobj", 8, "O"),
    (".", ".", "PUNCT", ".", "punct", 4, "O"),
]


def test_denied_that_is_a_denial_by_the_titled_person(analyzer: Analyzer) -> None:
    s = only_statement(hand_built(analyzer, DENIED_THAT, DENIED_THAT_ROWS))
    assert source_at(s.source) == ("Kremlin spokesman Dmitry Peskov", 0, 31, "person")
    assert s.source is not None and s.source.role == "Kremlin spokesman"
    assert s.source.actor is not None and (s.source.actor.id, s.source.actor.code) == ("person:dmitry-peskov", "RUS")
    assert (s.cue, s.content, s.stance) == (at(DENIED_THAT, "denied"), at(DENIED_THAT, "that Moscow had received any troops"), "deny")


# -- "declined to confirm": a refusal, its content the infinitive -------------------------------------------

DECLINED = "The ministry declined to confirm the report."
DECLINED_ROWS: list[Row] = [
    ("The", "DT", "DET", "the", "det", 1, "O"),
    ("ministry", "NN", "NOUN", "ministry", "nsubj", 2, "O"),
    ("declined", "VBD", "VERB", "decline", "ROOT", 2, "O"),
    ("to", "TO", "PART", "to", "aux", 4, "O"),
    ("confirm", "VB", "VERB", "confirm", "xcomp", 2, "O"),
    ("the", "DT", "DET", "the", "det", 6, "O"),
    ("report", "NN", "NOUN", "report", "dobj", 4, "O"),
    (".", ".", "PUNCT", ".", "punct", 2, "O"),
]


def test_declined_to_confirm_is_a_refusal(analyzer: Analyzer) -> None:
    s = only_statement(hand_built(analyzer, DECLINED, DECLINED_ROWS))
    assert source_at(s.source) == ("The ministry", 0, 12, "government")
    assert (s.cue, s.content, s.stance) == (at(DECLINED, "declined"), at(DECLINED, "to confirm the report"), "refuse")


# -- "…, officials said": the content before the cue, with a hedge in it --------------------------------------

REPORTEDLY = "North Korea has reportedly sent troops, officials said."
REPORTEDLY_ROWS: list[Row] = [
    ("North", "NNP", "PROPN", "North", "compound", 1, "B-GPE"),
    ("Korea", "NNP", "PROPN", "Korea", "nsubj", 4, "I-GPE"),
    ("has", "VBZ", "AUX", "have", "aux", 4, "O"),
    ("reportedly", "RB", "ADV", "reportedly", "advmod", 4, "O"),
    ("sent", "VBN", "VERB", "send", "ccomp", 8, "O"),
    ("troops", "NNS", "NOUN", "troop", "dobj", 4, "O"),
    (",", ",", "PUNCT", ",", "punct", 8, "O"),
    ("officials", "NNS", "NOUN", "official", "nsubj", 8, "O"),
    ("said", "VBD", "VERB", "say", "ROOT", 8, "O"),
    (".", ".", "PUNCT", ".", "punct", 8, "O"),
]


def test_a_hedge_in_the_content_before_the_cue(analyzer: Analyzer) -> None:
    s = only_statement(hand_built(analyzer, REPORTEDLY, REPORTEDLY_ROWS))
    assert source_at(s.source) == ("officials", 40, 49, "anonymous")
    assert (s.cue, s.content) == (at(REPORTEDLY, "said"), at(REPORTEDLY, "North Korea has reportedly sent troops"))
    assert s.hedges == (at(REPORTEDLY, "reportedly"),)
    assert s.stance == "assert"


# -- "according to X", with a qualified figure and a relative date --------------------------------------------

ACCORDING = "According to the ministry, at least 100 soldiers were killed last week."
ACCORDING_ROWS: list[Row] = [
    ("According", "VBG", "VERB", "accord", "prep", 10, "O"),
    ("to", "IN", "ADP", "to", "prep", 0, "O"),
    ("the", "DT", "DET", "the", "det", 3, "O"),
    ("ministry", "NN", "NOUN", "ministry", "pobj", 1, "O"),
    (",", ",", "PUNCT", ",", "punct", 10, "O"),
    ("at", "IN", "ADP", "at", "advmod", 6, "B-CARDINAL"),
    ("least", "RBS", "ADV", "least", "advmod", 7, "I-CARDINAL"),
    ("100", "CD", "NUM", "100", "nummod", 8, "I-CARDINAL"),
    ("soldiers", "NNS", "NOUN", "soldier", "nsubjpass", 10, "O"),
    ("were", "VBD", "AUX", "be", "auxpass", 10, "O"),
    ("killed", "VBN", "VERB", "kill", "ROOT", 10, "O"),
    ("last", "JJ", "ADJ", "last", "amod", 12, "B-DATE"),
    ("week", "NN", "NOUN", "week", "npadvmod", 10, "I-DATE"),
    (".", ".", "PUNCT", ".", "punct", 10, "O"),
]


def test_according_to_names_the_source_of_the_clause_it_modifies(analyzer: Analyzer) -> None:
    s = only_statement(hand_built(analyzer, ACCORDING, ACCORDING_ROWS))
    assert source_at(s.source) == ("the ministry", 13, 25, "government")
    assert s.cue == at(ACCORDING, "According to")
    assert s.content == at(ACCORDING, "at least 100 soldiers were killed last week")
    assert (s.stance, s.via) == ("assert", ())


def test_a_qualifier_before_a_number(analyzer: Analyzer) -> None:
    [q] = quantities(hand_built(analyzer, ACCORDING, ACCORDING_ROWS))
    assert TextSpan(q.text, q.start, q.end) == at(ACCORDING, "at least 100")
    assert (q.value, q.qualifier, q.approximate, q.object) == (100, "at least", False, "soldiers")


def test_last_week_is_the_iso_week_before_publication(analyzer: Analyzer) -> None:
    doc = hand_built(analyzer, ACCORDING, ACCORDING_ROWS)
    assert times(doc) == [(at(ACCORDING, "last week"), "DATE", "2024-W41")]


# -- via chains: "according to X quoted by M" and "M, citing X, said" ----------------------------------------

QUOTED_BY = "According to a source quoted by The Times, the troops arrived Monday."
QUOTED_BY_ROWS: list[Row] = [
    ("According", "VBG", "VERB", "accord", "prep", 11, "O"),
    ("to", "IN", "ADP", "to", "prep", 0, "O"),
    ("a", "DT", "DET", "a", "det", 3, "O"),
    ("source", "NN", "NOUN", "source", "pobj", 1, "O"),
    ("quoted", "VBN", "VERB", "quote", "acl", 3, "O"),
    ("by", "IN", "ADP", "by", "agent", 4, "O"),
    ("The", "DT", "DET", "the", "det", 7, "O"),
    ("Times", "NNP", "PROPN", "Times", "pobj", 5, "B-ORG"),
    (",", ",", "PUNCT", ",", "punct", 11, "O"),
    ("the", "DT", "DET", "the", "det", 10, "O"),
    ("troops", "NNS", "NOUN", "troop", "nsubj", 11, "O"),
    ("arrived", "VBD", "VERB", "arrive", "ROOT", 11, "O"),
    ("Monday", "NNP", "PROPN", "Monday", "npadvmod", 11, "B-DATE"),
    (".", ".", "PUNCT", ".", "punct", 11, "O"),
]


def test_according_to_a_source_quoted_by_the_media_goes_via_them(analyzer: Analyzer) -> None:
    s = only_statement(hand_built(analyzer, QUOTED_BY, QUOTED_BY_ROWS))
    assert source_at(s.source) == ("a source", 13, 21, "anonymous")
    assert (s.cue, s.content) == (at(QUOTED_BY, "According to"), at(QUOTED_BY, "the troops arrived Monday"))
    assert [source_at(v) for v in s.via] == [("The Times", 32, 41, "media")]


CITING = "Yonhap, citing a government source, said that the troops arrived Monday."
CITING_ROWS: list[Row] = [
    ("Yonhap", "NNP", "PROPN", "Yonhap", "nsubj", 7, "B-ORG"),
    (",", ",", "PUNCT", ",", "punct", 7, "O"),
    ("citing", "VBG", "VERB", "cite", "advcl", 7, "O"),
    ("a", "DT", "DET", "a", "det", 5, "O"),
    ("government", "NN", "NOUN", "government", "compound", 5, "O"),
    ("source", "NN", "NOUN", "source", "dobj", 2, "O"),
    (",", ",", "PUNCT", ",", "punct", 7, "O"),
    ("said", "VBD", "VERB", "say", "ROOT", 7, "O"),
    ("that", "IN", "SCONJ", "that", "mark", 11, "O"),
    ("the", "DT", "DET", "the", "det", 10, "O"),
    ("troops", "NNS", "NOUN", "troop", "nsubj", 11, "O"),
    ("arrived", "VBD", "VERB", "arrive", "ccomp", 7, "O"),
    ("Monday", "NNP", "PROPN", "Monday", "npadvmod", 11, "B-DATE"),
    (".", ".", "PUNCT", ".", "punct", 7, "O"),
]


def test_citing_makes_the_cited_source_the_speaker_and_the_subject_the_channel(analyzer: Analyzer) -> None:
    # Only the "said" statement is pinned: the scorer also takes "citing" for a cue of its own today.
    said = next(s for s in statements(hand_built(analyzer, CITING, CITING_ROWS)) if s.cue.text == "said")
    assert source_at(said.source) == ("a government source", 15, 34, "anonymous")
    assert said.content == at(CITING, "that the troops arrived Monday")
    assert [source_at(v) for v in said.via] == [("Yonhap", 0, 6, "media")]


# -- a quotation before its cue, a pronoun source and "told <media>" -----------------------------------------

TOLD = 'Peskov spoke to reporters. "No troops were sent," he told Reuters.'
TOLD_ROWS: list[Row] = [
    ("Peskov", "NNP", "PROPN", "Peskov", "nsubj", 1, "B-PERSON"),
    ("spoke", "VBD", "VERB", "speak", "ROOT", 1, "O"),
    ("to", "IN", "ADP", "to", "prep", 1, "O"),
    ("reporters", "NNS", "NOUN", "reporter", "pobj", 2, "O"),
    (".", ".", "PUNCT", ".", "punct", 1, "O"),
    ('"', "``", "PUNCT", '"', "punct", 13, "O"),
    ("No", "DT", "DET", "no", "det", 7, "O"),
    ("troops", "NNS", "NOUN", "troop", "nsubjpass", 9, "O"),
    ("were", "VBD", "AUX", "be", "auxpass", 9, "O"),
    ("sent", "VBN", "VERB", "send", "ccomp", 13, "O"),
    (",", ",", "PUNCT", ",", "punct", 13, "O"),
    ('"', "''", "PUNCT", '"', "punct", 13, "O"),
    ("he", "PRP", "PRON", "he", "nsubj", 13, "O"),
    ("told", "VBD", "VERB", "tell", "ROOT", 13, "O"),
    ("Reuters", "NNP", "PROPN", "Reuters", "dobj", 13, "B-ORG"),
    (".", ".", "PUNCT", ".", "punct", 13, "O"),
]


def test_a_quote_before_the_cue_by_a_pronoun_through_the_media(analyzer: Analyzer) -> None:
    doc = hand_built(analyzer, TOLD, TOLD_ROWS, author="Jane Doe")
    s = only_statement(doc)
    assert source_at(s.source) == ("Peskov", 0, 6, "person")  # "he" is the person named before
    assert s.source is not None and s.source.mention == at(TOLD, "he")
    assert (s.cue, s.content, s.direct_quote) == (at(TOLD, "told"), at(TOLD, "No troops were sent"), True)
    assert [source_at(v) for v in s.via] == [("Reuters", 58, 65, "media")]
    # The first sentence attributes nothing: the author's own claim.
    own = [st for st in doc._.statements if st.source is not None and st.source.kind == "author"]
    assert [(st.source.text, st.content) for st in own] == [("Jane Doe", at(TOLD, "Peskov spoke to reporters"))]


# -- a range, and a bare weekday placed by the tense of its verb ----------------------------------------------

RANGE = "Between 1,500 and 3,000 troops will arrive Monday."
RANGE_ROWS: list[Row] = [
    ("Between", "IN", "ADP", "between", "quantmod", 1, "B-CARDINAL"),
    ("1,500", "CD", "NUM", "1,500", "nummod", 4, "I-CARDINAL"),
    ("and", "CC", "CCONJ", "and", "cc", 1, "I-CARDINAL"),
    ("3,000", "CD", "NUM", "3,000", "conj", 1, "I-CARDINAL"),
    ("troops", "NNS", "NOUN", "troop", "nsubj", 6, "O"),
    ("will", "MD", "AUX", "will", "aux", 6, "O"),
    ("arrive", "VB", "VERB", "arrive", "ROOT", 6, "O"),
    ("Monday", "NNP", "PROPN", "Monday", "npadvmod", 6, "B-DATE"),
    (".", ".", "PUNCT", ".", "punct", 6, "O"),
]


def test_between_a_and_b_is_one_range(analyzer: Analyzer) -> None:
    [q] = quantities(hand_built(analyzer, RANGE, RANGE_ROWS))
    assert TextSpan(q.text, q.start, q.end) == at(RANGE, "1,500 and 3,000")  # "Between" is left out
    assert (q.value, q.low, q.high, q.object) == (None, 1500, 3000, "troops")


def test_a_sentence_that_attributes_nothing_is_the_authors_claim(analyzer: Analyzer) -> None:
    [s] = hand_built(analyzer, RANGE, RANGE_ROWS, author="Jane Doe")._.statements
    assert source_at(s.source) == ("Jane Doe", 0, 0, "author")
    assert (s.cue, s.content, s.stance) == (TextSpan("", 0, 0), at(RANGE, "Between 1,500 and 3,000 troops will arrive Monday"), "predict")


ARRIVED = "The troops arrived Monday."
ARRIVED_ROWS: list[Row] = [
    ("The", "DT", "DET", "the", "det", 1, "O"),
    ("troops", "NNS", "NOUN", "troop", "nsubj", 2, "O"),
    ("arrived", "VBD", "VERB", "arrive", "ROOT", 2, "O"),
    ("Monday", "NNP", "PROPN", "Monday", "npadvmod", 2, "B-DATE"),
    (".", ".", "PUNCT", ".", "punct", 2, "O"),
]


@pytest.mark.parametrize(
    ("text", "rows", "value"),
    [
        (ARRIVED, ARRIVED_ROWS, "2024-10-14"),  # a past verb: the Monday before publication (a Thursday)
        (RANGE, RANGE_ROWS, "2024-10-21"),  # "will arrive": the Monday after
        (QUOTED_BY, QUOTED_BY_ROWS, "2024-10-14"),
    ],
)
def test_a_bare_weekday_takes_the_tense_of_its_verb(analyzer: Analyzer, text: str, rows: list[Row], value: str) -> None:
    assert times(hand_built(analyzer, text, rows)) == [(at(text, "Monday"), "DATE", value)]


# -- money with a rate ----------------------------------------------------------------------------------------

RATE = "Seoul pays $5 billion a year."
RATE_ROWS: list[Row] = [
    ("Seoul", "NNP", "PROPN", "Seoul", "nsubj", 1, "B-GPE"),
    ("pays", "VBZ", "VERB", "pay", "ROOT", 1, "O"),
    ("$", "$", "SYM", "$", "quantmod", 4, "B-MONEY"),
    ("5", "CD", "NUM", "5", "compound", 4, "I-MONEY"),
    ("billion", "CD", "NUM", "billion", "dobj", 1, "I-MONEY"),
    ("a", "DT", "DET", "a", "det", 6, "O"),
    ("year", "NN", "NOUN", "year", "npadvmod", 4, "O"),
    (".", ".", "PUNCT", ".", "punct", 1, "O"),
]


def test_money_with_a_scale_and_a_rate(analyzer: Analyzer) -> None:
    doc = hand_built(analyzer, RATE, RATE_ROWS)
    [q] = quantities(doc)
    assert TextSpan(q.text, q.start, q.end) == at(RATE, "5 billion")  # the sign is left out
    assert (q.value, q.unit, q.per) == (5e9, "dollar", "year")
    assert times(doc) == [(at(RATE, "a year"), "SET", "P1Y")]


# -- paragraphs: a sentence never crosses a paragraph break ---------------------------------------------------


def test_a_paragraph_break_starts_a_sentence(analyzer: Analyzer) -> None:
    words = ["Troops", "moved", "\n\n", "Officials", "said", "so", "."]
    doc = Doc(analyzer.nlp.vocab, words=words, spaces=[True, False, False, True, True, False, False])
    doc = analyzer.nlp.get_pipe("dossier_paragraphs")(doc)
    assert [t.text for t in doc if t.is_sent_start] == ["Troops", "Officials"]
