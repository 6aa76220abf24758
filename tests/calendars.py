"""Working-day calendars for the tests: the shipped 2026 and an invented 2027 (not the State
Council's: its dates are made up so a test can tell a day off from a working day)."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

from terminal import workdays
from terminal.calendar_rules import count_working_days
from terminal.workdays import FORMAT

# Invented for the tests: a Spring Festival week from Saturday 6 February 2027, worked back
# on Sunday 14 February; National Day from Friday 1 October, worked back Saturday 9 October.
HOLIDAYS_2027 = [
    "2027-01-01",
    *(f"2027-02-{d:02d}" for d in range(6, 13)),
    "2027-04-05",
    "2027-05-03",
    *(f"2027-10-{d:02d}" for d in range(1, 8)),
]
WORKING_WEEKENDS_2027 = ["2027-02-14", "2027-10-09"]


def year(holidays: list[str], working: list[str], number: int) -> dict[str, Any]:
    """A year with the totals that make it add up."""
    worked = count_working_days(
        number,
        frozenset(date.fromisoformat(d) for d in holidays),
        frozenset(date.fromisoformat(d) for d in working),
    )
    length = 366 if number % 4 == 0 else 365
    return {
        "holidays": list(holidays),  # a copy: a test spoils its own
        "working_weekends": list(working),
        "working_days": worked,
        "rest_days": length - worked,
    }


def shipped_years() -> dict[str, Any]:
    raw = json.loads((Path(workdays.__file__).parent / "data" / "holidays.json").read_text("utf-8"))
    return dict(raw["years"])


def calendar_document(version: str, *, with_2027: bool = True) -> dict[str, Any]:
    years = copy.deepcopy(shipped_years())
    if with_2027:
        years["2027"] = year(HOLIDAYS_2027, WORKING_WEEKENDS_2027, 2027)
    return {"format": FORMAT, "version": version, "source": "invented for tests", "years": years}
