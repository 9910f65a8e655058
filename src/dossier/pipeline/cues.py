"""Which tokens are attribution cues: a logistic-regression scorer over parse features.

A reporting-verb lexicon misses most of what news attributes ("slammed", "called for", "endorsed",
"seemed to") and over-fires on private states inside quotes ("I think"). The scorer learns, from
PolNeAR's training split, when a word in its syntactic context introduces an attribution. Weights
are a plain ``feature → weight`` table (trained by ``dossier train cues``, described in
``models/CUES.md``), so scoring needs no machine-learning library at run time.
"""

from __future__ import annotations

import gzip
import json
import math
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import IO

from spacy.tokens import Doc, Token

from dossier.errors import ModelUnavailableError

CANDIDATE_POS = frozenset({"VERB", "AUX", "NOUN", "PUNCT", "ADP"})
MODEL_RESOURCE = "models/cues.json.gz"
DEFAULT_MODEL_PATH = Path(__file__).resolve().parent.parent / MODEL_RESOURCE
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
_LEXICAL_CHILD_DEPS = frozenset({"prep", "prt", "acomp", "aux", "agent"})
_MARKS_KEY = "dossier_cues_quotation_marks"
_RATE_BUCKETS = ((0.0, "never"), (0.05, "seldom"), (0.2, "sometimes"), (0.5, "often"), (1.0, "mostly"))


def lemma_records(lemma: str, governor_lemma: str | None, counts: Callable[[str], tuple[int, int] | None]) -> list[str]:
    """How often the word, and the verb governing it, were cues in training, as coarse features: they let
    the scorer judge words it has rarely or never seen ("waffled", "riffed") by their context alone.
    ``counts`` gives (times seen, times a cue) for a lemma, or None for a word never seen."""
    governed = _record(counts(governor_lemma), "governor") if governor_lemma is not None else "governor_record=none"
    return [_record(counts(lemma), "lemma"), governed]


def _record(counts: tuple[int, int] | None, role: str) -> str:
    if counts is None or counts[0] < 3:
        return f"{role}_record=rare"
    rate = counts[1] / counts[0]
    bucket = next(label for bound, label in _RATE_BUCKETS if rate <= bound)
    return f"{role}_record={bucket}"


def governor(token: Token) -> tuple[Token, str] | None:
    """The nearest verb above the token, at most five steps up, and the dependency path to it. PolNeAR gives
    each token to one attribution at most, so a verb inside what another verb reports is its content."""
    child, path = token, token.dep_
    for _ in range(5):
        head = child.head
        if head.i == child.i:
            return None
        if head.pos_ == "VERB":
            return head, path
        child, path = head, f"{path}>{head.dep_}"
    return None


def governor_lemma(token: Token) -> str | None:
    return governing[0].lemma_.lower() if (governing := governor(token)) is not None else None


def is_candidate(token: Token) -> bool:
    return token.pos_ in CANDIDATE_POS and (token.pos_ != "PUNCT" or token.text == ":") and (
        token.pos_ != "ADP" or token.lower_ == "according"
    )


def cue_features(token: Token, in_quote: bool, quote_near: bool) -> list[str]:
    """Lexical and syntactic context of one candidate token, as feature strings."""
    lemma = token.lemma_.lower()
    child_deps = sorted({c.dep_ for c in token.children})
    subject = _subject(token)
    subject_kind = "none"
    if subject is not None:
        subject_kind = subject.ent_type_ or subject.pos_
        if subject.lower_ in {"i", "we", "you"}:
            subject_kind = "first_or_second"
    previous = token.nbor(-1).lower_ if token.i > 0 else "<s>"
    following = token.nbor(1).lower_ if token.i + 1 < len(token.doc) else "</s>"
    features = [
        "bias",
        f"lemma={lemma}",
        f"pos={token.pos_}",
        f"tag={token.tag_}",
        f"dep={token.dep_}",
        f"lemma|pos={lemma}|{token.pos_}",
        f"lemma|dep={lemma}|{token.dep_}",
        f"head_lemma={token.head.lemma_.lower()}",
        f"subject={subject_kind}",
        f"lemma|subject={lemma}|{subject_kind}",
        f"prev={previous}",
        f"next={following}",
        f"lemma|next={lemma}|{following}",
        f"in_quote={in_quote}",
        f"lemma|in_quote={lemma}|{in_quote}",
        f"quote_near={quote_near}",
        f"lemma|quote_near={lemma}|{quote_near}",
    ]
    for dep in child_deps:
        features += [f"child={dep}", f"lemma|child={lemma}|{dep}"]
    for child in token.children:
        # "lash out at", "side with", "be critical of", "call for": the words that make a verb a cue
        if child.dep_ in _LEXICAL_CHILD_DEPS:
            features += [f"{child.dep_}={child.lower_}", f"lemma|{child.dep_}={lemma}|{child.lower_}"]
        if child.dep_ == "acomp":
            features += [f"acomp_prep={p.lower_}" for p in child.children if p.dep_ == "prep"]
        if child.dep_ == "ccomp":
            features += [f"ccomp_mark={m.lower_}" for m in child.children if m.dep_ == "mark"]
        if child.dep_ == "xcomp":  # "declined to comment", "seemed to suggest"
            features += [f"xcomp={child.lemma_.lower()}", f"lemma|xcomp={lemma}|{child.lemma_.lower()}"]
    if subject is not None and subject.pos_ in {"NOUN", "PROPN", "PRON"}:
        features.append(f"subject_lemma={subject.lemma_.lower()}")
    features += [f"head_pos={token.head.pos_}", f"dep|head_pos={token.dep_}|{token.head.pos_}"]
    if any(c.dep_ == "neg" for c in token.children):
        features.append("negated")
    if (governing := governor(token)) is not None:
        verb, path = governing[0].lemma_.lower(), governing[1]
        features += [f"governor={verb}", f"governor|path={verb}|{path}"]
        if (governor_subject := _subject(governing[0])) is not None:
            features.append(f"governor_subject={governor_subject.ent_type_ or governor_subject.pos_}")
    # Quotation marks before or after it in the sentence: "“…,” said X", "X said: “…”", "…, X said"
    sentence = token.sent
    marks = _quotation_marks(token.doc)
    last_before, first_after = bisect_left(marks, token.i) - 1, bisect_right(marks, token.i)
    before = last_before >= 0 and marks[last_before] >= sentence.start
    after = first_after < len(marks) and marks[first_after] < sentence.end
    features += [f"quotes={before}|{after}", f"lemma|quotes={lemma}|{before}|{after}"]
    root = sentence.root  # the sentence's main verb: "Trump *said* she wants…"
    if root.i != token.i and root.pos_ in {"VERB", "AUX"}:
        features += [f"root={root.lemma_.lower()}", f"lemma|root={lemma}|{root.lemma_.lower()}"]
    return features


def _subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in _SUBJECT_DEPS), None)


def _quotation_marks(doc: Doc) -> list[int]:
    """Indices of the doc's quotation-mark tokens, found once per doc: every candidate asks."""
    marks: list[int] | None = doc.user_data.get(_MARKS_KEY)
    if marks is None:
        marks = doc.user_data[_MARKS_KEY] = [t.i for t in doc if t.is_quote]
    return marks


@dataclass(frozen=True, slots=True)
class CueModel:
    """``lemmas``: for each word seen as a candidate in training, (times seen, times a cue). Every verb
    is scored, and other words only if they were a cue at least once, which keeps the scorer off most
    tokens of an article."""

    weights: dict[str, float]
    threshold: float
    lemmas: dict[str, tuple[int, int]]

    def may_be_cue(self, token: Token) -> bool:
        if not is_candidate(token):
            return False
        counts = self.lemmas.get(token.lemma_.lower())
        return token.pos_ == "VERB" or (counts is not None and counts[1] > 0)

    def features(self, token: Token, in_quote: bool, quote_near: bool) -> list[str]:
        records = lemma_records(token.lemma_.lower(), governor_lemma(token), self.lemmas.get)
        return [*cue_features(token, in_quote, quote_near), *records]

    def probability(self, features: list[str]) -> float:
        score = sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))

    def is_cue(self, features: list[str]) -> bool:
        return self.probability(features) >= self.threshold

    def save(self, path: Path, card: dict[str, object]) -> None:
        lemmas = {lemma: list(counts) for lemma, counts in sorted(self.lemmas.items())}
        payload = {"threshold": self.threshold, "card": card, "lemmas": lemmas, "weights": self.weights}
        with gzip.open(path, "wt", encoding="utf-8") as handle:
            json.dump(payload, handle, sort_keys=True, separators=(",", ":"))


@cache
def default_cue_model() -> CueModel:
    try:
        with files("dossier").joinpath(MODEL_RESOURCE).open("rb") as raw:
            return read_cue_model(raw)
    except OSError as exc:
        raise ModelUnavailableError(f"the cue model {MODEL_RESOURCE} is missing ({exc}); reinstall dossier") from exc


def read_cue_model(raw: IO[bytes]) -> CueModel:
    try:
        with gzip.open(raw, "rt", encoding="utf-8") as handle:
            payload = json.load(handle)
        lemmas = {lemma: (int(seen), int(cues)) for lemma, (seen, cues) in payload["lemmas"].items()}
        return CueModel(payload["weights"], payload["threshold"], lemmas)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelUnavailableError(
            f"the cue model is damaged or from another version ({exc!r}); retrain it with `dossier train cues`"
        ) from exc
