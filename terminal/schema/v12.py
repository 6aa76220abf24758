"""Schema v12: 差评 follow-ups (差评整改, issue 17).

A rating at a low level opens a follow-up in the rating's own transaction (terminal/
followups.py). One row per follow-up, its state and the facts of each step: what was done
(整改), whether the citizen was reached again and how (回访), who closed it. No name, no ID
number, no telephone: the supervisor needs the case, not the person.

``origin`` 'local': opened on this terminal (its outbox sends it); 'portal': learnt from the
hall's feed (another terminal of the hall opened it). ``portal_seq``: the feed entry that
last wrote the row, so an older entry never undoes a newer one.

Shipped: never edit it; add the next version (terminal/migrations.py runs them).
"""

from __future__ import annotations

from terminal.schema.script import Script


def v12_followups(conn: Script) -> None:
    conn.executescript(
        """
        CREATE TABLE followups (
            id TEXT PRIMARY KEY,
            rating_id TEXT NOT NULL UNIQUE,
            case_id TEXT NOT NULL,
            receipt_no TEXT NOT NULL,
            service TEXT NOT NULL DEFAULT '',
            level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
            reason TEXT NOT NULL DEFAULT '',
            comment TEXT NOT NULL DEFAULT '',
            opened_at TEXT NOT NULL,
            due_date TEXT NOT NULL,
            state TEXT NOT NULL
                CHECK (state IN ('open', 'rectified', 'revisited', 'closed')),
            rectified_note TEXT,
            rectified_by TEXT,
            rectified_at TEXT,
            revisit_reached INTEGER,
            revisit_satisfied INTEGER,
            revisit_how TEXT,
            revisit_note TEXT,
            revisited_by TEXT,
            revisited_at TEXT,
            closed_by TEXT,
            closed_at TEXT,
            origin TEXT NOT NULL CHECK (origin IN ('local', 'portal')),
            portal_seq INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX followups_open ON followups (state, due_date);
        CREATE INDEX followups_by_case ON followups (case_id);
        CREATE TRIGGER followups_kept BEFORE DELETE ON followups
        BEGIN SELECT RAISE(ABORT, 'follow-ups are kept'); END;
        """
    )
