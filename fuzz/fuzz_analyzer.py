"""Fuzz target: the analyser on any text, published on any date from 0001-01-01 to 9999-12-31.

The fuzzer's bytes give the publication date (or none), the text, a byline, a caption and a title (see
``parse``); the text is cleaned as ingest cleans it, marked English so that the pipeline analyses it whatever
the language detector says, and analysed. A crash is an exception, an ``AnalysisFailure``, or an offset that
does not point at its text (the checks of ``tests/test_properties.py``).

Run: .venv/bin/python fuzz/fuzz_analyzer.py fuzz/corpus/analyzer -max_total_time=60   (or `make fuzz`)
"""

from __future__ import annotations

import sys
from datetime import date

import atheris

with atheris.instrument_imports(include=["dossier"]):
    from _harness import fuzz

    from dossier.pipeline import Analyzer
    from dossier.settings import Settings
    from tests.test_properties import analyse, analysed_article, span_problems

SETTINGS = Settings()
ANALYZER = Analyzer(SETTINGS.spacy_model, SETTINGS.batch_size)
DAYS = date.max.toordinal()
SEPARATOR = "\x1e"  # between the text, the byline, a caption and the title


def parse(data: bytes) -> tuple[str, date | None, list[str], list[str], str | None]:
    """Three bytes of day number (0: no date, else the day from 0001-01-01, wrapping past 9999-12-31), then
    UTF-8 text (bytes it cannot decode become lone surrogates) holding the text, a byline, a caption and a title,
    separated by U+001E. The seeds are readable; the mutations stay text."""
    day = int.from_bytes(data[:3], "big") % (DAYS + 1)
    text, byline, caption, title = (data[3:].decode("utf-8", "surrogateescape").split(SEPARATOR, 3) + [""] * 3)[:4]
    published = date.fromordinal(day) if day else None
    return text, published, [byline] if byline else [], [caption] if caption else [], title or None


def test_one_input(data: bytes) -> None:
    text, published, authors, captions, title = parse(data)
    article = analysed_article(text, published, (authors, None), captions, title)
    if article is None:
        return  # nothing visible to analyse
    for analysis in analyse(ANALYZER, [article]):
        problems = span_problems(analysis)
        if problems:
            raise AssertionError(problems)


if __name__ == "__main__":
    fuzz(test_one_input, sys.argv)
