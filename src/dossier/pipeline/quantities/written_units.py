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
_SCALES: Mapping[str, float] = lexicons.table("number_scales")
_GLUED_MINOR_CURRENCIES: Mapping[str, str] = lexicons.table("glued_minor_currencies")
_DISPLAY_RESOLUTIONS = lexicons.words("display_resolutions")
_NUMBER_AND_UNIT = re.compile(r"^(\d+(?:\.\d+)?)([a-zA-Z]+[23²³]?|[^\s\d.,])$")  # "240mm", "115USD", "100元"
# "USD115.5", "HK$10", "US55,931,000" after a "$", "Y=28,030"
# and a scale letter after the figure: "PS8.1bn"
_UNIT_AND_NUMBER = re.compile(
    r"^([A-Za-z]{1,4}\$?|[A-Za-z]=|[^\w\s])((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(bn|mn|tn|[mbkMBK])?$"
)
_ASCII_SIGNS: Mapping[str, str] = lexicons.table("currency_signs_in_ascii")


def number_and_unit(token: Token) -> tuple[float, str] | None:
    """A number written together with its unit, and that unit: "240mm", "115USD", "100元", "USD115.5", "HK$10",
    "$US55,931,000" (the "$" a token of its own), "PS6m" and "Y=28,030" (signs as ASCII transliterates them)."""
    glued = _money_glued(token)
    if glued is not None:
        return glued
    number_first = _NUMBER_AND_UNIT.match(token.text)
    if number_first is None or number_first.group(2).lower() in _ORDINAL_SUFFIXES:
        return None
    unit = unit_name(number_first.group(2))  # a unit of measure comes after the number, never before
    return (float(number_first.group(1)), unit) if unit is not None else None


def glued_money(token: Token) -> bool:
    """Whether a token is an amount written together with its currency: "USD115.5", "25€", "HK$10"."""
    return _money_glued(token) is not None


def _money_glued(token: Token) -> tuple[float, str] | None:
    scale = 1.0
    if (number_first := _NUMBER_AND_UNIT.match(token.text)) is not None:
        value_text, unit_text = number_first.group(1), number_first.group(2)
    elif (unit_first := _UNIT_AND_NUMBER.match(token.text)) is not None:
        value_text, unit_text = unit_first.group(2), unit_first.group(1)
        scale = _SCALES[unit_first.group(3).lower()] if unit_first.group(3) else 1.0  # "PS8.1bn"
    else:
        return None
    code = currencies.by_code(unit_text)
    unit = code[0] if code is not None and code[1] == 1.0 else currencies.by_sign(unit_text)
    if unit is None and number_first is None:
        unit = _written_apart_from_dollar(token, unit_text) or _ascii_sign(token, unit_text, value_text, scale != 1.0)
    elif unit is None and number_first is not None:
        unit = _minor_unit(unit_text, value_text)
    return (float(value_text.replace(",", "")) * scale, unit) if unit is not None else None


def _minor_unit(letters: str, value_text: str) -> str | None:
    """"164p", "118.5p": pence written together with the figure; but "1080p" is a display's resolution."""
    if letters not in _GLUED_MINOR_CURRENCIES or value_text in _DISPLAY_RESOLUTIONS:
        return None
    return str(_GLUED_MINOR_CURRENCIES[letters])


def _written_apart_from_dollar(token: Token, letters: str) -> str | None:
    """"$US55,931,000", "$A82,615,680": the tokenizer splits the "$" off the letters that say whose dollar."""
    before = token.nbor(-1) if token.i > 0 else None
    if before is None or before.text != "$" or before.whitespace_ or not letters.isalpha():
        return None
    return currencies.dollar_of(letters)


def _ascii_sign(token: Token, sign: str, value_text: str, scaled: bool) -> str | None:
    """"PS6m", "PS21,700", "Y=28,030": a sign as an ASCII transliteration writes it ("£" → "PS"), read only on an
    amount that looks like money (grouped, decimal or scaled), since "PS5" is a games console."""
    if sign not in _ASCII_SIGNS:
        return None
    following = token.nbor(1).lower_.rstrip(".") if token.i + 1 < len(token.doc) else ""
    if scaled or "," in value_text or "." in value_text or (following in _SCALES and not token.whitespace_):
        return str(_ASCII_SIGNS[sign])
    return None


def glued_unit(token: Token) -> str | None:
    """The unit of a number written together with it ("240mm" → millimetre); None for any other token."""
    glued = number_and_unit(token)
    return glued[1] if glued is not None else None


def currency_token(token: Token) -> tuple[str, float] | None:
    """A currency written as one token, and any scale it carries: "$", "€", "USD", "MUSD", "usd$", and a Reuters
    code for a currency's rate ("108.79 JPY=")."""
    text = token.text[:-1] if len(token.text) == 4 and token.text.endswith("=") and token.text[:3].isupper() else token.text
    by_code = currencies.by_code(text)
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


def _unit_in_a_quotient(word: str) -> str | None:
    """A unit on either side of a "/", where a symbol that is a word alone ("A", "g") can only be a unit."""
    name = unit_name(word)
    if name is None and word.isalpha():
        try:
            name = str(_registry().parse_units(word))
        except Exception:  # noqa: BLE001 (see unit_name)
            return None
        name = _UNIT_NAMES.get(name, name.replace("_", " "))
    return name


@cache
def unit_name(word: str) -> str | None:
    """The unit a word names, in dossier's vocabulary ("km" → kilometre, "meters" → metre); None for a word that
    names none."""
    if word.lower() in _UNIT_ABBREVIATIONS:
        return _UNIT_ABBREVIATIONS[word.lower()]
    if word.count("/") == 1 and len(word) > 2:  # "kV/cm", "A/cm2", "km/h": one unit per another
        over, under = (_unit_in_a_quotient(part) for part in word.split("/"))
        return f"{over} per {under}" if over is not None and under is not None else None
    if len(word) > 1 and word[-1] in _POWERS:  # "km2", "m³"
        base = unit_name(word[:-1])
        return f"{_POWERS[word[-1]]} {base}" if base is not None else None
    if word.lower() in _NOT_UNITS or not word.isalpha():
        return None
    if word.istitle() and word.endswith("s") and len(word) > 3:  # "2500 Calories", "40 Watts" as a title writes them
        return unit_name(word.lower())
    try:
        unit = _registry().parse_units(word)
    except Exception:  # noqa: BLE001 (pint raises AssertionError, among others, on some letters: "3 ﷺ")
        return None
    name = str(unit)
    return _UNIT_NAMES.get(name, name.replace("_", " "))
