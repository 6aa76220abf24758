"""The checks a published calendar passes before a time limit is counted with it."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from terminal.calendar_rules import check_document
from terminal.workdays import FORMAT, Calendar, CalendarFileError, default_calendar

from .calendars import calendar_document, shipped_years, year


def test_the_shipped_table_passes_so_it_can_be_published_as_it_is() -> None:
    years = check_document({"format": FORMAT, "years": shipped_years()}, "shipped")
    assert set(years) == set(default_calendar().years)


def test_a_leap_year_has_366_days_to_account_for() -> None:
    leap = year([], [], 2028)
    assert leap["working_days"] + leap["rest_days"] == 366
    check_document({"format": FORMAT, "years": {"2028": leap}}, "t")
    short = dict(leap, rest_days=leap["rest_days"] - 1)
    with pytest.raises(CalendarFileError) as e:
        check_document({"format": FORMAT, "years": {"2028": short}}, "t")
    assert e.value.msg_id == "calendar.not_whole_year" and "366" in e.value.text()


@pytest.mark.parametrize(
    ("change", "msg_id"),
    [
        (lambda y: y.pop("working_days"), "calendar.no_totals"),
        (lambda y: y["holidays"].append("2027-13-01"), "calendar.bad_date"),
        (lambda y: y["holidays"].append("2028-01-01"), "calendar.bad_date"),
        (lambda y: y["working_weekends"].append("2027-02-14"), "calendar.twice"),
        (lambda y: y["working_weekends"].append("2027-03-03"), "calendar.makeup_weekday"),
        (lambda y: y["holidays"].append("2027-03-03"), "calendar.totals_differ"),
    ],
)
def test_a_year_that_does_not_hold_together_is_refused(change: Any, msg_id: str) -> None:
    document = calendar_document("t")
    change(document["years"]["2027"])
    with pytest.raises(CalendarFileError) as e:
        check_document(document, "t")
    assert e.value.msg_id == msg_id


@pytest.mark.parametrize("key", ["1999", "2100", "27", "二〇二七", "２０２７"])
def test_a_year_outside_this_century_or_not_four_digits_is_refused(key: str) -> None:
    with pytest.raises(CalendarFileError):
        check_document({"format": FORMAT, "years": {key: year([], [], 2027)}}, "t")


def test_an_empty_calendar_is_refused() -> None:
    with pytest.raises(CalendarFileError):
        check_document({"format": FORMAT, "years": {}}, "t")


@pytest.mark.parametrize("start", ["2026-12-31", "2027-02-04", "2027-02-13", "2027-09-30"])
def test_counting_working_days_left_undoes_adding_them(start: str) -> None:
    years = check_document(calendar_document("t"), "t")
    cal = Calendar(
        frozenset(d for h, _ in years.values() for d in h),
        frozenset(d for _, w in years.values() for d in w),
        frozenset(years),
    )
    day = date.fromisoformat(start)
    for n in (0, 1, 5, 15, 20):
        due = cal.add_working_days(day, n)
        assert cal.working_days_between(day, due) == n
        assert cal.working_days_between(due, day) == -n
    # Over the (invented) Spring Festival: from Friday 5 February, Sunday 14 is the next one.
    assert cal.working_days_between(date(2027, 2, 5), date(2027, 2, 13)) == 0
    assert cal.working_days_between(date(2027, 2, 5), date(2027, 2, 14)) == 1
