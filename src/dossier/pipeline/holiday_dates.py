"""Named holidays and their dates in a given year: "Thanksgiving", "Election Day", "Good Friday", "Easter".

The calendars are the ``holidays`` package's (United States federal, government and unofficial days, and
the New York Stock Exchange's, which adds Good Friday) and dateutil's Easter; English-language news names
these far more often than any other country's days.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import cache

import holidays
from dateutil.easter import easter

from dossier.pipeline import lexicons

ALIASES: Mapping[str, str] = lexicons.table("holiday_aliases")
_SAMPLE_YEARS = (2000, 2001)  # an even and an odd year: Election Day falls in even years only


@cache
def holidays_in(year: int) -> dict[str, date]:
    """Each holiday of ``year`` by its lower-case name."""
    # The eves the calendars leave out; news names them as days in their own right.
    found = {"easter sunday": easter(year), "christmas eve": date(year, 12, 24), "new year's eve": date(year, 12, 31)}
    categories = type(holidays.country_holidays("US")).supported_categories
    calendars = (
        holidays.country_holidays("US", years=year, categories=categories),
        holidays.financial_holidays("NYSE", years=year),
    )
    for calendar in calendars:
        for day, names in sorted(calendar.items()):
            for name in names.split("; "):
                if "(observed)" not in name:
                    found.setdefault(name.lower(), day)
    return found


@cache
def holiday_names() -> frozenset[str]:
    return frozenset(name for year in _SAMPLE_YEARS for name in holidays_in(year)) | frozenset(ALIASES)


def holiday_date(name: str, year: int) -> date | None:
    return holidays_in(year).get(ALIASES.get(name, name))
