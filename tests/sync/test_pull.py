"""Pulling by the portal's sequence: statuses, numbers, appointments, tickets, catalogue, conflicts."""

from __future__ import annotations

from sync.engine import sync_once
from sync.feed.pull import apply_page, cursor
from sync.link.protocol import PATH_CASES
from sync.state import read_status
from terminal import journal
from terminal.catalogue import Catalogue

from .conftest import Terminal
from .faultproxy import Fault, FaultProxy
from .helpers import (
    AT,
    HALL,
    TERMINAL,
    Admin,
    catalogue_document,
    client_for,
    drain,
    invented_id,
    record_cases,
)


def _state(terminal: Terminal, case_id: str) -> str:
    row = terminal.store.conn.execute("SELECT state FROM cases WHERE id = ?", (case_id,))
    return str(row.fetchone()[0])


def test_status_changes_land_in_the_case_and_the_journal(
    terminal: Terminal, admin: Admin, mini_catalogue: Catalogue
) -> None:
    a, b, c = record_cases(terminal.store, mini_catalogue, 3)
    client = client_for(terminal.key)
    drain(terminal.store, client)
    admin.set_state(a, "in_progress")
    admin.set_state(a, "completed")
    admin.set_state(b, "not_approved")
    admin.set_state(c, "withdrawn")
    summary = sync_once(terminal.store, client, terminal=TERMINAL)
    assert summary.pulled >= 4
    assert [_state(terminal, x) for x in (a, b, c)] == ["completed", "not_approved", "withdrawn"]
    moves = [
        (e.subject, e.details["from"], e.details["to"])
        for e in journal.recent(terminal.store.conn, 100)
        if e.action == "case.state" and e.subject == a
    ]
    assert sorted(moves) == sorted(
        [(a, "accepted", "synced"), (a, "synced", "in_progress"), (a, "in_progress", "completed")]
    )
    assert journal.verify(terminal.store.conn).ok
    # Pulling again changes nothing: the cursor is past it all.
    again = sync_once(terminal.store, client, terminal=TERMINAL)
    assert again.pulled == 0 and again.cursor == summary.cursor


def test_the_portal_number_is_bound_by_the_pull_when_the_push_answer_was_lost(
    terminal: Terminal, admin: Admin, proxy: FaultProxy, mini_catalogue: Catalogue
) -> None:
    (case_id,) = record_cases(terminal.store, mini_catalogue, 1)
    body = terminal.store.conn.execute("SELECT body FROM outbox").fetchone()[0]
    via_proxy = client_for(terminal.key, proxy.url)
    proxy.then(Fault.RESET_AFTER_COMMIT)
    try:
        via_proxy.push_one(PATH_CASES, case_id, body)
    except Exception as e:
        assert e.__class__.__name__ == "LinkDown"
    # The portal has it; the terminal does not know. A pull alone binds the number.
    from sync.feed.pull import pull

    pull(terminal.store, client_for(terminal.key), terminal=TERMINAL, now=lambda: AT)
    number = admin.cases()[0]["portal_case_no"]
    row = terminal.store.conn.execute(
        "SELECT state, portal_case_no FROM cases WHERE id = ?", (case_id,)
    ).fetchone()
    assert tuple(row) == ("synced", number)
    # The push that follows is answered with the same number: bound once, journaled once.
    drain(terminal.store, client_for(terminal.key))
    bound = terminal.store.conn.execute(
        "SELECT count(*) FROM journal WHERE action = 'case.portal_bound'"
    ).fetchone()[0]
    assert bound == 1


def test_appointments_tickets_and_catalogue_come_down(terminal: Terminal, admin: Admin) -> None:
    appt = admin.post(
        "/admin/appointments",
        {
            "hall": HALL,
            "intake_code": "T-GA-JZZ",
            "slot_start": "2026-11-27T09:00:00+08:00",
            "slot_end": "2026-11-27T09:30:00+08:00",
            "applicant_name": "测试",
            "id_number": invented_id(1),
        },
    )
    admin.post("/admin/appointments", {**appt, "state": "cancelled"})
    admin.post("/admin/appointments", {**appt, "appointment_id": "OTHER", "hall": "别的大厅"})
    admin.post("/admin/tickets", {"hall": HALL, "appointment_id": appt["appointment_id"]})
    admin.post(
        "/admin/catalogue", {"version": "2026.12", "document": catalogue_document("2026.12")}
    )
    summary = sync_once(terminal.store, client_for(terminal.key), terminal=TERMINAL)
    assert summary.online
    conn = terminal.store.conn
    rows = conn.execute("SELECT id, state FROM appointments").fetchall()
    assert [tuple(r) for r in rows] == [(appt["appointment_id"], "cancelled")]  # this hall only
    assert conn.execute("SELECT count(*) FROM tickets").fetchone()[0] == 1
    assert read_status(conn).portal_catalogue == "2026.12"
    # The cursor moved past the other hall's entry too.
    assert cursor(conn) == summary.cursor and summary.cursor >= 5


def test_withdrawn_online_while_accepted_offline_is_a_visible_conflict(
    terminal: Terminal, admin: Admin, mini_catalogue: Catalogue
) -> None:
    citizen = invented_id(42)
    application = admin.post(
        "/admin/online-applications", {"id_number": citizen, "intake_code": "T-GA-JZZ"}
    )
    # The link is down; the clerk accepts the citizen's case at the counter ...
    (case_id,) = record_cases(terminal.store, mini_catalogue, 1, id_number=citizen)
    # ... while the citizen withdraws the online application from a phone.
    admin.post(f"/admin/online-applications/{application['application_no']}/withdraw")
    summary = drain(terminal.store, client_for(terminal.key))
    assert _state(terminal, case_id) == "conflict"
    assert [c.case_id for c in summary.status.conflicts] == [case_id]
    entry = next(
        e for e in journal.recent(terminal.store.conn, 20) if e.details.get("to") == "conflict"
    )
    assert entry.details["reason"] == "withdrawn_online"
    # Nothing was lost: the portal took the case and numbered it.
    assert [c["state"] for c in admin.cases()] == ["conflict"]
    # A person at the portal settles it; the terminal follows.
    admin.set_state(case_id, "withdrawn")
    sync_once(terminal.store, client_for(terminal.key), terminal=TERMINAL)
    assert _state(terminal, case_id) == "withdrawn"


def test_a_case_continuing_an_online_application_takes_its_number(
    terminal: Terminal, admin: Admin, mini_catalogue: Catalogue
) -> None:
    citizen = invented_id(43)
    application = admin.post(
        "/admin/online-applications", {"id_number": citizen, "intake_code": "T-GA-JZZ"}
    )
    (case_id,) = record_cases(terminal.store, mini_catalogue, 1, id_number=citizen)
    drain(terminal.store, client_for(terminal.key))
    row = terminal.store.conn.execute(
        "SELECT state, portal_case_no FROM cases WHERE id = ?", (case_id,)
    ).fetchone()
    assert tuple(row) == ("synced", application["application_no"])


def test_a_page_applied_twice_changes_nothing(terminal: Terminal) -> None:
    page = {
        "changes": [
            {
                "seq": 3,
                "kind": "ticket",
                "at": "2026-11-26T10:00:00+08:00",
                "data": {"ticket_no": "A001", "hall": HALL, "state": "waiting", "issued_at": "x"},
            },
            {"seq": 4, "kind": "something.new", "at": "x", "data": {}},
        ],
        "last_seq": 9,
        "more": False,
    }
    assert apply_page(terminal.store, page, TERMINAL, AT) == 2
    assert apply_page(terminal.store, page, TERMINAL, AT) == 0
    assert cursor(terminal.store.conn) == 9
