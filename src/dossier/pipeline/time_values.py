"""TIMEX3 values: the arithmetic of dates, which ``timex`` applies to what it reads.

A period written as a duration ("P2Y6M"), a date shifted by whole units, a reference value cut to a unit's
granularity, the year a month named without one means, the date a bare weekday means, a two-digit year's
century.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Literal

from text_to_num import text2num

from dossier.pipeline import lexicons

TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
Tense = Literal["past", "future"] | None

UNITS: Mapping[str, str] = lexicons.table("timex_units")
CLOCK_UNITS = lexicons.words("clock_units")
# A fraction of a unit is written in the next smaller one: "2 1/2 years" → P2Y6M, "a minute and a half" → PT1M30S.
_SMALLER = {"year": ("month", 12), "week": ("day", 7), "day": ("hour", 24), "hour": ("minute", 60), "minute": ("second", 60)}


def period(amount: float | None, unit: str) -> str:
    """A TIMEX3 duration of ``amount`` units ("P3M", "PT3M", "P2Y6M"); None is an unknown amount ("PXY")."""
    letter = UNITS[unit]
    if amount is not None and not float(amount).is_integer() and unit in _SMALLER:
        smaller, factor = _SMALLER[unit]
        date_part = time_part = ""
        for part_unit, number in ((unit, int(amount)), (smaller, round((amount - int(amount)) * factor))):
            if number and part_unit in CLOCK_UNITS:
                time_part += f"{number}{UNITS[part_unit]}"
            elif number:
                date_part += f"{number}{UNITS[part_unit]}"
        return "P" + date_part + (f"T{time_part}" if time_part else "")
    count = "X" if amount is None else str(int(amount))
    if unit == "decade":
        return f"P{count}0Y" if amount is not None else "PXDE"
    if unit == "century":
        return f"P{count}00Y" if amount is not None else "PXCE"
    if unit == "quarter":
        return f"P{count}Q"
    return f"PT{count}{letter}" if unit in CLOCK_UNITS else f"P{count}{letter}"


def number_value(text: str) -> float | None:
    """A count written in digits, as "2 1/2", or in words ("twenty-five")."""
    text = text.strip()
    if not text:
        return None
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    if (m := re.fullmatch(r"(\d+)\s+1/2", text)) is not None:
        return int(m.group(1)) + 0.5
    try:
        return float(text2num(text.replace("-", " "), "en"))
    except ValueError:
        return None


def truncated_to(reference: str | None, unit: str) -> str | None:
    """The reference date at a unit's granularity, or None when the reference is coarser than the unit."""
    if reference is None:
        return None
    if unit in {"year", "month", "day"}:
        length = {"year": 4, "month": 7, "day": 10}[unit]
        if len(reference) >= length and re.fullmatch(r"\d{4}(-\d{2}){0,2}", reference[:length]):
            return reference[:length]
        return None
    if unit == "quarter" and re.fullmatch(r"\d{4}-Q\d", reference):
        return reference
    if unit == "week" and re.fullmatch(r"\d{4}-W\d{2}", reference):
        return reference
    if unit == "week" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", reference):
        year, week, _ = date.fromisoformat(reference).isocalendar()
        return f"{year}-W{week:02d}"
    return None


def date_within(reference: str | None, dct: date | None) -> date | None:
    """A point inside the reference value to count from; the publication date when it has none."""
    if reference is None:
        return dct
    if (m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", reference[:10])) is not None:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if (m := re.fullmatch(r"(\d{4})-(\d{2})", reference)) is not None:
        return date(int(m.group(1)), int(m.group(2)), 15)
    if (m := re.fullmatch(r"(\d{4})-Q(\d)", reference)) is not None:
        return date(int(m.group(1)), int(m.group(2)) * 3 - 1, 15)
    if (m := re.fullmatch(r"(\d{4})", reference)) is not None:
        return date(int(m.group(1)), 7, 1)
    return dct


def shifted(unit: str, amount: int, dct: date | None) -> str:
    """The value of the unit that holds ``dct``, ``amount`` units later (earlier when negative)."""
    if dct is None:
        return "XXXX"
    if unit == "year":
        return str(dct.year + amount)
    if unit == "decade":
        return str(dct.year // 10 + amount)
    if unit == "century":
        return f"{dct.year // 100 + amount:02d}"
    if unit == "month":
        index = dct.year * 12 + dct.month - 1 + amount
        return f"{index // 12}-{index % 12 + 1:02d}"
    if unit in {"week", "weekend"}:
        year, week, _ = (dct + timedelta(weeks=amount)).isocalendar()
        return f"{year}-W{week:02d}" + ("-WE" if unit == "weekend" else "")
    if unit == "quarter":
        index = dct.year * 4 + (dct.month - 1) // 3 + amount
        return f"{index // 4}-Q{index % 4 + 1}"
    return (dct + timedelta(days=amount)).isoformat()


# A month named without a year is the one nearest publication, unless the tense says the other side and
# it is further away than this: "in December" said in January with a past verb is last December.
TENSE_OVERRIDE_DAYS = 31
# Without a tense, a month more than a quarter ahead is more likely the one before: news reports far more
# than it forecasts ("the Oct. 23 slaying" in May is last October's).
UNTENSED_AHEAD_DAYS = 92


def year_for(month: int, day: int | None, dct: date | None, tense: Tense) -> int | None:
    """The year of a month (and day) named without one."""
    if dct is None:
        return None
    target = date(dct.year, month, min(day or 15, 28))
    nearest = min((dct.year - 1, dct.year, dct.year + 1), key=lambda y: abs((target.replace(year=y) - dct).days))
    distance = (target.replace(year=nearest) - dct).days
    if tense == "past" and distance > TENSE_OVERRIDE_DAYS:
        return nearest - 1
    if tense == "future" and distance < -TENSE_OVERRIDE_DAYS:
        return nearest + 1
    if tense is None and distance > UNTENSED_AHEAD_DAYS:
        return nearest - 1
    return nearest


def weekday_date(weekday: int, dct: date | None, tense: Tense, strict: bool = False) -> str:
    """The named weekday nearest publication on the tense's side, or without a tense within the five days
    before publication, that day or the day after; ``strict`` excludes publication day itself ("last Monday" said
    on a Monday is a week ago)."""
    if dct is None:
        return "XXXX-WXX-" + str(weekday + 1)
    delta = weekday - dct.weekday()
    if tense == "future":
        delta = delta if delta > 0 or (delta == 0 and not strict) else delta + 7
    elif tense == "past":
        delta = delta if delta < 0 or (delta == 0 and not strict) else delta - 7
    elif delta > 1:
        delta -= 7  # news mostly reports the past week, and announces the next day at most
    elif delta < -5:
        delta += 7
    return (dct + timedelta(days=delta)).isoformat()


def full_year(two_digits: int, dct: date | None) -> str:
    """A two-digit year in the century that puts it at most a few years after publication."""
    today = dct.year if dct else 2000
    year = today // 100 * 100 + two_digits
    return str(year - 100 if year > today + 10 else year)


def year_or_unknown(year: int | None) -> str:
    return "XXXX" if year is None else str(year)
