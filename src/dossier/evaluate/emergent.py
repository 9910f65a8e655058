"""Emergent's CSV (Ferreira & Vlachos 2016), read once for the stance and the linking evaluations: a row per
article headline, with the claim it bears on and its stance toward it."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from dossier.claims.stance import LABELS
from dossier.errors import ConfigurationError

COLUMNS = ("claimHeadline", "articleHeadline", "articleHeadlineStance", "articleId", "claimId")


@dataclass(frozen=True, slots=True)
class EmergentRow:
    claim: str
    headline: str
    stance: str
    article_id: str
    claim_id: str
    line: int  # in the file, for people


def read_emergent(path: Path) -> list[EmergentRow]:
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            rows = [
                EmergentRow(r["claimHeadline"], r["articleHeadline"], r["articleHeadlineStance"], r["articleId"],
                            r["claimId"], line)
                for line, r in enumerate(csv.DictReader(handle), start=2)
            ]
    except (OSError, KeyError, UnicodeDecodeError, csv.Error) as exc:
        raise ConfigurationError(f"{path} is not an Emergent CSV ({', '.join(COLUMNS)}): {exc!r}") from exc
    if not rows:
        raise ConfigurationError(f"{path} has no rows")
    unknown = {r.stance for r in rows} - set(LABELS)
    if unknown:
        raise ConfigurationError(f"{path}: stances {sorted(unknown)} are not among {list(LABELS)}")
    return rows
