"""The checks a published calendar passes before a time limit is counted with it."""

from __future__ import annotations

from typing import Any

import pytest

from terminal.calendar_rules import check_document
from terminal.workdays import FORMAT, CalendarFileError, default_calendar

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
