"""``dossier_times``: time expressions with TIMEX3 type and value, resolved against the publication date.

Spans are spaCy's DATE and TIME entities plus deictic words the model leaves untagged ("now",
"yesterday", "annually"); values come from ``timex.normalize``, with the tense of the governing verb
to place a bare weekday or month before or after publication. The publication date is read from
``doc._.published`` (a ``datetime.date``), which the caller sets on the Doc before the pipeline runs.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from dossier.model import TimeRef
from dossier.pipeline.timex import DEICTIC, Tense, TimexType, normalize

# Deictic words the NER model leaves untagged; "now" and "today" are times, "daily" an adverb of frequency.
_UNTAGGED = frozenset(w for w in DEICTIC if " " not in w)
_FUTURE_AUXILIARIES = frozenset({"will", "shall", "'ll", "’ll"})
_AGE_OR_NUMBER = re.compile(r"year-old|^\s*\d{1,3}\s*$")

Doc.set_extension("published", default=None, force=True)
Doc.set_extension("times", default=None, force=True)


@Language.factory(
    "dossier_times",
    requires=["doc.ents", "token.dep", "token.head", "token.morph"],
    assigns=["doc._.times"],
)
def make_time_extractor(nlp: Language, name: str) -> TimeExtractor:
    return TimeExtractor()


class TimeExtractor:
    def __call__(self, doc: Doc) -> Doc:
        spans = [_trimmed(e) for e in doc.ents if e.label_ in {"DATE", "TIME"}]
        spans += [doc[t.i : t.i + 1] for t in doc if t.lower_ in _UNTAGGED and not t.ent_type_]
        times: list[TimeRef] = []
        for span in filter_spans(s for s in spans if s is not None and len(s)):
            if _AGE_OR_NUMBER.search(span.text):
                continue  # "a 6-year-old", "Kopp, 44,": ages the NER model tags DATE
            found = normalize(span.text, doc._.published, _tense(span.root))
            kind: TimexType = found[0] if found is not None else "DATE"
            value = found[1] if found is not None else None  # a span whose form is not understood
            times.append(TimeRef(f"t{len(times) + 1}", span.text, span.start_char, span.end_char, kind, value))
        doc._.times = times
        return doc


def _trimmed(span: Span) -> Span | None:
    end = span.end
    while end > span.start and span.doc[end - 1].text in {"'s", "’s", "'", "’"}:
        end -= 1
    return span.doc[span.start : end] if end > span.start else None


def _tense(token: Token) -> Tense:
    """Past or future from the verb the expression hangs from; None when the parse does not say."""
    for _ in range(4):
        if token.pos_ in {"VERB", "AUX"}:
            if any(c.lower_ in _FUTURE_AUXILIARIES for c in token.children) or token.lower_ in _FUTURE_AUXILIARIES:
                return "future"
            if "Past" in token.morph.get("Tense", []) or any("Past" in c.morph.get("Tense", []) for c in token.children
                                                         if c.dep_ in {"aux", "auxpass"}):
                return "past"
            return None
        if token.head is token:
            return None
        token = token.head
    return None
