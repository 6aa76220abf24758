"""Schema v5: The hall queue: tickets numbered here or by the portal, the calls heard, offline counters.

The v3 ``tickets`` table stays as it was (it mirrors the portal's older ``ticket``
feed entries, keyed by number alone, which repeats every day); the queue has its own
table keyed by a ticket id, with the number unique per day.

Shipped: never edit it; add the next version (terminal/migrations.py runs them).
"""

from __future__ import annotations

from terminal.schema.script import Script


def v5_queue(conn: Script) -> None:
    conn.executescript(
        """
        CREATE TABLE queue_tickets (
            id TEXT PRIMARY KEY,
            ticket_no TEXT NOT NULL,
            day TEXT NOT NULL,
            group_code TEXT NOT NULL,
            priority TEXT NOT NULL CHECK (priority IN ('appointment', 'green', 'normal')),
            state TEXT NOT NULL CHECK (state IN ('waiting', 'called', 'serving', 'done', 'missed',
                                                 'transferred', 'cancelled')),
            window_no INTEGER,
            target_window INTEGER,
            origin TEXT NOT NULL CHECK (origin IN ('local', 'portal')),
            handed_over INTEGER NOT NULL DEFAULT 0,
            issued_by TEXT,
            issued_at TEXT NOT NULL,
            called_at TEXT,
            calls INTEGER NOT NULL DEFAULT 0,
            rank REAL NOT NULL,
            intake_code TEXT,
            appointment_id TEXT,
            portal_seq INTEGER NOT NULL DEFAULT 0,
            unsent INTEGER NOT NULL DEFAULT 0,
            change_no INTEGER NOT NULL,
            UNIQUE (day, ticket_no)
        );
        CREATE INDEX queue_tickets_waiting ON queue_tickets (day, state, group_code);
        CREATE INDEX queue_tickets_by_window ON queue_tickets (window_no, state);
        CREATE INDEX queue_tickets_by_change ON queue_tickets (change_no);
        CREATE INDEX queue_tickets_own ON queue_tickets (origin, handed_over);
        -- A ticket keeps its id, number, day and origin; one handed to the portal stays handed.
        CREATE TRIGGER queue_ticket_identity BEFORE UPDATE OF id, ticket_no, day, origin ON queue_tickets
        WHEN NEW.id IS NOT OLD.id OR NEW.ticket_no IS NOT OLD.ticket_no OR NEW.day IS NOT OLD.day
             OR NEW.origin IS NOT OLD.origin
        BEGIN SELECT RAISE(ABORT, 'a ticket keeps its number'); END;
        CREATE TRIGGER queue_handover_final BEFORE UPDATE OF handed_over ON queue_tickets
        WHEN OLD.handed_over = 1 AND NEW.handed_over = 0
        BEGIN SELECT RAISE(ABORT, 'a ticket handed to the portal stays handed over'); END;
        -- Every call heard in the hall (by the portal's feed, or made here offline), once.
        CREATE TABLE queue_calls (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            call_id TEXT NOT NULL UNIQUE,
            ticket_id TEXT NOT NULL,
            ticket_no TEXT NOT NULL,
            group_code TEXT NOT NULL,
            window_no INTEGER NOT NULL,
            nth INTEGER NOT NULL,
            origin TEXT NOT NULL CHECK (origin IN ('local', 'portal')),
            called_at TEXT NOT NULL
        );
        CREATE TRIGGER queue_calls_no_update BEFORE UPDATE ON queue_calls
        BEGIN SELECT RAISE(ABORT, 'a call is not changed'); END;
        CREATE TRIGGER queue_calls_no_delete BEFORE DELETE ON queue_calls
        BEGIN SELECT RAISE(ABORT, 'calls are kept'); END;
        -- The offline series of each group, per day: it only counts up, so no number repeats.
        CREATE TABLE queue_counters (
            day TEXT NOT NULL,
            group_code TEXT NOT NULL,
            last INTEGER NOT NULL,
            PRIMARY KEY (day, group_code)
        );
        CREATE TRIGGER queue_counter_forward BEFORE UPDATE OF last ON queue_counters
        WHEN NEW.last <= OLD.last
        BEGIN SELECT RAISE(ABORT, 'an offline ticket counter only counts up'); END;
        """
    )
