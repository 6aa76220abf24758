"""The queue's core, in the store alone: groups, numbers, the calling order, offline rules, v5."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from terminal import hall, journal, migrations
from terminal.catalogue import load_default
from terminal.store import Store, open_store

T = "XH-W03"


def test_every_catalogue_department_and_bundle_has_a_group() -> None:
    groups = hall.load_groups()
    cat = load_default()
    for code in [*cat.services, *cat.bundles]:
        assert groups.for_code(code).prefix != groups.default, code
    assert groups.resolve("310104-GA-JZZ-0001").prefix == "A"
    assert groups.resolve("310104-YJS-0003").prefix == "Y"
    assert groups.resolve("b").prefix == "B"
    assert groups.resolve("no-such-code").prefix == "Z"  # the default group
    with pytest.raises(hall.QueueError) as e:
        groups.resolve("Q")
    assert e.value.msg_id == "queue.unknown_group"


def test_a_hall_keeps_its_own_layout_and_a_bad_file_is_named(tmp_path: Path) -> None:
    layout = {
        "default": "K",
        "groups": [
            {"prefix": "K", "name": "综合", "name_en": "All", "windows": [1, 2]},
            {
                "prefix": "M",
                "name": "婚姻",
                "name_en": "Marriage",
                "departments": ["MZ"],
                "windows": [3],
            },
        ],
    }
    (tmp_path / "queue_groups.json").write_text(json.dumps(layout), "utf-8")
    groups = hall.load_groups(tmp_path)
    assert groups.for_window(3) == ("M",) and groups.for_window(1) == ("K",)
    assert groups.get("M").label("en") == "Marriage"
    layout["groups"][1]["prefix"] = "K"
    (tmp_path / "queue_groups.json").write_text(json.dumps(layout), "utf-8")
    with pytest.raises(hall.QueueError) as e:
        hall.load_groups(tmp_path)
    assert e.value.msg_id == "queue.groups_invalid" and "queue_groups.json" in e.value.text()


def test_offline_numbers_name_their_window_and_never_look_like_the_portals() -> None:
    assert hall.offline_number("A", 3, 12) == "A3-012"
    assert hall.offline_range_of("A3-012") == ("A", 3)
    assert hall.offline_range_of("C117-1000") == ("C", 117)
    for portal_no in ("A012", "A1000", hall.portal_number("Z", 7)):
        assert hall.offline_range_of(portal_no) is None


def _issue(store: Store, at: datetime, **kw: object) -> hall.Ticket:
    t, _ = hall.issue_local(store, group="A", window=3, terminal=T, at=at, **kw)  # type: ignore[arg-type]
    return t


def _call(store: Store, at: datetime, window: int = 3) -> hall.Ticket | None:
    found = hall.call_next_local(store, window=window, groups=["A"], terminal=T, at=at)
    return found[0] if found else None


def test_appointments_and_green_first_then_first_come(store: Store, at: datetime) -> None:
    first = _issue(store, at)
    second = _issue(store, at + timedelta(minutes=1))
    green = _issue(store, at + timedelta(minutes=2), priority="green")
    booked = _issue(store, at + timedelta(minutes=3), priority="appointment", appointment_id="YY1")
    late = _issue(store, at + timedelta(minutes=4))
    marked = hall.act_local(store, late.id, "green", window=3, terminal=T, at=at)[0]
    assert marked.priority == "green"
    expected = [green, booked, marked, first, second]
    shown = hall.waiting(store.conn, window=3, groups=["A"], day=hall.day_of(at))
    assert [t.ticket_no for t in shown] == [t.ticket_no for t in expected]
    assert sorted(shown, key=hall.sort_key) == shown  # the SQL order and sort_key agree
    called = [_call(store, at + timedelta(minutes=10 + i)) for i in range(5)]
    assert [t.ticket_no for t in called if t] == [t.ticket_no for t in expected]
    assert _call(store, at + timedelta(minutes=20)) is None


def test_skip_call_again_and_the_recently_called_list(store: Store, at: datetime) -> None:
    a, b = _issue(store, at), _issue(store, at + timedelta(seconds=1))
    assert _call(store, at) == hall.get(store.conn, a.id)
    missed, _ = hall.act_local(store, a.id, "skip", window=3, terminal=T, at=at)
    assert missed.state == "missed"
    again, call = hall.act_local(store, a.id, "recall", window=3, terminal=T, at=at)
    assert again.state == "called" and call is not None and call.nth == 2
    assert call.announcement() == f"请 {a.ticket_no} 号到 3 号窗口"
    assert call.announcement("en") == f"Number {a.ticket_no}, please go to window 3"
    # Calling the next citizen closes what the window had.
    found = hall.call_next_local(store, window=3, groups=["A"], terminal=T, at=at)
    assert found is not None and found[0].id == b.id and [t.id for t in found[2]] == [a.id]
    hall.act_local(store, b.id, "skip", window=3, terminal=T, at=at)
    recent = hall.recently_called(store.conn, 3, hall.day_of(at))
    assert [(t.ticket_no, t.state) for t in recent] == [
        (b.ticket_no, "missed"),
        (a.ticket_no, "done"),
    ]
    assert [c.ticket_no for c in hall.recent_calls(store.conn)] == [
        a.ticket_no,
        a.ticket_no,
        b.ticket_no,
    ]
    assert hall.counts(store.conn, hall.day_of(at)) == {"A": {"done": 1, "missed": 1}}


def test_refusals_name_the_ticket_and_change_nothing(store: Store, at: datetime) -> None:
    t = _issue(store, at)
    before = journal.verify(store.conn).count
    with pytest.raises(hall.QueueError) as e:
        hall.act_local(store, t.id, "skip", window=3, terminal=T, at=at)
    assert e.value.msg_id == "queue.refused.skip" and t.ticket_no in e.value.text()
    _call(store, at)
    with pytest.raises(hall.QueueError) as e:
        hall.act_local(store, t.id, "finish", window=4, terminal=T, at=at)
    assert e.value.msg_id == "queue.not_your_window"
    with pytest.raises(hall.QueueError):
        hall.act_local(store, t.id, "transfer", window=3, terminal=T, at=at)  # to where?
    assert hall.get(store.conn, t.id).state == "called"
    assert journal.verify(store.conn).count == before + 1  # the call, and nothing else


def test_a_transfer_waits_at_its_target_keeping_its_place(store: Store, at: datetime) -> None:
    a = _issue(store, at)
    b = _issue(store, at + timedelta(minutes=1))
    _call(store, at + timedelta(minutes=2))
    moved, _ = hall.act_local(store, a.id, "transfer", window=3, terminal=T, at=at, to_window=5)
    assert (moved.state, moved.window, moved.target_window) == ("transferred", None, 5)
    # Window 5 (whatever groups it calls) gets it before anything issued after it.
    found = hall.call_next_local(store, window=5, groups=["B"], terminal=T, at=at)
    assert found is not None and found[0].id == a.id
    assert _call(store, at + timedelta(minutes=3)) == hall.get(store.conn, b.id)


def test_offline_only_own_tickets_are_called_and_handing_over_is_final(
    store: Store, at: datetime
) -> None:
    # A ticket of the portal's, mirrored here, is never called offline.
    portal_ticket = {
        "ticket_id": "p-1",
        "ticket_no": "A001",
        "day": hall.day_of(at),
        "group": "A",
        "priority": "green",
        "state": "waiting",
        "issued_at": "2026-11-26T08:00:00+08:00",
        "order": 0.0,
        "calls": 0,
        "seq": 5,
    }
    with store.write():
        hall.mirror(store.conn, portal_ticket)
    own = _issue(store, at)
    assert _call(store, at) == hall.get(store.conn, own.id)
    assert _call(store, at) is None  # A001 waits for the portal
    later = _issue(store, at + timedelta(minutes=1))
    assert hall.hand_over(store, terminal=T, at=at + timedelta(minutes=5)) == 2
    assert _call(store, at + timedelta(minutes=6)) is None  # handed over: the portal's now
    bodies = dict(
        store.conn.execute(
            "SELECT idempotency_key, body FROM outbox WHERE kind = 'queue.merge'"
        ).fetchall()
    )
    snapshot = json.loads(bodies[later.id])
    assert snapshot["ticket_no"] == later.ticket_no and snapshot["age_seconds"] == 240
    with pytest.raises(sqlite3.IntegrityError), store.write():
        store.conn.execute("UPDATE queue_tickets SET handed_over = 0 WHERE id = ?", (own.id,))
    # A change to a ticket the portal owns goes into the outbox with the change itself.
    hall.act_local(store, own.id, "finish", window=3, terminal=T, at=at)
    actions = store.conn.execute("SELECT body FROM outbox WHERE kind = 'queue.action'").fetchall()
    assert [json.loads(r[0])["action"] for r in actions] == ["finish"]


def test_the_portals_state_is_taken_only_when_newer(store: Store, at: datetime) -> None:
    data = {
        "ticket_id": "p-2",
        "ticket_no": "B001",
        "day": hall.day_of(at),
        "group": "B",
        "priority": "normal",
        "state": "waiting",
        "issued_at": "x",
        "order": 1.0,
        "seq": 10,
    }
    with store.write():
        assert hall.mirror(store.conn, data) is not None
        assert hall.mirror(store.conn, data | {"state": "called", "seq": 9}) is None
        assert hall.mirror(store.conn, data | {"state": "called", "window": 2, "seq": 11})
    assert hall.get(store.conn, "p-2").state == "called"
    # A change made here and not yet sent holds the ticket until the portal answers it.
    hall.act_local(store, "p-2", "skip", window=2, terminal=T, at=at)
    with store.write():
        assert hall.mirror(store.conn, data | {"state": "done", "seq": 12}) is None
        assert hall.mirror(store.conn, data | {"state": "missed", "seq": 13}, force=True)


def test_journal_holds_ticket_numbers_and_no_person(store: Store, at: datetime) -> None:
    t = _issue(store, at, priority="appointment", appointment_id="YY-SECRET", intake_code="X-GA-1")
    _call(store, at)
    hall.act_local(store, t.id, "skip", window=3, terminal=T, at=at)
    entries = [e for e in journal.recent(store.conn, 10) if e.action.startswith("queue.")]
    assert [e.action for e in entries] == ["queue.skip", "queue.called", "queue.issued"]
    assert {e.subject for e in entries} == {t.ticket_no}
    assert "YY-SECRET" not in json.dumps([e.details for e in entries])
    assert journal.verify(store.conn).ok


def test_v5_upgrades_a_v4_store_and_guards_its_tables(tmp_path: Path, at: datetime) -> None:
    path = tmp_path / "v4.db"
    old = open_store(path, target=4, create=True)
    with old.write():
        old.conn.execute(
            "INSERT INTO tickets (ticket_no, hall, state, issued_at, portal_seq, updated_at)"
            " VALUES ('A001', 'h', 'waiting', 'x', 1, 'x')"
        )
    old.close()
    store = open_store(path)
    assert store.schema_version() == migrations.LATEST >= 5
    assert store.conn.execute("SELECT count(*) FROM tickets").fetchone()[0] == 1  # kept as it was
    t = _issue(store, at)
    _call(store, at)
    for sql in (
        f"UPDATE queue_tickets SET ticket_no = 'A3-999' WHERE id = '{t.id}'",
        "UPDATE queue_calls SET window_no = 9",
        "DELETE FROM queue_calls",
        "UPDATE queue_counters SET last = 0",
    ):
        with pytest.raises(sqlite3.IntegrityError), store.write():
            store.conn.execute(sql)
    store.close()
