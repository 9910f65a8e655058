"""What every fuzz target shares: the reader property, checked on one input, with the defect's own traceback.

The property is the one ``tests/test_properties.py`` states (and its checks are imported from there, so there is
one definition): reading never raises and yields no ``Failed`` item; cleaning never raises and keeps only
articles every encoder and database takes. Warnings are errors, as in the suite. A ``Failed`` item carries only a message, so on one the input is
read again without the guard, and the reader's exception propagates with its traceback.
"""

from __future__ import annotations

import io
import sys
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # tests.test_properties, for the checks

from dossier.ingest import Failed, RawItem, Rejected, clean_item, read_payload  # noqa: E402
from dossier.ingest.sources import read_stream  # noqa: E402
from dossier.model import Article  # noqa: E402
from dossier.settings import Limits  # noqa: E402
from tests.test_properties import assert_storable  # noqa: E402

# Warnings are errors, as in the test suite (pyproject: filterwarnings = error): a reader that warns fails there.
warnings.simplefilter("error")

# Small limits, so that short inputs cross them too; the analyser target uses the defaults.
LIMITS = Limits(item_bytes=16_384, document_bytes=65_536, article_chars=8_192)


class ReaderDefect(AssertionError):
    """A reader raised inside ``read_payload`` (a ``Failed`` item) but not when read again unguarded."""


def check_payload(data: bytes, limits: Limits = LIMITS) -> list[Article | Rejected]:
    outcomes: list[Article | Rejected] = []
    for item in read_payload("fuzz", data, limits):
        if isinstance(item, Failed):
            list(read_stream("fuzz", io.BytesIO(data), limits))  # raises the reader's exception, traceback and all
            raise ReaderDefect(item)
        if isinstance(item, Rejected):
            outcomes.append(item)
            continue
        assert isinstance(item, RawItem) and isinstance(item.text, str), item
        cleaned = clean_item(item, limits.article_chars)
        assert isinstance(cleaned, Article | Rejected), cleaned
        if isinstance(cleaned, Article):
            assert_storable(cleaned, limits)
        outcomes.append(cleaned)
    return outcomes


def fuzz(test_one_input: object, argv: list[str]) -> None:
    """Run libFuzzer on the target (argv: corpus folders and libFuzzer flags, as ``make fuzz`` passes them)."""
    import atheris

    atheris.Setup(argv, test_one_input)
    atheris.Fuzz()
