"""The changes feed: everything a terminal pulls, numbered by one portal sequence.

The sequence is assigned inside the writing transaction and SQLite has one
writer at a time, so numbers become visible in order: a terminal that has
seen N has seen everything below N that it will ever be shown.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from typing import Any

from terminal.clock import CHINA

EVERYONE = "*"


def for_terminal(terminal_id: str) -> str:
    return f"terminal:{terminal_id}"


def for_hall(hall: str) -> str:
    return f"hall:{hall}"


def portal_stamp(now: float) -> str:
    return datetime.fromtimestamp(now, CHINA).isoformat(timespec="seconds")


def emit(
    conn: sqlite3.Connection, kind: str, audience: str, data: dict[str, Any], now: float
) -> int:
    row = conn.execute(
        "INSERT INTO changes (kind, audience, data, at) VALUES (?, ?, ?, ?) RETURNING seq",
        (kind, audience, json.dumps(data, ensure_ascii=False), portal_stamp(now)),
    ).fetchone()
    return int(row[0])


# A topic narrows a page to some kinds: a hall display follows the queue alone, promptly.
TOPICS = {"queue": "queue.%"}


def page(
    conn: sqlite3.Connection,
    terminal_id: str,
    hall: str,
    after: int,
    limit: int,
    topic: str | None = None,
) -> dict[str, Any]:
    """Changes for this terminal after ``after``; read inside one snapshot."""
    kinds = TOPICS[topic] if topic else "%"
    rows = conn.execute(
        "SELECT seq, kind, data, at FROM changes WHERE seq > ? AND audience IN (?, ?, ?)"
        " AND kind LIKE ? ORDER BY seq LIMIT ?",
        (after, EVERYONE, for_terminal(terminal_id), for_hall(hall), kinds, limit + 1),
    ).fetchall()
    more = len(rows) > limit
    rows = rows[:limit]
    changes = [
        {"seq": r["seq"], "kind": r["kind"], "at": r["at"], "data": json.loads(r["data"])}
        for r in rows
    ]
    if more:
        last = changes[-1]["seq"]
    else:
        # Nothing more for this terminal: skip past other terminals' numbers too. The
        # portal's real top, never the terminal's own ``after`` echoed back: a portal
        # restored from a backup is below a terminal's cursor, and the terminal must see it.
        top = conn.execute("SELECT coalesce(max(seq), 0) FROM changes").fetchone()[0]
        last = int(top)
    return {"changes": changes, "last_seq": last, "more": more}
