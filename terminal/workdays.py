"""Working days (工作日) for legal time limits: weekends and public holidays do not count,
and the adjusted working weekends (调休) do.

The calendar is data in three layers, each year taken from the highest that has it:
the table shipped with the release (``terminal/data/holidays.json``); the newest
version the portal published and this terminal checked (terminal/calendar_versions.py),
so next year's holidays reach every terminal without a build; and a ``holidays.json``
of the same form that IT put in the data folder, this terminal's own word. For a year
none covers, only weekends are skipped, and ``covers()`` lets ``tongban doctor`` warn
IT before the year starts.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from terminal.i18n import TongbanError
from terminal.records import Record

FORMAT = "tongban.holidays/1"
OVERRIDE_FILENAME = "holidays.json"  # in the data folder, beside config.toml

log = logging.getLogger("tongban.workdays")

Year = tuple[frozenset[date], frozenset[date]]  # holidays, adjusted working weekends


class CalendarFileError(TongbanError):
    pass


@dataclass(frozen=True, eq=False, repr=False)
class Calendar(Record):
    holidays: frozenset[date]
    working_weekends: frozenset[date]
    years: frozenset[int]

    def is_working_day(self, day: date) -> bool:
        if day in self.working_weekends:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def covers(self, year: int) -> bool:
        return year in self.years

    def years_missing(self, start: date, end: date) -> tuple[int, ...]:
        """The years from ``start`` to ``end`` whose holidays this calendar does not know: a
        date counted across them is counted in weekdays only and may move."""
        return tuple(y for y in range(start.year, end.year + 1) if not self.covers(y))

    def add_working_days(self, start: date, days: int) -> date:
        """The date ``days`` working days after ``start`` (the day of receipt does not count).

        0 days is the same day: a service done on the spot (即办).
        """
        day = start
        remaining = days
        while remaining > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end``; negative when ``end`` is
        before ``start``. The inverse of ``add_working_days``: how many a deadline has left
        (issue 17's deadline cards count with it)."""
        if end < start:
            return -self.working_days_between(end, start)
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count


def _years(raw: Any, source: str) -> dict[int, Year]:
    """The years of a holidays file, every date checked to be a date of its own year."""
    if (
        not isinstance(raw, dict)
        or raw.get("format") != FORMAT
        or not isinstance(raw.get("years"), dict)
    ):
        raise CalendarFileError("calendar.bad_format", source=source, format=FORMAT)
    years: dict[int, Year] = {}
    for key, spec in raw["years"].items():
        if not (isinstance(key, str) and key.isdigit() and len(key) == 4) or not isinstance(
            spec, dict
        ):
            raise CalendarFileError("calendar.bad_year", source=source, year=str(key))
        year = int(key)
        days: list[frozenset[date]] = []
        for part in ("holidays", "working_weekends"):
            values = spec.get(part)
            if not isinstance(values, list):
                raise CalendarFileError("calendar.bad_year", source=source, year=key)
            days.append(frozenset(_day(v, year, source) for v in values))
        years[year] = (days[0], days[1])
    return years


def _day(value: Any, year: int, source: str) -> date:
    try:
        day = date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        day = None
    if day is None or day.year != year:
        raise CalendarFileError("calendar.bad_date", source=source, year=year, value=str(value))
    return day


def _calendar(years: dict[int, Year]) -> Calendar:
    return Calendar(
        frozenset(d for holidays, _ in years.values() for d in holidays),
        frozenset(d for _, working in years.values() for d in working),
        frozenset(years),
    )


@cache
def _built_in() -> dict[int, Year]:
    path = Path(__file__).parent / "data" / "holidays.json"
    return _years(json.loads(path.read_text("utf-8")), str(path))


def default_calendar() -> Calendar:
    """The calendar this release was built with."""
    return _calendar(_built_in())


def load_calendar(data_dir: Path, portal: Mapping[int, Year] | None = None) -> Calendar:
    """The built-in calendar, the portal's years over it, the data folder's ``holidays.json``
    over both.

    Raises CalendarFileError, naming the file and what is wrong, for a file that is there
    but cannot be used."""
    return _calendar({**_built_in(), **(portal or {}), **(override_years(data_dir) or {})})


def built_in_years() -> frozenset[int]:
    return frozenset(_built_in())


def override_years(data_dir: Path) -> dict[int, Year] | None:
    """The years of the data folder's ``holidays.json``; None when there is none."""
    path = data_dir / OVERRIDE_FILENAME
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as e:
        raise CalendarFileError("calendar.unreadable", source=str(path), error=str(e)) from None
    try:
        raw = json.loads(text)
    except ValueError as e:
        raise CalendarFileError("calendar.not_json", source=str(path), error=str(e)) from None
    return _years(raw, str(path))


def calendar_for(data_dir: Path, portal: Mapping[int, Year] | None = None) -> Calendar:
    """For the window and commands: a bad ``holidays.json`` must not keep the counter shut.
    It is logged and ``tongban doctor`` names it; the calendar without it is used meanwhile."""
    try:
        return load_calendar(data_dir, portal)
    except CalendarFileError as e:
        log.warning("holidays file not used: %s", e.msg_id)
        return _calendar({**_built_in(), **(portal or {})})
