"""A portal restored from a backup: what it acknowledged after the backup goes again.

The portal numbers every case it takes in its change feed and says the number in
its signed answer (``seq``; in a batch answer, each item's ``receipt.seq``). When
the portal's top number is below the terminal's cursor, the portal lost
everything numbered above its top: the cases it acknowledged with those numbers
are no longer there. Each such outbox row goes back to pending (schema v9 allows
exactly this, with this reason), journaled with the answer it no longer holds to,
and is confirmed again under its own idempotency key: a portal that has the case
replays its answer, one that lost it takes it anew. Nothing doubled, nothing lost;
a different number from the restored portal is a number conflict for a person
(sync/cases/localcases.py), never a silent rebinding.

Rows whose answers carry no number (ratings, queue operations) cannot be placed
before or after the backup and are left as they are (docs/sync.md says so).
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime

from terminal import journal
from terminal.casebook import OUTBOX_CASE_PUSH
from terminal.clock import stamp
from terminal.schema.v9 import PAUSED_FEED
from terminal.store import Store

# The one reason a sent row may be pending again: schema v9's trigger names it too (a
# shipped migration keeps its own copy, never edited).
RESTORED_REASON = "sync.reason.reconfirm_restored"

# The number the portal gave each sent case row, from the signed answer that settled it.
_ACKNOWLEDGED = """
SELECT id, case_id, idempotency_key, answer_id, seq FROM (
    SELECT o.id, o.case_id, o.idempotency_key, o.answer_id,
        coalesce(json_extract(CAST(a.body AS TEXT), '$.seq'), (
            SELECT json_extract(r.value, '$.receipt.seq')
            FROM json_each(CAST(a.body AS TEXT), '$.results') AS r
            WHERE json_extract(r.value, '$.idempotency_key') = o.idempotency_key)) AS seq
    FROM outbox o JOIN portal_answers a ON a.id = o.answer_id
    WHERE o.state = 'sent' AND o.kind = ? AND json_valid(CAST(a.body AS TEXT))
) WHERE seq > ? ORDER BY id
"""


def after_restore(conn: sqlite3.Connection, portal_top: int, terminal: str, at: datetime) -> int:
    """Put back to pending every case row the portal acknowledged above ``portal_top``;
    in the caller's write transaction. Returns how many went back."""
    rows = conn.execute(_ACKNOWLEDGED, (OUTBOX_CASE_PUSH, portal_top)).fetchall()
    for outbox_id, case_id, key, answer_id, seq in rows:
        reason = {"id": RESTORED_REASON, "params": {"seq": int(seq), "portal_top": portal_top}}
        conn.execute(
            "UPDATE outbox SET state = 'pending', attempts = 0, sent_at = NULL, answer_id = NULL,"
            " last_error = ? WHERE id = ? AND state = 'sent'",
            (json.dumps(reason, ensure_ascii=False), outbox_id),
        )
        journal.append(
            conn,
            at=at,
            actor="system",
            terminal=terminal,
            action="sync.reconfirm",
            subject=case_id or key,
            details={"outbox": outbox_id, "answer": answer_id, "seq": int(seq), "top": portal_top},
        )
    return len(rows)


PAUSED = PAUSED_FEED  # the pull is paused while this row is in sync_cursors


def paused_at(conn: sqlite3.Connection) -> int | None:
    row = conn.execute("SELECT last_seq FROM sync_cursors WHERE feed = ?", (PAUSED,)).fetchone()
    return None if row is None else int(row[0])


def pause(conn: sqlite3.Connection, portal_top: int, at: datetime) -> None:
    """Remember the lowest top the portal showed below the cursor (caller's transaction)."""
    conn.execute(
        "INSERT INTO sync_cursors (feed, last_seq, updated_at) VALUES (?, ?, ?)"
        " ON CONFLICT (feed) DO UPDATE SET last_seq = min(last_seq, excluded.last_seq)",
        (PAUSED, portal_top, stamp(at)),
    )


def resume(store: Store, feed: str, *, actor: str, terminal: str, at: datetime) -> int | None:
    """IT has checked the restored portal: read its feed again from where its numbers went
    back to (every change after it is applied again, as the portal now says it). Returns
    that number, or None when the pull was not paused. Journaled."""
    with store.write():
        conn = store.conn
        top = paused_at(conn)
        if top is None:
            return None
        before = conn.execute(
            "SELECT last_seq FROM sync_cursors WHERE feed = ?", (feed,)
        ).fetchone()
        conn.execute(
            "UPDATE sync_cursors SET last_seq = ?, updated_at = ? WHERE feed = ?",
            (top, stamp(at), feed),
        )
        conn.execute("DELETE FROM sync_cursors WHERE feed = ?", (PAUSED,))
        journal.append(
            conn,
            at=at,
            actor=actor,
            terminal=terminal,
            action="sync.resumed",
            subject=feed,
            details={"from": int(before[0]) if before else 0, "to": top},
        )
    return top
