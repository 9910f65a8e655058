"""The word lists under ``src/dossier/pipeline/lexicons``: each loads and says what it is for, each is read by
the pipeline, none holds an entry twice, and lists whose uses would contradict each other share no entry."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from dossier.evaluate.quantities import CQE_BOUNDS
from dossier.pipeline import lexicons

from .conftest import REPO

NAMES = lexicons.names()
PIPELINE = REPO / "src" / "dossier" / "pipeline"


def test_the_lexicons_are_the_lists_the_pipeline_reads() -> None:
    """No file is left unread and no list the code reads is missing; and the parametrised tests below run on
    every list (an empty ``NAMES`` would let them pass on nothing)."""
    sources = "".join(path.read_text(encoding="utf-8") for path in PIPELINE.rglob("*.py"))
    read = set(re.findall(r'lexicons\.(?:words|entries|table)\("(\w+)"\)', sources))
    assert read
    assert sorted(read) == NAMES  # also: no name is both a .txt and a .json file


@pytest.mark.parametrize("name", NAMES)
def test_each_lexicon_loads_and_says_what_it_is_for(name: str) -> None:
    assert lexicons.entries(name)
    assert len(lexicons.about(name).split()) >= 4


@pytest.mark.parametrize("name", NAMES)
def test_no_lexicon_holds_an_entry_twice(name: str) -> None:
    entries = lexicons.entries(name)
    assert sorted({entry for entry in entries if entries.count(entry) > 1}) == []


def _as_written(entry: str) -> str:
    return entry


def _upper_case(entry: str) -> str:
    return entry.upper()


# Pairs of lists that must share no entry, each with why, and how entries compare.
MUST_BE_DISJOINT: list[tuple[str, str, str, Callable[[str], str]]] = [
    ("up_verbs", "down_verbs", "quantities/changes.py reads a verb in both as up: a figure moves one way", _as_written),
    # statements/stance.py tries refuse, deny, question and predict in that order: a cue lemma in two of these
    # lists could never have the later stance.
    ("refuse_cues", "deny_cues", "a stance is one of refuse, deny, question, predict", _as_written),
    ("refuse_cues", "question_cues", "a stance is one of refuse, deny, question, predict", _as_written),
    ("refuse_cues", "predict_cues", "a stance is one of refuse, deny, question, predict", _as_written),
    ("deny_cues", "question_cues", "a stance is one of refuse, deny, question, predict", _as_written),
    ("deny_cues", "predict_cues", "a stance is one of refuse, deny, question, predict", _as_written),
    ("question_cues", "predict_cues", "a stance is one of refuse, deny, question, predict", _as_written),
    ("personal_pronouns", "relative_pronouns",
     "statements/sources.py resolves a pronoun to the last name before it, a relative one to the noun its clause"
     " describes", _as_written),
    # statements/sources.py gives a source one kind, trying media, document, anonymous, government and
    # organisation in that order: a word in two of these lists would always be the earlier kind.
    ("media_words", "document_words", "a source's head is of one kind", _as_written),
    ("media_words", "anonymous_source_heads", "a source's head is of one kind", _as_written),
    ("media_words", "government_words", "a source's head is of one kind", _as_written),
    ("media_words", "organization_heads", "a source's head is of one kind", _as_written),
    ("media_lemmas", "document_words", "a source's head is of one kind", _as_written),
    ("media_lemmas", "anonymous_source_heads", "a source's head is of one kind", _as_written),
    ("media_lemmas", "government_words", "a source's head is of one kind", _as_written),
    ("media_lemmas", "organization_heads", "a source's head is of one kind", _as_written),
    ("document_words", "anonymous_source_heads", "a source's head is of one kind", _as_written),
    ("document_words", "government_words", "a source's head is of one kind", _as_written),
    ("document_words", "organization_heads", "a source's head is of one kind", _as_written),
    ("anonymous_source_heads", "organization_heads", "a source's head is of one kind", _as_written),
    ("temperature_scales", "degree_words",
     "quantities/units.py reads a temperature scale first: a degree word there would never be plain degrees",
     _as_written),
    ("unit_abbreviations", "not_units",
     "quantities/written_units.py reads the abbreviations first: a word in both would be a unit after all",
     _as_written),
    ("number_scales", "vague_numbers",
     "quantities/numbers.py reads a word as an exact scale (\"million\") or a vague amount (\"millions\")",
     _as_written),
    ("minor_currency_words", "currency_words_before_cents", "a currency word is the cents or the main unit",
     _as_written),
    ("months", "weekdays", "timex.py reads a name as a month or as a weekday", _as_written),
    ("seasons", "parts_of_day", "timex.py reads a word as a season or as a part of the day", _as_written),
    ("deictic_expressions", "set_adverbs",
     "timex.py reads the adverbs of frequency first: a deictic word there would never be deictic", _as_written),
    ("currency_codes_in_lower_case", "currency_codes_that_are_words",
     "currencies.py would read a code as money in lower case and as a word in capitals", _upper_case),
    ("currency_words", "currency_last_words_that_are_english",
     "currencies.py keeps these words from naming a currency alone, which currency_words has them do",
     _as_written),
]

# Contradictions found when the lists moved out of the code, kept because that move changed no behaviour.
# Each is a defect: fix the data, then remove it here (the test says when it is gone).
KNOWN_OVERLAPS: dict[tuple[str, str], set[str]] = {
    # "a network said" is media, "networks said" an organisation (media_words is matched on the written form)
    ("media_words", "organization_heads"): {"network"},
    # "the 3 real problems": "real" is read as the Brazilian currency after a number
    ("currency_words", "currency_last_words_that_are_english"): {"real"},
}


@pytest.mark.parametrize(("first", "second", "why", "compared"), MUST_BE_DISJOINT, ids=lambda v: str(v)[:30])
def test_lists_that_must_be_disjoint_share_no_entry(
    first: str, second: str, why: str, compared: Callable[[str], str]
) -> None:
    shared = {compared(e) for e in lexicons.entries(first)} & {compared(e) for e in lexicons.entries(second)}
    assert shared == KNOWN_OVERLAPS.get((first, second), set()), f"{first} and {second}: {why}"


def test_every_known_overlap_is_a_pair_that_must_be_disjoint() -> None:
    assert set(KNOWN_OVERLAPS) <= {(first, second) for first, second, _, _ in MUST_BE_DISJOINT}


# Lists each of whose entries must be an entry of another, each with why.
MUST_BE_WITHIN = [
    ("approximate_qualifiers", "quantity_qualifiers", "only a qualifier read before a number makes it approximate"),
    ("money_only_scales", "number_scales", "quantities/numbers.py multiplies by the scale of number_scales"),
    ("currency_words_before_cents", "currency_words", "quantities/units.py takes their names from currency_words"),
]


@pytest.mark.parametrize(("inner", "outer", "why"), MUST_BE_WITHIN)
def test_lists_within_others(inner: str, outer: str, why: str) -> None:
    assert set(lexicons.entries(inner)) - set(lexicons.entries(outer)) == set(), why


def test_the_evaluations_bounds_are_qualifiers_and_none_is_approximate() -> None:
    """evaluate/quantities.py writes a qualifier as CQE's bound (">", "<") before asking whether it is
    approximate ("~"): an approximate qualifier among the bounds would be scored as a bound."""
    assert set(CQE_BOUNDS) <= set(lexicons.entries("quantity_qualifiers"))
    assert set(CQE_BOUNDS) & lexicons.words("approximate_qualifiers") == set()
