"""Working days (工作日) for legal time limits: weekends and public holidays do not count,
and the adjusted working weekends (调休) do.

The calendar is data (``terminal/data/holidays.json``). For a year the file
does not cover, only weekends are skipped, and ``covers()`` lets ``tongban
doctor`` warn IT before the new year.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path


@dataclass(frozen=True)
class Calendar:
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


@cache
def default_calendar() -> Calendar:
    raw = json.loads((Path(__file__).parent / "data" / "holidays.json").read_text("utf-8"))
    holidays: set[date] = set()
    working: set[date] = set()
    for spec in raw["years"].values():
        holidays.update(date.fromisoformat(d) for d in spec["holidays"])
        working.update(date.fromisoformat(d) for d in spec["working_weekends"])
    return Calendar(
        frozenset(holidays), frozenset(working), frozenset(int(y) for y in raw["years"])
    )
