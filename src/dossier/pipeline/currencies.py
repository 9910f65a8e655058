"""Currencies by ISO 4217 code, sign and English name, from the Unicode CLDR data that Babel ships.

A currency is named in the vocabulary of the CQE evaluation sets, which the contract adopts: CLDR's
English name in lower case ("swiss franc", "georgian lari", "mexican peso"), except where CQE says
otherwise (the US dollar is "dollar", the British pound "pound sterling").

Names come from Babel's English locale at run time. Signs ("₾", "R$", "zł") are spread over every
territory's locale, and loading them all costs about 100 MB, so ``build_sign_table`` collects them once
into ``currency_signs.json`` beside this module (``scripts/build_currency_signs.py``; a test checks the
file against Babel).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.languages import get_official_languages
from babel.numbers import get_currency_name, get_territory_currencies

from dossier.pipeline import lexicons

_NAMES_DIFFERING_FROM_CLDR: Mapping[str, str] = lexicons.table("currency_names_differing_from_cldr")
_UNLISTED: Mapping[str, str] = lexicons.table("currencies_unlisted")
_SHARED_SIGNS: Mapping[str, str] = lexicons.table("currency_shared_signs")
_LOWER_CASE_CODES = lexicons.words("currency_codes_in_lower_case")
_WORD_CODES = lexicons.words("currency_codes_that_are_words")
# Scale letters written before a code in finance: "30 MUSD", "MEUR 120", "kSEK 500".
_CODE_SCALES = {"M": 1e6, "K": 1e3, "k": 1e3, "B": 1e9, "BN": 1e9}
_SCALED_CODE = re.compile(r"^(M|K|k|B|BN)([A-Z]{3})$")
# "usd$", "mxn$", "HK$", "C$": letters that say whose dollar (or peso) a "$" is.
_LETTERED_DOLLAR = re.compile(r"^([A-Za-z]{1,3})\$$")
_DOLLAR_LETTERS: Mapping[str, str] = lexicons.table("dollar_letters")


@cache
def _names() -> dict[str, str]:
    """ISO code → name, for the currencies in use (CLDR marks withdrawn ones with their years)."""
    english = Locale("en")
    return {
        code: _NAMES_DIFFERING_FROM_CLDR.get(code, name.lower())
        for code, name in english.currencies.items()
        if "(" not in name and len(code) == 3
    }


SIGN_TABLE = Path(__file__).with_name("currency_signs.json")


def build_sign_table() -> dict[str, str]:
    """Sign → ISO code, from every territory's official languages; a sign shared by several currencies
    is kept only where one of them is the sign's usual meaning."""
    codes_by_sign: dict[str, set[str]] = {}
    for territory in get_global("territory_currencies"):
        codes = get_territory_currencies(territory)
        for language in get_official_languages(territory):
            try:
                symbols = Locale.parse(f"{language}_{territory}").currency_symbols
            except (UnknownLocaleError, ValueError):
                continue
            for code in codes:
                sign = symbols.get(code)
                if sign and sign != code and not (len(sign) == 1 and sign.isascii() and sign.isalpha()):
                    codes_by_sign.setdefault(sign.rstrip(".\u200f"), set()).add(code)
    signs = {sign: next(iter(codes)) for sign, codes in codes_by_sign.items() if len(codes) == 1}
    signs.update(_SHARED_SIGNS)
    return dict(sorted(signs.items()))


@cache
def _signs() -> dict[str, str]:
    table: dict[str, str] = json.loads(SIGN_TABLE.read_text(encoding="utf-8"))
    return table


@cache
def _written_names() -> dict[str, str]:
    """English currency names, singular and plural, in lower case → ISO code: "swiss francs" → CHF."""
    written: dict[str, str] = {}
    for code in _names():
        for count in (1, 2):
            written[get_currency_name(code, count=count, locale="en").lower()] = code
    return written


def by_code(token: str) -> tuple[str, float] | None:
    """A currency code, perhaps scaled ("MUSD" is a million dollars): its name and the scale."""
    if token in _UNLISTED or token.lower() in {"rmb", "btc", "xbt"}:
        return _UNLISTED[token.lower()], 1.0
    if token.isupper() and token in _names() and token not in _WORD_CODES:
        return _names()[token], 1.0
    if token.islower() and token in _LOWER_CASE_CODES:
        return _names()[token.upper()], 1.0
    scaled = _SCALED_CODE.match(token)
    if scaled is not None and scaled.group(2) in _names():
        return _names()[scaled.group(2)], _CODE_SCALES[scaled.group(1)]
    return None


def by_sign(token: str) -> str | None:
    """A currency sign: "€", "₾", "R$", "HK$", "usd$", "Mex$"."""
    if token in _UNLISTED:
        return _UNLISTED[token]
    code = _signs().get(token)
    if code is None and (lettered := _LETTERED_DOLLAR.match(token)) is not None:
        letters = lettered.group(1).lower()
        code = _DOLLAR_LETTERS.get(letters) or (letters.upper() if letters.upper() in _names() else None)
    return _names().get(code) if code is not None else None


def dollar_of(letters: str) -> str | None:
    """Whose dollar letters written apart from the sign name ("C $ 16.4 million", "US $5"): only the usual
    abbreviations, since any word may stand before a "$"."""
    code = _DOLLAR_LETTERS.get(letters.lower())
    return _names()[code] if code is not None else None


def by_name(words: str) -> str | None:
    """A currency's English name of two or more words: "finnish markka", "georgian lari", "swiss francs"."""
    code = _written_names().get(words.lower())
    return _names()[code] if code is not None and " " in words else None


_ENGLISH_WORDS = lexicons.words("currency_last_words_that_are_english")


@cache
def _last_words() -> dict[str, str]:
    """The last word of each English currency name, singular and plural, when only one currency ends in it:
    "baht", "nairas", "zlotys" (but not "dollar" or "dinar", which many countries use)."""
    codes: dict[str, set[str]] = {}
    for name, code in _written_names().items():
        codes.setdefault(name.split()[-1], set()).add(code)
    return {word: next(iter(found)) for word, found in codes.items() if len(found) == 1 and word not in _ENGLISH_WORDS}


def by_last_word(word: str) -> str | None:
    """A currency named by the last word of its name alone: "26 billion baht", "500 million naira"."""
    code = _last_words().get(word.lower())
    return _names()[code] if code is not None else None
