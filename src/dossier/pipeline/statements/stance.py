"""How sure and how placed: a statement's stance (assert, deny, refuse, question, predict), its hedges, and
the earlier statement a denial or refusal answers."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from spacy.tokens import Doc, Token

from dossier.model import Stance, Statement, TextSpan
from dossier.pipeline import lexicons
from dossier.pipeline.statements.spans import TRIM_CHARACTERS, token_end

_DENY_CUES = lexicons.words("deny_cues")
_REFUSE_CUES = lexicons.words("refuse_cues")
_QUESTION_CUES = lexicons.words("question_cues")
_PREDICT_CUES = lexicons.words("predict_cues")
_MODALS = lexicons.words("modal_auxiliaries")
_LIKELIHOOD = lexicons.words("likelihood_words")
_HEDGES = tuple(tuple(hedge.split()) for hedge in lexicons.entries("hedges"))
_HEDGES_BY_FIRST_WORD: dict[str, list[tuple[str, ...]]] = {}
for _hedge in sorted(_HEDGES, key=len, reverse=True):
    _HEDGES_BY_FIRST_WORD.setdefault(_hedge[0], []).append(_hedge)


def stance_of(cue: Token | None, content_offsets: tuple[int, int], doc: Doc, content: str) -> Stance:
    """The stance of a statement from its cue and its content (``content`` is the text at ``content_offsets``)."""
    lemma = cue.lemma_.lower() if cue is not None else ""
    negated = cue is not None and any(c.dep_ == "neg" for c in cue.children)
    content_tokens = doc.char_span(*content_offsets, alignment_mode="expand")
    if lemma in _REFUSE_CUES or (negated and lemma not in {"say", "tell"}):
        return "refuse"
    if negated:
        return "unknown"
    if lemma in _DENY_CUES:
        return "deny"
    if lemma in _QUESTION_CUES or content.rstrip(TRIM_CHARACTERS.replace("?", "")).endswith("?"):
        return "question"
    if lemma in _PREDICT_CUES:
        return "predict"
    if content_tokens is not None and any(
        (t.lower_ in _MODALS and t.dep_ == "aux") or t.lower_ in _LIKELIHOOD for t in content_tokens
    ):
        return "predict"
    return "assert"


def hedges_in(doc: Doc, text: str, cue: Token | None, content: tuple[int, int]) -> Iterator[TextSpan]:
    """Hedge words in the content, or modifying the cue ("reportedly said"); longest match first."""
    tokens = list(doc.char_span(*content, alignment_mode="expand") or [])
    if cue is not None:
        tokens = sorted(set(tokens) | {c for c in cue.children if c.dep_ == "advmod"}, key=lambda t: t.i)
    words = [t.lower_ for t in tokens]
    i = 0
    while i < len(tokens):
        hedge = next(
            (h for h in _HEDGES_BY_FIRST_WORD.get(words[i], ()) if tuple(words[i : i + len(h)]) == h),
            None,
        )
        # Modal verbs hedge only as auxiliaries ("may" the month is not one).
        if hedge is None or (hedge[0] in _MODALS and tokens[i].dep_ != "aux"):
            i += 1
            continue
        first, last = tokens[i], tokens[i + len(hedge) - 1]
        yield TextSpan(text[first.idx : token_end(last)], first.idx, token_end(last))
        i += len(hedge)


def linked_responses(statements: list[Statement]) -> list[Statement]:
    """A denial or refusal answers the nearest earlier statement that is not itself one."""
    linked: list[Statement] = []
    for index, statement in enumerate(statements):
        if statement.stance in {"deny", "refuse"}:
            earlier = [s for s in statements[:index] if s.stance not in {"deny", "refuse"}]
            if earlier:
                statement = dataclasses.replace(statement, responds_to=earlier[-1].id)
        linked.append(statement)
    return linked
