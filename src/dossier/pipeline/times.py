"""``dossier_times``: time expressions with TIMEX3 type and value, resolved against the publication date.

Spans are spaCy's DATE and TIME entities (or their longest understood parts, when the entity took in a
neighbour), plus what the model leaves untagged or calls something else: deictic words ("now", "the
future", "current": TimeML marks these too), adverbs of frequency, rates ("$1 billion a year"), holidays,
zoned clock times ("16:08 UTC") and numeric dates ("7/8/07"); values come from
``timex.normalize``, with the tense of the governing verb to place a bare weekday or month before or
after publication, and the last date named for anaphoric expressions ("that year"). A span whose form
is not understood ("quarterly" as an adjective) is not a time. The publication date is read from
``doc._.published`` (a ``datetime.date``), which the caller sets on the Doc before the pipeline runs.
"""

from __future__ import annotations

import re
from datetime import date

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from dossier.model import TimeRef
from dossier.pipeline import extensions as _extensions  # noqa: F401  (registers doc._.published, doc._.times)
from dossier.pipeline import lexicons
from dossier.pipeline.holiday_dates import holiday_names
from dossier.pipeline.time_values import Tense, TimexType
from dossier.pipeline.timex import compares_with_a_year_before, normalize

# Deictic words, adverbs of frequency and other expressions the NER model leaves untagged.
_UNTAGGED = (
    *lexicons.entries("deictic_expressions"),
    *lexicons.entries("set_adverbs"),
    *lexicons.entries("untagged_time_expressions"),
)
_SET_ADVERBS = lexicons.words("set_adverbs")
_ORDINALS = lexicons.entries("ordinals")
_LEFT_OUT_DETERMINERS = lexicons.words("left_out_determiners")
_WORDS_IN_NAMES = lexicons.words("time_words_in_names")
_GREETING_WORDS = lexicons.words("greeting_words")
_PARTS_OF_DAY = lexicons.words("parts_of_day") - {"overnight"}
_A_YEAR_BEFORE = lexicons.words("a_year_before")
_SAME_PERIOD_WORDS = lexicons.words("same_period_words")
_RATE_UNITS = lexicons.entries("rate_time_units")
_COUNT_ENTITIES = frozenset({"MONEY", "CARDINAL", "QUANTITY", "PERCENT"})
_FUTURE_AUXILIARIES = lexicons.words("future_auxiliaries")
_LOOKING_AHEAD = lexicons.words("looking_ahead_words")
_DEADLINES = lexicons.words("deadline_prepositions")
_AGE_OR_NUMBER = re.compile(r"(?:year|month|week|day)-old|years?\s+old\b|^\s*\d{1,3}\s*$")
_JOINERS = lexicons.words("range_joiners")
_NAMED_DATE = re.compile(r"^\d{4}")
_FULL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_LONGEST_EXPRESSION = 10  # tokens: bounds the search for the parts of a long span ("this coming Sunday, March eighth")
_NOT_FIRST = frozenset({"ADP", "CCONJ", "PUNCT", "PART", "SCONJ"})
_NOT_LAST = frozenset({"ADP", "CCONJ", "PUNCT", "DET", "SCONJ"})
_GENERIC_UNIT = re.compile(r"(?:(?:the|a|an)\s+)?(?:second|minute|hour|day|week|month|year|night|morning|afternoon|evening|time)s?")
# A holiday's name inside one of these is part of another name ("Independence Day" the film).
_NOT_HOLIDAY_TAGS = frozenset({"PERSON", "WORK_OF_ART", "NORP", "GPE", "LOC"})
_PLACES_IN_A_YEAR = lexicons.words("places_in_a_year")
_THE_UNIT = lexicons.words("the_unit")
_POSSESSIVE = lexicons.words("possessive_endings")
# The units a count names ("20 more years"): not "second", far more often the ordinal.
_COUNTED_UNITS = [unit for unit in lexicons.entries("timex_units") if unit != "second"]
_MONTHS = lexicons.entries("months")
_WEEKDAYS = lexicons.words("weekdays")
# "August", "Aug.", "Sept.", as news writes them; not "May", which also opens questions ("May 5 people enter?")
_MONTH_NAMES = [*(m.title() for m in _MONTHS if len(m) > 3 and m != "sept"), *(f"{m.title()}." for m in _MONTHS if len(m) <= 4)]
TokenPattern = list[dict[str, object]]


def _written_times() -> dict[str, list[TokenPattern]]:
    """Token patterns for times the NER model misses or calls something else. Token shapes and word lists, not
    regular expressions: the matcher runs on every token of every article."""
    month_day: TokenPattern = [{"TEXT": {"IN": _MONTH_NAMES}}, {"SHAPE": {"IN": ["d", "dd"]}}]
    unit: dict[str, object] = {"LEMMA": {"IN": _COUNTED_UNITS}}
    # "one day" is an idiom, "third day" an ordinal
    count: dict[str, object] = {"LIKE_NUM": True, "LOWER": {"NOT_IN": ["one"]}, "ENT_TYPE": {"NOT_IN": ["ORDINAL"]}}
    more = ["more", "additional", "further", "extra"]
    return {
        # "16:08 UTC" (the model calls the zone an organisation)
        "TIME": [[{"SHAPE": {"IN": ["dd:dd", "d:dd", "dddd"]}}, {"LOWER": {"IN": ["utc", "gmt"]}}]],
        "DATE": [  # "7/8/07" (a number to the model)
            [{"SHAPE": {"IN": [f"{m}/{d}/{y}" for m in ("d", "dd") for d in ("d", "dd") for y in ("dd", "dddd")]}}],
            month_day,  # "the Aug. 7 bombings" (an event)
            [*month_day, {"TEXT": ",", "OP": "?"}, {"SHAPE": "dddd"}],
            [*month_day, {"LOWER": {"IN": ["and", "or", "to", "through", "-", "–"]}}, {"SHAPE": {"IN": ["d", "dd"]}}],
            # "the day before last Tuesday's hearing" (the model tags the date alone)
            [{"LOWER": "the", "OP": "?"}, {"LOWER": {"IN": ["day", "week", "month", "year"]}}, {"LOWER": {"IN": ["before", "after"]}},
             {"ENT_TYPE": "DATE", "OP": "+"}],
            # "a flat second quarter", "the fiscal second-quarter"
            [{"LOWER": {"IN": [w for w in _ORDINALS if w.isalpha() and w != "last"]}}, {"TEXT": "-", "OP": "?"},
             {"LOWER": {"IN": ["quarter", "half"]}}],
        ],
        "DURATION": [
            [{"LOWER": {"IN": ["several", "few"]}}, unit],  # "after several quarters of losses"
            [unit, {"TEXT": "-"}, {"LOWER": "long"}],  # "their third day-long meeting"
            [count, {"LOWER": "and"}, {"LOWER": "a"}, {"LOWER": "half"}, unit],  # "two and a half years"
            # "for at least 20 more years", "about 5 1/2 hours", "more than four decades ago"
            [count, {"SHAPE": "d/d", "OP": "?"}, {"LOWER": {"IN": more}, "OP": "?"}, unit,
             {"LOWER": {"IN": ["ago", "earlier"]}, "OP": "?"}],
            [{"LOWER": {"IN": ["over", "under"]}}, {"LOWER": {"IN": ["a", "an"]}}, unit],  # "to last over a week"
            [{"LOWER": {"IN": ["a", "an", "one"]}}, {"LOWER": {"IN": more}}, unit],  # "one more week"
            [{"LOWER": {"IN": [f"{u}s" for u in _COUNTED_UNITS if u != "century"]}}, {"LOWER": "later"}],  # "Hours later"
        ],
    }


_WRITTEN_TIMES = _written_times()


@Language.factory(
    "dossier_times",
    # token.pos is read too: this model's attribute_ruler derives it from token.tag and declares nothing.
    requires=["doc.ents", "doc.sents", "token.dep", "token.head", "token.lemma", "token.tag", "token.ent_type"],
    assigns=["doc._.times"],
)
def make_time_extractor(nlp: Language, name: str) -> TimeExtractor:
    return TimeExtractor(nlp)


class TimeExtractor:
    def __init__(self, nlp: Language) -> None:
        self.untagged = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.untagged.add("TIME", [nlp.make_doc(words) for words in _UNTAGGED])
        self.rates = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.rates.add("SET", [nlp.make_doc(f"{a} {unit}") for a in ("a", "an", "per") for unit in _RATE_UNITS])
        self.written_times = Matcher(nlp.vocab)
        for label, patterns in _WRITTEN_TIMES.items():
            self.written_times.add(label, patterns)
        self.holidays = PhraseMatcher(nlp.vocab, attr="LOWER")  # the NER model often tags them EVENT
        self.holidays.add("DATE", [nlp.make_doc(name) for name in holiday_names()])

    def __call__(self, doc: Doc) -> Doc:
        entities = [span for e in doc.ents if e.label_ in {"DATE", "TIME"} and (span := _trimmed(e)) is not None]
        written = [span for m in self.written_times(doc, as_spans=True) if (span := _trimmed(m)) is not None]
        spans = _day_and_time_joined(filter_spans([*entities, *written]))
        spans += [span for span in self.untagged(doc, as_spans=True) if not any(t.ent_type_ for t in span) and not _names_a_paper(span)]
        spans += [span for span in self.rates(doc, as_spans=True) if not span[-1].ent_type_ and _is_rate(span)]
        spans += [span for span in self.holidays(doc, as_spans=True) if not any(t.ent_type_ in _NOT_HOLIDAY_TAGS for t in span)]
        times: list[TimeRef] = []
        anchor: str | None = None  # the last date the text named, for "that year", "a year earlier"
        for whole in filter_spans(spans):
            if _not_a_time(whole):
                continue
            for span, (kind, value), anaphoric in _read(whole, doc._.published, anchor):
                times.append(TimeRef(f"t{len(times) + 1}", span.text, span.start_char, span.end_char, kind, value))
                if kind == "DATE" and _NAMED_DATE.match(value) and not anaphoric:
                    anchor = value
        doc._.times = times
        return doc


Reading = tuple[Span, tuple[TimexType, str], bool]


def _read(span: Span, published: date | None, anchor: str | None) -> list[Reading]:
    """The span's value and whether it came from the anchor; or, when the span joins two expressions
    ("Aug. 26 to Oct. 20", "the quarter ended Sept. 30"), each part's, since TimeML marks them separately."""
    for token in span[1:-1]:
        if token.lower_ in _JOINERS and not _in_compound(token):
            left, right = span[: token.i - span.start], span[token.i - span.start + 1 :]
            if left[0].lower_ in {"between", "from"}:
                left = left[1:]
            readings = [_reading(part, published, anchor) for part in (left, right) if len(part)]
            if len(readings) == 2 and readings[0] is not None and readings[1] is None:
                readings[1] = _same_month(readings[0], right)
            understood = [reading for reading in readings if reading is not None]
            if len(understood) == 2 and (token.lower_ != "of" or _a_span_of_a_year(*understood)):
                return [_twelve_months(understood[0], token, understood[1]), understood[1]]
    whole = _reading(span, published, anchor)
    return [whole] if whole is not None else _understood_parts(span, published, anchor)


def _same_month(date_reading: Reading, day: Span) -> Reading | None:
    """The second day of "April 24 and 25", "March 3-4", "June 10 to 14": a bare day of the month named before."""
    _, (kind, value), anaphoric = date_reading
    if len(day) != 1 or not day[0].is_digit or not 1 <= int(day[0].text) <= 31 or not _FULL_DATE.fullmatch(value):
        return None
    if day[0].dep_ == "nummod" and day[0].head.i > day[0].i:  # "on Nov. 5 and 6 people died"
        return None
    return day, (kind, f"{value[:8]}{int(day[0].text):02d}"), anaphoric


def _understood_parts(span: Span, published: date | None, anchor: str | None) -> list[Reading]:
    """The longest parts of a span not understood whole, as TimeML would mark them: the NER model often
    takes in a neighbour ("the day Friday", "more than four hours Friday", "1994, 1995 and", "an Aug. 10, 1988")."""
    for length in range(min(len(span), _LONGEST_EXPRESSION), 0, -1):
        for start in range(len(span) - length + 1):
            part = span[start : start + length]
            if not _may_be_expression(part):
                continue
            reading = _reading(part, published, anchor)
            if reading is not None:
                before = _understood_parts(span[:start], published, anchor) if start else []
                after = _understood_parts(span[start + length :], published, anchor) if start + length < len(span) else []
                return [*before, reading, *after]
    return []


def _may_be_expression(part: Span) -> bool:
    """Not a fragment that starts or ends on a function word, and not a bare unit ("the day"), which
    alone says nothing of which day."""
    if part[0].pos_ in _NOT_FIRST or part[-1].pos_ in _NOT_LAST:
        return False
    if _in_word(part[0], -1) or _in_word(part[-1], 1):
        return False  # "quarter" and "century" of "quarter-century"
    return _GENERIC_UNIT.fullmatch(part.text.lower()) is None or _is_rate(part)


def _not_a_time(span: Span) -> bool:
    """What the NER model tags DATE or TIME but is not one: ages ("a 6-year-old", "Kopp, 44,", "in his
    30s"), shares ("more than a quarter of the market"), names ("60 Minutes", "USA Today") and greetings
    ("good evening")."""
    return (_AGE_OR_NUMBER.search(span.text) is not None or _decade_of_life(span) or _fraction(span) or _title_words(span)
            or _greeting(span))


def _fraction(span: Span) -> bool:
    """"A quarter of the market", "789, or about a quarter, of its dealers": a share, not three months."""
    last = span[-1]
    if last.lower_ not in {"quarter", "half"} or any(t.lower_ in _ORDINALS for t in span):
        return False
    of = next((c for c in last.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is not None:
        return not any(o.ent_type_ == "DATE" for o in of.children if o.dep_ == "pobj")
    return last.head.like_num or last.head.ent_type_ == "CARDINAL"


def _title_words(span: Span) -> bool:
    """A unit of time or "Today" capitalised inside a sentence is a name's: "60 Minutes", ABC's "This Week",
    "USA Today" (not the days and years of holidays: "Thanksgiving Day", "New Year")."""
    return any(t.text.istitle() and t.lower_.rstrip("s") in _WORDS_IN_NAMES and not _first_word(t) for t in span)


def _first_word(token: Token) -> bool:
    """The first word of its sentence, after any opening quotation marks or brackets."""
    return not any(t.is_alpha or t.like_num for t in token.doc[token.sent.start : token.i])


def _greeting(span: Span) -> bool:
    """"Good evening from Havana", but not "a good night for Democrats"."""
    if span[0].lower_ not in _PARTS_OF_DAY or span.start == 0 or span.doc[span.start - 1].lower_ not in _GREETING_WORDS:
        return False
    return span.start == 1 or span.doc[span.start - 2].pos_ != "DET"


def _decade_of_life(span: Span) -> bool:
    """"In his 30s": an age, not the 1930s."""
    return span.start > 0 and span.doc[span.start - 1].tag_ == "PRP$" and re.fullmatch(r"\d0s", span.text) is not None


def _names_a_paper(span: Span) -> bool:
    """"The Communist Party daily Granma": a frequency word on a name is the kind of publication."""
    return len(span) == 1 and span[0].lower_ in _SET_ADVERBS and span[0].head.pos_ == "PROPN"


def _is_rate(span: Span) -> bool:
    return len(span) == 2 and span[0].lower_ in {"a", "an", "per"} and _after_count(span)


def _after_count(span: Span) -> bool:
    """"$1 billion a year", "50,000 CDs a year": a rate, which TimeML marks as a SET; "the best in a year" is not."""
    if span.start == 0:
        return False
    before = span.doc[span.start - 1]
    counted = before.like_num or before.ent_type_ in _COUNT_ENTITIES
    return counted or any(child.dep_ == "nummod" for child in before.children)


def _in_compound(token: Token) -> bool:
    """A hyphen inside a word ("the year-earlier quarter") joins no range."""
    before, after = token.nbor(-1), token.nbor(1)
    return token.text == "-" and not before.whitespace_ and not token.whitespace_ and before.is_alpha and after.is_alpha


def _in_word(token: Token, side: int) -> bool:
    """Whether the token continues into its neighbour on that side through an unspaced hyphen."""
    if not 0 <= token.i + side < len(token.doc):
        return False
    neighbour = token.nbor(side)
    joined = not token.whitespace_ if side == 1 else not neighbour.whitespace_
    return joined and neighbour.text in {"-", "–"}


def _a_span_of_a_year(left: Reading, right: Reading) -> bool:
    """"The first nine months of 1997": TimeML marks the duration and the year apart (but "the first quarter
    of 2009" is one date)."""
    return left[1][0] == "DURATION" and right[1][0] == "DATE" and re.fullmatch(r"\d{4}", right[1][1]) is not None


def _twelve_months(left: Reading, joiner: Token, right: Reading) -> Reading:
    """"The year ended March 31" is a fiscal year, twelve months up to that day, not a calendar year."""
    span, (kind, value), anaphoric = left
    ends_year = right[1][1][4:] in {"", "-12-31", "-12"}
    if joiner.lower_ in {"ended", "ending"} and span.text.lower().endswith("year") and kind == "DATE" and not ends_year:
        return span, ("DURATION", "P1Y"), anaphoric
    return left


def _reading(span: Span, published: date | None, anchor: str | None) -> Reading | None:
    tense = _tense(span.root)
    found = normalize(span.text, published, tense, anchor)
    if found is None:
        return None
    if found[0] == "DURATION" and _is_rate(span):
        found = ("SET", found[1])  # "$1 billion a year" is a rate; "within a year" a duration
    borrowed = anchor is not None and normalize(span.text, published, tense) != found
    return span, found, borrowed or compares_with_a_year_before(span.text)


def _day_and_time_joined(spans: list[Span]) -> list[Span]:
    """A clock time and its day are one expression, in either order: "noon Thursday", "5 p.m. EST, Nov. 9",
    "Thursday night"; so are a weekday and its date, "Friday Oct. 13" (the NER model often tags the halves apart)."""
    merged: list[Span] = []
    for span in spans:
        previous = merged[-1] if merged else None
        if (previous is not None and span.start - previous.end <= 1
                and all(t.text in {",", "on"} for t in span.doc[previous.end : span.start])):
            if {previous.label_, span.label_} == {"DATE", "TIME"}:
                merged[-1] = Span(span.doc, previous.start, span.end, label="TIME")
                continue
            if previous.label_ == span.label_ == "DATE" and previous.text.lower() in _WEEKDAYS:
                merged[-1] = Span(span.doc, previous.start, span.end, label="DATE")
                continue
        merged.append(span)
    return merged


def _trimmed(span: Span) -> Span | None:
    """The entity without a trailing possessive or "later", and with the words the NER model left out of
    "this year's results", "the same period last year" and "the summer of 2022"."""
    start, end = span.start, span.end
    while start < end and span.doc[start].pos_ == "VERB":
        start += 1  # "to last a few months": the model took in the verb
    while end > start and span.doc[end - 1].text in _POSSESSIVE:
        end -= 1
    if end - start > 1 and span.doc[end - 1].lower_ == "later":
        end -= 1  # TimeML: "three days later" is the duration "three days" and the signal "later"
    if span.doc[end - 1].lower_ == "of" and end < len(span.doc) and span.doc[end].shape_ == "dddd":
        end += 1  # the model often leaves the year out of "the summer of 2022"
    end += _untagged_end_of_range(span.doc, end)
    if end < len(span.doc) and span.doc[end].lower_ in {"before", "after"} and span.text.lower() in _THE_UNIT:
        adverb = span.doc[end]  # "down from the day before", not "the day before authorities issued a warrant"
        if adverb.dep_ != "mark" and not any(c.dep_ in {"pobj", "pcomp"} for c in adverb.children):
            end += 1
    if start > 0 and (before := span.doc[start - 1]).lower_ in _LEFT_OUT_DETERMINERS and before.head.i in range(start, end):
        start -= 1
    elif span.text.lower() in _A_YEAR_BEFORE and start >= 2 and span.doc[start - 2].lower_ in _SAME_PERIOD_WORDS:
        start -= 3 if start >= 3 and span.doc[start - 3].lower_ == "the" else 2  # "the same period last year"
    return Span(span.doc, start, end, label=span.label_) if end > start else None


def _untagged_end_of_range(doc: Doc, end: int) -> int:
    """How many tokens after an entity are the year that ends its range, which the model left untagged:
    "from 1963 to late 2024"."""
    words = doc[end : end + 3]
    if not words or words[0].lower_ not in {"to", "until", "through", "-", "–"}:
        return 0
    length = 3 if len(words) == 3 and words[1].lower_ in _PLACES_IN_A_YEAR else 2
    year = words[length - 1] if len(words) >= length else None
    return length if year is not None and year.shape_ == "dddd" and not year.ent_type_ else 0


def _tense(token: Token) -> Tense:
    """Past or future from the verb the expression hangs from; None when the parse does not say.

    A finite past verb ("met Monday") or a past or perfect auxiliary ("was met", "has met") is past; a
    future or modal auxiliary or an infinitive outside the past ("will meet", "should close", "is scheduled
    to close Monday") is future, and so is a date held by a word of plans ("planned for March", "effective
    Feb. 1") or a deadline outside the past ("by August"); a passive in the present ("is expected in
    December") says nothing, nor does an infinitive under a simple past (see ``_infinitive_tense``).
    """
    start = token
    if token.head.lower_ == "since":
        return "past"
    deadline = token.head.lower_ in _DEADLINES
    for _ in range(4):
        if token is not start and token.lemma_.lower() in _LOOKING_AHEAD:
            return "past" if _in_past_perfect(token) else "future"
        if token is not start and token.pos_ in {"NOUN", "ADJ"}:
            # "a June agreement", "payable Dec. 7": the noun's time, not the clause's; but "flights by August" is ahead
            return "future" if deadline and start.head.lower_ != "through" else None
        if token.pos_ in {"VERB", "AUX"}:
            auxiliaries = _auxiliaries(token)
            if token.lower_ in _FUTURE_AUXILIARIES or any(c.lower_ in _FUTURE_AUXILIARIES for c in auxiliaries):
                return "future"
            if any(c.tag_ == "TO" for c in auxiliaries):
                return _infinitive_tense(token)
            if _past_tense(token):
                return "past"
            if any(c.lemma_ == "have" for c in auxiliaries):
                return "future" if deadline else "past"  # "has extended loans through January": still running
            return "future" if deadline else None
        if token.head is token:
            return None
        token = token.head
    return None


def _infinitive_tense(verb: Token) -> Tense:
    """An infinitive looks ahead of its clause: from the present it is the future; under a past perfect
    ("had been scheduled to expire Friday") it is over; under a simple past ("vetoed a bid to shut the panel
    in April") it may be either, so it says nothing."""
    if _in_past_perfect(verb):
        return "past"
    governor = verb.head
    for _ in range(3):
        if governor.pos_ in {"VERB", "AUX"}:
            return None if _past_tense(governor) else "future"
        if governor.head is governor:
            break
        governor = governor.head
    return "future"


def _auxiliaries(verb: Token) -> list[Token]:
    return [c for c in verb.lefts if c.dep_ in {"aux", "auxpass"}]  # English puts them first


def _past_tense(verb: Token) -> bool:
    """"Met", "was met", "had met": the verb or its auxiliary in the past tense."""
    return verb.tag_ == "VBD" or any(c.tag_ == "VBD" for c in _auxiliaries(verb))


def _in_past_perfect(token: Token) -> bool:
    """Whether a plan or an infinitive hangs from a past perfect: what "had been scheduled to expire Friday" or
    "had been due" looked ahead to is over by the time of writing."""
    for _ in range(3):
        if token.head is token:
            return False
        token = token.head
        if token.lower_ == "had" or any(c.lower_ == "had" and c.dep_ in {"aux", "auxpass"} for c in token.children):
            return True
    return False
