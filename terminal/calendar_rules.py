"""The checks a working-day calendar published by the portal must pass before a terminal
counts a citizen's time limit with it (terminal/calendar_versions.py applies them).

A calendar is a list of exceptions (holidays, 调休 working weekends), so a date dropped or
typed twice would go unnoticed and move every promised date by a day. Each year therefore
states its totals, as the State Council's notice does in effect: ``working_days`` and
``rest_days``, adding up to the 365 or 366 days of the year, the working days matching
what the lists give. A 调休 day is a Saturday or Sunday worked; no date is in a year twice.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from terminal.workdays import FORMAT, CalendarFileError, Year

FIRST_YEAR, LAST_YEAR = 2000, 2099  # a typo like 20270 or 1027 is not a year to count in


def check_document(document: Any, source: str) -> dict[int, Year]:
    """The years of a published calendar, or CalendarFileError saying what is wrong."""
    if (
        not isinstance(document, dict)
        or document.get("format") != FORMAT
        or not isinstance(document.get("years"), dict)
        or not document["years"]
    ):
        raise CalendarFileError("calendar.bad_format", source=source, format=FORMAT)
    return {
        _year_number(key, source): _check_year(_year_number(key, source), spec, source)
        for key, spec in document["years"].items()
    }


def _year_number(key: Any, source: str) -> int:
    if not (isinstance(key, str) and key.isascii() and key.isdigit() and len(key) == 4):
        raise CalendarFileError("calendar.bad_year", source=source, year=str(key))
    year = int(key)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise CalendarFileError("calendar.bad_year", source=source, year=key)
    return year


def _check_year(year: int, spec: Any, source: str) -> Year:
    if not isinstance(spec, dict):
        raise CalendarFileError("calendar.bad_year", source=source, year=str(year))
    parts: list[list[date]] = []
    for part in ("holidays", "working_weekends"):
        values = spec.get(part)
        if not isinstance(values, list):
            raise CalendarFileError("calendar.bad_year", source=source, year=str(year))
        parts.append([_day(v, year, source) for v in values])
    holidays, working = parts
    seen: set[date] = set()
    for day in [*holidays, *working]:
        if day in seen:
            raise CalendarFileError("calendar.twice", source=source, day=day.isoformat())
        seen.add(day)
    for day in working:
        if day.weekday() < 5:
            raise CalendarFileError("calendar.makeup_weekday", source=source, day=day.isoformat())
    _check_totals(year, spec, frozenset(holidays), frozenset(working), source)
    return frozenset(holidays), frozenset(working)


def _check_totals(
    year: int,
    spec: dict[str, Any],
    holidays: frozenset[date],
    working: frozenset[date],
    source: str,
) -> None:
    from calendar import isleap  # with locale, ~14M instructions: when a calendar is checked

    length = 366 if isleap(year) else 365
    stated = (spec.get("working_days"), spec.get("rest_days"))
    if not all(isinstance(n, int) and not isinstance(n, bool) for n in stated):
        raise CalendarFileError("calendar.no_totals", source=source, year=year)
    working_days, rest_days = int(stated[0] or 0), int(stated[1] or 0)
    if working_days + rest_days != length:
        raise CalendarFileError(
            "calendar.not_whole_year",
            source=source,
            year=year,
            working=working_days,
            rest=rest_days,
            length=length,
        )
    counted = count_working_days(year, holidays, working)
    if counted != working_days:
        raise CalendarFileError(
            "calendar.totals_differ", source=source, year=year, stated=working_days, counted=counted
        )


def count_working_days(year: int, holidays: frozenset[date], working: frozenset[date]) -> int:
    day, end, count = date(year, 1, 1), date(year + 1, 1, 1), 0
    while day < end:
        if day in working or (day not in holidays and day.weekday() < 5):
            count += 1
        day += timedelta(days=1)
    return count


def _day(value: Any, year: int, source: str) -> date:
    try:
        day = date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        day = None
    if day is None or day.year != year:
        raise CalendarFileError("calendar.bad_date", source=source, year=year, value=str(value))
    return day
