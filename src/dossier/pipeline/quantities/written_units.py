"""Units and currencies as one token or word writes them: a unit's name (pint's, in dossier's vocabulary), a
currency written as a sign, a code or a word, and a number written together with its unit ("240mm", "USD115.5")."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Any

import pint
from spacy.tokens import Token

from dossier.pipeline import currencies, lexicons

_CURRENCY_WORDS: Mapping[str, str] = lexicons.table("currency_words")
_NOT_UNITS = lexicons.words("not_units")
_UNIT_ABBREVIATIONS: Mapping[str, str] = lexicons.table("unit_abbreviations")
_POWERS: Mapping[str, str] = lexicons.table("unit_powers")
_UNIT_NAMES: Mapping[str, str] = lexicons.table("pint_unit_names")
_ORDINAL_SUFFIXES = lexicons.words("ordinal_suffixes")
_NUMBER_AND_UNIT = re.compile(r"^(\d+(?:\.\d+)?)([a-zA-Z]+[23²³]?|[^\s\d.,])$")  # "240mm", "115USD", "100元"
_UNIT_AND_NUMBER = re.compile(r"^([A-Za-z]{1,4}\$?|[^\w\s])(\d+(?:\.\d+)?)$")  # "USD115.5", "HK$10"


def number_and_unit(token: Token) -> tuple[float, str] | None:
    """A number written together with its unit, and that unit: "240mm", "115USD", "100元", "USD115.5", "HK$10"."""
    if (number_first := _NUMBER_AND_UNIT.match(token.text)) is not None:
        value_text, unit_text = number_first.group(1), number_first.group(2)
    elif (unit_first := _UNIT_AND_NUMBER.match(token.text)) is not None:
        value_text, unit_text = unit_first.group(2), unit_first.group(1)
    else:
        return None
    if unit_text.lower() in _ORDINAL_SUFFIXES:
        return None
    code = currencies.by_code(unit_text)
    unit = code[0] if code is not None and code[1] == 1.0 else currencies.by_sign(unit_text)
    if unit is None and number_first is not None:
        unit = unit_name(unit_text)  # a unit of measure comes after the number, never before
    return (float(value_text), unit) if unit is not None else None


def glued_unit(token: Token) -> str | None:
    """The unit of a number written together with it ("240mm" → millimetre); None for any other token."""
    glued = number_and_unit(token)
    return glued[1] if glued is not None else None


def currency_token(token: Token) -> tuple[str, float] | None:
    """A currency written as one token, and any scale it carries: "$", "€", "USD", "MUSD", "usd$"."""
    by_code = currencies.by_code(token.text)
    if by_code is not None:
        return by_code
    sign = currencies.by_sign(token.text)
    return (sign, 1.0) if sign is not None else None


def currency_word(token: Token) -> str | None:
    """A currency written as a word: "dollars", "yen", or the last word of its name alone ("baht", "naira")."""
    return _CURRENCY_WORDS.get(token.lemma_.lower()) or currencies.by_last_word(token.text)


@cache
def _registry() -> pint.UnitRegistry[Any]:
    # Parsing pint's definition files takes a quarter of a second in every process; pint keeps the parsed
    # registry in the user's cache folder (a cache of files it ships, nothing downloaded).
    return pint.UnitRegistry(cache_folder=":auto:")


@cache
def unit_name(word: str) -> str | None:
    """The unit a word names, in dossier's vocabulary ("km" → kilometre, "meters" → metre); None for a word that
    names none."""
    if word.lower() in _UNIT_ABBREVIATIONS:
        return _UNIT_ABBREVIATIONS[word.lower()]
    if len(word) > 1 and word[-1] in _POWERS:  # "km2", "m³"
        base = unit_name(word[:-1])
        return f"{_POWERS[word[-1]]} {base}" if base is not None else None
    if word.lower() in _NOT_UNITS or not word.isalpha():
        return None
    try:
        unit = _registry().parse_units(word)
    except Exception:  # noqa: BLE001 (pint raises AssertionError, among others, on some letters: "3 ﷺ")
        return None
    name = str(unit)
    return _UNIT_NAMES.get(name, name.replace("_", " "))
