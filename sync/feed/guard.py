"""One feed entry the terminal cannot apply must not stop the feed: it is rolled back to
its savepoint and journaled (its kind and the error's type, no data), and the page goes on."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime
from typing import Any

from terminal import journal
from terminal.i18n import TongbanError

_ENTRY_FAULTS = (sqlite3.IntegrityError, ValueError, KeyError, TypeError, TongbanError)


def apply_guarded(
    conn: sqlite3.Connection,
    change: dict[str, Any],
    apply: Callable[[], None],
    *,
    terminal: str,
    at: datetime,
) -> bool:
    """``apply()`` inside a savepoint of the caller's transaction; False when it was refused."""
    conn.execute("SAVEPOINT change")
    try:
        apply()
    except _ENTRY_FAULTS as e:
        conn.execute("ROLLBACK TO change")
        journal.append(
            conn,
            at=at,
            actor="portal",
            terminal=terminal,
            action="sync.change_failed",
            subject=str(change.get("seq")),
            details={"kind": str(change.get("kind")), "error": type(e).__name__},
        )
        conn.execute("RELEASE change")
        return False
    conn.execute("RELEASE change")
    return True
