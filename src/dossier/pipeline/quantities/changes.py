"""Whether a figure moved: the verb of change it hangs from ("rose by 5%" is up, "fell 3%" down), else it is
a level."""

from __future__ import annotations

from spacy.tokens import Doc

from dossier.pipeline import lexicons

_UP_VERBS = lexicons.words("up_verbs")
_DOWN_VERBS = lexicons.words("down_verbs")


def change_of(doc: Doc, start: int) -> str:
    """"rose by 5%" → up, "fell 3%" → down; otherwise the figure is a level (=)."""
    token = doc[start]
    for _ in range(4):  # up through "percent", "by" to the verb
        token = token.head
        lemma = token.lemma_.lower()
        if lemma in _UP_VERBS:
            return "up"
        if lemma in _DOWN_VERBS:
            return "down"
        if token.pos_ == "VERB":
            break
    return "="
