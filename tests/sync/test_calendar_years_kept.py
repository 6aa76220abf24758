"""A newer calendar that leaves out a year does not take it away (review 4, finding 16): the
portal refuses to publish one that drops a year from this year on, with a sentence, unless
the year is named on purpose; a terminal that gets one anyway keeps the year from the
previous ready version."""

from __future__ import annotations

import copy
from datetime import date, datetime

from sync.engine import sync_once
from sync.portal.server import RunningPortal
from terminal import calendar_versions
from terminal.clock import CHINA

from ..calendars import calendar_document, year
from .conftest import Terminal
from .helpers import TERMINAL, Admin, client_for
from .test_calendar_versions import publish_unchecked

NEW_YEARS_DAY = date(2027, 1, 1)  # a holiday in every 2027 here (the invented one too)
IN_DECEMBER = datetime(2026, 12, 5, 10, tzinfo=CHINA).timestamp()


def only_2028(version: str) -> dict[str, object]:
    """What an admin publishing "next year" alone sends: 2026 kept, 2027 forgotten."""
    document = calendar_document(version, with_2027=False)
    document["years"]["2028"] = year(["2028-01-03"], [], 2028)  # type: ignore[index]
    return document


def test_the_portal_refuses_a_version_that_forgets_a_year_still_in_use(
    admin: Admin, portal: RunningPortal
) -> None:
    portal.portal.clock = lambda: IN_DECEMBER
    admin.post("/admin/calendar", {"version": "2026.2", "document": calendar_document("2026.2")})
    r = admin.http.post(
        admin.url + "/admin/calendar",
        json={"version": "2026.3", "document": only_2028("2026.3")},
        timeout=10,
    )
    assert r.status_code == 422, r.text
    assert r.json()["errors"] == [{"field": "document", "problem": "drops_year"}]
    assert "2027" in r.json()["detail"] and "2026.2" in r.json()["detail"]
    # Named on purpose, it goes; a past year may go without saying.
    admin.post(
        "/admin/calendar",
        {"version": "2026.3", "document": only_2028("2026.3"), "drop_years": [2027]},
    )
    without_2026 = copy.deepcopy(only_2028("2026.4"))
    without_2026["years"]["2027"] = calendar_document("x")["years"]["2027"]  # type: ignore[index]
    del without_2026["years"]["2026"]  # type: ignore[attr-defined]
    portal.portal.clock = lambda: datetime(2027, 3, 1, tzinfo=CHINA).timestamp()
    admin.post("/admin/calendar", {"version": "2026.4", "document": without_2026})


def test_a_terminal_keeps_a_year_a_newer_version_left_out(
    terminal: Terminal, admin: Admin, portal: RunningPortal
) -> None:
    admin.post("/admin/calendar", {"version": "2026.2", "document": calendar_document("2026.2")})
    sync_once(terminal.store, client_for(terminal.key), terminal=TERMINAL)
    before = calendar_versions.in_force(terminal.store.conn, terminal.data_dir)
    assert not before.calendar.is_working_day(NEW_YEARS_DAY)
    publish_unchecked(portal, "2026.3", only_2028("2026.3"))  # a portal that does not check
    sync_once(terminal.store, client_for(terminal.key), terminal=TERMINAL)
    now = calendar_versions.in_force(terminal.store.conn, terminal.data_dir)
    assert now.version == "2026.3"
    assert {2026, 2027, 2028} <= now.portal_years
    assert not now.calendar.is_working_day(NEW_YEARS_DAY)  # still a holiday
    assert not now.calendar.is_working_day(date(2028, 1, 3))  # and the new year counts
    at_start = calendar_versions.calendar_in(terminal.store.path, terminal.data_dir)
    assert not at_start.is_working_day(NEW_YEARS_DAY)
