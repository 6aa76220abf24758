"""Calls for help (呼叫工作人员) from a kiosk: who asked where, and which window is coming.

A kiosk raises a call with its place ("大厅入口左侧"); the portal feeds it to the hall
(``queue.help``) and every clerk's queue panel shows it until a window answers
("coming") and then closes it ("done"). The portal's state is taken as it comes, newer
over older by its ``seq``. Offline the call is kept here only (origin 'local'), shown
on the panels that read this store, and never sent later: a call that arrives late
sends a clerk to nobody. No person is named: a call holds a place and a time.

No Qt, no network: ``sync/hall/help.py`` asks the portal.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from terminal import journal
from terminal.clock import stamp
from terminal.hall.model import QueueError, day_of
from terminal.store import Store

HELP_FORMAT = "tongban.queue-help/1"
HELP_ACTIONS = ("coming", "done")
STATES = ("open", "coming", "done")
# A call nobody answered within this long is not shown any more: the citizen has gone
# to the help desk or home, and an old call would send a clerk to nobody.
SHOWN_MINUTES = 30

_COLS = "id, day, place, raised_by, raised_at, state, window_no, answered_at, origin"


@dataclass(frozen=True)
class Help:
    id: str
    day: str
    place: str
    raised_by: str
    raised_at: str
    state: str
    window_no: int | None
    answered_at: str | None
    origin: str

    @property
    def time(self) -> str:
        return self.raised_at[11:16]

    def to_json(self) -> dict[str, Any]:
        return {
            "help_id": self.id,
            "day": self.day,
            "place": self.place,
            "raised_by": self.raised_by,
            "raised_at": self.raised_at,
            "state": self.state,
            "window": self.window_no,
            "answered_at": self.answered_at,
        }


def _row(r: sqlite3.Row | tuple[Any, ...]) -> Help:
    return Help(*r)


def get(conn: sqlite3.Connection, help_id: str) -> Help | None:
    row = conn.execute(f"SELECT {_COLS} FROM queue_help WHERE id = ?", (help_id,)).fetchone()
    return _row(tuple(row)) if row is not None else None


def shown(conn: sqlite3.Connection, at: datetime) -> list[Help]:
    """Today's calls still to answer or on their way, oldest first (asked first, helped first)."""
    since = stamp(at - timedelta(minutes=SHOWN_MINUTES))
    rows = conn.execute(
        f"SELECT {_COLS} FROM queue_help WHERE day = ? AND state IN ('open', 'coming')"
        " AND raised_at >= ? ORDER BY raised_at, id",
        (day_of(at), since),
    ).fetchall()
    return [_row(tuple(r)) for r in rows]


def signature(conn: sqlite3.Connection) -> tuple[int, int]:
    """Changes when any call is raised or moves: the queue watcher's cue to re-read."""
    row = conn.execute("SELECT count(*), coalesce(sum(change_no), 0) FROM queue_help").fetchone()
    return int(row[0]), int(row[1])


def _note(conn: sqlite3.Connection, action: str, h: Help, terminal: str, at: datetime) -> None:
    journal.append(
        conn,
        at=at,
        actor="queue",
        terminal=terminal,
        action=f"queue.help.{action}",
        subject=h.place,
        details={"help_id": h.id, "window": h.window_no, "origin": h.origin},
    )


def raise_local(store: Store, help_id: str, *, place: str, terminal: str, at: datetime) -> Help:
    """Offline: the call is kept here, for the panels that read this store. A call of this
    terminal still open (unanswered) is returned instead of a new one (see the portal's); once
    a window said it is coming, the next press is a new call: a window that forgot 已处理
    must not have the next citizen told it is on its way."""
    since = stamp(at - timedelta(minutes=SHOWN_MINUTES))
    row = store.conn.execute(
        f"SELECT {_COLS} FROM queue_help WHERE day = ? AND raised_by = ?"
        " AND state = 'open' AND raised_at >= ? ORDER BY raised_at DESC",
        (day_of(at), terminal, since),
    ).fetchone()
    if row is not None:
        return _row(tuple(row))
    h = Help(help_id, day_of(at), place, terminal, stamp(at), "open", None, None, "local")
    with store.write():
        conn = store.conn
        conn.execute(
            f"INSERT INTO queue_help ({_COLS}, change_no) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
            (h.id, h.day, h.place, h.raised_by, h.raised_at, h.state, None, None, h.origin),
        )
        _note(conn, "raised", h, terminal, at)
    return h


def act_local(
    store: Store, help_id: str, action: str, *, window: int, terminal: str, at: datetime
) -> Help:
    """A window answers a call kept here (raised offline, or the portal not answering now)."""
    if action not in HELP_ACTIONS:
        raise QueueError("queue.help.unknown_action", action=action)
    with store.write():
        conn = store.conn
        h = get(conn, help_id)
        if h is None:
            raise QueueError("queue.help.not_found")
        if h.state == "done" or (action == "coming" and h.state == "coming"):
            return h  # someone was quicker: nothing to change, the panel re-reads
        conn.execute(
            "UPDATE queue_help SET state = ?, window_no = coalesce(window_no, ?), answered_at = ?,"
            " change_no = change_no + 1 WHERE id = ?",
            (action, window, stamp(at), help_id),
        )
        done = get(conn, help_id)
        assert done is not None
        _note(conn, action, done, terminal, at)
    return done


def mirror(conn: sqlite3.Connection, d: dict[str, Any]) -> Help:
    """The portal's state of a call (a feed entry or an answer); an older one changes nothing."""
    seq = int(d.get("seq", 0))
    old = conn.execute("SELECT portal_seq FROM queue_help WHERE id = ?", (d["help_id"],)).fetchone()
    if old is not None and seq and int(old[0]) >= seq:
        found = get(conn, d["help_id"])
        assert found is not None
        return found
    values = (
        d["day"],
        d["place"],
        d["raised_by"],
        d["raised_at"],
        d["state"],
        d.get("window"),
        d.get("answered_at"),
        seq,
    )
    if old is None:
        conn.execute(
            f"INSERT INTO queue_help ({_COLS}, portal_seq, change_no)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'portal', ?, 1)",
            (d["help_id"], *values),
        )
    else:
        conn.execute(
            "UPDATE queue_help SET day = ?, place = ?, raised_by = ?, raised_at = ?, state = ?,"
            " window_no = ?, answered_at = ?, portal_seq = ?, origin = 'portal',"
            " change_no = change_no + 1 WHERE id = ?",
            (*values, d["help_id"]),
        )
    h = get(conn, d["help_id"])
    assert h is not None
    return h
