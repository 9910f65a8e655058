"""spaCy's tokenizer, bounded: a run of text without whitespace longer than ``MAX_RUN`` becomes tokens of
``MAX_RUN`` characters.

spaCy strips prefix and suffix punctuation off a token one character at a time, searching the rest each time,
so a token's cost grows with the square of its length when it is made of such characters: 10,000 ``[`` take
7 s, 40,000 two minutes; ``'s'`` repeated, emoji or ``$`` behave alike. Tokenized in full, such a run would
still be one token a character, and a 50,000-token sentence takes the parser gigabytes. No word is that long:
the run is cut into pieces, each one token, which keeps time and memory linear in the text and leaves the text
itself, and so every character offset, as it was.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Doc
from spacy.vocab import Vocab

MAX_RUN = 100
_LONG_RUN = re.compile(rf"(\S{{{MAX_RUN + 1},}})( ?)")  # a token keeps one following space, no other


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

        def tokenized(segment: str) -> None:
            for token in self.tokenizer(segment):
                words.append(token.text)
                spaces.append(bool(token.whitespace_))

        start = 0
        for match in _LONG_RUN.finditer(text):
            if match.start() > start:
                tokenized(text[start : match.start()])
            run, space = match.groups()
            words += [run[i : i + MAX_RUN] for i in range(0, len(run), MAX_RUN)]
            spaces += [False] * (len(words) - len(spaces) - 1) + [bool(space)]
            start = match.end()
        if start < len(text):
            tokenized(text[start:])
        return Doc(self.vocab, words=words, spaces=spaces)
