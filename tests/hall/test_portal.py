"""The portal's queue seen from terminals: replays, refusals, transfers, appointments, listening."""

from __future__ import annotations

import queue as stdqueue
import threading
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests

from sync.engine import sync_once
from sync.hall.operations import CALL_FORMAT
from sync.hall.watch import QueueEvent, QueueWatcher
from sync.link import protocol
from sync.portal import RunningPortal
from terminal import hall
from terminal.clock import now

from ..sync.helpers import HALL, Admin, invented_id
from .conftest import Desk, portal_rows


def test_a_repeated_call_is_answered_with_the_same_ticket(desks: list[Desk]) -> None:
    w1 = desks[0].hall()
    a, _ = w1.take("A").ticket, w1.take("A").ticket
    client = desks[0].client()
    key = str(uuid.uuid4())
    body = protocol.canonical_json({"format": CALL_FORMAT, "groups": ["A"]})
    first = client.send("POST", protocol.path_call_next(1), body, idempotency_key=key)
    again = client.send("POST", protocol.path_call_next(1), body, idempotency_key=key)
    assert first.json() == again.json() and first.json()["ticket"]["ticket_id"] == a.id  # type: ignore[union-attr]
    assert again.headers[protocol.H_REPLAYED] == "true"
    assert first.json()["call"]["nth"] == 1


def test_the_portal_refuses_with_its_state_and_the_window_learns_it(desks: list[Desk]) -> None:
    w1, w2 = desks[0].hall(), desks[1].hall()
    t = w1.take("A").ticket
    assert t is not None
    with pytest.raises(hall.QueueError) as e:
        w1.skip(t.ticket_no)  # not called yet
    assert e.value.msg_id == "queue.refused_by_portal"
    sync_once(desks[1].store, desks[1].client(), terminal=desks[1].terminal_id)
    w1.call_next()
    # Window 2 still thinks A001 waits (it has not pulled since); the portal says where it is.
    assert hall.get(w2.store.conn, t.id).state == "waiting"
    with pytest.raises(hall.QueueError) as e:
        w2.act(t.id, "skip")
    assert e.value.msg_id == "queue.not_your_window" and "1" in e.value.text()
    assert hall.get(w2.store.conn, t.id).window == 1


def test_a_transfer_goes_first_at_its_target_window(desks: list[Desk]) -> None:
    w1, w2 = desks[0].hall(), desks[1].hall()
    t = w1.take("A").ticket
    later = w1.take("C").ticket
    assert t is not None and later is not None
    w1.call_next()
    moved = w1.transfer(t.ticket_no, window=2)
    assert moved.online and moved.ticket.state == "transferred"  # type: ignore[union-attr]
    assert w1.call_next(["A"]).ticket is None  # not window 1's any more
    got = w2.call_next(["C"])  # window 2 calls only C, and the transfer still comes first
    assert got.ticket.id == t.id and got.call.window == 2  # type: ignore[union-attr]
    assert w2.call_next(["C"]).ticket.id == later.id  # type: ignore[union-attr]


def test_appointments_booked_online_go_first(desks: list[Desk], portal: RunningPortal) -> None:
    admin = Admin(portal.url)
    w1 = desks[0].hall()
    walk_in = w1.take("310104-GA-JZZ-0001").ticket
    appt = book(admin, "09:00", "11010519491231002X")
    checked_in = admin.post(
        "/admin/tickets",
        {
            "hall": HALL,
            "intake_code": "310104-GA-JZZ-0001",
            "appointment_id": appt["appointment_id"],
        },
    )
    assert checked_in["ticket_no"] == "A002"  # numbered in the hall queue's group A
    later = book(admin, "10:00", invented_id(7))
    sync_once(desks[0].store, desks[0].client(), terminal=desks[0].terminal_id)
    # The appointment is known here now: a ticket taken for it has priority too.
    booked = w1.take("310104-GA-JZZ-0001", appointment_id=appt["appointment_id"]).ticket
    assert booked is not None and booked.priority == "appointment"
    with pytest.raises(hall.QueueError):
        w1.take("A", appointment_id="YY-UNKNOWN")
    order = [w1.call_next().ticket.ticket_no for _ in range(3)]  # type: ignore[union-attr]
    assert order == ["A002", booked.ticket_no, walk_in.ticket_no]  # type: ignore[union-attr]
    assert desks[0].store.conn.execute("SELECT count(*) FROM tickets").fetchone()[0] == 1
    # Checked in: the portal marked the appointment arrived, and the window's list of who is
    # still expected today holds only the later one.
    day = hall.day_of(now())
    state = (
        desks[0]
        .store.conn.execute(
            "SELECT state FROM appointments WHERE id = ?", (appt["appointment_id"],)
        )
        .fetchone()[0]
    )
    assert state == "arrived"
    expected = hall.appointments(desks[0].store.conn, day)
    assert [a["id"] for a in expected] == [later["appointment_id"]]


def test_handing_over_twice_takes_the_ticket_once(desks: list[Desk], portal: RunningPortal) -> None:
    desk = desks[0]
    t, _ = hall.issue_local(desk.store, group="B", window=1, terminal=desk.terminal_id, at=now())
    hall.hand_over(desk.store, terminal=desk.terminal_id, at=now())
    (body,) = desk.store.conn.execute(
        "SELECT body FROM outbox WHERE idempotency_key = ?", (t.id,)
    ).fetchone()
    client = desk.client()
    first, again = client.queue_merge([(t.id, body)]), client.queue_merge([(t.id, body)])
    assert [type(o).__name__ for o in first + again] == ["Taken", "Taken"]
    assert again[0].replayed  # type: ignore[union-attr]
    other = body.replace('"priority":"normal"', '"priority":"green"')
    assert type(client.queue_merge([(t.id, other)])[0]).__name__ == "Refused"  # 409
    rows = portal_rows(portal, "SELECT ticket_no, origin FROM queue_tickets")
    assert rows == [{"ticket_no": t.ticket_no, "origin": "terminal"}]


def test_a_check_in_numbered_offline_marks_the_appointment_arrived_when_handed_over(
    desks: list[Desk], portal: RunningPortal
) -> None:
    desk = desks[0]
    appt = book(Admin(portal.url), "09:00", invented_id(8))
    hall.issue_local(
        desk.store,
        group="A",
        window=1,
        terminal=desk.terminal_id,
        at=now(),
        priority="appointment",
        appointment_id=appt["appointment_id"],
    )
    hall.hand_over(desk.store, terminal=desk.terminal_id, at=now())
    for _ in range(2):  # a pass hands the ticket over after its pull; the next pull hears it
        sync_once(desk.store, desk.client(), terminal=desk.terminal_id)
    state = desk.store.conn.execute(
        "SELECT state FROM appointments WHERE id = ?", (appt["appointment_id"],)
    ).fetchone()
    assert state is not None and state[0] == "arrived"


def test_a_display_hears_every_call_of_the_hall_at_once(desks: list[Desk], tmp_path: Path) -> None:
    heard: stdqueue.Queue[QueueEvent] = stdqueue.Queue()
    display = desks[1]
    watcher = display_watcher(display, heard, wait_seconds=2)
    watcher.start()
    try:
        w1 = desks[0].hall()
        w1.take("A")
        w1.call_next()
        events = _until(heard, lambda e: e.kind == "call")
        call = events[-1].call
        assert call is not None and call.window == 1 and call.origin == "portal"
        assert call.announcement() == "请 A001 号到 1 号窗口"
        assert any(e.kind == "link" and e.online for e in events)
        if not any(e.kind == "changed" for e in events):
            # The ticket and its call can arrive in one page, and a scan tells calls first:
            # the lists' change must still be heard (``_until`` fails if it never is).
            _until(heard, lambda e: e.kind == "changed")
        w1.call_again("A001")
        again = _until(heard, lambda e: e.kind == "call")[-1].call
        assert again is not None and again.nth == 2
        assert [c.nth for c in hall.recent_calls(display.store.conn)] == [1, 2]
    finally:
        watcher.stop(timeout=5)


def test_offline_the_terminal_still_hears_its_own_calls(desks: list[Desk]) -> None:
    heard: stdqueue.Queue[QueueEvent] = stdqueue.Queue()
    desk = desks[0]
    watcher = QueueWatcher(
        desk.data_dir / "tongban.db",
        None,
        terminal=desk.terminal_id,
        listener=heard.put,
        scan_seconds=30,
    )
    watcher.start()
    try:
        hall = desk.hall(notify=watcher.wake)
        hall.client = None  # no portal at all
        hall.take("B")
        hall.call_next()
        call = _until(heard, lambda e: e.kind == "call")[-1].call
        assert call is not None and call.ticket_no == "B1-001" and call.origin == "local"
    finally:
        watcher.stop(timeout=5)


def test_a_long_poll_answers_when_the_call_is_made(desks: list[Desk]) -> None:
    client = desks[1].client()
    after = client.changes(0, 1000, topic="queue")["last_seq"]
    page: list[dict[str, object]] = []
    poll = threading.Thread(
        target=lambda: page.append(client.changes(after, 100, topic="queue", wait=20))
    )
    poll.start()
    w1 = desks[0].hall()
    w1.take("A")
    poll.join(30)
    assert page and page[0]["changes"]
    kinds = {c["kind"] for c in page[0]["changes"]}  # type: ignore[attr-defined]
    assert kinds <= {"queue.ticket", "queue.call"}


def test_a_closing_display_ends_its_long_poll_at_once_and_reports_nothing_after(
    desks: list[Desk],
) -> None:
    heard: stdqueue.Queue[QueueEvent] = stdqueue.Queue()
    # The portal holds the next ask as long as it may.
    watcher = display_watcher(desks[1], heard, wait_seconds=25)
    watcher.start()
    _until(heard, lambda e: e.kind == "link" and e.online)
    watcher.stop(timeout=5)
    assert not watcher.running()
    # The cut-off poll is not reported as the portal going away.
    after = []
    while not heard.empty():
        after.append(heard.get())
    assert not [e for e in after if e.kind == "link" and not e.online], after


def book(admin: Admin, at: str, id_number: str) -> dict[str, Any]:
    """A residence-permit appointment today at ``at`` (HH:MM, half an hour), booked online."""
    today = now().date().isoformat()
    start = datetime.fromisoformat(f"{today}T{at}:00+08:00")
    return admin.post(
        "/admin/appointments",
        {
            "hall": HALL,
            "intake_code": "310104-GA-JZZ-0001",
            "slot_start": start.isoformat(),
            "slot_end": (start + timedelta(minutes=30)).isoformat(),
            "applicant_name": "测试",
            "id_number": id_number,
        },
    )


def display_watcher(
    display: Desk, heard: stdqueue.Queue[QueueEvent], wait_seconds: int
) -> QueueWatcher:
    return QueueWatcher(
        display.data_dir / "tongban.db",
        lambda: display.client(),
        terminal=display.terminal_id,
        listener=heard.put,
        wait_seconds=wait_seconds,
        scan_seconds=0.2,
    )


def _until(events: stdqueue.Queue[QueueEvent], done: object, limit: int = 50) -> list[QueueEvent]:
    seen = []
    for _ in range(limit):
        event = events.get(timeout=15)
        seen.append(event)
        if done(event):  # type: ignore[operator]
            return seen
    raise AssertionError(f"not heard: {seen}")


def test_an_issue_held_up_until_after_its_cancel_numbers_nothing(
    desks: list[Desk], portal: RunningPortal
) -> None:
    """The terminal gave up on an issue (its answer did not come) and sent the cancel; the
    issue itself, held up on the way, arrives afterwards: it must not number a ghost that
    nobody will ever cancel, counted 'ahead' of every citizen and called at some window."""
    from sync.hall.operations import ISSUE_FORMAT
    from sync.link.answers import Refused

    desk = desks[0]
    client = desk.client()
    ticket_id = str(uuid.uuid4())
    cancel = hall.action_body("cancel", ticket_id, desk.window)
    path = protocol.path_ticket_action(ticket_id, "cancel")
    cancelled = client.push_one(path, str(uuid.uuid4()), cancel)
    assert not isinstance(cancelled, Refused), cancelled
    issue = {
        "format": ISSUE_FORMAT,
        "ticket_id": ticket_id,
        "group": "A",
        "priority": "normal",
        "window": desk.window,
        "intake_code": None,
        "appointment_id": None,
    }
    late = client.push_one(
        protocol.PATH_QUEUE_TICKETS, ticket_id, protocol.canonical_json(issue).decode()
    )
    assert isinstance(late, Refused) and late.status == 409
    assert portal_rows(portal, "SELECT count(*) AS n FROM queue_tickets")[0]["n"] == 0


def test_the_tickets_qr_opens_a_page_with_its_place_in_the_line(
    desks: list[Desk], portal: RunningPortal
) -> None:
    from terminal.config import Config
    from terminal.documents.model import queue_url

    w1 = desks[0].hall()
    first, second = w1.take("A").ticket, w1.take("A").ticket
    assert first is not None and second is not None
    page = requests.get(queue_url(Config(portal_url=portal.url), second.id), timeout=10)
    assert page.status_code == 200 and "text/html" in page.headers["Content-Type"]
    assert second.ticket_no in page.text and "等候中" in page.text
    assert "您前面还有 1 人" in page.text
