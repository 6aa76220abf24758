"""A counter's events on its cases (terminal/case_events.py) on their way to the portal.

An event goes only once the portal has the case itself, and after the case's earlier events:
a correction never overtakes the return it corrects. A quarantined event holds back the
case's later ones until a person releases it (the portal refused the order of things, and a
later event would be judged on a state the portal does not have).
"""

from __future__ import annotations

import sqlite3

from sync.cases.outbox import Row
from terminal.case_events import OUTBOX_CASE_EVENT
from terminal.casebook import OUTBOX_CASE_PUSH


def ready(conn: sqlite3.Connection, limit: int) -> list[Row]:
    rows = conn.execute(
        "SELECT e.id, e.case_id, e.kind, e.idempotency_key, e.body, e.attempts FROM outbox e"
        " WHERE e.state = 'pending' AND e.kind = ?"
        " AND EXISTS (SELECT 1 FROM outbox c WHERE c.case_id = e.case_id AND c.kind = ?"
        " AND c.state = 'sent')"
        " AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.case_id = e.case_id AND p.kind = ?"
        " AND p.id < e.id AND p.state != 'sent')"
        " ORDER BY e.id LIMIT ?",
        (OUTBOX_CASE_EVENT, OUTBOX_CASE_PUSH, OUTBOX_CASE_EVENT, limit),
    ).fetchall()
    return [Row(r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows]
