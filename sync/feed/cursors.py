"""Where each feed of the portal's changes was read up to (``sync_cursors``): the main pull
and the queue watcher's topic keep one each."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from terminal.clock import stamp


def cursor(conn: sqlite3.Connection, feed: str) -> int:
    row = conn.execute("SELECT last_seq FROM sync_cursors WHERE feed = ?", (feed,)).fetchone()
    return int(row[0]) if row else 0


def advance(conn: sqlite3.Connection, feed: str, last_seq: int, at: datetime) -> None:
    """Move a feed's cursor forward to ``last_seq`` (never back), in the caller's transaction."""
    conn.execute(
        "INSERT INTO sync_cursors (feed, last_seq, updated_at) VALUES (?, ?, ?)"
        " ON CONFLICT (feed) DO UPDATE SET last_seq = max(last_seq, excluded.last_seq),"
        " updated_at = excluded.updated_at",
        (feed, last_seq, stamp(at)),
    )
