"""Schema v3: Portal sync: refusal reasons on outbox rows, cursors, link state, and what the portal sends down.

Shipped: never edit it; add the next version (terminal/migrations.py runs them).
"""

from __future__ import annotations

from terminal.schema.script import Script


def v3_sync(conn: Script) -> None:
    conn.executescript(
        """
        -- A refused row keeps, beside its body, why: the reason a clerk reads (a message id
        -- and its parameters, as JSON) and the portal's own problem document for IT.
        ALTER TABLE outbox ADD COLUMN reason TEXT;
        ALTER TABLE outbox ADD COLUMN problem TEXT;
        ALTER TABLE outbox ADD COLUMN quarantined_at TEXT;
        -- Sent is final: a row the portal acknowledged is never queued again.
        CREATE TRIGGER outbox_sent_is_final BEFORE UPDATE OF state ON outbox
        WHEN OLD.state = 'sent' AND NEW.state != 'sent'
        BEGIN SELECT RAISE(ABORT, 'a sent outbox row stays sent'); END;

        -- Link facts (online, offline since, last success, clock skew, enrolment): JSON values.
        CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        -- The portal's sequence number already applied, per feed; it only moves forward.
        CREATE TABLE sync_cursors (
            feed TEXT PRIMARY KEY,
            last_seq INTEGER NOT NULL CHECK (last_seq >= 0),
            updated_at TEXT NOT NULL
        );
        CREATE TRIGGER sync_cursor_forward BEFORE UPDATE OF last_seq ON sync_cursors
        WHEN NEW.last_seq < OLD.last_seq
        BEGIN SELECT RAISE(ABORT, 'a sync cursor never moves back'); END;

        -- Booked online, shown in the hall queue.
        CREATE TABLE appointments (
            id TEXT PRIMARY KEY,
            hall TEXT NOT NULL,
            intake_code TEXT NOT NULL,
            slot_start TEXT NOT NULL,
            slot_end TEXT NOT NULL,
            applicant_name TEXT NOT NULL,
            id_number TEXT NOT NULL,
            state TEXT NOT NULL,
            portal_seq INTEGER NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX appointments_by_slot ON appointments (slot_start);
        CREATE INDEX appointments_by_id_number ON appointments (id_number);
        CREATE TABLE tickets (
            ticket_no TEXT PRIMARY KEY,
            hall TEXT NOT NULL,
            intake_code TEXT,
            appointment_id TEXT,
            state TEXT NOT NULL,
            issued_at TEXT NOT NULL,
            portal_seq INTEGER NOT NULL,
            updated_at TEXT NOT NULL
        );
        -- Catalogue versions the portal published (applying one is the catalogue's business).
        CREATE TABLE portal_catalogues (
            version TEXT PRIMARY KEY,
            published_at TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            portal_seq INTEGER NOT NULL
        );
        -- E-certificates the portal confirmed for a citizen and a material (材料通).
        CREATE TABLE ecert_hits (
            id_number TEXT NOT NULL,
            material TEXT NOT NULL,
            cert_no TEXT NOT NULL,
            title TEXT NOT NULL,
            issuer TEXT NOT NULL,
            valid_until TEXT,
            looked_up_at TEXT NOT NULL,
            PRIMARY KEY (id_number, material, cert_no)
        );
        """
    )
