"""The reference portal's hall queue: numbering, the one atomic call, taking offline tickets back.

Each operation runs in the caller's writing transaction, and SQLite has one writer: the
choice of the next ticket and its move to 'called' cannot interleave with another
window's, so no ticket is given to two windows. Every answer is kept under its
Idempotency-Key and replayed to a repeat, so a terminal retrying a lost answer learns
what was decided instead of calling a second ticket. Every change goes into the hall's
feed in the same transaction (``queue.ticket``, ``queue.call``).
"""

from __future__ import annotations

import json
import re
import sqlite3
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

from sync.link import protocol
from sync.portal import feed, intake
from sync.portal.auth import Terminal
from sync.portal.db import next_number
from sync.portal.problems import Problem, field_error
from terminal import hall as q
from terminal.clock import CHINA, stamp

MAX_AGE_SECONDS = 12 * 3600  # an offline ticket's claimed wait is believed up to a working day
_PREFIX = re.compile("[A-Z]")
_WIRE = (
    "id AS ticket_id, ticket_no, hall, day, group_code AS 'group', priority, state,"
    " window_no AS window, target_window, issued_by, origin, intake_code, appointment_id,"
    " issued_at, called_at, calls, rank AS 'order'"
)


def _day(now: float) -> str:
    return q.day_of(datetime.fromtimestamp(now, CHINA))


def _invalid(*errors: tuple[str, str]) -> Problem:
    return Problem("invalid-request", {"errors": [field_error(f, p) for f, p in errors]})


def _window(value: Any, name: str = "window") -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 999:
        raise _invalid((name, "not_1_to_999"))
    return value


def bind_window(conn: sqlite3.Connection, hall: str, day: str, window: int, terminal: str) -> None:
    """The first terminal to use a window number on a day keeps it that day."""
    conn.execute(
        "INSERT INTO queue_windows (hall, day, window_no, terminal_id) VALUES (?, ?, ?, ?)"
        " ON CONFLICT DO NOTHING",
        (hall, day, window, terminal),
    )
    owner = conn.execute(
        "SELECT terminal_id FROM queue_windows WHERE hall = ? AND day = ? AND window_no = ?",
        (hall, day, window),
    ).fetchone()[0]
    if owner != terminal:
        raise Problem("window-taken", window=window)


def wire(conn: sqlite3.Connection, ticket_id: str) -> dict[str, Any] | None:
    row = conn.execute(f"SELECT {_WIRE}, seq FROM queue_tickets WHERE id = ?", (ticket_id,))
    found = row.fetchone()
    return dict(found) if found else None


def emit_ticket(conn: sqlite3.Connection, ticket_id: str, now: float) -> dict[str, Any]:
    data = wire(conn, ticket_id)
    assert data is not None
    data.pop("seq")
    seq = feed.emit(conn, "queue.ticket", feed.for_hall(data["hall"]), data, now)
    conn.execute("UPDATE queue_tickets SET seq = ? WHERE id = ?", (seq, ticket_id))
    return data | {"seq": seq}


def _call(conn: sqlite3.Connection, t: dict[str, Any], by: str, now: float) -> dict[str, Any]:
    call = {k: t[k] for k in ("ticket_id", "ticket_no", "group", "window")}
    call |= {"call_id": str(uuid.uuid4()), "nth": t["calls"], "called_at": t["called_at"]}
    conn.execute(
        "INSERT INTO queue_calls (call_id, ticket_id, hall, window_no, nth, by_terminal, at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (call["call_id"], t["ticket_id"], t["hall"], t["window"], call["nth"], by, now),
    )
    feed.emit(conn, "queue.call", feed.for_hall(t["hall"]), call | {"by": by}, now)
    return call


def _ticket(d: dict[str, Any]) -> q.Ticket:
    """The portal's row as the core's ticket, so both ends apply one rule (``q.moved``)."""
    keep = ("ticket_no", "day", "group", "priority", "state", "window", "target_window")
    more = ("issued_by", "issued_at", "called_at", "calls", "intake_code", "appointment_id")
    values = {k: d[k] for k in keep + more}
    return q.Ticket(id=d["ticket_id"], origin="portal", handed_over=True, rank=d["order"], **values)


def _store(conn: sqlite3.Connection, t: q.Ticket) -> None:
    conn.execute(
        "UPDATE queue_tickets SET group_code = ?, priority = ?, state = ?, window_no = ?,"
        " target_window = ?, called_at = ?, calls = ? WHERE id = ?",
        (t.group, t.priority, t.state, t.window, t.target_window, t.called_at, t.calls, t.id),
    )


def _once(
    conn: sqlite3.Connection,
    who: Terminal,
    key: str,
    body: Any,
    decide: Callable[[], tuple[int, dict[str, Any]]],
    now: float,
) -> tuple[int, dict[str, Any], bool]:
    """The first answer to a key, kept with the change it made; replayed to every repeat."""
    request_hash = protocol.body_sha256(protocol.canonical_json(body))
    seen = intake._replay(conn, "queue", key, request_hash, who)
    if seen is not None:
        return seen[0], seen[1], True
    status, answer = decide()
    intake._remember(conn, "queue", key, request_hash, status, answer, now, who)
    return status, answer, False


def _answer(
    ticket: dict[str, Any] | None = None,
    call: dict[str, Any] | None = None,
    closed: list[dict[str, Any]] | None = None,
    ahead: int | None = None,
) -> dict[str, Any]:
    return {"ticket": ticket, "call": call, "closed": closed or [], "ahead": ahead}


def issue(
    conn: sqlite3.Connection, who: Terminal, key: str, body: Any, now: float
) -> tuple[int, dict[str, Any], bool]:
    """Number a ticket for a kiosk or a counter; its id (the key) was minted by the terminal."""

    def decide() -> tuple[int, dict[str, Any]]:
        if not isinstance(body, dict) or body.get("ticket_id") != key:
            raise _invalid(("ticket_id", "not_idempotency_key"))
        if _is_void(conn, who, key):
            # Its cancel came first (the terminal gave the citizen a paper meanwhile): a
            # number now would be a ghost that waits, is counted "ahead" and gets called.
            raise Problem("queue-refused", ticket_no="-")
        window = _window(body.get("window"))
        group, priority = body.get("group"), body.get("priority", "normal")
        if not isinstance(group, str) or not _PREFIX.fullmatch(group):
            raise _invalid(("group", "not_a_prefix"))
        if priority not in q.PRIORITIES or (priority == "appointment") != bool(
            body.get("appointment_id")
        ):
            raise _invalid(("priority", "not_allowed"))
        bind_window(conn, who.hall, _day(now), window, who.terminal_id)
        ticket = new_ticket(conn, who.hall, group, priority, body, who.terminal_id, now)
        return 201, _answer(ticket, ahead=ahead_of(conn, ticket))

    return _once(conn, who, key, body, decide, now)


_VOID = "queue-void"  # idempotency scope: ticket ids cancelled before they were issued


def _void(conn: sqlite3.Connection, who: Terminal, ticket_id: str, now: float) -> None:
    conn.execute(
        "INSERT INTO idempotency (scope, key, request_sha256, status, response, created_at, owner)"
        " VALUES (?, ?, '', 200, '{}', ?, ?) ON CONFLICT DO NOTHING",
        (_VOID, ticket_id, now, intake.owner(who)),
    )


def _is_void(conn: sqlite3.Connection, who: Terminal, ticket_id: str) -> bool:
    row = conn.execute(
        "SELECT 1 FROM idempotency WHERE scope = ? AND key = ? AND owner = ?",
        (_VOID, ticket_id, intake.owner(who)),
    ).fetchone()
    return row is not None


def issue_online(
    conn: sqlite3.Connection,
    hall: str,
    intake_code: str | None,
    appointment_id: str | None,
    now: float,
) -> dict[str, Any]:
    """A ticket taken through the portal itself: an appointment's check-in, or the app."""
    group = q.load_groups().for_code(intake_code).prefix
    priority = "appointment" if appointment_id else "normal"
    body = {"intake_code": intake_code, "appointment_id": appointment_id}
    return new_ticket(conn, hall, group, priority, body, None, now)


def new_ticket(
    conn: sqlite3.Connection,
    hall: str,
    group: str,
    priority: str,
    body: dict[str, Any],
    issued_by: str | None,
    now: float,
) -> dict[str, Any]:
    day = _day(now)
    number = q.portal_number(group, next_number(conn, f"queue:{hall}:{day}:{group}"))
    ticket_id = body.get("ticket_id") or str(uuid.uuid4())
    conn.execute(
        "INSERT INTO queue_tickets (id, hall, day, ticket_no, group_code, priority, state,"
        " issued_by, origin, intake_code, appointment_id, issued_at, rank)"
        " VALUES (?, ?, ?, ?, ?, ?, 'waiting', ?, 'portal', ?, ?, ?, ?)",
        (
            *(ticket_id, hall, day, number, group, priority, issued_by),
            *(body.get("intake_code"), body.get("appointment_id"), feed.portal_stamp(now), now),
        ),
    )
    mark_arrived(conn, hall, body.get("appointment_id"), now)
    return emit_ticket(conn, ticket_id, now)


def mark_arrived(conn: sqlite3.Connection, hall: str, appointment_id: object, now: float) -> None:
    """A ticket was taken for a booked appointment: the citizen is in the hall. The hall's
    terminals (their list of who is still expected) and the citizen's online view learn it
    from the feed."""
    if not isinstance(appointment_id, str) or not appointment_id:
        return
    row = conn.execute(
        "SELECT data FROM appointments WHERE id = ? AND hall = ?", (appointment_id, hall)
    ).fetchone()
    if row is None:
        return
    data = json.loads(row["data"])
    if data.get("state") != "booked":
        return  # arrived already (a second ticket), or cancelled
    data["state"] = "arrived"
    conn.execute(
        "UPDATE appointments SET data = ? WHERE id = ?",
        (json.dumps(data, ensure_ascii=False), appointment_id),
    )
    feed.emit(conn, "appointment", feed.for_hall(hall), data, now)


def ahead_of(conn: sqlite3.Connection, t: dict[str, Any]) -> int:
    first = 1 if t["priority"] == "normal" else 0
    return int(
        conn.execute(
            "SELECT count(*) FROM queue_tickets WHERE hall = ? AND day = ? AND group_code = ?"
            " AND state IN ('waiting', 'transferred') AND target_window IS NULL AND id != ?"
            " AND (CASE priority WHEN 'normal' THEN 1 ELSE 0 END < ?"
            " OR (CASE priority WHEN 'normal' THEN 1 ELSE 0 END = ? AND rank <= ?))",
            (t["hall"], t["day"], t["group"], t["ticket_id"], first, first, t["order"]),
        ).fetchone()[0]
    )


def call_next(
    conn: sqlite3.Connection, who: Terminal, key: str, path_window: str, body: Any, now: float
) -> tuple[int, dict[str, Any], bool]:
    """Give the window the first waiting ticket of its groups, and close what it had."""
    window = _window(int(path_window))

    def decide() -> tuple[int, dict[str, Any]]:
        groups = body.get("groups") if isinstance(body, dict) else None
        if not isinstance(groups, list) or not all(
            isinstance(g, str) and _PREFIX.fullmatch(g) for g in groups
        ):
            raise _invalid(("groups", "not_prefixes"))
        day = _day(now)
        bind_window(conn, who.hall, day, window, who.terminal_id)
        marks = ",".join("?" * len(groups)) or "NULL"
        row = conn.execute(
            "SELECT id FROM queue_tickets WHERE hall = ? AND day = ?"
            " AND state IN ('waiting', 'transferred') AND (target_window = ?"
            f" OR (target_window IS NULL AND group_code IN ({marks})))"
            f" ORDER BY {q.ORDER_SQL} LIMIT 1",
            (who.hall, day, window, *groups),
        ).fetchone()
        if row is None:
            return 200, _answer()
        at = datetime.fromtimestamp(now, CHINA)
        closed = []
        for (held,) in conn.execute(
            "SELECT id FROM queue_tickets WHERE hall = ? AND window_no = ?"
            " AND state IN ('called', 'serving')",
            (who.hall, window),
        ).fetchall():
            _store(conn, replace(_ticket(_wired(conn, held)), state="done"))
            closed.append(emit_ticket(conn, held, now))
        first = _ticket(_wired(conn, row[0]))
        called = replace(first, state="called", window=window, target_window=None)
        _store(conn, replace(called, called_at=stamp(at), calls=first.calls + 1))
        ticket = emit_ticket(conn, first.id, now)
        return 200, _answer(ticket, _call(conn, ticket, who.terminal_id, now), closed)

    return _once(conn, who, key, body, decide, now)


def _wired(conn: sqlite3.Connection, ticket_id: str) -> dict[str, Any]:
    found = wire(conn, ticket_id)
    assert found is not None
    return found


def act(
    conn: sqlite3.Connection,
    who: Terminal,
    key: str,
    ticket_id: str,
    action: str,
    body: Any,
    now: float,
) -> tuple[int, dict[str, Any], bool]:
    """Call again, skip, serve, finish, transfer, mark green or cancel one ticket."""

    def decide() -> tuple[int, dict[str, Any]]:
        if not isinstance(body, dict) or body.get("action") != action:
            raise _invalid(("action", "not_the_path"))
        if body.get("ticket_id") != ticket_id:
            raise _invalid(("ticket_id", "not_the_path"))
        window = _window(body.get("window"))
        to_window = body.get("to_window")
        to_group = body.get("to_group")
        if to_window is not None:
            _window(to_window, "to_window")
        if to_group is not None and not (isinstance(to_group, str) and _PREFIX.fullmatch(to_group)):
            raise _invalid(("to_group", "not_a_prefix"))
        found = wire(conn, ticket_id)
        if found is None or found["hall"] != who.hall:
            if action == "cancel":
                # Never issued, or not yet: an issue held up on the way may still come after
                # its cancel. The id is remembered as void, so that issue numbers nothing.
                _void(conn, who, ticket_id, now)
                return 200, _answer()
            raise Problem("unknown-ticket", ticket=ticket_id)
        before = _ticket(found)
        if action == "cancel" and before.state not in q.ACTIONS["cancel"][0]:
            return 200, _answer(found)  # called already: nothing to undo, the window sees to it
        at = datetime.fromtimestamp(now, CHINA)
        try:
            after = q.moved(before, action, window, at, to_window=to_window, to_group=to_group)
        except q.QueueError as e:
            name = "not-your-window" if e.msg_id == "queue.not_your_window" else "queue-refused"
            raise Problem(name, {"ticket": found}, ticket_no=before.ticket_no) from None
        _store(conn, after)
        ticket = emit_ticket(conn, ticket_id, now)
        call = _call(conn, ticket, who.terminal_id, now) if action == "recall" else None
        return 200, _answer(ticket, call)

    return _once(conn, who, key, body, decide, now)


def public_status(conn: sqlite3.Connection, ticket_id: str) -> dict[str, Any]:
    """What the citizen's phone shows after scanning the ticket's QR code: no signature is
    asked (the ticket id is an unguessable UUID, and a ticket holds nothing personal)."""
    t = wire(conn, ticket_id)
    if t is None:
        raise Problem("ticket-not-found")
    waiting = t["state"] in ("waiting", "transferred")
    return {
        "ticket_no": t["ticket_no"],
        "day": t["day"],
        "state": t["state"],
        "window": t["window"],
        "ahead": ahead_of(conn, t) if waiting else 0,
    }
