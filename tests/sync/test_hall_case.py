"""A citizen with a 补正 notice from window 1 is served at window 2 of the same hall (review 4,
finding 1): window 2 fetches the case from the portal by receipt and last four (a signed
answer), records the return in the same case, and the portal has the event from window 2.
Nobody else gets the case: a wrong last four, another hall's counter, a kiosk."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from sync.cases.hall_fetch import fetch
from sync.engine import sync_once
from sync.errors import LinkDown, LookupThrottled
from sync.link.enrol import enrol
from sync.link.keys import TerminalKey
from sync.portal import RunningPortal
from terminal import case_events, casebook, journal
from terminal.case_machine import CaseError
from terminal.case_state import CaseNotFound
from terminal.cases import Decision, Handed, MaterialsGiven, decide
from terminal.catalogue import Catalogue
from terminal.store import Store, open_store
from terminal.workdays import default_calendar

from .conftest import Terminal
from .helpers import AT, FAST, HALL, Admin, client_for, drain
from .test_case_events import CITIZEN, events_on_portal, notice

LATER = AT + timedelta(days=6)


def _counter(tmp_path: Path, portal: RunningPortal, terminal_id: str, hall: str = HALL,
             kind: str = "counter") -> tuple[Store, TerminalKey]:  # fmt: skip
    portal.portal.admit_enrol_code(f"CODE-{terminal_id}", terminal_id, hall, kind=kind)
    store = open_store(tmp_path / terminal_id / "tongban.db", create=True)
    key = enrol(
        tmp_path / terminal_id, store, portal_url=portal.url, code=f"CODE-{terminal_id}",
        terminal_id=terminal_id, hall=hall, at=AT, timeouts=FAST,
    )  # fmt: skip
    return store, key


def _fetch(store: Store, key: TerminalKey, receipt: str, last4: str) -> str:
    return fetch(store, client_for(key), receipt, last4, terminal_id=key.terminal_id,
                 clerk="zhao", at=LATER)  # fmt: skip


def test_another_window_of_the_hall_takes_the_return_in_the_same_case(
    terminal: Terminal, portal: RunningPortal, admin: Admin, mini_catalogue: Catalogue,
    tmp_path: Path,
) -> None:  # fmt: skip
    case_id = notice(terminal.store, mini_catalogue)
    drain(terminal.store, client_for(terminal.key))
    receipt = casebook.find(terminal.store, case_id).receipt_no
    w2, key = _counter(tmp_path, portal, "XH-W02")
    with pytest.raises(CaseNotFound):
        _fetch(w2, key, receipt, "0000" if CITIZEN[-4:] != "0000" else "1111")
    assert _fetch(w2, key, receipt, CITIZEN[-4:]) == case_id
    # The case as window 1 recorded it: its receipt, its applicant, what was missing.
    detail = casebook.load_detail(w2, receipt)
    first = casebook.load_detail(terminal.store, case_id)
    for field in ("receipt_no", "id_number", "applicant_name", "missing", "materials", "form"):
        assert detail[field] == first[field], field
    assert (detail["state"], detail["terminal_id"]) == ("synced", "XH-W01")
    (entry,) = [e for e in journal.recent(w2.conn, 20) if e.action == "case.fetched_from_hall"]
    assert entry.actor == "zhao" and entry.details["recorded_by"] == "XH-W01"
    # Asked again (the clerk pressed twice): the same case, nothing doubled.
    assert _fetch(w2, key, receipt, CITIZEN[-4:]) == case_id
    # The return at window 2, in the same case, reaches the portal from window 2.
    handed = {**MaterialsGiven.from_json(detail["materials"]).handed, "CL-ZLHT": Handed(1, 1)}
    cap = case_events.return_capture(detail, MaterialsGiven(handed=handed))
    d = decide(mini_catalogue, cap, Decision.ACCEPTED, received_at=LATER,
               calendar=default_calendar())  # fmt: skip
    with w2.write():
        case_events.record_return(w2.conn, d, terminal_id="XH-W02", clerk="zhao", at=LATER)
    client = client_for(key)
    for _ in range(5):
        summary = sync_once(w2, client, terminal="XH-W02")
        if summary.online and summary.status.waiting == 0:
            break
    (event,) = events_on_portal(admin, case_id)
    assert (event["kind"], event["terminal_id"], event["clerk"]) == (
        "materials_complete", "XH-W02", "zhao",
    )  # fmt: skip
    # Window 1's push was never repeated from window 2: the portal holds one case.
    assert [c["case_id"] for c in admin.cases()].count(case_id) == 1
    # Window 1 hears that its notice was answered at window 2: no longer waiting, no red card.
    drain(terminal.store, client_for(terminal.key))
    assert casebook.find(terminal.store, case_id).decision == "accepted"
    moved = [e for e in journal.recent(terminal.store.conn, 30)
             if e.action == "case.returned_elsewhere"]  # fmt: skip
    assert [e.details["by_terminal"] for e in moved] == ["XH-W02"]
    # Window 2's copy hears the department's news like window 1's.
    admin.set_state(case_id, "in_progress")
    for _ in range(3):
        sync_once(w2, client, terminal="XH-W02")
    assert casebook.find(w2, case_id).state == "in_progress"
    # Acted on since: refused with nothing of the case, naming the window that acted last.
    w3, key3 = _counter(tmp_path, portal, "XH-W03")
    with pytest.raises(CaseError) as changed:
        _fetch(w3, key3, receipt, CITIZEN[-4:])
    assert changed.value.msg_id == "hall_case.changed"
    assert changed.value.params["window"] == "XH-W02"
    assert casebook.search_cases(w3, receipt) == []
    # Every question that named the case is on record, with the clerk: answered or refused.
    with portal.portal.db.read() as conn:
        reads = conn.execute(
            "SELECT terminal_id, clerk, answered FROM hall_case_reads ORDER BY at"
        ).fetchall()
    assert [tuple(r) for r in reads] == [
        ("XH-W02", "zhao", 1), ("XH-W02", "zhao", 1), ("XH-W03", "zhao", 0),
    ]  # fmt: skip


def test_nobody_outside_the_halls_counters_gets_the_case(
    terminal: Terminal, portal: RunningPortal, mini_catalogue: Catalogue, tmp_path: Path
) -> None:
    case_id = notice(terminal.store, mini_catalogue)
    drain(terminal.store, client_for(terminal.key))
    receipt = casebook.find(terminal.store, case_id).receipt_no
    elsewhere, key = _counter(tmp_path, portal, "PD-W01", hall="浦东测试大厅")
    with pytest.raises(CaseNotFound):  # the same answer as a wrong last four
        _fetch(elsewhere, key, receipt, CITIZEN[-4:])
    kiosk, kiosk_key = _counter(tmp_path, portal, "XH-K01", kind="kiosk")
    with pytest.raises(LinkDown) as refused:
        _fetch(kiosk, kiosk_key, receipt, CITIZEN[-4:])
    assert refused.value.msg_id == "sync.link.key_refused"
    for store in (elsewhere, kiosk):
        assert casebook.search_cases(store, receipt) == []


def test_a_case_finished_at_its_window_is_not_taken(
    terminal: Terminal, portal: RunningPortal, admin: Admin, mini_catalogue: Catalogue,
    tmp_path: Path,
) -> None:  # fmt: skip
    case_id = notice(terminal.store, mini_catalogue)
    drain(terminal.store, client_for(terminal.key))
    admin.set_state(case_id, "withdrawn")
    receipt = casebook.find(terminal.store, case_id).receipt_no
    w2, key = _counter(tmp_path, portal, "XH-W02")
    with pytest.raises(CaseError) as finished:
        _fetch(w2, key, receipt, CITIZEN[-4:])
    assert finished.value.msg_id == "hall_case.finished"
    assert casebook.search_cases(w2, receipt) == []


def test_guessing_last_fours_is_stopped(
    terminal: Terminal, portal: RunningPortal, mini_catalogue: Catalogue, tmp_path: Path
) -> None:
    case_id = notice(terminal.store, mini_catalogue)
    drain(terminal.store, client_for(terminal.key))
    receipt = casebook.find(terminal.store, case_id).receipt_no
    w2, key = _counter(tmp_path, portal, "XH-W02")
    wrong = [f"{i:04d}" for i in range(10) if f"{i:04d}" != CITIZEN[-4:]][:5]
    for last4 in wrong:
        with pytest.raises(CaseNotFound):
            _fetch(w2, key, receipt, last4)
    with pytest.raises(LookupThrottled):  # even the right one now waits
        _fetch(w2, key, receipt, CITIZEN[-4:])
