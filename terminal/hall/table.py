"""The queue's rows: reading and writing tickets and calls, and taking what the portal says.

Functions here run inside the caller's transaction (``Store.write()``); ``change_no``
numbers every write to a ticket, so a listener asks "what moved since N" without a clock.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from terminal import journal
from terminal.clock import stamp
from terminal.hall.model import ORDER_SQL, OUTBOX_ACTION, Call, QueueError, Ticket
from terminal.supervision import events

_COLS = (
    "id, ticket_no, day, group_code AS 'group', priority, state, window_no AS window,"
    " target_window, origin, handed_over, issued_by, issued_at, called_at, calls, rank,"
    " intake_code, appointment_id"
)
_CALL_COLS = (
    "id, call_id, ticket_id, ticket_no, group_code AS 'group', window_no AS window, nth,"
    " origin, called_at"
)
_JOURNAL = {"issue": "queue.issued", "call": "queue.called", "recall": "queue.recalled"} | {
    a: f"queue.{a}" for a in ("skip", "serve", "finish", "transfer", "green", "cancel")
}
# The queue's actions as events (a green mark is none: it changes no step of the ticket's life).
_EVENT = {
    "issue": "taken",
    "call": "called",
    "recall": "called",
    "serve": "served_from",
    "finish": "served_to",
    "skip": "skipped",
    "transfer": "transferred",
    "cancel": "no_show",
}


def select(
    conn: sqlite3.Connection, where: str, params: Sequence[Any], tail: str = ""
) -> list[Ticket]:
    rows = conn.execute(f"SELECT {_COLS} FROM queue_tickets WHERE {where} {tail}", tuple(params))
    return [Ticket(**(dict(r) | {"handed_over": bool(r["handed_over"])})) for r in rows]


def get(conn: sqlite3.Connection, ticket_id: str) -> Ticket:
    found = select(conn, "id = ?", [ticket_id])
    if not found:
        raise QueueError("queue.no_such_ticket", ticket=ticket_id)
    return found[0]


def find(conn: sqlite3.Connection, ref: str, day: str) -> Ticket:
    """A ticket by its id, or by its number on ``day``."""
    found = select(conn, "id = ? OR (ticket_no = ? AND day = ?)", [ref, ref.upper(), day])
    if not found:
        raise QueueError("queue.no_such_ticket", ticket=ref)
    return found[0]


def _next_change(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT coalesce(max(change_no), 0) + 1 FROM queue_tickets").fetchone()
    return int(row[0])


def insert(conn: sqlite3.Connection, t: Ticket, portal_seq: int = 0) -> None:
    values = [getattr(t, f) for f in Ticket.__dataclass_fields__]
    conn.execute(
        "INSERT INTO queue_tickets (id, ticket_no, day, group_code, priority, state, window_no,"
        " target_window, origin, handed_over, issued_by, issued_at, called_at, calls, rank,"
        " intake_code, appointment_id, portal_seq, change_no) VALUES"
        f" ({', '.join('?' * (len(values) + 2))})",
        (*values, portal_seq, _next_change(conn)),
    )


def save(conn: sqlite3.Connection, t: Ticket, portal_seq: int | None = None) -> None:
    """Write what can change about a ticket (its number, day and origin never do)."""
    conn.execute(
        "UPDATE queue_tickets SET group_code = ?, priority = ?, state = ?, window_no = ?,"
        " target_window = ?, handed_over = ?, called_at = ?, calls = ?, rank = ?,"
        " portal_seq = coalesce(?, portal_seq), change_no = ? WHERE id = ?",
        (
            *(t.group, t.priority, t.state, t.window, t.target_window, int(t.handed_over)),
            *(t.called_at, t.calls, t.rank, portal_seq, _next_change(conn), t.id),
        ),
    )


def note(
    conn: sqlite3.Connection,
    action: str,
    t: Ticket,
    terminal: str,
    at: datetime,
    *,
    clerk: str = "",
    **more: Any,
) -> None:
    """The journal entry of a change (the ticket's number and group, never a person) and its
    event for the supervisor's figures (terminal/supervision/events.py), in this transaction.

    A change made here must happen in an order that can happen (else it is refused); one
    the portal decided (``online``) is kept even when the figures must leave it out.
    """
    details = {"group": t.group, "window": t.window, "online": False} | more
    if clerk:
        details["clerk"] = clerk
    journal.append(
        conn,
        at=at,
        actor="queue",
        terminal=terminal,
        action=_JOURNAL[action],
        subject=t.ticket_no,
        details=details,
    )
    kind = _EVENT.get(action)
    if kind is None:
        return
    service = t.intake_code or t.group
    window = int(more.get("by") or t.window or 0)
    if kind == "called" and not events.history(conn, t.id):
        # Taken elsewhere (the kiosk, the portal): its wait starts at its own issue time.
        issued = min(datetime.fromisoformat(t.issued_at), at)
        taken = events.Event(t.id, "taken", issued, terminal, service=service)
        events.record(conn, taken, counted=False)
    ev = events.Event(t.id, kind, at, terminal, window, clerk, service)
    events.record(conn, ev, strict=not more.get("online"))


def forward(
    conn: sqlite3.Connection, ticket_id: str, body: str, key: str | None, at: datetime
) -> None:
    """A change to a ticket the portal owns goes to it through the outbox, in this transaction."""
    conn.execute(
        "INSERT INTO outbox (case_id, kind, idempotency_key, body, created_at)"
        " VALUES (NULL, ?, ?, ?, ?)",
        (OUTBOX_ACTION, key or str(uuid.uuid4()), body, stamp(at)),
    )
    conn.execute("UPDATE queue_tickets SET unsent = unsent + 1 WHERE id = ?", (ticket_id,))


def delivered(conn: sqlite3.Connection, ticket_id: str) -> None:
    """One change to the ticket reached the portal (or was answered for good)."""
    conn.execute("UPDATE queue_tickets SET unsent = max(unsent - 1, 0) WHERE id = ?", (ticket_id,))


def mirror(conn: sqlite3.Connection, d: dict[str, Any], *, force: bool = False) -> Ticket | None:
    """Take the portal's state of a ticket (a feed entry or an answer); None if it is not news.

    An older state never overwrites a newer one; and while a change made here is still
    on its way to the portal, only the portal's answer to it (``force``) counts, so the
    clerk does not see the ticket jump back and forth.
    """
    seq = int(d["seq"])
    old = conn.execute(
        "SELECT portal_seq, unsent FROM queue_tickets WHERE id = ?", (d["ticket_id"],)
    ).fetchone()
    if old is not None and (old[0] >= seq or (old[1] and not force)):
        return None
    known = {
        "group": d["group"],
        "priority": d["priority"],
        "state": d["state"],
        "window": d.get("window"),
        "target_window": d.get("target_window"),
        "handed_over": True,
        "called_at": d.get("called_at"),
        "calls": int(d.get("calls", 0)),
        "rank": float(d["order"]),
    }
    if old is None:
        t = Ticket(
            id=d["ticket_id"],
            ticket_no=d["ticket_no"],
            day=d["day"],
            origin="portal",
            issued_by=d.get("issued_by"),
            issued_at=d["issued_at"],
            intake_code=d.get("intake_code"),
            appointment_id=d.get("appointment_id"),
            **known,
        )
        insert(conn, t, seq)
        return t
    t = Ticket(**(get(conn, d["ticket_id"]).to_json() | known))
    save(conn, t, seq)
    return t


def record_call(conn: sqlite3.Connection, d: dict[str, Any], origin: str) -> Call | None:
    """Keep a call once (by its id); None when it was heard already."""
    row = conn.execute(
        "INSERT INTO queue_calls (call_id, ticket_id, ticket_no, group_code, window_no, nth,"
        " origin, called_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (call_id) DO NOTHING RETURNING id",
        (
            *(d["call_id"], d["ticket_id"], d["ticket_no"], d["group"]),
            *(int(d["window"]), int(d["nth"]), origin, d["called_at"]),
        ),
    ).fetchone()
    if row is None:
        return None
    keys = ("call_id", "ticket_id", "ticket_no", "group", "window", "nth", "called_at")
    return Call(id=int(row[0]), origin=origin, **{k: d[k] for k in keys})


# --- what the window and the display read ----------------------------------------------


def current(conn: sqlite3.Connection, window: int) -> list[Ticket]:
    """What the window has in hand: called or being served there."""
    where = "window_no = ? AND state IN ('called', 'serving')"
    return select(conn, where, [window], "ORDER BY called_at")


def waiting(
    conn: sqlite3.Connection,
    *,
    window: int,
    groups: Sequence[str],
    day: str,
    own: bool = False,
    limit: int = -1,
) -> list[Ticket]:
    """The waiting tickets this window may be given, in calling order (``limit``: the first N).

    ``own``: only those this terminal may call offline (numbered here, not handed over).
    """
    marks = ",".join("?" * len(groups)) or "NULL"
    where = (
        "day = ? AND state IN ('waiting', 'transferred') AND (target_window = ?"
        f" OR (target_window IS NULL AND group_code IN ({marks})))"
    )
    if own:
        where += " AND origin = 'local' AND handed_over = 0"
    return select(conn, where, [day, window, *groups], f"ORDER BY {ORDER_SQL} LIMIT {int(limit)}")


def ahead_of(conn: sqlite3.Connection, t: Ticket) -> int:
    """How many waiting tickets of its group come before ``t`` in the calling order."""
    first = 1 if t.priority == "normal" else 0
    row = conn.execute(
        "SELECT count(*) FROM queue_tickets WHERE day = ? AND group_code = ? AND id != ?"
        " AND state IN ('waiting', 'transferred') AND target_window IS NULL"
        " AND (CASE priority WHEN 'normal' THEN 1 ELSE 0 END < ?"
        " OR (CASE priority WHEN 'normal' THEN 1 ELSE 0 END = ? AND rank < ?))",
        (t.day, t.group, t.id, first, first, t.rank),
    ).fetchone()
    return int(row[0])


def recently_called(
    conn: sqlite3.Connection, window: int, day: str, limit: int = 10
) -> list[Ticket]:
    """The window's recent calls, newest first; the missed ones can be called again."""
    where = "window_no = ? AND day = ? AND called_at IS NOT NULL"
    tail = f"ORDER BY called_at DESC, change_no DESC LIMIT {int(limit)}"
    return select(conn, where, [window, day], tail)


def counts(conn: sqlite3.Connection, day: str) -> dict[str, dict[str, int]]:
    """Per group, how many of the day's tickets are in each state."""
    result: dict[str, dict[str, int]] = {}
    for group, state, n in conn.execute(
        "SELECT group_code, state, count(*) FROM queue_tickets WHERE day = ? GROUP BY 1, 2",
        (day,),
    ):
        result.setdefault(group, {})[state] = n
    return result


def recent_calls(conn: sqlite3.Connection, after: int = 0, limit: int = 20) -> list[Call]:
    """Calls heard after ``after`` (a ``Call.id``), oldest first; without ``after``: the last ones."""
    if after:
        sql = f"SELECT {_CALL_COLS} FROM queue_calls WHERE id > ? ORDER BY id LIMIT ?"
        return [Call(**dict(r)) for r in conn.execute(sql, (after, limit))]
    sql = f"SELECT {_CALL_COLS} FROM queue_calls ORDER BY id DESC LIMIT ?"
    return [Call(**dict(r)) for r in reversed(conn.execute(sql, (limit,)).fetchall())]


def bookmark(conn: sqlite3.Connection) -> tuple[int, int]:
    """(last call id, last ticket change number): where a listener starts."""
    row = conn.execute(
        "SELECT (SELECT coalesce(max(id), 0) FROM queue_calls),"
        " (SELECT coalesce(max(change_no), 0) FROM queue_tickets)"
    ).fetchone()
    return int(row[0]), int(row[1])


def changed_since(
    conn: sqlite3.Connection, change_no: int, limit: int = 500
) -> tuple[list[Ticket], int]:
    """Tickets written after change ``change_no``, and the bookmark to ask from next time."""
    rows = conn.execute(
        "SELECT id, change_no FROM queue_tickets WHERE change_no > ? ORDER BY change_no LIMIT ?",
        (change_no, limit),
    ).fetchall()
    if not rows:
        return [], change_no
    ids = [r[0] for r in rows]
    found = {t.id: t for t in select(conn, f"id IN ({','.join('?' * len(ids))})", ids)}
    return [found[i] for i in ids], int(rows[-1][1])


def appointments(conn: sqlite3.Connection, day: str) -> list[dict[str, Any]]:
    """The day's booked appointments pulled from the portal (the window filters by group)."""
    rows = conn.execute(
        "SELECT id, intake_code, slot_start, slot_end, applicant_name, state FROM appointments"
        " WHERE substr(slot_start, 1, 10) = ? AND state = 'booked' ORDER BY slot_start",
        (day,),
    ).fetchall()
    return [dict(r) for r in rows]
