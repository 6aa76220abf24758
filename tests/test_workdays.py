"""Next year's holidays from a file IT puts in the data folder, and doctor's word on them."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from terminal import doctor
from terminal.workdays import (
    CalendarFileError,
    calendar_for,
    default_calendar,
    load_calendar,
)

# Invented for the test, not the State Council's arrangement for any year: a holiday on
# Monday 4 January and a working Saturday on 9 January.
NEXT_YEAR = {
    "format": "tongban.holidays/1",
    "years": {"2027": {"holidays": ["2027-01-04"], "working_weekends": ["2027-01-09"]}},
}


def write(folder: Path, content: object) -> Path:
    path = folder / "holidays.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content), "utf-8")
    return path


def calendar_check(folder: Path, today: date) -> doctor.Check:
    patient = doctor.Patient(folder, folder / "config.toml", today=today)
    (check,) = doctor.check_calendar(patient)
    return check


def test_a_file_in_the_data_folder_adds_a_year_and_keeps_the_built_in_ones(
    tmp_path: Path,
) -> None:
    assert not default_calendar().covers(2027)
    write(tmp_path, NEXT_YEAR)
    cal = load_calendar(tmp_path)
    assert cal.covers(2026) and cal.covers(2027)
    # Friday 1 Jan + 3 working days: Mon 4 is the holiday, Sat 9 is worked.
    assert cal.add_working_days(date(2027, 1, 1), 3) == date(2027, 1, 7)
    assert cal.add_working_days(date(2027, 1, 7), 2) == date(2027, 1, 9)
    # The built-in 2026 is still there: Saturday 14 February is an adjusted working day,
    # and the Spring Festival holidays after it (15–23 February) are skipped.
    assert cal.add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 14)
    assert cal.add_working_days(date(2026, 2, 14), 1) == date(2026, 2, 24)


def test_doctor_warns_in_december_until_next_year_is_covered(tmp_path: Path) -> None:
    december = date(2026, 12, 10)
    missing = calendar_check(tmp_path, december)
    assert missing.status is doctor.Status.WARNING and "2027" in missing.summary
    assert "holidays.json" in missing.fix
    assert calendar_check(tmp_path, date(2026, 11, 10)).status is doctor.Status.OK
    path = write(tmp_path, NEXT_YEAR)
    covered = calendar_check(tmp_path, december)
    assert covered.status is doctor.Status.OK and str(path) in covered.summary


@pytest.mark.parametrize(
    ("content", "named"),
    [
        ("{not json", "JSON"),
        ({"format": "something-else", "years": {}}, "tongban.holidays/1"),
        ({"format": "tongban.holidays/1", "years": {"27": {}}}, "27"),
        (
            {
                "format": "tongban.holidays/1",
                "years": {"2027": {"holidays": ["2026-10-01"], "working_weekends": []}},
            },
            "2026-10-01",
        ),
    ],
)
def test_a_bad_file_is_named_by_doctor_and_does_not_keep_the_window_shut(
    tmp_path: Path, content: object, named: str
) -> None:
    path = write(tmp_path, content)
    with pytest.raises(CalendarFileError):
        load_calendar(tmp_path)
    check = calendar_check(tmp_path, date(2026, 6, 1))
    assert check.status is doctor.Status.FAILURE
    assert str(path) in check.summary and named in check.summary, check.summary
    assert str(path) in check.fix
    # The window goes on with the built-in calendar meanwhile.
    assert calendar_for(tmp_path) == default_calendar()
