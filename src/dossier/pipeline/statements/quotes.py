"""Quotations: where they are in the text, and whether one stands beside a cue."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from dossier.pipeline.statements.spans import token_end, trimmed

_QUOTE_OPEN = {"“": "”", "‘": "’", '"': '"', "«": "»"}
_MAX_QUOTE_GAP_CHARS = 80  # six words at the most: cheap to test before splitting the gap into words


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


def quote_context(token: Token, text: str, quotes: list[tuple[int, int]]) -> tuple[bool, bool]:
    """Whether a token stands inside a quotation, and whether one opens or closes within a few words of it."""
    return _in_quote(token, quotes), adjacent_quote(token, text, quotes) is not None


def _in_quote(token: Token, quotes: list[tuple[int, int]]) -> bool:
    return any(start <= token.idx < end for start, end in quotes)


def adjacent_quote(cue: Token, text: str, quotes: list[tuple[int, int]]) -> tuple[int, int] | None:
    """A quotation that opens just after the cue or closes just before it ('"…," Trump said'); the
    sentence splitter often cuts there, so adjacency is judged on the text between, not on sentences."""
    for start, end in quotes:
        if token_end(cue) <= start <= token_end(cue) + _MAX_QUOTE_GAP_CHARS:
            gap = text[token_end(cue) : start]
            if len(gap.split()) <= 2 and "\n" not in gap and "." not in gap:
                return trimmed(text, start, end)
        elif closes_before(cue, text, end):
            return trimmed(text, start, end)
    return None


def closes_before(cue: Token, text: str, end: int) -> bool:
    """Whether a quotation ending at ``end`` closes just before the cue, in the same sentence."""
    gap = text[end : cue.idx]
    return cue.idx - _MAX_QUOTE_GAP_CHARS <= end <= cue.idx and (
        len(gap.split()) <= 6 and "\n" not in gap and not any(mark in gap for mark in ".!?;")
    )
