"""``tongban doctor``'s word on the working-day calendar: which one counts a new case's time
limits, and a warning, from ``calendar_warn_from`` (1 December unless the config says
otherwise), while next year is missing from it, with what to do.

One check (``calendar``), the most urgent finding: a data folder's ``holidays.json`` that
cannot be used (a failure), this year or next year missing (a warning), the portal's
newest version refused (a warning: the previous one stays in force), else which version
is in force.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from terminal import calendar_versions
from terminal.calendar_versions import InForce, Newest
from terminal.config import Config
from terminal.i18n import tr
from terminal.store import connect_read_only
from terminal.workdays import OVERRIDE_FILENAME, CalendarFileError

if TYPE_CHECKING:
    from terminal.doctor import Check, Patient


def warn_from(config: Config | None, year: int) -> date:
    """The day of ``year`` from which next year must be in the calendar."""
    month, day = (config or Config()).calendar_warn_from.split("-")
    return date(year, int(month), int(day))


def checks(p: Patient) -> Iterable[Check]:
    from terminal.doctor import failure, ok, warning

    override = p.data_dir / OVERRIDE_FILENAME
    conn = _store(p)
    try:
        try:
            force = calendar_versions.in_force(conn, p.data_dir)
        except CalendarFileError as e:
            yield failure("calendar", e.text(), tr("doctor.fix.calendar_file", path=str(override)))
            return
        newest = calendar_versions.newest(conn) if conn is not None else None
    finally:
        if conn is not None:
            conn.close()
    year = p.today.year
    fix = tr("doctor.fix.calendar_portal", path=str(override))
    if not force.calendar.covers(year):
        yield warning("calendar", tr("doctor.calendar.missing", year=year), fix)
    elif p.today >= warn_from(p.config, year) and not force.calendar.covers(year + 1):
        yield warning("calendar", tr("doctor.calendar.missing", year=year + 1), fix)
    elif newest is not None and newest.state == "refused":
        yield warning(
            "calendar",
            tr(
                "doctor.calendar.refused",
                version=newest.version,
                problem=newest.problem or "",
                source=_source(force),
            ),
            tr("doctor.fix.calendar_refused"),
        )
    else:
        yield ok("calendar", _in_force(force, newest, year, str(override)))


def _store(p: Patient) -> sqlite3.Connection | None:
    if not p.db_path.exists():
        return None
    try:
        conn = connect_read_only(p.db_path)
        conn.execute("SELECT 1 FROM portal_calendars LIMIT 1")
        return conn
    except sqlite3.Error:
        return None  # not upgraded yet, or unreadable (the store's own check says so)


def _source(force: InForce) -> str:
    if force.version is not None:
        return tr("calendar.source.portal", version=force.version)
    return tr("calendar.source.shipped")


def _in_force(force: InForce, newest: Newest | None, year: int, override: str) -> str:
    said = tr("doctor.calendar.in_force", year=year, source=_source(force))
    if force.override_years:
        years = calendar_versions.years_text(force.override_years)
        said += " " + tr("doctor.calendar.override", years=years, path=override)
    if newest is not None and newest.state == "announced":
        said += " " + tr("doctor.calendar.announced", version=newest.version)
    return said
