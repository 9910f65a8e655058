"""Character offsets for statements: of a token, a span and a cue, trimmed of punctuation; and the noun
phrase a token heads, as a source is written."""

from __future__ import annotations

from spacy.tokens import Span, Token

# Trimmed from both ends of a cue, a content or a source: spaces, punctuation, quotation marks, brackets.
TRIM_CHARACTERS = " \t\n,.;:—–-\"“”‘’'«»()"
_MAX_SOURCE_TOKENS = 12


def trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The offsets of ``text[start:end]`` without ``TRIM_CHARACTERS`` at either end; None when nothing is left."""
    segment = text[start:end]
    left = len(segment) - len(segment.lstrip(TRIM_CHARACTERS))
    right = len(segment.rstrip(TRIM_CHARACTERS))
    if right <= left:
        return None
    return start + left, start + right


def cue_offsets(token: Token) -> tuple[int, int]:
    """The cue with its auxiliaries and particles ("has denied", "pointed out")."""
    parts = [token] + [c for c in token.children if c.dep_ in {"aux", "auxpass", "prt", "neg"} and
                       abs(c.i - token.i) <= 3]
    return min(p.idx for p in parts), max(token_end(p) for p in parts)


def noun_phrase(token: Token) -> Span:
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


def has_words(text: str) -> bool:
    return any(character.isalnum() for character in text)


def offsets(span: Span) -> tuple[int, int]:
    return span.start_char, span.end_char


def token_end(token: Token) -> int:
    return token.idx + len(token.text)


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def inside(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return b[0] <= a[0] and a[1] <= b[1]
