"""The reference portal's calls for help from kiosks: raised, answered by a window, done.

Each change goes into the hall's feed (``queue.help``) in the same transaction, so every
clerk's queue panel hears it with the calls (the ``queue`` topic), and the kiosk that
raised it learns which window is coming. Kept under the Idempotency-Key like every
queue operation: a repeat learns what was decided.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from typing import Any

from sync.portal import feed
from sync.portal.auth import Terminal
from sync.portal.problems import Problem
from sync.portal.queue import _invalid, _once, _window, bind_window
from terminal import hall as q
from terminal.clock import CHINA, stamp
from terminal.hall.help import HELP_ACTIONS, HELP_FORMAT, SHOWN_MINUTES

PLACE_MAX = 60  # "大厅入口左侧自助机": a line on a panel, not a letter
_WIRE = (
    "id AS help_id, hall, day, place, raised_by, raised_at, state, window_no AS window,"
    " answered_at, seq"
)


def _wired(conn: sqlite3.Connection, help_id: str) -> dict[str, Any] | None:
    row = conn.execute(f"SELECT {_WIRE} FROM queue_help WHERE id = ?", (help_id,)).fetchone()
    return dict(row) if row is not None else None


def _emit(conn: sqlite3.Connection, help_id: str, now: float) -> dict[str, Any]:
    data = _wired(conn, help_id)
    assert data is not None
    data.pop("seq")
    seq = feed.emit(conn, "queue.help", feed.for_hall(data["hall"]), data, now)
    conn.execute("UPDATE queue_help SET seq = ? WHERE id = ?", (seq, help_id))
    return data | {"seq": seq}


def raise_help(
    conn: sqlite3.Connection, who: Terminal, key: str, body: Any, now: float
) -> tuple[int, dict[str, Any], bool]:
    """A kiosk asks for a clerk; the call's id (the key) was minted by the kiosk.

    A kiosk whose call is still open (nobody answered yet) is given that call again, not a new
    one: a citizen pressing 呼叫 again (or the next citizen after a start over) is still one
    person waiting at one place, and fifty presses must not fill every panel. Once a window
    said it is coming, the next press is a new call: a window that forgot 已处理 must not have
    the next citizen told it is on its way."""

    def decide() -> tuple[int, dict[str, Any]]:
        if not isinstance(body, dict) or body.get("format") != HELP_FORMAT:
            raise _invalid(("format", "unknown"))
        if body.get("help_id") != key:
            raise _invalid(("help_id", "not_idempotency_key"))
        place = body.get("place")
        if not isinstance(place, str) or not 1 <= len(place.strip()) <= PLACE_MAX:
            raise _invalid(("place", "not_1_to_60_chars"))
        at = datetime.fromtimestamp(now, CHINA)
        waiting = conn.execute(
            "SELECT id FROM queue_help WHERE hall = ? AND day = ? AND raised_by = ?"
            " AND state = 'open' AND raised_at >= ? ORDER BY raised_at DESC",
            (who.hall, q.day_of(at), who.terminal_id, stamp(at - timedelta(minutes=SHOWN_MINUTES))),
        ).fetchone()
        if waiting is not None:
            found = _wired(conn, waiting[0])
            assert found is not None
            return 200, {"help": found}
        conn.execute(
            "INSERT INTO queue_help (id, hall, day, place, raised_by, raised_at, state)"
            " VALUES (?, ?, ?, ?, ?, ?, 'open')",
            (key, who.hall, q.day_of(at), place.strip(), who.terminal_id, stamp(at)),
        )
        return 201, {"help": _emit(conn, key, now)}

    return _once(conn, who, key, body, decide, now)


def answer_help(
    conn: sqlite3.Connection,
    who: Terminal,
    key: str,
    help_id: str,
    action: str,
    body: Any,
    now: float,
) -> tuple[int, dict[str, Any], bool]:
    """A window says it is coming, or that the citizen has been helped. The first window
    to say "coming" keeps the call; a second is answered with the call as it is."""

    def decide() -> tuple[int, dict[str, Any]]:
        if not isinstance(body, dict) or body.get("help_id") != help_id:
            raise _invalid(("help_id", "not_the_path"))
        if action not in HELP_ACTIONS:
            raise _invalid(("action", "unknown"))
        window = _window(body.get("window"))
        found = _wired(conn, help_id)
        if found is None or found["hall"] != who.hall:
            raise Problem("not-found")
        # Only the terminal that holds a window number today speaks for that window: the
        # kiosk tells the citizen "3 号窗口 is coming", so it must be window 3 that said so.
        at = datetime.fromtimestamp(now, CHINA)
        bind_window(conn, who.hall, q.day_of(at), window, who.terminal_id)
        if found["state"] == "done" or (action == "coming" and found["state"] == "coming"):
            return 200, {"help": found}  # another window was quicker: the panel shows which
        # "done" keeps the window that went, if one said it was coming: that is who helped.
        conn.execute(
            "UPDATE queue_help SET state = ?, window_no = coalesce(window_no, ?), answered_at = ?"
            " WHERE id = ?",
            (action, window, stamp(at), help_id),
        )
        return 200, {"help": _emit(conn, help_id, now)}

    return _once(conn, who, key, body, decide, now)
