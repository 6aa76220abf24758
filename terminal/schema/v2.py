"""Schema v2: Cases, their outbox rows, drafts, print jobs, and the per-terminal receipt counter.

Shipped: never edit it; add the next version (terminal/migrations.py runs them).
"""

from __future__ import annotations

from terminal.schema.script import Script


def v2_cases(conn: Script) -> None:
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
