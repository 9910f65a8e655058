"""``dossier_paragraphs``: a sentence never crosses a paragraph break.

Run before the parser: spaCy's parser keeps sentence starts that are already
set, so marking the first token of each paragraph splits paragraph-first and
leaves the parser to split inside paragraphs.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component(
    "dossier_paragraphs",
    assigns=["token.is_sent_start"],
)
def mark_paragraph_starts(doc: Doc) -> Doc:
    after_break = False
    for token in doc:
        if token.is_space and "\n" in token.text:
            after_break = True
            continue
        if after_break:
            token.is_sent_start = True
            after_break = False
    return doc
