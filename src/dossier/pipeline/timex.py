"""TIMEX3 normalisation: a date, time, duration or set expression → (type, value), against the
publication date and, for anaphoric expressions, the date the article last mentioned.

The expressions come from the parse (spaCy's DATE and TIME entities plus deictic words); this module
reads their *form*, which is what date-normalisation patterns are for (HeidelTime works the same way).
Where a bare weekday or month could point either way, the tense of the governing verb decides.
Anaphoric expressions ("that year", "the following month", "a year earlier", "the year-ago quarter")
resolve against ``anchor``, the value of the last date the text named, at that date's granularity; the
publication date stands in when there is none.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, timedelta

from dossier.pipeline import lexicons
from dossier.pipeline.holiday_dates import holiday_date, holiday_names
from dossier.pipeline.time_values import (
    CLOCK_UNITS,
    Tense,
    TimexType,
    date_within,
    full_year,
    number_value,
    period,
    shifted,
    truncated_to,
    weekday_date,
    year_for,
    year_or_unknown,
)

MONTHS: Mapping[str, int] = lexicons.table("months")
WEEKDAYS: Mapping[str, int] = lexicons.table("weekdays")
SET_ADVERBS: Mapping[str, str] = lexicons.table("set_adverbs")
SEASONS: Mapping[str, str] = lexicons.table("seasons")
PARTS_OF_DAY: Mapping[str, str] = lexicons.table("parts_of_day")
CLOCK_WORDS: Mapping[str, str] = lexicons.table("clock_words")
ORDINALS: Mapping[str, int] = lexicons.table("ordinals")
DEICTIC: dict[str, tuple[TimexType, str]] = {
    phrase: (kind, value) for phrase, (kind, value) in lexicons.table("deictic_expressions").items()
}

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY = "|".join(WEEKDAYS)
_ORDINAL = "|".join(ORDINALS)
_UNIT = "year|month|week|day|hour|minute|second|decade|century|quarter"
# Words around an expression that do not change its value: prepositions, possessives, approximators.
_LEADING = re.compile(
    r"^(?:the|this past|the past|in|on|by|since|until|from|during|of|for|between|its|their|his|her|our|"
    r"about|around|approximately|roughly|nearly|almost|just|barely|only|sometime|as early as|as late as|"
    r"no later than|no earlier than|each of|at|as of)\s+"
)
# Words that move a point inside its period without changing its TIMEX3 value ("late last year" → 2023).
_POSITION = re.compile(
    r"^(?:(?:the\s+)?(?:end|beginning|start|middle|rest|remainder)\s+of|late|early|mid|earlier|later|latter\s+part\s+of)\s+"
)
_AMOUNT_QUALIFIER = re.compile(
    r"^(?:only|just|about|nearly|almost|barely|more than|less than|fewer than|no more than|at least|at most|up to|"
    r"as long as|as much as|some|around|over|under|roughly|another|an additional|additional|the next|the past|"
    r"the last|the first|the previous|the latest|the coming|the|past|last|next|first|previous|latest|coming|recent)\s+"
)

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_MONTH_DAY_YEAR = re.compile(rf"^(?:(?:{_WEEKDAY}),?\s+)?({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?$")
_DAY_MONTH_YEAR = re.compile(rf"^(?:(?:{_WEEKDAY}),?\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH})\.?(?:,?\s+(\d{{4}}))?$")
_MONTH_YEAR = re.compile(rf"^({_MONTH})\.?(?:,?\s+(?:of\s+)?(\d{{4}}))?$")
_YEAR = re.compile(r"^([12]\d{3})$|^'(\d{2})$")  # "0735 GMT" is a clock time; "since '82"
_NUMERIC_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})$")  # American order: "7/8/07"
_DECADE = re.compile(r"^(\d{3})0'?s$|^'?(\d)0'?s$")
_DECADE_WORDS: Mapping[str, int] = lexicons.table("decade_words")
_CENTURY = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)\s+century$")
_SPELLED_YEAR = re.compile(
    r"\b(eighteen|nineteen|twenty)\s+((?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)|"
    r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:\s+(?:one|two|three|four|five|six|seven|eight|nine))?)\b"
    r"|\b(?:the\s+year\s+)(two\s+thousand(?:\s+(?:and\s+)?[a-z]+)?)$"
)
_CENTURIES = {"eighteen": 1800, "nineteen": 1900, "twenty": 2000}
_NAMED_RELATIVE = re.compile(rf"^(last|this|next|coming|past|previous|the previous|this coming)\s+({_MONTH}|{_WEEKDAY})\.?$")
_SIDE_OF_DATE = re.compile(rf"^(last|next)\s+((?:{_MONTH})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?)$")  # "last Oct. 23"
_MONTH_RELATIVE_YEAR = re.compile(rf"^({_MONTH})\.?\s+(?:of\s+)?(last|this|next)\s+year$")
_THE_PERIOD = re.compile(r"^(?:the|this)\s+(?:(?:full|entire|whole)\s+)?(year|month|week)$|^(year)'s\s+end$")
_RELATIVE = re.compile(r"^(last|this|next|past|coming|previous|latest|current)\s+(year|month|week|quarter|decade|weekend|century)$")
_ANAPHORIC = re.compile(r"^(?:that|the same)\s+(day|week|month|year|quarter|morning|afternoon|evening|night)$")
_FOLLOWING = re.compile(r"^(?:the\s+)?(following|previous|preceding|prior)\s+(day|week|month|year|quarter|morning|evening|night)$"
                        r"|^the\s+(next)\s+(day|morning|afternoon|evening|night)$")
# "The day before Thanksgiving"; alone, beside the date last named: "down from the day before"
_NEXT_TO_DATE = re.compile(r"^(?:the\s+)?(day|week|month|year)\s+(before|after)(?:\s+(.+))?$")
_YEAR_PERIOD = re.compile(r"^(?:the\s+)?(\d{4})\s+(?:quarter|period)$")
_THE_QUARTER = re.compile(r"^(?:the|that)\s+quarter$|^the\s+latest\s+period$")  # results come by the quarter
_YEAR_END = re.compile(r"^year\s+end$")
# "The same period last year", "the corresponding month a year ago": the period named before, a year back.
SAME_PERIOD_WORDS = lexicons.entries("same_period_words")
_SAME = "|".join(SAME_PERIOD_WORDS)
_YEAR_AGO = re.compile(rf"^(?:(?:the|a)\s+)?(?:(?:{_SAME})\s+)?(?:year\s+(?:ago|earlier)|(?:last|previous|prior)\s+year's)(?:\s+(.+))?$"
                       r"|^(?:the\s+)?(.+?)\s+a\s+year\s+(?:ago|earlier)$"
                       rf"|^(?:the\s+)?((?:{_SAME})\s+\w+)\s+(?:of\s+)?(?:the\s+)?(?:last|previous|prior)\s+year$")
_SAME_PERIOD = re.compile(rf"\b(?:{_SAME})\s+(?:month|period)\b")
_AGO = re.compile(r"^(.+?)\s+(year|month|week|day|decade|hour|minute)s?\s+(ago|earlier|before|later|from now|hence)$")
_DURATION = re.compile(rf"^(.*?)\s*(?:(?:trading|business|working|straight|consecutive|full|calendar)\s+)?({_UNIT}|centurie)s?(?:\s+or\s+so)?$")
_QUARTER = re.compile(
    rf"^(?:(\d{{4}})\s+|(this|last|next)\s+year's\s+)?({_ORDINAL})\s+(quarter|half)(?:\s+of\s+(?:(\d{{4}})|(this|last|next)\s+year))?$"
)
_SEASON = re.compile(r"^(?:this|last|next|the)?\s*(spring|summer|fall|autumn|winter)(?:\s+of)?\s*(\d{4})?$")
_CLOCK = re.compile(
    r"^(?:(\d{1,2})(?::(\d{2}))?\s*(a\.?m\.?|p\.?m\.?|in the morning|in the afternoon|in the evening|at night|o'clock)"
    r"|(noon|midday|midnight)|(\d{1,2}):?(\d{2})(?=\s+(?:gmt|utc|z)\b))(?:\s+(?:(gmt|utc|z)|[a-z]{2,3}t|local time))?,?"
    r"(?:\s+(?:on\s+)?(.+))?$"
)
_PART_OF_DAY = re.compile(rf"^(this|yesterday|tomorrow|last|{_WEEKDAY})?\s*(morning|afternoon|evening|night)$"
                          rf"|^(morning|afternoon|evening|night),?\s+(yesterday|today|tomorrow|{_WEEKDAY})$")
_SET = re.compile(r"^(?:each|every|per)\s+(year|month|week|day|hour|morning|night|quarter)$")
_WEEK_OF = re.compile(r"^week\s+of\s+(.+)$")
_WEEKLY = re.compile(rf"^(?:(?:each|every)\s+({_WEEKDAY})|({_WEEKDAY})s|({_WEEKDAY})s?\s+(morning|afternoon|evening|night)s)$")
_HOLIDAY = re.compile(
    r"^(?:(last|next|this)\s+)?(" + "|".join(re.escape(n) for n in sorted(holiday_names(), key=len, reverse=True)) + r")(?:\s+(\d{4}))?$"
)
# Business shorthand for quarters and halves: "Q3", "Q3 2024", "H1".
_SHORT_PERIOD = re.compile(r"^(?:the\s+)?([qh])([1-4])(?:\s+(\d{4}))?$")
_ORDINAL_WORDS = {number: word for word, number in ORDINALS.items() if word.isalpha() and number > 0}
_SMALL_HOURS = re.compile(r"^(?:the\s+)?(?:early|small|wee)\s+hours$")
_VAGUE_PLURAL = re.compile(rf"^(?:the\s+)?(past|coming|future)\s+({_UNIT})s$")  # "coming months"; "the next few days" is a duration


def normalize(text: str, dct: date | None, tense: Tense = None, anchor: str | None = None) -> tuple[TimexType, str] | None:
    """TIMEX3 type and value of an expression, or None when its form is not understood or its date does not
    exist: an impossible one ("February 30") as anchor, or one beyond the years 1 to 9999 that Python's
    calendar holds ("last week" published on 0001-01-01, Go's zero time, which feeds do carry)."""
    try:
        return _normalize(text, dct, tense, anchor)
    except (ValueError, OverflowError):
        return None


def _normalize(text: str, dct: date | None, tense: Tense, anchor: str | None) -> tuple[TimexType, str] | None:
    phrase = _phrase(text)
    phrase = _SPELLED_YEAR.sub(_spelled_year, phrase).replace("fiscal ", "")
    phrase = _SHORT_PERIOD.sub(_spelled_period, phrase)
    if _SMALL_HOURS.match(phrase):
        return None  # a part of the night, not a length: "in the early hours of Sunday" is Sunday
    if phrase in SET_ADVERBS:
        return "SET", SET_ADVERBS[phrase]
    if (match := _SET.match(phrase)) is not None:
        unit = match.group(1)
        if unit in PARTS_OF_DAY:
            return "SET", f"XXXX-XX-XXT{PARTS_OF_DAY[unit]}"
        return "SET", period(1, unit)
    reference = anchor if anchor is not None else (dct.isoformat() if dct else None)
    if (m := _NEXT_TO_DATE.match(phrase)) is not None:
        return _next_to_date(m, dct, tense, reference)
    candidates = _strippings(phrase)
    for candidate in candidates:
        if candidate in DEICTIC:
            kind, value = DEICTIC[candidate]
            return kind, _deictic(value, dct)
    for reader in (_calendar, _holiday, _anaphoric, _relative, _duration, _clock):
        for candidate in candidates:
            found = reader(candidate, dct, tense, reference)
            if found is not None:
                return found
    return None


def _phrase(text: str) -> str:
    phrase = " ".join(text.lower().replace("’", "'").split()).strip(" .,:;")
    return re.sub(r"(?<=[a-z])-(?=[a-z0-9])|(?<=[0-9])-(?=[a-z])", " ", phrase)  # "third-quarter", "mid-1990s"


def compares_with_a_year_before(text: str) -> bool:
    """"A year ago", "the year-earlier quarter": the period a year before another, named to compare the two.
    The next such expression compares with the same period again, so this one must not anchor it."""
    return _YEAR_AGO.match(_phrase(text)) is not None


def _strippings(phrase: str) -> list[str]:
    """The phrase, then the phrase without each layer of leading words, most specific first."""
    forms = [phrase]
    while True:
        shorter = _POSITION.sub("", _LEADING.sub("", forms[-1]))
        if shorter == forms[-1] or not shorter:
            return forms
        forms.append(shorter)


def _spelled_period(match: re.Match[str]) -> str:
    """"q3 2024" → "third quarter of 2024", "h1" → "first half", as the quarter patterns read them."""
    letter, number, year = match.groups()
    if letter == "h" and int(number) > 2:
        return match.group(0)
    name = f"{_ORDINAL_WORDS[int(number)]} {'quarter' if letter == 'q' else 'half'}"
    return f"{name} of {year}" if year else name


def _spelled_year(match: re.Match[str]) -> str:
    if match.group(3) is not None:
        number = number_value(match.group(3))
        return str(int(number)) if number is not None and 2000 <= number < 2100 else match.group(0)
    rest = number_value(match.group(2))
    if rest is None or not 0 < rest < 100:
        return match.group(0)
    return str(_CENTURIES[match.group(1)] + int(rest))


def _deictic(value: str, dct: date | None) -> str:
    if value in {"0", "-1", "+1"}:
        return (dct + timedelta(days=int(value))).isoformat() if dct else "XXXX-XX-XX"
    if value == "NI":
        return f"{dct.isoformat()}TNI" if dct else "XXXX-XX-XXTNI"
    return value


def _calendar(phrase: str, dct: date | None, tense: Tense, reference: str | None) -> tuple[TimexType, str] | None:
    if (m := _ISO.match(phrase)) is not None:
        return "DATE", f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    for pattern, month_group, day_group in ((_MONTH_DAY_YEAR, 1, 2), (_DAY_MONTH_YEAR, 2, 1)):
        if (m := pattern.match(phrase)) is not None:
            month, day = MONTHS[m.group(month_group)], int(m.group(day_group))
            year = int(m.group(3)) if m.group(3) else year_for(month, day, dct, tense)
            return "DATE", f"{year_or_unknown(year)}-{month:02d}-{day:02d}"
    if (m := _MONTH_YEAR.match(phrase)) is not None:
        month = MONTHS[m.group(1)]
        year = int(m.group(2)) if m.group(2) else year_for(month, None, dct, tense)
        return "DATE", f"{year_or_unknown(year)}-{month:02d}"
    if (m := _YEAR.match(phrase)) is not None:
        return "DATE", m.group(1) or full_year(int(m.group(2)), dct)
    if (m := _NUMERIC_DATE.match(phrase)) is not None and 1 <= int(m.group(1)) <= 12 and 1 <= int(m.group(2)) <= 31:
        written_year = m.group(3) if len(m.group(3)) == 4 else full_year(int(m.group(3)), dct)
        return "DATE", f"{written_year}-{int(m.group(1)):02d}-{int(m.group(2)):02d}"
    if (m := _DECADE.match(phrase)) is not None:
        return "DATE", m.group(1) or f"19{m.group(2)}"
    if phrase in _DECADE_WORDS:
        return "DATE", f"19{_DECADE_WORDS[phrase]}"
    if (m := _CENTURY.match(phrase)) is not None:
        return "DATE", f"{int(m.group(1)) - 1:02d}"
    if phrase in WEEKDAYS:
        return "DATE", weekday_date(WEEKDAYS[phrase], dct, tense)
    if (m := _WEEKLY.match(phrase)) is not None:  # "Tuesdays", "every Tuesday", "Tuesday nights"
        weekday = m.group(1) or m.group(2) or m.group(3)
        return "SET", f"XXXX-WXX-{WEEKDAYS[weekday] + 1}" + (f"T{PARTS_OF_DAY[m.group(4)]}" if m.group(4) else "")
    if (m := _QUARTER.match(phrase)) is not None:
        return "DATE", _quarter(m, dct, tense)
    if (m := _SEASON.match(phrase)) is not None:
        season_year = m.group(2) or (str(_shift_year(phrase, dct)) if dct else "XXXX")
        return "DATE", f"{season_year}-{SEASONS[m.group(1)]}"
    if (m := _PART_OF_DAY.match(phrase)) is not None:
        anchor = m.group(1) or m.group(4) or "this"
        part = m.group(2) or m.group(3)
        day = {"yesterday": -1, "tomorrow": 1, "last": -1}.get(anchor, 0)
        if anchor in WEEKDAYS:
            base = weekday_date(WEEKDAYS[anchor], dct, tense)
        else:
            base = (dct + timedelta(days=day)).isoformat() if dct else "XXXX-XX-XX"
        return "TIME", f"{base}T{PARTS_OF_DAY[part]}"
    if (m := _WEEK_OF.match(phrase)) is not None:
        found = _calendar(m.group(1), dct, tense, reference)
        if found is not None and re.fullmatch(r"\d{4}-\d{2}-\d{2}", found[1]):
            year, week, _ = date.fromisoformat(found[1]).isocalendar()
            return "DATE", f"{year}-W{week:02d}"
    return None


def _quarter(m: re.Match[str], dct: date | None, tense: Tense) -> str:
    """A quarter or half: of the year named; else "the last quarter" is the one before the current, and a
    numbered one is this year's unless the tense says it is the one before ("rose in the fourth quarter"
    said in March) or the one after."""
    letter, per_year = ("Q", 4) if m.group(4) == "quarter" else ("H", 2)
    number = ORDINALS[m.group(3)]
    if m.group(1) or m.group(5):
        return f"{m.group(1) or m.group(5)}-{letter}{per_year if number == -1 else number}"
    if dct is None:
        return f"XXXX-{letter}{per_year if number == -1 else number}"
    if relative := m.group(2) or m.group(6):
        return f"{dct.year + {'this': 0, 'last': -1, 'next': 1}[relative]}-{letter}{per_year if number == -1 else number}"
    current = (dct.month - 1) * per_year // 12 + 1
    if number == -1:
        index = dct.year * per_year + current - 2
        return f"{index // per_year}-{letter}{index % per_year + 1}"
    # The quarter just ended is still ahead in news of results to come ("expects a loss for the third quarter");
    # without a tense, one two or more quarters ahead is last year's, as for months ("profits for the fourth
    # quarter" in January).
    behind = number > current and (tense == "past" or (tense is None and number - current >= 2))
    year = dct.year - behind + (tense == "future" and number < current - 1)
    return f"{year}-{letter}{number}"


def _relative(phrase: str, dct: date | None, tense: Tense, reference: str | None) -> tuple[TimexType, str] | None:
    if (m := _NAMED_RELATIVE.match(phrase)) is not None:
        word = m.group(1).replace("the ", "").replace("this coming", "next")
        direction: Tense = "past" if word in {"last", "past", "previous"} else "future" if word in {"next", "coming"} else tense
        name = m.group(2)
        if name in WEEKDAYS:
            return "DATE", weekday_date(WEEKDAYS[name], dct, direction, strict=word != "this")
        year = year_for(MONTHS[name], None, dct, direction) if word != "this" else (dct.year if dct else None)
        return "DATE", f"{year_or_unknown(year)}-{MONTHS[name]:02d}"
    if (m := _SIDE_OF_DATE.match(phrase)) is not None and (found := _calendar(m.group(2), dct, None, reference)) is not None:
        if dct is not None and (date.fromisoformat(found[1]) >= dct if m.group(1) == "last" else date.fromisoformat(found[1]) <= dct):
            return "DATE", f"{int(found[1][:4]) + (-1 if m.group(1) == 'last' else 1)}{found[1][4:]}".replace("-02-29", "-02-28")
        return found
    if (m := _MONTH_RELATIVE_YEAR.match(phrase)) is not None:
        year = None if dct is None else dct.year + {"last": -1, "this": 0, "next": 1}[m.group(2)]
        return "DATE", f"{year_or_unknown(year)}-{MONTHS[m.group(1)]:02d}"
    if _YEAR_END.match(phrase):
        year = None if dct is None else dct.year - (tense == "past")
        return "DATE", f"{year_or_unknown(year)}-12-31"
    if phrase in {"weekend", "the weekend"}:  # the one just past when the verb is past
        return "DATE", shifted("weekend", -1 if tense == "past" else 0, dct)
    if (m := _THE_PERIOD.match(phrase)) is not None:
        return "DATE", shifted(m.group(1) or m.group(2), 0, dct)
    if (m := _RELATIVE.match(phrase)) is not None:
        step = {"last": -1, "past": -1, "previous": -1, "latest": -1, "this": 0, "current": 0, "next": 1, "coming": 1}[m.group(1)]
        return "DATE", shifted(m.group(2), step, dct)
    if (m := _VAGUE_PLURAL.match(phrase)) is not None:
        return "DATE", "FUTURE_REF" if m.group(1) in {"coming", "next", "future"} else "PAST_REF"
    if (m := _AGO.match(phrase)) is not None:
        amount_text = _AMOUNT_QUALIFIER.sub("", m.group(1))
        if amount_text in {"a few", "few", "several", "some", "many"}:
            return "DATE", "PAST_REF" if m.group(3) in {"ago", "earlier", "before"} else "FUTURE_REF"
        amount = 1.0 if amount_text in {"a", "an", "one"} else number_value(amount_text)
        if amount is None or not float(amount).is_integer():
            return None
        sign = 1 if m.group(3) in {"later", "from now", "hence"} else -1
        unit = m.group(2)
        if unit in CLOCK_UNITS:
            return None
        # "ago" counts from publication; "earlier"/"later" from the date last named, when that is as fine as the unit
        counts_from_anchor = m.group(3) in {"earlier", "before", "later"} and truncated_to(reference, unit) is not None
        return "DATE", shifted(unit, sign * int(amount), date_within(reference, dct) if counts_from_anchor else dct)
    return None


def _holiday(phrase: str, dct: date | None, tense: Tense, reference: str | None) -> tuple[TimexType, str] | None:
    """"Thanksgiving", "last Christmas", "Election Day 2000": the holiday of the year named, else the one
    nearest publication on the side "last", "next" or the tense gives."""
    if (m := _HOLIDAY.match(phrase)) is None:
        return None
    word, name, year = m.groups()
    if year is not None or dct is None:
        day = holiday_date(name, int(year)) if year is not None else None
        return None if day is None else ("DATE", day.isoformat())
    side = {"last": "past", "next": "future"}.get(word or "", tense)
    days = [d for y in (dct.year - 1, dct.year, dct.year + 1) if (d := holiday_date(name, y)) is not None]
    if side == "past":
        days = [d for d in days if d < dct or (d == dct and word is None)]
    elif side == "future":
        days = [d for d in days if d > dct or (d == dct and word is None)]
    return ("DATE", min(days, key=lambda d: abs((d - dct).days)).isoformat()) if days else None


def _anaphoric(phrase: str, dct: date | None, tense: Tense, reference: str | None) -> tuple[TimexType, str] | None:
    """Expressions whose value comes from the date last named: "that year", "the following month",
    "the quarter", "a year earlier" (one year before that date, at its granularity)."""
    if (m := _YEAR_AGO.match(phrase)) is not None:
        rest = m.group(1) or m.group(2) or m.group(3) or ""
        if re.fullmatch(rf"\S+\s+(?:{_UNIT})s", rest) and (span := _duration(rest, dct, tense, reference)) is not None:
            return span  # "the year-earlier nine months": the period, not its date
        if "quarter" in rest:
            reference = _quarter_counted_from(reference, dct, tense)
        if reference is not None and re.fullmatch(r"\d{4}-[QH]\d", reference):
            return "DATE", f"{int(reference[:4]) - 1}{reference[4:]}"  # the same period of the year before
        if _SAME_PERIOD.search(rest) and reference is not None and re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", reference):
            return "DATE", f"{int(reference[:4]) - 1}{reference[4:7]}"  # "in January, … the same month a year ago"
        named = reference if dct is None or reference != dct.isoformat() else None  # not the publication date
        if "earlier" in phrase and named is not None and re.fullmatch(r"\d{4}(-\d{2}){0,2}", named):
            return "DATE", f"{int(named[:4]) - 1}{named[4:]}".replace("-02-29", "-02-28")
        return "DATE", year_or_unknown(dct.year - 1 if dct else None)
    if (m := _YEAR_PERIOD.match(phrase)) is not None:
        if reference is not None and re.fullmatch(r"\d{4}-[QH]\d", reference):
            return "DATE", f"{m.group(1)}{reference[4:]}"  # "the 1988 quarter": the quarter last named, in 1988
        return "DATE", f"{m.group(1)}-QX"
    if _THE_QUARTER.match(phrase):
        if reference is not None and re.fullmatch(r"\d{4}-Q\d", reference):
            return "DATE", reference
        return "DATE", shifted("quarter", -1 if tense != "future" else 0, dct)
    if (m := _ANAPHORIC.match(phrase)) is not None:
        unit = m.group(1)
        if unit in PARTS_OF_DAY:
            return "TIME", f"{truncated_to(reference, 'day') or year_or_unknown(None)}T{PARTS_OF_DAY[unit]}"
        return "DATE", truncated_to(reference, unit) or shifted(unit, 0, dct)
    if (m := _FOLLOWING.match(phrase)) is not None:
        word, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        step = 1 if word in {"following", "next"} else -1
        if unit in PARTS_OF_DAY:
            day = date_within(reference, dct)
            return "TIME", f"{shifted('day', step, day)}T{PARTS_OF_DAY[unit]}"
        if truncated_to(reference, unit) is None:
            return None
        return "DATE", shifted(unit, step, date_within(reference, dct))
    if phrase in {"the day", "day"}:
        return "DATE", truncated_to(reference, "day") or shifted("day", 0, dct)
    return None


def _next_to_date(m: re.Match[str], dct: date | None, tense: Tense, reference: str | None) -> tuple[TimexType, str] | None:
    """"The day before last Tuesday", "the week after Christmas": one unit beside the date named, or beside
    the date last named when none is ("down from the day before")."""
    unit, side, rest = m.groups()
    named = normalize(rest, dct, tense, reference) if rest else ("DATE", reference) if reference is not None else None
    if named is None or named[0] != "DATE" or truncated_to(named[1], unit) is None:
        return None
    return "DATE", shifted(unit, 1 if side == "after" else -1, date_within(named[1], dct))


def _quarter_counted_from(reference: str | None, dct: date | None, tense: Tense) -> str | None:
    """The quarter a year-ago quarter counts from: the quarter last named, the one holding the date last named
    ("the quarter ended Sept. 30"), else the last full quarter, as for "the quarter"."""
    if reference is None or re.fullmatch(r"\d{4}-Q\d", reference):
        return reference
    if re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", reference) and (dct is None or reference != dct.isoformat()):
        return f"{reference[:4]}-Q{(int(reference[5:7]) - 1) // 3 + 1}"
    return shifted("quarter", -1 if tense != "future" else 0, dct) if dct is not None else reference


def _duration(phrase: str, dct: date | None, tense: Tense, reference: str | None) -> tuple[TimexType, str] | None:
    phrase = re.sub(r"\s+(or so|long|old|ahead)$", "", phrase)
    phrase = re.sub(r"\s+of\s+(?:the\s+year|\d{4})$", "", phrase)  # "the first nine months of 1997"
    while (shorter := _AMOUNT_QUALIFIER.sub("", phrase)) != phrase:
        phrase = shorter
    half = False
    if (h := re.fullmatch(r"(.+?)\s+and\s+a\s+half(?:\s+(\w+))?", phrase)) is not None:
        phrase, half = f"{h.group(1)} {h.group(2) or ''}".strip(), True  # "a minute and a half", "two and a half years"
    m = _DURATION.match(phrase)
    if m is None:
        return None
    amount_text, unit = m.group(1).strip(), m.group(2).replace("centurie", "century")
    amount_text = re.sub(r"\s*\b(?:more|additional|further|extra)$", "", amount_text)  # "two more weeks"
    if not amount_text and phrase.endswith("s"):
        return "DURATION", period(None, unit)  # "years", "decades"
    amount = number_value(amount_text) if amount_text else None
    if amount is None:
        if amount_text in {"", "a", "an", "one", "the"}:
            amount = 1
        elif amount_text in {"half a", "half an"}:
            amount = 0.5
        elif amount_text in {"a couple of", "couple of"}:
            amount = 2
        elif amount_text in {"several", "few", "a few", "many", "some", "recent", "coming"}:
            return "DURATION", period(None, unit)
        else:
            return None
    if half:
        amount += 0.5
    return "DURATION", period(amount, unit)


def _clock(phrase: str, dct: date | None, tense: Tense, reference: str | None) -> tuple[TimexType, str] | None:
    m = _CLOCK.match(phrase)
    if m is None:
        return None
    if m.group(4) is not None:
        clock = CLOCK_WORDS[m.group(4)]
    elif m.group(5) is not None:  # "16:08 UTC", "0800 GMT": a 24-hour clock, which news writes only with its zone
        if int(m.group(5)) > 23 or int(m.group(6)) > 59:
            return None
        clock = f"{int(m.group(5)):02d}:{m.group(6)}"
    else:
        hour, minute = int(m.group(1)), int(m.group(2) or 0)
        marker = m.group(3)
        if (marker.startswith("p") or marker in {"in the afternoon", "in the evening", "at night"}) and hour < 12:
            hour += 12
        elif marker.startswith("a") and hour == 12:
            hour = 0
        clock = f"{hour:02d}:{minute:02d}"
    day = truncated_to(reference, "day") or (dct.isoformat() if dct else "XXXX-XX-XX")  # on the day last named
    if (named_day := m.group(8)) is not None:
        if named_day in DEICTIC:
            day = _deictic(DEICTIC[named_day][1], dct)
        else:
            found = _calendar(named_day, dct, tense, reference)
            if found is None or not re.fullmatch(r"(\d{4}|XXXX)-\d{2}-\d{2}", found[1]):
                return None
            day = found[1]
    return "TIME", f"{day}T{clock}" + ("Z" if m.group(7) else "")  # ISO 8601 writes UTC as Z


def _shift_year(phrase: str, dct: date) -> int:
    return dct.year + (-1 if phrase.startswith("last") else 1 if phrase.startswith("next") else 0)
