"""The portal's working-day calendars: which holidays and 调休 days count a time limit here.

Published and versioned as the catalogue is (terminal/catalogue_versions.py): the signed
feed announces each version with the SHA-256 of its document (sync/feed/pull.py records
it here), the sync worker fetches the document (sync/feed/calendar.py) and settles the
version: ready when the bytes match the announcement, the document names the same
version and passes terminal/calendar_rules.py, refused otherwise with the reason kept
and journaled. Every version stays in the store.

The newest ready version is shown by the window from its next start (a command reads it
when it runs), but a case's dates are counted with the version in force when the case is
written (terminal/case_dates.py), so a holiday published at noon counts the afternoon's cases. A year the newest
version leaves out is taken from the newest older ready version that has it (``_ready``). A case's promised
dates are computed once, when it is received, and stored with it, so a calendar that
arrives later never moves a date already printed; it counts the cases received after.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from terminal import calendar_rules, journal, signed_versions, workdays
from terminal.clock import stamp
from terminal.i18n import current_language
from terminal.records import Record
from terminal.signed_versions import Announced
from terminal.workdays import Calendar, CalendarFileError, Year

log = logging.getLogger("tongban.calendar")

KIND = "calendar"  # the feed entry's kind


@dataclass(frozen=True, eq=False, repr=False)
class InForce(Record):
    """The calendar a new case is counted with, and where its years come from."""

    calendar: Calendar
    version: str | None  # the portal's version; None: none is ready here
    portal_years: frozenset[int]
    override_years: frozenset[int]  # from the data folder's holidays.json


@dataclass(frozen=True, eq=False, repr=False)
class Newest(Record):
    """The newest version the portal announced, as ``tongban sync status`` shows it."""

    version: str
    state: str  # announced, ready or refused
    problem: str | None


def years_text(years: Iterable[int | str]) -> str:
    """Years as a sentence lists them: 2026、2027 in Chinese, 2026, 2027 in English."""
    separator = "、" if current_language().startswith("zh") else ", "
    return separator.join(str(y) for y in sorted(years, key=str))


def record_announcement(conn: sqlite3.Connection, data: dict[str, Any], seq: int) -> None:
    """A feed entry of kind ``calendar``; the same version announced again changes nothing."""
    version, sha256 = data.get("version"), data.get("sha256")
    if not isinstance(version, str) or not version or not isinstance(sha256, str):
        raise ValueError("calendar announcement without version or sha256")
    conn.execute(
        "INSERT INTO portal_calendars (version, published_at, sha256, portal_seq)"
        " VALUES (?, ?, ?, ?) ON CONFLICT (version) DO NOTHING",
        (version, str(data.get("published_at")), sha256, seq),
    )


def announced(conn: sqlite3.Connection, limit: int = 5) -> list[Announced]:
    return signed_versions.announced(conn, "portal_calendars", limit)


def check(announcement: Announced, document: object) -> str:
    """The document as the text kept, or a TongbanError saying what is wrong with it."""
    text = signed_versions.as_announced(
        announcement,
        document,
        (
            "calendar_version.not_object",
            "calendar_version.sha_mismatch",
            "calendar_version.other_version",
        ),
    )
    assert isinstance(document, dict)
    calendar_rules.check_document(document, f"portal:{announcement.version}")
    return text.decode()


def settle(
    conn: sqlite3.Connection,
    version: str,
    *,
    document: str | None,
    problem: str | None,
    terminal: str,
    at: datetime,
) -> None:
    """Ready (``document``) or refused (``problem``), journaled in the same transaction."""
    state = "ready" if document is not None else "refused"
    conn.execute(
        "UPDATE portal_calendars SET state = ?, document = ?, problem = ?, settled_at = ?"
        " WHERE version = ? AND state = 'announced'",
        (state, document, problem, stamp(at), version),
    )
    journal.append(
        conn,
        at=at,
        actor="sync",
        terminal=terminal,
        action=f"calendar.{state}",
        subject=version,
        details={"problem": problem} if problem else {},
    )


def newest(conn: sqlite3.Connection) -> Newest | None:
    row = conn.execute(
        "SELECT version, state, problem FROM portal_calendars ORDER BY portal_seq DESC LIMIT 1"
    ).fetchone()
    return Newest(str(row[0]), str(row[1]), row[2]) if row else None


def portal_in_force(conn: sqlite3.Connection) -> tuple[str | None, frozenset[int]]:
    """The portal's version a new case is counted with (None: none is ready) and its years;
    a data folder's ``holidays.json`` may still replace some of them (``in_force``)."""
    version, years = _ready(conn)
    return version, frozenset(years)


def in_force(conn: sqlite3.Connection | None, data_dir: Path) -> InForce:
    """The calendar for a case received now. Raises CalendarFileError for a data folder's
    ``holidays.json`` that cannot be used (``tongban doctor`` and the commands say so)."""
    version, years = _ready(conn)
    override = workdays.override_years(data_dir) or {}
    return InForce(
        workdays.load_calendar(data_dir, years),
        version,
        frozenset(years),
        frozenset(override),
    )


def calendar_in(db_path: Path, data_dir: Path) -> Calendar:
    """For a window about to start (its store thread is not running yet): through a
    connection of its own that only reads. Never fails: no store, one not upgraded yet or
    a bad ``holidays.json`` leave the layers below (the doctor names the file)."""
    years: dict[int, Year] = {}
    if db_path.exists():
        try:
            conn = sqlite3.connect(db_path, timeout=5.0)
            try:
                years = _ready(conn)[1]
            finally:
                conn.close()
        except sqlite3.Error:
            years = {}  # not upgraded yet: nothing published
    return workdays.calendar_for(data_dir, years)


def _ready(conn: sqlite3.Connection | None) -> tuple[str | None, dict[int, Year]]:
    """The newest ready version, and each year from the newest ready version that has it.

    A newer version that leaves out a year an older one had (only next year published,
    the portal refuses that now: sync/portal/calendar.py) does not take the year away: it
    is kept from the older version, so 2027's holidays stay holidays. A year a newer
    version has always wins, so a correction is a new version as before."""
    if conn is None:
        return None, {}
    rows = conn.execute(
        "SELECT version, document FROM portal_calendars WHERE state = 'ready'"
        " ORDER BY portal_seq DESC"
    ).fetchall()
    version: str | None = None
    layered: dict[int, Year] = {}
    for row in rows:
        years = _years(str(row[0]), str(row[1]))
        if years is None:
            continue
        if version is None:
            version = str(row[0])
        for year, counted in years.items():
            layered.setdefault(year, counted)
    return version, layered


@lru_cache(maxsize=16)
def _years(version: str, document: str) -> dict[int, Year] | None:
    try:
        return calendar_rules.check_document(json.loads(document), f"portal:{version}")
    except (ValueError, CalendarFileError):
        # Checked when fetched, so only a program that reads the format differently gets
        # here: the shipped table is better than no window.
        log.warning("calendar version %s no longer passes; not used", version)
        return None
