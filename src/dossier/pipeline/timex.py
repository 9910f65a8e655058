"""TIMEX3 normalisation: a date, time, duration or set expression → (type, value), against the
publication date.

The expressions come from the parse (spaCy's DATE and TIME entities plus deictic words); this module
reads their *form*, which is what date-normalisation patterns are for (HeidelTime works the same way).
Where a bare weekday or month could point either way, the tense of the governing verb decides.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Literal

from text_to_num import text2num

TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
Tense = Literal["past", "future"] | None

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
UNITS = {"year": "Y", "month": "M", "week": "W", "day": "D", "hour": "H", "minute": "M", "second": "S",
         "decade": "DE", "century": "CE", "quarter": "Q"}
TIME_UNITS = {"hour", "minute", "second"}
SET_ADVERBS = {"annually": "P1Y", "yearly": "P1Y", "monthly": "P1M", "weekly": "P1W", "daily": "P1D", "hourly": "PT1H"}
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI"}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
DEICTIC: dict[str, tuple[TimexType, str]] = {"now": ("DATE", "PRESENT_REF"), "currently": ("DATE", "PRESENT_REF"), "recently": ("DATE", "PAST_REF"),
           "today": ("DATE", "0"), "yesterday": ("DATE", "-1"), "tomorrow": ("DATE", "+1"),
           "tonight": ("TIME", "NI"), "the future": ("DATE", "FUTURE_REF"), "the past": ("DATE", "PAST_REF")}

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_LEADING = re.compile(r"^(the|this past|the past|in|on|at|by|since|until|from|during|of|for|fiscal)\s+")
_SPELLED_YEAR = re.compile(r"^(eighteen|nineteen|twenty)\s+(.+)$")  # "nineteen ninety-six"
_CENTURIES = {"eighteen": 1800, "nineteen": 1900, "twenty": 2000}
# Words that move a point inside its period without changing its TIMEX3 value ("late last year" → 2023).
_POSITION = re.compile(
    r"^(?:(?:the\s+)?(?:end|beginning|start|middle|rest|remainder)\s+of|late|early|mid|earlier|later|latter\s+part\s+of)\s+"
)
_AMOUNT_QUALIFIER = re.compile(
    r"^(?:only|just|about|nearly|almost|more than|less than|fewer than|at least|up to|some|around|over|roughly|"
    r"another|the next|the past|the last|the first|the previous|the coming|past|last|next|first|previous|coming|"
    r"recent|the)\s+"
)

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_MONTH_DAY_YEAR = re.compile(rf"^(?:\w+day,?\s+)?({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?$")
_DAY_MONTH_YEAR = re.compile(rf"^(?:\w+day,?\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH})\.?(?:,?\s+(\d{{4}}))?$")
_MONTH_YEAR = re.compile(rf"^(?:early|mid|late|mid-)?\s*({_MONTH})\.?(?:,?\s+(?:of\s+)?(\d{{4}}))?$")
_YEAR = re.compile(r"^(?:early|mid|late|mid-)?\s*(?:in\s+)?(\d{4})$")
_DECADE = re.compile(r"^(?:the\s+)?(?:early|mid|late)?\s*(\d{3})0'?s$")
_NAMED_RELATIVE = re.compile(rf"^(last|this|next|coming|past)\s+({_MONTH}|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\.?$")
_MONTH_RELATIVE_YEAR = re.compile(rf"^({_MONTH})\.?\s+(last|this|next)\s+year$")
_THE_PERIOD = re.compile(r"^(?:the|this|that)\s+(year|month|week|quarter)$|^(year)'s\s+end$")
_RELATIVE = re.compile(r"^(?:earlier|later|late|early|mid|the end of|the beginning of)?\s*(last|this|next|past|coming|previous|latest)\s+(year|month|week|quarter|decade|weekend)$")
_AGO = re.compile(r"^(.+?)\s+(year|month|week|day|decade)s?\s+(ago|earlier|before|later|from now)$")
_DURATION = re.compile(r"^(.*?)\s*(?:(?:trading|business|working|straight|consecutive|full|calendar)\s+)?(year|month|week|day|hour|minute|second|decade|century|quarter)s?$")
_QUARTER = re.compile(r"^(?:the\s+)?(first|second|third|fourth|1st|2nd|3rd|4th)\s+(quarter|half)(?:\s+of\s+(\d{4}))?$")
_SEASON = re.compile(r"^(?:this|last|next|the)?\s*(spring|summer|fall|autumn|winter)(?:\s+of)?\s*(\d{4})?$")
_CLOCK = re.compile(r"^(\d{1,2})(?::(\d{2}))?\s*(a\.?m\.?|p\.?m\.?)?(?:\s+\w+)?$")
_PART_OF_DAY = re.compile(r"^(this|yesterday|tomorrow|last|monday|tuesday|wednesday|thursday|friday|saturday|sunday)?\s*(morning|afternoon|evening|night)$")
_SET = re.compile(r"^(?:each|every|per|a)\s+(year|month|week|day|hour|morning|night)$")


def normalize(text: str, dct: date | None, tense: Tense = None) -> tuple[TimexType, str] | None:
    """TIMEX3 type and value of an expression, or None when its form is not understood."""
    phrase = " ".join(text.lower().replace("’", "'").split()).strip(" .,:;")
    phrase = re.sub(r"(?<=[a-z0-9])-(?=[a-z])", " ", phrase)  # "third-quarter", "several-year", "30-year"
    if phrase in SET_ADVERBS:
        return "SET", SET_ADVERBS[phrase]
    if (match := _SET.match(phrase)) is not None:
        unit = match.group(1)
        if unit in PARTS_OF_DAY:
            return "SET", f"XXXX-XX-XXT{PARTS_OF_DAY[unit]}"
        return "SET", _period(1, unit)
    if phrase in DEICTIC:
        kind, value = DEICTIC[phrase]
        return kind, _deictic(value, dct)
    stripped = _POSITION.sub("", _LEADING.sub("", phrase))
    stripped = _LEADING.sub("", stripped)
    if stripped in DEICTIC:
        kind, value = DEICTIC[stripped]
        return kind, _deictic(value, dct)
    for reader in (_calendar, _relative, _duration, _clock):
        found = reader(stripped, dct, tense)
        if found is not None:
            return found
    return None


def _deictic(value: str, dct: date | None) -> str:
    if value in {"0", "-1", "+1"}:
        return (dct + timedelta(days=int(value))).isoformat() if dct else "XXXX-XX-XX"
    if value == "NI":
        return f"{dct.isoformat()}TNI" if dct else "XXXX-XX-XXTNI"
    return value


def _calendar(phrase: str, dct: date | None, tense: Tense) -> tuple[TimexType, str] | None:
    if (m := _ISO.match(phrase)) is not None:
        return "DATE", f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    for pattern, month_group, day_group in ((_MONTH_DAY_YEAR, 1, 2), (_DAY_MONTH_YEAR, 2, 1)):
        if (m := pattern.match(phrase)) is not None:
            month, day = MONTHS[m.group(month_group)], int(m.group(day_group))
            year = int(m.group(3)) if m.group(3) else _year_for(month, day, dct, tense)
            return "DATE", f"{_y(year)}-{month:02d}-{day:02d}"
    if (m := _MONTH_YEAR.match(phrase)) is not None:
        month = MONTHS[m.group(1)]
        year = int(m.group(2)) if m.group(2) else _year_for(month, None, dct, tense)
        return "DATE", f"{_y(year)}-{month:02d}"
    if (m := _YEAR.match(phrase)) is not None:
        return "DATE", m.group(1)
    if (m := _SPELLED_YEAR.match(phrase)) is not None:
        rest = _number(m.group(2))
        if rest is not None and 0 < rest < 100 and float(rest).is_integer():
            return "DATE", str(_CENTURIES[m.group(1)] + int(rest))
    if (m := _DECADE.match(phrase)) is not None:
        return "DATE", m.group(1)
    if phrase in WEEKDAYS or (phrase.endswith("s") and phrase[:-1] in WEEKDAYS):
        if phrase.endswith("s") and phrase[:-1] in WEEKDAYS:
            return "SET", f"XXXX-WXX-{WEEKDAYS[phrase[:-1]] + 1}"
        return "DATE", _weekday(WEEKDAYS[phrase], dct, tense)
    if (m := _QUARTER.match(phrase)) is not None:
        number = ORDINALS[m.group(1)]
        named_year = m.group(3) or (str(dct.year) if dct else "XXXX")
        return "DATE", f"{named_year}-{'Q' if m.group(2) == 'quarter' else 'H'}{number}"
    if (m := _SEASON.match(phrase)) is not None:
        season_year = m.group(2) or (str(_shift_year(phrase, dct)) if dct else "XXXX")
        return "DATE", f"{season_year}-{SEASONS[m.group(1)]}"
    if (m := _PART_OF_DAY.match(phrase)) is not None:
        anchor = m.group(1) or "this"
        day = {"yesterday": -1, "tomorrow": 1, "last": -1}.get(anchor, 0)
        if anchor in WEEKDAYS:
            base = _weekday(WEEKDAYS[anchor], dct, tense)
        else:
            base = (dct + timedelta(days=day)).isoformat() if dct else "XXXX-XX-XX"
        return "TIME", f"{base}T{PARTS_OF_DAY[m.group(2)]}"
    return None


def _relative(phrase: str, dct: date | None, tense: Tense) -> tuple[TimexType, str] | None:
    if (m := _NAMED_RELATIVE.match(phrase)) is not None:
        direction: Tense = "past" if m.group(1) in {"last", "past"} else "future" if m.group(1) in {"next", "coming"} else tense
        name = m.group(2)
        if name in WEEKDAYS:
            return "DATE", _weekday(WEEKDAYS[name], dct, direction)
        year = _year_for(MONTHS[name], None, dct, direction) if m.group(1) != "this" else (dct.year if dct else None)
        return "DATE", f"{_y(year)}-{MONTHS[name]:02d}"
    if (m := _MONTH_RELATIVE_YEAR.match(phrase)) is not None:
        year = None if dct is None else dct.year + {"last": -1, "this": 0, "next": 1}[m.group(2)]
        return "DATE", f"{_y(year)}-{MONTHS[m.group(1)]:02d}"
    if phrase == "weekend":  # "the weekend": the one just past when the verb is past
        return "DATE", _shifted("weekend", -1 if tense == "past" else 0, dct)
    if (m := _THE_PERIOD.match(phrase)) is not None:
        return "DATE", _shifted(m.group(1) or m.group(2), 0, dct)
    if (m := _RELATIVE.match(phrase)) is not None:
        step = {"last": -1, "past": -1, "previous": -1, "latest": -1, "this": 0, "next": 1, "coming": 1}[m.group(1)]
        return "DATE", _shifted(m.group(2), step, dct)
    if (m := _AGO.match(phrase)) is not None:
        amount = 1.0 if m.group(1) in {"a", "an", "one"} else _number(m.group(1))
        if amount is None:
            return None
        sign = 1 if m.group(3) in {"later", "from now"} else -1
        return "DATE", _shifted(m.group(2), sign * int(amount), dct)
    return None


def _duration(phrase: str, dct: date | None, tense: Tense) -> tuple[TimexType, str] | None:
    phrase = re.sub(r"\s+(or so|long|old)$", "", phrase)
    if re.match(r"^recent\s+\w+s$", phrase):
        return "DATE", "PAST_REF"  # "recent years"
    while (shorter := _AMOUNT_QUALIFIER.sub("", phrase)) != phrase:
        phrase = shorter
    m = _DURATION.match(phrase)
    if m is None:
        return None
    amount_text, unit = m.group(1), m.group(2)
    if not amount_text and phrase.endswith("s"):
        return "DURATION", _period(None, unit)  # "years", "decades"
    amount = _number(amount_text) if amount_text else None
    if amount is None:
        if amount_text in {"", "a", "an", "one", "the"}:
            amount = 1
        elif amount_text in {"several", "few", "a few", "many", "some", "recent", "coming", "a couple of", "couple of"}:
            return "DURATION", _period(None, unit)
        else:
            return None
    return "DURATION", _period(amount, unit)


def _clock(phrase: str, dct: date | None, tense: Tense) -> tuple[TimexType, str] | None:
    m = _CLOCK.match(phrase)
    if m is None or m.group(3) is None:
        return None
    hour, minute = int(m.group(1)), int(m.group(2) or 0)
    if m.group(3).startswith("p") and hour < 12:
        hour += 12
    day = dct.isoformat() if dct else "XXXX-XX-XX"
    return "TIME", f"{day}T{hour:02d}:{minute:02d}"


def _period(amount: float | None, unit: str) -> str:
    letter = UNITS[unit]
    count = "X" if amount is None else (str(int(amount)) if float(amount).is_integer() else str(amount))
    if unit == "decade":
        return f"P{count}0Y" if amount is not None else "PXDE"
    if unit == "quarter":
        return f"P{count}Q"
    return f"PT{count}{letter}" if unit in TIME_UNITS else f"P{count}{letter}"


def _number(text: str) -> float | None:
    text = text.strip()
    if not text:
        return None
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    try:
        return float(text2num(text.replace("-", " "), "en"))
    except ValueError:
        return None


def _shifted(unit: str, amount: int, dct: date | None) -> str:
    if dct is None:
        return "XXXX"
    if unit == "year":
        return str(dct.year + amount)
    if unit == "decade":
        return str(dct.year // 10 + amount)
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


def _year_for(month: int, day: int | None, dct: date | None, tense: Tense) -> int | None:
    """The year of a month (and day) given without one: the one that puts it nearest publication, unless
    the tense says the other side and the date is more than a month away ("in December" said in January)."""
    if dct is None:
        return None
    target = date(dct.year, month, min(day or 15, 28))
    nearest = min((dct.year - 1, dct.year, dct.year + 1), key=lambda y: abs((target.replace(year=y) - dct).days))
    distance = (target.replace(year=nearest) - dct).days
    if tense == "past" and distance > 31:
        return nearest - 1
    if tense == "future" and distance < -31:
        return nearest + 1
    return nearest


def _weekday(weekday: int, dct: date | None, tense: Tense) -> str:
    if dct is None:
        return "XXXX-WXX-" + str(weekday + 1)
    delta = weekday - dct.weekday()
    if tense == "future":
        delta = delta if delta > 0 else delta + 7
    elif tense == "past":
        delta = delta if delta <= 0 else delta - 7
    elif delta > 3:
        delta -= 7  # no tense: the nearest such day
    elif delta < -3:
        delta += 7
    return (dct + timedelta(days=delta)).isoformat()


def _shift_year(phrase: str, dct: date) -> int:
    return dct.year + (-1 if phrase.startswith("last") else 1 if phrase.startswith("next") else 0)


def _y(year: int | None) -> str:
    return "XXXX" if year is None else str(year)
