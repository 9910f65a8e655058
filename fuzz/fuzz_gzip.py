"""Fuzz target: gzip-compressed input of any format, whole or cut short at any point.

The fuzzer's bytes are what the file holds once decompressed (so its mutations need not keep gzip's checksums
right); the first two bytes say where to cut the compressed stream, if at all. Everything then goes through
``read_payload`` and ``clean_item`` as in the other reader targets.

Run: .venv/bin/python fuzz/fuzz_gzip.py fuzz/corpus/gzip -max_total_time=60   (or `make fuzz`)
"""

from __future__ import annotations

import gzip
import sys

import atheris

with atheris.instrument_imports(include=["dossier", "warcio", "email"]):
    from _harness import check_payload, fuzz


def test_one_input(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    cut = provider.ConsumeUInt(2)
    compressed = gzip.compress(provider.ConsumeBytes(atheris.ALL_REMAINING), mtime=0)
    check_payload(compressed if cut == 0 else compressed[: cut % (len(compressed) + 1)])


if __name__ == "__main__":
    fuzz(test_one_input, sys.argv)
