"""The reference portal's calls for help from kiosks: raised, answered by a window, done.

Each change goes into the hall's feed (``queue.help``) in the same transaction, so every
clerk's queue panel hears it with the calls (the ``queue`` topic), and the kiosk that
raised it learns which window is coming. Kept under the Idempotency-Key like every
queue operation: a repeat learns what was decided.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any

from sync.portal import feed
from sync.portal.auth import Terminal
from sync.portal.problems import Problem
from sync.portal.queue import _invalid, _once, _window
from terminal import hall as q
from terminal.clock import CHINA, stamp
from terminal.hall.help import HELP_ACTIONS, HELP_FORMAT

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
    """A kiosk asks for a clerk; the call's id (the key) was minted by the kiosk."""

    def decide() -> tuple[int, dict[str, Any]]:
        if not isinstance(body, dict) or body.get("format") != HELP_FORMAT:
            raise _invalid(("format", "unknown"))
        if body.get("help_id") != key:
            raise _invalid(("help_id", "not_idempotency_key"))
        place = body.get("place")
        if not isinstance(place, str) or not 1 <= len(place.strip()) <= PLACE_MAX:
            raise _invalid(("place", "not_1_to_60_chars"))
        at = datetime.fromtimestamp(now, CHINA)
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
        if found["state"] == "done" or (action == "coming" and found["state"] == "coming"):
            return 200, {"help": found}  # another window was quicker: the panel shows which
        conn.execute(
            "UPDATE queue_help SET state = ?, window_no = ?, answered_at = ? WHERE id = ?",
            (action, window, stamp(datetime.fromtimestamp(now, CHINA)), help_id),
        )
        return 200, {"help": _emit(conn, help_id, now)}

    return _once(conn, who, key, body, decide, now)
