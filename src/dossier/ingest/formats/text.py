"""Plain text, with an optional first line ``date YYYY-MM-DD <title>``."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dossier.ingest.items import ItemOrRejection, RawItem

_TEXT_HEADER = re.compile(r"^[ \t]*date[ \t]+(\S+)(?:[ \t]+(.*?))?[ \t]*$")


def read_text(source: str, text: str) -> Iterator[ItemOrRejection]:
    """Plain text, with an optional first line ``date YYYY-MM-DD <title>``."""
    first, *rest = text.lstrip("\ufeff\r\n").splitlines(keepends=True) or [""]  # any line break: CR, NEL, U+2028…
    header = _TEXT_HEADER.match(first.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"))
    if header:
        yield RawItem(source, "".join(rest), "text", published=header.group(1), title=header.group(2) or None)
    else:
        yield RawItem(source, text, "text")
