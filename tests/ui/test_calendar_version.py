"""The window counts a new case's promised date with the newest working-day calendar the
portal published and this terminal checked, read when it starts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from terminal.store import open_store
from ui.main_window import MainWindow

from ..calendars import calendar_document
from ..test_calendar_doctor import settle


def test_the_window_starts_with_the_portal_s_calendar(
    data_dir: Path, request: pytest.FixtureRequest
) -> None:
    store = open_store(data_dir / "tongban.db")
    settle(store, "2027.1", calendar_document("2027.1"), 1)
    store.close()
    # The window (and its context) only now: it reads the calendar when it starts.
    window: MainWindow = request.getfixturevalue("window")
    calendar = window.ctx.calendar
    assert calendar.covers(2027)
    # Thursday 4 February 2027 + 15 working days, over the (invented) Spring Festival week.
    assert calendar.add_working_days(date(2027, 2, 4), 15) == date(2027, 3, 3)
