"""Country names, spellings, capitals, demonyms and seats of power → ISO 3166 alpha-3.

Names, official and alternative spellings, capitals and demonyms come from the
``countryinfo`` package. News also names a state by its seat of power ("the
Kremlin", "Downing Street") or by short forms the package lacks ("U.S.", "DPRK");
those are kept by hand in ``lexicons/country_seats_and_short_forms.json``, small
enough to review at a glance.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

import countryinfo

from dossier.pipeline import lexicons

TermKind = Literal["name", "capital", "demonym", "seat"]


@dataclass(frozen=True, slots=True)
class CountryTerm:
    code: str
    country: str
    kind: TermKind


_SEATS_AND_SHORT_FORMS: dict[str, tuple[str, TermKind]] = {
    surface: (code, kind) for surface, (code, kind) in lexicons.table("country_seats_and_short_forms").items()
}
_TWO_LETTER_NAMES = lexicons.words("country_two_letter_names")


@cache
def country_terms() -> dict[str, CountryTerm]:
    """Surface form (exact case) → country term."""
    terms: dict[str, CountryTerm] = {}
    # Where two countries share a spelling or demonym ("American"), the more populous one is meant far more often.
    entries = sorted(
        (c.info() for c in countryinfo.all_countries()), key=lambda i: -(i.get("population") or 0)
    )
    for info in entries:
        code = (info.get("ISO") or {}).get("alpha3")
        name = info.get("name")
        if not code or not name:
            continue
        _add(terms, name, CountryTerm(code, name, "name"))
        for spelling in info.get("altSpellings") or ():
            if len(spelling) > 3 or spelling in _TWO_LETTER_NAMES or (len(spelling) == 3 and spelling == code):
                _add(terms, spelling, CountryTerm(code, name, "name"))
        for capital in _as_list(info.get("capital")):
            _add(terms, capital, CountryTerm(code, name, "capital"))
        for demonym in _as_list(info.get("demonym")):
            _add(terms, demonym, CountryTerm(code, name, "demonym"))
            _add(terms, demonym + "s", CountryTerm(code, name, "demonym"))
    names_by_code = {t.code: t.country for t in terms.values() if t.kind == "name"}
    for surface, (code, kind) in _SEATS_AND_SHORT_FORMS.items():
        terms[surface] = CountryTerm(code, names_by_code.get(code, surface), kind)
    return terms


def _as_list(value: str | list[str] | None) -> list[str]:
    if not value:
        return []
    return [value] if isinstance(value, str) else list(value)


def _add(terms: dict[str, CountryTerm], surface: str, term: CountryTerm) -> None:
    # First writer wins: an official name is never overwritten by another country's spelling or capital.
    terms.setdefault(surface.strip(), term)


@cache
def _folded() -> dict[str, CountryTerm]:
    return {surface.casefold(): term for surface, term in reversed(country_terms().items())}


def lookup(surface: str) -> CountryTerm | None:
    """Exact match first, then case-insensitive (for spans the NER model already judged to be names)."""
    text = surface.strip()
    if text.lower().startswith("the "):
        text = text[4:]
    return country_terms().get(text) or _folded().get(text.casefold())
