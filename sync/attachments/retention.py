"""Retention: a file leaves this terminal only once the portal confirmed it and the days kept
have passed (``attachments_keep_days``); ``tongban doctor`` says how much space the files
take and what still waits.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from terminal import journal
from terminal.attachments import files
from terminal.clock import stamp
from terminal.store import Store


def sweep(store: Store, folder: Path, *, keep_days: int, terminal: str, at: datetime) -> int:
    """Delete the local copies confirmed more than ``keep_days`` ago; the count deleted.
    The file goes first, its mark after: a kill between leaves a mark to write again,
    never a mark on a file still there."""
    cutoff = stamp(at - timedelta(days=keep_days))
    rows = store.conn.execute(
        "SELECT sha256 FROM attachment_uploads INDEXED BY attachment_uploads_kept"
        " WHERE state = 'confirmed'"
        " AND removed_at IS NULL AND confirmed_at <= ? ORDER BY confirmed_at",
        (cutoff,),
    ).fetchall()
    if not rows:
        return 0
    freed = sum(files.remove_file(folder, r[0]) for r in rows)
    with store.write():
        store.conn.executemany(
            "UPDATE attachment_uploads SET removed_at = ? WHERE sha256 = ?",
            [(stamp(at), r[0]) for r in rows],
        )
        journal.append(
            store.conn,
            at=at,
            actor="sync",
            terminal=terminal,
            action="attachments.removed",
            subject="attachments",
            details={"count": len(rows), "bytes": freed, "keep_days": keep_days},
        )
    return len(rows)


# A file the portal refused (signed, for what it is) this many times is no longer offered
# every pass: each refusal costs its bytes again, for ever. It waits for a person (doctor
# warns, the journal says which file and why) or for a new capture of the same bytes.
MAX_REFUSALS = 5


@dataclass(frozen=True)
class Space:
    files: int  # on disk
    bytes: int
    waiting: int  # not yet confirmed by the portal
    waiting_bytes: int
    kept: int  # confirmed, kept until their days have passed
    kept_bytes: int
    lost: int  # listed by a case, not on this terminal: never sent
    refused: int = 0  # refused by the portal MAX_REFUSALS times: no longer offered


def space(conn: sqlite3.Connection, folder: Path) -> Space:
    on_disk = list(files.stored(folder))
    state = {
        r[0]: (r[1], r[2])
        for r in conn.execute(
            "SELECT state, count(*), coalesce(sum(size), 0) FROM attachment_uploads"
            " WHERE removed_at IS NULL GROUP BY state"
        )
    }
    pending, confirmed, lost = (state.get(s, (0, 0)) for s in ("pending", "confirmed", "lost"))
    return Space(
        len(on_disk),
        sum(size for _, size in on_disk),
        pending[0],
        pending[1],
        confirmed[0],
        confirmed[1],
        lost[0],
        conn.execute(
            "SELECT count(*) FROM attachment_uploads WHERE state = 'pending' AND attempts >= ?",
            (MAX_REFUSALS,),
        ).fetchone()[0],
    )
