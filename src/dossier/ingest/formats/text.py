"""Plain text, with an optional first line ``date YYYY-MM-DD <title>``."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dossier.ingest.items import ItemOrRejection, RawItem

_TEXT_HEADER = re.compile(r"^[ \t]*date[ \t]+(\S+)(?:[ \t]+(.*?))?[ \t]*$")


def read_text(source: str, text: str) -> Iterator[ItemOrRejection]:
    """Plain text, with an optional first line ``date YYYY-MM-DD <title>``."""
    first, _, rest = text.lstrip("\ufeff\r\n").partition("\n")
    header = _TEXT_HEADER.match(first)
    if header:
        yield RawItem(source, rest, "text", published=header.group(1), title=header.group(2) or None)
    else:
        yield RawItem(source, text, "text")
