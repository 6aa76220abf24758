"""A return after 补正 past the notice's deadline (review 5, finding 14): not refused, marked
late in the event, the journal and the printed receipt."""

from __future__ import annotations

from datetime import datetime, timedelta

from terminal import case_events, casebook, journal
from terminal.catalogue import Catalogue
from terminal.documents.marks import marks
from terminal.store import Store
from terminal.workdays import default_calendar

from .test_case_events import come_back, notice_case

CAL = default_calendar()


def test_a_return_after_the_deadline_is_accepted_and_marked_late(
    store: Store, mini_catalogue: Catalogue, at: datetime
) -> None:
    case_id = notice_case(store, mini_catalogue, at)
    by = CAL.add_working_days(at.date(), 10)  # the service's deadline, recorded with the notice
    later = at + timedelta(days=40)
    come_back(store, mini_catalogue, case_id, later)
    assert casebook.find(store, case_id).decision == "accepted"  # the hall took it
    (event,) = case_events.events_of(store.conn, case_id)
    days = (later.date() - by).days
    assert event["late"] == {"return_by": by.isoformat(), "days_late": days}
    entry = journal.recent(store.conn, 1)[0]
    assert entry.action == "case.materials_complete" and entry.details["late"]["days_late"] == days
    detail = casebook.load_detail(store, case_id)
    case_events.for_documents(store.conn, detail)
    printed = " ".join(marks(detail, str))
    assert "逾期补正" in printed and f"逾期{days}天" in printed


def test_a_return_in_time_is_not_marked(
    store: Store, mini_catalogue: Catalogue, at: datetime
) -> None:
    case_id = notice_case(store, mini_catalogue, at)
    come_back(store, mini_catalogue, case_id, at + timedelta(days=3))
    (event,) = case_events.events_of(store.conn, case_id)
    assert "late" not in event
    assert "late" not in journal.recent(store.conn, 1)[0].details
    detail = casebook.load_detail(store, case_id)
    case_events.for_documents(store.conn, detail)
    assert "逾期" not in " ".join(marks(detail, str))
