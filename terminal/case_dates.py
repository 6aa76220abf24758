"""A case's dates counted with the working-day calendar in force when the case is written.

The window reads its calendar when it starts (terminal/calendar_versions.py); a version the
portal publishes during the day (a holiday the State Council added) is settled in the store
by the sync worker meanwhile. A case recorded after that must promise the date the new
calendar gives, one recorded before keeps the date it was given: so the dates are counted
again, in the write's own transaction, with the calendar the store holds at that moment.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

from terminal import calendar_versions, fees
from terminal.cases import NOTICE_WORKING_DAYS, Decided
from terminal.workdays import Calendar, CalendarFileError


def redate(decided: Decided, calendar: Calendar) -> Decided:
    """``decided`` with each of its dates counted again with ``calendar`` (from the same day
    of receipt; a date the decision has none of stays none)."""
    day, intake = decided.received_at.date(), decided.intake
    expedited = decided.capture.expedited
    return replace(
        decided,
        due_date=None
        if decided.due_date is None
        else fees.due_date(intake, day, calendar, expedited),
        notice_due=None
        if decided.notice_due is None
        else calendar.add_working_days(day, NOTICE_WORKING_DAYS),
        return_by=None
        if decided.return_by is None
        else calendar.add_working_days(day, intake.return_working_days),
    ).with_gaps(calendar)


def in_force_now(conn: sqlite3.Connection, data_dir: Path) -> Calendar | None:
    """The calendar a case written now is counted with; None when the data folder's
    ``holidays.json`` cannot be used (then the window's own, which the doctor reports)."""
    try:
        return calendar_versions.in_force(conn, data_dir).calendar
    except CalendarFileError:
        return None


def counted_now(conn: sqlite3.Connection, decided: Decided, data_dir: Path) -> Decided:
    calendar = in_force_now(conn, data_dir)
    return decided if calendar is None else redate(decided, calendar)
