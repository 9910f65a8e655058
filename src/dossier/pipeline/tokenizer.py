"""spaCy's tokenizer, bounded: a run of text without whitespace longer than ``MAX_RUN`` is tokenized in pieces.

spaCy strips prefix and suffix punctuation off a token one character at a time, searching the rest each time,
so a token's cost grows with the square of its length when it is made of such characters: 10,000 ``[`` take
7 s, 40,000 two minutes; ``'s'`` repeated, emoji or ``$`` behave alike. No word is that long. Cutting such a run
into pieces keeps the cost linear in the text and leaves the text itself, and so every character offset, as it
was; tokens inside the run may split where a piece ends, which matters for nothing a run of that length holds.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Doc
from spacy.vocab import Vocab

MAX_RUN = 100
_LONG_RUN = re.compile(rf"(\S{{{MAX_RUN + 1},}})(\s?)")


class BoundedTokenizer:
    """Wraps a pipeline's tokenizer (``nlp.tokenizer = BoundedTokenizer(nlp.tokenizer, nlp.vocab)``)."""

    def __init__(self, tokenizer: Callable[[str], Doc], vocab: Vocab) -> None:
        self.tokenizer = tokenizer
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        if _LONG_RUN.search(text) is None:
            return self.tokenizer(text)
        words: list[str] = []
        spaces: list[bool] = []
        for piece in _pieces(text):
            for token in self.tokenizer(piece):
                words.append(token.text)
                spaces.append(bool(token.whitespace_))
        return Doc(self.vocab, words=words, spaces=spaces)


def _pieces(text: str) -> list[str]:
    """The text cut before and after each long run (a run keeps the one whitespace character after it, so the
    text after it starts as it would have) and each run into ``MAX_RUN``-character pieces."""
    pieces: list[str] = []
    start = 0
    for match in _LONG_RUN.finditer(text):
        if match.start() > start:
            pieces.append(text[start : match.start()])
        run, space = match.groups()
        pieces += [run[i : i + MAX_RUN] for i in range(0, len(run), MAX_RUN)]
        pieces[-1] += space
        start = match.end()
    if start < len(text):
        pieces.append(text[start:])
    return pieces
