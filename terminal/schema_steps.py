"""The schema, version by version: each function is one shipped migration's statements.

Never edit a function that has shipped: add the next one, and list it in
terminal/migrations.py, which runs them (each in one transaction).
"""

from __future__ import annotations

import sqlite3


class Script:
    """A connection stand-in whose executescript keeps the open transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def executescript(self, script: str) -> None:
        for statement in _split(script):
            self._conn.execute(statement)

    def execute(self, sql: str, params: tuple[object, ...] = ()) -> sqlite3.Cursor:
        return self._conn.execute(sql, params)


def v1_foundation(conn: Script) -> None:
    """Terminal facts, the journal (append-only) and the clerk accounts."""
    conn.executescript(
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE journal (
            seq INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            terminal TEXT NOT NULL,
            action TEXT NOT NULL,
            subject TEXT NOT NULL,
            details TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL UNIQUE
        );
        CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
        BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
        CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
        BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
        CREATE TABLE clerks (
            username TEXT PRIMARY KEY,
            display_name TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('clerk', 'supervisor', 'admin')),
            salt BLOB NOT NULL,
            password_hash BLOB NOT NULL,
            kdf TEXT NOT NULL,
            failures INTEGER NOT NULL DEFAULT 0,
            locked_until TEXT,
            active INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL
        );
        """
    )


def v2_cases(conn: Script) -> None:
    """Cases, their outbox rows, drafts, print jobs, and the per-terminal receipt counter."""
    conn.executescript(
        """
        CREATE TABLE cases (
            id TEXT PRIMARY KEY,
            receipt_no TEXT NOT NULL UNIQUE,
            terminal_id TEXT NOT NULL,
            intake_code TEXT NOT NULL,
            bundle_code TEXT,
            services TEXT NOT NULL,
            catalogue_version TEXT NOT NULL,
            applicant_kind TEXT NOT NULL,
            applicant_name TEXT NOT NULL,
            id_number TEXT NOT NULL,
            answers TEXT NOT NULL,
            form TEXT NOT NULL,
            materials TEXT NOT NULL,
            missing TEXT NOT NULL,
            decision TEXT NOT NULL CHECK (decision IN ('accepted', 'needs_correction', 'rejected')),
            state TEXT NOT NULL,
            reason TEXT,
            legal_basis TEXT,
            received_at TEXT NOT NULL,
            due_date TEXT,
            notice_due TEXT,
            clerk TEXT NOT NULL,
            paper_fallback INTEGER NOT NULL DEFAULT 0,
            paper_receipt_no TEXT,
            portal_case_no TEXT UNIQUE,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX cases_by_id_number ON cases (id_number);
        CREATE INDEX cases_by_received ON cases (received_at);
        CREATE INDEX cases_by_state ON cases (state);
        -- A paper case is imported once: the paper receipt number is its identity.
        CREATE UNIQUE INDEX cases_by_paper_receipt ON cases (paper_receipt_no)
        WHERE paper_receipt_no IS NOT NULL;
        -- The portal's number is bound once: never changed, never unbound.
        CREATE TRIGGER cases_portal_no_once BEFORE UPDATE OF portal_case_no ON cases
        WHEN OLD.portal_case_no IS NOT NULL AND NEW.portal_case_no IS NOT OLD.portal_case_no
        BEGIN SELECT RAISE(ABORT, 'the portal case number is already bound'); END;

        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            case_id TEXT REFERENCES cases (id),
            kind TEXT NOT NULL,
            idempotency_key TEXT NOT NULL UNIQUE,
            body TEXT NOT NULL,
            created_at TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'quarantined')),
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at TEXT,
            last_error TEXT,
            sent_at TEXT
        );
        CREATE INDEX outbox_pending ON outbox (state, id);
        -- Nothing unsent can be deleted, by any command or by hand through the program.
        CREATE TRIGGER outbox_keep_unsent BEFORE DELETE ON outbox
        WHEN OLD.state != 'sent'
        BEGIN SELECT RAISE(ABORT, 'an unsent outbox row cannot be deleted'); END;
        -- The body is what the idempotency key promises: it never changes.
        CREATE TRIGGER outbox_body_fixed BEFORE UPDATE OF body, idempotency_key ON outbox
        BEGIN SELECT RAISE(ABORT, 'an outbox body never changes'); END;

        CREATE TABLE drafts (
            id TEXT PRIMARY KEY,
            terminal_id TEXT NOT NULL,
            clerk TEXT NOT NULL,
            intake_code TEXT,
            payload TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        -- Every print is a job with a life: created → sent → done | failed. Jobs are
        -- kept (history, reprints); the id is also the CUPS job title, so after a
        -- crash between "sent" and "recorded" the printer can be asked what it got.
        CREATE TABLE print_jobs (
            id TEXT PRIMARY KEY,
            case_id TEXT REFERENCES cases (id),
            document TEXT NOT NULL,
            format TEXT NOT NULL CHECK (format IN ('roll', 'a4')),
            printer TEXT NOT NULL,
            copy_of TEXT REFERENCES print_jobs (id),
            state TEXT NOT NULL CHECK (state IN ('created', 'sent', 'done', 'failed')),
            printer_job TEXT,
            error TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            clerk TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX print_jobs_by_case ON print_jobs (case_id);
        CREATE INDEX print_jobs_by_state ON print_jobs (state);
        CREATE TRIGGER print_jobs_kept BEFORE DELETE ON print_jobs
        BEGIN SELECT RAISE(ABORT, 'print jobs are kept'); END;
        CREATE TABLE receipt_counters (
            terminal_id TEXT NOT NULL,
            day TEXT NOT NULL,
            last INTEGER NOT NULL,
            PRIMARY KEY (terminal_id, day)
        );
        """
    )


def v3_sync(conn: Script) -> None:
    """Portal sync: refusal reasons on outbox rows, cursors, link state, and what the portal sends down."""
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


def v4_ratings(conn: Script) -> None:
    """好差评: one rating per case, uploaded through the outbox like a case."""
    conn.executescript(
        """
        CREATE TABLE ratings (
            id TEXT PRIMARY KEY,
            case_id TEXT NOT NULL UNIQUE REFERENCES cases (id),
            level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
            comment TEXT NOT NULL DEFAULT '',
            channel TEXT NOT NULL CHECK (channel IN ('counter', 'kiosk')),
            created_at TEXT NOT NULL
        );
        CREATE TRIGGER ratings_kept BEFORE DELETE ON ratings
        BEGIN SELECT RAISE(ABORT, 'ratings are kept'); END;
        CREATE TRIGGER ratings_fixed BEFORE UPDATE ON ratings
        BEGIN SELECT RAISE(ABORT, 'a rating is not changed'); END;
        """
    )


def v5_queue(conn: Script) -> None:
    """The hall queue: tickets numbered here or by the portal, the calls heard, offline counters.

    The v3 ``tickets`` table stays as it was (it mirrors the portal's older ``ticket``
    feed entries, keyed by number alone, which repeats every day); the queue has its own
    table keyed by a ticket id, with the number unique per day.
    """
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


def v6_hall_ratings(conn: Script) -> None:
    """好差评 at the kiosk for cases this terminal does not hold (accepted at a counter).

    ``ratings.case_id`` references a local case, and a kiosk holds none of the counters'
    cases; these rows name the portal's case id instead, found by the citizen's receipt
    and last four. The last four travel in the outbox body only, never in this table.
    """
    conn.executescript(
        """
        CREATE TABLE hall_ratings (
            id TEXT PRIMARY KEY,
            case_id TEXT NOT NULL UNIQUE,
            receipt_no TEXT NOT NULL,
            level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
            comment TEXT NOT NULL DEFAULT '',
            channel TEXT NOT NULL CHECK (channel IN ('counter', 'kiosk')),
            created_at TEXT NOT NULL
        );
        CREATE TRIGGER hall_ratings_kept BEFORE DELETE ON hall_ratings
        BEGIN SELECT RAISE(ABORT, 'ratings are kept'); END;
        CREATE TRIGGER hall_ratings_fixed BEFORE UPDATE ON hall_ratings
        BEGIN SELECT RAISE(ABORT, 'a rating is not changed'); END;
        """
    )


def v7_catalogue_documents(conn: Script) -> None:
    """The portal's catalogue versions, fetched and checked (terminal/catalogue_versions.py).

    ``state``: announced (in the feed, not fetched yet), ready (its document matched the
    announced SHA-256 and passed the catalogue's checks) or refused (``problem`` says why).
    """
    conn.executescript(
        """
        ALTER TABLE portal_catalogues ADD COLUMN state TEXT NOT NULL DEFAULT 'announced'
            CHECK (state IN ('announced', 'ready', 'refused'));
        ALTER TABLE portal_catalogues ADD COLUMN document TEXT;
        ALTER TABLE portal_catalogues ADD COLUMN problem TEXT;
        ALTER TABLE portal_catalogues ADD COLUMN settled_at TEXT;
        """
    )


def _split(script: str) -> list[str]:
    """Split at statement ends that sqlite3.complete_statement accepts (triggers hold ';')."""
    statements: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        if line.strip().startswith("--") and not buffer.strip():
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements
