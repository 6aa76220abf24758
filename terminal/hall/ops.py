"""Every change to the queue in the store: one transaction each, with its journal entry.

Offline a terminal numbers tickets from its own range and calls only those
(``issue_local``, ``call_next_local``); any other change (``act_local``) is made here at
once, and reaches the portal through the outbox when the ticket is the portal's. Online
the portal decides and ``apply_answer`` records what it decided.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from terminal import journal
from terminal.clock import stamp
from terminal.hall import table
from terminal.hall.model import (
    OUTBOX_MERGE,
    PRIORITIES,
    Call,
    QueueError,
    Ticket,
    action_body,
    day_of,
    merge_body,
    moved,
    offline_number,
)
from terminal.store import Store


def issue_local(
    store: Store,
    *,
    group: str,
    window: int,
    terminal: str,
    at: datetime,
    priority: str = "normal",
    intake_code: str | None = None,
    appointment_id: str | None = None,
    void: str | None = None,
    clerk: str = "",
) -> tuple[Ticket, int]:
    """Number a ticket from this window's offline range; (the ticket, people ahead of it here).

    ``void`` names a ticket the portal may have issued for a request whose answer was
    lost: its cancellation goes into the outbox in the same transaction.
    """
    if priority not in PRIORITIES:
        raise QueueError("queue.bad_priority", priority=priority)
    day = day_of(at)
    with store.write():
        conn = store.conn
        n = conn.execute(
            "INSERT INTO queue_counters (day, group_code, last) VALUES (?, ?, 1) ON CONFLICT"
            " (day, group_code) DO UPDATE SET last = last + 1 RETURNING last",
            (day, group),
        ).fetchone()[0]
        t = Ticket(
            id=str(uuid.uuid4()),
            ticket_no=offline_number(group, window, n),
            day=day,
            group=group,
            priority=priority,
            state="waiting",
            window=None,
            target_window=None,
            origin="local",
            handed_over=False,
            issued_by=terminal,
            issued_at=stamp(at),
            called_at=None,
            calls=0,
            # First come: the clock has whole seconds, so within one second the series decides.
            rank=at.timestamp() + n / 1_000_000,
            intake_code=intake_code,
            appointment_id=appointment_id,
        )
        table.insert(conn, t)
        if void:
            table.forward(conn, void, action_body("cancel", void, window), None, at)
        table.note(conn, "issue", t, terminal, at, clerk=clerk, priority=priority)
        ahead = table.ahead_of(conn, t)
    return t, ahead


def call_next_local(
    store: Store,
    *,
    window: int,
    groups: Sequence[str],
    terminal: str,
    at: datetime,
    clerk: str = "",
) -> tuple[Ticket, Call, list[Ticket]] | None:
    """Offline: call the first of this terminal's own waiting tickets, closing what the window had."""
    with store.write():
        conn = store.conn
        found = table.waiting(conn, window=window, groups=groups, day=day_of(at), own=True, limit=1)
        if not found:
            return None
        closed = [_close(conn, t, window, terminal, at, clerk) for t in table.current(conn, window)]
        first = found[0]
        t = replace(
            first,
            state="called",
            window=window,
            target_window=None,
            called_at=stamp(at),
            calls=first.calls + 1,
        )
        table.save(conn, t)
        call = _call(conn, t, at)
        table.note(conn, "call", t, terminal, at, clerk=clerk)
    return t, call, closed


def _close(conn: Any, t: Ticket, window: int, terminal: str, at: datetime, clerk: str) -> Ticket:
    """Calling the next citizen means the window is done with the one it had."""
    done = moved(t, "finish", window, at)
    table.save(conn, done)
    if t.caller == "portal":
        table.forward(conn, t.id, action_body("finish", t.id, window), None, at)
    table.note(conn, "finish", done, terminal, at, clerk=clerk)
    return done


def act_local(
    store: Store,
    ticket_id: str,
    action: str,
    *,
    window: int,
    terminal: str,
    at: datetime,
    to_window: int | None = None,
    to_group: str | None = None,
    key: str | None = None,
    clerk: str = "",
) -> tuple[Ticket, Call | None]:
    """Call again, skip, serve, finish, transfer, mark green or cancel, here and now.

    A ticket the portal owns reaches the portal through the outbox, under ``key`` when a
    direct attempt with that key may have arrived already (the portal then replays it).
    """
    with store.write():
        conn = store.conn
        before = table.get(conn, ticket_id)
        t = moved(before, action, window, at, to_window=to_window, to_group=to_group)
        table.save(conn, t)
        call = _call(conn, t, at) if action == "recall" else None
        if before.caller == "portal":
            body = action_body(action, t.id, window, to_window=to_window, to_group=to_group)
            table.forward(conn, t.id, body, key, at)
        table.note(conn, action, t, terminal, at, clerk=clerk, by=window)
    return t, call


def _call(conn: Any, t: Ticket, at: datetime) -> Call:
    data = {
        "call_id": str(uuid.uuid4()),
        "ticket_id": t.id,
        "ticket_no": t.ticket_no,
        "group": t.group,
        "window": t.window,
        "nth": t.calls,
        "called_at": stamp(at),
    }
    call = table.record_call(conn, data, "local")
    if call is None:  # a fresh uuid cannot have been heard before
        raise RuntimeError("call id collision")
    return call


def hand_over(store: Store, *, terminal: str, at: datetime, limit: int = 500) -> int:
    """Give this terminal's offline tickets to the portal: from now on only the portal calls them.

    Final on purpose: once a snapshot may be on its way, calling the ticket here as well
    could call it twice. Only run this when the portal has just answered.
    """
    with store.write():
        conn = store.conn
        own = table.select(
            conn, "origin = 'local' AND handed_over = 0", [], f"ORDER BY rank LIMIT {limit:d}"
        )
        for t in own:
            conn.execute(
                "INSERT INTO outbox (case_id, kind, idempotency_key, body, created_at)"
                " VALUES (NULL, ?, ?, ?, ?)",
                (OUTBOX_MERGE, t.id, merge_body(t, at), stamp(at)),
            )
            conn.execute("UPDATE queue_tickets SET unsent = unsent + 1 WHERE id = ?", (t.id,))
            table.save(conn, replace(t, handed_over=True))
        if own:
            journal.append(
                conn,
                at=at,
                actor="queue",
                terminal=terminal,
                action="queue.handed_over",
                subject=terminal,
                details={"count": len(own), "tickets": [t.ticket_no for t in own][:50]},
            )
    return len(own)


def apply_answer(
    store: Store,
    answer: dict[str, Any],
    action: str,
    *,
    window: int,
    terminal: str,
    at: datetime,
    clerk: str = "",
) -> tuple[Ticket | None, Call | None, list[Ticket]]:
    """The portal's answer to a direct request, with its journal entries, in one transaction."""
    with store.write():
        conn = store.conn
        closed = []
        for c in answer.get("closed") or []:
            table.mirror(conn, c, force=True)
            done = table.get(conn, c["ticket_id"])
            table.note(conn, "finish", done, terminal, at, clerk=clerk, online=True)
            closed.append(done)
        t = None
        if answer.get("ticket"):
            table.mirror(conn, answer["ticket"], force=True)
            t = table.get(conn, answer["ticket"]["ticket_id"])
            table.note(conn, action, t, terminal, at, clerk=clerk, online=True, by=window)
        call = table.record_call(conn, answer["call"], "portal") if answer.get("call") else None
    return t, call, closed
