"""``dossier_statements``: who says what, how sure, and through whom.

Rules over the dependency parse, in three constructions:

1. **Reporting verbs** (a cue lexicon: say, deny, reveal, learn, warn, estimate…): the content is the
   verb's clausal complement (``ccomp``/``parataxis``), its object for cues that take one ("denied
   North Korean collaboration"), its infinitive for refusals ("declined to comment"), or an adjacent
   quotation; the source is its subject — inherited up the clause chain for participles and
   subordinate clauses ("…pact with Kim Jong Un, stating that…" → Putin).
2. **"according to X"**: the source is the object of *to*; the content is the clause it modifies; a
   participle on the source ("stated by The Times") adds a ``via`` link.
3. **Quotations the parser did not attach** ("One analyst shares “…”"): the nearest cue word beside the
   quote and the name or noun phrase before it.

Stance, hedges, direct quotation and ``responds_to`` are decided from the spans found. The lexicons
are general English reporting vocabulary, measured on PolNeAR (``dossier eval attribution``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from dossier.errors import ModelUnavailableError
from dossier.model import Actor, Source, SourceKind, Stance, Statement, TextSpan
from dossier.pipeline import extensions as _extensions  # noqa: F401  (registers doc._.statements, doc._.author)
from dossier.pipeline.actors import TITLE_NOUNS, people_by_surname
from dossier.pipeline.cues import CueModel, default_cue_model, read_cue_model
from dossier.pipeline.gazetteer import country_terms

CUE_VERBS = frozenset(
    """
    say tell report reveal learn share deny state confirm warn claim accuse insist estimate believe
    add note announce argue write explain suggest acknowledge admit assert contend declare allege
    predict describe stress urge ask question dismiss reject refute dispute promise vow threaten
    indicate conclude think recall comment respond reply tweet post testify maintain emphasize
    emphasise tout concede boast complain charge caution agree disclose signal hint point brief
    decline refuse assure inform told feel fear hope expect doubt know understand find show
    call describe see want support endorse criticize criticise slam praise seek propose mention
    defend blame remark seem appear urge
    """.split()
)
# Cues whose object is the person addressed, not what is said ("told reporters", "urged them to…").
ADDRESSEE_CUES = frozenset("tell ask inform urge assure brief warn remind".split())
# Prepositions that place a cue rather than say what it is about ("said in Kyiv", "spoke on Tuesday").
PLACE_AND_TIME = frozenset("in during after before since until near inside outside across throughout".split())
DENY_CUES = frozenset("deny dismiss reject refute rebut dispute contradict".split())
REFUSE_CUES = frozenset("decline refuse".split())
QUESTION_CUES = frozenset("ask question wonder inquire".split())
PREDICT_CUES = frozenset("predict warn forecast expect anticipate project vow promise threaten".split())
MODALS = frozenset("will would could might may shall 'll ’ll".split())
LIKELIHOOD = frozenset("likely unlikely probably possibly expected".split())
HEDGES: tuple[tuple[str, ...], ...] = tuple(
    tuple(h.split())
    for h in (
        "highly likely", "most likely", "more likely", "likely", "unlikely", "an estimated", "estimated",
        "reportedly", "allegedly", "apparently", "purportedly", "supposedly", "possibly", "probably",
        "perhaps", "may", "might", "could", "believed to", "suspected", "unconfirmed", "appears to",
        "appeared to", "seems to", "seemed to", "said to be", "is thought to", "are thought to",
    )
)
HEDGES_BY_FIRST_WORD: dict[str, list[tuple[str, ...]]] = {}
for _hedge in sorted(HEDGES, key=len, reverse=True):
    HEDGES_BY_FIRST_WORD.setdefault(_hedge[0], []).append(_hedge)
ANONYMOUS_HEADS = frozenset(
    """
    source sources official officials analyst analysts expert experts diplomat diplomats person people
    observer observers insider insiders witness witnesses resident residents critic critics aide aides
    someone one many some others staffer staffers employee employees investigator investigators
    """.split()
)
MEDIA_WORDS = frozenset(
    """
    newspaper newspapers outlet outlets broadcaster channel network magazine paper tabloid
    times post journal news newsweek reuters ap afp bbc cnn fox nbc abc cbs msnbc bloomberg guardian website
    telegraph economist politico axios yonhap tass interfax xinhua kcna ria ukrinform
    """.split()
)
GOVERNMENT_WORDS = frozenset(
    """
    government ministry department administration military army navy forces police embassy council
    parliament congress senate kremlin cabinet command office service intelligence spokesman agency troops soldiers
    court
    """.split()
)
# What an organisation is called when it is not named: "a British charity", "a Chinese company".
ORGANIZATION_HEADS = frozenset(
    """
    company firm group charity organisation organization party bank union association institute institution
    foundation coalition network committee commission club board corporation business campaign alliance
    movement university school hospital church manufacturer maker producer retailer lender insurer airline
    operator developer startup publisher consortium conglomerate exchange fund consultancy
    """.split()
)
DOCUMENT_WORDS = frozenset(
    """
    report reports statement statements document documents study survey poll letter memo filing ruling
    assessment data figures analysis release communique
    """.split()
)
PRONOUNS = frozenset("he she they it him her them".split())
RELATIVE_PRONOUNS = frozenset("who that which whom".split())
_QUOTE_OPEN = {"“": "”", "‘": "’", '"': '"', "«": "»"}
_TRIM = " \t\n,.;:—–-\"“”‘’'«»()"
_MAX_SOURCE_TOKENS = 12
_MAX_QUOTE_GAP_CHARS = 80  # six words at the most: cheap to test before splitting the gap into words
_ANTECEDENT_SENTENCES = 3
_MIN_CLAIM_TOKENS = 5


@Language.factory(
    "dossier_statements",
    # token.pos is read too: this model's attribute_ruler derives it from token.tag and declares nothing.
    requires=["doc.sents", "token.dep", "token.head", "token.lemma", "token.tag", "token.ent_type", "doc._.entities"],
    assigns=["doc._.statements"],
    default_config={"cue_model": None},
)
def make_statement_extractor(nlp: Language, name: str, cue_model: str | None) -> StatementExtractor:
    """``cue_model``: a cue scorer written by ``dossier train cues --out PATH``; the bundled one by default."""
    if cue_model is None:
        return StatementExtractor(default_cue_model())
    try:
        with Path(cue_model).open("rb") as raw:
            return StatementExtractor(read_cue_model(raw))
    except OSError as exc:
        raise ModelUnavailableError(f"cannot read the cue model {cue_model} ({exc})") from exc


@dataclass(slots=True)
class _Found:
    cue: tuple[int, int]  # character offsets
    content: tuple[int, int]
    source: Span | None
    cue_token: Token | None
    via: list[Source]
    by_author: bool = False  # the article's own claim: no cue, and the source is whoever wrote it


class StatementExtractor:
    def __init__(self, cues: CueModel) -> None:
        self._cues = cues

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text  # Doc.text rebuilds the string on every access: read it once
        quotes = quotations(text)
        sentences = list(doc.sents)  # Doc.sents scans every token: once per document
        found: list[_Found] = []
        for sent in sentences:
            found.extend(self._cue_statements(sent, text, quotes))
        if "according" in text.lower():
            found.extend(_according_to(doc, text))
        found.extend(_unattached_quotes(doc, quotes, found))
        found = _deduplicated(found)
        found.extend(_author_claims(sentences, text, found, quotes))
        doc._.statements = _finish(doc, text, found, quotes)
        return doc


    def _cue_statements(self, sent: Span, text: str, quotes: list[tuple[int, int]]) -> Iterator[_Found]:
        for token in sent:
            if token.lower_ != "according" and self._cues.may_be_cue(token):
                if self._cues.is_cue(self._cues.features(token, *quote_context(token, text, quotes))):
                    yield from _statement_at(token, text, quotes)


# -- construction 1: cue words (mostly reporting verbs) ---------------------------------------------


def _statement_at(cue: Token, text: str, quotes: list[tuple[int, int]]) -> Iterator[_Found]:
    if cue.text == ":":
        yield from _colon_statement(cue, text)
        return
    inverted = _inverted_quotation(cue, text, quotes)
    if inverted is not None:  # "“Why now?” wondered one diplomat"
        quoted, speaker = inverted
        yield _Found(_cue_chars(cue), quoted, _noun_phrase(speaker), cue, _via(cue))
        return
    content = _content_of(cue, text, quotes)
    if content is None:
        return
    source, via = _source_of(cue, content)
    if source is None and content[1] <= cue.idx:
        source = _name_before(cue, after=content[1])  # '"…," campaign manager Robby Mook said'
    if source is not None and _overlaps(_chars(source), content):
        return
    yield _Found(_cue_chars(cue), content, source, cue, via)


def _colon_statement(colon: Token, text: str) -> Iterator[_Found]:
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
    content = _trimmed(text, following.idx, speech.end_char)
    named = all(t.pos_ == "PROPN" or t.text[:1].isupper() for t in source if t.is_alpha)  # the tagger calls "TAPPER" a noun
    if content is not None and named and any(t.is_alpha for t in source):
        yield _Found((colon.idx, _end(colon)), content, source, colon, [])


def _content_of(cue: Token, text: str, quotes: list[tuple[int, int]]) -> tuple[int, int] | None:
    """What the cue introduces: its clause, infinitive, object or prepositional object, else a quote."""
    lemma = cue.lemma_.lower()
    children = list(cue.children)
    for deps in ({"ccomp", "parataxis"}, {"xcomp"}):
        clauses = [c for c in children if c.dep_ in deps and (deps != {"xcomp"} or lemma not in ADDRESSEE_CUES)]
        if clauses:
            biggest = max(clauses, key=lambda c: c.right_edge.i - c.left_edge.i)
            # "a letter that he said was drafted by the firm": the clause's subject is the relative pronoun
            start = biggest.left_edge.idx if biggest.left_edge.i > cue.i or biggest.i < cue.i else _end(cue)
            return _trimmed(text, start, _end(biggest.right_edge))
    if cue.pos_ == "NOUN":
        clause = next((c for c in children if c.dep_ in {"acl", "relcl"} and c.i > cue.i), None)
        if clause is not None:
            return _trimmed(text, clause.left_edge.idx, _end(clause.right_edge))
    objects = [c for c in children if c.dep_ in {"dobj", "oprd", "attr", "intj"} and lemma not in ADDRESSEE_CUES]
    if objects:
        start = min(o.left_edge.idx for o in objects)
        end = max(_end(o.right_edge) for o in objects)
        return _trimmed(text, start, end)
    # "…, pointing to his rating": an adverbial cue with a complement of its own interrupts no clause
    parenthetical = cue.dep_ != "advcl" or not any(
        c.dep_ == "prep" and c.i > cue.i and c.lower_ not in PLACE_AND_TIME for c in children
    )
    quoted = _adjacent_quote(cue, text, quotes) or (_surrounding_clause(cue, text) if parenthetical else None)
    if quoted is not None:
        return quoted
    if cue.dep_ == "relcl" and any(c.dep_ == "nsubj" and c.lower_ not in RELATIVE_PRONOUNS for c in children):
        # "everything he said": what was said is the noun phrase the clause describes
        return _trimmed(text, cue.head.left_edge.idx, cue.left_edge.idx)
    # "lashed out at Obama", "sided with Clinton", "has been critical of Trump", "was eager to prove…"
    complements = [c for c in children if c.dep_ in {"acomp", "prt"} and c.i > cue.i]
    for holder in (cue, *complements):
        for clause in (c for c in holder.children if c.i > cue.i and (c.dep_ == "xcomp" or _is_infinitive(c))):
            start = next((t for t in clause.subtree if t.dep_ != "mark"), clause).idx  # "called for Trump to quit"
            return _trimmed(text, start, _end(clause.right_edge))
        # An adjective's preposition says what the judgement is about, even "in" ("confident in the operation").
        placeless = holder.dep_ == "acomp"
        for preposition in (c for c in holder.children
                            if c.dep_ == "prep" and c.i > cue.i and (placeless or c.lower_ not in PLACE_AND_TIME)):
            target = next((p for p in preposition.children if p.dep_ in {"pobj", "pcomp"}), None)
            if target is not None:
                return _trimmed(text, target.left_edge.idx, _end(target.right_edge))
    judgement = next((c for c in complements if c.dep_ == "acomp"), None)
    if judgement is not None:  # "sounded far less welcoming": the judgement itself
        return _trimmed(text, judgement.left_edge.idx, _end(judgement.right_edge))
    # "News of the move was first reported by the Herald": what was reported is the passive subject.
    passive = next((c for c in children if c.dep_ in {"nsubjpass", "csubjpass"}), None)
    if passive is not None:
        return _trimmed(text, passive.left_edge.idx, _end(passive.right_edge))
    return None


def _is_infinitive(clause: Token) -> bool:
    """An adverbial to-infinitive: "went on to criticize…", "called for Trump to drop out"."""
    return clause.dep_ == "advcl" and any(c.dep_ == "aux" and c.tag_ == "TO" for c in clause.children)


def _adjacent_quote(cue: Token, text: str, quotes: list[tuple[int, int]]) -> tuple[int, int] | None:
    """A quotation that opens just after the cue or closes just before it ('"…," Trump said'); the
    sentence splitter often cuts there, so adjacency is judged on the text between, not on sentences."""
    for start, end in quotes:
        if _end(cue) <= start <= _end(cue) + _MAX_QUOTE_GAP_CHARS:
            gap = text[_end(cue) : start]
            if len(gap.split()) <= 2 and "\n" not in gap and "." not in gap:
                return _trimmed(text, start, end)
        elif _closes_before(cue, text, end):
            return _trimmed(text, start, end)
    return None


def _inverted_quotation(cue: Token, text: str, quotes: list[tuple[int, int]]) -> tuple[tuple[int, int], Token] | None:
    """The quotation and the speaker of '“Will they send more?” asked one analyst': a quotation opens the
    sentence and closes right before the verb, and the noun phrase after the verb ends the sentence; the parser
    often takes that speaker for an object."""
    doc = cue.doc
    opening = next((start for start, end in quotes if end <= cue.idx and not _has_words(text[end : cue.idx])), None)
    if opening is None or _has_words(text[cue.sent.start_char : opening]) or cue.dep_ not in {"ROOT", "parataxis"}:
        return None
    if any(c.dep_ in {"nsubj", "csubj"} or (c.dep_ == "ccomp" and c.i > cue.i) for c in cue.children):
        return None
    speaker = next((c for c in cue.rights if c.dep_ in {"dobj", "dative", "nsubj"} and not _is_media(c)), None)
    if speaker is None or speaker.pos_ not in {"NOUN", "PROPN"}:
        return None
    after = speaker.right_edge.i + 1
    if not (after >= len(doc) or doc[after].is_sent_end or doc[after].text in {".", "!", "?"}):
        return None
    quoted = next((_trimmed(text, start, end) for start, end in quotes if _closes_before(cue, text, end)), None)
    return (quoted, speaker) if quoted is not None else None


def _has_words(text: str) -> bool:
    return any(character.isalnum() for character in text)


def _closes_before(cue: Token, text: str, end: int) -> bool:
    """Whether a quotation ending at ``end`` closes just before the cue, in the same sentence."""
    gap = text[end : cue.idx]
    return cue.idx - _MAX_QUOTE_GAP_CHARS <= end <= cue.idx and (
        len(gap.split()) <= 6 and "\n" not in gap and not any(mark in gap for mark in ".!?;")
    )


def _surrounding_clause(cue: Token, text: str) -> tuple[int, int] | None:
    """A parenthetical cue ("The troops, officials said, were…"): the clause it interrupts, minus itself."""
    head = cue.head
    if cue.dep_ not in {"parataxis", "advcl", "ccomp"} or head is cue or head.pos_ not in {"VERB", "AUX"}:
        return None
    inner = (cue.left_edge.idx, _end(cue.right_edge))
    outer = (head.left_edge.idx, _end(head.right_edge))
    before, after = (outer[0], inner[0]), (inner[1], outer[1])
    larger = max(before, after, key=lambda span: span[1] - span[0])
    return _trimmed(text, *larger)


def _source_of(cue: Token, content: tuple[int, int]) -> tuple[Span | None, list[Source]]:
    """The cue's subject, or the subject of the clause it hangs from; plus any 'told <media>' via. A
    subject inside the content is the parser mistaking the quotation's first words for the speaker."""
    via = _via(cue)
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
            return _noun_phrase(owner), via
    token: Token | None = cue
    for _ in range(5):
        if token is None:
            break
        subjects = (_noun_phrase(c) for c in token.children if c.dep_ in {"nsubj", "csubj"})
        subject = next((s for s in subjects if not _overlaps(_chars(s), content)), None)
        agent = next((c for c in token.children if c.dep_ == "agent"), None)
        if subject is not None:
            return subject, via
        if agent is not None and any(c.dep_ == "pobj" for c in agent.children):
            pobj = next(c for c in agent.children if c.dep_ == "pobj")
            return _noun_phrase(pobj), via
        if token.dep_ == "relcl":
            return _noun_phrase(token.head), via
        if token.dep_ not in {"advcl", "xcomp", "conj", "acl", "pcomp", "prep", "pobj", "dobj", "appos"}:
            break
        if token.tag_ == "VBN" and not any(c.dep_ in {"aux", "auxpass"} for c in token.children):
            break  # "Asked about the plan, voters said…": a bare participle is passive; the voters were asked
        token = token.head if token.head is not token else None
    return None, via


# -- construction 2: "according to X" ---------------------------------------------------------------


def _according_to(doc: Doc, text: str) -> Iterator[_Found]:
    for token in doc:
        if token.lower_ != "according":
            continue
        to = next((c for c in token.children if c.lower_ == "to"), None)
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
        if to is None or pobj is None:
            continue
        source = _noun_phrase(pobj)
        via = [
            _describe(_noun_phrase(p))
            for acl in pobj.children
            if acl.dep_ == "acl"
            for agent in acl.children
            if agent.dep_ == "agent"
            for p in agent.children
            if p.dep_ == "pobj"
        ]
        phrase_end = _end(token.right_edge)
        clause = token.head if token.head is not token else None
        if clause is None:
            continue
        if token.i < clause.i:
            start, end = phrase_end, _end(clause.right_edge)
        else:
            start, end = clause.left_edge.idx, token.idx
        content = _trimmed(text, start, end)
        if content is not None:
            yield _Found((token.idx, _end(to)), content, source, token, via)


# -- construction 3: quotations the parse left unattached -------------------------------------------


def _unattached_quotes(doc: Doc, quotes: list[tuple[int, int]], found: list[_Found]) -> Iterator[_Found]:
    for start, end in quotes:
        if any(_overlaps((start, end), f.content) for f in found):
            continue
        quote_tokens = doc.char_span(start, end, alignment_mode="expand")
        if quote_tokens is None or len(quote_tokens) < 4:
            continue
        sent = quote_tokens[0].sent
        before = [t for t in sent if t.i < quote_tokens.start]
        cue = next((t for t in reversed(before) if _reporting_word(t)), None)
        if cue is None:
            continue
        source = _name_before(cue)
        if source is not None:
            yield _Found(_cue_chars(cue), (start, end), source, cue, [])


# -- construction 4: what the article says in its own voice ----------------------------------------


def _author_claims(
    sentences: list[Span], text: str, found: list[_Found], quotes: list[tuple[int, int]]
) -> Iterator[_Found]:
    """Declarative sentences that attribute nothing and quote no one are the author's own claims."""
    taken = [f.cue for f in found] + [f.content for f in found] + [_chars(f.source) for f in found if f.source is not None]
    for sent in sentences:
        root = sent.root
        extent = _trimmed(text, sent.start_char, sent.end_char)
        if (
            extent is None
            or len(sent) < _MIN_CLAIM_TOKENS
            or root.pos_ not in {"VERB", "AUX"}
            or not any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in root.children)
            or sent.text.rstrip(_TRIM.replace("?", "")).endswith("?")
            or any(_overlaps(extent, span) for span in taken)
            or any(_overlaps(extent, quote) for quote in quotes)
        ):
            continue
        yield _Found((extent[0], extent[0]), extent, None, None, [], by_author=True)


def _reporting_word(token: Token) -> bool:
    # By word form as well as lemma: the parse that left the quote unattached often tags "shares" a noun.
    lower = token.lower_
    return token.lemma_.lower() in CUE_VERBS or lower in CUE_VERBS or lower.removesuffix("s") in CUE_VERBS


def _name_before(cue: Token, after: int = 0) -> Span | None:
    """The person named before a cue, else the noun phrase ending right before it; both starting at
    or after the character offset ``after``."""
    sent = cue.sent
    people = [
        e for e in cue.doc._.entities
        if e.label_ == "PERSON" and sent.start <= e.start and e.end <= cue.i and e.start_char >= after
    ]
    if people:
        return people[-1]
    end = cue.i
    start = end
    while (start > sent.start and cue.doc[start - 1].idx >= after
           and cue.doc[start - 1].pos_ in {"NOUN", "PROPN", "ADJ", "NUM", "DET", "PRON"}):
        start -= 1
    return cue.doc[start:end] if start < end else None


# -- finishing: descriptions, stance, hedges, links -------------------------------------------------


def _finish(doc: Doc, text: str, found: list[_Found], quotes: list[tuple[int, int]]) -> list[Statement]:
    statements: list[Statement] = []
    for number, item in enumerate(sorted(found, key=lambda f: f.cue), start=1):
        content = TextSpan(text[item.content[0] : item.content[1]], *item.content)
        cue = TextSpan(text[item.cue[0] : item.cue[1]], *item.cue)
        source, via = _resolved_source(item, doc)
        if item.by_author:
            source = Source(doc._.author or "", item.cue[0], item.cue[0], "author")
        statements.append(
            Statement(
                id=f"s{number}",
                source=source,
                cue=cue,
                content=content,
                stance=_stance(item, doc, content.text),
                via=tuple(via),
                hedges=tuple(_hedges(doc, text, item)),
                direct_quote=any(qs - 1 <= content.start and content.end <= qe + 1 for qs, qe in quotes),
            )
        )
    return _link_responses(statements)


def _resolved_source(item: _Found, doc: Doc) -> tuple[Source | None, list[Source]]:
    if item.source is None:
        return None, item.via
    span = item.source
    via = list(item.via)
    # "Y, citing Z, said": Z is the original source and Y the channel it came through.
    cue = item.cue_token
    if cue is not None:
        for child in cue.children:
            if child.dep_ == "advcl" and child.lemma_ == "cite":
                cited = next((c for c in child.children if c.dep_ == "dobj"), None)
                if cited is not None:
                    via.insert(0, _describe(span))
                    span = _noun_phrase(cited)
    antecedent = _referent(span[0]) if len(span) == 1 else None
    if antecedent is not None:
        described = _describe(antecedent)
        mention = TextSpan(span.text, span.start_char, span.end_char)
        return dataclasses.replace(described, mention=mention), via
    return _describe(span), via


def _referent(token: Token) -> Span | None:
    """What a pronoun source refers to: "he" → the last person named; "who" → the noun it modifies."""
    if token.lower_ in RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
        return _noun_phrase(token.head.head)
    if token.lower_ in PRONOUNS:
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
    return candidates[-1] if candidates else None


def _describe(span: Span) -> Source:
    entities = [e for e in span.doc._.entities if span.start <= e.start and e.end <= span.end]
    head = span.root
    # the person the phrase is: "Trump campaign manager Paul Manafort" is Manafort; "Trump's lawyer" is not Trump
    person = next((e for e in entities if e.label_ == "PERSON" and e.start <= head.i < e.end), None)
    person = person or (None if entities else _named_before(span))
    named = person or next((e for e in entities if e.label_ in {"ORG", "GPE", "NORP", "FAC"}), None)
    actor: Actor | None = named._.actor if named is not None else None
    words = {t.lower_ for t in span}
    kind: SourceKind
    if person is not None:
        kind = "person"
    elif _is_media(head) or (named is not None and named.label_ == "ORG" and words & MEDIA_WORDS):
        kind = "media"
    elif head.lemma_.lower() in DOCUMENT_WORDS:
        kind = "document"
    elif head.lower_ in ANONYMOUS_HEADS or head.lemma_.lower() in ANONYMOUS_HEADS or (
        # an unnamed office-holder ("Trump's lawyer"), unless it speaks for a country ("South Korea's defence minister")
        head.lemma_.lower() in TITLE_NOUNS and (actor is None or actor.kind != "country")
    ):
        kind = "anonymous"
    elif words & GOVERNMENT_WORDS or (actor is not None and actor.kind == "country" and _speaks_for_a_country(head, named)):
        kind = "government"
    elif head.lemma_.lower() in ORGANIZATION_HEADS or (named is not None and named.start <= head.i < named.end):
        kind = "organization"  # a named body ("Tencent", "the Democrats") or an unnamed one ("a British charity")
    else:
        kind = "anonymous"  # "a college student in Beijing": a person the place does not name
    role = actor.role if actor is not None and actor.kind == "person" else None
    if role is None and head.lemma_.lower() in TITLE_NOUNS:
        role = span.text.strip(_TRIM)
        if actor is None:
            code = _country_code(span)
            actor = Actor("role:" + role.lower(), role, "group", code) if code else None
    text = span.text.strip(_TRIM)
    start = span.start_char + (len(span.text) - len(span.text.lstrip(_TRIM)))
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
    return country is not None and (country.start <= head.i < country.end or head.lemma_.lower() in TITLE_NOUNS)


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


def _stance(item: _Found, doc: Doc, content: str) -> Stance:
    cue = item.cue_token
    lemma = cue.lemma_.lower() if cue is not None else ""
    negated = cue is not None and any(c.dep_ == "neg" for c in cue.children)
    content_tokens = doc.char_span(*item.content, alignment_mode="expand")
    if lemma in REFUSE_CUES or (negated and lemma not in {"say", "tell"}):
        return "refuse"
    if negated:
        return "unknown"
    if lemma in DENY_CUES:
        return "deny"
    if lemma in QUESTION_CUES or content.rstrip(_TRIM.replace("?", "")).endswith("?"):
        return "question"
    if lemma in PREDICT_CUES:
        return "predict"
    if content_tokens is not None and any(
        (t.lower_ in MODALS and t.dep_ == "aux") or t.lower_ in LIKELIHOOD for t in content_tokens
    ):
        return "predict"
    return "assert"


def _hedges(doc: Doc, text: str, item: _Found) -> Iterator[TextSpan]:
    """Hedge words in the content, or modifying the cue ("reportedly said"); longest match first."""
    tokens = list(doc.char_span(*item.content, alignment_mode="expand") or [])
    if item.cue_token is not None:
        tokens = sorted(set(tokens) | {c for c in item.cue_token.children if c.dep_ == "advmod"}, key=lambda t: t.i)
    words = [t.lower_ for t in tokens]
    i = 0
    while i < len(tokens):
        hedge = next(
            (h for h in HEDGES_BY_FIRST_WORD.get(words[i], ()) if tuple(words[i : i + len(h)]) == h),
            None,
        )
        # Modal verbs hedge only as auxiliaries ("may" the month is not one).
        if hedge is None or (hedge[0] in MODALS and tokens[i].dep_ != "aux"):
            i += 1
            continue
        first, last = tokens[i], tokens[i + len(hedge) - 1]
        yield TextSpan(text[first.idx : _end(last)], first.idx, _end(last))
        i += len(hedge)


def _link_responses(statements: list[Statement]) -> list[Statement]:
    """A denial or refusal answers the nearest earlier statement that is not itself one."""
    linked: list[Statement] = []
    for index, statement in enumerate(statements):
        if statement.stance in {"deny", "refuse"}:
            earlier = [s for s in statements[:index] if s.stance not in {"deny", "refuse"}]
            if earlier:
                statement = dataclasses.replace(statement, responds_to=earlier[-1].id)
        linked.append(statement)
    return linked


# -- spans and helpers --------------------------------------------------------------------------------


def _deduplicated(found: Iterable[_Found]) -> list[_Found]:
    """One statement per cue, and none whose content is another's cue-and-content ("said" inside a quote)."""
    by_cue: dict[tuple[int, int], _Found] = {}
    for item in found:
        by_cue.setdefault(item.cue, item)
    items = list(by_cue.values())
    return [
        item for item in items
        if not any(other is not item and _inside(item.cue, other.content) and _inside(item.content, other.content)
                   and other.source is not None and item.source is None for other in items)
    ]


def _noun_phrase(token: Token) -> Span:
    """A token's subtree, cut at the first comma after the head (drops appositives and relative clauses)."""
    doc = token.doc
    start, end = token.left_edge.i, token.right_edge.i + 1
    for i in range(token.i + 1, end):
        if doc[i].text in {",", "(", "—", "–"} or doc[i].dep_ in {"relcl", "acl"} or _says_when(doc[i]):
            end = i
            break
    if end - start > _MAX_SOURCE_TOKENS:
        start = max(start, token.i - _MAX_SOURCE_TOKENS + 1)
    while end - 1 > start and doc[end - 1].dep_ == "case":  # "Peskov's" → "Peskov"
        end -= 1
    return doc[start:end]


def _says_when(token: Token) -> bool:
    """A preposition whose object is a date: "Malawi's High Court on Jan. 14" is the court."""
    return token.dep_ == "prep" and any(c.dep_ == "pobj" and c.ent_type_ in {"DATE", "TIME"} for c in token.children)


def _via(cue: Token) -> list[Source]:
    return [_describe(_noun_phrase(outlet)) for outlet in _outlets_spoken_to(cue)]


def _outlets_spoken_to(cue: Token) -> Iterator[Token]:
    """The media a cue's words went through: "told Reuters", "in an interview with CNN" (but "calling them
    fake news" is no channel)."""
    if cue.lemma_.lower() in ADDRESSEE_CUES:
        yield from (c for c in cue.children if c.dep_ in {"dative", "dobj"} and _is_media(c))
    for preposition in (c for c in cue.children if c.dep_ == "prep" and c.lower_ == "in"):
        for interview in (p for p in preposition.children if p.dep_ == "pobj" and p.lemma_.lower() == "interview"):
            for with_ in (c for c in interview.children if c.dep_ == "prep" and c.lower_ == "with"):
                yield from (p for p in with_.children if p.dep_ == "pobj" and _is_media(p))


def _is_media(token: Token) -> bool:
    lemma = token.lemma_.lower()
    if lemma == "agency":  # a news agency, not a spy, space or environment agency
        return any(c.lower_ in {"news", "press", "wire"} for c in token.lefts)
    return token.lower_ in MEDIA_WORDS or lemma in {"newspaper", "broadcaster", "magazine"}


def quote_context(token: Token, text: str, quotes: list[tuple[int, int]]) -> tuple[bool, bool]:
    """Whether a token stands inside a quotation, and whether one opens or closes within a few words of it."""
    return _in_quote(token, quotes), _adjacent_quote(token, text, quotes) is not None


def quotations(text: str) -> list[tuple[int, int]]:
    """Character spans inside quotation marks (marks excluded), paired within a paragraph."""
    spans: list[tuple[int, int]] = []
    for paragraph_start, paragraph in _paragraphs(text):
        i = 0
        while i < len(paragraph):
            close = _QUOTE_OPEN.get(paragraph[i])
            if close is None or (paragraph[i] == "‘" and i > 0 and paragraph[i - 1].isalnum()):
                i += 1
                continue
            j = paragraph.find(close, i + 1)
            if close == "’":
                j = _closing_single(paragraph, i + 1)
            if j == -1:
                i += 1
                continue
            if len(paragraph[i + 1 : j].split()) >= 2:
                spans.append((paragraph_start + i + 1, paragraph_start + j))
            i = j + 1
    return spans


def _closing_single(paragraph: str, start: int) -> int:
    # A closing single quote is not an apostrophe: no letter follows it.
    j = paragraph.find("’", start)
    while j != -1 and j + 1 < len(paragraph) and paragraph[j + 1].isalpha():
        j = paragraph.find("’", j + 1)
    return j


def _paragraphs(text: str) -> Iterator[tuple[int, str]]:
    position = 0
    for block in text.split("\n\n"):
        yield position, block
        position += len(block) + 2


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    segment = text[start:end]
    left = len(segment) - len(segment.lstrip(_TRIM))
    right = len(segment.rstrip(_TRIM))
    if right <= left:
        return None
    return start + left, start + right


def _cue_chars(token: Token) -> tuple[int, int]:
    """The cue with its auxiliaries and particles ("has denied", "pointed out")."""
    parts = [token] + [c for c in token.children if c.dep_ in {"aux", "auxpass", "prt", "neg"} and
                       abs(c.i - token.i) <= 3]
    return min(p.idx for p in parts), max(_end(p) for p in parts)


def _in_quote(token: Token, quotes: list[tuple[int, int]]) -> bool:
    return any(start <= token.idx < end for start, end in quotes)


def _chars(span: Span) -> tuple[int, int]:
    return span.start_char, span.end_char


def _end(token: Token) -> int:
    return token.idx + len(token.text)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _inside(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return b[0] <= a[0] and a[1] <= b[1]
