"""A case's promised date and its 补正 return-by date are counted with the working-day
calendar in force when the case is written (review finding 7): a version published during
the day (a new holiday) counts the cases written after it, never one written before."""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from terminal import casebook
from terminal.case_dates import counted_now
from terminal.cases import Decision, MaterialsGiven, decide
from terminal.catalogue import load_default
from terminal.clock import CHINA
from terminal.fees import FeeTaken
from terminal.store import Store
from terminal.workdays import default_calendar

from .calendars import HOLIDAYS_2027, WORKING_WEEKENDS_2027, calendar_document, year
from .test_calendar_doctor import settle
from .test_fees import bdc_capture

# Thursday 4 February 2027; the new version makes Friday 5 February a holiday.
RECEIVED = datetime(2027, 2, 4, 10, tzinfo=CHINA)
NEW_HOLIDAY = "2027-02-05"


def written(store: Store, case_id: str, decision: Decision, data_dir: Path) -> dict[str, str]:
    """Decided with the window's calendar as it started (no version: 2027 unknown to it),
    written as the window writes it; the dates the store keeps."""
    fee = FeeTaken("cash") if decision is Decision.ACCEPTED else None
    capture = replace(bdc_capture(fee), case_id=case_id)
    if decision is Decision.NEEDS_CORRECTION:
        capture = replace(capture, given=MaterialsGiven())
    # The window's calendar was read when it started, before any version: the shipped one.
    decided = decide(
        load_default(), capture, decision, received_at=RECEIVED, calendar=default_calendar()
    )
    with store.write():
        dated = counted_now(store.conn, decided, data_dir)
        receipt = casebook.record_decision(
            store.conn, dated, terminal_id="XH-W01", clerk="li", at=RECEIVED
        )
    detail = casebook.load_detail(store, receipt)
    return {"due_date": str(detail["due_date"]), "return_by": str(detail.get("return_by"))}


def test_a_case_written_after_a_new_holiday_gets_the_later_date(
    store: Store, tmp_path: Path
) -> None:
    settle(store, "2027.1", calendar_document("2027.1"), 1)
    before = written(store, "5a1e0000-0000-4000-8000-0000000000a1", Decision.ACCEPTED, tmp_path)
    notice = written(
        store, "5a1e0000-0000-4000-8000-0000000000a2", Decision.NEEDS_CORRECTION, tmp_path
    )
    added = copy.deepcopy(calendar_document("2027.2"))
    added["years"]["2027"] = year([*HOLIDAYS_2027, NEW_HOLIDAY], WORKING_WEEKENDS_2027, 2027)
    settle(store, "2027.2", added, 2)
    after = written(store, "5a1e0000-0000-4000-8000-0000000000a3", Decision.ACCEPTED, tmp_path)
    later_notice = written(
        store, "5a1e0000-0000-4000-8000-0000000000a4", Decision.NEEDS_CORRECTION, tmp_path
    )
    # One working day later: Friday 5 February is no longer one.
    assert date.fromisoformat(after["due_date"]) > date.fromisoformat(before["due_date"])
    assert date.fromisoformat(later_notice["return_by"]) > date.fromisoformat(notice["return_by"])
    # Those written before keep the dates they were given (and printed).
    again = casebook.load_detail(
        store, casebook.find(store, "5a1e0000-0000-4000-8000-0000000000a1").receipt_no
    )
    assert str(again["due_date"]) == before["due_date"]
