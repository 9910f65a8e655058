"""Fuzz target: HTML pages in any declared encoding, through trafilatura and lxml.

Any bytes go through the public entry ``read_payload`` (format recognised by content) and every raw item
through ``clean_item``; the seeds in ``fuzz/corpus/html/`` keep the mutations in this family. A crash is an
exception from reading or cleaning, or an article with a lone surrogate or a NUL: a defect.

Run: .venv/bin/python fuzz/fuzz_html.py fuzz/corpus/html -max_total_time=60   (or `make fuzz`)
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["dossier", "trafilatura", "email"]):
    from _harness import check_payload, fuzz


def test_one_input(data: bytes) -> None:
    check_payload(data)


if __name__ == "__main__":
    fuzz(test_one_input, sys.argv)
